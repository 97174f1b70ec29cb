// @ts-check
// The three STS actions the project needs, each returning the children of its `…Result`
// element. Checks run in the order that leaks the least: input format, MFA proof, authorization
// (one message for a missing role and an untrusted caller), then what depends on the role.
import { accessDenied, MFA_MESSAGES, notAuthorized, validationError } from './errors.js'
import { identityPolicies } from './iam.js'
import { evaluatePolicies, parsePolicy } from './policy.js'
import {
  accountOf,
  assumedRoleArn,
  assumedRoleId,
  callerIdentity,
  principalArn,
  requestPrincipal
} from './principals.js'
import { validateAssumeRole, validateGetSessionToken } from './validation.js'
import { element, textElement } from './xml.js'

/** @typedef {import('./principals.js').Caller} Caller */
/** @typedef {import('./principals.js').RoleConfig} RoleConfig */
/** @typedef {import('./credentials.js').IssuedCredentials} IssuedCredentials */

/**
 * @typedef {object} StsContext
 * @property {Map<string, RoleConfig>} roles by ARN
 * @property {import('./iam.js').IamState} iam the users' identity policies
 * @property {import('./credentials.js').CredentialStore} credentials
 * @property {import('./mfa.js').MfaVerifier} mfa
 * @property {number} now epoch ms on the emulator clock
 * @property {{ role?: number, session?: number }} [shortSessions] test-only caps in seconds on
 *   the sessions issued (config.js: roleSessionSeconds, mfaSessionSeconds); not AWS behaviour
 */

/** @typedef {(ctx: StsContext, caller: Caller, params: Record<string, string>) => string[]} Action */

/** IAM's default MaxSessionDuration, and the cap on role chaining. */
const ONE_HOUR = 3600
/** Session policies and tags are packed into 2048 bytes; STS reports the share used. */
const PACKED_POLICY_BYTES = 2048

/** @type {Action} */
function assumeRole(ctx, caller, params) {
  validateAssumeRole(params)
  const mfa = proveMfa(ctx, caller, params)
  const context = requestContext(ctx, caller, params, mfa)
  const role = ctx.roles.get(params.RoleArn)
  // A missing role and a trust policy that refuses get the same answer.
  if (role === undefined || !authorized(ctx, caller, role, 'sts:AssumeRole', context)) {
    throw notAuthorized(principalArn(caller), 'sts:AssumeRole', params.RoleArn)
  }
  // Session tags and a source identity need their own actions in the trust policy (IAM User
  // Guide, "Passing session tags in AWS STS": sts:TagSession; "Monitor and control actions taken
  // with assumed roles": sts:SetSourceIdentity).
  if (tagFields(params).length > 0 && !authorized(ctx, caller, role, 'sts:TagSession', context)) {
    throw notAuthorized(principalArn(caller), 'sts:TagSession', role.arn)
  }
  if (
    params.SourceIdentity !== undefined &&
    !authorized(ctx, caller, role, 'sts:SetSourceIdentity', context)
  ) {
    throw notAuthorized(principalArn(caller), 'sts:SetSourceIdentity', role.arn)
  }
  const durationSeconds = assumeRoleDuration(role, caller, params)
  const roleSession = { role, sessionName: params.RoleSessionName }
  // A role session carries no MFA context, even when a code was given to get it: "The temporary
  // credentials returned by AssumeRole do not include MFA information in the context" (IAM User
  // Guide, MFA-protected API access; ../shared/AWS-MFA-FACTS.md). A role that requires MFA can
  // therefore not be assumed from a role session without a code of its own.
  const issued = ctx.credentials.issue(
    { kind: 'role', user: caller.user, mfa: false, roleSession },
    ctx.now + Math.min(durationSeconds, ctx.shortSessions?.role ?? Infinity) * 1000
  )
  const assumedRoleUser = element('AssumedRoleUser', [
    textElement('AssumedRoleId', assumedRoleId(roleSession)),
    textElement('Arn', assumedRoleArn(roleSession))
  ])
  const result = [assumedRoleUser, credentialsElement(issued)]
  if (params.SourceIdentity !== undefined) {
    result.push(textElement('SourceIdentity', params.SourceIdentity))
  }
  const packed = packedPolicySize(params)
  if (packed !== undefined) result.push(textElement('PackedPolicySize', packed))
  return result
}

/** @type {Action} */
function getSessionToken(ctx, caller, params) {
  validateGetSessionToken(params)
  if (caller.kind !== 'user') {
    throw accessDenied('Cannot call GetSessionToken with session credentials')
  }
  const mfa = proveMfa(ctx, caller, params)
  const durationSeconds = Number(params.DurationSeconds ?? 43200)
  const issued = ctx.credentials.issue(
    {
      kind: 'session',
      user: caller.user,
      mfa: mfa.present,
      ...(mfa.present && { mfaAt: ctx.now })
    },
    ctx.now + Math.min(durationSeconds, ctx.shortSessions?.session ?? Infinity) * 1000
  )
  return [credentialsElement(issued)]
}

/** @type {Action} */
function getCallerIdentity(_ctx, caller) {
  const identity = callerIdentity(caller)
  return [
    textElement('Arn', identity.arn),
    textElement('UserId', identity.userId),
    textElement('Account', identity.account)
  ]
}

/** @type {Record<string, Action>} */
export const ACTIONS = {
  AssumeRole: assumeRole,
  GetSessionToken: getSessionToken,
  GetCallerIdentity: getCallerIdentity
}

/**
 * The MFA the request carries: a code verified now (age 0), or credentials of a GetSessionToken
 * session made with one (those "include MFA information", and aws:MultiFactorAuthAge counts from
 * their issue: IAM User Guide, MFA-protected API access; IAM condition keys reference). Role
 * sessions never do (see assumeRole).
 * @param {StsContext} ctx
 * @param {Caller} caller
 * @param {Record<string, string>} params
 * @returns {{ present: boolean, at?: number }} at: epoch ms of the MFA authentication
 */
function proveMfa(ctx, caller, params) {
  const { SerialNumber: serial, TokenCode: code } = params
  if ((serial === undefined) !== (code === undefined)) throw accessDenied(MFA_MESSAGES.both)
  if (serial === undefined || code === undefined) {
    return caller.mfa ? { present: true, at: caller.mfaAt ?? ctx.now } : { present: false }
  }
  // A role session has no IAM user of its own, so no device is "associated with this user".
  const devices = caller.kind === 'role' ? [] : (caller.user.mfaDevices ?? [])
  ctx.mfa.verify(devices, serial, code, ctx.now)
  return { present: true, at: ctx.now }
}

/**
 * The request context IAM evaluates an AssumeRole against (IAM condition keys reference; global
 * condition context keys). aws:MultiFactorAuthPresent is absent for long-term keys without a code,
 * false for temporary credentials without MFA, true with MFA; aws:MultiFactorAuthAge is present
 * only with MFA, in whole seconds since the MFA authentication.
 * @param {StsContext} ctx
 * @param {Caller} caller
 * @param {Record<string, string>} params
 * @param {{ present: boolean, at?: number }} mfa
 * @returns {Record<string, string | undefined>}
 */
function requestContext(ctx, caller, params, mfa) {
  /** @type {Record<string, string | undefined>} */
  const context = {
    'aws:PrincipalArn': caller.roleSession?.role.arn ?? principalArn(caller),
    'aws:PrincipalAccount': accountOf(principalArn(caller)),
    'sts:RoleSessionName': params.RoleSessionName,
    'sts:ExternalId': params.ExternalId,
    'sts:SourceIdentity': params.SourceIdentity
  }
  if (mfa.present) {
    context['aws:MultiFactorAuthPresent'] = 'true'
    context['aws:MultiFactorAuthAge'] = String(Math.floor((ctx.now - (mfa.at ?? ctx.now)) / 1000))
  } else if (caller.kind !== 'user') {
    context['aws:MultiFactorAuthPresent'] = 'false'
  }
  if (caller.kind !== 'role') {
    for (const [key, value] of Object.entries(caller.user.tags ?? {})) {
      context[`aws:PrincipalTag/${key}`] = value
    }
  }
  return context
}

/**
 * Whether IAM allows the caller `action` on the role (IAM User Guide, "Policy evaluation logic"
 * and "Cross-account policy evaluation logic"): the trust policy must allow it; an explicit Deny
 * in the caller's identity policies refuses it; and the identity policies must allow it too when
 * the trust policy admits the caller only through its account (its root ARN or its id) or the
 * role is in another account ("Role trust policies ... must explicitly allow access for
 * principals"; AWS Security Blog, "How to use trust policies with IAM roles").
 * @param {StsContext} ctx
 * @param {Caller} caller
 * @param {RoleConfig} role
 * @param {string} action
 * @param {Record<string, string | undefined>} context
 */
function authorized(ctx, caller, role, action, context) {
  const principal = requestPrincipal(caller)
  const trust = evaluatePolicies(parsePolicy(role.trustPolicy, 'trust'), {
    action,
    principal,
    context
  })
  if (trust.decision !== 'Allow') return false
  const identity = evaluatePolicies(identityPolicies(ctx.iam, caller), {
    action,
    resource: role.arn,
    context
  })
  if (identity.decision === 'ExplicitDeny') return false
  const needsIdentity = trust.viaAccount || principal.account !== accountOf(role.arn)
  return !needsIdentity || identity.decision === 'Allow'
}

/**
 * DurationSeconds defaults to an hour; it may not exceed the role's maximum, nor one hour when
 * the caller signs with temporary credentials of any kind, a GetSessionToken session's included:
 * that is role chaining (IAM User Guide, "role chaining"; AWS Knowledge Center
 * "iam-role-chaining-limit"; ../shared/AWS-MFA-FACTS.md). Only long-term keys reach the role's
 * MaxSessionDuration. AWS's order of the two checks is not documented.
 * @param {RoleConfig} role
 * @param {Caller} caller
 * @param {Record<string, string>} params
 */
function assumeRoleDuration(role, caller, params) {
  const durationSeconds = Number(params.DurationSeconds ?? ONE_HOUR)
  if (durationSeconds > (role.maxSessionDuration ?? ONE_HOUR)) {
    throw validationError(
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
    )
  }
  if (caller.kind !== 'user' && durationSeconds > ONE_HOUR) {
    throw validationError(
      'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
    )
  }
  return durationSeconds
}

/** @param {IssuedCredentials} issued */
function credentialsElement(issued) {
  return element('Credentials', [
    textElement('AccessKeyId', issued.accessKeyId),
    textElement('SecretAccessKey', issued.secretAccessKey),
    textElement('SessionToken', issued.sessionToken),
    textElement('Expiration', new Date(issued.expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'))
  ])
}

/** @param {Record<string, string>} params */
function tagFields(params) {
  return Object.keys(params).filter(name => /^Tags\.member\.\d+\.(Key|Value)$/.test(name))
}

/**
 * STS only reports PackedPolicySize when a session policy or tags were passed. The emulator
 * approximates the packing by the raw size of what was passed.
 * @param {Record<string, string>} params
 */
function packedPolicySize(params) {
  const packedFields = Object.keys(params).filter(
    name => name === 'Policy' || name.startsWith('PolicyArns.') || name.startsWith('Tags.')
  )
  if (packedFields.length === 0) return undefined
  const bytes = packedFields.reduce((sum, name) => sum + params[name].length, 0)
  return Math.ceil((bytes / PACKED_POLICY_BYTES) * 100)
}
