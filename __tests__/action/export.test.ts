import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import {
  exportVariables,
  setCredentialOutputs,
  exportEndpoint,
  maskCredentials,
  unsetCredentials
} from '../../src/action/export.js'
import type { RoleCredentials } from '../../src/engine/credentials.js'
import type { Settings } from '../../src/settings/settings.js'
import {
  ACCESS_KEY_ID,
  SECRET_ACCESS_KEY,
  makeCredentials,
  makeSettings
} from '../helpers/fixtures.js'

const credentials = makeCredentials({
  accessKeyId: 'ASIAROLESESSIONKEY01',
  secretAccessKey: 'role/secret+key0123456789abcdefghijklmnop',
  sessionToken: 'IQoJb3JpZ2luX2VjEroleSessionToken==',
  expiration: new Date('2030-01-02T03:04:05Z'),
  arn: 'arn:aws:sts::210987654321:assumed-role/deploy/GitHubActions-4242-1',
  accountId: '210987654321'
})

const BASE_SESSION_TOKEN = 'base-session-token-of-the-user'
const settingsWith = (overrides: Partial<Settings> = {}) =>
  makeSettings({
    region: 'eu-central-1',
    baseCredentials: {
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      sessionToken: BASE_SESSION_TOKEN
    },
    ...overrides
  })

/** The environment, then the outputs: what the main step's two deliverers do, in that order. */
function exportCredentials(credentials: RoleCredentials, settings: Settings): void {
  exportVariables(credentials, settings.region, settings.outputEnvCredentials)
  setCredentialOutputs(credentials, settings)
}

/**
 * Reads a GITHUB_ENV or GITHUB_OUTPUT file as the runner does: `NAME<<DELIMITER`, the value's
 * lines, then the delimiter alone on its line. Anything else in the file fails the test.
 */
function readFileCommands(path: string): Array<[string, string]> {
  const lines = readFileSync(path, 'utf8').split('\n')
  expect(lines.pop()).toBe('')
  const pairs: Array<[string, string]> = []
  while (lines.length > 0) {
    const header = /^([A-Za-z_][\w-]*)<<(ghadelimiter_[0-9a-f-]{36})$/.exec(lines.shift() ?? '')
    expect(header).not.toBeNull()
    const [, name, delimiter] = header as RegExpExecArray
    const end = lines.indexOf(delimiter)
    expect(end).toBeGreaterThanOrEqual(0)
    pairs.push([
      name,
      lines
        .splice(0, end + 1)
        .slice(0, -1)
        .join('\n')
    ])
  }
  return pairs
}

let dir: string
let envFile: string
let outputFile: string
let stdout: string[]
const savedEnv = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'export-test-'))
  envFile = join(dir, 'github_env')
  outputFile = join(dir, 'github_output')
  writeFileSync(envFile, '')
  writeFileSync(outputFile, '')
  process.env.GITHUB_ENV = envFile
  process.env.GITHUB_OUTPUT = outputFile
  stdout = []
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout.push(String(chunk))
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  for (const name of Object.keys(process.env)) if (!(name in savedEnv)) delete process.env[name]
  Object.assign(process.env, savedEnv)
  rmSync(dir, { recursive: true, force: true })
})

const env = () => readFileCommands(envFile)
const outputs = () => readFileCommands(outputFile)
const masked = () =>
  stdout
    .join('')
    .split('\n')
    .filter(line => line.startsWith('::add-mask::'))
    .map(line => line.slice('::add-mask::'.length))

describe('exportCredentials', () => {
  it("exports exactly the role session and the region, in the runner's format", () => {
    exportCredentials(credentials, settingsWith())
    expect(env()).toEqual([
      ['AWS_ACCESS_KEY_ID', 'ASIAROLESESSIONKEY01'],
      ['AWS_SECRET_ACCESS_KEY', 'role/secret+key0123456789abcdefghijklmnop'],
      ['AWS_SESSION_TOKEN', 'IQoJb3JpZ2luX2VjEroleSessionToken=='],
      ['AWS_CREDENTIAL_EXPIRATION', '2030-01-02T03:04:05.000Z'],
      ['AWS_REGION', 'eu-central-1'],
      ['AWS_DEFAULT_REGION', 'eu-central-1']
    ])
  })

  it('makes the variables visible to the rest of this process too', () => {
    exportCredentials(credentials, settingsWith())
    expect(process.env.AWS_ACCESS_KEY_ID).toBe('ASIAROLESESSIONKEY01')
    expect(process.env.AWS_REGION).toBe('eu-central-1')
  })

  it('sets the account id, assumed-role ARN and expiry as outputs, and no credential', () => {
    exportCredentials(credentials, settingsWith())
    expect(outputs()).toEqual([
      ['aws-account-id', '210987654321'],
      ['authenticated-arn', 'arn:aws:sts::210987654321:assumed-role/deploy/GitHubActions-4242-1'],
      ['aws-expiration', '2030-01-02T03:04:05.000Z']
    ])
  })

  it('also sets the credentials as outputs with output-credentials', () => {
    exportCredentials(credentials, settingsWith({ outputCredentials: true }))
    expect(Object.fromEntries(outputs())).toEqual({
      'aws-account-id': '210987654321',
      'authenticated-arn': 'arn:aws:sts::210987654321:assumed-role/deploy/GitHubActions-4242-1',
      'aws-expiration': '2030-01-02T03:04:05.000Z',
      'aws-access-key-id': 'ASIAROLESESSIONKEY01',
      'aws-secret-access-key': 'role/secret+key0123456789abcdefghijklmnop',
      'aws-session-token': 'IQoJb3JpZ2luX2VjEroleSessionToken=='
    })
  })

  it('exports only the region when output-env-credentials is false', () => {
    exportCredentials(credentials, settingsWith({ outputEnvCredentials: false }))
    expect(env()).toEqual([
      ['AWS_REGION', 'eu-central-1'],
      ['AWS_DEFAULT_REGION', 'eu-central-1']
    ])
    expect(outputs().map(([name]) => name)).toEqual([
      'aws-account-id',
      'authenticated-arn',
      'aws-expiration'
    ])
  })

  it("never exports the user's own keys", () => {
    exportCredentials(credentials, settingsWith({ outputCredentials: true }))
    const written = readFileSync(envFile, 'utf8') + readFileSync(outputFile, 'utf8')
    for (const secret of [ACCESS_KEY_ID, SECRET_ACCESS_KEY, BASE_SESSION_TOKEN]) {
      expect(written).not.toContain(secret)
    }
  })

  it('prints no credential to the log', () => {
    exportCredentials(credentials, settingsWith({ outputCredentials: true }))
    const log = stdout.join('')
    for (const secret of [
      credentials.accessKeyId,
      credentials.secretAccessKey,
      credentials.sessionToken
    ]) {
      expect(log).not.toContain(secret)
    }
  })
})

describe('exportEndpoint', () => {
  const endpoint = { uri: (i: number) => `http://127.0.0.1:4242/credentials/${i}`, token: 'tok' }

  it('exports the first role’s endpoint and its token, and no key', () => {
    exportEndpoint(endpoint, {})
    expect(env()).toEqual([
      ['AWS_CONTAINER_CREDENTIALS_FULL_URI', 'http://127.0.0.1:4242/credentials/0'],
      ['AWS_CONTAINER_AUTHORIZATION_TOKEN', 'tok']
    ])
  })

  it('empties keys that earlier steps set, which would win over the endpoint', () => {
    exportEndpoint(endpoint, { AWS_ACCESS_KEY_ID: 'AKIAOLD', AWS_SESSION_TOKEN: 'old' })
    expect(env().slice(2)).toEqual([
      ['AWS_ACCESS_KEY_ID', ''],
      ['AWS_SESSION_TOKEN', '']
    ])
  })
})

describe('maskCredentials', () => {
  it('masks the three credential values', () => {
    maskCredentials(credentials, settingsWith())
    expect(masked()).toEqual([
      'ASIAROLESESSIONKEY01',
      'role/secret+key0123456789abcdefghijklmnop',
      'IQoJb3JpZ2luX2VjEroleSessionToken=='
    ])
  })

  it('masks the account id too with mask-aws-account-id', () => {
    maskCredentials(credentials, settingsWith({ maskAccountId: true }))
    expect(masked()).toEqual(expect.arrayContaining(['210987654321']))
    expect(masked()).toHaveLength(4)
  })

  it('leaves the account id readable without mask-aws-account-id', () => {
    maskCredentials(credentials, settingsWith({ maskAccountId: false }))
    expect(masked()).not.toContain('210987654321')
  })

  it('writes nothing to the job environment or outputs', () => {
    maskCredentials(credentials, settingsWith({ maskAccountId: true }))
    expect(readFileSync(envFile, 'utf8')).toBe('')
    expect(readFileSync(outputFile, 'utf8')).toBe('')
  })
})

describe('unsetCredentials', () => {
  it('empties the credential variables for later steps and removes them here', () => {
    const here: NodeJS.ProcessEnv = {
      AWS_ACCESS_KEY_ID: 'AKIAEARLIERSTEP00001',
      AWS_SECRET_ACCESS_KEY: 'earlier-secret',
      AWS_SESSION_TOKEN: 'earlier-token',
      AWS_REGION: 'us-east-1'
    }
    unsetCredentials(here)
    expect(env()).toEqual([
      ['AWS_ACCESS_KEY_ID', ''],
      ['AWS_SECRET_ACCESS_KEY', ''],
      ['AWS_SESSION_TOKEN', ''],
      ['AWS_SECURITY_TOKEN', ''],
      ['AWS_CREDENTIAL_EXPIRATION', '']
    ])
    expect(here).toEqual({ AWS_REGION: 'us-east-1' })
  })

  it('removes AWS_PROFILE here only, with a warning: empty, it would break the AWS CLI', () => {
    const here: NodeJS.ProcessEnv = { AWS_PROFILE: 'old' }
    unsetCredentials(here)
    expect(here.AWS_PROFILE).toBeUndefined()
    expect(env().map(([name]) => name)).not.toContain('AWS_PROFILE')
    expect(stdout.join('')).toMatch(/^::warning::AWS_PROFILE is set to 'old' by an earlier step/m)
  })
})
