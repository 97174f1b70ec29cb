import { obtainCredentials } from '../engine/assume-role.js'
import type { RoleCredentials } from '../engine/credentials.js'
import { ActionError } from '../engine/errors.js'
import { MFA_AGE_SUSPECT_SECONDS, explainStsError } from '../engine/sts-errors.js'
import type { Clock } from '../engine/clock.js'
import { assumeRole, createStsClient } from '../engine/sts.js'
import { checkCredentials } from '../engine/untrusted.js'
import { obtainRequest } from '../settings/engine-requests.js'
import type { Settings } from '../settings/settings.js'
import { withLock } from './cache-lock.js'
import {
  readCachedSession,
  removeCachedSession,
  sessionCacheEntry,
  writeCachedSession,
  type CachedSession,
  type CacheEntry
} from './cache.js'

/*
 * One MFA session for the day (--mfa-session, or mfa_session_duration_seconds in a profile): the
 * user's GetSessionToken session is kept in the private cache, and roles are assumed from it with
 * no code until it ends. Such an AssumeRole is role chaining (at most one hour), and a trust policy
 * may bound aws:MultiFactorAuthAge, which counts from the GetSessionToken call: AWS then refuses
 * with a generic AccessDenied (../../docs/mfa-features.md; ../shared/AWS-MFA-FACTS.md). So an
 * AccessDenied to a session older than a few seconds falls back to one fresh code, with AssumeRole
 * itself (age 0), and says why; never more than one extra code per run.
 */

/** GetSessionToken's default, and what --mfa-session keeps a session for: 12 hours. */
export const DAY_SESSION_SECONDS = 43200

/** A session with less left than this is not used: a role assumed from it would barely start. */
const MIN_SESSION_LEFT_MS = 5 * 60_000

/**
 * An AccessDenied to a session younger than this is not about its age: no fallback (the action's
 * threshold, engine/errors.ts).
 */
const FRESH_SESSION_MS = MFA_AGE_SUSPECT_SECONDS * 1000

export interface DaySessionIo {
  directory: string
  /** The environment's STS endpoint variables, part of the session's cache key (cache.ts). */
  endpointVariables: readonly string[]
  clock: Clock
  info: (message: string) => void
  mask: (secret: string) => void
  onWait: (message: string) => void
  /** The settings with a code source: asks the person when that is how the code comes. */
  withCode: () => Promise<Settings>
  /** Whether a code can be had at all (a seed, a typed code, or a terminal to ask on). */
  canGetCode: boolean
  /** One AssumeRole with a fresh code (age 0), as without a day session. */
  fresh: (settings: Settings) => Promise<RoleCredentials>
}

/** The role, from the day's MFA session: cached, else a new one (one code), kept for the day. */
export async function roleFromDaySession(
  settings: Settings,
  io: DaySessionIo
): Promise<RoleCredentials> {
  // obtain.ts has refused what role chaining cannot do (more than one role, or than an hour).
  const entry = sessionEntry(settings, io)
  const found = cachedSession(entry, io)
  if (found) {
    const age = io.clock.now() - found.issuedAt
    try {
      return await fromSession(settings, found, io)
    } catch (error) {
      if (sessionOver(error)) {
        // Revoked, or ended early: forgotten, and a new one is made below (the usual one code).
        io.info(
          `STS no longer takes the cached MFA session (${errorName(error)}): getting a new one.`
        )
        removeCachedSession(entry)
      } else if (errorName(error) === 'AccessDenied' && age >= FRESH_SESSION_MS) {
        return fallBack(settings, found, age, io, error)
      } else {
        throw explainStsError(error, { ...settings, refusedCodes: 0 })
      }
    }
  }
  const session = await newOrCachedSession(entry, io)
  try {
    return await fromSession(settings, session, io)
  } catch (error) {
    throw explainStsError(error, { ...settings, refusedCodes: 0 })
  }
}

/**
 * serve --mfa-session: the day's session itself and the role's first credentials from it; the
 * server renews the role from the session, so a role that refuses the session is an error here,
 * not a fallback to a code.
 */
export async function sessionAndRole(
  settings: Settings,
  io: DaySessionIo
): Promise<{ session: CachedSession['credentials']; role: RoleCredentials }> {
  const entry = sessionEntry(settings, io)
  let session = cachedSession(entry, io)
  for (let attempt = 0; ; attempt++) {
    session ??= await newOrCachedSession(entry, io)
    try {
      return { session: session.credentials, role: await fromSession(settings, session, io) }
    } catch (error) {
      if (sessionOver(error) && attempt === 0) {
        removeCachedSession(entry)
        session = undefined
        continue
      }
      const age = Math.round((io.clock.now() - session.issuedAt) / 1000)
      const hint =
        errorName(error) === 'AccessDenied' && age * 1000 >= FRESH_SESSION_MS
          ? ` The MFA session is ${age} s old: if the role's trust policy bounds ` +
            'aws:MultiFactorAuthAge below that, serve it without --mfa-session (a session of its ' +
            'own, made with a code now; the bound must still allow its renewals).'
          : ''
      const explained = explainStsError(error, { ...settings, refusedCodes: 0 })
      throw new ActionError(explained.message + hint, { cause: error })
    }
  }
}

/** The day session's cache entry: the device, keys' profile, region and STS it is for. */
function sessionEntry(settings: Settings, io: DaySessionIo): CacheEntry {
  return sessionCacheEntry(io.directory, { ...settings, endpointVariables: io.endpointVariables })
}

/** The cached session, told (and masked) when there is one. */
function cachedSession(entry: CacheEntry, io: DaySessionIo): CachedSession | undefined {
  const found = readCachedSession(entry, io.clock.now(), MIN_SESSION_LEFT_MS)
  if (!found) return undefined
  for (const secret of secretsOf(found)) io.mask(secret)
  const age = io.clock.now() - found.issuedAt
  io.info(
    `Using the MFA session of ${found.credentials.arn} (${Math.round(age / 1000)} s old, until ` +
      `${found.credentials.expiration.toISOString()}): no code needed.`
  )
  return found
}

/** One new session per device at a time: runs started together spend one code between them. */
function newOrCachedSession(entry: CacheEntry, io: DaySessionIo): Promise<CachedSession> {
  return withLock(
    `${entry.path}.lock`,
    async () => {
      const again = readCachedSession(entry, io.clock.now(), MIN_SESSION_LEFT_MS)
      if (again) return again
      const fresh = await newSession(await io.withCode(), io)
      try {
        writeCachedSession(entry, fresh)
      } catch (error) {
        io.info(`Could not cache the MFA session in ${entry.path}: ${(error as Error).message}`)
      }
      return fresh
    },
    { onWait: io.onWait }
  )
}

const errorName = (error: unknown) => (error as { name?: string } | undefined)?.name ?? ''

/** STS's answers that mean the session itself is over: expired, or revoked. */
function sessionOver(error: unknown): boolean {
  return ['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId'].includes(
    errorName(error)
  )
}

/** GetSessionToken with one code, for the day; GetCallerIdentity proves it and names the user. */
async function newSession(settings: Settings, io: DaySessionIo): Promise<CachedSession> {
  const issuedAt = io.clock.now()
  io.info(
    `Getting an MFA session of ${settings.mfaSessionDurationSeconds} s with MFA device ` +
      `${settings.mfaSerial}.`
  )
  const request = obtainRequest({
    ...settings,
    roleArn: '',
    roleArns: [],
    mfaSessionToShare: undefined,
    receivedMfaSession: undefined,
    mfaCodePerRole: false
  })
  const obtained = await obtainCredentials(
    { ...request, mfaSession: { durationSeconds: settings.mfaSessionDurationSeconds } },
    { clock: io.clock, mask: io.mask, notice: io.info, info: io.info }
  )
  const [identity] = obtained.roles
  return { credentials: identity, issuedAt }
}

/** AssumeRole with the session's credentials, no code; checked as every answer is. */
async function fromSession(
  settings: Settings,
  session: CachedSession,
  io: DaySessionIo
): Promise<RoleCredentials> {
  const client = createStsClient({
    ...settings,
    baseCredentials: session.credentials,
    profile: undefined
  })
  const role = await assumeRole(client, settings, undefined)
  checkCredentials(role, {
    roleArn: settings.roleArn,
    sessionName: settings.sessionName,
    durationSeconds: settings.durationSeconds,
    nowMs: io.clock.now()
  })
  for (const secret of [role.secretAccessKey, role.sessionToken]) io.mask(secret)
  io.info(`Assumed ${role.arn} from the MFA session, until ${role.expiration.toISOString()}.`)
  return role
}

/**
 * The role refused the session, most likely for its age (aws:MultiFactorAuthAge): one fresh code,
 * sent with AssumeRole itself (age 0). The session stays cached for the roles that accept it.
 */
async function fallBack(
  settings: Settings,
  session: CachedSession,
  ageMs: number,
  io: DaySessionIo,
  error: unknown
): Promise<RoleCredentials> {
  const age = `${Math.round(ageMs / 1000)} s`
  if (!io.canGetCode) {
    throw new ActionError(
      `STS refused to assume ${settings.roleArn} with the cached MFA session of ` +
        `${session.credentials.arn}, which is ${age} old (AccessDenied). The role's trust ` +
        'policy probably bounds aws:MultiFactorAuthAge below that age, or does not trust the ' +
        'user. Give a code source (a seed: --mfa-seed-file, mfa_seed_file, AWS_MFA_SEED; or ' +
        '--mfa-code, or a terminal to be asked in) so that the role is assumed with a fresh ' +
        "code, raise the role's aws:MultiFactorAuthAge bound, or drop --mfa-session for this role.",
      { cause: error }
    )
  }
  io.info(
    `STS refused to assume ${settings.roleArn} with the cached MFA session, which is ${age} old ` +
      "(AccessDenied): the role's trust policy probably bounds aws:MultiFactorAuthAge below " +
      'that. Assuming it with a fresh one-time code instead.'
  )
  return io.fresh(await io.withCode())
}

function secretsOf(session: CachedSession): string[] {
  const { accessKeyId, secretAccessKey, sessionToken } = session.credentials
  return [accessKeyId, secretAccessKey, sessionToken]
}
