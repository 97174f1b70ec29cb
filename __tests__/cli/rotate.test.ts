/**
 * `aws-assume-role-mfa rotate` through runCli, in-process, with the real IAM and STS clients
 * talking to the emulator over loopback and a fake `gh` first on PATH. Time is virtual: the CLI's
 * clock and the emulator's move together, so the TOTP wait and the grace period cost nothing.
 */
import {
  chmodSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import {
  CreateAccessKeyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { installFakeGh } from '../support/fake-gh.js'
import { runCli } from '../../src/cli/main.js'
import type { Clock } from '../../src/engine/clock.js'

const ACCOUNT = '123456789012'
const ADMIN = {
  name: 'admin',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAROTATETESTADMIN1',
  secretAccessKey: 'rotate/admin+test0123456789abcdefghijkl',
  mfaDevices: []
}
const OLD_SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy`
const USER = {
  name: 'ci-deploy',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAROTATETESTUSER01',
  secretAccessKey: 'rotate/user+test0123456789abcdefghijklmn',
  mfaDevices: [{ serial: OLD_SERIAL, seed: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' }]
}
const OLD = USER.accessKeyId
const KEY_SECRETS = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']
const TARGET = 'octo/app#production'
const GH_ARGS = ['--github-repo', 'octo/app', '--github-environment', 'production']

type Emulator = Awaited<ReturnType<typeof startEmulator>>
let emulator: Emulator
let scratch: string
let gh: ReturnType<typeof installFakeGh>
let clock: Clock
const saved = { ...process.env }
const savedCwd = process.cwd()

beforeEach(async () => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-rotate-test-'))
  process.chdir(scratch)
  gh = installFakeGh(scratch)
  gh.preset({ [TARGET]: [...KEY_SECRETS, 'AWS_MFA_SEED'] })
  // Fresh copies: the emulator's IAM changes its users' device lists in place.
  emulator = await startEmulator({ users: structuredClone([ADMIN, USER]) })
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
  process.chdir(savedCwd)
  await emulator.close()
  rmSync(scratch, { recursive: true, force: true })
  process.env = { ...saved }
})

/** runCli in-process; `onStderr` sees the standard error so far, for signals at a step. */
async function cli(argv: string[], onStderr: (text: string) => void = () => {}) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', chunk => (out += chunk))
  stderr.on('data', chunk => {
    err += chunk
    onStderr(err)
  })
  const stdin = new PassThrough()
  stdin.end()
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

const admin = () =>
  new IAMClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey }
  })

async function keys(): Promise<Record<string, string>> {
  const listed = await admin().send(new ListAccessKeysCommand({ UserName: 'ci-deploy' }))
  return Object.fromEntries(
    (listed.AccessKeyMetadata ?? []).map(k => [k.AccessKeyId ?? '', k.Status ?? ''])
  )
}

/** GetCallerIdentity with a long-term key: the ARN, or the error's name. */
async function whoIs(accessKeyId: string, secretAccessKey: string): Promise<string> {
  const sts = new STSClient({
    endpoint: emulator.url,
    region: 'us-east-1',
    credentials: { accessKeyId, secretAccessKey },
    maxAttempts: 1
  })
  try {
    return (await sts.send(new GetCallerIdentityCommand({}))).Arn ?? ''
  } catch (error) {
    return (error as Error).name
  }
}

const MUTATING = /^(Create|Enable|Put|Delete|Deactivate|Update)/
const mutations = () => emulator.requests.filter(r => MUTATING.test(r.action)).map(r => r.action)
const rotateKey = (...more: string[]) =>
  cli(['rotate', 'access-key', '--user-name', 'ci-deploy', ...GH_ARGS, ...more])

describe('rotate: options', () => {
  test.each([
    [['rotate', 'keys'], "Unknown rotate target 'keys'"],
    [['rotate', 'access-key'], 'Option --user-name is required'],
    [
      [
        'rotate',
        'access-key',
        '--user-name',
        'u',
        '--access-key-id-secret',
        'X',
        '--secret-access-key-secret',
        'x'
      ],
      'must differ'
    ],
    [['rotate', 'mfa-device', '--user-name', 'u'], 'Say where the new seed goes'],
    [
      [
        'rotate',
        'mfa-device',
        '--user-name',
        'u',
        '--retire',
        'arn:aws:iam::123456789012:mfa/u',
        '--github-secret',
        'S'
      ],
      '--retire only retires'
    ],
    [['rotate', 'mfa-device', '--user-name', 'u', '--retire', 'u'], "Invalid --retire 'u'"],
    [
      ['rotate', 'mfa-device', '--user-name', 'u', '--seed-file', 'f', '--delete-secret', 'S'],
      '--delete-secret goes with --retire'
    ]
  ])('%j is refused before anything is asked', async (argv, message) => {
    const run = await cli(argv)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(message)
    expect(run.stdout).toBe('')
    expect(emulator.requests).toEqual([])
    expect(gh.calls()).toEqual([])
  })

  test('rotate --help prints the usage of both targets', async () => {
    const run = await cli(['rotate', '--help'])
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('aws-assume-role-mfa rotate access-key --user-name NAME')
    expect(run.stdout).toContain(
      'aws-assume-role-mfa rotate mfa-device --user-name NAME --retire SERIAL'
    )
  })
})

describe('rotate access-key', () => {
  test('a new key, accepted by STS, stored in both secrets on standard input; the old one Inactive', async () => {
    const run = await rotateKey()
    expect(run.stderr).not.toMatch(/failed/)
    expect(run.code).toBe(0)
    const stored = gh.secrets()
    const newId = stored.AWS_ACCESS_KEY_ID
    expect(newId).toMatch(/^AKIA[A-Z0-9]{16}$/)
    expect(newId).not.toBe(OLD)
    expect(await keys()).toEqual({ [OLD]: 'Inactive', [newId]: 'Active' })
    expect(await whoIs(newId, stored.AWS_SECRET_ACCESS_KEY)).toBe(
      `arn:aws:iam::${ACCOUNT}:user/ci-deploy`
    )
    expect(await whoIs(OLD, USER.secretAccessKey)).toBe('InvalidClientTokenId')
    // STS was asked with the new key before any secret changed.
    const order = emulator.requests.map(r => r.action)
    expect(order.indexOf('GetCallerIdentity', 1)).toBeLessThan(order.indexOf('UpdateAccessKey'))
    const sets = gh.calls().filter(c => c.args[1] === 'set')
    expect(sets.map(c => c.args)).toEqual(
      KEY_SECRETS.map(name => ['secret', 'set', name, '--repo', 'octo/app', '--env', 'production'])
    )
    for (const call of gh.calls()) {
      expect(call.awsEnv).toEqual([])
      expect(call.args.join(' ')).not.toContain(stored.AWS_SECRET_ACCESS_KEY)
    }
    expect(run.stdout + run.stderr).not.toContain(stored.AWS_SECRET_ACCESS_KEY)
    expect(run.stdout).toContain(`access key ${OLD} of ci-deploy: Inactive (old)`)
    expect(run.stdout).toContain(
      `GitHub secret AWS_ACCESS_KEY_ID of octo/app (environment production): the new key ${newId}`
    )
  })

  test('a second rotation right after the first deletes the key the first left Inactive', async () => {
    expect((await rotateKey()).code).toBe(0)
    const first = gh.secrets().AWS_ACCESS_KEY_ID
    const second = await rotateKey()
    expect(second.stderr).not.toMatch(/failed/)
    expect(second.code).toBe(0)
    const latest = gh.secrets().AWS_ACCESS_KEY_ID
    expect(await keys()).toEqual({ [first]: 'Inactive', [latest]: 'Active' })
    expect(second.stderr).toContain(`Deleted the access key ${OLD} of ci-deploy`)
    expect(await whoIs(latest, gh.secrets().AWS_SECRET_ACCESS_KEY)).toMatch(/user\/ci-deploy$/)
  })

  test('two Active keys are refused, naming both, before anything changes', async () => {
    const other = await admin().send(new CreateAccessKeyCommand({ UserName: 'ci-deploy' }))
    const run = await rotateKey()
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(
      `The IAM user ci-deploy has two Active access keys (${OLD}, ${other.AccessKey?.AccessKeyId})`
    )
    expect(mutations()).toEqual(['CreateAccessKey'])
    expect(gh.calls().filter(c => c.args[1] === 'set')).toEqual([])
  })

  test('secrets that do not exist are refused: rotate replaces what init stored', async () => {
    gh.preset({})
    const run = await rotateKey()
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('No GitHub secret AWS_ACCESS_KEY_ID or AWS_SECRET_ACCESS_KEY')
    expect(mutations()).toEqual([])
  })

  test('gh failing at the first secret: the new key is deleted again, the old one stays Active', async () => {
    process.env.FAKE_GH_FAIL_SET = 'AWS_ACCESS_KEY_ID'
    const run = await rotateKey()
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('rotate access-key failed at gh secret set AWS_ACCESS_KEY_ID')
    expect(await keys()).toEqual({ [OLD]: 'Active' })
    expect(run.stderr).toMatch(/access key AKIA\w+ of ci-deploy: deleted again/)
    expect(run.stderr).toContain(`access key ${OLD} of ci-deploy: Active (old)`)
    expect(run.stderr).toContain(
      'GitHub secret AWS_SECRET_ACCESS_KEY of octo/app (environment production): the old key'
    )
    expect(await whoIs(OLD, USER.secretAccessKey)).toMatch(/user\/ci-deploy$/)
  })

  test('gh failing after the first secret: the id is put back, the new key is never deleted, each state said', async () => {
    process.env.FAKE_GH_FAIL_SET = 'AWS_SECRET_ACCESS_KEY'
    const run = await rotateKey()
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('rotate access-key failed at gh secret set AWS_SECRET_ACCESS_KEY')
    const now = await keys()
    const newId = Object.keys(now).find(id => id !== OLD) ?? ''
    expect(now).toEqual({ [OLD]: 'Active', [newId]: 'Active' })
    // The id's secret was set to the new id, then back to the old one.
    const idSets = gh
      .calls()
      .filter(c => c.args[1] === 'set' && c.args[2] === 'AWS_ACCESS_KEY_ID')
      .map(c => c.stdin)
    expect(idSets).toEqual([newId, OLD])
    expect(run.stderr).toContain(`access key ${newId} of ci-deploy: Active (new)`)
    expect(run.stderr).toContain(
      `GitHub secret AWS_ACCESS_KEY_ID of octo/app (environment production): the old key ${OLD}`
    )
    expect(run.stderr).toContain(
      'GitHub secret AWS_SECRET_ACCESS_KEY of octo/app (environment production): unknown'
    )
    expect(run.stderr).toContain(
      `aws iam delete-access-key --user-name ci-deploy --access-key-id ${newId}`
    )
  })

  test('a lost CreateAccessKey answer: the key nobody holds is deleted, nothing else changes', async () => {
    emulator.injectFaults([{ kind: 'lost', count: 1, action: 'CreateAccessKey' }])
    const run = await rotateKey()
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/IAM made the access key AKIA\w+, but its answer, with the secret/)
    expect(run.stderr).toContain('Run rotate again.')
    expect(mutations().filter(a => a === 'CreateAccessKey')).toHaveLength(1)
    expect(await keys()).toEqual({ [OLD]: 'Active' })
    expect(gh.calls().filter(c => c.args[1] === 'set')).toEqual([])
    // And the next run succeeds.
    expect((await rotateKey()).code).toBe(0)
  })

  // Each step's message; whether a SIGINT right after it keeps the new key; the old key's status.
  test.each([
    ['Created the access key', false, 'Active'],
    ['STS accepts the new key', false, 'Active'],
    ["Stored the new key's id", false, 'Active'],
    ['Stored the new secret key', true, 'Active'],
    ['Made the old key', true, 'Inactive']
  ] as const)('SIGINT at "%s": new key kept: %s; old key %s', async (marker, kept, oldStatus) => {
    let sent = false
    const stopped = await cli(
      ['rotate', 'access-key', '--user-name', 'ci-deploy', ...GH_ARGS],
      text => {
        if (!sent && text.includes(marker)) {
          sent = true
          process.emit('SIGINT', 'SIGINT')
        }
      }
    )
    expect(sent).toBe(true)
    expect(stopped.code).toBe(1)
    expect(stopped.stderr).toContain('SIGINT: stopping')
    expect(stopped.stderr).toContain('Interrupted by SIGINT')
    const now = await keys()
    const newId = Object.keys(now).find(id => id !== OLD)
    // The id's secret, if it was set at all: the new id, or the old one put back.
    const lastId = gh
      .calls()
      .filter(c => c.args[1] === 'set' && c.args[2] === 'AWS_ACCESS_KEY_ID')
      .map(c => c.stdin)
      .pop()
    expect({
      newKey: newId === undefined ? 'none' : now[newId],
      oldKey: now[OLD],
      idSecret: lastId === undefined || lastId === OLD ? 'old' : lastId === newId ? 'new' : lastId,
      said: kept
        ? stopped.stderr.includes(`access key ${newId} of ci-deploy: Active (new)`)
        : /access key AKIA\w+ of ci-deploy: deleted again/.test(stopped.stderr)
    }).toEqual({
      newKey: kept ? 'Active' : 'none',
      oldKey: oldStatus,
      idSecret: kept ? 'new' : 'old',
      said: true
    })
  })

  test('SIGINT right after the Inactive key is deleted: nothing else changes, and the message says it is gone', async () => {
    expect((await rotateKey()).code).toBe(0)
    const current = gh.secrets().AWS_ACCESS_KEY_ID
    let sent = false
    const stopped = await cli(
      ['rotate', 'access-key', '--user-name', 'ci-deploy', ...GH_ARGS],
      text => {
        if (!sent && text.includes('Deleted the access key')) {
          sent = true
          process.emit('SIGINT', 'SIGINT')
        }
      }
    )
    expect(sent).toBe(true)
    expect(stopped.code).toBe(1)
    expect(await keys()).toEqual({ [current]: 'Active' })
    expect(gh.secrets().AWS_ACCESS_KEY_ID).toBe(current)
    expect(stopped.stderr).toContain(`access key ${OLD} of ci-deploy: deleted (it was Inactive)`)
    expect(stopped.stderr).toContain(`access key ${current} of ci-deploy: Active (old)`)
  })

  test('--credentials-profile alone: that profile gets the new key in place, the rest of the file kept', async () => {
    const file = join(scratch, 'credentials')
    const before = [
      '# my keys',
      '[other]',
      'aws_access_key_id = AKIAOTHEROTHEROTHER1',
      'aws_secret_access_key = other-secret',
      '',
      '[ci]',
      'region = eu-west-1 ; kept',
      `aws_access_key_id = ${OLD}`,
      `aws_secret_access_key = ${USER.secretAccessKey}`,
      '# trailing comment',
      ''
    ].join('\r\n')
    // Readable by others before: the new secret key is not.
    writeFileSync(file, before, { mode: 0o644 })
    chmodSync(file, 0o644)
    const run = await cli([
      'rotate',
      'access-key',
      '--user-name',
      'ci-deploy',
      '--credentials-profile',
      'ci'
    ])
    expect(run.stderr).not.toMatch(/failed/)
    expect(run.code).toBe(0)
    expect(gh.calls()).toEqual([])
    const after = readFileSync(file, 'utf8')
    const lines = after.split('\r\n')
    const newId = /aws_access_key_id = (AKIA\w+)/.exec(lines[7])?.[1] ?? ''
    const newSecret = /aws_secret_access_key = (.+)$/.exec(lines[8])?.[1] ?? ''
    expect(lines.slice(0, 7)).toEqual(before.split('\r\n').slice(0, 7))
    expect(lines.slice(9)).toEqual(before.split('\r\n').slice(9))
    expect(newId).not.toBe(OLD)
    expect(await whoIs(newId, newSecret)).toMatch(/user\/ci-deploy$/)
    expect(await keys()).toEqual({ [OLD]: 'Inactive', [newId]: 'Active' })
    expect(lstatSync(file).mode & 0o777).toBe(0o600)
    expect(run.stdout + run.stderr).not.toContain(newSecret)
  })

  test('--credentials-profile naming a profile with another key is refused before anything changes', async () => {
    writeFileSync(
      join(scratch, 'credentials'),
      '[ci]\naws_access_key_id = AKIAOTHEROTHEROTHER1\naws_secret_access_key = x\n',
      { mode: 0o600 }
    )
    const run = await cli([
      'rotate',
      'access-key',
      '--user-name',
      'ci-deploy',
      '--credentials-profile',
      'ci'
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('holds the key AKIAOTHEROTHEROTHER1, not the Active key')
    expect(mutations()).toEqual([])
  })

  test('--delete-old keeps an Inactive key used within 7 days, and deletes it after', async () => {
    await whoIs(OLD, USER.secretAccessKey)
    expect((await rotateKey()).code).toBe(0)
    const newId = gh.secrets().AWS_ACCESS_KEY_ID
    const early = await cli(['rotate', 'access-key', '--user-name', 'ci-deploy', '--delete-old'])
    expect(early.code).toBe(1)
    expect(early.stderr).toContain(`The Inactive key ${OLD} of ci-deploy was last used`)
    await clock.sleep(8 * 24 * 3600 * 1000)
    const later = await cli(['rotate', 'access-key', '--user-name', 'ci-deploy', '--delete-old'])
    expect(later.stderr).not.toMatch(/failed/)
    expect(later.code).toBe(0)
    expect(await keys()).toEqual({ [newId]: 'Active' })
  })
})

describe('rotate mfa-device', () => {
  const devices = async () =>
    (await admin().send(new ListMFADevicesCommand({ UserName: 'ci-deploy' }))).MFADevices?.map(
      d => d.SerialNumber
    )

  test('a new device under a new seed secret, enabled beside the old one; then --retire the old', async () => {
    const run = await cli([
      'rotate',
      'mfa-device',
      '--user-name',
      'ci-deploy',
      '--device-name',
      'ci-deploy-2',
      '--github-secret',
      'AWS_MFA_SEED_2',
      ...GH_ARGS
    ])
    expect(run.stderr).not.toMatch(/failed/)
    expect(run.code).toBe(0)
    const NEW = `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy-2`
    expect(await devices()).toEqual([OLD_SERIAL, NEW])
    const seed = gh.secrets().AWS_MFA_SEED_2
    expect(seed).toMatch(/^[A-Z2-7]{64}$/)
    expect(run.stdout + run.stderr).not.toContain(seed)
    expect(run.stdout).toContain(`          mfa-serial: ${NEW}`)
    expect(run.stdout).toContain('          mfa-seed: ${{ secrets.AWS_MFA_SEED_2 }}')
    // The old seed's secret is untouched until the retirement.
    expect(gh.names()[TARGET]).toEqual([...KEY_SECRETS, 'AWS_MFA_SEED', 'AWS_MFA_SEED_2'])

    // A workflow here that still names the old device holds the retirement back.
    mkdirSync(join(scratch, '.github', 'workflows'), { recursive: true })
    const workflow = join(scratch, '.github', 'workflows', 'deploy.yml')
    writeFileSync(workflow, `mfa-serial: ${OLD_SERIAL}\n`)
    const retire = [
      'rotate',
      'mfa-device',
      '--user-name',
      'ci-deploy',
      '--retire',
      OLD_SERIAL,
      '--delete-secret',
      'AWS_MFA_SEED',
      ...GH_ARGS
    ]
    const held = await cli(retire)
    expect(held.code).toBe(1)
    expect(held.stderr).toContain(`.github/workflows/deploy.yml still names ${OLD_SERIAL}`)
    writeFileSync(workflow, `mfa-serial: ${NEW}\n`)
    const retired = await cli(retire)
    expect(retired.stderr).not.toMatch(/failed|still name/)
    expect(retired.code).toBe(0)
    expect(await devices()).toEqual([NEW])
    const all = await admin().send(new ListVirtualMFADevicesCommand({}))
    expect(all.VirtualMFADevices?.map(d => d.SerialNumber)).toEqual([NEW])
    expect(gh.names()[TARGET]).toEqual([...KEY_SECRETS, 'AWS_MFA_SEED_2'])
    const order = mutations()
    expect(order.slice(-2)).toEqual(['DeactivateMFADevice', 'DeleteVirtualMFADevice'])
  })

  test('an existing secret name for the new seed is refused: the new seed goes under a new name', async () => {
    const run = await cli([
      'rotate',
      'mfa-device',
      '--user-name',
      'ci-deploy',
      '--github-secret',
      'AWS_MFA_SEED',
      ...GH_ARGS
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('The GitHub secret AWS_MFA_SEED exists already')
    expect(mutations()).toEqual([])
  })

  test.each([
    'Created the virtual MFA device',
    'Enabled arn:',
    'IAM lists',
    'Stored the GitHub secret AWS_MFA_SEED_2'
  ])('SIGINT at "%s": the new device and its secret are removed again', async marker => {
    let sent = false
    const run = await cli(
      [
        'rotate',
        'mfa-device',
        '--user-name',
        'ci-deploy',
        '--github-secret',
        'AWS_MFA_SEED_2',
        ...GH_ARGS
      ],
      text => {
        if (!sent && text.includes(marker)) {
          sent = true
          process.emit('SIGINT', 'SIGINT')
        }
      }
    )
    expect(sent).toBe(true)
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Interrupted by SIGINT')
    expect(run.stderr).toContain('Everything this run created was removed again')
    expect(await devices()).toEqual([OLD_SERIAL])
    const all = await admin().send(new ListVirtualMFADevicesCommand({}))
    expect(all.VirtualMFADevices?.map(d => d.SerialNumber)).toEqual([OLD_SERIAL])
    expect(gh.names()[TARGET]).toEqual([...KEY_SECRETS, 'AWS_MFA_SEED'])
  })

  test("the user's only device is not retired", async () => {
    const run = await cli([
      'rotate',
      'mfa-device',
      '--user-name',
      'ci-deploy',
      '--retire',
      OLD_SERIAL
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain(`${OLD_SERIAL} is the only MFA device of ci-deploy`)
    expect(mutations()).toEqual([])
  })

  test('gh failing at the new seed: the new device is deactivated and deleted again', async () => {
    process.env.FAKE_GH_FAIL_SET = 'AWS_MFA_SEED_2'
    const run = await cli([
      'rotate',
      'mfa-device',
      '--user-name',
      'ci-deploy',
      '--github-secret',
      'AWS_MFA_SEED_2',
      ...GH_ARGS
    ])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('Everything this run created was removed again')
    expect(await devices()).toEqual([OLD_SERIAL])
    const all = await admin().send(new ListVirtualMFADevicesCommand({}))
    expect(all.VirtualMFADevices?.map(d => d.SerialNumber)).toEqual([OLD_SERIAL])
  })
})
