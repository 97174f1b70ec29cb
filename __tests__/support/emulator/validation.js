// @ts-check
// Input constraints from the STS API model, reported as AWS's ValidationError lists them:
// "N validation error(s) detected: Value 'x' at 'member' failed to satisfy constraint: …; …".
import { validationError } from './errors.js'

/**
 * @typedef {object} FieldRule
 * @property {string} field form field name (`TokenCode`)
 * @property {boolean} [required]
 * @property {number} [minLength]
 * @property {number} [maxLength]
 * @property {string} [pattern] the model's regular expression, matched against the whole value
 * @property {number} [min] numeric fields: smallest value
 * @property {number} [max] numeric fields: largest value
 */

/** @type {Record<string, FieldRule>} */
const FIELDS = {
  roleArn: { field: 'RoleArn', required: true, minLength: 20, maxLength: 2048 },
  roleSessionName: {
    field: 'RoleSessionName',
    required: true,
    minLength: 2,
    maxLength: 64,
    pattern: '[\\w+=,.@-]*'
  },
  externalId: { field: 'ExternalId', minLength: 2, maxLength: 1224, pattern: '[\\w+=,.@:\\/-]*' },
  serialNumber: { field: 'SerialNumber', minLength: 9, maxLength: 256, pattern: '[\\w+=/:,.@-]*' },
  tokenCode: { field: 'TokenCode', minLength: 6, maxLength: 6, pattern: '[\\d]*' },
  sourceIdentity: { field: 'SourceIdentity', minLength: 2, maxLength: 64, pattern: '[\\w+=,.@-]*' },
  policy: { field: 'Policy', minLength: 1, maxLength: 2048 }
}

const ASSUME_ROLE_RULES = {
  ...FIELDS,
  durationSeconds: { field: 'DurationSeconds', min: 900, max: 43200 }
}

const GET_SESSION_TOKEN_RULES = {
  durationSeconds: { field: 'DurationSeconds', min: 900, max: 129600 },
  serialNumber: FIELDS.serialNumber,
  tokenCode: FIELDS.tokenCode
}

/** @param {Record<string, string>} params */
export function validateAssumeRole(params) {
  validate(ASSUME_ROLE_RULES, params)
}

/** @param {Record<string, string>} params */
export function validateGetSessionToken(params) {
  validate(GET_SESSION_TOKEN_RULES, params)
}

/**
 * @param {Record<string, FieldRule>} rules keyed by the model's member name
 * @param {Record<string, string>} params
 */
export function validate(rules, params) {
  const problems = Object.entries(rules).flatMap(([member, rule]) =>
    fieldProblems(member, rule, params[rule.field])
  )
  if (problems.length > 0) {
    const count = `${problems.length} validation error${problems.length > 1 ? 's' : ''}`
    throw validationError(`${count} detected: ${problems.join('; ')}`)
  }
}

/**
 * @param {string} member
 * @param {FieldRule} rule
 * @param {string | undefined} value
 * @returns {string[]}
 */
function fieldProblems(member, rule, value) {
  if (value === undefined) {
    return rule.required
      ? [`Value null at '${member}' failed to satisfy constraint: Member must not be null`]
      : []
  }
  const fails = (/** @type {string} */ constraint) =>
    `Value '${value}' at '${member}' failed to satisfy constraint: Member must ${constraint}`
  return [...numberConstraints(rule, value), ...textConstraints(rule, value)].map(fails)
}

/**
 * @param {FieldRule} rule
 * @param {string} value
 * @returns {string[]} the constraints the value breaks
 */
function numberConstraints(rule, value) {
  if (rule.min === undefined && rule.max === undefined) return []
  if (!/^-?\d+$/.test(value)) return ['be an integer']
  if (rule.min !== undefined && Number(value) < rule.min) {
    return [`have value greater than or equal to ${rule.min}`]
  }
  if (rule.max !== undefined && Number(value) > rule.max) {
    return [`have value less than or equal to ${rule.max}`]
  }
  return []
}

/**
 * @param {FieldRule} rule
 * @param {string} value
 * @returns {string[]} the constraints the value breaks
 */
function textConstraints(rule, value) {
  const broken = []
  if (rule.pattern !== undefined && !new RegExp(`^(?:${rule.pattern})$`).test(value)) {
    broken.push(`satisfy regular expression pattern: ${rule.pattern}`)
  }
  if (rule.minLength !== undefined && value.length < rule.minLength) {
    broken.push(`have length greater than or equal to ${rule.minLength}`)
  }
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    broken.push(`have length less than or equal to ${rule.maxLength}`)
  }
  return broken
}
