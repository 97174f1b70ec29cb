/**
 * Endpoints that are not STS, or an STS that misbehaves: one tiny loopback server per behaviour
 * (support/hostile.js), against the committed dist/ run as the runner runs it, and the CLI. Every
 * run must end within the bound the README states (retry-max-attempts × 10 s, plus backoff), with
 * memory near a normal run's, nothing exported, and no value from the network reaching the log as
 * it came. The figures measured are in docs/security.md. The endpoints that stall are in
 * hostile-stall.test.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { goodAnswer } from '../support/hostile.js'
import { cleanEnv, cli, expectFailure, job } from './harness.js'
import { ROLE_ARN, SERIAL } from './fixtures.js'
import {
  ATTEMPT_S,
  MEASURED,
  expectNoInjectedCommand,
  hostile,
  inputs,
  peakMiB
} from './hostile-fixtures.js'

describe('an answer of 300 MB', () => {
  test.each([
    ['with its Content-Length', false],
    ['chunked, its size unknown until it comes', true]
  ])(
    '%s: cut at 64 KiB, not retried, memory near a normal run’s',
    async (_name, chunked) => {
      const normal = await hostile({ behaviour: 'answer' })
      const ok = await job(inputs(normal.url), {}, { entry: MEASURED })
      expect(ok.main.exitCode).toBe(0)
      await normal.close()

      const huge = await hostile({ behaviour: 'huge', hugeBytes: 300 * 1024 * 1024, chunked })
      const result = await job(inputs(huge.url), {}, { entry: MEASURED })
      const [normalMiB, hugeMiB] = [peakMiB(ok.main.stderr), peakMiB(result.main.stderr)]
      console.log(
        `300 MB answer ${chunked ? 'chunked' : 'with Content-Length'}: peak RSS ` +
          `${hugeMiB.toFixed(1)} MiB (normal run ${normalMiB.toFixed(1)} MiB); ` +
          `${(huge.requests.sentBytes / 2 ** 20).toFixed(1)} MiB left the server; ` +
          `failed in ${(result.main.durationMs / 1000).toFixed(1)} s`
      )
      expect(huge.requests.count).toBe(1)
      expect(huge.requests.sentBytes).toBeLessThan(32 * 2 ** 20)
      expect(hugeMiB).toBeLessThan(normalMiB + 16)
      // Well before one attempt's deadline: the answer was neither waited for nor read whole.
      expect(result.main.durationMs).toBeLessThan(ATTEMPT_S * 1000)
      expectFailure(result, /answer was too large[\s\S]*larger than 64 KiB/)
    },
    60_000
  )
})

describe('answers that are not what STS sends', () => {
  test.each([301, 302])('a %i redirect says so, with the status and the address', async status => {
    const { url } = await hostile({ behaviour: 'redirect', status })
    const result = await job(inputs(url))
    expectFailure(
      result,
      new RegExp(
        `answered with a redirect, which STS never sends[\\s\\S]*AWS said: no STS error \\(HTTP ${status}, to https://sts.amazonaws.com/\\)`
      )
    )
  })

  test('a 200 holding an ErrorResponse keeps STS’s code, message, status and request id', async () => {
    const { url } = await hostile({ behaviour: 'error200' })
    const result = await job(inputs(url))
    expectFailure(
      result,
      /Not authorised to assume[\s\S]*AWS said: AccessDenied: Hostile: not authorized to perform sts:AssumeRole \(HTTP 200, request id 0d1e2f3a-0000-4000-8000-hostile00001\)/
    )
  })

  test('an Expiration that is no date is refused by the SDK’s own parser', async () => {
    const { url } = await hostile({ behaviour: 'answer', answer: { expiration: 'soon' } })
    expectFailure(
      await job(inputs(url)),
      /could not be read[\s\S]*Invalid RFC3339 timestamp format soon/
    )
  })

  test('XML that is not an answer says the answer could not be read', async () => {
    const { url } = await hostile({ behaviour: 'badxml' })
    expectFailure(await job(inputs(url)), /STS's answer could not be read/)
  })
})

describe('credentials that fail their checks are neither exported nor written', () => {
  const minutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString()
  test.each([
    [
      'expired',
      { expiration: '2025-01-01T00:00:00Z' },
      /Expiration 2025-01-01T00:00:00.000Z is not in the future/
    ],
    ['expiring in 2099', { expiration: '2099-01-01T00:00:00Z' }, /later than the 900 s asked for/],
    [
      'of another role',
      { arn: 'arn:aws:sts::123456789012:assumed-role/admin/GitHubActions-1658821493-1' },
      /is not a session 'GitHubActions-1658821493-1' of arn:aws:iam::123456789012:role\/deploy/
    ],
    [
      'with a line break in the ARN',
      {
        arn: 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions-1658821493-1&#10;::warning::injected'
      },
      /GitHubActions-1658821493-1\\u000a::warning::injected: it is not an assumed-role ARN/
    ],
    [
      'with a line break in the key id',
      { accessKeyId: 'ASIAHOSTILE&#10;::set-env name=X::1' },
      /AccessKeyId is not an access key id/
    ],
    [
      'with a control character in the secret',
      { secretAccessKey: `wJalrXUtnFEMI&#27;[31mK7MDENG/bPxRfiCY` },
      /SecretAccessKey is not a secret key/
    ],
    [
      'with a line break in the token',
      { sessionToken: 'FwoGZXIvYXdz&#13;&#10;[deploy]' },
      /SessionToken is not a session token/
    ]
  ])('%s', async (_name, answer, says) => {
    const { url } = await hostile({
      behaviour: 'answer',
      answer: { expiration: minutes(15), ...answer }
    })
    const result = await job(inputs(url, { 'aws-profile': 'deploy' }))
    expectFailure(result, says)
    expect(result.main.stdout).toMatch(/failed its checks, so nothing was exported/)
    expect(result.main.summary).toBe('')
    expect(result.main.state).not.toHaveProperty('profileSnapshot')
    expectNoInjectedCommand(result.main.stdout)
  })

  test('through the CLI: exit 1, nothing on standard output, the reason escaped', async () => {
    const { url } = await hostile({
      behaviour: 'answer',
      answer: { arn: 'arn:aws:sts::123456789012:assumed-role/deploy/laptop&#27;]0;pwned&#7;' }
    })
    const result = await runCli(url, ['--format', 'sh'])
    expect(result.code).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('laptop\\u001b]0;pwned\\u0007: it is not an assumed-role ARN')
    expect(result.stderr).not.toContain('\u001b')
  })

  test('through the CLI, an answer STS could have given is taken', async () => {
    const { url } = await hostile({
      behaviour: 'answer',
      answer: { arn: 'arn:aws:sts::123456789012:assumed-role/deploy/laptop' }
    })
    const result = await runCli(url, ['--format', 'json'])
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout)).toMatchObject({
      Credentials: { AccessKeyId: goodAnswer().accessKeyId }
    })
  })
})

describe('values from the job’s environment', () => {
  test('AWS_CREDENTIAL_EXPIRATION is quoted escaped by use-existing-credentials', async () => {
    const { url } = await hostile({ behaviour: 'answer' })
    const result = await job(
      inputs(url, { 'use-existing-credentials': 'true' }),
      {},
      {
        env: {
          AWS_ACCESS_KEY_ID: 'ASIAEARLIERSTEP00001',
          AWS_SECRET_ACCESS_KEY: 'earlierStepSecretKey0123456789abcdefghij',
          AWS_CREDENTIAL_EXPIRATION: '2000-01-01T00:00:00Z\n::warning::injected'
        }
      }
    )
    expect(result.main.exitCode).toBe(0)
    expect(result.main.stdout).toContain('expire at 2000-01-01T00:00:00Z\\u000a::warning::injected')
    expectNoInjectedCommand(result.main.stdout)
  })
})

describe('checks made before a one-time code is spent', () => {
  test('a bad % in the proxy URL is an input error, reported with the others', async () => {
    const { url, requests } = await hostile({ behaviour: 'answer' })
    const result = await job(
      inputs(url, { 'http-proxy': 'http://user:50%off@proxy:3128', 'retry-max-attempts': '0' })
    )
    // core.error writes % as %25; the runner shows it as %.
    expectFailure(result, /Invalid retry-max-attempts[\s\S]*Invalid http-proxy: a bad %25 escape/)
    expect(result.main.stdout).not.toMatch(/Unexpected error|URI malformed/)
    expect(requests.count).toBe(0)
  })

  test('an unwritable RUNNER_TEMP fails aws-profile before STS is called', async () => {
    const { url, requests } = await hostile({ behaviour: 'answer' })
    const scratch = mkdtempSync(join(tmpdir(), 'hostile-'))
    try {
      const notAFolder = join(scratch, 'file')
      writeFileSync(notAFolder, '')
      const result = await job(
        inputs(url, { 'aws-profile': 'deploy' }),
        {},
        {
          env: { RUNNER_TEMP: notAFolder }
        }
      )
      expectFailure(
        result,
        /aws-profile cannot be written, so STS was not called[\s\S]*RUNNER_TEMP/
      )
      expect(requests.count).toBe(0)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })

  test('a profile file that cannot be created fails before STS is called', async () => {
    const { url, requests } = await hostile({ behaviour: 'answer' })
    const scratch = mkdtempSync(join(tmpdir(), 'hostile-'))
    try {
      writeFileSync(join(scratch, 'file'), '')
      const result = await job(
        inputs(url, { 'aws-profile': 'deploy' }),
        {},
        {
          env: { AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'file', 'credentials') }
        }
      )
      expectFailure(result, /aws-profile cannot be written[\s\S]*the credentials file/)
      expect(requests.count).toBe(0)
    } finally {
      rmSync(scratch, { recursive: true, force: true })
    }
  })
})

/** The committed CLI, with a clean environment and the user's keys, against `url`. */
async function runCli(url: string, args: string[]) {
  const scratch = mkdtempSync(join(tmpdir(), 'hostile-cli-'))
  const env = cleanEnv(scratch, {
    AWS_ACCESS_KEY_ID: 'AKIAE2ETESTUSER00001',
    AWS_SECRET_ACCESS_KEY: 'hostileTestUserSecretKeyAbCdEfGhIjKlMnOp'
  })
  const argv = [
    ...['--role-to-assume', ROLE_ARN, '--mfa-serial', SERIAL, '--aws-region', 'eu-central-1'],
    ...['--sts-endpoint', url, '--role-session-name', 'laptop', '--mfa-code', '914273'],
    ...args
  ]
  try {
    return await cli(argv, env, { cwd: scratch })
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
}
