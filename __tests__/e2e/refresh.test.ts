/**
 * refresh-credentials end to end: the committed dist/ run as the runner runs it, a credentials
 * server left running by the main step, later steps (the JavaScript SDK v3's default chain and the
 * AWS CLI) that get the role through it across the end of a role session, and the post step that
 * stops it. The emulator ends role sessions after a few seconds (roleSessionSeconds, test only).
 * The tests run concurrently (each with its own emulator and job), and wait for events or for a
 * known expiry, never a fixed time.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from '@jest/globals'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { findLeaks, runCommandStep, runJob } from '../support/runner.js'
import { ACCOUNT, ROLE_ARN, SERIAL, inputsFor, world } from './fixtures.js'
import { node } from './harness.js'

const SDK_STEP = join(import.meta.dirname, 'steps/sdk-default-chain.mjs')
const READ_ONLY = `arn:aws:iam::${ACCOUNT}:role/read-only`
const sessionArn = (role: string) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/GitHubActions-1658821493-1`
/** The AWS CLI on this machine (v1 on botocore, or v2): a real client of the endpoint. */
const AWS_CLI = execFileSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim()

type Step = Awaited<ReturnType<typeof runCommandStep>>
type Job = Awaited<ReturnType<typeof runJob>>

/** Emulators of this file's tests, which run concurrently: each its own, all closed at the end. */
const emulators: Array<Awaited<ReturnType<typeof startEmulator>>> = []
afterAll(() => Promise.all(emulators.map(emu => emu.close())))
async function start(config: Parameters<typeof startEmulator>[0]) {
  const emu = await startEmulator(config)
  emulators.push(emu)
  return emu
}

/**
 * Role sessions of the emulator, in seconds: short, so that renewals happen within the test, yet
 * long enough that a third of one (what the server leaves when it renews) outlasts the AWS CLI's
 * start on a loaded machine: with 4 s, botocore once got credentials that had expired on arrival.
 */
const ROLE_SECONDS = 9

/** Runs a job whose later steps `between` runs; checks what every refresh job must hold. */
async function refreshJob(
  inputs: Record<string, string>,
  between: (exported: Record<string, string>, workdir: string, main: Job['main']) => Promise<void>,
  env: Record<string, string> = {}
): Promise<Job & { pid: number; port: number }> {
  let endpoint = { pid: 0, port: 0 }
  const job = await runJob(
    { ...inputs, 'refresh-credentials': 'true' },
    {
      node,
      env,
      afterMain: async (main, workdir) => {
        expect(main.exitCode).toBe(0)
        endpoint = JSON.parse(main.state.credentialsEndpoint) as typeof endpoint
        await between(main.env, workdir, main)
      }
    }
  )
  const secrets: Record<string, string> = {
    seed: inputs['mfa-seed'],
    'user secret key': inputs['aws-secret-access-key'],
    token: job.main.env.AWS_CONTAINER_AUTHORIZATION_TOKEN
  }
  expect(findLeaks(job.main, secrets)).toEqual([])
  expect(findLeaks(job.post, secrets)).toEqual([])
  expect(job.post.exitCode).toBe(0)
  expect(job.post.stderr).toBe('')
  // Nothing is left for the runner to kill, and nothing answers on the port any more.
  expect(job.leftover).toEqual([])
  await expect(fetch(`http://127.0.0.1:${endpoint.port}/credentials`)).rejects.toThrow()
  return { ...job, ...endpoint }
}

/** A `run:` step with the SDK's default chain: `calls` calls, `gapMs` apart, in one process. */
async function sdkStep(
  url: string,
  workdir: string,
  env: Record<string, string>,
  calls = 1,
  gapMs = 0
): Promise<string[]> {
  const step = await runCommandStep(
    node,
    [SDK_STEP, url, String(calls), String(gapMs)],
    workdir,
    env
  )
  expect(step).toMatchObject({ exitCode: 0 })
  return (JSON.parse(step.stdout) as { arns: string[] }).arns
}

/** A `run:` step with the AWS CLI. */
async function cliStep(
  url: string,
  workdir: string,
  env: Record<string, string>,
  args: string[] = []
) {
  const step: Step = await runCommandStep(
    AWS_CLI,
    ['sts', 'get-caller-identity', '--endpoint-url', url, '--output', 'json', ...args],
    workdir,
    env
  )
  expect(step.stderr).toBe('')
  expect(step.exitCode).toBe(0)
  return (JSON.parse(step.stdout) as { Arn: string }).Arn
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
/** Waits until a moment (an expiry), however long the steps before it took. */
const until = (ms: number) => sleep(Math.max(0, ms - Date.now()))
/** The credentials the endpoint serves now. */
async function served(env: Record<string, string>) {
  const res = await fetch(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, {
    headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN }
  })
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, string>
}

describe('refresh-credentials', () => {
  test.concurrent(
    'later steps get the role through the endpoint, renewed after it expires, with one code',
    async () => {
      const { user, seed, config } = world()
      const emu = await start({ ...config, roleSessionSeconds: ROLE_SECONDS })
      let firstKey = ''
      const job = await refreshJob(inputsFor(emu.url, user, seed), async (env, workdir) => {
        const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI
        expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/)
        expect(Buffer.from(env.AWS_CONTAINER_AUTHORIZATION_TOKEN, 'base64url')).toHaveLength(32)
        for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
          expect(env[name]).toBeUndefined()

        // Wrong or missing token: refused, and no credentials in the answer.
        const none = await fetch(uri)
        expect(none.status).toBe(401)
        const wrong = await fetch(uri, { headers: { Authorization: 'x'.repeat(43) } })
        expect(wrong.status).toBe(403)
        expect(await wrong.text()).not.toMatch(/ASIA|SecretAccessKey/)

        // The container provider's JSON shape.
        const answer = await fetch(uri, {
          headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN }
        })
        const body = (await answer.json()) as Record<string, string>
        expect(Object.keys(body).sort()).toEqual(
          ['AccessKeyId', 'AccountId', 'Expiration', 'SecretAccessKey', 'Token'].sort()
        )
        expect(body.AccountId).toBe(ACCOUNT)
        expect(body.AccessKeyId).toMatch(/^ASIA/)
        firstKey = body.AccessKeyId
        const firstExpiry = Date.parse(body.Expiration)

        // Meanwhile, one SDK process whose credentials expire between its two calls: it renews
        // by itself.
        const gapMs = ROLE_SECONDS * 1000 + 500
        const started = Date.now()
        const sdk = sdkStep(emu.url, workdir, env, 2, gapMs)
        // Never credentials about to expire: over a whole session, each answer has more than a
        // sixth of a session left (renewal leaves a third; the emulator truncates to the second).
        const end = Date.now() + ROLE_SECONDS * 1000 + 500
        while (Date.now() < end) {
          const asked = Date.now()
          const { Expiration } = await served(env)
          expect(Date.parse(Expiration) - asked).toBeGreaterThan((ROLE_SECONDS * 1000) / 6)
          await sleep(100)
        }
        expect(await sdk).toEqual([sessionArn('deploy'), sessionArn('deploy')])
        expect(Date.now() - started).toBeGreaterThan(gapMs)
        // Later steps, once the first role session is over: fresh credentials.
        await until(firstExpiry)
        expect(await cliStep(emu.url, workdir, env)).toBe(sessionArn('deploy'))
        expect(await sdkStep(emu.url, workdir, env)).toEqual([sessionArn('deploy')])
      })

      // One code in all: one GetSessionToken with it, every AssumeRole without.
      expect(emu.usedCodes(SERIAL)).toHaveLength(1)
      expect(emu.requests.filter(r => r.params.TokenCode)).toHaveLength(1)
      expect(emu.requests.find(r => r.params.TokenCode)?.action).toBe('GetSessionToken')
      const assumed = emu.requests.filter(r => r.action === 'AssumeRole')
      expect(assumed.length).toBeGreaterThanOrEqual(2)
      expect(assumed.every(r => r.status === 200 && r.params.DurationSeconds === '3600')).toBe(true)
      // The callers signed with keys of at least three role sessions, none expired.
      const callers = emu.requests.filter(r => r.action === 'GetCallerIdentity')
      expect(callers.every(r => r.status === 200)).toBe(true)
      expect(callers).toHaveLength(4)
      const keys = new Set(callers.map(r => r.accessKeyId))
      expect(keys.size).toBeGreaterThanOrEqual(2)
      // The CLI and the last SDK step, after the first session's end, signed with later keys.
      expect(callers.slice(2).every(r => r.accessKeyId !== firstKey)).toBe(true)
      // The user's own keys signed only the GetSessionToken.
      expect(emu.requests.filter(r => r.accessKeyId === user.accessKeyId)).toHaveLength(1)

      // The main step did not wait for the server, which would have held its streams until the
      // stand-in's 120-second timeout.
      expect(job.main.durationMs).toBeLessThan(30_000)
      expect(job.main.outputs['authenticated-arn']).toBe(sessionArn('deploy'))
      expect(job.main.summary).toContain('by the credentials endpoint until')
      expect(job.post.stdout).toMatch(
        /Credentials endpoint: \d+ answers, [1-9]\d* renewals, 0 failed renewals, 2 refused requests; it ended: by SIGTERM\./
      )
    },
    60_000
  )

  test.concurrent(
    'the server holds the MFA session only: not the user’s keys, not in its arguments or environment',
    async () => {
      const { user, seed, config } = world()
      const emu = await start(config)
      await refreshJob(inputsFor(emu.url, user, seed), async (_env, _workdir, main) => {
        const sessionRequest = emu.requests.find(r => r.action === 'GetSessionToken')
        expect(sessionRequest).toBeDefined()
        // This job's server, by the pid its main step saved: other suites' AWS CLI steps run
        // `dist/server/index.js credential-process` with their whole environment, on purpose.
        const { pid } = JSON.parse(main.state.credentialsEndpoint) as { pid: number }
        const environ = readFileSync(`/proc/${pid}/environ`, 'utf8')
        const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        expect(cmdline).toContain('dist/server/index.js')
        expect(environ).toContain('RUNNER_TRACKING_ID=')
        for (const text of [environ, cmdline]) {
          expect(text).not.toContain(user.secretAccessKey)
          expect(text).not.toContain(user.accessKeyId)
          expect(text).not.toContain(seed)
          expect(text).not.toMatch(/INPUT_|AWS_/)
        }
      })
    },
    60_000
  )

  test.concurrent(
    'the server ends by itself when the MFA session ends',
    async () => {
      const { user, seed, config } = world()
      const emu = await start({ ...config, roleSessionSeconds: 2, mfaSessionSeconds: 5 })
      const job = await refreshJob(inputsFor(emu.url, user, seed), async env => {
        const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI
        const giveUp = Date.now() + 15_000
        while (Date.now() < giveUp) {
          try {
            await fetch(uri, { headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })
          } catch {
            break // no longer listening
          }
          await sleep(100)
        }
        await expect(fetch(uri)).rejects.toThrow()
      })
      expect(job.post.stdout).toMatch(/it ended: the MFA session ended at/)
    },
    60_000
  )

  test.concurrent(
    'with aws-profile, each role’s profile asks the endpoint through credential_process',
    async () => {
      const { user, seed, config } = world()
      config.roles.push({ ...config.roles[0], arn: READ_ONLY })
      const emu = await start({ ...config, roleSessionSeconds: ROLE_SECONDS })
      const files = { AWS_SHARED_CREDENTIALS_FILE: '', AWS_CONFIG_FILE: '' }
      const job = await refreshJob(
        {
          ...inputsFor(emu.url, user, seed),
          'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}`,
          'aws-profile': 'deploy\nread-only'
        },
        async (env, workdir, main) => {
          files.AWS_SHARED_CREDENTIALS_FILE = join(workdir, 'credentials')
          files.AWS_CONFIG_FILE = join(workdir, 'config')
          const config = readFileSync(files.AWS_CONFIG_FILE, 'utf8')
          expect(config).toMatch(
            /\[profile read-only\]\nregion = eu-central-1\ncredential_process = .* http:\/\/127\.0\.0\.1:\d+\/credentials\/1 \//
          )
          expect(config).not.toContain(env.AWS_CONTAINER_AUTHORIZATION_TOKEN)
          expect(readFileSync(files.AWS_SHARED_CREDENTIALS_FILE, 'utf8')).not.toMatch(/ASIA/)
          // Without the endpoint's variables: the profiles work on their own.
          const profileOnly = { AWS_REGION: env.AWS_REGION, ...files }
          expect(await cliStep(emu.url, workdir, profileOnly, ['--profile', 'read-only'])).toBe(
            sessionArn('read-only')
          )
          // Once the first sessions are over (the output is the first role's expiry).
          await until(Date.parse(main.outputs['aws-expiration']))
          expect(await cliStep(emu.url, workdir, profileOnly, ['--profile', 'deploy'])).toBe(
            sessionArn('deploy')
          )
          expect(
            await sdkStep(emu.url, workdir, { ...profileOnly, AWS_PROFILE: 'read-only' })
          ).toEqual([sessionArn('read-only')])
        },
        { AWS_SHARED_CREDENTIALS_FILE: 'credentials', AWS_CONFIG_FILE: 'config' }
      )
      expect(emu.usedCodes(SERIAL)).toHaveLength(1)
      // Both roles were renewed after their first session ended.
      for (const arn of [ROLE_ARN, READ_ONLY]) {
        expect(
          emu.requests.filter(r => r.action === 'AssumeRole' && r.params.RoleArn === arn).length
        ).toBeGreaterThanOrEqual(2)
      }
      expect(job.post.stdout).toContain('Credentials endpoint:')
    },
    90_000
  )
  test.concurrent(
    'a consumer of the shared MFA session renews from it: one code across both jobs',
    async () => {
      const { user, seed, config } = world()
      const emu = await start({ ...config, roleSessionSeconds: ROLE_SECONDS })
      // The producer job: one code, the session shared as a job output.
      const producer = await runJob(
        { ...inputsFor(emu.url, user, seed), 'share-mfa-session': 'true' },
        {
          node,
          outputs: { 'mfa-session': 'mfa-session' },
          secrets: [seed, user.secretAccessKey]
        }
      )
      expect(producer.main.exitCode).toBe(0)
      const sealed = producer.outputs['mfa-session']
      expect(sealed).toMatch(/^v1\./)
      const afterProducer = emu.requests.length
      // The consumer job: only what a consumer needs, and refresh-credentials.
      const consumer = {
        'aws-region': 'eu-central-1',
        'role-to-assume': ROLE_ARN,
        'mfa-seed': seed,
        'mfa-session': sealed,
        'sts-endpoint': emu.url
      }
      const job = await refreshJob(consumer, async (env, workdir, main) => {
        expect(main.summary).toContain('the shared MFA session of this run')
        for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
          expect(env[name]).toBeUndefined()
        const first = await served(env)
        expect(await sdkStep(emu.url, workdir, env)).toEqual([sessionArn('deploy')])
        // A later step, once the first role session is over: renewed from the shared session.
        await until(Date.parse(first.Expiration))
        const renewed = await served(env)
        expect(renewed.AccessKeyId).not.toBe(first.AccessKeyId)
        expect(Date.parse(renewed.Expiration)).toBeGreaterThan(Date.now())
        expect(await cliStep(emu.url, workdir, env)).toBe(sessionArn('deploy'))
      })
      // One code in all, the producer's: the consumer and its endpoint spent none.
      expect(emu.usedCodes(SERIAL)).toHaveLength(1)
      const consumed = emu.requests.slice(afterProducer)
      expect(consumed.filter(r => r.params.TokenCode)).toHaveLength(0)
      expect(consumed.some(r => r.action === 'GetSessionToken')).toBe(false)
      // The user's keys signed nothing for the consumer: every AssumeRole is the shared session's.
      expect(consumed.some(r => r.accessKeyId === user.accessKeyId)).toBe(false)
      const assumed = consumed.filter(r => r.action === 'AssumeRole')
      expect(assumed.length).toBeGreaterThanOrEqual(2)
      expect(assumed.every(r => r.status === 200 && r.params.DurationSeconds === '3600')).toBe(true)
      expect(new Set(assumed.map(r => r.accessKeyId)).size).toBe(1)
      expect(job.post.stdout).toMatch(
        /Credentials endpoint: \d+ answers, [1-9]\d* renewals, 0 failed/
      )
    },
    60_000
  )

  test.concurrent(
    'a consumer whose shared session is unusable falls back to one code’s MFA session, which the endpoint renews from',
    async () => {
      const { user, seed, config } = world()
      const emu = await start({ ...config, roleSessionSeconds: ROLE_SECONDS })
      const inputs = {
        ...inputsFor(emu.url, user, seed),
        'mfa-session': 'v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA'
      }
      const job = await refreshJob(inputs, async (env, workdir, main) => {
        expect(main.stdout).toMatch(
          /::notice::The shared MFA session \(mfa-session\) cannot be used/
        )
        const first = await served(env)
        await until(Date.parse(first.Expiration))
        expect(await sdkStep(emu.url, workdir, env)).toEqual([sessionArn('deploy')])
      })
      expect(job.main.exitCode).toBe(0)
      // One code, on the MFA session; the role, first and renewed, assumed from it without one.
      expect(emu.usedCodes(SERIAL)).toHaveLength(1)
      const coded = emu.requests.filter(r => r.params.TokenCode)
      expect(coded.map(r => r.action)).toEqual(['GetSessionToken'])
      const assumed = emu.requests.filter(r => r.action === 'AssumeRole')
      expect(assumed.length).toBeGreaterThanOrEqual(2)
      expect(assumed.every(r => r.status === 200 && r.accessKeyId !== user.accessKeyId)).toBe(true)
    },
    60_000
  )
})
