/**
 * The policies `init` writes: the role's trust policy (the user, with MFA, recently) and the
 * user's inline policy (sts:AssumeRole on that role only); and whether an existing role's trust
 * policy already lets the user in with MFA (IAM JSON policy reference; IAM User Guide,
 * "Configuring MFA-protected API access").
 */

/**
 * Seconds since the MFA check that a new role's trust policy allows, by default: the action's
 * default mfa-session-duration-seconds (action.yml), so that a role made with the defaults accepts
 * a shared MFA session and every refresh renewal for the session's whole life. NumericLessThan:
 * a session is never older than its duration while it lasts.
 */
export const DEFAULT_MFA_MAX_AGE_SECONDS = 3600

/**
 * The largest bound that means anything: the longest MFA session STS issues (GetSessionToken's
 * DurationSeconds, at most 129600 s: AWS-MFA-FACTS). Above it the condition refuses nothing.
 */
export const MAX_MFA_MAX_AGE_SECONDS = 129_600

/**
 * A new role's trust policy: the principal (the user's ARN, or for a group the account's root
 * ARN, which lets in any principal of the account whose own policies allow sts:AssumeRole on the
 * role: IAM User Guide, "IAM JSON policy elements: Principal"), with MFA, recently.
 */
export function trustPolicy(principalArn: string, mfaMaxAgeSeconds: number): string {
  return JSON.stringify(
    {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: principalArn },
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

/** The user's (or group's) inline policy's name: one per role, so a second role adds its own. */
export function userPolicyName(roleName: string): string {
  return `aws-assume-role-mfa-${roleName}`.slice(0, 128)
}

interface Statement {
  Sid?: unknown
  Effect?: unknown
  Principal?: unknown
  NotPrincipal?: unknown
  Action?: unknown
  NotAction?: unknown
  Condition?: unknown
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : (Array.isArray(value) ? value : [value]).map(String)

/** IAM's three values for a condition seen from here: met, not met, or cannot tell. */
type Judged = 'yes' | 'no' | 'unknown'
const and = (values: Judged[]): Judged =>
  values.includes('no') ? 'no' : values.includes('unknown') ? 'unknown' : 'yes'
const or = (values: Judged[]): Judged =>
  values.includes('yes') ? 'yes' : values.includes('unknown') ? 'unknown' : 'no'

/** The request context of an AssumeRole by the user, with lower-case keys; absent keys absent. */
type Context = Record<string, string>

/** What the trust check found; `problems` empty means IAM lets the user in with MFA only. */
export interface TrustVerdict {
  /** Why the role does not fit: each a sentence naming the statement. */
  problems: string[]
  /** Conditions that cannot be judged from here and may refuse the runner. */
  warnings: string[]
}

/**
 * Whether the trust policy lets this IAM user assume the role with MFA, and only with MFA, judged
 * as IAM evaluates a policy (IAM User Guide, "Policy evaluation logic" and "IAM JSON policy
 * elements: Condition operators"): an explicit Deny that matches wins; otherwise any Allow
 * statement whose Principal, Action and Condition all match grants. So the role fits only if no
 * Deny matches the user with MFA, every Allow that can match the user (by Principal: the user's
 * ARN, its account's root or id, or `*`; by Action or NotAction: sts:AssumeRole) is refused
 * without MFA, and at least one lets the user in with MFA. Condition key names are
 * case-insensitive; values are compared as each operator does. Keys that depend on the request
 * (source IP, VPC, tags, dates, ...) cannot be judged here: they are named in a warning.
 */
export function judgeTrust(document: string, userArn: string): TrustVerdict {
  let statements: Statement[]
  try {
    const policy = JSON.parse(document) as { Statement?: Statement | Statement[] }
    statements = ([] as Statement[]).concat(policy.Statement ?? [])
  } catch {
    return { problems: ['its trust policy is not JSON'], warnings: [] }
  }
  const [, partition, , , account] = userArn.split(':')
  const base: Context = {
    'aws:principalarn': userArn,
    'aws:principalaccount': account,
    'aws:principaltype': 'User',
    'aws:username': userArn.slice(userArn.lastIndexOf('/') + 1)
  }
  // A code sent with AssumeRole: MFA present, age about 0 (IAM condition keys reference).
  const withMfa: Context = {
    ...base,
    'aws:multifactorauthpresent': 'true',
    'aws:multifactorauthage': '0'
  }
  // Without a code: long-term keys carry no MFA key at all; temporary ones made without MFA
  // carry `false` (IAM User Guide, "Configuring MFA-protected API access").
  const withoutMfa: Context[] = [base, { ...base, 'aws:multifactorauthpresent': 'false' }]
  const me = [userArn, `arn:${partition}:iam::${account}:root`, account, '*']

  const problems: string[] = []
  const warnings: string[] = []
  let admitted = false
  statements.forEach((statement, index) => {
    const label =
      typeof statement.Sid === 'string' && statement.Sid ? statement.Sid : `#${index + 1}`
    if (!principalMatches(statement, me) || !actionMatches(statement)) return
    const unjudged = new Set<string>()
    const judge = (context: Context) => conditionMet(statement.Condition, context, unjudged)
    const mayCheck = () =>
      unjudged.size > 0
        ? ` Its conditions on ${[...unjudged].join(', ')} cannot be judged from here: check that the runner meets them.`
        : ''
    if (statement.Effect === 'Deny') {
      const met = judge(withMfa)
      if (met === 'yes') problems.push(`statement ${label} denies ${userArn} sts:AssumeRole`)
      if (met === 'unknown') {
        warnings.push(
          `statement ${label} denies ${userArn} sts:AssumeRole under conditions.${mayCheck()}`
        )
      }
      return
    }
    if (statement.Effect !== 'Allow') return
    const open = or(withoutMfa.map(judge))
    if (open !== 'no') {
      problems.push(
        `statement ${label} lets ${userArn} in without MFA` +
          (open === 'unknown'
            ? ` (whenever its conditions on ${[...unjudged].join(', ')} hold)`
            : '')
      )
      return
    }
    const met = judge(withMfa)
    if (met === 'no') return
    admitted = true
    if (met === 'unknown')
      warnings.push(`statement ${label} admits ${userArn} with MFA.${mayCheck()}`)
  })
  if (!admitted && problems.length === 0) {
    problems.push(`no statement lets ${userArn} assume it with MFA`)
  }
  return { problems, warnings }
}

/** Principal: the user's ARN, its account (root ARN or id) or `*`; NotPrincipal: none of them. */
function principalMatches(statement: Statement, me: string[]): boolean {
  const aws = (value: unknown) =>
    value === '*' ? ['*'] : list((value as { AWS?: unknown } | undefined)?.AWS)
  if (statement.NotPrincipal !== undefined) {
    return !aws(statement.NotPrincipal).some(p => me.includes(p))
  }
  return aws(statement.Principal).some(p => me.includes(p))
}

/** Action (or NotAction) patterns, `*` and `?` wildcards, case-insensitive, against sts:AssumeRole. */
function actionMatches(statement: Statement): boolean {
  const matches = (patterns: string[]) =>
    patterns.some(pattern =>
      new RegExp(
        `^${pattern
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
        'i'
      ).test('sts:AssumeRole')
    )
  if (statement.NotAction !== undefined) return !matches(list(statement.NotAction))
  return matches(list(statement.Action))
}

/** The condition keys judged here; any other makes the statement's outcome unknown. */
const KNOWN_KEYS = [
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:principaltype',
  'aws:username'
]

/** A statement's Condition block: every operator, every key in it must be met. */
function conditionMet(condition: unknown, context: Context, unjudged: Set<string>): Judged {
  if (condition === undefined) return 'yes'
  if (typeof condition !== 'object' || condition === null) return 'unknown'
  const results: Judged[] = []
  for (const [operator, keys] of Object.entries(condition as Record<string, unknown>)) {
    if (typeof keys !== 'object' || keys === null) {
      results.push('unknown')
      continue
    }
    for (const [key, values] of Object.entries(keys as Record<string, unknown>)) {
      const judged = KNOWN_KEYS.includes(key.toLowerCase())
        ? operatorMet(operator, context[key.toLowerCase()], list(values))
        : 'unknown'
      if (judged === 'unknown') unjudged.add(key)
      results.push(judged)
    }
  }
  return and(results)
}

/**
 * One operator on one key (IAM JSON policy elements: Condition operators). A key absent from the
 * request does not match, except with `...IfExists`, with the negated operators, and with Null.
 * Multiple values are alternatives (any one matches; for a negated operator, none).
 */
function operatorMet(operator: string, value: string | undefined, values: string[]): Judged {
  if (operator.includes(':')) return 'unknown' // ForAnyValue:/ForAllValues: on single values
  const ifExists = /IfExists$/i.test(operator)
  const name = operator.replace(/IfExists$/i, '').toLowerCase()
  if (name === 'null') {
    return values.some(v => (v.toLowerCase() === 'true') === (value === undefined)) ? 'yes' : 'no'
  }
  const negated = /not/.test(name)
  if (value === undefined) return ifExists || negated ? 'yes' : 'no'
  const like = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/[.+^${}()|[\]\\]/g, '\\$&')
        .replace(/\*/g, '.*')
        .replace(/\?/g, '.')}$`
    ).test(value)
  const number = (v: string) => (v.trim() === '' ? NaN : Number(v))
  const tests: Record<string, (v: string) => boolean> = {
    bool: v => v.toLowerCase() === value.toLowerCase(),
    stringequals: v => v === value,
    stringnotequals: v => v === value,
    stringequalsignorecase: v => v.toLowerCase() === value.toLowerCase(),
    stringnotequalsignorecase: v => v.toLowerCase() === value.toLowerCase(),
    stringlike: like,
    stringnotlike: like,
    arnequals: like,
    arnnotequals: like,
    arnlike: like,
    arnnotlike: like,
    numericequals: v => number(value) === number(v),
    numericnotequals: v => number(value) === number(v),
    numericlessthan: v => number(value) < number(v),
    numericlessthanequals: v => number(value) <= number(v),
    numericgreaterthan: v => number(value) > number(v),
    numericgreaterthanequals: v => number(value) >= number(v)
  }
  const test = tests[name]
  if (test === undefined) return 'unknown'
  const any = values.some(test)
  return (negated ? !any : any) ? 'yes' : 'no'
}
