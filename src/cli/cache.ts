import { rmSync } from 'node:fs'
import { isAbsolute, join } from 'node:path'
import type { Settings } from '../settings/settings.js'
import { accountIdOf } from '../engine/arn.js'
import type { RoleCredentials } from '../engine/credentials.js'
import {
  isPrivateFile,
  makePrivateFolder,
  readNoFollow,
  writeFileReplacing
} from '../engine/private-files.js'

/**
 * The cache of `--format credential-process`. The AWS CLI runs its credential_process for every
 * command, and each run without a cache would spend a one-time code: a second command in the same
 * 30-second window would have to wait for the next. So the credentials are kept, readable by the
 * user alone, until a little before they expire.
 */

/** Cached credentials are used until this long before they expire; then a new code is spent. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000

// 3: each entry holds its key (CacheEntry).
const FORMAT_VERSION = 3

/** `$XDG_CACHE_HOME/aws-assume-role-mfa`, else `~/.cache/aws-assume-role-mfa`. */
export function cacheDirectory(env: NodeJS.ProcessEnv, home: string): string {
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : ''
  return join(base || join(home, '.cache'), 'aws-assume-role-mfa')
}

/**
 * The variables by which the SDK sends STS requests elsewhere than the region's host when no
 * sts-endpoint is given (the SDK reads them; the settings only check them). Their values are part of
 * every key: an answer of one STS (LocalStack's, say) is not one of another.
 */
const ENDPOINT_VARIABLES = [
  'AWS_ENDPOINT_URL_STS',
  'AWS_ENDPOINT_URL',
  'AWS_USE_FIPS_ENDPOINT',
  'AWS_USE_DUALSTACK_ENDPOINT'
] as const

/** The values of ENDPOINT_VARIABLES in `env`, in that order, '' for one unset. */
export function endpointVariables(env: NodeJS.ProcessEnv): string[] {
  return ENDPOINT_VARIABLES.map(name => env[name] ?? '')
}

/** Everything that changes the answer STS gives, hence the cache entry it is kept in. */
export type CacheKey = { endpointVariables: readonly string[] } & Pick<
  Settings,
  | 'roleArns'
  | 'mfaSerial'
  | 'sessionName'
  | 'region'
  | 'stsEndpoint'
  | 'externalId'
  | 'profile'
  | 'durationSeconds'
  | 'session'
>

/**
 * Where one answer is kept: its file, and the key the file must hold to be that answer. The name
 * only spreads entries over files (entryName); the key decides: a file that holds another key is
 * no entry of this one, whatever its name.
 */
export interface CacheEntry {
  path: string
  key: string
}

/**
 * One entry per answer: the roles, the device, the session name, region and endpoint (sts-endpoint
 * and ENDPOINT_VARIABLES), the external id, the profile of the base keys (--profile, else
 * AWS_PROFILE: another user's keys), the duration and the session tags and policies. Two calls
 * that differ in any of them must not share credentials.
 */
export function cacheEntry(directory: string, key: CacheKey, variant = ''): CacheEntry {
  const text = JSON.stringify([
    // Credentials assumed from the day's MFA session (role chaining) are kept apart.
    ...(variant ? [variant] : []),
    FORMAT_VERSION,
    key.roleArns,
    key.mfaSerial,
    key.sessionName,
    key.region,
    key.stsEndpoint ?? '',
    key.endpointVariables,
    key.externalId ?? '',
    key.profile ?? '',
    key.durationSeconds,
    key.session
  ])
  return { path: join(directory, `${entryName(text)}.json`), key: text }
}

/**
 * An entry's file name: the 32-bit FNV-1a hash of its key (of its UTF-16 code units), in hex. It
 * needs no strength: the entry holds its key, and two keys that share a name only take turns in
 * the file (each finds the other's key there: a miss). Not SHA-256: node:crypto (or a JavaScript
 * SHA-256 and its tables) would cost a cache hit about 2 ms, a quarter of what the hit adds to
 * Node's own start (docs/design.md, Performance).
 */
function entryName(key: string): string {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) hash = Math.imul(hash ^ key.charCodeAt(i), 0x01000193)
  return (hash >>> 0).toString(16).padStart(8, '0')
}

/**
 * Creates the cache folder (mode 700) if needed and checks it: a folder another user owns or can
 * write is refused (UnsafeFolderError), since they could plant an entry or a link there.
 */
export function prepareCacheDirectory(directory: string): void {
  makePrivateFolder(directory)
}

/**
 * The cached credentials, if they are still good for REFRESH_BEFORE_EXPIRY_MS. A missing,
 * unreadable, corrupted or foreign-readable file is no cache: it is replaced on the next write.
 */
export function readCachedCredentials(
  entry: CacheEntry,
  now: number,
  platform: NodeJS.Platform = process.platform
): RoleCredentials | undefined {
  return readEntry(entry, now, REFRESH_BEFORE_EXPIRY_MS, platform)?.credentials
}

/**
 * Writes the credentials in a file of mode 600, created exclusively without following links and
 * renamed into place, so that a reader never sees half a file and a planted link is replaced, not
 * followed. The folder is prepareCacheDirectory's.
 */
export function writeCachedCredentials(entry: CacheEntry, credentials: RoleCredentials): void {
  writeFileReplacing(entry.path, entryText(entry, credentials), 0o600)
}

/**
 * A cache file's credentials, and the rest of what it holds, if they have more than `minLeftMs`
 * left; else undefined: a missing, unreadable, corrupted or foreign-readable file is no cache.
 */
function readEntry(
  entry: CacheEntry,
  now: number,
  minLeftMs: number,
  platform: NodeJS.Platform
): { credentials: RoleCredentials; cached: Record<string, unknown> } | undefined {
  try {
    // Not through a link (ELOOP), and only a file of this user that nobody else can read.
    // Windows has no such mode bits (every file reads as 0o666): there, the folder's access list
    // in the user's profile is what keeps others out.
    const read = readNoFollow(entry.path)
    if (!read || !isPrivateFile(read.stats, platform)) return undefined
    const cached = JSON.parse(read.content) as Record<string, unknown>
    const { version, key, accessKeyId, secretAccessKey, sessionToken, expiration, arn } = cached
    const texts = [accessKeyId, secretAccessKey, sessionToken, expiration, arn]
    if (version !== FORMAT_VERSION || key !== entry.key) return undefined
    if (!texts.every(t => typeof t === 'string' && t)) {
      return undefined
    }
    const expires = new Date(expiration as string)
    if (!(expires.getTime() - now > minLeftMs)) return undefined
    const credentials = {
      accessKeyId: accessKeyId as string,
      secretAccessKey: secretAccessKey as string,
      sessionToken: sessionToken as string,
      expiration: expires,
      arn: arn as string,
      accountId: accountIdOf(arn as string) ?? ''
    }
    return { credentials, cached }
  } catch {
    return undefined
  }
}

/** A cache file's text: the format's version, the key, the credentials, and `extra` after them. */
function entryText(
  entry: CacheEntry,
  credentials: RoleCredentials,
  extra: Record<string, unknown> = {}
): string {
  const { accessKeyId, secretAccessKey, sessionToken, expiration, arn } = credentials
  return JSON.stringify({
    version: FORMAT_VERSION,
    key: entry.key,
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration: expiration.toISOString(),
    arn,
    ...extra
  })
}

/**
 * The day's MFA session (--mfa-session): the user's GetSessionToken session, kept in the same
 * private folder so that roles are assumed from it without a code until it ends. One file per
 * device, base keys' profile, region and endpoint: what makes a session of another user or STS.
 */
export type SessionKey = { endpointVariables: readonly string[] } & Pick<
  Settings,
  'mfaSerial' | 'profile' | 'region' | 'stsEndpoint'
>

export function sessionCacheEntry(directory: string, key: SessionKey): CacheEntry {
  const text = JSON.stringify([
    FORMAT_VERSION,
    'mfa-session',
    key.mfaSerial,
    key.profile ?? '',
    key.region,
    key.stsEndpoint ?? '',
    key.endpointVariables
  ])
  return { path: join(directory, `session-${entryName(text)}.json`), key: text }
}

/** A cached MFA session: the user's ARN, and when it was issued (aws:MultiFactorAuthAge counts from then). */
export interface CachedSession {
  credentials: RoleCredentials
  issuedAt: number
}

/** The cached MFA session if it has more than `minLeftMs` left; else undefined, as for roles. */
export function readCachedSession(
  entry: CacheEntry,
  now: number,
  minLeftMs: number,
  platform: NodeJS.Platform = process.platform
): CachedSession | undefined {
  const read = readEntry(entry, now, minLeftMs, platform)
  const issuedAt = read?.cached.issuedAt
  if (!read || typeof issuedAt !== 'number' || !Number.isFinite(issuedAt)) return undefined
  return { credentials: read.credentials, issuedAt }
}

export function writeCachedSession(entry: CacheEntry, session: CachedSession): void {
  const text = entryText(entry, session.credentials, { issuedAt: session.issuedAt })
  writeFileReplacing(entry.path, text, 0o600)
}

/** Forgets a cached session STS no longer takes. */
export function removeCachedSession(entry: CacheEntry): void {
  rmSync(entry.path, { force: true })
}
