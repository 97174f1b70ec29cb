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
import { IAMClient, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam'
import {
  AssumeRoleCommand,
  GetSessionTokenCommand,
  STSClient,
  type STSClientConfig
} from '@aws-sdk/client-sts'
import { parse } from 'yaml'
import { totpCode } from '../support/emulator/sts-emulator.js'
import { installFakeGh } from '../support/fake-gh.js'
import { ACCOUNT, ADMIN, ROLE_ARN, SERIAL, callerArn } from './fixtures.js'
import { cleanEnv, cli, expectFailure, job, start, type Run } from './harness.js'
import type { RunOptions } from '../support/processes.js'

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
    ...gh.env,
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
    // Its secrets exist now: refused unless replaced; with --replace-secrets, the device is next.
    const refused = await init(emu.url, [...ARGS, '--seed-file', join(scratch, 'second')])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain(
      'The GitHub secrets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_MFA_SEED exist already'
    )
    const second = await init(emu.url, [
      ...ARGS,
      '--replace-secrets',
      '--seed-file',
      join(scratch, 'second')
    ])
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
    expect(run.stderr).toContain('Everything this run created was removed again.')
    expect(emu.iamState()).toEqual(before)
    expect(() => lstatSync(seedFile)).toThrow()
    expect(gh.secrets()).toEqual({})
  })

  test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)(
    '%s while it waits for the second code undoes what it created, and says so',
    async signal => {
      const emu = await start({ users: [ADMIN], roles: [] })
      const before = emu.iamState()
      let interrupted = false
      const run = await init(emu.url, [...ARGS], {}, (stderr, child) => {
        if (!interrupted && stderr.includes('Waiting')) {
          interrupted = true
          child.kill(signal)
        }
      })
      expect(interrupted).toBe(true)
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain(`${signal}: stopping, and undoing what this run created`)
      expect(run.stderr).toContain(`init failed at EnableMFADevice: Interrupted by ${signal}.`)
      expect(run.stderr).toContain('Everything this run created was removed again.')
      expect(emu.iamState()).toEqual(before)
      expect(gh.secrets()).toEqual({})
    }
  )

  test('SIGHUP once the terminal is gone (its output closed) still rolls back', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const before = emu.iamState()
    let hungUp = false
    const run = await init(emu.url, [...ARGS], {}, (stderr, child) => {
      if (!hungUp && stderr.includes('Waiting')) {
        hungUp = true
        child.stderr?.destroy()
        child.stdout?.destroy()
        child.kill('SIGHUP')
      }
    })
    expect(hungUp).toBe(true)
    expect(run.code).toBe(1)
    expect(emu.iamState()).toEqual(before)
    expect(gh.secrets()).toEqual({})
  })

  test('a second signal during the rollback stops at once and lists what is left, with commands in order', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    // DeleteRole is carried out at once but answered 4 s later: the second signal comes meanwhile.
    emu.injectFaults([{ kind: 'slow', count: 1, delayMs: 4000, action: 'DeleteRole' }])
    let signals = 0
    const run = await init(emu.url, [...ARGS], {}, (stderr, child) => {
      if (signals === 0 && stderr.includes('Waiting')) {
        signals = 1
        child.kill('SIGINT')
      } else if (signals === 1 && stderr.includes('Rolled back: removed the policy')) {
        signals = 2
        setTimeout(() => child.kill('SIGINT'), 300)
      }
    })
    expect(signals).toBe(2)
    expect(run.code).toBe(130)
    expect(run.stderr).toContain('SIGINT: stopped at once. Left, to remove by hand in this order:')
    const left = run.stderr.slice(run.stderr.indexOf('stopped at once'))
    const order = [
      'aws iam delete-role --role-name deploy',
      'aws iam delete-user --user-name ci-deploy',
      `aws iam delete-virtual-mfa-device --serial-number ${SERIAL}`
    ].map(command => left.indexOf(command))
    expect(order.every(at => at > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(emu.iamState().users).toContain(`${ACCOUNT}:ci-deploy`)
  })

  test('a signal during the last gh secret set is not ignored: the run is rolled back', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const before = emu.iamState()
    let interrupted = false
    const run = await init(
      emu.url,
      [...ARGS],
      { FAKE_GH_SET_DELAY_MS: '3000' },
      (stderr, child) => {
        if (!interrupted && stderr.includes('Stored the GitHub secret AWS_SECRET_ACCESS_KEY')) {
          interrupted = true
          setTimeout(() => child.kill('SIGTERM'), 1000)
        }
      }
    )
    expect(interrupted).toBe(true)
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain(
      'init failed at gh secret set AWS_MFA_SEED: Interrupted by SIGTERM.'
    )
    expect(run.stderr).toContain('Everything this run created was removed again.')
    expect(emu.iamState()).toEqual(before)
    expect(gh.names()).toEqual({ '#production': [] })
  }, 90_000)

  test("init's role with defaults accepts a session as old as the default duration (#18)", async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const run = await init(emu.url, ARGS)
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('mfa-session-duration-seconds up to 3600')
    const secrets = gh.secrets()
    // The SDK signs with the emulator's clock, which this test moves.
    const client = (credentials: STSClientConfig['credentials']) =>
      new STSClient({
        endpoint: emu.url,
        region: 'us-east-1',
        credentials,
        maxAttempts: 1,
        systemClockOffset: emu.now() - Date.now()
      })
    // An MFA session as the action's shared session and refresh-credentials make it: 3600 s, the
    // default mfa-session-duration-seconds. The enabling codes are spent: the next window's code.
    emu.advanceClock(30_000)
    const session = await client({
      accessKeyId: secrets.AWS_ACCESS_KEY_ID,
      secretAccessKey: secrets.AWS_SECRET_ACCESS_KEY
    }).send(
      new GetSessionTokenCommand({
        DurationSeconds: 3600,
        SerialNumber: SERIAL,
        TokenCode: totpCode(secrets.AWS_MFA_SEED, emu.now() / 1000)
      })
    )
    // Nearly an hour later, the session's last renewal: AssumeRole with it, no code.
    emu.advanceClock(3590_000)
    const renewed = await client({
      accessKeyId: session.Credentials!.AccessKeyId!,
      secretAccessKey: session.Credentials!.SecretAccessKey!,
      sessionToken: session.Credentials!.SessionToken!
    }).send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'renewal' }))
    expect(renewed.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/renewal`)
  }, 90_000)

  test('a team: two users in one group, each with its own device, both assume the role with the action; one removed no longer can (#24)', async () => {
    const emu = await start({ users: [ADMIN], roles: [] })
    const member = (user: string) => [
      '--user-name',
      user,
      '--group',
      'deployers',
      '--role-name',
      'deploy',
      '--github-secret',
      'AWS_MFA_SEED',
      '--github-environment',
      user,
      '--create-access-key'
    ]
    /** The secrets init stored for one environment. */
    const secretsOf = (environment: string) =>
      Object.fromEntries(
        gh
          .calls()
          .filter(call => call.args[1] === 'set' && call.args.includes(environment))
          .map(call => [call.args[2], call.stdin])
      )
    const runs: Record<string, string> = {}
    for (const user of ['alice', 'bob']) {
      const run = await init(emu.url, member(user))
      expect({ user, code: run.code, stderr: run.stderr }).toMatchObject({ code: 0 })
      runs[user] = run.stdout
    }
    const actionAs = (user: string) => {
      const secrets = secretsOf(user)
      return job(
        { ...stepInputs(runs[user], secrets), 'sts-endpoint': emu.url },
        { 'user secret key': secrets.AWS_SECRET_ACCESS_KEY }
      )
    }
    for (const user of ['alice', 'bob']) {
      const result = await actionAs(user)
      expect({ user, exit: result.main.exitCode, log: result.main.stdout }).toMatchObject({
        exit: 0
      })
      await expect(callerArn(emu.url, result.main.env)).resolves.toMatch(
        new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/deploy/`)
      )
    }
    await new IAMClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey }
    }).send(new RemoveUserFromGroupCommand({ GroupName: 'deployers', UserName: 'bob' }))
    expectFailure(await actionAs('bob'), /not authorized to perform: sts:AssumeRole/)
  }, 240_000)
})
