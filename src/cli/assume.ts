import { assumeRoleWithMfa } from '../engine/assume-role.js'
import type { RoleCredentials } from '../engine/credentials.js'
import type { Clock } from '../engine/mfa.js'
import type { Settings } from '../settings/settings.js'
import type { Log } from './log.js'

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
  const credentials = await assumeRoleWithMfa(settings, {
    clock,
    mask: log.mask,
    notice: log.info,
    info: log.info
  })
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) log.mask(secret)
  log.info(`Assumed ${credentials.arn} until ${credentials.expiration.toISOString()}.`)
  return credentials
}
