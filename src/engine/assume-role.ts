import { explainStsError } from './errors.js'
import type { Settings } from '../settings/settings.js'
import { MfaAttemptsFailed, withOneTimeCode, type MfaOptions } from './mfa.js'
import { SESSION_FOR_ROLES_SECONDS, getSessionToken, sessionIdentity } from './mfa-session.js'
import type { RoleCredentials } from './credentials.js'
import { assumeRole, createStsClient } from './sts.js'
import { checkCredentials } from './untrusted.js'

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
 * code serves them all instead of one 30-second window per role. Each is checked (untrusted.ts)
 * before it is returned.
 */
export async function assumeRolesWithMfa(
  settings: Settings,
  io: AssumeRoleIo
): Promise<RoleCredentials[]> {
  const credentials = await fromSts(settings, io)
  for (const [i, role] of credentials.entries()) {
    checkCredentials(role, {
      roleArn: settings.roleArns[i] ?? '',
      sessionName: settings.sessionName,
      durationSeconds: settings.durationSeconds,
      nowMs: io.clock.now()
    })
  }
  return credentials
}

async function fromSts(settings: Settings, io: AssumeRoleIo): Promise<RoleCredentials[]> {
  const client = createStsClient(settings)
  const roles = settings.roleArns
  const withCode = <T>(attempt: (code: string, serial: string) => Promise<T>) =>
    withOneTimeCode(
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

  if (roles.length === 1) {
    return [
      await withCode((code, serialNumber) => assumeRole(client, settings, code, { serialNumber }))
    ]
  }
  const duration = roles.length === 0 ? settings.durationSeconds : SESSION_FOR_ROLES_SECONDS
  const session = await withCode((code, serial) => getSessionToken(client, code, serial, duration))
  if (roles.length === 0) {
    return [await sessionIdentity(settings, session).catch(explained(settings, ''))]
  }
  const sessionClient = createStsClient({
    ...settings,
    baseCredentials: session,
    profile: undefined
  })
  const assumed: RoleCredentials[] = []
  for (const roleArn of roles) {
    assumed.push(
      await assumeRole(sessionClient, settings, undefined, { roleArn }).catch(
        explained(settings, roleArn)
      )
    )
  }
  return assumed
}

/** A failure after the code was accepted: no code was refused, and the role is this one. */
function explained(settings: Settings, roleArn: string) {
  return (error: unknown): never => {
    throw explainStsError(error, { ...settings, roleArn, refusedCodes: 0 })
  }
}
