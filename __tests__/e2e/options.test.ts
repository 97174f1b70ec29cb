/**
 * The configure-aws-credentials options end to end: session tags and policies, source identity,
 * allowed-account-ids, action-timeout-s, unset-current-credentials, use-existing-credentials and
 * special-characters-workaround.
 */
import { describe, expect, test } from '@jest/globals'
import { expectFailure, job, start } from './harness.js'
import { ACCOUNT, USER_ARN, inputsFor, mfaTrustPolicy, world } from './fixtures.js'

const POLICY = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }]
}

describe('session options', () => {
  test('tags the session with the GitHub context and custom-tags, and passes policies and source identity', async () => {
    const { user, seed, config } = world()
    config.roles[0].trustPolicy = mfaTrustPolicy(USER_ARN, {
      tagSession: true,
      sourceIdentity: true
    })
    const emu = await start(config)
    const result = await job(
      {
        ...inputsFor(emu.url, user, seed),
        'role-skip-session-tagging': 'false',
        'custom-tags': '{"Team": "payments", "Cost Center": 42}',
        'transitive-tag-keys': 'Team\nRepository',
        'inline-session-policy': JSON.stringify(POLICY, null, 2),
        'managed-session-policies':
          'arn:aws:iam::aws:policy/ReadOnlyAccess, arn:aws:iam::123456789012:policy/deploy',
        'source-identity': 'octocat'
      },
      { seed, 'user secret key': user.secretAccessKey }
    )
    expect(result.main.exitCode).toBe(0)
    const params = emu.requests[0].params
    const tags: Record<string, string> = {}
    for (let i = 1; params[`Tags.member.${i}.Key`]; i++) {
      tags[params[`Tags.member.${i}.Key`]] = params[`Tags.member.${i}.Value`]
    }
    // The runner stand-in sets these; GITHUB_ACTION, GITHUB_ACTOR and GITHUB_REF are not set.
    expect(tags).toEqual({
      Repository: 'octo-org/octo-repo',
      Workflow: 'deploy',
      Commit: 'ffac537e6cbbf934b08745a378932722df287a53',
      Team: 'payments',
      'Cost Center': '42'
    })
    expect(params).toMatchObject({
      'TransitiveTagKeys.member.1': 'Team',
      'TransitiveTagKeys.member.2': 'Repository',
      Policy: JSON.stringify(POLICY),
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      'PolicyArns.member.2.arn': 'arn:aws:iam::123456789012:policy/deploy',
      SourceIdentity: 'octocat'
    })
  })

  test('sends no tags by default', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(inputsFor(emu.url, user, seed))
    expect(result.main.exitCode).toBe(0)
    expect(Object.keys(emu.requests[0].params).filter(k => k.startsWith('Tags.'))).toEqual([])
  })

  test('a role whose trust policy lacks sts:TagSession: the error says what to add', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({
      ...inputsFor(emu.url, user, seed),
      'role-skip-session-tagging': 'false'
    })
    expectFailure(
      result,
      /does not allow session tags.*sts:TagSession.*role-skip-session-tagging: true/s
    )
  })

  test('invalid session inputs are reported together, before any request', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(
      {
        ...inputsFor(emu.url, user, seed),
        'custom-tags': '{"Team": ',
        'inline-session-policy': '[1]',
        'managed-session-policies': 'ReadOnlyAccess',
        'source-identity': 'a'
      },
      { seed, 'user secret key': user.secretAccessKey }
    )
    expectFailure(
      result,
      /custom-tags: not JSON[\s\S]*managed-session-policies[\s\S]*source-identity[\s\S]*inline-session-policy/
    )
    expect(emu.requests).toHaveLength(0)
  })
})

describe('allowed-account-ids', () => {
  test('a role in an account not listed is refused before any request', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({
      ...inputsFor(emu.url, user, seed),
      'allowed-account-ids': '111111111111, 222222222222'
    })
    expectFailure(result, /account 123456789012, which allowed-account-ids does not list/)
    expect(emu.requests).toHaveLength(0)
  })

  test('a listed account goes ahead', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'allowed-account-ids': `111111111111,${ACCOUNT}` },
      { seed, 'user secret key': user.secretAccessKey }
    )
    expect(result.main.exitCode).toBe(0)
    expect(result.main.outputs['aws-account-id']).toBe(ACCOUNT)
  })
})

describe('action-timeout-s', () => {
  test('a hung STS: the step fails at the limit and exports nothing', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    emu.injectFaults([{ kind: 'hang', count: 3, action: 'AssumeRole' }])
    const result = await job({ ...inputsFor(emu.url, user, seed), 'action-timeout-s': '2' })
    expectFailure(result, /did not finish within action-timeout-s \(2 s\); nothing was exported/)
    expect(result.main.durationMs).toBeLessThan(8000)
  })
})

describe('unset-current-credentials', () => {
  const earlier = (user: { accessKeyId: string; secretAccessKey: string }) => ({
    AWS_ACCESS_KEY_ID: user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: user.secretAccessKey,
    AWS_SESSION_TOKEN: 'earlier-session-token-0123456789'
  })

  test('empties what earlier steps exported, then exports the role', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'unset-current-credentials': 'true' },
      { seed, 'user secret key': user.secretAccessKey },
      { env: earlier(config.users[1]) }
    )
    expect(result.main.exitCode).toBe(0)
    expect(result.main.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
    expect(result.main.env.AWS_SECURITY_TOKEN).toBe('')
    expect(emu.requests[0].accessKeyId).toBe(user.accessKeyId)
  })

  test('the default chain no longer sees them; a failed run leaves the job without them', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const inputs: Record<string, string> = {
      ...inputsFor(emu.url, user, seed),
      'unset-current-credentials': 'true'
    }
    delete inputs['aws-access-key-id']
    delete inputs['aws-secret-access-key']
    const result = await job(
      inputs,
      {
        seed,
        'user secret key': user.secretAccessKey,
        'earlier token': 'earlier-session-token-0123456789'
      },
      { env: { ...earlier(user), AWS_EC2_METADATA_DISABLED: 'true' } }
    )
    expect(result.main.exitCode).toBe(1)
    expect(result.main.stdout).toMatch(/::error::No base credentials were found/)
    expect(emu.requests).toHaveLength(0)
    expect(result.main.env).toEqual({
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
      AWS_SESSION_TOKEN: '',
      AWS_SECURITY_TOKEN: '',
      AWS_CREDENTIAL_EXPIRATION: ''
    })
    expect(result.main.outputs).toEqual({})
  })
})

describe('use-existing-credentials', () => {
  test('a valid session of the role in the environment is kept: no MFA, no AssumeRole', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const secrets = { seed, 'user secret key': user.secretAccessKey }
    const first = await job(inputsFor(emu.url, user, seed), secrets)
    const session = first.main.env
    const second = await job(
      { ...inputsFor(emu.url, user, seed), 'use-existing-credentials': 'true' },
      {
        ...secrets,
        'earlier secret': session.AWS_SECRET_ACCESS_KEY,
        'earlier token': session.AWS_SESSION_TOKEN
      },
      { env: session }
    )
    expect(second.main.exitCode).toBe(0)
    expect(emu.requests.map(r => r.action)).toEqual(['AssumeRole', 'GetCallerIdentity'])
    expect(second.main.stdout).toMatch(/MFA skipped, no one-time code spent/)
    expect(second.main.env).toEqual({})
    expect(second.main.outputs).toEqual({
      'aws-account-id': ACCOUNT,
      'authenticated-arn': first.main.outputs['authenticated-arn'],
      'aws-expiration': session.AWS_CREDENTIAL_EXPIRATION
    })
  })

  test('credentials of someone else: the role is assumed with MFA as usual', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const other = config.users[1]
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'use-existing-credentials': 'true' },
      { seed, 'user secret key': user.secretAccessKey, 'other secret': other.secretAccessKey },
      {
        env: { AWS_ACCESS_KEY_ID: other.accessKeyId, AWS_SECRET_ACCESS_KEY: other.secretAccessKey }
      }
    )
    expect(result.main.exitCode).toBe(0)
    expect(emu.requests.map(r => r.action)).toEqual(['GetCallerIdentity', 'AssumeRole'])
    expect(result.main.stdout).toMatch(/not a session of the role/)
    expect(result.main.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
  })
})

describe('special-characters-workaround', () => {
  test('is accepted, warns that it does nothing here, and the run succeeds', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({
      ...inputsFor(emu.url, user, seed),
      'special-characters-workaround': 'true'
    })
    expect(result.main.exitCode).toBe(0)
    expect(result.main.stdout).toMatch(
      /^::warning::special-characters-workaround does nothing here/m
    )
    expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(1)
  })
})
