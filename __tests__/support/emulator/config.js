// @ts-check
// The emulator's options, checked once and all together, with their defaults applied.
import { parsePolicy } from './policy.js'
import { base32Decode } from './totp.js'

/** @typedef {import('./principals.js').UserConfig} UserConfig */
/** @typedef {import('./principals.js').RoleConfig} RoleConfig */

/**
 * @typedef {object} EmulatorOptions
 * @property {UserConfig[]} [users] IAM users and their long-term keys and MFA devices
 * @property {RoleConfig[]} [roles] roles that can be assumed
 * @property {number} [driftWindows] TOTP steps accepted either side of the current one (default 1)
 * @property {number} [clockSkewMs] the emulator's clock is `Date.now() + clockSkewMs` (default 0)
 * @property {number} [mfaAttemptBudget] verifications per device per 180 s (default: unlimited)
 * @property {number} [port] 0 for a free port (default); always on 127.0.0.1
 * @property {number} [iamPropagationMs] how long a user made by CreateUser stays unknown to trust
 *   policies (IAM is eventually consistent; default 0)
 * @property {string} [sessionSecret] seal session tokens under a key derived from this, so that
 *   every emulator with the same secret (and users and roles) accepts them (credentials.js)
 * @property {number} [roleSessionSeconds] TEST ONLY, not AWS behaviour: AssumeRole sessions end
 *   after at most this many seconds, whatever DurationSeconds asked (which is still validated), so
 *   tests see credentials expire and get renewed in seconds rather than hours (default: as asked)
 * @property {number} [mfaSessionSeconds] TEST ONLY, likewise for GetSessionToken sessions
 * @property {string[]} [regions] the regions whose STS endpoint it stands in for: a request signed
 *   for another is refused as AWS refuses it (default: any region name)
 */

/**
 * @typedef {object} Settings
 * @property {UserConfig[]} users
 * @property {Map<string, RoleConfig>} roles by ARN
 * @property {number} driftWindows
 * @property {number} clockSkewMs
 * @property {number | undefined} mfaAttemptBudget
 * @property {number} port
 * @property {number} iamPropagationMs
 * @property {string | undefined} sessionSecret
 * @property {number | undefined} roleSessionSeconds
 * @property {number | undefined} mfaSessionSeconds
 * @property {string[] | undefined} regions
 */

/**
 * @param {EmulatorOptions} options
 * @returns {Settings}
 */
export function parseOptions(options) {
  const users = options.users ?? []
  const roles = options.roles ?? []
  const {
    driftWindows = 1,
    clockSkewMs = 0,
    mfaAttemptBudget,
    port = 0,
    roleSessionSeconds,
    mfaSessionSeconds
  } = options
  const { iamPropagationMs = 0, sessionSecret, regions } = options
  const problems = [
    ...users.flatMap(userProblems),
    ...roles.flatMap(roleProblems),
    ...duplicates(
      roles.map(role => role.arn),
      'role ARN'
    ),
    ...duplicates(
      users.flatMap(user => (user.mfaDevices ?? []).map(device => device.serial)),
      'MFA serial'
    )
  ]
  if (!Number.isInteger(driftWindows) || driftWindows < 0) {
    problems.push(`driftWindows must be a non-negative integer, got ${driftWindows}`)
  }
  if (!Number.isFinite(clockSkewMs))
    problems.push(`clockSkewMs must be a number, got ${clockSkewMs}`)
  if (
    mfaAttemptBudget !== undefined &&
    !(Number.isInteger(mfaAttemptBudget) && mfaAttemptBudget > 0)
  ) {
    problems.push(`mfaAttemptBudget must be a positive integer, got ${mfaAttemptBudget}`)
  }
  for (const [name, value] of Object.entries({ roleSessionSeconds, mfaSessionSeconds })) {
    if (value !== undefined && !(Number.isInteger(value) && value > 0)) {
      problems.push(`${name} must be a positive integer, got ${value}`)
    }
  }
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`port must be 0-65535, got ${port}`)
  if (sessionSecret !== undefined && !(typeof sessionSecret === 'string' && sessionSecret)) {
    problems.push('sessionSecret must be a non-empty string')
  }
  if (regions !== undefined && !(Array.isArray(regions) && regions.length > 0)) {
    problems.push('regions must be a non-empty list of region names')
  }
  if (!Number.isInteger(iamPropagationMs) || iamPropagationMs < 0) {
    problems.push(`iamPropagationMs must be a non-negative integer, got ${iamPropagationMs}`)
  }
  if (problems.length > 0)
    throw new TypeError(`Invalid STS emulator options:\n- ${problems.join('\n- ')}`)
  const roleMap = new Map(roles.map(role => [role.arn, role]))
  return {
    users,
    roles: roleMap,
    driftWindows,
    clockSkewMs,
    mfaAttemptBudget,
    port,
    iamPropagationMs,
    sessionSecret,
    roleSessionSeconds,
    mfaSessionSeconds,
    regions
  }
}

/** @param {UserConfig} user */
function userProblems(user) {
  const problems = []
  if (!user.name) problems.push('a user has no name')
  if (!/^\d{12}$/.test(user.accountId ?? '')) {
    problems.push(`user '${user.name}': accountId must be 12 digits, got '${user.accountId}'`)
  }
  if (!user.accessKeyId || !user.secretAccessKey) {
    problems.push(`user '${user.name}': accessKeyId and secretAccessKey are required`)
  }
  for (const [name, document] of Object.entries(user.policies ?? {})) {
    try {
      parsePolicy(document, 'identity')
    } catch (error) {
      problems.push(
        `user '${user.name}': policy '${name}': ${/** @type {Error} */ (error).message}`
      )
    }
  }
  for (const device of user.mfaDevices ?? []) {
    if (!device.serial) problems.push(`user '${user.name}': an MFA device has no serial`)
    const { period = 30, algorithm = 'sha1' } = device
    if (!(Number.isInteger(period) && period > 0)) {
      problems.push(
        `MFA device '${device.serial}': period must be a positive integer, got ${period}`
      )
    }
    if (!['sha1', 'sha256', 'sha512'].includes(algorithm)) {
      problems.push(`MFA device '${device.serial}': algorithm must be sha1, sha256 or sha512`)
    }
    try {
      if (base32Decode(device.seed ?? '').length === 0) throw new TypeError('empty seed')
    } catch (error) {
      problems.push(
        `MFA device '${device.serial}': seed is not base32 (${/** @type {Error} */ (error).message})`
      )
    }
  }
  return problems
}

/** @param {RoleConfig} role */
function roleProblems(role) {
  const problems = []
  if (!/^arn:aws:iam::\d{12}:role\/.+/.test(role.arn ?? '')) {
    problems.push(`role ARN must look like arn:aws:iam::123456789012:role/NAME, got '${role.arn}'`)
  }
  // Roles are given the document IAM would store; the shorthand fields of old are refused, so
  // that no test passes on a rule the trust policy does not state.
  const legacy = ['trustedPrincipals', 'requireMfa', 'externalId', 'allowTagSession']
  for (const field of legacy.filter(name => Object.hasOwn(role, name))) {
    problems.push(
      `role '${role.arn}': ${field} is gone; give trustPolicy a document (mfaTrustPolicy() builds the usual one)`
    )
  }
  if (role.trustPolicy === undefined) {
    problems.push(`role '${role.arn}': trustPolicy (the trust policy document) is required`)
  } else {
    try {
      parsePolicy(role.trustPolicy, 'trust')
    } catch (error) {
      problems.push(`role '${role.arn}': trustPolicy: ${/** @type {Error} */ (error).message}`)
    }
  }
  const max = role.maxSessionDuration
  if (max !== undefined && !(Number.isInteger(max) && max >= 3600 && max <= 43200)) {
    // IAM's own bounds for a role's MaxSessionDuration.
    problems.push(`role '${role.arn}': maxSessionDuration must be 3600-43200, got ${max}`)
  }
  return problems
}

/** @param {string[]} values @param {string} what */
function duplicates(values, what) {
  return values
    .filter((value, index) => values.indexOf(value) !== index)
    .map(value => `${what} '${value}' is configured twice`)
}
