import type { STSClient } from '@aws-sdk/client-sts'
import { ActionError, MFA_AGE_SUSPECT_SECONDS, explainStsError } from './errors.js'
import type { Settings } from '../settings/settings.js'
import { MfaAttemptsFailed, withOneTimeCode, type MfaOptions } from './mfa.js'
import { SESSION_FOR_ROLES_SECONDS, getSessionToken, sessionIdentity } from './mfa-session.js'
import {
  ROLE_CHAINING_MAX_SECONDS,
  type RoleCredentials,
  type SessionCredentials
} from './credentials.js'
import { UnusableSession, openSession } from './shared-session.js'
import { assumeRole, createStsClient } from './sts.js'
import { checkCredentials } from './untrusted.js'

/** Where the flow reports to: the action's log, or the CLI's standard error. */
export type AssumeRoleIo = Pick<MfaOptions, 'clock' | 'mask' | 'notice' | 'info' | 'warning'>

/** What a run got: the credentials of each role (or of the user), and how MFA was proven. */
export interface Obtained {
  roles: RoleCredentials[]
  /**
   * The MFA session the roles came from: with share-mfa-session, to seal for the other jobs of the
   * run; with refresh-credentials, for the credentials endpoint to renew the roles from.
   */
  mfaSession?: SessionCredentials
  /** A one-time code of this run, or another job's shared MFA session (no code). */
  proof: 'code' | 'shared-session'
}

/** A shared session with less left than this is not used: the roles would barely outlive it. */
const MIN_SHARED_SESSION_MS = 60_000

/**
 * A role that refuses an MFA session as too old (aws:MultiFactorAuthAge) gets one fresh code, once
 * per job: this says whether that code is still to be spent.
 */
interface ExtraCode {
  left: boolean
}

/** STS refused AssumeRole made with an MFA session old enough for its age to be the likely cause. */
interface TooOld {
  roleArn: string
  ageSeconds: number
  error: unknown
}

/** What to do about a TooOld refusal: assume the role another way, or throw. */
type OnTooOld = (refusal: TooOld) => Promise<RoleCredentials>

/** A shared session refused as too old: this job's code may assume the roles instead. */
class SharedSessionTooOld extends UnusableSession {
  constructor(readonly refusal: TooOld) {
    super(
      `STS refused AssumeRole on ${refusal.roleArn} (AccessDenied) with it, and it is ` +
        `${refusal.ageSeconds} s old`
    )
    this.name = 'SharedSessionTooOld'
  }
}

/**
 * The core that the action and the CLI share: one-time code → AssumeRole, across MFA windows as
 * settings allow, and any failure turned into an ActionError that says what to do. With no role,
 * the user's own MFA session (GetSessionToken).
 */
export async function assumeRoleWithMfa(
  settings: Settings,
  io: AssumeRoleIo
): Promise<RoleCredentials> {
  return (await assumeRolesWithMfa(settings, io))[0]
}

/**
 * The action's flow: a shared session's roles, the session to share, or one code's roles. With
 * refresh-credentials, the MFA session is returned too (a shared one, or one code's, unsealed).
 */
export async function obtainCredentials(settings: Settings, io: AssumeRoleIo): Promise<Obtained> {
  return obtain(settings, io, { left: true })
}

async function obtain(settings: Settings, io: AssumeRoleIo, extra: ExtraCode): Promise<Obtained> {
  if (settings.sharedMfaSession) return rolesFromSharedSession(settings, io, extra)
  if (settings.shareMfaSession || settings.refreshCredentials) {
    return mfaSessionRoles(settings, io, extra)
  }
  return { roles: checked(await fromSts(settings, io, extra), settings, io), proof: 'code' }
}

/**
 * Nothing from the network is used unchecked (untrusted.ts): each role's credentials, or the
 * user's session with no role, lasting at most `durationSeconds`.
 */
function checked(
  credentials: RoleCredentials[],
  settings: Settings,
  io: AssumeRoleIo,
  durationSeconds = settings.durationSeconds
): RoleCredentials[] {
  for (const [i, role] of credentials.entries()) {
    checkCredentials(role, {
      roleArn: settings.roleArns[i] ?? '',
      sessionName: settings.sessionName,
      durationSeconds,
      nowMs: io.clock.now()
    })
  }
  return credentials
}

/**
 * One set of credentials per role of settings, in order: one role is assumed with the code; no
 * role gives the user's MFA session; several roles are assumed from one MFA session, so that one
 * code serves them all instead of one 30-second window per role, or with mfa-code-per-role each
 * with its own code, so that they may last past role chaining's hour. Each is checked
 * (untrusted.ts) before it is returned.
 */
export async function assumeRolesWithMfa(
  settings: Settings,
  io: AssumeRoleIo
): Promise<RoleCredentials[]> {
  return checked(await fromSts(settings, io, { left: true }), settings, io)
}

async function fromSts(
  settings: Settings,
  io: AssumeRoleIo,
  extra: ExtraCode
): Promise<RoleCredentials[]> {
  const client = createStsClient(settings)
  const roles = settings.roleArns
  if (roles.length === 1 || (roles.length > 1 && settings.mfaCodePerRole)) {
    await refuseChainingPastAnHour(client, settings)
    // The devices' spent windows carry over from role to role: each role takes a fresh code.
    const spent = new Map<string, number>()
    const assumed: RoleCredentials[] = []
    for (const roleArn of roles) {
      assumed.push(
        await withCode(settings, io, roleArn, spent, (code, serialNumber) =>
          assumeRole(client, settings, code, { roleArn, serialNumber })
        )
      )
    }
    return assumed
  }
  const duration = roles.length === 0 ? settings.durationSeconds : SESSION_FOR_ROLES_SECONDS
  const spent = new Map<string, number>()
  const session = await withCode(settings, io, '', spent, (code, serial) =>
    getSessionToken(client, code, serial, duration, io.clock.now())
  )
  if (roles.length === 0) {
    return [await sessionIdentity(settings, session).catch(explained(settings, ''))]
  }
  return rolesFromSession(settings, session, io, ownCodeInstead(settings, io, spent, extra))
}

/**
 * share-mfa-session or refresh-credentials: the code is spent on one MFA session of
 * mfa-session-duration-seconds, for the whole run or for the endpoint to renew the roles from.
 * This job then gets its roles from it, or with no role the session itself.
 */
async function mfaSessionRoles(
  settings: Settings,
  io: AssumeRoleIo,
  extra: ExtraCode
): Promise<Obtained> {
  const durationSeconds = settings.mfaSessionDurationSeconds
  const client = createStsClient(settings)
  const spent = new Map<string, number>()
  const session = await withCode(settings, io, '', spent, (code, serial) =>
    getSessionToken(client, code, serial, durationSeconds, io.clock.now())
  )
  for (const secret of [session.accessKeyId, session.secretAccessKey, session.sessionToken]) {
    io.mask(secret)
  }
  const roles =
    settings.roleArns.length === 0
      ? checked(
          [await sessionIdentity(settings, session).catch(explained(settings, ''))],
          settings,
          io,
          durationSeconds
        )
      : checked(
          await rolesFromSession(settings, session, io, ownCodeInstead(settings, io, spent, extra)),
          settings,
          io
        )
  return { roles, mfaSession: session, proof: 'code' }
}

/**
 * mfa-session: the roles are assumed from another job's MFA session, without a code. A session
 * that cannot be used (another run, altered, expired, revoked) falls back to a code of this job's
 * own when mfa-serial and the user's keys are given, and is explained otherwise.
 */
async function rolesFromSharedSession(
  settings: Settings,
  io: AssumeRoleIo,
  extra: ExtraCode
): Promise<Obtained> {
  const { sealed, run } = settings.sharedMfaSession as NonNullable<Settings['sharedMfaSession']>
  let reason: string
  try {
    if (settings.mfa.kind !== 'seed') throw new UnusableSession('mfa-seed, its key, is missing')
    const session = openSession(sealed, settings.mfa.totp.secret, run)
    for (const secret of [session.accessKeyId, session.secretAccessKey, session.sessionToken]) {
      io.mask(secret)
    }
    const left = session.expiration.getTime() - io.clock.now()
    if (left < MIN_SHARED_SESSION_MS) {
      const when = session.expiration.toISOString()
      throw new UnusableSession(
        left > 0 ? `it expires at ${when}, in less than a minute` : `it expired at ${when}`
      )
    }
    const tooOld: OnTooOld = refusal => Promise.reject(new SharedSessionTooOld(refusal))
    const roles = await rolesFromSession(settings, session, io, tooOld, unusableOrExplained)
    return {
      roles: checked(roles, settings, io),
      proof: 'shared-session',
      // Never sealed again (only share-mfa-session seals): for refresh-credentials to renew from.
      ...(settings.refreshCredentials && { mfaSession: session })
    }
  } catch (error) {
    if (!(error instanceof UnusableSession)) throw error
    if (error instanceof SharedSessionTooOld) return sharedSessionTooOld(settings, io, extra, error)
    reason = error.reason
  }
  const { mfaSerial, baseCredentials } = settings
  if (!mfaSerial || !baseCredentials) {
    throw new ActionError(
      `The shared MFA session (mfa-session) cannot be used: ${reason}. Re-run the whole ` +
        'workflow for a fresh session (a re-run of failed jobs reuses this one), or also give ' +
        'mfa-serial, aws-access-key-id and aws-secret-access-key, so that the job falls back to ' +
        'a one-time code of its own.'
    )
  }
  io.notice(
    `The shared MFA session (mfa-session) cannot be used: ${reason}. Assuming the role with a ` +
      'one-time code of this job instead.'
  )
  // With refresh-credentials, through one code's MFA session, which the endpoint renews from.
  return obtain({ ...settings, sharedMfaSession: undefined }, io, extra)
}

/**
 * A role refused the shared session, which is old enough for its trust policy's bound on
 * aws:MultiFactorAuthAge to be the likely cause (AWS's AccessDenied names no condition): this job's
 * own code, of age 0, when mfa-serial and the keys are given; else an error naming both.
 */
function sharedSessionTooOld(
  settings: Settings,
  io: AssumeRoleIo,
  extra: ExtraCode,
  { refusal }: SharedSessionTooOld
): Promise<Obtained> {
  if (!settings.mfaSerial || !settings.baseCredentials || !extra.left) {
    throw tooOldExplained(settings, refusal)
  }
  extra.left = false
  io.notice(
    `STS refused AssumeRole on ${refusal.roleArn} with the shared MFA session (mfa-session), ` +
      `which is ${refusal.ageSeconds} s old: the role's trust policy probably bounds ` +
      'aws:MultiFactorAuthAge (the seconds since the MFA code) below that. Assuming the role ' +
      'with a one-time code of this job instead (age 0). To use the shared session, raise the ' +
      'bound to at least mfa-session-duration-seconds, or start this job sooner after the one ' +
      'that made the session.'
  )
  return obtain({ ...settings, sharedMfaSession: undefined }, io, extra)
}

/**
 * This job's own MFA session (several roles, share-mfa-session, refresh-credentials) refused as
 * too old by one role: that role is assumed with a fresh code of its own instead (the user's keys,
 * age 0), once per job; any further refusal, or a typed code (there is no second one), is explained.
 */
function ownCodeInstead(
  settings: Settings,
  io: AssumeRoleIo,
  spent: Map<string, number>,
  extra: ExtraCode
): OnTooOld {
  return async refusal => {
    if (!extra.left || settings.mfa.kind !== 'seed') throw tooOldExplained(settings, refusal)
    extra.left = false
    io.notice(
      `STS refused AssumeRole on ${refusal.roleArn} with this job's MFA session, which is ` +
        `${refusal.ageSeconds} s old: the role's trust policy probably bounds ` +
        'aws:MultiFactorAuthAge (the seconds since the MFA code) below that. Assuming this role ' +
        'with a fresh one-time code instead (age 0).'
    )
    const client = createStsClient(settings)
    const { roleArn } = refusal
    return withCode(settings, io, roleArn, spent, (code, serialNumber) =>
      assumeRole(client, settings, code, { roleArn, serialNumber })
    )
  }
}

/** The advice for an AccessDenied to an MFA session of this age (errors.ts). */
function tooOldExplained(settings: Settings, refusal: TooOld): ActionError {
  return explainStsError(refusal.error, {
    ...settings,
    roleArn: refusal.roleArn,
    refusedCodes: 0,
    mfaSessionAgeSeconds: refusal.ageSeconds
  })
}

/** STS refused the shared session's credentials themselves: expired, or unknown (revoked). */
function unusableOrExplained(settings: Settings, roleArn: string) {
  return (error: unknown): never => {
    const name = (error as { name?: string })?.name
    if (name === 'ExpiredToken' || name === 'ExpiredTokenException') {
      throw new UnusableSession('STS answered ExpiredToken: the session has expired')
    }
    if (name === 'InvalidClientTokenId') {
      throw new UnusableSession(
        'STS answered InvalidClientTokenId: it does not know the session (revoked, or made ' +
          'against another endpoint)'
      )
    }
    return explained(settings, roleArn)(error)
  }
}

/**
 * Each role assumed with a GetSessionToken session made with MFA: no code, and the session's MFA
 * context satisfies aws:MultiFactorAuthPresent. Role chaining: at most one hour (readSettings).
 * An AccessDenied when the session is MFA_AGE_SUSPECT_SECONDS old or more goes to `tooOld`: a trust
 * policy may bound aws:MultiFactorAuthAge, which counts from the session's issue.
 */
async function rolesFromSession(
  settings: Settings,
  session: SessionCredentials,
  io: AssumeRoleIo,
  tooOld: OnTooOld,
  onError = explained
): Promise<RoleCredentials[]> {
  const client = createStsClient({ ...settings, baseCredentials: session, profile: undefined })
  const assumed: RoleCredentials[] = []
  for (const roleArn of settings.roleArns) {
    assumed.push(
      await assumeRole(client, settings, undefined, { roleArn }).catch((error: unknown) => {
        const ageSeconds = sessionAgeSeconds(session, io)
        const denied = (error as { name?: string } | undefined)?.name === 'AccessDenied'
        if (denied && ageSeconds !== undefined && ageSeconds >= MFA_AGE_SUSPECT_SECONDS) {
          return tooOld({ roleArn, ageSeconds, error })
        }
        return onError(settings, roleArn)(error)
      })
    )
  }
  return assumed
}

/** Whole seconds since the session was asked for, by this runner's clock; undefined if unknown. */
function sessionAgeSeconds(session: SessionCredentials, io: AssumeRoleIo): number | undefined {
  if (session.issuedAt === undefined) return undefined
  return Math.max(0, Math.floor((io.clock.now() - session.issuedAt.getTime()) / 1000))
}

/** One STS call with a one-time code, across windows and devices; failures explained. */
function withCode<T>(
  settings: Settings,
  io: AssumeRoleIo,
  roleArn: string,
  spent: Map<string, number> | undefined,
  attempt: (code: string, serial: string) => Promise<T>
): Promise<T> {
  return withOneTimeCode(
    {
      ...io,
      mfa: settings.mfa,
      devices: settings.mfaDevices,
      retryWindows: settings.mfaRetryWindows,
      spent
    },
    (code, serial) => attempt(code, serial ?? settings.mfaSerial)
  ).catch((error: unknown) => {
    if (!(error instanceof MfaAttemptsFailed)) throw error
    throw explainStsError(error.last, { ...settings, roleArn, refusedCodes: error.refusedCodes })
  })
}

/**
 * Base credentials that the SDK's default chain found (not the inputs, which readSettings
 * checked) may be temporary: then AssumeRole is role chaining, and AWS would refuse more than an
 * hour after the code was spent. Asked of the provider before any code; if it fails, the
 * AssumeRole call reports why.
 */
async function refuseChainingPastAnHour(client: STSClient, settings: Settings): Promise<void> {
  if (settings.durationSeconds <= ROLE_CHAINING_MAX_SECONDS || settings.baseCredentials) return
  const found = await client.config.credentials().catch(() => undefined)
  if (!found?.sessionToken) return
  throw new ActionError(
    `Invalid role-duration-seconds '${settings.durationSeconds}': the base credentials that the ` +
      'AWS SDK found are temporary (they have a session token), so assuming the role with them ' +
      'is role chaining, and AWS caps a role session assumed by role chaining at one hour ' +
      `(${ROLE_CHAINING_MAX_SECONDS} s). Set role-duration-seconds to ${ROLE_CHAINING_MAX_SECONDS} ` +
      "or less, or give the IAM user's long-term keys."
  )
}

/** A failure after the code was accepted: no code was refused, and the role is this one. */
function explained(settings: Settings, roleArn: string) {
  return (error: unknown): never => {
    throw explainStsError(error, { ...settings, roleArn, refusedCodes: 0 })
  }
}
