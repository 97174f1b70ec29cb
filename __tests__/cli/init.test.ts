/**
 * `aws-assume-role-mfa init` and `code` through runCli, in-process, with the real IAM and STS
 * clients talking to the emulator over loopback. Time is virtual: the clock given to the CLI and
 * the emulator's move together, so the wait for the next TOTP window costs nothing here (the
 * end-to-end suite, __tests__/e2e/init.test.ts, waits for real).
 */
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { mfaTrustPolicy, startEmulator, totpCode } from '../support/emulator/sts-emulator.js'
import { installFakeGh } from '../support/fake-gh.js'
import { runCli } from '../../src/cli/main.js'
import type { Clock } from '../../src/engine/clock.js'

const ACCOUNT = '123456789012'
const ADMIN = {
  name: 'admin',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAINITTESTADMIN001',
  secretAccessKey: 'init/admin+test0123456789abcdefghijklmn',
  mfaDevices: []
}
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/ci-deploy`
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy`
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`

type Emulator = Awaited<ReturnType<typeof startEmulator>>
let emulator: Emulator
let scratch: string
let gh: ReturnType<typeof installFakeGh>
let clock: Clock
const saved = { ...process.env }

beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-init-test-'))
  gh = installFakeGh(scratch)
  emulator = await startEmulator({
    users: [ADMIN],
    roles: [
      {
        arn: `arn:aws:iam::${ACCOUNT}:role/other`,
        trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/someone-else`, { mfa: false })
      }
    ]
  })
  for (const name of Object.keys(process.env)) if (name.startsWith('AWS_')) delete process.env[name]
  Object.assign(process.env, {
    AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    AWS_ENDPOINT_URL: emulator.url,
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_CONFIG_FILE: join(scratch, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'),
    PATH: `${gh.bin}:${saved.PATH}`,
    FAKE_GH_LOG: gh.log
  })
  delete process.env.FAKE_GH_AUTH
  delete process.env.FAKE_GH_FAIL_SET
  // The CLI's clock and the emulator's advance together; sleeping costs no real time.
  let offset = 0
  clock = {
    now: () => Date.now() + offset,
    sleep: async ms => {
      offset += ms
      emulator.advanceClock(ms)
    }
  }
})

afterEach(async () => {
  await emulator.close()
  rmSync(scratch, { recursive: true, force: true })
  process.env = { ...saved }
})

async function cli(argv: string[], stdinText = '') {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', chunk => (out += chunk))
  stderr.on('data', chunk => (err += chunk))
  const stdin = new PassThrough()
  stdin.end(stdinText)
  const code = await runCli({
    argv,
    env: process.env,
    stdin,
    stdout,
    stderr,
    clock,
    home: scratch,
    username: 'tester',
    version: '0.0.0-test'
  })
  return { code, stdout: out, stderr: err }
}

const MUTATING = /^(Create|Enable|Put|Delete|Deactivate)/
const mutations = () => emulator.requests.filter(r => MUTATING.test(r.action)).map(r => r.action)

describe('init', () => {
  test('creates the user, device, role and policy; stores the seed in a 600 file and a secret', async () => {
    const seedFile = join(scratch, 'seed')
    const run = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--role-name',
      'deploy',
      '--seed-file',
      seedFile,
      '--github-secret',
      'AWS_MFA_SEED',
      '--github-environment',
      'production'
    ])
    expect(run.stderr).not.toMatch(/failed/)
    expect(run.code).toBe(0)
    const seed = readFileSync(seedFile, 'utf8').trim()
    expect(seed).toMatch(/^[A-Z2-7]{64}$/)
    expect(lstatSync(seedFile).mode & 0o777).toBe(0o600)
    // The seed went to gh on standard input only.
    const set = gh.calls().find(call => call.args[1] === 'set')
    expect(set?.args).toEqual(['secret', 'set', 'AWS_MFA_SEED', '--env', 'production'])
    expect(set?.stdin).toBe(seed)
    for (const call of gh.calls()) expect(call.args.join(' ')).not.toContain(seed)
    expect(run.stdout + run.stderr).not.toContain(seed)
    expect(run.stdout).toContain(`mfa-serial: ${SERIAL}`)
    expect(run.stdout).toContain(`role-to-assume: ${ROLE_ARN}`)
    expect(run.stderr).toContain(`Created the IAM user ${USER_ARN} (it had none).`)
    expect(emulator.iamState()).toEqual({
      users: [`${ACCOUNT}:admin`, `${ACCOUNT}:ci-deploy`],
      devices: [`${SERIAL} enabled for ci-deploy`],
      roles: [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/other`],
      userPolicies: [`${ACCOUNT}:ci-deploy/aws-assume-role-mfa-deploy`],
      accessKeys: [`admin:${ADMIN.accessKeyId}`]
    })
    // The two codes were consecutive steps of the device's seed.
    const enable = emulator.requests.find(r => r.action === 'EnableMFADevice')
    const step = Math.floor(enable!.at / 30000)
    expect(enable!.params.AuthenticationCode1).toBe(totpCode(seed, (step - 1) * 30))
    expect(enable!.params.AuthenticationCode2).toBe(totpCode(seed, step * 30))
    // Sent with at least the action's 5 s margin left in the second code's window.
    expect(30000 - (enable!.at % 30000)).toBeGreaterThanOrEqual(5000)
  })

  test('with --create-access-key, the new user can assume the new role with the stored seed', async () => {
    const init = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--role-name',
      'deploy',
      '--github-secret',
      'AWS_MFA_SEED',
      '--create-access-key'
    ])
    expect(init.code).toBe(0)
    const secrets = gh.secrets()
    expect(Object.keys(secrets).sort()).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_MFA_SEED',
      'AWS_SECRET_ACCESS_KEY'
    ])
    expect(init.stdout + init.stderr).not.toContain(secrets.AWS_SECRET_ACCESS_KEY)
    expect(init.stdout + init.stderr).not.toContain(secrets.AWS_MFA_SEED)
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: secrets.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: secrets.AWS_SECRET_ACCESS_KEY,
      AWS_MFA_SEED: secrets.AWS_MFA_SEED
    })
    const assume = await cli([
      '--role-to-assume',
      ROLE_ARN,
      '--mfa-serial',
      SERIAL,
      '--aws-region',
      'us-east-1',
      '--format',
      'json'
    ])
    expect(assume.stderr).toContain(`Assumed arn:aws:sts::${ACCOUNT}:assumed-role/deploy/tester`)
    expect(assume.code).toBe(0)
  })

  test('a new user that IAM does not know yet as a principal: CreateRole is tried again', async () => {
    await emulator.close()
    emulator = await startEmulator({ users: [ADMIN], iamPropagationMs: 5_000 })
    process.env.AWS_ENDPOINT_URL = emulator.url
    const run = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--role-name',
      'deploy',
      '--seed-file',
      join(scratch, 'seed')
    ])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('IAM does not know the new user yet')
    const creates = emulator.requests.filter(r => r.action === 'CreateRole')
    expect(creates.map(r => r.errorCode ?? r.status)).toEqual([
      'MalformedPolicyDocument',
      'MalformedPolicyDocument',
      'MalformedPolicyDocument',
      200
    ])
  })

  test('a second init for the same user and device says the device exists, and creates nothing', async () => {
    expect(
      (await cli(['init', '--user-name', 'ci-deploy', '--seed-file', join(scratch, 'a')])).code
    ).toBe(0)
    const before = emulator.iamState()
    const made = mutations().length
    const again = await cli(['init', '--user-name', 'ci-deploy', '--seed-file', join(scratch, 'b')])
    expect(again.code).toBe(1)
    expect(again.stderr).toContain(`The IAM user ci-deploy already has the MFA device ${SERIAL}`)
    expect(mutations()).toHaveLength(made)
    expect(emulator.iamState()).toEqual(before)
    expect(() => lstatSync(join(scratch, 'b'))).toThrow()
  })

  test('refusals leave nothing behind', async () => {
    const before = emulator.iamState()
    const existing = join(scratch, 'existing')
    writeFileSync(existing, 'something else')
    const link = join(scratch, 'link')
    symlinkSync(join(scratch, 'nowhere'), link)
    process.env.FAKE_GH_AUTH = 'fail'
    const cases: [string[], RegExp][] = [
      [
        ['init', '--role-name', 'deploy', '--seed-file', join(scratch, 's')],
        /--user-name is required/
      ],
      [['init', '--user-name', 'ci-deploy'], /Say where the seed goes/],
      [
        ['init', '--user-name', 'ci-deploy', '--seed-file', existing],
        /exists, and is never overwritten/
      ],
      [
        ['init', '--user-name', 'ci-deploy', '--seed-file', link],
        /exists, and is never overwritten/
      ],
      [['init', '--user-name', 'ci-deploy', '--github-secret', 'SEED'], /gh is not signed in/],
      [
        [
          'init',
          '--user-name',
          'ci-deploy',
          '--seed-file',
          join(scratch, 's'),
          '--create-access-key'
        ],
        /--create-access-key needs --github-secret/
      ],
      [
        ['init', '--user-name', 'bad name!', '--seed-file', join(scratch, 's')],
        /Invalid --user-name/
      ]
    ]
    for (const [argv, message] of cases) {
      const run = await cli(argv)
      expect(run.code).toBe(1)
      expect(run.stderr).toMatch(message)
      expect(run.stdout).toBe('')
    }
    expect(readFileSync(existing, 'utf8')).toBe('something else')
    expect(mutations()).toEqual([])
    expect(emulator.iamState()).toEqual(before)
  })

  test('an administrator without working keys is refused before anything is created', async () => {
    process.env.AWS_SECRET_ACCESS_KEY = 'wrong/secret+0123456789abcdefghijklmnopq'
    const run = await cli(['init', '--user-name', 'ci-deploy', '--seed-file', join(scratch, 's')])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Cannot reach AWS as the administrator (SignatureDoesNotMatch')
    expect(run.stderr).toContain('Nothing was created.')
    expect(mutations()).toEqual([])
  })

  test('an existing role whose trust policy does not fit is left alone, with the statement to add', async () => {
    const run = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--role-name',
      'other',
      '--seed-file',
      join(scratch, 's')
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`does not let ${USER_ARN} assume it with MFA`)
    expect(run.stderr).toContain('"aws:MultiFactorAuthPresent": "true"')
    expect(mutations()).toEqual([])
  })

  test('an existing role that fits is used as it is', async () => {
    expect(
      (
        await cli([
          'init',
          '--user-name',
          'ci-deploy',
          '--role-name',
          'deploy',
          '--seed-file',
          join(scratch, 'a')
        ])
      ).code
    ).toBe(0)
    const run = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--device-name',
      'ci-deploy-2',
      '--role-name',
      'deploy',
      '--seed-file',
      join(scratch, 'b')
    ])
    expect(run.code).toBe(0)
    expect(emulator.requests.filter(r => r.action === 'CreateRole')).toHaveLength(1)
    expect(emulator.iamState().devices).toEqual([
      `${SERIAL} enabled for ci-deploy`,
      `${SERIAL}-2 enabled for ci-deploy`
    ])
  })

  test('a failure midway rolls back what the run created, and the seed file with it', async () => {
    const before = emulator.iamState()
    const seedFile = join(scratch, 'seed')
    process.env.FAKE_GH_FAIL_SET = 'AWS_MFA_SEED'
    const run = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--role-name',
      'deploy',
      '--seed-file',
      seedFile,
      '--github-secret',
      'AWS_MFA_SEED',
      '--create-access-key'
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('init failed at gh secret set AWS_MFA_SEED')
    expect(run.stderr).toContain('Everything this run created in AWS was removed again.')
    // The key's secrets were set before the failure: the one thing left, and said so.
    expect(run.stderr).toContain('Could not undo, do it by hand:')
    expect(run.stderr).toContain('gh secret delete AWS_SECRET_ACCESS_KEY')
    expect(emulator.iamState()).toEqual(before)
    expect(() => lstatSync(seedFile)).toThrow()
    expect(run.stdout).toBe('')
  })

  test('what cannot be undone is named, with the command, and the seed file is kept', async () => {
    const seedFile = join(scratch, 'seed')
    // PutUserPolicy fails for good; then DeleteRole and DeleteVirtualMFADevice fail too.
    emulator.injectFaults([
      { kind: '500', count: 3, action: 'PutUserPolicy' },
      { kind: '500', count: 3, action: 'DeleteRole' },
      { kind: '500', count: 3, action: 'DeleteVirtualMFADevice' }
    ])
    const run = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--role-name',
      'deploy',
      '--seed-file',
      seedFile
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('init failed at PutUserPolicy')
    expect(run.stderr).toContain('Rolled back: removed the IAM user ci-deploy.')
    expect(run.stderr).toContain('aws iam delete-role --role-name deploy')
    expect(run.stderr).toContain(`aws iam delete-virtual-mfa-device --serial-number ${SERIAL}`)
    expect(run.stderr).toContain(`The seed is kept in ${seedFile}`)
    expect(readFileSync(seedFile, 'utf8').trim()).toMatch(/^[A-Z2-7]{64}$/)
    expect(emulator.iamState().users).toEqual([`${ACCOUNT}:admin`])
  })
})

describe('code', () => {
  test('prints the current code of the seed, and nothing else', async () => {
    const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
    const run = await cli(['code', '--mfa-seed-stdin'], seed)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/^\d{6}\n$/)
    const now = clock.now()
    expect(run.stdout.trim()).toBe(totpCode(seed, Math.floor(now / 1000)))
    expect(run.stderr).not.toContain(seed)
  })

  test('with less than 5 s left in the window, it waits and prints the next code', async () => {
    const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'
    const start = clock.now()
    // 2 s before the end of a window.
    await clock.sleep(30_000 - (start % 30_000) - 2_000)
    const step = Math.floor(clock.now() / 30_000)
    const run = await cli(['code', '--mfa-seed-stdin'], seed)
    expect(run.stderr).toMatch(/Waiting 2 s for the next TOTP window/)
    expect(run.stdout).toBe(`${totpCode(seed, (step + 1) * 30)}\n`)
  })

  test('without a seed it says where one goes, and prints nothing', async () => {
    const run = await cli(['code'])
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('No seed: set AWS_MFA_SEED')
  })

  test('a bad seed is refused without quoting it', async () => {
    process.env.AWS_MFA_SEED = 'NOT-A-SEED-0189'
    const run = await cli(['code'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Invalid AWS_MFA_SEED')
    expect(run.stderr).not.toContain('NOT-A-SEED-0189')
  })
})
