// @ts-check
// Who is calling: IAM users and the sessions derived from them, with the ARNs and unique IDs
// STS reports for each, and the trust-policy match of a role.
import { createHash } from 'node:crypto'

/**
 * @typedef {object} MfaDevice
 * @property {string} serial the device ARN, `arn:aws:iam::ACCOUNT:mfa/NAME`
 * @property {string} seed base32 TOTP seed
 * @property {number} [period] seconds per code (default 30, as every AWS virtual device)
 * @property {'sha1' | 'sha256' | 'sha512'} [algorithm] HMAC hash (default sha1)
 */

/**
 * @typedef {object} UserConfig
 * @property {string} name
 * @property {string} accountId 12 digits
 * @property {string} accessKeyId long-term key (AKIA…)
 * @property {string} secretAccessKey
 * @property {MfaDevice[]} [mfaDevices]
 * @property {Record<string, string | object>} [policies] inline identity policies by name, as
 *   PutUserPolicy stores them (they decide when a trust policy names only the account)
 * @property {Record<string, string>} [tags] the user's tags (aws:PrincipalTag/KEY)
 */

/**
 * @typedef {object} RoleConfig
 * @property {string} arn `arn:aws:iam::ACCOUNT:role/[PATH/]NAME`
 * @property {string | object} trustPolicy the trust policy document (JSON text or object), evaluated
 *   on every AssumeRole (policy.js); trust-policy.js builds the usual ones
 * @property {number} [maxSessionDuration] seconds, default 3600 as IAM
 */

/**
 * @typedef {object} RoleSession
 * @property {RoleConfig} role
 * @property {string} sessionName
 */

/**
 * The identity behind a set of credentials. Sessions keep the IAM user they descend from and
 * whether MFA was proven when they were issued, because that context travels with them.
 * @typedef {object} Caller
 * @property {'user' | 'session' | 'role'} kind long-term keys, GetSessionToken, AssumeRole
 * @property {UserConfig} user
 * @property {boolean} mfa
 * @property {number} [mfaAt] epoch ms when MFA was proven, for a GetSessionToken session made
 *   with a code: aws:MultiFactorAuthAge counts from then (IAM condition keys reference)
 * @property {RoleSession} [roleSession] set for kind 'role'
 */

/** @param {UserConfig} user */
export function userArn(user) {
  return `arn:aws:iam::${user.accountId}:user/${user.name}`
}

/** @param {string} arn */
export function accountOf(arn) {
  return arn.split(':')[4] ?? ''
}

/** The assumed-role ARN drops the role's path: only its name appears. @param {string} roleArn */
export function roleName(roleArn) {
  return roleArn.slice(roleArn.lastIndexOf('/') + 1)
}

/** @param {RoleSession} session */
export function assumedRoleArn(session) {
  const { role, sessionName } = session
  return `arn:aws:sts::${accountOf(role.arn)}:assumed-role/${roleName(role.arn)}/${sessionName}`
}

/** @param {RoleSession} session */
export function assumedRoleId(session) {
  return `${uniqueId('AROA', session.role.arn)}:${session.sessionName}`
}

/** @param {Caller} caller */
export function principalArn(caller) {
  return caller.roleSession ? assumedRoleArn(caller.roleSession) : userArn(caller.user)
}

/**
 * What GetCallerIdentity answers: GetSessionToken sessions still report the user.
 * @param {Caller} caller
 */
export function callerIdentity(caller) {
  if (caller.roleSession) {
    const arn = assumedRoleArn(caller.roleSession)
    return { arn, userId: assumedRoleId(caller.roleSession), account: accountOf(arn) }
  }
  const arn = userArn(caller.user)
  return { arn, userId: uniqueId('AIDA', arn), account: caller.user.accountId }
}

/**
 * The caller as a policy's Principal element sees it (policy.js).
 * @param {Caller} caller
 * @returns {import('./policy.js').RequestPrincipal}
 */
export function requestPrincipal(caller) {
  const arn = principalArn(caller)
  const roleArn = caller.roleSession?.role.arn
  return { arn, account: accountOf(arn), ...(roleArn !== undefined && { roleArn }) }
}

/**
 * IAM unique IDs are a 4-letter type prefix plus 17 base32 characters; derived from the ARN here
 * so they stay stable across runs.
 * @param {string} prefix
 * @param {string} arn
 */
export function uniqueId(prefix, arn) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const digest = createHash('sha256').update(arn).digest()
  return prefix + Array.from(digest.subarray(0, 17), byte => alphabet[byte % 32]).join('')
}
