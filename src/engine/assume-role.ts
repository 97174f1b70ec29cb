import type { STSClient } from '@aws-sdk/client-sts'
import { ActionError } from './errors.js'
import { MFA_AGE_SUSPECT_SECONDS, explainStsError, type StsErrorContext } from './sts-errors.js'
import { MfaAttemptsFailed, withOneTimeCode, type MfaOptions } from './mfa.js'
import { SESSION_FOR_ROLES_SECONDS, getSessionToken, sessionIdentity } from './mfa-session.js'
import {
  ROLE_CHAINING_MAX_SECONDS,
  type RoleCredentials,
  type SessionCredentials
} from './credentials.js'
import type { ObtainRequest, RoleRequest } from './requests.js'
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
 * the plan allows, and any failure turned into an ActionError that says what to do. Several roles
 * come from one code's MFA session, or each with its own code; with no role, the user's own MFA
 * session (GetSessionToken). With `sharedSession`, the roles come from another job's session (no
 * code); with `mfaSession`, from one code's MFA session, returned too (a shared one, unsealed).
 */
export async function obtainCredentials(
  request: ObtainRequest,
  io: AssumeRoleIo
): Promise<Obtained> {
  return obtain(request, io, { left: true })
}

async function obtain(
  request: ObtainRequest,
  io: AssumeRoleIo,
  extra: ExtraCode
): Promise<Obtained> {
  if (request.sharedSession) return rolesFromSharedSession(request, io, extra)
  if (request.mfaSession) return mfaSessionRoles(request, request.mfaSession, io, extra)
  return { roles: checked(await fromSts(request, io, extra), request, io), proof: 'code' }
}

/**
 * Nothing from the network is used unchecked (untrusted.ts): each role's credentials, or the
 * user's session with no role, lasting at most `durationSeconds`.
 */
function checked(
  credentials: RoleCredentials[],
  request: ObtainRequest,
  io: AssumeRoleIo,
  durationSeconds = request.roles.durationSeconds
): RoleCredentials[] {
  for (const [i, role] of credentials.entries()) {
    checkCredentials(role, {
      roleArn: request.roles.arns[i] ?? '',
      sessionName: request.roles.sessionName,
      durationSeconds,
      nowMs: io.clock.now()
    })
  }
  return credentials
}

/**
 * One set of credentials per role of the request, in order: one role is assumed with the code; no
 * role gives the user's MFA session; several roles are assumed from one MFA session, so that one
 * code serves them all instead of one 30-second window per role, or with codePerRole each with its
 * own code, so that they may last past role chaining's hour.
 */
async function fromSts(
  request: ObtainRequest,
  io: AssumeRoleIo,
  extra: ExtraCode
): Promise<RoleCredentials[]> {
  const client = createStsClient(request.sts)
  const roles = request.roles.arns
  if (roles.length === 1 || (roles.length > 1 && request.mfa.codePerRole)) {
    await refuseChainingPastAnHour(client, request)
    // The devices' spent windows carry over from role to role: each role takes a fresh code.
    const spent = new Map<string, number>()
    const assumed: RoleCredentials[] = []
    for (const roleArn of roles) {
      assumed.push(
        await withCode(request, io, roleArn, spent, (code, serialNumber) =>
          assumeRole(client, roleRequest(request, roleArn), code, { serialNumber })
        )
      )
    }
    return assumed
  }
  const duration = roles.length === 0 ? request.roles.durationSeconds : SESSION_FOR_ROLES_SECONDS
  const spent = new Map<string, number>()
  const session = await withCode(request, io, '', spent, (code, serial) =>
    getSessionToken(client, code, serial, duration, io.clock.now())
  )
  if (roles.length === 0) {
    return [await sessionIdentity(request.sts, session).catch(explained(request, ''))]
  }
  return rolesFromSession(request, session, io, ownCodeInstead(request, io, spent, extra))
}

/** The AssumeRole of one of the request's roles. */
function roleRequest(request: ObtainRequest, roleArn: string): RoleRequest {
  const { sessionName, durationSeconds, externalId, session } = request.roles
  return {
    roleArn,
    mfaSerial: request.mfa.serial,
    sessionName,
    durationSeconds,
    externalId,
    session
  }
}

/**
 * share-mfa-session or refresh-credentials: the code is spent on one MFA session of
 * `durationSeconds`, for the whole run or for the endpoint to renew the roles from. This job then
 * gets its roles from it, or with no role the session itself.
 */
async function mfaSessionRoles(
  request: ObtainRequest,
  { durationSeconds }: { durationSeconds: number },
  io: AssumeRoleIo,
  extra: ExtraCode
): Promise<Obtained> {
  const client = createStsClient(request.sts)
  const spent = new Map<string, number>()
  const session = await withCode(request, io, '', spent, (code, serial) =>
    getSessionToken(client, code, serial, durationSeconds, io.clock.now())
  )
  for (const secret of [session.accessKeyId, session.secretAccessKey, session.sessionToken]) {
    io.mask(secret)
  }
  const roles =
    request.roles.arns.length === 0
      ? checked(
          [await sessionIdentity(request.sts, session).catch(explained(request, ''))],
          request,
          io,
          durationSeconds
        )
      : checked(
          await rolesFromSession(request, session, io, ownCodeInstead(request, io, spent, extra)),
          request,
          io
        )
  return { roles, mfaSession: session, proof: 'code' }
}

/**
 * mfa-session: the roles are assumed from another job's MFA session, without a code. A session
 * that cannot be used (another run, altered, expired, revoked) falls back to a code of this job's
 * own when the device and the user's keys are given, and is explained otherwise.
 */
async function rolesFromSharedSession(
  request: ObtainRequest,
  io: AssumeRoleIo,
  extra: ExtraCode
): Promise<Obtained> {
  const { sealed, run } = request.sharedSession as NonNullable<ObtainRequest['sharedSession']>
  let reason: string
  try {
    if (request.mfa.source.kind !== 'seed') {
      throw new UnusableSession('mfa-seed, its key, is missing')
    }
    const session = openSession(sealed, request.mfa.source.totp.secret, run)
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
    const roles = await rolesFromSession(request, session, io, tooOld, unusableOrExplained)
    return {
      roles: checked(roles, request, io),
      proof: 'shared-session',
      // Never sealed again (only share-mfa-session seals): for refresh-credentials to renew from.
      ...(request.mfaSession && { mfaSession: session })
    }
  } catch (error) {
    if (!(error instanceof UnusableSession)) throw error
    if (error instanceof SharedSessionTooOld) return sharedSessionTooOld(request, io, extra, error)
    reason = error.reason
  }
  if (!request.mfa.serial || !request.sts.baseCredentials) {
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
  return obtain({ ...request, sharedSession: undefined }, io, extra)
}

/**
 * A role refused the shared session, which is old enough for its trust policy's bound on
 * aws:MultiFactorAuthAge to be the likely cause (AWS's AccessDenied names no condition): this job's
 * own code, of age 0, when the device and the keys are given; else an error naming both.
 */
function sharedSessionTooOld(
  request: ObtainRequest,
  io: AssumeRoleIo,
  extra: ExtraCode,
  { refusal }: SharedSessionTooOld
): Promise<Obtained> {
  if (!request.mfa.serial || !request.sts.baseCredentials || !extra.left) {
    throw tooOldExplained(request, refusal)
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
  return obtain({ ...request, sharedSession: undefined }, io, extra)
}

/**
 * This job's own MFA session (several roles, share-mfa-session, refresh-credentials) refused as
 * too old by one role: that role is assumed with a fresh code of its own instead (the user's keys,
 * age 0), once per job; any further refusal, or a typed code (there is no second one), is explained.
 */
function ownCodeInstead(
  request: ObtainRequest,
  io: AssumeRoleIo,
  spent: Map<string, number>,
  extra: ExtraCode
): OnTooOld {
  return async refusal => {
    if (!extra.left || request.mfa.source.kind !== 'seed') {
      throw tooOldExplained(request, refusal)
    }
    extra.left = false
    io.notice(
      `STS refused AssumeRole on ${refusal.roleArn} with this job's MFA session, which is ` +
        `${refusal.ageSeconds} s old: the role's trust policy probably bounds ` +
        'aws:MultiFactorAuthAge (the seconds since the MFA code) below that. Assuming this role ' +
        'with a fresh one-time code instead (age 0).'
    )
    const client = createStsClient(request.sts)
    const { roleArn } = refusal
    return withCode(request, io, roleArn, spent, (code, serialNumber) =>
      assumeRole(client, roleRequest(request, roleArn), code, { serialNumber })
    )
  }
}

/** What the advice of errors.ts is told: the role, the device, where the code came from. */
function errorContext(
  request: ObtainRequest,
  roleArn: string,
  refusedCodes: number,
  mfaSessionAgeSeconds?: number
): StsErrorContext {
  return {
    roleArn,
    mfaSerial: request.mfa.serial,
    mfa: request.mfa.source,
    refusedCodes,
    ...(mfaSessionAgeSeconds !== undefined && { mfaSessionAgeSeconds })
  }
}

/** The advice for an AccessDenied to an MFA session of this age (errors.ts). */
function tooOldExplained(request: ObtainRequest, refusal: TooOld): ActionError {
  return explainStsError(
    refusal.error,
    errorContext(request, refusal.roleArn, 0, refusal.ageSeconds)
  )
}

/** STS refused the shared session's credentials themselves: expired, or unknown (revoked). */
function unusableOrExplained(request: ObtainRequest, roleArn: string) {
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
    return explained(request, roleArn)(error)
  }
}

/**
 * Each role assumed with a GetSessionToken session made with MFA: no code, and the session's MFA
 * context satisfies aws:MultiFactorAuthPresent. Role chaining: at most one hour (the caller checks).
 * An AccessDenied when the session is MFA_AGE_SUSPECT_SECONDS old or more goes to `tooOld`: a trust
 * policy may bound aws:MultiFactorAuthAge, which counts from the session's issue.
 */
async function rolesFromSession(
  request: ObtainRequest,
  session: SessionCredentials,
  io: AssumeRoleIo,
  tooOld: OnTooOld,
  onError = explained
): Promise<RoleCredentials[]> {
  const client = createStsClient({ ...request.sts, baseCredentials: session, profile: undefined })
  const assumed: RoleCredentials[] = []
  for (const roleArn of request.roles.arns) {
    assumed.push(
      await assumeRole(client, roleRequest(request, roleArn), undefined).catch((error: unknown) => {
        const ageSeconds = sessionAgeSeconds(session, io)
        const denied = (error as { name?: string } | undefined)?.name === 'AccessDenied'
        if (denied && ageSeconds !== undefined && ageSeconds >= MFA_AGE_SUSPECT_SECONDS) {
          return tooOld({ roleArn, ageSeconds, error })
        }
        return onError(request, roleArn)(error)
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
  request: ObtainRequest,
  io: AssumeRoleIo,
  roleArn: string,
  spent: Map<string, number> | undefined,
  attempt: (code: string, serial: string) => Promise<T>
): Promise<T> {
  return withOneTimeCode(
    {
      ...io,
      mfa: request.mfa.source,
      devices: request.mfa.devices,
      retryWindows: request.mfa.retryWindows,
      spent
    },
    (code, serial) => attempt(code, serial ?? request.mfa.serial)
  ).catch((error: unknown) => {
    if (!(error instanceof MfaAttemptsFailed)) throw error
    throw explainStsError(error.last, errorContext(request, roleArn, error.refusedCodes))
  })
}

/**
 * Base credentials that the SDK's default chain found (not given keys, which the caller checked)
 * may be temporary: then AssumeRole is role chaining, and AWS would refuse more than an hour after
 * the code was spent. Asked of the provider before any code; if it fails, the AssumeRole call
 * reports why.
 */
async function refuseChainingPastAnHour(client: STSClient, request: ObtainRequest): Promise<void> {
  const { durationSeconds } = request.roles
  if (durationSeconds <= ROLE_CHAINING_MAX_SECONDS || request.sts.baseCredentials) return
  const found = await client.config.credentials().catch(() => undefined)
  if (!found?.sessionToken) return
  throw new ActionError(
    `Invalid role-duration-seconds '${durationSeconds}': the base credentials that the ` +
      'AWS SDK found are temporary (they have a session token), so assuming the role with them ' +
      'is role chaining, and AWS caps a role session assumed by role chaining at one hour ' +
      `(${ROLE_CHAINING_MAX_SECONDS} s). Set role-duration-seconds to ${ROLE_CHAINING_MAX_SECONDS} ` +
      "or less, or give the IAM user's long-term keys."
  )
}

/** A failure after the code was accepted: no code was refused, and the role is this one. */
function explained(request: ObtainRequest, roleArn: string) {
  return (error: unknown): never => {
    throw explainStsError(error, errorContext(request, roleArn, 0))
  }
}
