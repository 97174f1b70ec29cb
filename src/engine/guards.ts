import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { ActionError } from './errors.js'
import type { Settings } from '../settings/read.js'
import { createStsClient } from './sts.js'

/**
 * Checks around the STS call that configure-aws-credentials users know by name:
 * allowed-account-ids, action-timeout-s and use-existing-credentials.
 */

const ACCOUNT_ID = /^\d{12}$/

/** allowed-account-ids: comma-separated 12-digit ids; empty allows any account. */
export function parseAccountIds(raw: string, problems: string[]): string[] {
  const ids = raw
    .split(/[,\s]+/)
    .map(id => id.trim())
    .filter(Boolean)
  for (const id of ids) {
    if (!ACCOUNT_ID.test(id)) {
      problems.push(
        `Invalid allowed-account-ids entry '${id}'. Expected 12-digit account ids separated by ` +
          'commas, e.g. 123456789012,210987654321.'
      )
    }
  }
  return ids
}

/** Refuses an account that allowed-account-ids does not list (an empty list allows any). */
export function checkAllowedAccount(accountId: string, allowed: string[]): void {
  if (allowed.length > 0 && !allowed.includes(accountId)) {
    throw new ActionError(
      `The role's account ${accountId} is not in allowed-account-ids (${allowed.join(', ')}): ` +
        'nothing was exported. Check role-to-assume (and sts-endpoint), or add the account to ' +
        'allowed-account-ids.'
    )
  }
}

/** A running time limit: cleared once the credentials are in hand (the rest is local and quick). */
export interface Deadline {
  clear(): void
}

/**
 * action-timeout-s: calls `onTimeout` (which fails the step and ends the process) unless cleared
 * in time. Exporting happens after clear(), so a run that times out exports nothing.
 */
export function startDeadline(seconds: number, onTimeout: (message: string) => void): Deadline {
  if (seconds <= 0) return { clear: () => {} }
  const timer = setTimeout(
    () =>
      onTimeout(
        `The action did not finish within action-timeout-s (${seconds} s); nothing was exported. ` +
          'STS (or the proxy) may be unreachable, or the wait for fresh MFA windows took longer: ' +
          'raise action-timeout-s, or check sts-endpoint and http-proxy.'
      ),
    seconds * 1000
  )
  return { clear: () => clearTimeout(timer) }
}

/** A role session already in the job's environment, fit to be used as it is. */
export interface ExistingSession {
  arn: string
  accountId: string
  expiration?: Date
}

/** Sessions that expire sooner than this are not worth keeping: a fresh one is made. */
const MIN_REMAINING_MS = 5 * 60_000

/**
 * use-existing-credentials: whether the credentials in the job's environment (exported by an
 * earlier step) are a valid session of the role to assume, asked of STS with GetCallerIdentity.
 * Returns the reason to go on with MFA otherwise, for the log.
 */
export async function existingSession(
  settings: Settings,
  env: NodeJS.ProcessEnv,
  nowMs: number
): Promise<ExistingSession | string> {
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (!settings.roleArn) return 'there is no role-to-assume to compare them with'
  if (!accessKeyId || !secretAccessKey) return 'the job has no credentials in its environment'
  const expiration = env.AWS_CREDENTIAL_EXPIRATION
    ? new Date(env.AWS_CREDENTIAL_EXPIRATION)
    : undefined
  if (expiration && !(expiration.getTime() - nowMs > MIN_REMAINING_MS)) {
    return `the credentials in the environment expire at ${env.AWS_CREDENTIAL_EXPIRATION}`
  }
  const client = createStsClient({
    ...settings,
    baseCredentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
    retryMaxAttempts: 1
  })
  let arn: string | undefined
  try {
    arn = (await client.send(new GetCallerIdentityCommand({}))).Arn
  } catch (error) {
    return `GetCallerIdentity with the credentials in the environment failed (${(error as Error).name})`
  }
  const [, , , , roleAccount, roleResource] = settings.roleArn.split(':')
  const roleName = roleResource.slice(roleResource.lastIndexOf('/') + 1)
  const parts = /^arn:[^:]+:sts::(\d{12}):assumed-role\/([^/]+)\//.exec(arn ?? '')
  if (!arn || !parts || parts[1] !== roleAccount || parts[2] !== roleName) {
    return `the credentials in the environment are ${arn ?? 'unknown'}, not a session of the role`
  }
  return { arn, accountId: parts[1], expiration }
}
