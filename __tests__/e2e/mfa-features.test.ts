/**
 * The MFA features no other action has, end to end: no role (the user's MFA session), several
 * roles from one code, a code typed by a person, and otpauth:// URIs. Every case goes through
 * harness.ts's job(), so secret hygiene is checked in each.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { totpCode } from '../support/emulator/sts-emulator.js'
import { expectFailure, job, start } from './harness.js'
import { ACCOUNT, ROLE_ARN, SERIAL, USER_ARN, callerArn, inputsFor, world } from './fixtures.js'

const READ_ONLY = `arn:aws:iam::${ACCOUNT}:role/read-only`

/** Waits, if needed, so that the run starts with at least 8 s left in its TOTP window. */
async function awayFromWindowEnd(now = Date.now()) {
  const left = 30_000 - (now % 30_000)
  if (left < 8_000) await new Promise(resolve => setTimeout(resolve, left + 200))
}

describe('no role-to-assume: the user’s MFA session', () => {
  test('exports a GetSessionToken session, with the user’s ARN and account as outputs', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({
      ...inputsFor(emu.url, user, seed),
      'role-to-assume': '',
      'role-duration-seconds': '129600'
    })
    expect(result.main.exitCode).toBe(0)
    expect(result.main.outputs).toMatchObject({
      'aws-account-id': ACCOUNT,
      'authenticated-arn': USER_ARN
    })
    expect(emu.requests.map(r => r.action)).toEqual(['GetSessionToken', 'GetCallerIdentity'])
    expect(emu.requests[0].params).toMatchObject({
      SerialNumber: SERIAL,
      DurationSeconds: '129600'
    })
    const hours = (Date.parse(result.main.env.AWS_CREDENTIAL_EXPIRATION) - Date.now()) / 3_600_000
    expect(hours).toBeGreaterThan(35.9)
    await expect(callerArn(emu.url, result.main.env)).resolves.toBe(USER_ARN)
    expect(result.main.summary).toContain('MFA session of the user')
  })

  test('refuses a duration above GetSessionToken’s 129600 s, before any request', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({
      ...inputsFor(emu.url, user, seed),
      'role-to-assume': '',
      'role-duration-seconds': '200000'
    })
    expectFailure(
      result,
      /Invalid role-duration-seconds '200000'. Expected a whole number from 900 to 129600/
    )
    expect(emu.requests).toHaveLength(0)
  })
})

describe('several roles, one code', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'e2e-roles-'))
  })
  afterEach(() => rmSync(dir, { recursive: true, force: true }))

  test('one GetSessionToken with the code, one AssumeRole per role, each in its profile', async () => {
    const { user, seed, config } = world()
    config.roles.push({ ...config.roles[0], arn: READ_ONLY })
    const emu = await start(config)
    const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
    const env = { AWS_SHARED_CREDENTIALS_FILE: files.credentials, AWS_CONFIG_FILE: files.config }
    const profiles: Record<string, string | undefined> = {}
    const started = Date.now()
    const result = await job(
      {
        ...inputsFor(emu.url, user, seed),
        'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}`,
        'aws-profile': 'deploy\nread-only',
        'role-duration-seconds': '3600'
      },
      { seed, 'user secret key': user.secretAccessKey },
      {
        env,
        afterMain: async () => {
          const text = readFileSync(files.credentials, 'utf8')
          for (const name of ['deploy', 'read-only']) {
            const block = text.slice(text.indexOf(`[${name}]`))
            const value = (key: string) => new RegExp(`${key} = (\\S+)`).exec(block)?.[1] ?? ''
            profiles[name] = await callerArn(emu.url, {
              AWS_REGION: 'eu-central-1',
              AWS_ACCESS_KEY_ID: value('aws_access_key_id'),
              AWS_SECRET_ACCESS_KEY: value('aws_secret_access_key'),
              AWS_SESSION_TOKEN: value('aws_session_token')
            })
          }
        }
      }
    )
    expect(result.main.exitCode).toBe(0)
    const session = (role: string) =>
      `arn:aws:sts::${ACCOUNT}:assumed-role/${role}/GitHubActions-1658821493-1`
    expect(profiles).toEqual({ deploy: session('deploy'), 'read-only': session('read-only') })
    // The environment and the outputs get the first role.
    expect(result.main.outputs['authenticated-arn']).toBe(session('deploy'))
    await expect(callerArn(emu.url, result.main.env)).resolves.toBe(session('deploy'))
    const calls = emu.requests.filter(r => r.action !== 'GetCallerIdentity')
    expect(calls.map(r => [r.action, r.params.TokenCode !== undefined])).toEqual([
      ['GetSessionToken', true],
      ['AssumeRole', false],
      ['AssumeRole', false]
    ])
    expect(emu.usedCodes(SERIAL)).toHaveLength(1)
    expect(Date.now() - started).toBeLessThan(25_000)
  })

  test('needs one aws-profile per role', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'role-to-assume': `${ROLE_ARN}\n${READ_ONLY}` },
      { seed, 'user secret key': user.secretAccessKey }
    )
    expectFailure(result, /role-to-assume lists 2 roles, and aws-profile 0 profile name\(s\)/)
    expect(emu.requests).toHaveLength(0)
  })
})

describe('mfa-code: a code typed by a person', () => {
  test('is masked at once and sent once', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    await awayFromWindowEnd(emu.now())
    const code = totpCode(seed, emu.now() / 1000)
    const result = await job(
      { ...inputsFor(emu.url, user, ''), 'mfa-seed': '', 'mfa-code': code },
      { seed, code, 'user secret key': user.secretAccessKey }
    )
    expect(result.main.exitCode).toBe(0)
    // Masked with the other secrets, before any other line.
    const lines = result.main.stdout.split('\n')
    const firstOther = lines.findIndex(line => !line.startsWith('::add-mask::'))
    expect(lines.indexOf(`::add-mask::${code}`)).toBeGreaterThanOrEqual(0)
    expect(lines.indexOf(`::add-mask::${code}`)).toBeLessThan(firstOther)
    expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(1)
  })

  test('a refused code says a fresh one is needed, and is not retried', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    await awayFromWindowEnd(emu.now())
    const code = totpCode(seed, emu.now() / 1000)
    await job({ ...inputsFor(emu.url, user, ''), 'mfa-seed': '', 'mfa-code': code }, { code })
    const started = Date.now()
    const again = await job(
      { ...inputsFor(emu.url, user, ''), 'mfa-seed': '', 'mfa-code': code },
      { seed, code, 'user secret key': user.secretAccessKey }
    )
    expectFailure(
      again,
      /A fresh code is needed: wait for the device to show a new one and give it as mfa-code/
    )
    expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(2)
    expect(Date.now() - started).toBeLessThan(10_000)
  })

  test('is refused together with mfa-seed, before any request', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job({ ...inputsFor(emu.url, user, seed), 'mfa-code': '123456' })
    expectFailure(result, /mfa-seed and mfa-code were both given/)
    expect(emu.requests).toHaveLength(0)
  })
})

describe('otpauth:// URIs in mfa-seed', () => {
  test('honours the secret, algorithm and period of the QR code’s URI', async () => {
    const { user, seed, config } = world()
    Object.assign(user.mfaDevices[0], { period: 60, algorithm: 'sha256' })
    const emu = await start(config)
    const uri = `otpauth://totp/AWS:ci@${ACCOUNT}?secret=${seed.toLowerCase()}&issuer=AWS&algorithm=SHA256&digits=6&period=60`
    const result = await job(
      { ...inputsFor(emu.url, user, uri) },
      { seed, 'lower-case seed': seed.toLowerCase(), uri, 'user secret key': user.secretAccessKey }
    )
    expect(result.main.exitCode).toBe(0)
    expect(emu.usedCodes(SERIAL)).toHaveLength(1)
  })

  test('a bad URI is refused without quoting it or its secret', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const uri = `otpauth://totp/AWS:ci?secret=${seed}&digits=8`
    const result = await job({ ...inputsFor(emu.url, user, uri) }, { seed, uri })
    expectFailure(result, /Invalid mfa-seed: the otpauth URI asks for codes of other than 6 digits/)
    expect(result.main.stdout.indexOf(`::add-mask::${seed}`)).toBe(0)
    expect(result.main.stdout).not.toContain(`::error::${seed}`)
    expect(emu.requests).toHaveLength(0)
  })
})
