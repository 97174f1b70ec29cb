// @ts-check
// The trust policy documents tests give hand-made roles: the usual "these principals, with MFA"
// statement, as AWS's examples write it (IAM User Guide, "Configuring MFA-protected API access";
// IAM condition keys reference for aws:MultiFactorAuthAge, sts:ExternalId).

/**
 * @typedef {object} TrustOptions
 * @property {boolean} [mfa] require `Bool aws:MultiFactorAuthPresent true` (default true)
 * @property {number} [maxMfaAgeSeconds] add `NumericLessThan aws:MultiFactorAuthAge N`
 * @property {string} [externalId] add `StringEquals sts:ExternalId`
 * @property {boolean} [tagSession] also allow sts:TagSession
 * @property {boolean} [sourceIdentity] also allow sts:SetSourceIdentity
 */

/**
 * A trust policy document (an object) with one Allow statement.
 * @param {string | string[]} principals user, role or session ARNs, account ids or root ARNs, `*`
 * @param {TrustOptions} [options]
 */
export function mfaTrustPolicy(principals, options = {}) {
  const { mfa = true, maxMfaAgeSeconds, externalId, tagSession, sourceIdentity } = options
  /** @type {Record<string, Record<string, string>>} */
  const condition = {}
  if (mfa) condition.Bool = { 'aws:MultiFactorAuthPresent': 'true' }
  if (maxMfaAgeSeconds !== undefined) {
    condition.NumericLessThan = { 'aws:MultiFactorAuthAge': String(maxMfaAgeSeconds) }
  }
  if (externalId !== undefined) condition.StringEquals = { 'sts:ExternalId': externalId }
  const actions = ['sts:AssumeRole']
  if (tagSession) actions.push('sts:TagSession')
  if (sourceIdentity) actions.push('sts:SetSourceIdentity')
  return {
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { AWS: principals },
        Action: actions.length === 1 ? actions[0] : actions,
        ...(Object.keys(condition).length > 0 && { Condition: condition })
      }
    ]
  }
}
