/**
 * The committed dist/cli/index.js and the files it keeps, under hostile neighbours: ten
 * credential_process calls at once for one profile (as `aws` run in parallel by a script or a
 * Terraform plan does), symlinks planted where the cache is written, a cache folder others can
 * write, and cache entries that must not answer for another endpoint, external id or profile.
 * Against the STS emulator over loopback HTTP; the codes counted are the ones it received.
 */
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { ROLE_ARN, SERIAL, world } from './fixtures.js'
import { cleanEnv, cli as runCli, node, start, type Run } from './harness.js'

const REGION = 'eu-central-1'

type World = ReturnType<typeof world>
type Emulator = Awaited<ReturnType<typeof start>>

let scratch: string
let cacheHome: string
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-files-'))
  cacheHome = join(scratch, 'cache')
  for (const file of ['config', 'credentials']) writeFileSync(join(scratch, file), '')
})
afterEach(() => rmSync(scratch, { recursive: true, force: true }))

/** A person's environment: the IAM user's keys and the seed, the cache under the scratch folder. */
function userEnv(w: World, extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv(
    scratch,
    {
      AWS_ACCESS_KEY_ID: w.user.accessKeyId,
      AWS_SECRET_ACCESS_KEY: w.user.secretAccessKey,
      AWS_MFA_SEED: w.seed,
      ...extra
    },
    { home: join(scratch, 'home') }
  )
}

function credentialProcess(emu: Emulator, ...more: string[]): string[] {
  return [
    '--format',
    'credential-process',
    '--role-to-assume',
    ROLE_ARN,
    '--mfa-serial',
    SERIAL,
    '--aws-region',
    REGION,
    '--sts-endpoint',
    emu.url,
    '--role-session-name',
    'laptop',
    ...more
  ]
}

function cli(args: string[], env: Record<string, string>): Promise<Run> {
  return runCli(args, env, { cwd: scratch })
}

/** The one-time codes the emulator received, accepted or not. */
const codesSent = (emu: Emulator) => emu.requests.filter(r => r.params.TokenCode)

const accessKeyOf = (run: Run) => (JSON.parse(run.stdout) as { AccessKeyId: string }).AccessKeyId

const cacheFolder = () => join(cacheHome, 'aws-assume-role-mfa')

/** A device with a 10-second period (its seed as an otpauth URI): a fresh code comes quickly. */
function fastDevice(): World {
  const w = world()
  Object.assign(w.user.mfaDevices[0], { period: 10 })
  return { ...w, seed: `otpauth://totp/AWS:ci?secret=${w.seed}&period=10` }
}

describe('in parallel', () => {
  test('ten credential_process calls at once all succeed, and send one code', async () => {
    const w = world()
    const emu = await start(w.config)
    const started = Date.now()
    const runs = await Promise.all(
      Array.from({ length: 10 }, () => cli(credentialProcess(emu), userEnv(w)))
    )
    const seconds = (Date.now() - started) / 1000
    console.log(
      `10 parallel calls: ${seconds.toFixed(1)} s, exits ${runs.map(r => r.code).join(',')}, ` +
        `${codesSent(emu).length} code(s) sent`
    )
    for (const run of runs) expect(run.stderr).not.toContain(w.user.secretAccessKey)
    expect(runs.map(r => r.code)).toEqual(Array(10).fill(0))
    expect(codesSent(emu)).toHaveLength(1)
    // All ten answer with the one session: nine of them read it from the cache.
    expect(new Set(runs.map(accessKeyOf)).size).toBe(1)
    expect(runs.filter(r => /Cached credentials/.test(r.stderr))).toHaveLength(9)
    // No lock and no temporary file is left behind.
    expect(readdirSync(cacheFolder()).filter(name => !name.endsWith('.json'))).toEqual([])
  }, 60_000)
})

describe('the cache entry answers only the same question', () => {
  test('another external id, base-key profile or duration is not answered from the cache', async () => {
    const w = fastDevice()
    const emu = await start(w.config)
    writeFileSync(
      join(scratch, 'credentials'),
      `[alice]\naws_access_key_id = ${w.user.accessKeyId}\naws_secret_access_key = ${w.user.secretAccessKey}\n`
    )
    const run = (...more: string[]) => cli(credentialProcess(emu, ...more), userEnv(w))
    const first = await run()
    const again = await run()
    const external = await run('--role-external-id', 'partner-42')
    const profile = await run('--profile', 'alice')
    const duration = await run('--role-duration-seconds', '900')
    const runs = [first, again, external, profile, duration]
    expect(runs.map(r => r.code)).toEqual([0, 0, 0, 0, 0])
    expect(accessKeyOf(again)).toBe(accessKeyOf(first))
    for (const other of [external, profile, duration]) {
      expect(other.stderr).not.toContain('Cached credentials')
      expect(accessKeyOf(other)).not.toBe(accessKeyOf(first))
    }
    expect(
      emu.requests
        .filter(r => r.action === 'AssumeRole' && r.status === 200)
        .map(r => r.params.ExternalId)
    ).toEqual([undefined, 'partner-42', undefined, undefined])
    expect(readdirSync(cacheFolder())).toHaveLength(4)
  }, 120_000)

  test('an STS named by AWS_ENDPOINT_URL_STS or AWS_ENDPOINT_URL is not answered for another', async () => {
    const w = fastDevice()
    const [one, two] = [await start(w.config), await start(w.config)]
    // No --sts-endpoint: the SDK takes the variables.
    const args = credentialProcess(one).filter(
      (arg, i, all) => arg !== '--sts-endpoint' && all[i - 1] !== '--sts-endpoint'
    )
    const run = (variables: Record<string, string>) => cli(args, userEnv(w, variables))
    const first = await run({ AWS_ENDPOINT_URL_STS: one.url })
    const again = await run({ AWS_ENDPOINT_URL_STS: one.url })
    const other = await run({ AWS_ENDPOINT_URL_STS: two.url })
    const general = await run({ AWS_ENDPOINT_URL: two.url })
    expect([first, again, other, general].map(r => r.code)).toEqual([0, 0, 0, 0])
    expect(again.stderr).toContain('Cached credentials')
    expect(accessKeyOf(again)).toBe(accessKeyOf(first))
    for (const [run, answered] of [
      [other, accessKeyOf(first)],
      [general, accessKeyOf(other)]
    ] as const) {
      expect(run.stderr).not.toContain('Cached credentials')
      expect(accessKeyOf(run)).not.toBe(answered)
    }
    const assumed = (emu: Emulator) =>
      emu.requests.filter(r => r.action === 'AssumeRole' && r.status === 200)
    expect([assumed(one).length, assumed(two).length]).toEqual([1, 2])
  }, 120_000)
})

describe('links planted and folders others can write', () => {
  test('a cache folder others can write is refused before a code is spent', async () => {
    const w = world()
    const emu = await start(w.config)
    mkdirSync(cacheFolder(), { recursive: true })
    chmodSync(cacheFolder(), 0o777)
    const result = await cli(credentialProcess(emu), userEnv(w))
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain(
      `Refusing to use the folder ${cacheFolder()}: its group or other users can write it (mode 777)`
    )
    expect(result.stderr).toContain(`chmod go-w '${cacheFolder()}'`)
    expect(emu.requests).toHaveLength(0)
  })

  test('an entry planted as a link is not read; the answer replaces the link, not its target', async () => {
    const w = fastDevice()
    const emu = await start(w.config)
    const first = await cli(credentialProcess(emu), userEnv(w))
    expect(first.code).toBe(0)
    const [entry] = readdirSync(cacheFolder())
    const path = join(cacheFolder(), entry)
    // Someone's credentials, mode 600, that the cache entry is made to point to.
    const foreign = join(scratch, 'foreign.json')
    const planted = {
      ...JSON.parse(readFileSync(path, 'utf8')),
      accessKeyId: 'ASIAPLANTEDPLANTED01'
    }
    writeFileSync(foreign, JSON.stringify(planted), { mode: 0o600 })
    rmSync(path)
    symlinkSync(foreign, path)
    const second = await cli(credentialProcess(emu), userEnv(w))
    expect(second.code).toBe(0)
    expect(accessKeyOf(second)).not.toBe('ASIAPLANTEDPLANTED01')
    expect(second.stderr).not.toContain('Cached credentials')
    expect(lstatSync(path).isSymbolicLink()).toBe(false)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    expect(JSON.parse(readFileSync(foreign, 'utf8')).accessKeyId).toBe('ASIAPLANTEDPLANTED01')
  }, 60_000)

  test('a lock left by a call that was killed does not hold up the next one', async () => {
    const w = fastDevice()
    const emu = await start(w.config)
    const first = await cli(credentialProcess(emu), userEnv(w))
    expect(first.code).toBe(0)
    const [entry] = readdirSync(cacheFolder())
    const path = join(cacheFolder(), entry)
    // No entry, and a lock whose holder is gone: a process of this host that has exited.
    rmSync(path)
    const gone = spawnSync(node, ['-e', '']).pid
    writeFileSync(`${path}.lock`, `${gone} ${hostname()} 0123456789abcdef\n`, { mode: 0o600 })
    const started = Date.now()
    const next = await cli(credentialProcess(emu), userEnv(w))
    console.log(`after a dead holder's lock: ${Date.now() - started} ms`)
    expect(next.code).toBe(0)
    expect(next.stderr).not.toContain('Waiting for another')
    expect(existsSync(`${path}.lock`)).toBe(false)
    expect(readdirSync(cacheFolder())).toEqual([entry])
  }, 60_000)
})
