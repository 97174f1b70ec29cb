// @ts-check
// Authentication of a request, in the order STS reports failures: a missing or malformed
// signature, an unknown key or token, an expired session, the scope and time of the signature,
// and last the signature itself.
import { invalidClientTokenId, StsError } from './errors.js'
import {
  checkRequestTime,
  checkScope,
  checkSignature,
  parseAuthorization,
  signingTime
} from './sigv4.js'

/** @typedef {import('./sigv4.js').WireRequest} WireRequest */
/** @typedef {import('./principals.js').Caller} Caller */
/** @typedef {import('./credentials.js').CredentialStore} CredentialStore */

/**
 * @param {WireRequest} request
 * @param {CredentialStore} store
 * @param {number} now epoch ms on the emulator clock
 * @param {string} service the signing name of the service called: 'sts' or 'iam'
 * @param {readonly string[]} [regions] the STS regions the emulator serves; absent: any
 * @returns {Caller}
 */
export function authenticate(request, store, now, service, regions) {
  const header = request.headers.authorization?.[0]
  if (header === undefined) {
    throw new StsError(403, 'MissingAuthenticationToken', 'Request is missing Authentication Token')
  }
  const auth = parseAuthorization(header)
  const amzDate = signingTime(request)
  const token = request.headers['x-amz-security-token']?.[0]
  const entry = store.lookup(auth.accessKeyId, token)
  if (entry === undefined) throw invalidClientTokenId()
  checkSessionToken(token, entry, now)
  checkScope(auth, amzDate, service, regions)
  checkRequestTime(amzDate, now)
  checkSignature(request, auth, amzDate, entry.secretAccessKey)
  return entry.caller
}

/**
 * Temporary keys are only valid with the token issued alongside them; long-term keys must not
 * carry one at all.
 * @param {string | undefined} token
 * @param {import('./credentials.js').KeyEntry} entry
 * @param {number} now
 */
function checkSessionToken(token, entry, now) {
  if (token !== entry.sessionToken) throw invalidClientTokenId()
  if (entry.expiresAt !== undefined && now >= entry.expiresAt) {
    throw new StsError(400, 'ExpiredToken', 'The security token included in the request is expired')
  }
}
