/**
 * The policies `init` writes: the role's trust policy (the user, with MFA, recently) and the
 * user's inline policy (sts:AssumeRole on that role only); and whether an existing role's trust
 * policy already lets the user in with MFA (IAM JSON policy reference; IAM User Guide,
 * "Configuring MFA-protected API access").
 */

/** Seconds since the MFA check that the trust policy allows, by default: as docs/setup.md. */
export const DEFAULT_MFA_MAX_AGE_SECONDS = 300

export function trustPolicy(userArn: string, mfaMaxAgeSeconds: number): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: userArn },
          Action: 'sts:AssumeRole',
          Condition: {
            Bool: { 'aws:MultiFactorAuthPresent': 'true' },
            NumericLessThan: { 'aws:MultiFactorAuthAge': String(mfaMaxAgeSeconds) }
          }
        }
      ]
    },
    null,
    2
  )
}

export function assumeRolePolicy(roleArn: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: roleArn }]
  })
}

/** The user's inline policy's name: one per role, so a second role adds its own. */
export function userPolicyName(roleName: string): string {
  return `aws-assume-role-mfa-${roleName}`.slice(0, 128)
}

interface Statement {
  Effect?: unknown
  Principal?: { AWS?: unknown } | unknown
  Action?: unknown
  Condition?: Record<string, Record<string, unknown>>
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String)

/**
 * Whether some statement allows the user (by ARN, or the account's root) sts:AssumeRole with
 * `Bool aws:MultiFactorAuthPresent true`. BoolIfExists does not require MFA: long-term keys
 * without a code carry no such key, and IfExists lets that pass. Deny statements are not weighed:
 * the role is then left alone and the message says what to check.
 */
export function trustFits(document: string, userArn: string): boolean {
  let statements: Statement[]
  try {
    const policy = JSON.parse(document) as { Statement?: Statement | Statement[] }
    statements = ([] as Statement[]).concat(policy.Statement ?? [])
  } catch {
    return false
  }
  const account = userArn.split(':')[4]
  const root = [`arn:aws:iam::${account}:root`, account]
  return statements.some(statement => {
    const principal = statement.Principal as { AWS?: unknown } | undefined
    const principals = list(principal?.AWS)
    const actions = list(statement.Action).map(action => action.toLowerCase())
    const mfa = statement.Condition?.Bool?.['aws:MultiFactorAuthPresent']
    return (
      statement.Effect === 'Allow' &&
      principals.some(p => p === userArn || root.includes(p)) &&
      actions.some(action => ['sts:assumerole', 'sts:*', '*'].includes(action)) &&
      String(mfa).toLowerCase() === 'true'
    )
  })
}
