/** The bundled action end to end: success, and failures that export nothing. */
import { describe, expect, test } from '@jest/globals'
import { expectFailure, job, start } from './harness.js'
import {
  ACCOUNT,
  ROLE_ARN,
  SERIAL,
  USER_ARN,
  callerArn,
  inputsFor,
  mfaTrustPolicy,
  newSeed,
  world
} from './fixtures.js'

describe('happy path', () => {
  test('exports six variables and outputs, and the credentials are the role', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(inputsFor(emu.url, user, seed))

    expect(result.main.exitCode).toBe(0)
    expect(Object.keys(result.main.env).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_CREDENTIAL_EXPIRATION',
      'AWS_DEFAULT_REGION',
      'AWS_REGION',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_SESSION_TOKEN'
    ])
    expect(result.main.env.AWS_REGION).toBe('eu-central-1')
    expect(result.main.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
    const envFile = Object.values(result.main.env).join('\n')
    expect(envFile).not.toContain(user.accessKeyId)
    expect(envFile).not.toContain(user.secretAccessKey)

    const arn = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions-1658821493-1`
    expect(result.main.outputs).toEqual({
      'aws-account-id': ACCOUNT,
      'authenticated-arn': arn,
      'aws-expiration': result.main.env.AWS_CREDENTIAL_EXPIRATION
    })
    const minutes = (Date.parse(result.main.outputs['aws-expiration']) - Date.now()) / 60_000
    expect(minutes).toBeGreaterThan(14)
    expect(minutes).toBeLessThanOrEqual(15)
    await expect(callerArn(emu.url, result.main.env)).resolves.toBe(arn)

    const assume = emu.requests.filter(r => r.action === 'AssumeRole')
    expect(assume).toHaveLength(1)
    expect(assume[0].params).toMatchObject({
      DurationSeconds: '900',
      SerialNumber: SERIAL,
      RoleArn: ROLE_ARN,
      RoleSessionName: 'GitHubActions-1658821493-1'
    })
    expect(result.main.summary).toContain(ROLE_ARN)
    expect(result.main.summary).toContain('ci-deploy')
  })

  test('output-credentials sets them as outputs too; mask-aws-account-id masks the account', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({
      ...inputsFor(emu.url, user, seed),
      'output-credentials': 'true',
      'output-env-credentials': 'false',
      'mask-aws-account-id': 'true'
    })
    expect(result.main.exitCode).toBe(0)
    expect(Object.keys(result.main.env).sort()).toEqual(['AWS_DEFAULT_REGION', 'AWS_REGION'])
    expect(result.main.outputs['aws-session-token']).toBeTruthy()
    expect(result.main.stdout).toContain(`::add-mask::${ACCOUNT}`)
    expect(result.main.summary).not.toContain(ACCOUNT)
  })
})

describe('failures export nothing and say why', () => {
  test('a wrong seed: the code is refused', async () => {
    const { user, config } = world()
    const emu = await start(config)
    const wrong = newSeed()
    const result = await job(
      { ...inputsFor(emu.url, user, wrong), 'mfa-retry-windows': '0' },
      { seed: wrong, 'user secret key': user.secretAccessKey }
    )
    expectFailure(result, /refused the one-time code.*mfa-seed/s)
  })

  test('a serial that is not the user’s device', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(
      {
        ...inputsFor(emu.url, user, seed),
        'mfa-serial': `arn:aws:iam::${ACCOUNT}:mfa/someone-else`
      },
      { seed, 'user secret key': user.secretAccessKey }
    )
    expectFailure(result, /cannot validate codes for mfa-serial/)
  })

  test('a wrong secret access key', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const bad = { ...user, secretAccessKey: 'not-the-secret-key-at-all-0123456789abcd' }
    const result = await job(inputsFor(emu.url, bad, seed), {
      seed,
      'given secret key': bad.secretAccessKey,
      'user secret key': user.secretAccessKey
    })
    expectFailure(result, /aws-secret-access-key is wrong/)
  })

  test('a role that does not trust the user', async () => {
    const { user, seed, config } = world()
    config.roles[0].trustPolicy = mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/someone-else`)
    const emu = await start(config)
    const result = await job(inputsFor(emu.url, user, seed))
    expectFailure(result, /Not authorised to assume .*trust policy/s)
  })

  test('a duration above the role’s MaxSessionDuration', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({ ...inputsFor(emu.url, user, seed), 'role-duration-seconds': '7200' })
    expectFailure(result, /above the MaxSessionDuration/)
  })

  test('a role requiring MFA, for a user without that MFA device', async () => {
    const { seed, config } = world()
    config.roles[0].trustPolicy = mfaTrustPolicy([USER_ARN, `arn:aws:iam::${ACCOUNT}:user/other`])
    const emu = await start(config)
    const other = config.users[1]
    const result = await job(inputsFor(emu.url, other, seed), {
      seed,
      'user secret key': other.secretAccessKey
    })
    expectFailure(result, /cannot validate codes for mfa-serial/)
  })

  test('invalid inputs are all reported at once, before any request', async () => {
    const emu = await start()
    const result = await job(
      {
        'aws-region': 'Europe',
        'role-to-assume': 'deploy',
        'mfa-serial': `arn:aws:iam::${ACCOUNT}:user/ci`,
        'mfa-seed': 'not base32 !',
        'role-duration-seconds': 'abc',
        'sts-endpoint': emu.url
      },
      { seed: 'not base32 !' }
    )
    expectFailure(result, /aws-region/)
    const errors = result.main.stdout.split('\n').filter(l => l.startsWith('::error::'))
    expect(errors.join('\n')).toMatch(
      /role-to-assume[\s\S]*mfa-serial[\s\S]*mfa-seed[\s\S]*role-duration-seconds/
    )
    expect(emu.requests).toHaveLength(0)
  })
})
