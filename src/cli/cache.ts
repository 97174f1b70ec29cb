import { createHash } from 'node:crypto'
import {
  chmodSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync
} from 'node:fs'
import { dirname, isAbsolute, join } from 'node:path'
import type { Settings } from '../settings/settings.js'
import { accountIdOf } from '../engine/arn.js'
import type { RoleCredentials } from '../engine/credentials.js'

/**
 * The cache of `--format credential-process`. The AWS CLI runs its credential_process for every
 * command, and each run without a cache would spend a one-time code: a second command in the same
 * 30-second window would have to wait for the next. So the credentials are kept, readable by the
 * user alone, until a little before they expire.
 */

/** Cached credentials are used until this long before they expire; then a new code is spent. */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000

const FORMAT_VERSION = 1

/** `$XDG_CACHE_HOME/aws-assume-role-mfa`, else `~/.cache/aws-assume-role-mfa`. */
export function cacheDirectory(env: NodeJS.ProcessEnv, home: string): string {
  // The XDG spec ignores a relative XDG_CACHE_HOME.
  const base = env.XDG_CACHE_HOME && isAbsolute(env.XDG_CACHE_HOME) ? env.XDG_CACHE_HOME : ''
  return join(base || join(home, '.cache'), 'aws-assume-role-mfa')
}

/** One file per role session: role, device, session name, region and endpoint. */
export function cacheFile(
  directory: string,
  settings: Pick<Settings, 'roleArn' | 'mfaSerial' | 'sessionName' | 'region' | 'stsEndpoint'>
): string {
  const { roleArn, mfaSerial, sessionName, region, stsEndpoint } = settings
  const key = JSON.stringify([roleArn, mfaSerial, sessionName, region, stsEndpoint ?? ''])
  return join(directory, `${createHash('sha256').update(key).digest('hex').slice(0, 40)}.json`)
}

/**
 * The cached credentials, if they are still good for REFRESH_BEFORE_EXPIRY_MS. A missing,
 * unreadable, corrupted or foreign-readable file is no cache: it is replaced on the next write.
 */
export function readCachedCredentials(
  file: string,
  now: number,
  platform: NodeJS.Platform = process.platform
): RoleCredentials | undefined {
  try {
    // Windows has no such mode bits (every file reads as 0o666): there, the folder's access list
    // in the user's profile is what keeps others out.
    if (platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) return undefined
    const cached = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>
    const { version, accessKeyId, secretAccessKey, sessionToken, expiration, arn } = cached
    const texts = [accessKeyId, secretAccessKey, sessionToken, expiration, arn]
    if (version !== FORMAT_VERSION || !texts.every(t => typeof t === 'string' && t)) {
      return undefined
    }
    const expires = new Date(expiration as string)
    if (!(expires.getTime() - now > REFRESH_BEFORE_EXPIRY_MS)) return undefined
    return {
      accessKeyId: accessKeyId as string,
      secretAccessKey: secretAccessKey as string,
      sessionToken: sessionToken as string,
      expiration: expires,
      arn: arn as string,
      accountId: accountIdOf(arn as string) ?? ''
    }
  } catch {
    return undefined
  }
}

/**
 * Writes the credentials in a directory of mode 700 and a file of mode 600, through a temporary
 * file and a rename, so that a reader never sees half a file.
 */
export function writeCachedCredentials(file: string, credentials: RoleCredentials): void {
  const directory = dirname(file)
  mkdirSync(directory, { recursive: true, mode: 0o700 })
  // mkdir leaves an existing directory as it is, and its mode is subject to the umask.
  chmodSync(directory, 0o700)
  const { accessKeyId, secretAccessKey, sessionToken, expiration, arn } = credentials
  const text = JSON.stringify({
    version: FORMAT_VERSION,
    accessKeyId,
    secretAccessKey,
    sessionToken,
    expiration: expiration.toISOString(),
    arn
  })
  const temporary = `${file}.${process.pid}.tmp`
  try {
    writeFileSync(temporary, text, { mode: 0o600 })
    chmodSync(temporary, 0o600)
    renameSync(temporary, file)
  } catch (error) {
    rmSync(temporary, { force: true })
    throw error
  }
}
