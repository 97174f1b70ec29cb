import { explainStsError } from './errors.js'
import type { Settings } from '../settings/settings.js'
import { MfaAttemptsFailed, withOneTimeCode, type MfaOptions } from './mfa.js'
import { SESSION_FOR_ROLES_SECONDS, getSessionToken, sessionIdentity } from './mfa-session.js'
import type { RoleCredentials, SessionCredentials } from './credentials.js'
import { assumeRole, createStsClient, type RoleRequestSettings } from './sts.js'

/** Where the flow reports to: the action's log, or the CLI's standard error. */
export type AssumeRoleIo = Pick<MfaOptions, 'clock' | 'mask' | 'notice' | 'info' | 'warning'>

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
 * One set of credentials per role of settings, in order: one role is assumed with the code; no
 * role gives the user's MFA session; several roles are assumed from one MFA session, so that one
 * code serves them all instead of one 30-second window per role.
 */
export async function assumeRolesWithMfa(
  settings: Settings,
  io: AssumeRoleIo
): Promise<RoleCredentials[]> {
  const roles = settings.roleArns
  if (roles.length === 1) {
    const client = createStsClient(settings)
    return [
      await withCode(settings, io, (code, serialNumber) =>
        assumeRole(client, settings, code, { serialNumber })
      )
    ]
  }
  const duration = roles.length === 0 ? settings.durationSeconds : SESSION_FOR_ROLES_SECONDS
  return (await rolesFromMfaSession(settings, io, duration)).roles
}

/**
 * One code → the user's MFA session (GetSessionToken, `sessionSeconds`) → each role of settings
 * assumed from it without a code (role chaining), with `roleSettings` (its duration, say). With no
 * role, the session's own identity. The session is returned too, for whoever assumes the roles
 * again later (refresh-credentials).
 */
export async function rolesFromMfaSession(
  settings: Settings,
  io: AssumeRoleIo,
  sessionSeconds: number,
  roleSettings: RoleRequestSettings = settings
): Promise<{ session: SessionCredentials; roles: RoleCredentials[] }> {
  const client = createStsClient(settings)
  const session = await withCode(settings, io, (code, serial) =>
    getSessionToken(client, code, serial, sessionSeconds)
  )
  if (settings.roleArns.length === 0) {
    return {
      session,
      roles: [await sessionIdentity(settings, session).catch(explained(settings, ''))]
    }
  }
  const sessionClient = createStsClient({
    ...settings,
    baseCredentials: session,
    profile: undefined
  })
  const assumed: RoleCredentials[] = []
  for (const roleArn of settings.roleArns) {
    assumed.push(
      await assumeRole(sessionClient, roleSettings, undefined, { roleArn }).catch(
        explained(settings, roleArn)
      )
    )
  }
  return { session, roles: assumed }
}

/** Runs `attempt` with a one-time code, across windows and devices as settings allow. */
function withCode<T>(
  settings: Settings,
  io: AssumeRoleIo,
  attempt: (code: string, serial: string) => Promise<T>
): Promise<T> {
  return withOneTimeCode(
    {
      ...io,
      mfa: settings.mfa,
      devices: settings.mfaDevices,
      retryWindows: settings.mfaRetryWindows
    },
    (code, serial) => attempt(code, serial ?? settings.mfaSerial)
  ).catch((error: unknown) => {
    if (!(error instanceof MfaAttemptsFailed)) throw error
    throw explainStsError(error.last, { ...settings, refusedCodes: error.refusedCodes })
  })
}

/** A failure after the code was accepted: no code was refused, and the role is this one. */
function explained(settings: Settings, roleArn: string) {
  return (error: unknown): never => {
    throw explainStsError(error, { ...settings, roleArn, refusedCodes: 0 })
  }
}
