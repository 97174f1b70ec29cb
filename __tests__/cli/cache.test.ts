import {
  chmodSync,
  lstatSync,
  renameSync,
  symlinkSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync
} from 'node:fs'
import { writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  REFRESH_BEFORE_EXPIRY_MS,
  cacheDirectory,
  cacheEntry,
  prepareCacheDirectory,
  readCachedCredentials,
  readCachedSession,
  sessionCacheEntry,
  writeCachedCredentials,
  writeCachedSession,
  type CacheEntry
} from '../../src/cli/cache.js'
import type { Settings } from '../../src/settings/settings.js'
import { makeCredentials, makeSettings } from '../helpers/fixtures.js'

const credentials = makeCredentials()
/** A cache key: the settings', and the STS endpoint variables of an environment without them. */
function keyOf({
  endpointVariables = ['', '', '', ''],
  ...overrides
}: Partial<Settings> & { endpointVariables?: string[] } = {}) {
  return { ...makeSettings(overrides), endpointVariables }
}
const EXPIRES = credentials.expiration.getTime()
const mode = (path: string) => statSync(path).mode & 0o777

let scratch: string
let directory: string
let entry: CacheEntry
let file: string

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-cache-test-'))
  directory = join(scratch, 'cache', 'aws-assume-role-mfa')
  entry = cacheEntry(directory, keyOf())
  file = entry.path
  prepareCacheDirectory(directory)
})

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true })
})

describe('cacheDirectory', () => {
  it('is under XDG_CACHE_HOME when it is set', () => {
    expect(cacheDirectory({ XDG_CACHE_HOME: '/var/cache/alice' }, '/home/alice')).toBe(
      '/var/cache/alice/aws-assume-role-mfa'
    )
  })

  it.each([
    ['unset', {}],
    ['empty', { XDG_CACHE_HOME: '' }],
    ['relative, which the XDG spec ignores', { XDG_CACHE_HOME: 'cache' }]
  ])('is under ~/.cache when XDG_CACHE_HOME is %s', (_name, env) => {
    expect(cacheDirectory(env, '/home/alice')).toBe('/home/alice/.cache/aws-assume-role-mfa')
  })
})

describe('cacheEntry', () => {
  it('is the same for the same role session, named by a hash, .json in the directory', () => {
    expect(cacheEntry(directory, keyOf())).toEqual(entry)
    expect(file).toMatch(new RegExp(`^${directory}/[0-9a-f]{8}\\.json$`))
  })

  it.each([
    ['role', { roleArns: ['arn:aws:iam::123456789012:role/other'] }],
    ['device', { mfaSerial: 'arn:aws:iam::123456789012:mfa/other' }],
    ['session name', { sessionName: 'other' }],
    ['region', { region: 'us-east-1' }],
    ['endpoint', { stsEndpoint: 'http://127.0.0.1:4566' }],
    ['AWS_ENDPOINT_URL_STS', { endpointVariables: ['http://127.0.0.1:4566', '', '', ''] }],
    ['AWS_ENDPOINT_URL', { endpointVariables: ['', 'http://127.0.0.1:4566', '', ''] }],
    ['AWS_USE_FIPS_ENDPOINT', { endpointVariables: ['', '', 'true', ''] }],
    ['external id', { externalId: 'partner-42' }],
    ['profile of the base keys', { profile: 'bob' }],
    ['duration', { durationSeconds: 900 }],
    [
      'session policy',
      { session: { tags: [], transitiveTagKeys: [], policyArns: [], policy: '{}' } }
    ],
    [
      'session tags',
      { session: { tags: [{ Key: 'team', Value: 'a' }], transitiveTagKeys: [], policyArns: [] } }
    ]
  ])('differs for another %s, in its key and its file', (_name, overrides) => {
    const other = cacheEntry(directory, keyOf(overrides))
    expect(other.key).not.toBe(entry.key)
    expect(other.path).not.toBe(file)
  })

  it('names no role, device or account in the file name', () => {
    expect(file.slice(directory.length)).not.toMatch(/deploy|ci-deploy|123456789012/)
  })

  it("never gives one key's credentials to another whose file has the same name", () => {
    writeCachedCredentials(entry, credentials)
    const other = cacheEntry(directory, keyOf({ sessionName: 'other' }))
    const sameName = { ...other, path: file }
    expect(readCachedCredentials(sameName, EXPIRES - 60 * 60_000)).toBeUndefined()
    // The two take turns in the file: each write replaces the other's entry.
    const theirs = makeCredentials({ accessKeyId: 'ASIAOTHEROTHEROTHER1' })
    writeCachedCredentials(sameName, theirs)
    expect(readCachedCredentials(sameName, EXPIRES - 60 * 60_000)).toEqual(theirs)
    expect(readCachedCredentials(entry, EXPIRES - 60 * 60_000)).toBeUndefined()
  })
})

describe('a cache hit', () => {
  it('gives back the credentials written', () => {
    writeCachedCredentials(entry, credentials)
    expect(readCachedCredentials(entry, EXPIRES - 60 * 60_000)).toEqual(credentials)
  })

  it('holds until just over five minutes before expiry', () => {
    writeCachedCredentials(entry, credentials)
    expect(readCachedCredentials(entry, EXPIRES - REFRESH_BEFORE_EXPIRY_MS - 1)).toEqual(
      credentials
    )
  })
})

describe('a refresh', () => {
  it.each([
    ['five minutes before expiry', EXPIRES - REFRESH_BEFORE_EXPIRY_MS],
    ['one minute before expiry', EXPIRES - 60_000],
    ['after expiry', EXPIRES + 1]
  ])('is due %s', (_name, now) => {
    expect(REFRESH_BEFORE_EXPIRY_MS).toBe(5 * 60_000)
    writeCachedCredentials(entry, credentials)
    expect(readCachedCredentials(entry, now)).toBeUndefined()
  })

  it('replaces the old credentials', () => {
    writeCachedCredentials(entry, credentials)
    const fresh = makeCredentials({
      accessKeyId: 'ASIAFRESHFRESHFRESH1',
      expiration: new Date(EXPIRES + 3_600_000)
    })
    writeCachedCredentials(entry, fresh)
    expect(readCachedCredentials(entry, EXPIRES)).toEqual(fresh)
    expect(readdirSync(directory)).toHaveLength(1)
  })
})

describe('file modes', () => {
  it('creates the directory 700 and the file 600', () => {
    rmSync(directory, { recursive: true })
    prepareCacheDirectory(directory)
    writeCachedCredentials(entry, credentials)
    expect(mode(directory)).toBe(0o700)
    expect(mode(file)).toBe(0o600)
  })

  it('takes an existing directory others cannot write, and makes the file 600', () => {
    chmodSync(directory, 0o755)
    writeFileSync(file, '{}', { mode: 0o644 })
    writeCachedCredentials(entry, credentials)
    expect(mode(file)).toBe(0o600)
  })

  it.each(['777', '775', '1777'])('refuses a directory others can write (mode %s)', bits => {
    chmodSync(directory, parseInt(bits, 8))
    expect(() => prepareCacheDirectory(directory)).toThrow(
      new RegExp(`group or other users can write it .*chmod go-w '${directory}'`)
    )
  })

  it('leaves no temporary file behind', () => {
    writeCachedCredentials(entry, credentials)
    expect(readdirSync(directory)).toEqual([file.slice(directory.length + 1)])
  })

  it('reads no entry through a symbolic link, and the next write replaces the link', () => {
    const elsewhere = join(scratch, 'planted.json')
    writeCachedCredentials(entry, credentials)
    renameSync(file, elsewhere)
    symlinkSync(elsewhere, file)
    expect(readCachedCredentials(entry, EXPIRES - 60 * 60_000)).toBeUndefined()
    const fresh = makeCredentials({ accessKeyId: 'ASIAFRESHFRESHFRESH1' })
    writeCachedCredentials(entry, fresh)
    expect(lstatSync(file).isSymbolicLink()).toBe(false)
    expect(readCachedCredentials(entry, EXPIRES - 60 * 60_000)).toEqual(fresh)
    expect(JSON.parse(readFileSync(elsewhere, 'utf8')).accessKeyId).toBe(credentials.accessKeyId)
  })

  it('ignores a file that others can read', () => {
    writeCachedCredentials(entry, credentials)
    chmodSync(file, 0o644)
    expect(readCachedCredentials(entry, EXPIRES - 60 * 60_000, 'linux')).toBeUndefined()
  })

  it('on Windows, where every file reads as mode 666, uses the file all the same', () => {
    writeCachedCredentials(entry, credentials)
    chmodSync(file, 0o666)
    expect(readCachedCredentials(entry, EXPIRES - 60 * 60_000, 'win32')).toMatchObject({
      accessKeyId: credentials.accessKeyId,
      sessionToken: credentials.sessionToken
    })
  })
})

describe('a file that is no cache', () => {
  const now = EXPIRES - 60 * 60_000
  const written = () => JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>

  it('is missing', () => {
    expect(readCachedCredentials(entry, now)).toBeUndefined()
  })

  it.each([
    ['not JSON', 'not json {'],
    ['truncated', '{"version":1,"accessKeyId":"ASIA'],
    ['empty', ''],
    ['JSON null', 'null'],
    ['an array', '[]']
  ])('is %s: ignored', (_name, text) => {
    writeFileSync(file, text, { mode: 0o600 })
    expect(readCachedCredentials(entry, now)).toBeUndefined()
  })

  it.each([
    ['the format of version 1', { version: 1 }],
    ['a missing session token', { sessionToken: undefined }],
    ['an empty secret key', { secretAccessKey: '' }],
    ['a number for the key id', { accessKeyId: 42 }],
    ['an expiry that is no date', { expiration: 'soon' }]
  ])('has %s: ignored', (_name, change) => {
    writeCachedCredentials(entry, credentials)
    writeFileSync(file, JSON.stringify({ ...written(), ...change }), { mode: 0o600 })
    expect(readCachedCredentials(entry, now)).toBeUndefined()
  })

  it('is replaced by the next write', () => {
    writeFileSync(file, 'garbage', { mode: 0o600 })
    writeCachedCredentials(entry, credentials)
    expect(readCachedCredentials(entry, now)).toEqual(credentials)
  })
})

describe("the day's MFA session", () => {
  const session = { credentials, issuedAt: EXPIRES - 12 * 60 * 60_000 }
  const sessionEntry = () => sessionCacheEntry(directory, keyOf())
  const sessionFile = () => sessionEntry().path
  const now = EXPIRES - 60 * 60_000

  it('is another for another STS endpoint variable, as role entries are', () => {
    const other = sessionCacheEntry(directory, keyOf({ endpointVariables: ['', '', '', 'true'] }))
    expect(other.key).not.toBe(sessionEntry().key)
    expect(other.path).not.toBe(sessionFile())
  })

  it('gives back the session written, with when it was issued', () => {
    writeCachedSession(sessionEntry(), session)
    expect(mode(sessionFile())).toBe(0o600)
    expect(readCachedSession(sessionEntry(), now, 15 * 60_000)).toEqual(session)
  })

  it('is none once less than the time asked for is left', () => {
    writeCachedSession(sessionEntry(), session)
    expect(readCachedSession(sessionEntry(), EXPIRES - 15 * 60_000, 15 * 60_000)).toBeUndefined()
    expect(readCachedSession(sessionEntry(), EXPIRES - 15 * 60_000 - 1, 15 * 60_000)).toEqual(
      session
    )
  })

  it.each([
    ['no issue time (a role entry)', { issuedAt: undefined }],
    ['an issue time that is text', { issuedAt: '2030-01-01T00:00:00Z' }],
    ['a null issue time', { issuedAt: null }],
    ['an empty session token', { sessionToken: '' }],
    ['the format of version 1', { version: 1 }]
  ])('has %s: ignored', (_name, change) => {
    writeCachedSession(sessionEntry(), session)
    const written = JSON.parse(readFileSync(sessionFile(), 'utf8')) as Record<string, unknown>
    writeFileSync(sessionFile(), JSON.stringify({ ...written, ...change }), { mode: 0o600 })
    expect(readCachedSession(sessionEntry(), now, 0)).toBeUndefined()
  })

  it('ignores a file that others can read', () => {
    writeCachedSession(sessionEntry(), session)
    chmodSync(sessionFile(), 0o644)
    expect(readCachedSession(sessionEntry(), now, 0, 'linux')).toBeUndefined()
  })
})
