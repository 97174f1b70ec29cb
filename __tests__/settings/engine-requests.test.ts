import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { endpointHandoff } from '../../src/settings/engine-requests.js'
import { makeCredentials, makeSettings } from '../helpers/fixtures.js'

const SESSION = {
  accessKeyId: 'ASIASESSIONKEY000001',
  secretAccessKey: 'session/Secret+Key0123456789abcdefghijkl',
  sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDMfaSessionToken==',
  expiration: new Date('2030-01-02T15:04:05.000Z')
}
const AUDIT_ARN = 'arn:aws:iam::123456789012:role/audit'

describe('endpointHandoff', () => {
  const variables = [
    'AWS_ENDPOINT_URL_STS',
    'AWS_ENDPOINT_URL',
    'AWS_USE_FIPS_ENDPOINT',
    'AWS_USE_DUALSTACK_ENDPOINT',
    'AWS_CONFIG_FILE',
    'AWS_PROFILE'
  ]
  const saved = Object.fromEntries(variables.map(name => [name, process.env[name]]))
  beforeEach(() => {
    for (const name of variables) delete process.env[name]
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config'
  })
  afterEach(() => {
    for (const name of variables) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it('hands over the session, each role with its credentials, and an hour a renewal', async () => {
    const deploy = makeCredentials()
    const audit = makeCredentials({ accessKeyId: 'ASIAAUDITROLEKEY0001' })
    const settings = makeSettings({
      roleArns: [makeSettings().roleArn, AUDIT_ARN],
      durationSeconds: 7200,
      externalId: 'tenant-42',
      retryMaxAttempts: 5,
      session: { tags: [{ Key: 'team', Value: 'ops' }], transitiveTagKeys: [], policyArns: [] }
    })
    const handoff = await endpointHandoff(settings, SESSION, [deploy, audit])
    expect(handoff).toEqual({
      session: SESSION,
      roles: [
        { roleArn: settings.roleArn, credentials: deploy },
        { roleArn: AUDIT_ARN, credentials: audit }
      ],
      sts: {
        region: 'eu-central-1',
        stsEndpoint: 'https://sts.eu-central-1.amazonaws.com/',
        retryMaxAttempts: 5,
        proxy: undefined
      },
      request: {
        sessionName: settings.sessionName,
        durationSeconds: 3600,
        externalId: 'tenant-42',
        session: settings.session
      }
    })
    // The user's own keys are no part of it.
    expect(JSON.stringify(handoff)).not.toContain(settings.baseCredentials?.secretAccessKey)
  })

  it.each([
    [{ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4001' }, undefined, 'http://127.0.0.1:4001/'],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:4002' }, undefined, 'http://127.0.0.1:4002/'],
    [{ AWS_USE_FIPS_ENDPOINT: 'true' }, undefined, 'https://sts-fips.eu-central-1.amazonaws.com/'],
    [
      { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4001' },
      'http://127.0.0.1:4003',
      'http://127.0.0.1:4003/'
    ]
  ])(
    'gives the server the endpoint resolved here: %j with sts-endpoint %s is %s',
    async (env, stsEndpoint, expected) => {
      Object.assign(process.env, env)
      const handoff = await endpointHandoff(makeSettings({ stsEndpoint }), SESSION, [
        makeCredentials()
      ])
      expect(handoff.sts.stsEndpoint).toBe(expected)
    }
  )
})
