/**
 * aws-profile and overwrite-aws-profile end to end: the profile is written and usable between the
 * main and post steps, an existing one is refused unless asked, and the post step puts the shared
 * files back as they were, after a success and after a failure.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { expectFailure, job, start, type JobOptions } from './harness.js'
import { ACCOUNT, callerArn, inputsFor, world } from './fixtures.js'

const OWN_CREDENTIALS = `# the runner's own keys
[default]
aws_access_key_id = AKIAOWNRUNNERKEY0001
aws_secret_access_key = own-runner-secret-do-not-leak

[deploy]
aws_access_key_id = AKIAOLDDEPLOYKEY0001
aws_secret_access_key = old-deploy-secret
`
const OWN_CONFIG = `[default]
region = us-east-1

[profile deploy]
region = us-west-2
`

let dir: string
let files: { credentials: string; config: string }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-profiles-'))
  files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const read = (path: string) => readFileSync(path, 'utf8')
const env = () => ({
  AWS_SHARED_CREDENTIALS_FILE: files.credentials,
  AWS_CONFIG_FILE: files.config
})

/** The key = value lines of one section of an INI file. */
function section(text: string, name: string): Record<string, string> {
  const lines = text.split('\n')
  const start = lines.indexOf(`[${name}]`)
  if (start < 0) throw new Error(`no [${name}] in\n${text}`)
  const values: Record<string, string> = {}
  for (const line of lines.slice(start + 1)) {
    if (line.startsWith('[')) break
    const match = /^(\w+)\s*=\s*(.*)$/.exec(line)
    if (match) values[match[1]] = match[2]
  }
  return values
}

/** Inspects the profile between the steps; the snapshot must be private and out of the state. */
function inspect(check: (credentials: Record<string, string>) => Promise<void>): JobOptions {
  return {
    env: env(),
    afterMain: async main => {
      expect(main.exitCode).toBe(0)
      const snapshot = main.state.profileSnapshot
      expect(Object.keys(main.state).sort()).toEqual(['isPost', 'profileSnapshot'])
      expect(statSync(snapshot).mode & 0o777).toBe(0o600)
      await check(section(read(files.credentials), 'deploy'))
    }
  }
}

describe('aws-profile', () => {
  test('writes a usable profile, keeps the others, and the post step restores both files', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    writeFileSync(files.credentials, OWN_CREDENTIALS.replace(/\n\[deploy\][^]*$/, ''))
    writeFileSync(files.config, '[default]\nregion = us-east-1\n')
    const before = { credentials: read(files.credentials), config: read(files.config) }
    let snapshot = ''
    const result = await job(
      {
        ...inputsFor(emu.url, user, seed),
        'aws-profile': 'deploy',
        'output-env-credentials': 'false'
      },
      { seed, 'user secret key': user.secretAccessKey, 'own key': 'own-runner-secret-do-not-leak' },
      inspect(async profile => {
        expect(profile.aws_access_key_id).toMatch(/^ASIA/)
        expect(section(read(files.config), 'profile deploy')).toEqual({ region: 'eu-central-1' })
        expect(read(files.credentials)).toContain('own-runner-secret-do-not-leak')
        const arn = await callerArn(emu.url, {
          AWS_REGION: 'eu-central-1',
          AWS_ACCESS_KEY_ID: profile.aws_access_key_id,
          AWS_SECRET_ACCESS_KEY: profile.aws_secret_access_key,
          AWS_SESSION_TOKEN: profile.aws_session_token
        })
        expect(arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions-1658821493-1`)
      })
    )
    snapshot = result.main.state.profileSnapshot
    expect(Object.keys(result.main.env).sort()).toEqual(['AWS_DEFAULT_REGION', 'AWS_REGION'])
    expect(result.main.stdout).toMatch(/Wrote profile 'deploy'/)
    expect(read(files.credentials)).toBe(before.credentials)
    expect(read(files.config)).toBe(before.config)
    expect(existsSync(snapshot)).toBe(false)
  })

  test('exports the environment too by default, and removes files it created', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'aws-profile': 'deploy' },
      { seed, 'user secret key': user.secretAccessKey },
      inspect(async profile => expect(profile.aws_session_token).toBeTruthy())
    )
    expect(result.main.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
    expect(existsSync(files.credentials)).toBe(false)
    expect(existsSync(files.config)).toBe(false)
  })

  test('refuses an existing profile without overwrite-aws-profile, before spending a code', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    writeFileSync(files.credentials, OWN_CREDENTIALS)
    writeFileSync(files.config, OWN_CONFIG)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'aws-profile': 'deploy' },
      { seed, 'user secret key': user.secretAccessKey },
      { env: env() }
    )
    expectFailure(result, /Profile 'deploy' already exists .*overwrite-aws-profile: true/)
    expect(emu.requests).toHaveLength(0)
    expect(read(files.credentials)).toBe(OWN_CREDENTIALS)
    expect(read(files.config)).toBe(OWN_CONFIG)
  })

  test('overwrite-aws-profile replaces it for the job; the post step puts the old one back', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    writeFileSync(files.credentials, OWN_CREDENTIALS)
    writeFileSync(files.config, OWN_CONFIG)
    await job(
      {
        ...inputsFor(emu.url, user, seed),
        'aws-profile': 'deploy',
        'overwrite-aws-profile': 'true'
      },
      { seed, 'user secret key': user.secretAccessKey },
      inspect(async profile => {
        expect(profile.aws_access_key_id).toMatch(/^ASIA/)
        expect(read(files.credentials)).not.toContain('old-deploy-secret')
        expect(section(read(files.config), 'profile deploy')).toEqual({ region: 'eu-central-1' })
      })
    )
    expect(read(files.credentials)).toBe(OWN_CREDENTIALS)
    expect(read(files.config)).toBe(OWN_CONFIG)
  })

  test('a profile file that cannot be written fails before a code is spent, nothing changed', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    writeFileSync(files.credentials, OWN_CREDENTIALS)
    // The config file's folder is a file: found before STS is called (a write that fails halfway
    // anyway is undone by the main step: __tests__/action/profile.test.ts).
    writeFileSync(join(dir, 'not-a-folder'), '')
    const brokenConfig = join(dir, 'not-a-folder', 'config')
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'aws-profile': 'ci', 'output-env-credentials': 'false' },
      { seed, 'user secret key': user.secretAccessKey },
      { env: { AWS_SHARED_CREDENTIALS_FILE: files.credentials, AWS_CONFIG_FILE: brokenConfig } }
    )
    expectFailure(
      result,
      /aws-profile cannot be written, so STS was not called and no one-time code was spent: the config file .*not-a-folder\/config is under .*not-a-folder, a file/
    )
    expect(emu.requests).toHaveLength(0)
    expect(result.main.state).not.toHaveProperty('profileSnapshot')
    expect(read(files.credentials)).toBe(OWN_CREDENTIALS)
  })

  test('an invalid profile name is an input error', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'aws-profile': 'my profile]' },
      { seed, 'user secret key': user.secretAccessKey },
      { env: env() }
    )
    expectFailure(result, /Invalid aws-profile 'my profile\]'/)
    expect(emu.requests).toHaveLength(0)
  })
})
