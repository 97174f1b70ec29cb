/**
 * The committed dist/cli/index.js on whatever system runs this file: ci.yml runs it on Linux,
 * Windows and macOS with Node 20 and 24. It needs no shell, so it runs the same everywhere; what
 * differs by system (file modes, POSIX only) is asserted for each system, never skipped.
 */
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { ROLE_ARN, SERIAL, callerArn, world } from './fixtures.js'
import { ROOT, cleanEnv, cli as runCli, start, type Run } from './harness.js'

const VERSION = (
  JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }
).version
const WINDOWS = process.platform === 'win32'
const ASSUMED = `arn:aws:sts::123456789012:assumed-role/deploy/laptop`
/** The file-mode check is POSIX only: on Windows, the file's access list is the user's to set. */
const SEED_FILE_CASE = WINDOWS
  ? 'a seed file: no mode bits on Windows, so it is used as it is (the check is POSIX only)'
  : 'a seed file others can read is refused, with the chmod that fixes it'

let scratch: string

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-platforms-'))
})

afterEach(() => rmSync(scratch, { recursive: true, force: true }))

/**
 * Runs the CLI with this system's environment minus anything AWS, the home, cache and AWS files
 * in the scratch folder, and `env` on top (harness.ts), by the Node that runs this file. No shell:
 * the arguments reach it as given.
 */
function cli(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return runCli(args, cleanEnv(scratch, env, { inherit: true }), {
    cwd: scratch,
    runtime: process.execPath,
    timeoutMs: 60_000
  })
}

/** The emulator, its user's keys in the environment, the seed in a file, and the options. */
async function laptop() {
  const { user, seed, config } = world()
  const emu = await start(config)
  const seedFile = join(scratch, 'mfa-seed')
  writeFileSync(seedFile, `${seed}\n`, { mode: 0o600 })
  const env = { AWS_ACCESS_KEY_ID: user.accessKeyId, AWS_SECRET_ACCESS_KEY: user.secretAccessKey }
  const args = [
    '--aws-region',
    'eu-central-1',
    '--sts-endpoint',
    emu.url,
    '--role-to-assume',
    ROLE_ARN,
    '--mfa-serial',
    SERIAL,
    '--role-session-name',
    'laptop',
    '--mfa-seed-file',
    seedFile
  ]
  return { emu, env, args, seedFile }
}

describe(`the command on ${process.platform}, Node ${process.versions.node}`, () => {
  test('--version and -V print the package version', async () => {
    for (const flag of ['--version', '-V']) {
      expect(await cli([flag])).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' })
    }
  })

  test('--format json: credentials that STS takes for the role', async () => {
    const { emu, env, args } = await laptop()
    const run = await cli([...args, '--format', 'json'], env)
    expect(run.code).toBe(0)
    const { Credentials } = JSON.parse(run.stdout) as {
      Credentials: { AccessKeyId: string; SecretAccessKey: string; SessionToken: string }
    }
    const arn = await callerArn(emu.url, {
      AWS_REGION: 'eu-central-1',
      AWS_ACCESS_KEY_ID: Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: Credentials.SessionToken
    })
    expect(arn).toBe(ASSUMED)
    expect(run.stderr).not.toContain(Credentials.SecretAccessKey)
  })

  test('--format powershell: $Env: lines for the role', async () => {
    const { env, args } = await laptop()
    const run = await cli([...args, '--format', 'powershell'], env)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^\$Env:AWS_ACCESS_KEY_ID = 'ASIA\w+'$/m)
    expect(run.stdout).toMatch(/^\$Env:AWS_SESSION_TOKEN = '.+'$/m)
  })

  test('--format credential-process: the second run answers from its cache, with no request', async () => {
    const { emu, env, args } = await laptop()
    const first = await cli([...args, '--format', 'credential-process'], env)
    expect(first.code).toBe(0)
    const second = await cli([...args, '--format', 'credential-process'], env)
    expect(second.code).toBe(0)
    expect(second.stderr).toContain('Cached credentials of')
    expect(JSON.parse(second.stdout)).toEqual(JSON.parse(first.stdout))
    expect(emu.requests.filter(request => request.action === 'AssumeRole')).toHaveLength(1)
  })

  test(`${SEED_FILE_CASE}`, async () => {
    const { emu, env, args, seedFile } = await laptop()
    chmodSync(seedFile, 0o644)
    const run = await cli([...args, '--format', 'json'], env)
    const outcome = {
      code: run.code,
      refused: run.stderr.includes('is open to other users (mode 644)'),
      fix: run.stderr.includes(`chmod 600 '${seedFile}'`),
      assumeRoles: emu.requests.filter(request => request.action === 'AssumeRole').length
    }
    expect(outcome).toEqual(
      WINDOWS
        ? { code: 0, refused: false, fix: false, assumeRoles: 1 }
        : { code: 1, refused: true, fix: true, assumeRoles: 0 }
    )
  })
})
