/**
 * runCli in-process, its surroundings injected, with the real SDK talking to the STS emulator over
 * loopback. The end-to-end suite runs the bundle as a person does; this one covers the same flow in
 * the sources, and what only injection can reach: the terminal, and a cache that cannot be written.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { mfaTrustPolicy, startEmulator, totpCode } from '../support/emulator/sts-emulator.js'
import { runCli, type CliIo } from '../../src/cli/main.js'
import type { Input } from '../../src/cli/mfa-input.js'
import { systemClock } from '../../src/engine/clock.js'
import { DEVICE_SEED, MFA_SERIAL, ROLE_ARN } from '../helpers/fixtures.js'

const USER = {
  name: 'alice',
  accountId: '123456789012',
  accessKeyId: 'AKIACLIMAINTESTUSER1',
  secretAccessKey: 'cli/main+test0123456789abcdefghijklmnopq',
  mfaDevices: [{ serial: MFA_SERIAL, seed: DEVICE_SEED }]
}
const ROLE = {
  arn: ROLE_ARN,
  trustPolicy: mfaTrustPolicy('arn:aws:iam::123456789012:user/alice'),
  maxSessionDuration: 3600
}

class FakeTerminal extends PassThrough implements Input {
  isTTY = true
  setRawMode() {
    return this
  }
}

let emulator: Awaited<ReturnType<typeof startEmulator>>
let scratch: string
const saved = { ...process.env }

beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-main-test-'))
  emulator = await startEmulator({ users: [USER], roles: [ROLE] })
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name]
  // The SDK's default chain reads the process's own environment.
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: USER.accessKeyId,
    AWS_SECRET_ACCESS_KEY: USER.secretAccessKey,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(scratch, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'),
    XDG_CACHE_HOME: join(scratch, 'cache')
  })
})

afterEach(async () => {
  await emulator.close()
  rmSync(scratch, { recursive: true, force: true })
  process.env = { ...saved }
})

/** Runs the CLI with these arguments; standard output and error recorded apart. */
async function cli(argv: string[], stdin: Input = ended()) {
  const out = recorder()
  const err = recorder()
  const io: CliIo = {
    argv,
    env: process.env,
    stdin,
    stdout: out.stream,
    stderr: err.stream,
    clock: systemClock,
    home: scratch,
    username: 'alice',
    version: '9.8.7'
  }
  const code = await runCli(io)
  return { code, stdout: out.text(), stderr: err.text() }
}

function recorder() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', chunk => (text += String(chunk)))
  return { stream, text: () => text }
}

function ended(): Input {
  const stream = new PassThrough()
  stream.end()
  return stream
}

const roleArgs = (...more: string[]) => [
  '--role-to-assume',
  ROLE_ARN,
  '--mfa-serial',
  MFA_SERIAL,
  '--aws-region',
  'eu-central-1',
  '--sts-endpoint',
  emulator.url,
  ...more
]

const assumeRoles = () => emulator.requests.filter(r => r.action === 'AssumeRole')

describe('runCli', () => {
  test('prints the credentials and nothing else on standard output', async () => {
    process.env.AWS_MFA_SEED = DEVICE_SEED
    const result = await cli(roleArgs())
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^export AWS_ACCESS_KEY_ID='ASIA/)
    expect(result.stdout.split('\n')).toHaveLength(7)
    expect(result.stderr).toContain('Assumed arn:aws:sts::123456789012:assumed-role/deploy/alice')
    expect(assumeRoles()[0].params).toMatchObject({
      DurationSeconds: '3600',
      RoleSessionName: 'alice'
    })
  })

  test('--help prints the help, and asks nothing of STS', async () => {
    const result = await cli(['--help'])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^Usage:/)
    expect(emulator.requests).toHaveLength(0)
  })

  test.each([['--version'], ['-V']])(
    '%s prints the version alone, even with other options, and asks nothing of STS',
    async flag => {
      const result = await cli([...roleArgs(), flag])
      expect(result).toEqual({ code: 0, stdout: '9.8.7\n', stderr: '' })
      expect(emulator.requests).toHaveLength(0)
    }
  )

  test('asks for the code only once every other option is valid: a typo costs no code', async () => {
    const terminal = new FakeTerminal()
    const result = await cli(roleArgs('--aws-region', 'Frankfurt'), terminal)
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).not.toContain('MFA code for')
    expect(result.stderr).toContain("Invalid --aws-region 'Frankfurt'")
  })

  test('asks for the code in a terminal, and sends what was typed', async () => {
    const terminal = new FakeTerminal()
    const code = totpCode(DEVICE_SEED, emulator.now() / 1000)
    const running = cli(roleArgs('--format', 'json'), terminal)
    setTimeout(() => terminal.write(`${code}\r`), 50)
    const result = await running
    expect(result.code).toBe(0)
    expect(result.stderr).toMatch(/^MFA code for arn:aws:iam::123456789012:mfa\/ci-deploy: \n/)
    expect(assumeRoles().map(r => r.params.TokenCode)).toEqual([code])
  })

  test('checks a typed code as the action checks mfa-code, and does not quote it', async () => {
    const terminal = new FakeTerminal()
    const running = cli(roleArgs(), terminal)
    setTimeout(() => terminal.write('12345\r'), 50)
    const result = await running
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('Invalid --mfa-code (5 characters)')
    expect(result.stderr).not.toContain('12345\n')
    expect(emulator.requests).toHaveLength(0)
  })

  test('keeps ARNs whole on standard error, whatever digits a typed code had', async () => {
    const result = await cli(['--role-to-assume', 'deploy', '--mfa-code', '123456'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('such as arn:aws:iam::123456789012:role/deploy.')
  })

  test('does not ask for a code with credential-process: the AWS CLI hides the question', async () => {
    const result = await cli(roleArgs('--format', 'credential-process'), new FakeTerminal())
    expect(result.code).toBe(1)
    expect(result.stderr).not.toContain('MFA code for')
    expect(result.stderr).toContain('AWS_MFA_SEED, --mfa-seed-file or --mfa-seed-stdin')
  })

  test('still prints the credentials when the cache cannot be written, and says why', async () => {
    process.env.AWS_MFA_SEED = DEVICE_SEED
    // A file where the cache folder would go: no folder can be made there, not even by root.
    writeFileSync(join(scratch, 'cache'), '')
    const result = await cli(roleArgs('--format', 'credential-process'))
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).Version).toBe(1)
    expect(result.stderr).toContain('Could not cache the credentials')
  })

  test('refuses to run inside itself, before reading any seed', async () => {
    process.env.AWS_MFA_SEED = DEVICE_SEED
    process.env.AWS_ASSUME_ROLE_MFA_RUNNING = '1'
    const result = await cli(roleArgs())
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('was started by itself')
    expect(emulator.requests).toHaveLength(0)
  })
})
