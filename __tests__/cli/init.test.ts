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
import { execFile } from 'node:child_process'
import {
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  GetRoleCommand,
  GetUserPolicyCommand,
  IAMClient,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand
} from '@aws-sdk/client-iam'
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
    ...gh.env
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

const MUTATING = /^(Create|Enable|Put|Delete|Deactivate|Add|Remove|Update)/
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
      groups: [],
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
    // The key's secrets were set before the failure, new: deleted again too.
    expect(run.stderr).toContain('Rolled back: removed the GitHub secret AWS_SECRET_ACCESS_KEY.')
    expect(run.stderr).toContain('Everything this run created was removed again.')
    expect(gh.names()).toEqual({ '#': [] })
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

/** The admin's own IAM client, for setting up what exists before init runs. */
function adminIam() {
  return new IAMClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey },
    maxAttempts: 1
  })
}

/** The user ci-deploy, and a role `name` with this trust policy. */
async function existingRole(name: string, statements: object[]) {
  const iam = adminIam()
  await iam.send(new CreateUserCommand({ UserName: 'ci-deploy' }))
  await iam.send(
    new CreateRoleCommand({
      RoleName: name,
      AssumeRolePolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: statements })
    })
  )
}

const WITH_MFA = {
  Effect: 'Allow',
  Principal: { AWS: USER_ARN },
  Action: 'sts:AssumeRole',
  Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
}
const roleArgs = (role: string, seed = 'seed') => [
  'init',
  '--user-name',
  'ci-deploy',
  '--role-name',
  role,
  '--seed-file',
  join(scratch, seed)
]
const FULL = [
  'init',
  '--user-name',
  'ci-deploy',
  '--role-name',
  'deploy',
  '--github-secret',
  'AWS_MFA_SEED',
  '--create-access-key'
]

/** The `aws iam …` commands a message tells the user to run, in its order. */
const printedCommands = (text: string) =>
  text
    .split('\n')
    .map(line => /(aws iam [^\n]+)$/.exec(line)?.[1])
    .filter((command): command is string => command !== undefined)

/**
 * Runs one printed `aws iam` command with the AWS CLI, as the administrator, on the emulator
 * (asynchronously: the emulator answers from this process).
 */
function awsCli(command: string): Promise<{ status: number; stderr: string }> {
  const args = command.split(' ').slice(1)
  const env = {
    PATH: saved.PATH,
    HOME: scratch,
    AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    AWS_CONFIG_FILE: join(scratch, 'none'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
    AWS_MAX_ATTEMPTS: '1'
  }
  return new Promise(resolvePromise => {
    execFile(
      'aws',
      [...args, '--endpoint-url', emulator.url, '--region', 'us-east-1'],
      { env, timeout: 30_000 },
      (error, _stdout, stderr) =>
        resolvePromise({ status: error ? Number(error.code ?? 1) : 0, stderr: stderr.trim() })
    )
  })
}

describe('init never weakens or breaks what exists (#20)', () => {
  test('a role that admits the user without MFA beside a statement with MFA is refused', async () => {
    await existingRole('mixed', [
      { Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 'sts:AssumeRole' },
      WITH_MFA
    ])
    const made = mutations().length
    const run = await cli(roleArgs('mixed'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('without MFA')
    expect(mutations()).toHaveLength(made)
  })

  test("the refusal's advice is to replace the statements that admit the user, never to add beside them", async () => {
    await existingRole('nomfa', [
      { Effect: 'Allow', Principal: { AWS: USER_ARN }, Action: 'sts:AssumeRole' }
    ])
    const run = await cli(roleArgs('nomfa'))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Replace/)
    expect(run.stderr).not.toMatch(/add this statement/i)
    expect(run.stderr).toContain('"aws:MultiFactorAuthPresent": "true"')
  })

  test('condition keys are case-insensitive: aws:multifactorauthpresent is MFA', async () => {
    await existingRole('lower', [
      { ...WITH_MFA, Condition: { Bool: { 'aws:multifactorauthpresent': 'true' } } }
    ])
    const run = await cli(roleArgs('lower'))
    expect(run.stderr).not.toMatch(/does not let/)
    expect(run.code).toBe(0)
  })

  test('an explicit Deny for the user wins: refused', async () => {
    await existingRole('denied', [
      WITH_MFA,
      { Effect: 'Deny', Principal: { AWS: USER_ARN }, Action: 'sts:AssumeRole' }
    ])
    const made = mutations().length
    const run = await cli(roleArgs('denied'))
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Deny/)
    expect(mutations()).toHaveLength(made)
  })

  test('a condition init cannot judge from here (a principal tag) is named in a warning', async () => {
    // The emulator refuses aws:SourceIp (it does not model it); a tag is as unknown to init, which
    // does not read the user's tags (trust-policy.test.ts covers aws:SourceIp).
    await existingRole('tagged', [
      {
        ...WITH_MFA,
        Condition: { ...WITH_MFA.Condition, StringEquals: { 'aws:PrincipalTag/team': 'ci' } }
      }
    ])
    const run = await cli(roleArgs('tagged'))
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/Warning.*aws:PrincipalTag\/team cannot be judged from here/)
  })

  test('existing GitHub secrets are refused before anything is created; --replace-secrets replaces them', async () => {
    gh.preset({ '#': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_MFA_SEED', 'OTHER'] })
    const before = emulator.iamState()
    const run = await cli(FULL)
    expect(run.code).toBe(1)
    for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_MFA_SEED']) {
      expect(run.stderr).toContain(name)
    }
    expect(run.stderr).toContain('--replace-secrets')
    expect(run.stderr).not.toContain('OTHER')
    expect(mutations()).toEqual([])
    expect(emulator.iamState()).toEqual(before)
    expect(gh.calls().filter(c => c.args[1] === 'set')).toEqual([])
    const again = await cli([...FULL, '--replace-secrets'])
    expect(again.code).toBe(0)
    expect(again.stderr).toMatch(/Replaced the GitHub secret AWS_MFA_SEED/)
  })

  test("the repository's secrets that an environment's would take the place of are refused too", async () => {
    gh.preset({ '#': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'] })
    const args = [...FULL, '--github-environment', 'production']
    const run = await cli(args)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      "The repository's secrets AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY exist: the environment production's secrets of the same names would take their place"
    )
    expect(mutations()).toEqual([])
    const again = await cli([...args, '--replace-secrets'])
    expect(again.code).toBe(0)
    expect(gh.names()).toEqual({
      '#': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY'],
      '#production': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_MFA_SEED']
    })
  })

  test("a second run that fails leaves the first run's inline policy and secrets alone", async () => {
    expect((await cli([...FULL, '--seed-file', join(scratch, 'a')])).code).toBe(0)
    const before = emulator.iamState()
    const secrets = gh.names()
    process.env.FAKE_GH_FAIL_SET = 'AWS_MFA_SEED_2'
    const second = await cli([
      'init',
      '--user-name',
      'ci-deploy',
      '--device-name',
      'ci-deploy-2',
      '--role-name',
      'deploy',
      '--github-secret',
      'AWS_MFA_SEED_2'
    ])
    expect(second.code).toBe(1)
    expect(second.stderr).toMatch(/left alone/)
    expect(emulator.iamState()).toEqual(before)
    expect(gh.names()).toEqual(secrets)
  })

  test('an inline policy of the same name with another document is never replaced silently', async () => {
    const iam = adminIam()
    await iam.send(new CreateUserCommand({ UserName: 'ci-deploy' }))
    const mine = JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }]
    })
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ci-deploy',
        PolicyName: 'aws-assume-role-mfa-deploy',
        PolicyDocument: mine
      })
    )
    const made = mutations().length
    const run = await cli(roleArgs('deploy'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('aws-assume-role-mfa-deploy')
    expect(mutations()).toHaveLength(made)
    const kept = await iam.send(
      new GetUserPolicyCommand({ UserName: 'ci-deploy', PolicyName: 'aws-assume-role-mfa-deploy' })
    )
    expect(decodeURIComponent(kept.PolicyDocument!)).toBe(mine)
  })

  test.each(['CreateUser', 'CreateRole', 'PutUserPolicy', 'EnableMFADevice'])(
    'a lost answer to %s is reconciled: sent once, found to have taken effect, and the run goes on',
    async action => {
      emulator.injectFaults([{ kind: 'lost', count: 1, action }])
      const run = await cli(roleArgs('deploy'))
      expect(emulator.requests.filter(r => r.action === action)).toHaveLength(1)
      expect(run.stderr).toContain(`${action} had taken effect: going on.`)
      expect(run.code).toBe(0)
      expect(emulator.iamState()).toMatchObject({
        users: [`${ACCOUNT}:admin`, `${ACCOUNT}:ci-deploy`],
        devices: [`${SERIAL} enabled for ci-deploy`],
        roles: [ROLE_ARN, `arn:aws:iam::${ACCOUNT}:role/other`],
        userPolicies: [`${ACCOUNT}:ci-deploy/aws-assume-role-mfa-deploy`]
      })
    }
  )

  test('a lost answer to CreateUser, then a failure: the rollback removes the user it made', async () => {
    const before = emulator.iamState()
    emulator.injectFaults([
      { kind: 'lost', count: 1, action: 'CreateUser' },
      { kind: '500', count: 1, action: 'CreateRole' }
    ])
    const run = await cli(roleArgs('deploy'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Rolled back: removed the IAM user ci-deploy.')
    expect(run.stderr).toContain('Everything this run created was removed again.')
    expect(emulator.iamState()).toEqual(before)
  })

  test('a lost CreateVirtualMFADevice answer: the device whose seed nobody saw is deleted again', async () => {
    const before = emulator.iamState()
    emulator.injectFaults([{ kind: 'lost', count: 1, action: 'CreateVirtualMFADevice' }])
    const run = await cli(roleArgs('deploy'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      'its answer, with the seed, was lost; the device was deleted again'
    )
    expect(emulator.iamState()).toEqual(before)
  })

  test('a lost CreateAccessKey answer never leaves a key nobody holds', async () => {
    const before = emulator.iamState()
    emulator.injectFaults([{ kind: 'lost', count: 1, action: 'CreateAccessKey' }])
    const run = await cli(FULL)
    expect(run.code).toBe(1)
    expect(emulator.requests.filter(r => r.action === 'CreateAccessKey')).toHaveLength(1)
    expect(run.stderr).toMatch(/the key was deleted again, since nobody holds it/)
    expect(run.stderr).toContain('Everything this run created was removed again.')
    expect(emulator.iamState()).toEqual(before)
    expect(gh.secrets()).toEqual({})
  })

  test('after a lost EnableMFADevice answer, the printed clean-up commands work when run against IAM', async () => {
    const before = emulator.iamState()
    process.env.FAKE_GH_FAIL_SET = 'AWS_MFA_SEED'
    emulator.injectFaults([
      { kind: 'lost', count: 1, action: 'EnableMFADevice' },
      // The SDK's three attempts each.
      { kind: '500', count: 3, action: 'DeactivateMFADevice' },
      { kind: '500', count: 3, action: 'DeleteAccessKey' }
    ])
    const run = await cli(FULL)
    expect(run.code).toBe(1)
    const commands = printedCommands(run.stderr)
    expect(commands.length).toBeGreaterThan(0)
    const deactivate = commands.findIndex(c => c.startsWith('aws iam deactivate-mfa-device'))
    const deleteDevice = commands.findIndex(c => c.startsWith('aws iam delete-virtual-mfa-device'))
    expect(deactivate).toBeGreaterThanOrEqual(0)
    expect(deleteDevice).toBeGreaterThan(deactivate)
    for (const command of commands) {
      const result = await awsCli(command)
      expect({ command, status: result.status, stderr: result.stderr }).toEqual({
        command,
        status: 0,
        stderr: ''
      })
    }
    expect(emulator.iamState()).toEqual(before)
  }, 60_000)

  test('a user with two access keys is refused before anything is made, with --create-access-key', async () => {
    const iam = adminIam()
    await iam.send(new CreateUserCommand({ UserName: 'ci-deploy' }))
    await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deploy' }))
    await iam.send(new CreateAccessKeyCommand({ UserName: 'ci-deploy' }))
    const made = mutations().length
    const run = await cli(FULL)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/two access keys/)
    expect(mutations()).toHaveLength(made)
  })

  test("gh runs without the administrator's AWS credentials in its environment", async () => {
    const run = await cli(FULL)
    expect(run.code).toBe(0)
    expect(gh.calls().length).toBeGreaterThan(0)
    for (const call of gh.calls()) expect(call.awsEnv).toEqual([])
  })
})

describe('the MFA-age bound of a new role (#18)', () => {
  test('by default 3600, NumericLessThan: the bound and the action settings it allows are printed', async () => {
    const run = await cli(roleArgs('deploy'))
    expect(run.code).toBe(0)
    const trust = JSON.parse(
      decodeURIComponent(
        (await adminIam().send(new GetRoleCommand({ RoleName: 'deploy' }))).Role!
          .AssumeRolePolicyDocument!
      )
    )
    expect(trust.Statement[0].Condition.NumericLessThan).toEqual({
      'aws:MultiFactorAuthAge': '3600'
    })
    expect(run.stderr).toContain(
      "Its trust policy allows MFA sessions younger than 3600 s (NumericLessThan aws:MultiFactorAuthAge 3600): the action's mfa-session-duration-seconds up to 3600"
    )
  })

  test.each(['1e+23', '100000000000000000000000', '0', '129601', '3600.0', '0x10'])(
    '--mfa-max-age-seconds %p is refused with a clear error, before anything is made',
    async value => {
      const run = await cli([...roleArgs('deploy'), '--mfa-max-age-seconds', value])
      expect(run.code).toBe(1)
      expect(run.stderr).toContain(
        `Invalid --mfa-max-age-seconds '${value}': a whole number of seconds from 1 to 129600`
      )
      expect(emulator.requests).toEqual([])
    }
  )

  test('129600 is the largest bound accepted, and is written as given', async () => {
    const run = await cli([...roleArgs('deploy'), '--mfa-max-age-seconds', '129600'])
    expect(run.code).toBe(0)
    expect(run.stderr).toContain('mfa-session-duration-seconds up to 129600')
  })
})

describe('teams: an IAM group decides who may assume the role (#24)', () => {
  const member = (user: string, environment: string) => [
    'init',
    '--user-name',
    user,
    '--group',
    'deployers',
    '--role-name',
    'deploy',
    '--github-secret',
    'AWS_MFA_SEED',
    '--github-environment',
    environment,
    '--create-access-key'
  ]
  /** The role assumed with what init stored for that environment: the exit code and stderr. */
  async function assumeAs(environment: string, serial: string) {
    const secrets = gh.names()[`#${environment}`]
    expect(secrets).toContain('AWS_MFA_SEED')
    const values: Record<string, string> = {}
    for (const call of gh.calls()) {
      if (call.args[1] === 'set' && call.args.includes(environment))
        values[call.args[2]] = call.stdin
    }
    emulator.advanceClock(30_000) // a fresh window: the enabling codes are spent
    await clock.sleep(30_000)
    const env = { ...process.env }
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: values.AWS_ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: values.AWS_SECRET_ACCESS_KEY,
      AWS_MFA_SEED: values.AWS_MFA_SEED
    })
    try {
      return await cli([
        '--role-to-assume',
        ROLE_ARN,
        '--mfa-serial',
        serial,
        '--aws-region',
        'us-east-1',
        '--format',
        'json'
      ])
    } finally {
      process.env = env
    }
  }

  test('two users in one group, each with its own device, both assume the role; one removed no longer can', async () => {
    const first = await cli(member('alice', 'alice'))
    expect(first.code).toBe(0)
    expect(first.stderr).toContain(
      `it trusts the account (arn:aws:iam::${ACCOUNT}:root), with MFA only`
    )
    const trust = JSON.parse(
      decodeURIComponent(
        (await adminIam().send(new GetRoleCommand({ RoleName: 'deploy' }))).Role!
          .AssumeRolePolicyDocument!
      )
    )
    expect(trust.Statement).toEqual([
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
        Condition: {
          Bool: { 'aws:MultiFactorAuthPresent': 'true' },
          NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' }
        }
      }
    ])
    const made = emulator.requests.length
    const second = await cli(member('bob', 'bob'))
    expect(second.code).toBe(0)
    // The second run adds bob to the group and changes nothing else of the team's.
    const secondMutations = emulator.requests
      .slice(made)
      .filter(r => MUTATING.test(r.action))
      .map(r => r.action)
    expect(secondMutations).toEqual([
      'CreateVirtualMFADevice',
      'CreateUser',
      'AddUserToGroup',
      'EnableMFADevice',
      'CreateAccessKey'
    ])
    expect(second.stderr).toContain(
      'There before this run, used as it was: the role deploy; the IAM group deployers; the policy aws-assume-role-mfa-deploy of the group deployers.'
    )
    expect(emulator.iamState()).toMatchObject({
      groups: [`${ACCOUNT}:deployers [alice,bob] {aws-assume-role-mfa-deploy}`],
      userPolicies: []
    })
    const alice = await assumeAs('alice', `arn:aws:iam::${ACCOUNT}:mfa/alice`)
    expect(alice.stderr).toContain(`Assumed arn:aws:sts::${ACCOUNT}:assumed-role/deploy/`)
    const bob = await assumeAs('bob', `arn:aws:iam::${ACCOUNT}:mfa/bob`)
    expect(bob.stderr).toContain(`Assumed arn:aws:sts::${ACCOUNT}:assumed-role/deploy/`)

    // Out of the group: the account's trust alone does not let bob in.
    await adminIam().send(
      new RemoveUserFromGroupCommand({ GroupName: 'deployers', UserName: 'bob' })
    )
    const refused = await assumeAs('bob', `arn:aws:iam::${ACCOUNT}:mfa/bob`)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('is not authorized to perform: sts:AssumeRole')
  })

  test('a failure after joining the group rolls back the membership, the group and its policy, in order', async () => {
    const before = emulator.iamState()
    process.env.FAKE_GH_FAIL_SET = 'AWS_MFA_SEED'
    const run = await cli(member('alice', 'alice'))
    expect(run.code).toBe(1)
    const rolled = run.stderr.split('\n').filter(line => line.startsWith('Rolled back: removed'))
    expect(rolled).toEqual([
      'Rolled back: removed the GitHub secret AWS_SECRET_ACCESS_KEY (environment alice).',
      'Rolled back: removed the GitHub secret AWS_ACCESS_KEY_ID (environment alice).',
      expect.stringMatching(/^Rolled back: removed the access key AKIA\w+ of alice\.$/),
      `Rolled back: removed the MFA device arn:aws:iam::${ACCOUNT}:mfa/alice enabled for alice.`,
      'Rolled back: removed the membership of alice in the group deployers.',
      'Rolled back: removed the policy aws-assume-role-mfa-deploy of the group deployers.',
      'Rolled back: removed the IAM group deployers.',
      'Rolled back: removed the role deploy.',
      'Rolled back: removed the IAM user alice.',
      `Rolled back: removed the MFA device arn:aws:iam::${ACCOUNT}:mfa/alice.`
    ])
    expect(emulator.iamState()).toEqual(before)
  })

  test('lost answers to CreateGroup, PutGroupPolicy and AddUserToGroup are reconciled', async () => {
    emulator.injectFaults([
      { kind: 'lost', count: 1, action: 'CreateGroup' },
      { kind: 'lost', count: 1, action: 'PutGroupPolicy' },
      { kind: 'lost', count: 1, action: 'AddUserToGroup' }
    ])
    const run = await cli(member('alice', 'alice'))
    expect(run.code).toBe(0)
    for (const action of ['CreateGroup', 'PutGroupPolicy', 'AddUserToGroup']) {
      expect(run.stderr).toContain(`${action} had taken effect: going on.`)
      expect(emulator.requests.filter(r => r.action === action)).toHaveLength(1)
    }
    expect(emulator.iamState().groups).toEqual([
      `${ACCOUNT}:deployers [alice] {aws-assume-role-mfa-deploy}`
    ])
  })

  test("a group policy of init's name with another document is refused before anything is made", async () => {
    const iam = adminIam()
    await iam.send(new CreateGroupCommand({ GroupName: 'deployers' }))
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'deployers',
        PolicyName: 'aws-assume-role-mfa-deploy',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: '*' }]
        })
      })
    )
    const made = mutations().length
    const run = await cli(member('alice', 'alice'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('already has an inline policy named aws-assume-role-mfa-deploy')
    expect(mutations()).toHaveLength(made)
  })

  test('an existing role that lets the user in without MFA is refused; the advice trusts the account, for a group', async () => {
    await existingRole('deploy', [
      {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'sts:AssumeRole'
      }
    ])
    const made = mutations().length
    const run = await cli(member('ci-deploy', 'production'))
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('statement #1 lets')
    expect(run.stderr).toContain(`"AWS": "arn:aws:iam::${ACCOUNT}:root"`)
    expect(mutations()).toHaveLength(made)
  })

  test('--group needs --role-name', async () => {
    const run = await cli([
      'init',
      '--user-name',
      'alice',
      '--group',
      'g',
      '--seed-file',
      join(scratch, 's')
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('--group goes with --role-name')
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
