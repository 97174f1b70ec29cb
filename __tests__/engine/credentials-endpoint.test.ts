import { describe, expect, it } from '@jest/globals'
import {
  containerCredentials,
  credentialsPath,
  parseHandoff,
  processCredentials,
  renewAtMs
} from '../../src/engine/credentials-endpoint.js'

const CREDENTIALS = {
  accessKeyId: 'ASIAEXAMPLEEXAMPLE01',
  secretAccessKey: 'secret/+=',
  sessionToken: 'token',
  expiration: new Date('2026-12-02T11:00:00Z'),
  arn: 'arn:aws:sts::123456789012:assumed-role/deploy/run',
  accountId: '123456789012'
}
const HANDOFF = {
  token: 'a'.repeat(43),
  session: { ...CREDENTIALS, arn: undefined, accountId: undefined },
  roles: [{ roleArn: 'arn:aws:iam::123456789012:role/deploy', credentials: CREDENTIALS }],
  sts: { region: 'eu-central-1', retryMaxAttempts: 3 },
  request: {
    sessionName: 'run',
    durationSeconds: 3600,
    session: { tags: [], transitiveTagKeys: [], policyArns: [] }
  }
}

describe('renewAtMs', () => {
  it('renews a one-hour session 20 minutes before its end, before botocore’s 15 minutes', () => {
    const issued = Date.parse('2026-12-02T10:00:00Z')
    const at = renewAtMs(issued, CREDENTIALS.expiration)
    expect(CREDENTIALS.expiration.getTime() - at).toBe(20 * 60_000)
    expect(CREDENTIALS.expiration.getTime() - at).toBeGreaterThan(15 * 60_000)
  })

  it('scales to short sessions: a third of their life before the end', () => {
    expect(renewAtMs(0, new Date(9_000))).toBe(6_000)
  })
})

describe('parseHandoff', () => {
  it('revives the dates of a handoff sent as JSON', () => {
    const handoff = parseHandoff(JSON.stringify(HANDOFF))
    expect(handoff.session.expiration).toEqual(CREDENTIALS.expiration)
    expect(handoff.roles[0].credentials.expiration).toEqual(CREDENTIALS.expiration)
  })

  it.each([
    ['a short token', { ...HANDOFF, token: 'short' }],
    ['no session', { ...HANDOFF, session: undefined }],
    ['a session without a date', { ...HANDOFF, session: { ...HANDOFF.session, expiration: 'x' } }],
    ['no role', { ...HANDOFF, roles: [] }],
    ['no region', { ...HANDOFF, sts: {} }]
  ])('refuses %s', (_, handoff) => {
    expect(() => parseHandoff(JSON.stringify(handoff))).toThrow(/complete handoff/)
  })
})

describe('the answers', () => {
  it('has the container provider’s fields, and credential_process’s Version 1', () => {
    const container = containerCredentials(CREDENTIALS)
    expect(container).toEqual({
      AccessKeyId: CREDENTIALS.accessKeyId,
      SecretAccessKey: CREDENTIALS.secretAccessKey,
      Token: 'token',
      Expiration: '2026-12-02T11:00:00.000Z',
      AccountId: '123456789012'
    })
    expect(processCredentials(container)).toEqual({
      Version: 1,
      AccessKeyId: CREDENTIALS.accessKeyId,
      SecretAccessKey: CREDENTIALS.secretAccessKey,
      SessionToken: 'token',
      Expiration: '2026-12-02T11:00:00.000Z'
    })
  })

  it('gives the first role the plain path, the others their index', () => {
    expect([0, 1, 2].map(credentialsPath)).toEqual([
      '/credentials',
      '/credentials/1',
      '/credentials/2'
    ])
  })
})
