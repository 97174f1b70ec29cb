import { afterEach, describe, expect, it } from '@jest/globals'
import { AssumeRoleCommand } from '@aws-sdk/client-sts'
import { existingSession } from '../../src/engine/existing-session.js'
import { createStsClient } from '../../src/engine/sts.js'
import { mfaTrustPolicy, startEmulator } from '../support/emulator/sts-emulator.js'
import { makeSettings, ROLE_ARN } from '../helpers/fixtures.js'

describe('existingSession', () => {
  const USER = {
    name: 'ci',
    accountId: '123456789012',
    accessKeyId: 'AKIAGUARDSTESTUSER01',
    secretAccessKey: 'guards/test+secret0123456789abcdefghij'
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined
  afterEach(async () => emulator?.close())

  it('needs credentials in the environment', async () => {
    await expect(existingSession(makeSettings(), {}, 0)).resolves.toBe(
      'the job has no credentials in its environment'
    )
  })

  it('does not keep a session about to expire, and asks STS nothing then', async () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'ASIAX',
      AWS_SECRET_ACCESS_KEY: 'y',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:04:00.000Z'
    }
    const now = Date.parse('2030-01-01T00:00:00.000Z')
    await expect(existingSession(makeSettings(), env, now)).resolves.toMatch(/expire at 2030/)
  })

  it('keeps a session of the role, and refuses the user itself or an invalid key', async () => {
    emulator = await startEmulator({
      users: [USER],
      roles: [
        {
          arn: ROLE_ARN,
          trustPolicy: mfaTrustPolicy('arn:aws:iam::123456789012:user/ci', { mfa: false })
        }
      ]
    })
    const settings = makeSettings({ stsEndpoint: emulator.url, baseCredentials: USER })
    const userEnv = {
      AWS_ACCESS_KEY_ID: USER.accessKeyId,
      AWS_SECRET_ACCESS_KEY: USER.secretAccessKey
    }
    await expect(existingSession(settings, userEnv, Date.now())).resolves.toMatch(
      /are arn:aws:iam::123456789012:user\/ci, not a session of the role/
    )
    const bad = { AWS_ACCESS_KEY_ID: 'AKIANOSUCHKEY0000001', AWS_SECRET_ACCESS_KEY: 'x' }
    await expect(existingSession(settings, bad, Date.now())).resolves.toMatch(
      /GetCallerIdentity .* failed \(InvalidClientTokenId\)/
    )
    expect(emulator.requests.map(r => r.action)).toEqual(['GetCallerIdentity', 'GetCallerIdentity'])
  })

  it('does not keep a session of another role of the same account', async () => {
    const other = 'arn:aws:iam::123456789012:role/other'
    const trust = mfaTrustPolicy('arn:aws:iam::123456789012:user/ci', { mfa: false })
    emulator = await startEmulator({
      users: [USER],
      roles: [
        { arn: ROLE_ARN, trustPolicy: trust },
        { arn: other, trustPolicy: trust }
      ]
    })
    const client = createStsClient({
      region: 'eu-central-1',
      stsEndpoint: emulator.url,
      baseCredentials: USER,
      retryMaxAttempts: 1
    })
    const { Credentials } = await client.send(
      new AssumeRoleCommand({ RoleArn: other, RoleSessionName: 'elsewhere' })
    )
    client.destroy()
    const env = {
      AWS_ACCESS_KEY_ID: Credentials?.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: Credentials?.SecretAccessKey,
      AWS_SESSION_TOKEN: Credentials?.SessionToken
    }
    const settings = makeSettings({ stsEndpoint: emulator.url, baseCredentials: USER })
    await expect(existingSession(settings, env, Date.now())).resolves.toMatch(
      /are arn:aws:sts::123456789012:assumed-role\/other\/elsewhere, not a session of the role/
    )
  })
})
