/**
 * run() in-process with the configure-aws-credentials options: profile writing and its snapshot,
 * use-existing-credentials, allowed-account-ids and action-timeout-s. The end-to-end suites run the
 * same through the bundle (e2e/profiles, e2e/proxy, e2e/options).
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, jest, test } from '@jest/globals'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { parseFileCommand } from '../support/runner.js'
import { run } from '../../src/action/main.js'
import { post } from '../../src/action/post.js'
import { DEVICE_SEED, MFA_SERIAL, ROLE_ARN } from '../helpers/fixtures.js'
import { READER, ROLE, USER, closeStep, openStep } from '../helpers/in-process.js'

let dir: string
let stdout: string
let emulator: Awaited<ReturnType<typeof startEmulator>>

beforeEach(async () => {
  stdout = ''
  ;({ dir, emulator } = await openStep('main-options-test-', text => (stdout += text), [
    ROLE,
    READER
  ]))
})

afterEach(() => closeStep(dir, emulator))

function inputs(values: Record<string, string>): void {
  const all: Record<string, string> = {
    'aws-region': 'eu-central-1',
    'role-to-assume': ROLE_ARN,
    'mfa-serial': MFA_SERIAL,
    'mfa-seed': DEVICE_SEED,
    'aws-access-key-id': USER.accessKeyId,
    'aws-secret-access-key': USER.secretAccessKey,
    'sts-endpoint': emulator.url,
    ...values
  }
  for (const [name, value] of Object.entries(all)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value
  }
}

const read = (file: string) => parseFileCommand(readFileSync(join(dir, file), 'utf8'))
const errors = () => stdout.split('\n').filter(line => line.startsWith('::error::'))

describe('run with aws-profile', () => {
  test('writes the profile, keeps the snapshot private and out of the state; post restores', async () => {
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAOWN\n')
    inputs({ 'aws-profile': 'deploy', 'output-env-credentials': 'false' })
    await run()
    expect(errors()).toEqual([])
    const credentials = readFileSync(join(dir, 'credentials'), 'utf8')
    expect(credentials).toMatch(
      /\[deploy\]\n# written by aws-assume-role-mfa.*\naws_access_key_id = ASIA/
    )
    const state = read('state')
    expect(Object.keys(state)).toEqual(['profileSnapshot'])
    expect(statSync(state.profileSnapshot).mode & 0o777).toBe(0o600)
    expect(readFileSync(join(dir, 'state'), 'utf8')).not.toContain('AKIAOWN')
    expect(Object.keys(read('env')).sort()).toEqual(['AWS_DEFAULT_REGION', 'AWS_REGION'])

    process.env.STATE_profileSnapshot = state.profileSnapshot
    await post()
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe(
      '[default]\naws_access_key_id = AKIAOWN\n'
    )
    expect(existsSync(join(dir, 'config'))).toBe(false)
    expect(existsSync(state.profileSnapshot)).toBe(false)
  })

  test('several roles: every role is masked, each goes to its profile', async () => {
    inputs({
      'role-to-assume': `${ROLE_ARN}\n${READER.arn}`,
      'aws-profile': 'deploy\nreader',
      'output-env-credentials': 'false'
    })
    await run()
    expect(errors()).toEqual([])
    const credentials = readFileSync(join(dir, 'credentials'), 'utf8')
    const secrets = [...credentials.matchAll(/^aws_(?:secret_access_key|session_token) = (.+)$/gm)]
    expect(secrets).toHaveLength(4)
    for (const [, secret] of secrets) expect(stdout).toContain(`::add-mask::${secret}`)
  })

  test('refuses before calling STS when RUNNER_TEMP cannot take the snapshot', async () => {
    process.env.RUNNER_TEMP = join(dir, 'missing')
    inputs({ 'aws-profile': 'deploy' })
    await run()
    expect(errors().join('\n')).toMatch(
      /aws-profile cannot be written, so STS was not called and no one-time code was spent: RUNNER_TEMP/
    )
    expect(emulator.requests).toHaveLength(0)
    expect(read('env')).toEqual({})
  })

  test('refuses an existing profile before calling STS', async () => {
    writeFileSync(join(dir, 'config'), '[profile deploy]\nregion = us-east-1\n')
    inputs({ 'aws-profile': 'deploy' })
    await run()
    expect(errors()).toEqual([
      expect.stringMatching(/^::error::Profile 'deploy' already exists in .*config/)
    ])
    expect(emulator.requests).toHaveLength(0)
    expect(read('env')).toEqual({})
    expect(read('state')).toEqual({})
  })
})

describe('run with use-existing-credentials', () => {
  test('keeps a session of the role, spending no code', async () => {
    inputs({})
    await run()
    const session = read('env')
    writeFileSync(join(dir, 'env'), '')
    writeFileSync(join(dir, 'output'), '')
    Object.assign(process.env, session)
    inputs({ 'use-existing-credentials': 'true' })
    await run()
    expect(errors()).toEqual([])
    expect(emulator.requests.map(r => r.action)).toEqual(['AssumeRole', 'GetCallerIdentity'])
    expect(read('env')).toEqual({})
    expect(read('output')['authenticated-arn']).toMatch(/assumed-role\/deploy\//)
  })

  test('masks a kept session’s account id with mask-aws-account-id', async () => {
    inputs({})
    await run()
    Object.assign(process.env, read('env'))
    stdout = ''
    inputs({ 'use-existing-credentials': 'true', 'mask-aws-account-id': 'true' })
    await run()
    expect(errors()).toEqual([])
    expect(stdout).toContain('::add-mask::123456789012')
  })

  test('checks a kept session against allowed-account-ids too', async () => {
    inputs({})
    await run()
    Object.assign(process.env, read('env'))
    writeFileSync(join(dir, 'env'), '')
    writeFileSync(join(dir, 'output'), '')
    inputs({ 'use-existing-credentials': 'true', 'allowed-account-ids': '123456789012' })
    await run()
    expect(errors()).toEqual([])
    expect(stdout).toMatch(/MFA skipped, no one-time code spent/)
  })
})

describe('run with allowed-account-ids', () => {
  test('refuses the user’s own session in an account not allowed, exporting nothing', async () => {
    // Without a role, only STS's answer tells the account: it is checked after STS.
    inputs({ 'role-to-assume': '', 'allowed-account-ids': '999999999999' })
    await run()
    expect(errors().join('\n')).toMatch(/account 123456789012 is not in allowed-account-ids/)
    expect(emulator.requests.map(r => r.action)).toEqual(['GetSessionToken', 'GetCallerIdentity'])
    expect(read('env')).toEqual({})
    expect(read('output')).toEqual({})
  })
})

describe('run with refresh-credentials', () => {
  test('refuses a profile of the runner that would win over the endpoint, before STS', async () => {
    writeFileSync(join(dir, 'credentials'), '[default]\naws_access_key_id = AKIAOWN\n')
    inputs({ 'refresh-credentials': 'true' })
    await run()
    expect(errors().join('\n')).toMatch(
      /refresh-credentials: profile 'default' in .*credentials has aws_access_key_id/
    )
    expect(emulator.requests).toHaveLength(0)
    expect(read('env')).toEqual({})
  })
})

describe('run with action-timeout-s', () => {
  test('fails at the limit and ends the process', async () => {
    emulator.injectFaults([{ kind: 'slow', count: 1, delayMs: 1500, action: 'AssumeRole' }])
    inputs({ 'action-timeout-s': '1' })
    const exit = jest.fn<(code: number) => void>()
    await run(undefined, exit)
    expect(exit).toHaveBeenCalledWith(1)
    expect(errors()[0]).toMatch(
      /^::error::The action did not finish within action-timeout-s \(1 s\)/
    )
  })
})

describe('run with special-characters-workaround and http-proxy', () => {
  test('warns that the workaround does nothing; names the proxy without its password', async () => {
    inputs({
      'special-characters-workaround': 'true',
      'http-proxy': 'http://me:pw0rd-secret@127.0.0.1:9',
      'no-proxy': '127.0.0.1'
    })
    await run()
    expect(errors()).toEqual([])
    expect(stdout).toMatch(/^::warning::special-characters-workaround does nothing here/m)
    expect(stdout).not.toMatch(/go through the proxy/)
    expect(stdout).toMatch(/^::add-mask::pw0rd-secret$/m)
  })
})
