import {
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  type STSClient
} from '@aws-sdk/client-sts'
import type { RoleCredentials, SessionCredentials } from './credentials.js'
import type { StsConnection } from './requests.js'
import { createStsClient } from './sts.js'

/*
 * The IAM user's own MFA session (GetSessionToken with the device's code): exported as it is when
 * no role is given, or the one MFA proof from which several roles are assumed without a code each.
 * Its credentials carry the MFA context: a role assumed with them sees aws:MultiFactorAuthPresent.
 * Such an AssumeRole is role chaining all the same, capped at one hour (IAM User Guide, "role
 * chaining"; ../shared/AWS-MFA-FACTS.md).
 */

/** GetSessionToken takes at least 900 s: enough to assume the roles from it. */
export const SESSION_FOR_ROLES_SECONDS = 900

export async function getSessionToken(
  client: STSClient,
  tokenCode: string,
  serialNumber: string,
  durationSeconds: number,
  askedAtMs = Date.now()
): Promise<SessionCredentials> {
  const response = await client.send(
    new GetSessionTokenCommand({
      SerialNumber: serialNumber,
      TokenCode: tokenCode,
      DurationSeconds: durationSeconds
    })
  )
  const credentials = response.Credentials
  if (
    !credentials?.AccessKeyId ||
    !credentials.SecretAccessKey ||
    !credentials.SessionToken ||
    !credentials.Expiration
  ) {
    throw new Error('STS answered GetSessionToken without credentials.')
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
    issuedAt: new Date(askedAtMs)
  }
}

/**
 * Who the session is. GetSessionToken answers without an ARN, and none can be derived: a device's
 * name and path need not be its user's (mfa/ci-deploy may belong to user/ci). So one
 * GetCallerIdentity, with the new session: it needs no permission and no MFA code, and proves the
 * credentials work before they are exported.
 */
export async function sessionIdentity(
  sts: StsConnection,
  session: SessionCredentials
): Promise<RoleCredentials> {
  const client = createStsClient({ ...sts, baseCredentials: session, profile: undefined })
  const identity = await client.send(new GetCallerIdentityCommand({}))
  if (!identity.Arn || !identity.Account) {
    throw new Error('STS answered GetCallerIdentity without an ARN or account.')
  }
  return { ...session, arn: identity.Arn, accountId: identity.Account }
}
