/**
 * One code for a whole workflow run: a producer job (share-mfa-session) and consumer jobs
 * (mfa-session), through the runner stand-in and the emulator, as `needs:` connects them: the
 * producer's job output, as the runner hands it on, is the consumers' input.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { expectFailure, job, start } from './harness.js'
import {
  ACCOUNT,
  ROLE_ARN,
  SERIAL,
  USER_ARN,
  callerArn,
  inputsFor,
  mfaTrustPolicy,
  world
} from './fixtures.js'

const READ_ONLY = `arn:aws:iam::${ACCOUNT}:role/read-only`
const SESSION_OF = (role: string, attempt = 1) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/GitHubActions-1658821493-${attempt}`
/** The producer job maps its step's output to a job output, as the README's workflow does. */
const JOB_OUTPUTS = { outputs: { 'mfa-session': 'mfa-session' } }

type World = ReturnType<typeof world>
type Emulator = Awaited<ReturnType<typeof start>>

/** The producer job: one code, the session shared; with no role, it exports the session too. */
async function producer(w: World, emu: Emulator, extra: Record<string, string> = {}) {
  const result = await job(
    { ...inputsFor(emu.url, w.user, w.seed), 'share-mfa-session': 'true', ...extra },
    { 'user secret key': w.user.secretAccessKey },
    JOB_OUTPUTS
  )
  expect(result.main.exitCode).toBe(0)
  expect(result.skipped).toEqual([])
  return result
}

/** A consumer's inputs: what the README lists, and nothing else. */
function consumerInputs(w: World, emu: Emulator, sealed: string, extra = {}) {
  return {
    'aws-region': 'eu-central-1',
    'role-to-assume': ROLE_ARN,
    'mfa-seed': w.seed,
    'mfa-session': sealed,
    'sts-endpoint': emu.url,
    ...extra
  }
}

/**
 * A 10-second device (an otpauth URI may set the period; AWS's are 30 s): a fallback right after
 * the producer, whose code of the same window STS refuses, waits seconds, not half a minute.
 */
function shortWindows(w: World): World {
  Object.assign(w.user.mfaDevices[0], { period: 10 })
  return { ...w, seed: `otpauth://totp/ci?secret=${w.seed}&period=10` }
}

/** The keys and serial a consumer may add, to fall back to a code of its own. */
function fallbackInputs(w: World) {
  return {
    'mfa-serial': SERIAL,
    'aws-access-key-id': w.user.accessKeyId,
    'aws-secret-access-key': w.user.secretAccessKey
  }
}

describe('a producer and its consumers', () => {
  test('a producer and 8 parallel consumers on one device spend exactly one code, in seconds', async () => {
    const w = world()
    const emu = await start(w.config)
    const started = Date.now()
    const made = await producer(w, emu, { 'role-to-assume': '' })
    const sealed = made.outputs['mfa-session']
    expect(sealed).toMatch(/^v1\./)
    expect(sealed.length).toBeLessThan(8 * 1024)
    // With no role, the producer's own job gets the user's MFA session.
    await expect(callerArn(emu.url, made.main.env)).resolves.toBe(USER_ARN)
    expect(made.main.stdout).toMatch(/Shared the MFA session, until .*, as the output mfa-session/)
    // The session's keys: no consumer may print them.
    const session = {
      'session secret key': made.main.env.AWS_SECRET_ACCESS_KEY,
      'session token': made.main.env.AWS_SESSION_TOKEN,
      'user secret key': w.user.secretAccessKey
    }

    const consumersStarted = Date.now()
    const consumers = await Promise.all(
      Array.from({ length: 8 }, () => job(consumerInputs(w, emu, sealed), session))
    )
    const consumerSeconds = (Date.now() - consumersStarted) / 1000

    expect(consumers.map(c => c.main.exitCode)).toEqual(Array(8).fill(0))
    for (const consumer of consumers) {
      await expect(callerArn(emu.url, consumer.main.env)).resolves.toBe(SESSION_OF('deploy'))
      expect(consumer.main.summary).toContain('the shared MFA session of this run')
    }
    expect(emu.usedCodes(SERIAL)).toHaveLength(1)
    expect(emu.requests.filter(r => r.params.TokenCode)).toHaveLength(1)
    const assumed = emu.requests.filter(r => r.action === 'AssumeRole')
    expect(assumed).toHaveLength(8)
    // Signed with the shared session's key, not the user's, and without a code.
    for (const r of assumed) {
      expect(r.accessKeyId).toBe(made.main.env.AWS_ACCESS_KEY_ID)
      expect(r.params.SerialNumber).toBeUndefined()
    }
    // Seconds (8 Node processes at once on the runner's cores): less than one TOTP window, where
    // 8 jobs spending a code each on one device need 8 windows, 210 s at least.
    expect(consumerSeconds).toBeLessThan(30)
    expect((Date.now() - started) / 1000).toBeLessThan(45)
  }, 60_000)

  test('a producer with roles assumes them from its session, and a re-run of a failed job reuses it', async () => {
    const w = world()
    w.config.roles.push({ ...w.config.roles[0], arn: READ_ONLY })
    const emu = await start(w.config)
    const made = await producer(w, emu, {
      'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}`,
      'aws-profile': 'deploy\nread-only'
    })
    expect(emu.requests.map(r => [r.action, Boolean(r.params.TokenCode)])).toEqual([
      ['GetSessionToken', true],
      ['AssumeRole', false],
      ['AssumeRole', false]
    ])
    await expect(callerArn(emu.url, made.main.env)).resolves.toBe(SESSION_OF('deploy'))
    expect(emu.requests[0].params.DurationSeconds).toBe('3600')

    // Re-run of failed jobs: same run id, next attempt. A consumer of several roles, each in its
    // profile, as without a shared session.
    const dir = mkdtempSync(join(tmpdir(), 'e2e-consumer-roles-'))
    const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
    const written: string[] = []
    try {
      const rerun = await job(
        consumerInputs(w, emu, made.outputs['mfa-session'], {
          'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}`,
          'aws-profile': 'deploy\nread-only'
        }),
        {},
        {
          env: {
            GITHUB_RUN_ATTEMPT: '2',
            AWS_SHARED_CREDENTIALS_FILE: files.credentials,
            AWS_CONFIG_FILE: files.config
          },
          afterMain: () => {
            const text = readFileSync(files.credentials, 'utf8')
            written.push(...[...text.matchAll(/^\[(.+)\]$/gm)].map(m => m[1]))
          }
        }
      )
      expect(rerun.main.exitCode).toBe(0)
      await expect(callerArn(emu.url, rerun.main.env)).resolves.toBe(SESSION_OF('deploy', 2))
      expect(written).toEqual(['deploy', 'read-only'])
      expect(rerun.main.outputs['authenticated-arn']).toBe(SESSION_OF('deploy', 2))
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
    expect(emu.usedCodes(SERIAL)).toHaveLength(1)
  }, 60_000)

  test('the runner drops a job output that contains a masked value; mfa-session passes', async () => {
    const w = world()
    const emu = await start(w.config)
    const result = await job(
      {
        ...inputsFor(emu.url, w.user, w.seed),
        'share-mfa-session': 'true',
        'output-credentials': 'true'
      },
      {},
      { outputs: { 'mfa-session': 'mfa-session', 'secret-key': 'aws-secret-access-key' } }
    )
    expect(result.main.exitCode).toBe(0)
    expect(result.main.outputs['aws-secret-access-key']).toBeTruthy()
    expect(result.skipped).toEqual(["Skip output 'secret-key' since it may contain secret."])
    expect(Object.keys(result.outputs)).toEqual(['mfa-session'])
  }, 60_000)
})

describe('an unusable session', () => {
  test('from another run: refused without any request, saying what to pass', async () => {
    const w = world()
    const emu = await start(w.config)
    const sealed = (await producer(w, emu)).outputs['mfa-session']
    const before = emu.requests.length
    const result = await job(
      consumerInputs(w, emu, sealed),
      {},
      {
        env: { GITHUB_RUN_ID: '1658821494' }
      }
    )
    expectFailure(
      result,
      /The shared MFA session \(mfa-session\) cannot be used: it does not open in run 1658821494 of octo-org\/octo-repo with this mfa-seed.*give mfa-serial, aws-access-key-id and aws-secret-access-key/
    )
    expect(result.main.stdout).not.toMatch(/Unexpected error/)
    expect(emu.requests.length).toBe(before)
  }, 60_000)

  test('expired: without the fallback inputs, a clear error after STS’s ExpiredToken', async () => {
    const w = world()
    const emu = await start(w.config)
    const sealed = (await producer(w, emu)).outputs['mfa-session']
    emu.expireAll()
    const result = await job(consumerInputs(w, emu, sealed))
    expectFailure(result, /cannot be used: STS answered ExpiredToken: the session has expired/)
    expect(result.main.stdout).not.toMatch(/Unexpected error/)
  }, 60_000)

  test.each([
    ['expired (ExpiredToken)', 'expired', /STS answered ExpiredToken/],
    ['altered', 'tampered', /or altered/]
  ])(
    '%s: falls back to a code of its own, with a notice, given mfa-serial and the keys',
    async (_name, how, reason) => {
      const w = shortWindows(world())
      const emu = await start(w.config)
      let sealed = (await producer(w, emu)).outputs['mfa-session']
      if (how === 'expired') emu.expireAll()
      else sealed = `${sealed.slice(0, -2)}${sealed.endsWith('A') ? 'B' : 'A'}${sealed.slice(-1)}`
      const before = emu.requests.length
      const result = await job(consumerInputs(w, emu, sealed, fallbackInputs(w)), {
        'user secret key': w.user.secretAccessKey
      })
      expect(result.main.exitCode).toBe(0)
      // Then, maybe, that STS refused the code of the producer's window: the device's next one.
      const notices = result.main.stdout.split('\n').filter(l => l.startsWith('::notice::'))
      expect(notices[0]).toMatch(reason)
      expect(notices[0]).toMatch(/Assuming the role with a one-time code of this job instead/)
      await expect(callerArn(emu.url, result.main.env)).resolves.toBe(SESSION_OF('deploy'))
      const accepted = emu.requests
        .slice(before)
        .filter(r => r.action === 'AssumeRole' && r.status === 200)
      expect(accepted).toHaveLength(1)
      expect(accepted[0].params.TokenCode).toMatch(/^\d{6}$/)
      expect(accepted[0].accessKeyId).toBe(w.user.accessKeyId)
      expect(emu.usedCodes(SERIAL)).toHaveLength(2)
      expect(result.main.summary).toContain('MFA device')
    },
    90_000
  )
})

describe('several roles over one hour', () => {
  test('refused before any request, naming the one-hour limit and what to do', async () => {
    const w = world()
    w.config.roles.push({ ...w.config.roles[0], arn: READ_ONLY, maxSessionDuration: 43200 })
    w.config.roles[0].maxSessionDuration = 43200
    const emu = await start(w.config)
    const result = await job({
      ...inputsFor(emu.url, w.user, w.seed),
      'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}`,
      'aws-profile': 'deploy\nread-only',
      'role-duration-seconds': '7200'
    })
    expectFailure(
      result,
      /role-duration-seconds '7200'.*role chaining at one hour \(3600 s\).*mfa-code-per-role: true/
    )
    expect(emu.requests).toHaveLength(0)
  })

  test('honoured with mfa-code-per-role: one code per role, each role for two hours', async () => {
    // The second role waits for the device's next window: 10 s here.
    const w = shortWindows(world())
    w.config.roles[0].maxSessionDuration = 43200
    w.config.roles.push({ ...w.config.roles[0], arn: READ_ONLY })
    const emu = await start(w.config)
    const dir = mkdtempSync(join(tmpdir(), 'e2e-code-per-role-'))
    try {
      const result = await job(
        {
          ...inputsFor(emu.url, w.user, w.seed),
          'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}`,
          'aws-profile': 'deploy\nread-only',
          'role-duration-seconds': '7200',
          'mfa-code-per-role': 'true'
        },
        { seed: w.seed, 'user secret key': w.user.secretAccessKey },
        {
          env: {
            AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
            AWS_CONFIG_FILE: join(dir, 'config')
          }
        }
      )
      expect(result.main.exitCode).toBe(0)
      const hours = (Date.parse(result.main.env.AWS_CREDENTIAL_EXPIRATION) - Date.now()) / 3_600_000
      expect(hours).toBeGreaterThan(1.9)
      expect(emu.requests.map(r => [r.action, r.accessKeyId, Boolean(r.params.TokenCode)])).toEqual(
        [
          ['AssumeRole', w.user.accessKeyId, true],
          ['AssumeRole', w.user.accessKeyId, true]
        ]
      )
      expect(emu.requests.map(r => r.params.DurationSeconds)).toEqual(['7200', '7200'])
      expect(emu.usedCodes(SERIAL)).toHaveLength(2)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  }, 60_000)
})

describe('a role whose trust policy bounds aws:MultiFactorAuthAge', () => {
  test('a consumer 6+ s after the producer, on a role bounded at 5 s: without keys the error names the age; with them, one code of its own', async () => {
    const w = shortWindows(world())
    w.config.roles[0].trustPolicy = mfaTrustPolicy(USER_ARN, { maxMfaAgeSeconds: 5 })
    const emu = await start(w.config)
    const made = await producer(w, emu, { 'role-to-assume': '' })
    const sealed = made.outputs['mfa-session']
    // Real time, so that the runner's clock (which dates the session) and STS's agree on its age.
    await new Promise(resolve => setTimeout(resolve, 6_500))
    const secrets = { 'user secret key': w.user.secretAccessKey }

    const alone = await job(consumerInputs(w, emu, sealed), secrets)
    expectFailure(
      alone,
      /Not authorised to assume .*role\/deploy with an MFA session (6|7|8|9|\d\d) s old\. .*aws:MultiFactorAuthAge.*Raise the bound.*mfa-serial, aws-access-key-id and aws-secret-access-key/s
    )
    expect(alone.main.stdout).toMatch(/AWS said: AccessDenied: User: .* is not authorized/)

    const before = emu.requests.length
    const fallback = await job(consumerInputs(w, emu, sealed, fallbackInputs(w)), secrets)
    expect(fallback.main.exitCode).toBe(0)
    const notices = fallback.main.stdout.split('\n').filter(l => l.startsWith('::notice::'))
    expect(notices[0]).toMatch(
      /STS refused AssumeRole on .*role\/deploy with the shared MFA session \(mfa-session\), which is (6|7|8|9|\d\d) s old: .*aws:MultiFactorAuthAge/
    )
    await expect(callerArn(emu.url, fallback.main.env)).resolves.toBe(SESSION_OF('deploy'))
    const mine = emu.requests.slice(before).filter(r => r.action === 'AssumeRole')
    // The session's AssumeRole, refused; then the role with a code of its own (one accepted code,
    // after at most one refusal of the window the producer had spent).
    expect(mine[0]).toMatchObject({ status: 403, errorCode: 'AccessDenied' })
    expect(mine[0].params.TokenCode).toBeUndefined()
    expect(mine.at(-1)).toMatchObject({ status: 200 })
    expect(mine.filter(r => r.params.TokenCode && r.status === 200)).toHaveLength(1)
    expect(mine.filter(r => r.params.TokenCode).length).toBeLessThanOrEqual(2)
    expect(emu.usedCodes(SERIAL)).toHaveLength(2)
  }, 60_000)

  test('a consumer within the bound uses the shared session, with no code', async () => {
    const w = world()
    w.config.roles[0].trustPolicy = mfaTrustPolicy(USER_ARN, { maxMfaAgeSeconds: 300 })
    const emu = await start(w.config)
    const made = await producer(w, emu, { 'role-to-assume': '' })
    // The emulator's clock 240 s on: still within the bound, with a minute to spare for a loaded
    // machine's real seconds (the runner's clock has not moved, so the action sees a fresh
    // session; AWS's clock is the one that decides).
    emu.advanceClock(240_000)
    const consumer = await job(
      consumerInputs(w, emu, made.outputs['mfa-session'], fallbackInputs(w)),
      { 'user secret key': w.user.secretAccessKey }
    )
    expect(consumer.main.exitCode).toBe(0)
    expect(emu.usedCodes(SERIAL)).toHaveLength(1)
    emu.advanceClock(61_000)
    const late = await job(consumerInputs(w, emu, made.outputs['mfa-session']), {
      'user secret key': w.user.secretAccessKey
    })
    // Over 300 s by AWS's clock: refused. The runner's clock says seconds, so the action cannot blame
    // the age, and keeps the general advice.
    expectFailure(late, /Not authorised to assume .*role\/deploy\. Check that/)
  }, 60_000)
})
