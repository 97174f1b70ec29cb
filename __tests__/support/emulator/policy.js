// @ts-check
// IAM policy evaluation, for any policy document: a role's trust policy (resource-based, with a
// Principal) and a user's identity policies (with a Resource). A request context goes in; Allow,
// an explicit Deny, or an implicit deny comes out. Sources (IAM User Guide, IAM JSON policy
// reference): "Policy evaluation logic" (an explicit Deny wins; otherwise any Allow whose
// Principal, Action, Resource and Condition all match grants; otherwise implicit deny),
// "Condition" and "Condition operators" (operators AND'ed, keys AND'ed, a key's values OR'ed, NOR
// for the negated operators; key names case-insensitive, values case-sensitive except where the
// operator says otherwise; a key absent from the request fails every operator except the negated
// ones, `...IfExists` and `Null`), "Principal", "Action", "Resource", and the global condition keys
// reference. What this module does not model is refused when the document is read (PolicyError
// with `unsupported` set), never ignored: a test using it fails loudly.

/** @typedef {'Allow' | 'ExplicitDeny' | 'ImplicitDeny'} Decision */

/**
 * @typedef {object} RequestPrincipal who is asking, for matching a Principal element
 * @property {string} arn the user's ARN, or the assumed-role session's ARN
 * @property {string} account 12 digits
 * @property {string} [roleArn] for a role session: the role's ARN (a role named as Principal
 *   stands for its sessions, IAM JSON policy reference, "Role principals")
 */

/**
 * @typedef {object} PolicyRequest
 * @property {string} action e.g. `sts:AssumeRole`
 * @property {string} [resource] the resource's ARN (identity policies match it)
 * @property {RequestPrincipal} [principal] the caller (resource-based policies match it)
 * @property {Record<string, string | undefined>} context condition keys in any case; an absent
 *   key is undefined or missing
 */

/**
 * @typedef {object} PolicyResult
 * @property {Decision} decision
 * @property {boolean} viaAccount the Allow came only from statements that name the caller's
 *   account (its root ARN or its id) rather than the caller (or `*`): for a role's trust policy,
 *   the caller's identity policies must then allow the action too (policy.js's callers decide)
 */

/** Thrown for a document that is not a policy of its kind, or uses what this module does not model. */
export class PolicyError extends Error {
  /** @param {string} message @param {boolean} unsupported true: valid IAM, not modelled here */
  constructor(message, unsupported = false) {
    super(message)
    this.name = 'PolicyError'
    this.unsupported = unsupported
  }
}

/**
 * The condition keys this module knows (lower case). A key of a family ends in `/`. Others are
 * refused: IAM would evaluate them, and the emulator cannot.
 */
const KNOWN_KEYS = [
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:principalarn',
  'aws:principalaccount',
  'aws:sourceidentity',
  'aws:principaltag/',
  'sts:externalid',
  'sts:sourceidentity',
  'sts:rolesessionname'
]

/** @typedef {(context: string, policy: string) => boolean} Compare */

const numeric = (/** @type {(a: number, b: number) => boolean} */ test) =>
  /** @type {Compare} */ (
    (context, policy) => {
      const a = Number(context)
      return context.trim() !== '' && Number.isFinite(a) && test(a, Number(policy))
    }
  )

/**
 * The operators, by lower-case name (this module accepts any case; AWS documents them in the case
 * of its examples and does not say whether it accepts others). `negated` operators hold when the
 * key matches none of the values, and when it is absent.
 * @type {Record<string, { compare: Compare, negated?: boolean, kind: 'string' | 'number' | 'bool' }>}
 */
const OPERATORS = {
  stringequals: { compare: (a, b) => a === b, kind: 'string' },
  stringnotequals: { compare: (a, b) => a === b, negated: true, kind: 'string' },
  stringequalsignorecase: {
    compare: (a, b) => a.toLowerCase() === b.toLowerCase(),
    kind: 'string'
  },
  stringnotequalsignorecase: {
    compare: (a, b) => a.toLowerCase() === b.toLowerCase(),
    negated: true,
    kind: 'string'
  },
  stringlike: { compare: (a, b) => wildcard(b).test(a), kind: 'string' },
  stringnotlike: { compare: (a, b) => wildcard(b).test(a), negated: true, kind: 'string' },
  numericequals: { compare: numeric((a, b) => a === b), kind: 'number' },
  numericnotequals: { compare: numeric((a, b) => a === b), negated: true, kind: 'number' },
  numericlessthan: { compare: numeric((a, b) => a < b), kind: 'number' },
  numericlessthanequals: { compare: numeric((a, b) => a <= b), kind: 'number' },
  numericgreaterthan: { compare: numeric((a, b) => a > b), kind: 'number' },
  numericgreaterthanequals: { compare: numeric((a, b) => a >= b), kind: 'number' },
  bool: { compare: (a, b) => a.toLowerCase() === b.toLowerCase(), kind: 'bool' }
}

/**
 * @typedef {object} ParsedCondition
 * @property {string} operator as written
 * @property {string} base lower-case name without IfExists
 * @property {boolean} ifExists
 * @property {string} key lower case
 * @property {string[]} values
 */

/**
 * @typedef {object} ParsedStatement
 * @property {'Allow' | 'Deny'} effect
 * @property {string[] | undefined} principals `AWS` principals; `['*']` for `"Principal": "*"`
 * @property {string[]} actions
 * @property {boolean} notAction
 * @property {string[] | undefined} resources
 * @property {boolean} notResource
 * @property {ParsedCondition[]} conditions
 */

/**
 * @typedef {object} ParsedPolicy
 * @property {'trust' | 'identity'} kind
 * @property {ParsedStatement[]} statements
 */

/**
 * Reads a policy document (JSON text or the parsed object). A trust policy's statements need a
 * Principal and may not have a Resource; an identity policy's need a Resource and may not have a
 * Principal (IAM JSON policy reference, "Principal", "Resource"; CreateRole and PutUserPolicy
 * answer MalformedPolicyDocument otherwise).
 * @param {string | object} document
 * @param {'trust' | 'identity'} kind
 * @returns {ParsedPolicy}
 */
export function parsePolicy(document, kind) {
  /** @type {any} */
  let policy = document
  if (typeof document === 'string') {
    try {
      policy = JSON.parse(document)
    } catch {
      throw new PolicyError('This policy contains invalid Json')
    }
  }
  if (typeof policy !== 'object' || policy === null || Array.isArray(policy)) {
    throw new PolicyError('This policy contains invalid Json')
  }
  for (const field of Object.keys(policy)) {
    if (!['Version', 'Id', 'Statement'].includes(field)) {
      throw new PolicyError(`Syntax errors in policy: unknown field ${field}`)
    }
  }
  if (policy.Version !== undefined && !['2012-10-17', '2008-10-17'].includes(policy.Version)) {
    throw new PolicyError('The policy failed legacy parsing')
  }
  if (policy.Statement === undefined) throw new PolicyError('Missing required field Statement')
  const statements = [policy.Statement].flat().map(s => parseStatement(s, kind))
  return { kind, statements }
}

/** @param {any} statement @param {'trust' | 'identity'} kind @returns {ParsedStatement} */
function parseStatement(statement, kind) {
  if (typeof statement !== 'object' || statement === null || Array.isArray(statement)) {
    throw new PolicyError('Syntax errors in policy: a statement is not an object')
  }
  const allowed = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction']
  allowed.push('Resource', 'NotResource', 'Condition')
  for (const field of Object.keys(statement)) {
    if (!allowed.includes(field)) throw new PolicyError(`Syntax errors in policy: ${field}`)
  }
  const effect = statement.Effect
  if (effect !== 'Allow' && effect !== 'Deny') {
    throw new PolicyError('Missing required field Effect (Allow or Deny)')
  }
  if (statement.NotPrincipal !== undefined) {
    throw new PolicyError('NotPrincipal is not modelled by the emulator', true)
  }
  const hasPrincipal = statement.Principal !== undefined
  const hasResource = statement.Resource !== undefined || statement.NotResource !== undefined
  if (kind === 'trust') {
    if (!hasPrincipal) throw new PolicyError('Missing required field Principal')
    if (hasResource) throw new PolicyError('Has prohibited field Resource')
  } else {
    if (hasPrincipal) throw new PolicyError('Policy document should not specify a principal.')
    if (!hasResource) throw new PolicyError('Missing required field Resource')
  }
  if ((statement.Action === undefined) === (statement.NotAction === undefined)) {
    throw new PolicyError('Missing required field Action (or NotAction, not both)')
  }
  if (statement.Resource !== undefined && statement.NotResource !== undefined) {
    throw new PolicyError('Syntax errors in policy: Resource and NotResource')
  }
  return {
    effect,
    principals: hasPrincipal ? parsePrincipal(statement.Principal) : undefined,
    actions: strings(statement.Action ?? statement.NotAction, 'Action'),
    notAction: statement.NotAction !== undefined,
    resources: hasResource
      ? strings(statement.Resource ?? statement.NotResource, 'Resource')
      : undefined,
    notResource: statement.NotResource !== undefined,
    conditions: parseConditions(statement.Condition)
  }
}

/**
 * `"*"`, or an object whose `AWS` entry lists accounts, ARNs or `*`. `Service`, `Federated` and
 * `CanonicalUser` principals are kept out: no caller of the emulator is one of them.
 * @param {unknown} principal
 */
function parsePrincipal(principal) {
  if (principal === '*') return ['*']
  if (typeof principal !== 'object' || principal === null || Array.isArray(principal)) {
    throw new PolicyError('Invalid principal in policy')
  }
  const entries = /** @type {Record<string, unknown>} */ (principal)
  for (const type of Object.keys(entries)) {
    if (!['AWS', 'Service', 'Federated', 'CanonicalUser'].includes(type)) {
      throw new PolicyError(`Invalid principal in policy: ${type}`)
    }
  }
  const aws = entries.AWS === undefined ? [] : strings(entries.AWS, 'Principal')
  for (const value of aws) {
    // "You cannot use a wildcard to match part of a principal name or ARN" (IAM JSON policy
    // reference, Principal): `*` stands alone or not at all.
    if (value !== '*' && value.includes('*')) {
      throw new PolicyError(`Invalid principal in policy: "AWS":"${value}"`)
    }
    const known =
      value === '*' ||
      /^\d{12}$/.test(value) ||
      /^arn:aws:iam::\d{12}:(root|user\/.+|role\/.+)$/.test(value) ||
      /^arn:aws:sts::\d{12}:assumed-role\/[^/]+\/.+$/.test(value)
    if (!known) throw new PolicyError(`Invalid principal in policy: "AWS":"${value}"`)
  }
  return aws
}

/** @param {unknown} value @param {string} field @returns {string[]} */
function strings(value, field) {
  const list = [value].flat()
  if (list.length === 0 || list.some(item => typeof item !== 'string' || item === '')) {
    throw new PolicyError(`Syntax errors in policy: ${field} must be a string or a list of strings`)
  }
  return /** @type {string[]} */ (list)
}

/** @param {unknown} condition @returns {ParsedCondition[]} */
function parseConditions(condition) {
  if (condition === undefined) return []
  if (typeof condition !== 'object' || condition === null || Array.isArray(condition)) {
    throw new PolicyError('Syntax errors in policy: Condition must be an object')
  }
  /** @type {ParsedCondition[]} */
  const parsed = []
  for (const [operator, block] of Object.entries(condition)) {
    if (/^for(any|all)value:/i.test(operator)) {
      throw new PolicyError(
        `Condition set operator ${operator} is not modelled by the emulator`,
        true
      )
    }
    const ifExists = /ifexists$/i.test(operator)
    const base = operator.toLowerCase().replace(/ifexists$/, '')
    const isNull = base === 'null' && !ifExists
    if (!isNull && !Object.hasOwn(OPERATORS, base)) {
      throw new PolicyError(`Condition operator ${operator} is not modelled by the emulator`, true)
    }
    if (typeof block !== 'object' || block === null || Array.isArray(block)) {
      throw new PolicyError(`Syntax errors in policy: ${operator} must map keys to values`)
    }
    for (const [key, raw] of Object.entries(block)) {
      const lower = key.toLowerCase()
      if (!KNOWN_KEYS.some(k => (k.endsWith('/') ? lower.startsWith(k) : lower === k))) {
        throw new PolicyError(`Condition key ${key} is not modelled by the emulator`, true)
      }
      const values = [raw].flat().map(value => {
        if (!['string', 'number', 'boolean'].includes(typeof value)) {
          throw new PolicyError(
            `Syntax errors in policy: ${operator} ${key} has a non-scalar value`
          )
        }
        return String(value)
      })
      if (values.length === 0) throw new PolicyError(`Syntax errors in policy: ${key} has no value`)
      if (values.some(value => value.includes('${'))) {
        throw new PolicyError('Policy variables are not modelled by the emulator', true)
      }
      const kind = isNull ? 'bool' : OPERATORS[base].kind
      if (kind === 'bool' && values.some(v => !/^(true|false)$/i.test(v))) {
        throw new PolicyError(`Syntax errors in policy: ${operator} takes true or false`)
      }
      if (kind === 'number' && values.some(v => v.trim() === '' || !Number.isFinite(Number(v)))) {
        throw new PolicyError(`Syntax errors in policy: ${operator} takes numbers`)
      }
      parsed.push({ operator, base, ifExists, key: lower, values })
    }
  }
  return parsed
}

/**
 * Evaluates policies of one kind together: any matching Deny wins, else any matching Allow
 * grants, else implicit deny.
 * @param {ParsedPolicy | ParsedPolicy[]} policies
 * @param {PolicyRequest} request
 * @returns {PolicyResult}
 */
export function evaluatePolicies(policies, request) {
  const context = new Map(
    Object.entries(request.context)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key.toLowerCase(), /** @type {string} */ (value)])
  )
  let allowDirect = false
  let allowViaAccount = false
  for (const policy of [policies].flat()) {
    for (const statement of policy.statements) {
      const principalMatch = matchPrincipal(statement, request.principal)
      if (principalMatch === undefined) continue
      if (!matchAction(statement, request.action)) continue
      if (!matchResource(statement, request.resource)) continue
      if (!statement.conditions.every(condition => holds(condition, context))) continue
      if (statement.effect === 'Deny') return { decision: 'ExplicitDeny', viaAccount: false }
      if (principalMatch === 'account') allowViaAccount = true
      else allowDirect = true
    }
  }
  if (allowDirect) return { decision: 'Allow', viaAccount: false }
  if (allowViaAccount) return { decision: 'Allow', viaAccount: true }
  return { decision: 'ImplicitDeny', viaAccount: false }
}

/**
 * 'direct' when the statement names the caller (its ARN, its role's ARN, or `*`), 'account' when
 * it names the caller's account; identity policies have no Principal and always apply.
 * @param {ParsedStatement} statement
 * @param {RequestPrincipal | undefined} principal
 * @returns {'direct' | 'account' | undefined}
 */
function matchPrincipal(statement, principal) {
  if (statement.principals === undefined) return 'direct'
  if (principal === undefined) return undefined
  const { arn, account, roleArn } = principal
  if (statement.principals.some(p => p === '*' || p === arn || p === roleArn)) return 'direct'
  const root = `arn:aws:iam::${account}:root`
  if (statement.principals.some(p => p === account || p === root)) return 'account'
  return undefined
}

/** Action names are case-insensitive and may hold `*` and `?`. @param {ParsedStatement} statement @param {string} action */
function matchAction(statement, action) {
  const matched = statement.actions.some(pattern => wildcard(pattern, 'i').test(action))
  return statement.notAction ? !matched : matched
}

/** @param {ParsedStatement} statement @param {string | undefined} resource */
function matchResource(statement, resource) {
  if (statement.resources === undefined) return true
  if (resource === undefined) return false
  const matched = statement.resources.some(pattern => wildcard(pattern).test(resource))
  return statement.notResource ? !matched : matched
}

/**
 * @param {ParsedCondition} condition
 * @param {Map<string, string>} context
 */
function holds(condition, context) {
  const value = context.get(condition.key)
  if (condition.base === 'null') {
    const wantAbsent = condition.values.some(v => v.toLowerCase() === 'true')
    const wantPresent = condition.values.some(v => v.toLowerCase() === 'false')
    return value === undefined ? wantAbsent : wantPresent
  }
  const operator = OPERATORS[condition.base]
  if (value === undefined) return condition.ifExists || operator.negated === true
  const any = condition.values.some(expected => operator.compare(value, expected))
  return operator.negated ? !any : any
}

/** `*` any run of characters, `?` any one. @param {string} pattern @param {string} [flags] */
function wildcard(pattern, flags = '') {
  const source = pattern
    .split('')
    .map(c => (c === '*' ? '.*' : c === '?' ? '.' : c.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('')
  return new RegExp(`^${source}$`, `s${flags}`)
}
