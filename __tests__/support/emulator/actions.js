// @ts-check
// The three STS actions the project needs, each returning the children of its `…Result`
// element. Checks run in the order that leaks the least: input format, MFA proof, authorization
// (one message for a missing role and an untrusted caller), then what depends on the role.
import { accessDenied, MFA_MESSAGES, notAuthorized, validationError } from './errors.js'
import {
  assumedRoleArn,
  assumedRoleId,
  callerIdentity,
  principalArn,
  trusts
} from './principals.js'
import { validateAssumeRole, validateGetSessionToken } from './validation.js'
import { element, textElement } from './xml.js'

/** @typedef {import('./principals.js').Caller} Caller */
/** @typedef {import('./principals.js').RoleConfig} RoleConfig */
/** @typedef {import('./credentials.js').IssuedCredentials} IssuedCredentials */

/**
 * @typedef {object} StsContext
 * @property {Map<string, RoleConfig>} roles by ARN
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
  const role = authorizeAssumeRole(ctx, caller, params, mfa)
  // Session tags need their own permission in the trust policy (sts:TagSession).
  if (tagFields(params).length > 0 && !role.allowTagSession) {
    throw notAuthorized(principalArn(caller), 'sts:TagSession', role.arn)
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
    { kind: 'session', user: caller.user, mfa },
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
 * Whether the request carries MFA: a code verified now, or credentials of a GetSessionToken
 * session made with one (those "include MFA information": IAM User Guide, MFA-protected API
 * access). Role sessions never do (see assumeRole).
 * @param {StsContext} ctx
 * @param {Caller} caller
 * @param {Record<string, string>} params
 */
function proveMfa(ctx, caller, params) {
  const { SerialNumber: serial, TokenCode: code } = params
  if ((serial === undefined) !== (code === undefined)) throw accessDenied(MFA_MESSAGES.both)
  if (serial === undefined || code === undefined) return caller.mfa
  // A role session has no IAM user of its own, so no device is "associated with this user".
  const devices = caller.kind === 'role' ? [] : (caller.user.mfaDevices ?? [])
  ctx.mfa.verify(devices, serial, code, ctx.now)
  return true
}

/**
 * The trust policy: the caller is named, MFA is present when required, the external ID matches
 * when set.
 * @param {StsContext} ctx
 * @param {Caller} caller
 * @param {Record<string, string>} params
 * @param {boolean} mfa
 */
function authorizeAssumeRole(ctx, caller, params, mfa) {
  const role = ctx.roles.get(params.RoleArn)
  const allowed =
    role !== undefined &&
    trusts(role, caller) &&
    (!role.requireMfa || mfa) &&
    (role.externalId === undefined || role.externalId === params.ExternalId)
  if (!allowed) throw notAuthorized(principalArn(caller), 'sts:AssumeRole', params.RoleArn)
  return role
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
