/**
 * refresh-credentials in the field: the endpoint, the profiles it writes and the variables it
 * exports, used by four clients nobody here wrote (AWS CLI v1, Debian's AWS CLI v2, the JavaScript
 * SDK v3 and the AWS SDK for Go v2, the SDK family of Terraform's provider), each across a renewal;
 * the STS endpoint, FIPS/dual-stack choice and proxy of the main step handed to the server; a
 * runner's own `[default]` profile; a renewal that STS refuses with AccessDenied. The committed
 * dist/ runs as the runner runs it, against the emulator (role sessions of a few seconds).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { findClients } from '../support/clients.js'
import { mfaTrustPolicy, startEmulator } from '../support/emulator/sts-emulator.js'
import { findLeaks, runCommandStep, runJob } from '../support/runner.js'
import { ACCOUNT, ROLE_ARN, SERIAL, USER_ARN, inputsFor, world } from './fixtures.js'
import { node } from './harness.js'
import {
  makeCertificate,
  startTerminatingProxy,
  type Certificate,
  type TerminatingProxy
} from './terminating-proxy.js'

const SDK_STEP = join(import.meta.dirname, 'steps/sdk-default-chain.mjs')
const DEPLOY = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions-1658821493-1`
/** As in refresh.test.ts: long enough that a third of it outlasts a CLI's start under load. */
const ROLE_SECONDS = 9
/**
 * The four-client test's sessions: the Go SDK v2 uses container and process credentials up to
 * their expiry, so a renewal that a loaded machine delays past the third left would hand it
 * credentials that expire on the way to STS. A longer session leaves the renewal more room.
 */
const FOUR_CLIENT_ROLE_SECONDS = 15

const clients = findClients()
const scratch = mkdtempSync(join(tmpdir(), 'refresh-field-'))
const emulators: Array<Awaited<ReturnType<typeof startEmulator>>> = []
const proxies: TerminatingProxy[] = []
afterAll(async () => {
  await Promise.all(emulators.map(emu => emu.close()))
  await Promise.all(proxies.map(proxy => proxy.close()))
  rmSync(scratch, { recursive: true, force: true })
})
async function start(config: Parameters<typeof startEmulator>[0], roleSeconds = ROLE_SECONDS) {
  const emu = await startEmulator({ ...config, roleSessionSeconds: roleSeconds })
  emulators.push(emu)
  return emu
}

type Job = Awaited<ReturnType<typeof runJob>>
type Main = Job['main']

/** A refresh job; checks what every one must hold (no leak, post step clean, nothing left). */
async function refreshJob(
  inputs: Record<string, string>,
  between: (env: Record<string, string>, workdir: string, main: Main) => Promise<void>,
  env: Record<string, string> = {}
): Promise<Job> {
  let port = 0
  const job = await runJob(
    { ...inputs, 'refresh-credentials': 'true' },
    {
      node,
      env,
      afterMain: async (main, workdir) => {
        expect(main.stdout.split('\n').filter(line => line.startsWith('::error::'))).toEqual([])
        expect(main.exitCode).toBe(0)
        port = (JSON.parse(main.state.credentialsEndpoint) as { port: number }).port
        await between(main.env, workdir, main)
      }
    }
  )
  const secrets = {
    seed: inputs['mfa-seed'],
    'user secret key': inputs['aws-secret-access-key'],
    token: job.main.env.AWS_CONTAINER_AUTHORIZATION_TOKEN
  }
  expect(findLeaks(job.main, secrets)).toEqual([])
  expect(findLeaks(job.post, secrets)).toEqual([])
  expect(job.post.exitCode).toBe(0)
  expect(job.post.stderr).toBe('')
  expect(job.leftover).toEqual([])
  await expect(fetch(`http://127.0.0.1:${port}/credentials`)).rejects.toThrow()
  return job
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms))
const until = (ms: number) => sleep(Math.max(0, ms - Date.now()))
async function served(env: Record<string, string>) {
  const res = await fetch(env.AWS_CONTAINER_CREDENTIALS_FULL_URI, {
    headers: { Authorization: env.AWS_CONTAINER_AUTHORIZATION_TOKEN }
  })
  return { status: res.status, body: (await res.json()) as Record<string, string> }
}

/** A `run:` step of one client calling GetCallerIdentity; its ARNs, or the failure. */
async function callerStep(
  client: 'v1' | 'v2' | 'js' | 'go',
  url: string,
  workdir: string,
  env: Record<string, string>,
  calls = 1,
  gapMs = 0
): Promise<string[]> {
  const [command, args] =
    client === 'js'
      ? [node, [SDK_STEP, url, String(calls), String(gapMs)]]
      : client === 'go'
        ? [clients.goClient as string, [url, String(calls), String(gapMs)]]
        : [
            (client === 'v1' ? clients.awsCliV1 : clients.awsCliV2) as string,
            ['sts', 'get-caller-identity', '--endpoint-url', url, '--output', 'json']
          ]
  const step = await runCommandStep(command, args, workdir, env)
  if (step.exitCode !== 0) throw new Error(`${client}: exit ${step.exitCode}: ${step.stderr}`)
  const out = JSON.parse(step.stdout) as { arns?: string[]; Arn?: string }
  return out.arns ?? [out.Arn as string]
}

describe('refresh-credentials with the clients of the field', () => {
  test('the four clients are here (under CI=true they must be; locally the suite says what it skips)', () => {
    const required = process.env.CI === 'true'
    if (!required && clients.missing.length > 0) {
      console.warn(`Skipped in refresh-field.test.ts:\n- ${clients.missing.join('\n- ')}`)
    }
    expect(required ? clients.missing : []).toEqual([])
  })
})

const withAllClients = clients.missing.length === 0 ? describe : describe.skip
withAllClients('four clients', () => {
  test.concurrent(
    'AWS CLI v1, AWS CLI v2, JS SDK v3 and Go SDK v2 get the role through the variables and the profile, across renewals',
    async () => {
      const { user, seed, config } = world()
      const emu = await start(config, FOUR_CLIENT_ROLE_SECONDS)
      const job = await refreshJob(
        { ...inputsFor(emu.url, user, seed), 'aws-profile': 'deploy' },
        async (env, workdir) => {
          const config = readFileSync(join(workdir, '.aws', 'config'), 'utf8')
          // No quote in the line: every SDK splits it into the same words.
          expect(config).toMatch(
            /\ncredential_process = \/\S+ \/\S+ credential-process http:\S+ \/\S+\n/
          )
          const first = await served(env)
          const profile = { AWS_REGION: env.AWS_REGION, AWS_PROFILE: 'deploy' }
          const gapMs = FOUR_CLIENT_ROLE_SECONDS * 1000 + 500
          // Two calls each, the second after the first credentials ended: the process renews.
          const long = (['js', 'go'] as const).flatMap(client => [
            callerStep(client, emu.url, workdir, env, 2, gapMs),
            callerStep(client, emu.url, workdir, profile, 2, gapMs)
          ])
          const once = async () => {
            for (const client of ['v1', 'v2'] as const) {
              expect(await callerStep(client, emu.url, workdir, env)).toEqual([DEPLOY])
              expect(await callerStep(client, emu.url, workdir, profile)).toEqual([DEPLOY])
            }
          }
          await once()
          await until(Date.parse(first.body.Expiration))
          await once() // with renewed credentials only: the first have expired
          for (const arns of await Promise.all(long)) expect(arns).toEqual([DEPLOY, DEPLOY])
        }
      )
      expect(emu.usedCodes(SERIAL)).toHaveLength(1)
      const callers = emu.requests.filter(r => r.action === 'GetCallerIdentity')
      expect(callers).toHaveLength(16)
      expect(callers.every(r => r.status === 200)).toBe(true)
      expect(new Set(callers.map(r => r.accessKeyId)).size).toBeGreaterThanOrEqual(2)
      expect(job.post.stdout).toMatch(
        /Credentials endpoint: \d+ answers, [1-9]\d* renewals, 0 failed/
      )
    },
    120_000
  )
})

describe('the main step hands its STS endpoint to the server', () => {
  for (const variable of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
    test.concurrent(
      `${variable}, without sts-endpoint: renewals go there too`,
      async () => {
        const { user, seed, config } = world()
        const emu = await start(config)
        const inputs: Record<string, string> = inputsFor(emu.url, user, seed)
        delete inputs['sts-endpoint']
        const job = await refreshJob(
          inputs,
          async env => {
            const first = await served(env)
            await until(Date.parse(first.body.Expiration))
            const renewed = await served(env)
            expect(renewed.status).toBe(200)
            expect(renewed.body.AccessKeyId).not.toBe(first.body.AccessKeyId)
          },
          { [variable]: emu.url }
        )
        expect(emu.requests.filter(r => r.action === 'AssumeRole' && r.status === 200).length).toBe(
          2
        )
        expect(job.post.stdout).toMatch(/\d+ answers, 1 renewals, 0 failed/)
      },
      60_000
    )
  }

  /** HTTPS_PROXY, ending TLS with a certificate for the two hosts (terminating-proxy.ts). */
  let certificate: Certificate
  beforeAll(() => {
    certificate = makeCertificate(
      ['sts-fips.eu-central-1.amazonaws.com', 'sts.eu-central-1.api.aws'],
      scratch
    )
  })
  async function terminatingProxy(target: string) {
    const proxy = await startTerminatingProxy(target, certificate)
    proxies.push(proxy)
    return proxy
  }

  for (const [variable, host] of [
    ['AWS_USE_FIPS_ENDPOINT', 'sts-fips.eu-central-1.amazonaws.com:443'],
    ['AWS_USE_DUALSTACK_ENDPOINT', 'sts.eu-central-1.api.aws:443']
  ]) {
    test.concurrent(
      `${variable} with HTTPS_PROXY and NO_PROXY: every renewal goes to ${host} through the proxy`,
      async () => {
        const { user, seed, config } = world()
        const emu = await start(config)
        const proxy = await terminatingProxy(emu.url)
        const inputs: Record<string, string> = inputsFor(emu.url, user, seed)
        delete inputs['sts-endpoint']
        await refreshJob(
          inputs,
          async env => {
            const first = await served(env)
            await until(Date.parse(first.body.Expiration))
            const renewed = await served(env)
            expect(renewed.status).toBe(200)
            expect(renewed.body.AccessKeyId).not.toBe(first.body.AccessKeyId)
          },
          {
            [variable]: 'true',
            HTTPS_PROXY: proxy.url,
            NO_PROXY: 'example.com,.internal',
            NODE_EXTRA_CA_CERTS: certificate.caFile
          }
        )
        const assumed = emu.requests.filter(r => r.action === 'AssumeRole' && r.status === 200)
        expect(assumed).toHaveLength(2)
        // The main step's requests and the server's renewal, all to that host, all through it.
        expect(proxy.tunnels.length).toBeGreaterThanOrEqual(2)
        expect(new Set(proxy.tunnels)).toEqual(new Set([host]))
        expect(emu.requests.every(r => r.status === 200)).toBe(true)
      },
      60_000
    )
  }
})

describe('a runner’s own profile', () => {
  test.concurrent(
    'a [default] profile with keys in the credentials file: refused before any code, naming file and profile',
    async () => {
      const { user, seed, config } = world()
      const emu = await start(config)
      const file = join(scratch, `credentials-${Date.now()}`)
      writeFileSync(
        file,
        '[default]\naws_access_key_id = AKIARUNNERSOWNKEY001\naws_secret_access_key = x\n',
        {
          mode: 0o600
        }
      )
      const job = await runJob(
        { ...inputsFor(emu.url, user, seed), 'refresh-credentials': 'true' },
        { node, env: { AWS_SHARED_CREDENTIALS_FILE: file } }
      )
      expect(job.main.exitCode).toBe(1)
      expect(job.main.stdout).toContain(
        `::error::refresh-credentials: profile 'default' in ${file} has aws_access_key_id, and the AWS CLI and SDKs take it before the credentials endpoint`
      )
      expect(job.main.env).toEqual({})
      expect(emu.requests).toEqual([])
      expect(job.main.state.credentialsEndpoint).toBeUndefined()
    },
    60_000
  )

  test.concurrent(
    'with aws-profile: default and overwrite-aws-profile, the endpoint wins for the AWS CLI, and the post step puts the file back',
    async () => {
      const { user, seed, config } = world()
      const emu = await start(config)
      const dir = mkdtempSync(join(scratch, 'own-'))
      const files = {
        AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
        AWS_CONFIG_FILE: join(dir, 'config')
      }
      const own = '[default]\naws_access_key_id = AKIARUNNERSOWNKEY001\naws_secret_access_key = x\n'
      writeFileSync(files.AWS_SHARED_CREDENTIALS_FILE, own, { mode: 0o600 })
      await refreshJob(
        {
          ...inputsFor(emu.url, user, seed),
          'aws-profile': 'default',
          'overwrite-aws-profile': 'true'
        },
        async (env, workdir) => {
          const step = await runCommandStep(
            'aws',
            ['sts', 'get-caller-identity', '--endpoint-url', emu.url, '--output', 'json'],
            workdir,
            { ...env, ...files }
          )
          expect(step.stderr).toBe('')
          expect((JSON.parse(step.stdout) as { Arn: string }).Arn).toBe(DEPLOY)
        },
        files
      )
      expect(readFileSync(files.AWS_SHARED_CREDENTIALS_FILE, 'utf8')).toBe(own)
    },
    60_000
  )
})

describe('a renewal that STS refuses', () => {
  test.concurrent(
    'AccessDenied (as a trust policy bound on aws:MultiFactorAuthAge gives it): a 503 with the cause, and a warning in the post step',
    async () => {
      const { user, seed, config } = world()
      const emu = await start(config)
      const job = await refreshJob(inputsFor(emu.url, user, seed), async env => {
        emu.injectFaults([{ kind: 'denied', count: 50, action: 'AssumeRole' }])
        const first = await served(env)
        await until(Date.parse(first.body.Expiration))
        const refused = await served(env)
        expect(refused.status).toBe(503)
        expect(refused.body.code).toBe('CredentialsUnavailable')
        expect(refused.body.message).toMatch(
          /renewing them failed: STS refused the renewal: AccessDenied \(User: .* is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/deploy\)\. mfa-session-age=\d+s: the MFA session is \d+ s old; if the role's trust policy bounds aws:MultiFactorAuthAge below that/
        )
      })
      expect(job.post.stdout).toMatch(
        /::warning::STS refused to renew arn:aws:iam::123456789012:role\/deploy from the MFA session \(AccessDenied\) when the session was \d+ s old\. .*aws:MultiFactorAuthAge/
      )
    },
    60_000
  )

  test.concurrent(
    'a role whose trust policy bounds aws:MultiFactorAuthAge at 5 s: the first renewal is refused, reported with the session’s age',
    async () => {
      const { user, seed, config } = world()
      config.roles = [
        {
          arn: ROLE_ARN,
          trustPolicy: mfaTrustPolicy(USER_ARN, { maxMfaAgeSeconds: 5 }),
          maxSessionDuration: 3600
        }
      ]
      const emu = await start(config)
      const job = await refreshJob(inputsFor(emu.url, user, seed), async env => {
        // The renewal is due 6 s in (a third of 9 s left), when the session is older than 5 s.
        const first = await served(env)
        expect(first.status).toBe(200)
        await until(Date.parse(first.body.Expiration))
        const refused = await served(env)
        expect(refused.status).toBe(503)
        const age = Number(/mfa-session-age=(\d+)s/.exec(refused.body.message)?.[1])
        expect(age).toBeGreaterThanOrEqual(5)
        expect(refused.body.message).toMatch(
          /STS refused the renewal: AccessDenied \(User: arn:aws:iam::123456789012:user\/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/deploy\).*aws:MultiFactorAuthAge/
        )
      })
      // The main step's AssumeRole (age 0-1 s) passed; every renewal, older than 5 s, was refused.
      const assumed = emu.requests.filter(r => r.action === 'AssumeRole')
      expect(assumed[0].status).toBe(200)
      expect(assumed.length).toBeGreaterThanOrEqual(2)
      expect(assumed.slice(1).every(r => r.status === 403)).toBe(true)
      expect(emu.usedCodes(SERIAL)).toHaveLength(1)
      expect(job.post.stdout).toMatch(
        /::warning::STS refused to renew arn:aws:iam::123456789012:role\/deploy from the MFA session \(AccessDenied\) when the session was \d+ s old\. .*aws:MultiFactorAuthAge/
      )
      expect(job.post.stdout).toMatch(/\d+ renewals?, [1-9]\d* failed renewals/)
    },
    60_000
  )
})
