import { accountIdOf, assumedRoleOf, IAM_USER_ARN, partitionOf, resourceNameOf } from './arn.js'
import type { RoleCredentials } from './credentials.js'
import { ActionError } from './errors.js'
import { printable } from './printable.js'

/*
 * What comes from the network is checked before anything is masked, exported or written, and
 * escaped before it is logged: an endpoint that is not STS (a wrong sts-endpoint, a hostile proxy
 * or DNS) must not put an expired session in the job, nor a line break in a log line, a variable or
 * a profile file, where it would start a workflow command or a new section.
 */

/** Key ids as the STS API model has them (AccessKeyIdType: 16 to 128 word characters). */
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/
/** Secrets and session tokens are base64 text; the answer's size cap bounds a token's length. */
const SECRET = /^[A-Za-z0-9/+=]{16,128}$/
const TOKEN = /^[A-Za-z0-9/+=]{16,}$/
/** How far AWS's clock may be from the runner's and still sign (SigV4 allows 5 minutes), and more. */
const CLOCK_ALLOWANCE_MS = 15 * 60_000

/** STS's answer failed a check: nothing from it was used. */
export class UntrustedAnswer extends ActionError {
  constructor(what: string, problems: string[]) {
    super(
      `STS's answer to ${what} failed its checks, so nothing was exported: ${problems.join('; ')}. ` +
        'The endpoint may not be STS: check aws-region, sts-endpoint (and AWS_ENDPOINT_URL_STS, ' +
        "AWS_ENDPOINT_URL), the proxy, and the runner's clock."
    )
    this.name = 'UntrustedAnswer'
  }
}

/** What the answer should be: the session of this role (or of the user, without one). */
export interface Expected {
  roleArn: string
  sessionName: string
  durationSeconds: number
  nowMs: number
}

/**
 * Throws UntrustedAnswer unless the credentials have the shape STS gives them, expire between now
 * and the duration asked for, and belong to the role and session asked for (or, with no role, to
 * an IAM user). Secrets are described, never quoted.
 */
export function checkCredentials(credentials: RoleCredentials, expected: Expected): void {
  const { accessKeyId, secretAccessKey, sessionToken, expiration, arn, accountId } = credentials
  const problems: string[] = []
  if (!ACCESS_KEY_ID.test(accessKeyId)) problems.push('AccessKeyId is not an access key id')
  if (!SECRET.test(secretAccessKey)) problems.push('SecretAccessKey is not a secret key')
  if (!TOKEN.test(sessionToken)) problems.push('SessionToken is not a session token')
  const expires = expiration.getTime()
  const latest = expected.nowMs + expected.durationSeconds * 1000 + CLOCK_ALLOWANCE_MS
  if (!(expires > expected.nowMs)) {
    const when = Number.isNaN(expires) ? 'is not a date' : `${expiration.toISOString()} is`
    problems.push(`Expiration ${when} not in the future`)
  } else if (expires > latest) {
    problems.push(
      `Expiration ${expiration.toISOString()} is later than the ${expected.durationSeconds} s asked for`
    )
  }
  const arnProblem = expected.roleArn
    ? roleSessionProblem(arn, expected.roleArn, expected.sessionName)
    : IAM_USER_ARN.test(arn)
      ? undefined
      : 'it is not the ARN of an IAM user'
  if (arnProblem) problems.push(`the ARN ${printable(arn)}: ${arnProblem}`)
  else if (accountId !== accountIdOf(arn)) problems.push('the account is not the ARN’s')
  if (problems.length > 0) {
    throw new UntrustedAnswer(expected.roleArn ? 'AssumeRole' : 'GetSessionToken', problems)
  }
}

function roleSessionProblem(arn: string, roleArn: string, sessionName: string): string | undefined {
  const session = assumedRoleOf(arn)
  if (!session) return 'it is not an assumed-role ARN'
  if (
    partitionOf(arn) !== partitionOf(roleArn) ||
    session.accountId !== accountIdOf(roleArn) ||
    session.roleName !== resourceNameOf(roleArn) ||
    session.sessionName !== sessionName
  ) {
    return `it is not a session '${sessionName}' of ${roleArn}`
  }
  return undefined
}
