/**
 * `aws-assume-role-mfa init` end to end: the committed dist/cli/index.js run as an administrator
 * runs it, against the emulator's IAM and STS, with a fake `gh` first on PATH; then the committed
 * action, run as the runner runs it, with the step init printed and the secrets it stored. The
 * wait for the second TOTP window is real here (AWS's devices have 30-second periods, and so do
 * the emulator's IAM-made ones): the successful run costs up to 30 s, and the action may wait one
 * more window, since the enabling codes are spent.
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { parse } from 'yaml'
import { installFakeGh } from '../support/fake-gh.js'
import { ACCOUNT, ROLE_ARN, SERIAL, callerArn } from './fixtures.js'
import { cleanEnv, cli, job, start, type Run } from './harness.js'
import type { RunOptions } from '../support/processes.js'

const ADMIN = {
  name: 'admin',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAE2EINITADMIN0001',
  secretAccessKey: 'e2e/init+admin0123456789abcdefghijklmnop',
  mfaDevices: []
}

let scratch: string
let gh: ReturnType<typeof installFakeGh>

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'init-e2e-'))
  gh = installFakeGh(scratch)
})

afterEach(() => rmSync(scratch, { recursive: true, force: true }))

/** The CLI in a clean environment: the administrator's keys, the emulator, the fake gh. */
function init(
  url: string,
  args: string[],
  extra: Record<string, string> = {},
  onStderr: RunOptions['onStderr'] = () => {}
): Promise<Run> {
  const env = cleanEnv(scratch, {
    PATH: `${gh.bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    AWS_ENDPOINT_URL: url,
    FAKE_GH_LOG: gh.log,
    ...extra
  })
  return cli(['init', ...args], env, { cwd: scratch, onStderr })
}

/** The `with:` of the workflow step init printed, its `${{ secrets.X }}` filled from gh's. */
function stepInputs(stdout: string, secrets: Record<string, string>): Record<string, string> {
  const yaml = stdout.slice(stdout.indexOf('# The workflow step:'))
  const [step] = parse(yaml) as [{ uses: string; with: Record<string, string> }]
  return Object.fromEntries(
    Object.entries(step.with).map(([name, value]) => [
      name,
      String(value).replace(/\$\{\{ secrets\.(\w+) \}\}/, (_, secret: string) => secrets[secret])
    ])
  )
}

const ARGS = [
  '--user-name',
  'ci-deploy',
  '--role-name',
  'deploy',
  '--github-secret',
  'AWS_MFA_SEED',
  '--github-environment',
  'production',
  '--create-access-key'
]

describe('init', () => {
  test('sets up user, device and role; the action, with what it stored, assumes the role; a second init says the device exists', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const seedFile = join(scratch, 'mfa-seed')
    const first = await init(emu.url, [...ARGS, '--seed-file', seedFile])
    expect(first.stderr).not.toMatch(/failed/)
    expect(first.code).toBe(0)

    const secrets = gh.secrets()
    const seed = secrets.AWS_MFA_SEED
    expect(seed).toMatch(/^[A-Z2-7]{64}$/)
    expect(readFileSync(seedFile, 'utf8')).toBe(`${seed}\n`)
    expect(lstatSync(seedFile).mode & 0o777).toBe(0o600)
    // Secrets on gh's standard input, never among its arguments; never on the CLI's output.
    for (const call of gh.calls()) {
      for (const value of Object.values(secrets)) expect(call.args.join(' ')).not.toContain(value)
    }
    for (const value of [seed, secrets.AWS_SECRET_ACCESS_KEY]) {
      expect(first.stdout).not.toContain(value)
      expect(first.stderr).not.toContain(value)
    }

    const inputs = stepInputs(first.stdout, secrets)
    expect(inputs).toMatchObject({
      'role-to-assume': ROLE_ARN,
      'mfa-serial': SERIAL,
      'mfa-seed': seed,
      'aws-access-key-id': secrets.AWS_ACCESS_KEY_ID
    })
    const result = await job(
      { ...inputs, 'sts-endpoint': emu.url },
      { 'user secret key': secrets.AWS_SECRET_ACCESS_KEY }
    )
    expect({ exit: result.main.exitCode, log: result.main.stdout }).toMatchObject({ exit: 0 })
    await expect(callerArn(emu.url, result.main.env)).resolves.toMatch(
      new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/deploy/`)
    )

    const before = emu.iamState()
    const second = await init(emu.url, [...ARGS, '--seed-file', join(scratch, 'second')])
    expect(second.code).toBe(1)
    expect(second.stdout).toBe('')
    expect(second.stderr).toContain(`The IAM user ci-deploy already has the MFA device ${SERIAL}`)
    expect(emu.iamState()).toEqual(before)
  }, 150_000)

  test('a refusal leaves nothing behind: gh not signed in', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const before = emu.iamState()
    const run = await init(emu.url, [...ARGS, '--seed-file', join(scratch, 'seed')], {
      FAKE_GH_AUTH: 'fail'
    })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('gh is not signed in to GitHub')
    expect(emu.requests).toEqual([])
    expect(emu.iamState()).toEqual(before)
    expect(() => lstatSync(join(scratch, 'seed'))).toThrow()
  })

  test('a failure midway (IAM keeps failing CreateRole) rolls back the device and the user', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const before = emu.iamState()
    emu.injectFaults([{ kind: '503', count: 3, action: 'CreateRole' }])
    const seedFile = join(scratch, 'seed')
    const run = await init(emu.url, [...ARGS, '--seed-file', seedFile])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('init failed at CreateRole')
    expect(run.stderr).toContain('Rolled back: removed the IAM user ci-deploy.')
    expect(run.stderr).toContain(`Rolled back: removed the MFA device ${SERIAL}.`)
    expect(run.stderr).toContain('Everything this run created in AWS was removed again.')
    expect(emu.iamState()).toEqual(before)
    expect(() => lstatSync(seedFile)).toThrow()
    expect(gh.secrets()).toEqual({})
  })

  test('Ctrl-C while it waits for the second code undoes what it created', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const before = emu.iamState()
    let interrupted = false
    const run = await init(emu.url, [...ARGS], {}, (stderr, child) => {
      if (!interrupted && stderr.includes('Waiting')) {
        interrupted = true
        child.kill('SIGINT')
      }
    })
    expect(interrupted).toBe(true)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('init failed at EnableMFADevice: Interrupted by SIGINT.')
    expect(run.stderr).toContain('Everything this run created in AWS was removed again.')
    expect(emu.iamState()).toEqual(before)
    expect(gh.secrets()).toEqual({})
  })
})
