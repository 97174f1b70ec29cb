import { obtainCredentials } from '../engine/assume-role.js'
import type { RoleCredentials, SessionCredentials } from '../engine/credentials.js'
import type { Clock } from '../engine/clock.js'
import { obtainRequest } from '../settings/engine-requests.js'
import type { Settings } from '../settings/settings.js'
import type { Log } from './command.js'

/**
 * One AssumeRole with a one-time code (the engine's, as in the action), told on standard error.
 * Loaded only on a cache miss: this is where the AWS SDK comes in.
 */
export async function assumeRoleWithCode(
  settings: Settings,
  clock: Clock,
  log: Log
): Promise<RoleCredentials> {
  log.info(`Assuming ${settings.roleArn} with MFA device ${settings.mfaSerial}.`)
  const [credentials] = (
    await obtainCredentials(obtainRequest(settings), {
      clock,
      mask: log.mask,
      notice: log.info,
      info: log.info
    })
  ).roles
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) log.mask(secret)
  log.info(`Assumed ${credentials.arn} until ${credentials.expiration.toISOString()}.`)
  return credentials
}

/**
 * serve without a day session: one code for an MFA session of mfa-session-duration-seconds, and the
 * role assumed from it (role chaining: one hour), as refresh-credentials does in the action.
 */
export async function sessionAndRoleWithCode(
  settings: Settings,
  clock: Clock,
  log: Log
): Promise<{ session: SessionCredentials; role: RoleCredentials }> {
  log.info(
    `Getting an MFA session of ${settings.mfaSessionDurationSeconds} s with MFA device ` +
      `${settings.mfaSerial}, and ${settings.roleArn} from it.`
  )
  const obtained = await obtainCredentials(
    obtainRequest({
      ...settings,
      refreshCredentials: true,
      mfaSessionToShare: undefined,
      receivedMfaSession: undefined
    }),
    { clock, mask: log.mask, notice: log.info, info: log.info }
  )
  const [role] = obtained.roles
  const session = obtained.mfaSession
  if (!session || !role) throw new Error('STS gave no MFA session.')
  for (const secret of [role.secretAccessKey, role.sessionToken]) log.mask(secret)
  log.info(`Assumed ${role.arn} until ${role.expiration.toISOString()}.`)
  return { session, role }
}
