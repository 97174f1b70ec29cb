/**
 * The credentials the engine hands out, and the environment variables they travel in. Types and
 * names only: no runtime imports, so any module can use them without pulling in the SDK.
 */

/** Temporary credentials of the role session, and who they belong to. */
export interface RoleCredentials {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
  /** The assumed-role ARN, `arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION`. */
  arn: string
  accountId: string
}

/**
 * AWS caps a role session assumed with temporary credentials (role chaining), GetSessionToken's
 * included, at one hour (IAM User Guide, "role chaining"; ../shared/AWS-MFA-FACTS.md). Only the
 * user's long-term keys reach the role's MaxSessionDuration.
 */
export const ROLE_CHAINING_MAX_SECONDS = 3600

/**
 * A GetSessionToken session: credentials with MFA context, of the user itself. `issuedAt`: when it
 * was asked for, by the clock of the runner that asked (absent when unknown, e.g. a session shared
 * by an older version): aws:MultiFactorAuthAge counts from then (IAM condition keys reference).
 */
export type SessionCredentials = Omit<RoleCredentials, 'arn' | 'accountId'> & { issuedAt?: Date }

/** The variables that hand a session to later steps (the action) or to a shell (the CLI). */
export function sessionVariables(credentials: RoleCredentials): Array<[string, string]> {
  return [
    ['AWS_ACCESS_KEY_ID', credentials.accessKeyId],
    ['AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey],
    ['AWS_SESSION_TOKEN', credentials.sessionToken],
    ['AWS_CREDENTIAL_EXPIRATION', credentials.expiration.toISOString()]
  ]
}

/** The region goes with the credentials: later AWS tools need both. */
export function regionVariables(region: string): Array<[string, string]> {
  return [
    ['AWS_REGION', region],
    ['AWS_DEFAULT_REGION', region]
  ]
}

/**
 * Every variable through which credentials reach a process: the ones above, and the old
 * AWS_SECURITY_TOKEN some tools still read. AWS_PROFILE is not among them: an empty AWS_PROFILE
 * makes the AWS CLI fail (profile '' not found).
 */
export const CREDENTIAL_VARIABLES = [
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_SECURITY_TOKEN',
  'AWS_CREDENTIAL_EXPIRATION'
] as const
