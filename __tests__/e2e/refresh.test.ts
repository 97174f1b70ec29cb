/**
 * refresh-credentials end to end: the committed dist/ run as the runner runs it, a credentials
 * server left running by the main step, later steps (the JavaScript SDK v3's default chain and the
 * AWS CLI) that get the role through it across the end of a role session, and the post step that
 * stops it. The emulator ends role sessions after a few seconds (roleSessionSeconds, test only).
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { findLeaks, runCommandStep, runJob } from '../support/runner.js'
import { start } from './harness.js'
import { ACCOUNT, ROLE_ARN, SERIAL, inputsFor, world } from './fixtures.js'

const node = process.env.ACTION_NODE || process.execPath
const SDK_STEP = join(import.meta.dirname, 'steps/sdk-default-chain.mjs')
const READ_ONLY = `arn:aws:iam::${ACCOUNT}:role/read-only`
const sessionArn = (role: string) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/GitHubActions-1658821493-1`
/** The AWS CLI on this machine (v1 on botocore, or v2): a real client of the endpoint. */
const AWS_CLI = execFileSync('sh', ['-c', 'command -v aws'], { encoding: 'utf8' }).trim()

type Step = Awaited<ReturnType<typeof runCommandStep>>
type Job = Awaited<ReturnType<typeof runJob>>

/** Runs a job whose later steps `between` runs; checks what every refresh job must hold. */
async function refreshJob(
  inputs: Record<string, string>,
  between: (exported: Record<string, string>, workdir: string) => Promise<void>,
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
        await between(main.env, workdir)
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

describe('refresh-credentials', () => {
  test('later steps get the role through the endpoint, renewed after it expires, with one code', async () => {
    const { user, seed, config } = world()
    const emu = await start({ ...config, roleSessionSeconds: 6 })
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

      // Never credentials about to expire: over a whole session, each answer has more than a
      // sixth of a session left (renewal leaves a third; the emulator truncates to the second).
      const until = Date.now() + 7_000
      while (Date.now() < until) {
        const asked = Date.now()
        const res = await fetch(uri, {
          headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN }
        })
        const { Expiration } = (await res.json()) as { Expiration: string }
        expect(Date.parse(Expiration) - asked).toBeGreaterThan(1_000)
        await sleep(200)
      }

      // One SDK process whose credentials expire between its two calls: it renews by itself.
      const started = Date.now()
      expect(await sdkStep(emu.url, workdir, env, 2, 7_000)).toEqual([
        sessionArn('deploy'),
        sessionArn('deploy')
      ])
      expect(Date.now() - started).toBeGreaterThan(7_000)
      // A later step, after the first role session is over: fresh credentials.
      await sleep(6_500)
      expect(await cliStep(emu.url, workdir, env)).toBe(sessionArn('deploy'))
      expect(await sdkStep(emu.url, workdir, env)).toEqual([sessionArn('deploy')])
    })

    // One code in all: one GetSessionToken with it, every AssumeRole without.
    expect(emu.usedCodes(SERIAL)).toHaveLength(1)
    expect(emu.requests.filter(r => r.params.TokenCode)).toHaveLength(1)
    expect(emu.requests.find(r => r.params.TokenCode)?.action).toBe('GetSessionToken')
    const assumed = emu.requests.filter(r => r.action === 'AssumeRole')
    expect(assumed.length).toBeGreaterThanOrEqual(3)
    expect(assumed.every(r => r.status === 200 && r.params.DurationSeconds === '3600')).toBe(true)
    // The callers signed with keys of at least three role sessions, none expired.
    const callers = emu.requests.filter(r => r.action === 'GetCallerIdentity')
    expect(callers.every(r => r.status === 200)).toBe(true)
    const keys = new Set(callers.map(r => r.accessKeyId))
    expect(keys.size).toBeGreaterThanOrEqual(3)
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
  }, 90_000)

  test('the server holds the MFA session only: not the user’s keys, not in its arguments or environment', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    await refreshJob(inputsFor(emu.url, user, seed), async () => {
      const sessionRequest = emu.requests.find(r => r.action === 'GetSessionToken')
      expect(sessionRequest).toBeDefined()
      const pids = execFileSync('pgrep', ['-f', 'dist/server/index.js'], { encoding: 'utf8' })
        .trim()
        .split('\n')
      let seen = 0
      for (const pid of pids) {
        let environ: string
        let cmdline: string
        try {
          environ = readFileSync(`/proc/${pid}/environ`, 'utf8')
          cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
        } catch {
          continue // another helper's, or gone
        }
        if (!environ.includes('RUNNER_TRACKING_ID=')) continue
        seen++
        for (const text of [environ, cmdline]) {
          expect(text).not.toContain(user.secretAccessKey)
          expect(text).not.toContain(user.accessKeyId)
          expect(text).not.toContain(seed)
          expect(text).not.toMatch(/INPUT_|AWS_/)
        }
      }
      expect(seen).toBeGreaterThanOrEqual(1)
    })
  }, 60_000)

  test('the server ends by itself when the MFA session ends', async () => {
    const { user, seed, config } = world()
    const emu = await start({ ...config, roleSessionSeconds: 3, mfaSessionSeconds: 6 })
    const job = await refreshJob(inputsFor(emu.url, user, seed), async env => {
      const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI
      const until = Date.now() + 15_000
      while (Date.now() < until) {
        try {
          await fetch(uri, { headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN } })
        } catch {
          break // no longer listening
        }
        await sleep(250)
      }
      await expect(fetch(uri)).rejects.toThrow()
    })
    expect(job.post.stdout).toMatch(/it ended: the MFA session ended at/)
  }, 60_000)

  test('with aws-profile, each role’s profile asks the endpoint through credential_process', async () => {
    const { user, seed, config } = world()
    config.roles.push({ ...config.roles[0], arn: READ_ONLY })
    const emu = await start({ ...config, roleSessionSeconds: 6 })
    const files = { AWS_SHARED_CREDENTIALS_FILE: '', AWS_CONFIG_FILE: '' }
    const job = await refreshJob(
      {
        ...inputsFor(emu.url, user, seed),
        'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}`,
        'aws-profile': 'deploy\nread-only'
      },
      async (env, workdir) => {
        files.AWS_SHARED_CREDENTIALS_FILE = join(workdir, 'credentials')
        files.AWS_CONFIG_FILE = join(workdir, 'config')
        const config = readFileSync(files.AWS_CONFIG_FILE, 'utf8')
        expect(config).toMatch(
          /\[profile read-only\]\nregion = eu-central-1\ncredential_process = .*\/credentials\/1"/
        )
        expect(config).not.toContain(env.AWS_CONTAINER_AUTHORIZATION_TOKEN)
        expect(readFileSync(files.AWS_SHARED_CREDENTIALS_FILE, 'utf8')).not.toMatch(/ASIA/)
        // Without the endpoint's variables: the profiles work on their own.
        const profileOnly = { AWS_REGION: env.AWS_REGION, ...files }
        expect(await cliStep(emu.url, workdir, profileOnly, ['--profile', 'read-only'])).toBe(
          sessionArn('read-only')
        )
        await sleep(6_500)
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
  }, 90_000)
})
