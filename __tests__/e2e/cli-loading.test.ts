/**
 * What each call of dist/cli/index.js reads of dist/cli/: a `credential_process` answered from the
 * cache must load neither the AWS SDK nor the IAM client nor otplib, since the AWS CLI runs it
 * before every command (issue 25). The bundle is run as a person runs it, with a preload
 * (__tests__/support/loaded-files.js) that records every module file the process loads, the
 * entry and each chunk `import()` brings in. A file is known by strings that survive
 * minification: the SDK's STS service id and SigV4 header, IAM's service id, otplib's hash code.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { ROLE_ARN, SERIAL, world } from './fixtures.js'
import { CLI, ROOT, cleanEnv, node, start } from './harness.js'
import { run } from '../support/processes.js'

const PRELOAD = join(ROOT, '__tests__/support/loaded-files.js')

/** What each kind of code leaves in any file that holds it, minified or not. */
const MARKERS = {
  'the STS client': 'AWSSecurityTokenServiceV20110615',
  'the SDK signer': 'X-Amz-Date',
  'the IAM client': 'AWSIdentityManagementV20100508',
  otplib: '@noble/hashes'
} as const
type Kind = keyof typeof MARKERS

/** Which kinds of code a file of dist/cli/ holds. */
function kindsIn(file: string): Kind[] {
  const text = readFileSync(file, 'utf8')
  return (Object.keys(MARKERS) as Kind[]).filter(kind => text.includes(MARKERS[kind]))
}

let scratch: string
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-loading-'))
  for (const file of ['config', 'credentials']) writeFileSync(join(scratch, file), '')
})
afterEach(() => rmSync(scratch, { recursive: true, force: true }))

interface Traced {
  code: number | null
  stdout: string
  stderr: string
  /** The files of dist/cli/ the run loaded, relative to it, in order. */
  loaded: string[]
  /** Which kinds of code those files hold. */
  kinds: Kind[]
  /** The Node modules it loaded (`node:crypto`…), the preload's own among them. */
  builtins: string[]
}

/** One run of the bundle, recording what it loaded. */
async function traced(args: string[], env: Record<string, string>): Promise<Traced> {
  const record = join(scratch, `loaded-${Math.random().toString(36).slice(2)}.txt`)
  const ran = await run(node, ['--import', PRELOAD, CLI, ...args], {
    env: { ...env, LOADED_FILES: record },
    cwd: scratch
  })
  const files = existsSync(record) ? readFileSync(record, 'utf8').split('\n') : []
  const loaded = [...new Set(files.filter(file => file && dirname(file) === dirname(CLI)))]
  return {
    ...ran,
    loaded: loaded.map(file => relative(dirname(CLI), file)),
    kinds: [...new Set(loaded.flatMap(kindsIn))],
    builtins: files.filter(line => line.startsWith('node:'))
  }
}

/** A person's clean environment, the user's keys, and the seed in a file of mode 600. */
function personEnv(w: ReturnType<typeof world>): Record<string, string> {
  return cleanEnv(
    scratch,
    { AWS_ACCESS_KEY_ID: w.user.accessKeyId, AWS_SECRET_ACCESS_KEY: w.user.secretAccessKey },
    { home: join(scratch, 'home') }
  )
}

function credentialProcessArgs(url: string, seedFile: string): string[] {
  return [
    '--format',
    'credential-process',
    '--role-to-assume',
    ROLE_ARN,
    '--mfa-serial',
    SERIAL,
    '--aws-region',
    'eu-central-1',
    '--sts-endpoint',
    url,
    '--mfa-seed-file',
    seedFile
  ]
}

describe('what a call loads', () => {
  test('the SDK, the IAM client and otplib are each in chunks of their own, not in the entry', () => {
    const chunks = readdirSync(dirname(CLI)).filter(name => /^\d+\.index\.js$/.test(name))
    const holders = (kind: Kind) =>
      chunks.filter(name => kindsIn(join(dirname(CLI), name)).includes(kind))
    for (const kind of Object.keys(MARKERS) as Kind[]) {
      expect({ kind, inChunks: holders(kind).length > 0 }).toEqual({ kind, inChunks: true })
    }
    expect(kindsIn(CLI)).toEqual([])
  })

  test('a cache hit loads the entry alone: no SDK, no IAM client, no otplib; a miss loads the SDK', async () => {
    const w = world()
    const emu = await start(w.config)
    const seedFile = join(scratch, 'seed')
    writeFileSync(seedFile, w.seed, { mode: 0o600 })
    const env = personEnv(w)
    const args = credentialProcessArgs(emu.url, seedFile)

    // The first call spends a code: it loads the SDK (so the markers mean something).
    const first = await traced(args, env)
    expect(first.code).toBe(0)
    expect(first.stderr).toMatch(/^Assumed /m)
    expect(first.kinds).toEqual(expect.arrayContaining(['the STS client', 'the SDK signer']))
    expect(first.kinds).not.toContain('the IAM client')
    expect(first.builtins).toContain('node:crypto')

    // The second finds the cache: the same answer, from the entry alone, with no request.
    const requests = emu.requests.length
    const hit = await traced(args, env)
    expect(hit).toMatchObject({ code: 0, stdout: first.stdout, kinds: [], loaded: ['index.js'] })
    expect(hit.stderr).toMatch(/^Cached credentials of /m)
    expect(emu.requests.length).toBe(requests)
    // Nor node:crypto, which costs a millisecond and a half to load (cache.ts, entryName).
    expect(hit.builtins).not.toContain('node:crypto')
    expect(hit.builtins).toContain('node:fs')
  })

  /**
   * A role profile of ~/.aws/config as a person writes it (issue 22), the user's keys in the
   * credentials file's [alice], the seed in a file the profile names; `extra` for our other keys.
   */
  function writeRoleProfile(w: ReturnType<typeof world>, extra = ''): Record<string, string> {
    const seedFile = join(scratch, 'seed')
    writeFileSync(seedFile, w.seed, { mode: 0o600 })
    writeFileSync(
      join(scratch, 'config'),
      `[profile deploy]\nrole_arn = ${ROLE_ARN}\nmfa_serial = ${SERIAL}\n` +
        `source_profile = alice\nregion = eu-central-1\nmfa_seed_file = ${seedFile}\n${extra}`
    )
    writeFileSync(
      join(scratch, 'credentials'),
      `[alice]\naws_access_key_id = ${w.user.accessKeyId}\n` +
        `aws_secret_access_key = ${w.user.secretAccessKey}\n`
    )
    const env = personEnv(w)
    delete env.AWS_ACCESS_KEY_ID
    delete env.AWS_SECRET_ACCESS_KEY
    return env
  }

  test.each([
    ['a role profile', '', /^Assuming /m],
    [
      "a role profile with the day's MFA session",
      'mfa_session_duration_seconds = 43200\n',
      /^Getting an MFA session /m
    ]
  ])(
    'a cache hit through %s of ~/.aws/config loads the entry alone; so does exec, but its chunk',
    async (_name, extra, how) => {
      const w = world()
      const emu = await start(w.config)
      const env = writeRoleProfile(w, extra)
      const args = ['deploy', '--format', 'credential-process', '--sts-endpoint', emu.url]

      const first = await traced(args, env)
      expect(first.code).toBe(0)
      expect(first.stderr).toMatch(how)
      expect(first.kinds).toEqual(expect.arrayContaining(['the STS client', 'the SDK signer']))
      expect(JSON.parse(first.stdout)).toMatchObject({ Version: 1 })

      const requests = emu.requests.length
      const hit = await traced(args, env)
      expect(hit).toMatchObject({ code: 0, stdout: first.stdout, kinds: [], loaded: ['index.js'] })
      expect(hit.stderr).toMatch(/^Cached credentials of /m)
      expect(hit.builtins).not.toContain('node:crypto')

      // exec shares the cache entry of credential-process: its own chunk, and still no SDK.
      const exec = await traced(
        ['exec', 'deploy', '--sts-endpoint', emu.url, '--', node, '-e', 'process.exit(7)'],
        env
      )
      expect(exec).toMatchObject({ code: 7, kinds: [] })
      expect(exec.loaded[0]).toBe('index.js')
      expect(exec.loaded.length).toBeGreaterThan(1)
      expect(exec.stderr).toMatch(/^Cached credentials of /m)
      expect(emu.requests.length).toBe(requests)
    }
  )

  test.each([
    [['--help'], /^Usage: aws-assume-role-mfa/],
    [['--version'], /^\d+\.\d+\.\d+/]
  ])('%j loads the entry alone', async (args, output) => {
    const run = await traced(args, personEnv(world()))
    expect(run).toMatchObject({ code: 0, kinds: [], loaded: ['index.js'] })
    expect(run.stdout).toMatch(output)
  })

  test('`code` loads otplib, and no SDK', async () => {
    const w = world()
    const seedFile = join(scratch, 'seed')
    writeFileSync(seedFile, w.seed, { mode: 0o600 })
    const run = await traced(['code', '--mfa-seed-file', seedFile], personEnv(w))
    expect(run).toMatchObject({ code: 0, kinds: ['otplib'] })
    expect(run.stdout).toMatch(/^\d{6}\n$/)
  })
})
