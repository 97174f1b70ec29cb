import { GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { accountIdOf, assumedRoleOf, resourceNameOf } from './arn.js'
import { printable } from './printable.js'
import type { StsConnection } from './requests.js'
import { createStsClient } from './sts.js'

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
  request: StsConnection & { roleArn: string },
  env: NodeJS.ProcessEnv,
  nowMs: number
): Promise<ExistingSession | string> {
  const accessKeyId = env.AWS_ACCESS_KEY_ID
  const secretAccessKey = env.AWS_SECRET_ACCESS_KEY
  if (!request.roleArn) return 'there is no role-to-assume to compare them with'
  if (!accessKeyId || !secretAccessKey) return 'the job has no credentials in its environment'
  const expiration = env.AWS_CREDENTIAL_EXPIRATION
    ? new Date(env.AWS_CREDENTIAL_EXPIRATION)
    : undefined
  if (expiration && !(expiration.getTime() - nowMs > MIN_REMAINING_MS)) {
    // Set by an earlier step, perhaps from elsewhere: quoted escaped, never as it is.
    return `the credentials in the environment expire at ${printable(env.AWS_CREDENTIAL_EXPIRATION ?? '')}`
  }
  const client = createStsClient({
    ...request,
    baseCredentials: { accessKeyId, secretAccessKey, sessionToken: env.AWS_SESSION_TOKEN },
    retryMaxAttempts: 1
  })
  let arn: string | undefined
  try {
    arn = (await client.send(new GetCallerIdentityCommand({}))).Arn
  } catch (error) {
    return `GetCallerIdentity with the credentials in the environment failed (${(error as Error).name})`
  }
  const session = assumedRoleOf(arn ?? '')
  if (
    !arn ||
    !session ||
    session.accountId !== accountIdOf(request.roleArn) ||
    session.roleName !== resourceNameOf(request.roleArn)
  ) {
    return `the credentials in the environment are ${printable(arn ?? 'unknown')}, not a session of the role`
  }
  return { arn, accountId: session.accountId, expiration }
}
