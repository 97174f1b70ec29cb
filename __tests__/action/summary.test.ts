import { describe, expect, it } from '@jest/globals'
import { summaryMarkdown } from '../../src/action/summary.js'
import {
  ACCESS_KEY_ID,
  DEVICE_SEED,
  SECRET_ACCESS_KEY,
  makeCredentials,
  makeSettings
} from '../helpers/fixtures.js'

const EXPIRATION = new Date('2030-01-02T03:04:05.000Z')
const credentials = makeCredentials({ expiration: EXPIRATION, accountId: '123456789012' })
const oneHourBefore = EXPIRATION.getTime() - 3_600_000

/** The summary's table as name → value, read back from the Markdown. */
function table(markdown: string): Record<string, string> {
  const rows: Record<string, string> = {}
  for (const line of markdown.split('\n')) {
    const match = /^\| ([^|]+) \| `([^`]*)` \|$/.exec(line)
    if (match) rows[match[1]] = match[2]
  }
  return rows
}

describe('summaryMarkdown', () => {
  it('says until when the credentials endpoint renews the role, with refresh-credentials', () => {
    const until = new Date('2030-01-02T09:00:00.000Z')
    const rows = table(
      summaryMarkdown(credentials, makeSettings(), oneHourBefore, {
        proof: 'code',
        renewedUntil: until
      })
    )
    expect(rows.Renewed).toBe('by the credentials endpoint until 2030-01-02T09:00:00.000Z')
    expect(table(summaryMarkdown(credentials, makeSettings(), oneHourBefore))).not.toHaveProperty(
      'Renewed'
    )
  })

  it('is a titled Markdown table', () => {
    const markdown = summaryMarkdown(credentials, makeSettings(), oneHourBefore)
    const lines = markdown.split('\n')
    expect(lines[0]).toMatch(/^### .*AWS role assumed with MFA/)
    expect(lines).toContain('|---|---|')
  })

  it('shows the role, session name, account, expiry and MFA device', () => {
    const settings = makeSettings({
      roleArn: 'arn:aws:iam::123456789012:role/deploy',
      sessionName: 'GitHubActions-4242-1',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/ci-deploy'
    })
    expect(table(summaryMarkdown(credentials, settings, oneHourBefore))).toEqual({
      Role: 'arn:aws:iam::123456789012:role/deploy',
      'Session name': 'GitHubActions-4242-1',
      Account: '123456789012',
      Expires: '2030-01-02T03:04:05.000Z (in 60 minutes)',
      'MFA device': 'ci-deploy'
    })
  })

  it.each([
    [15 * 60_000, 'in 15 minutes'],
    [12 * 3_600_000, 'in 720 minutes'],
    [149_000, 'in 2 minutes'],
    [151_000, 'in 3 minutes']
  ])('rounds %i ms to expiry to %s', (remaining, words) => {
    const markdown = summaryMarkdown(credentials, makeSettings(), EXPIRATION.getTime() - remaining)
    expect(table(markdown).Expires).toBe(`2030-01-02T03:04:05.000Z (${words})`)
  })

  it('says that MFA came from the run’s shared session, when it did', () => {
    const rows = table(
      summaryMarkdown(credentials, makeSettings(), oneHourBefore, { proof: 'shared-session' })
    )
    expect(rows.MFA).toBe('the shared MFA session of this run (no one-time code)')
    expect(rows['MFA device']).toBeUndefined()
  })

  it('says until when the session it shared lasts', () => {
    const rows = table(
      summaryMarkdown(credentials, makeSettings(), oneHourBefore, {
        proof: 'code',
        sharedUntil: EXPIRATION
      })
    )
    expect(rows['Shared MFA session']).toBe('output mfa-session, until 2030-01-02T03:04:05.000Z')
    expect(rows['MFA device']).toBe('ci-deploy')
  })

  it('names a device that has a path by its path and name', () => {
    const settings = makeSettings({ mfaSerial: 'arn:aws:iam::123456789012:mfa/ci/team-a/deploy' })
    expect(table(summaryMarkdown(credentials, settings, oneHourBefore))['MFA device']).toBe(
      'ci/team-a/deploy'
    )
  })

  it('hides the account id everywhere with mask-aws-account-id, in the role ARN too', () => {
    const settings = makeSettings({
      maskAccountId: true,
      roleArn: 'arn:aws:iam::123456789012:role/deploy',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/ci-deploy'
    })
    const markdown = summaryMarkdown(credentials, settings, oneHourBefore)
    expect(markdown).not.toContain('123456789012')
    const rows = table(markdown)
    expect(rows.Account).not.toMatch(/\d/)
    expect(rows.Role).toMatch(/^arn:aws:iam::[^:\d]+:role\/deploy$/)
  })

  it('shows the account id without mask-aws-account-id', () => {
    const settings = makeSettings({ maskAccountId: false })
    expect(table(summaryMarkdown(credentials, settings, oneHourBefore)).Account).toBe(
      '123456789012'
    )
  })

  it('shows no secret value', () => {
    const settings = makeSettings({
      baseCredentials: {
        accessKeyId: ACCESS_KEY_ID,
        secretAccessKey: SECRET_ACCESS_KEY,
        sessionToken: 'base-session-token-value'
      },
      mfa: {
        kind: 'seed',
        totp: { secret: DEVICE_SEED, digits: 6, period: 30, algorithm: 'sha1' }
      },
      externalId: 'external-id-value'
    })
    const markdown = summaryMarkdown(credentials, settings, oneHourBefore)
    for (const secret of [
      credentials.accessKeyId,
      credentials.secretAccessKey,
      credentials.sessionToken,
      ACCESS_KEY_ID,
      SECRET_ACCESS_KEY,
      'base-session-token-value',
      DEVICE_SEED
    ]) {
      expect(markdown).not.toContain(secret)
    }
  })

  it('keeps a backtick in a value from breaking out of its code span', () => {
    const settings = makeSettings({ sessionName: 'odd`name' })
    const markdown = summaryMarkdown(credentials, settings, oneHourBefore)
    expect(table(markdown)['Session name']).toBe("odd'name")
  })
})
