// @ts-check
// STS errors as the query protocol reports them: an HTTP status, a Sender/Receiver type, a code
// the SDK turns into the exception's name, and AWS's own message text.

export class StsError extends Error {
  /**
   * @param {number} status
   * @param {string} code
   * @param {string} message
   */
  constructor(status, code, message) {
    super(message)
    this.name = 'StsError'
    this.status = status
    this.code = code
    /** Receiver faults are AWS's side (5xx), everything else blames the caller. */
    this.type = status >= 500 ? 'Receiver' : 'Sender'
  }
}

/** AWS's MFA messages, word for word (two spaces included), see AWS-MFA-FACTS.md. */
export const MFA_MESSAGES = {
  both: 'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.',
  invalidCode: 'MultiFactorAuthentication failed with invalid MFA one time pass code.',
  unableToValidate:
    'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'
}

/** @param {string} message */
export const accessDenied = message => new StsError(403, 'AccessDenied', message)

/**
 * The one message IAM gives for every authorization failure, so callers cannot tell a missing
 * role from a trust policy that excludes them.
 * @param {string} principalArn
 * @param {string} action
 * @param {string} resource
 */
export const notAuthorized = (principalArn, action, resource) =>
  accessDenied(
    `User: ${principalArn} is not authorized to perform: ${action} on resource: ${resource}`
  )

/** @param {string} message */
export const validationError = message => new StsError(400, 'ValidationError', message)

/** @param {string} message */
export const incompleteSignature = message => new StsError(400, 'IncompleteSignature', message)

/** @param {string} message */
export const signatureDoesNotMatch = message => new StsError(403, 'SignatureDoesNotMatch', message)

export const invalidClientTokenId = () =>
  new StsError(
    403,
    'InvalidClientTokenId',
    'The security token included in the request is invalid.'
  )
