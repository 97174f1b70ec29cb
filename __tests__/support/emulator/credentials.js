// @ts-check
// The keys the emulator accepts as signers: the users' long-term keys, and the temporary
// credentials it issued (valid only with their session token, and only until they expire).
import { randomBytes, randomInt } from 'node:crypto'

/** @typedef {import('./principals.js').Caller} Caller */
/** @typedef {import('./principals.js').UserConfig} UserConfig */

/**
 * @typedef {object} KeyEntry
 * @property {string} secretAccessKey
 * @property {Caller} caller
 * @property {string} [sessionToken] issued credentials only
 * @property {number} [expiresAt] epoch ms on the emulator clock, issued credentials only
 */

/**
 * @typedef {object} IssuedCredentials
 * @property {string} accessKeyId
 * @property {string} secretAccessKey
 * @property {string} sessionToken
 * @property {number} expiresAt epoch ms, whole seconds
 */

export const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'

export class CredentialStore {
  /** @type {Map<string, KeyEntry>} */
  #keys = new Map()

  /** @param {UserConfig[]} users */
  constructor(users) {
    for (const user of users) {
      if (this.#keys.has(user.accessKeyId)) {
        throw new TypeError(`Access key ${user.accessKeyId} is configured for two users`)
      }
      const caller = /** @type {Caller} */ ({ kind: 'user', user, mfa: false })
      this.#keys.set(user.accessKeyId, { secretAccessKey: user.secretAccessKey, caller })
    }
  }

  /** @param {string} accessKeyId */
  lookup(accessKeyId) {
    return this.#keys.get(accessKeyId)
  }

  /**
   * A long-term key made by IAM's CreateAccessKey: usable for signing from now on.
   * @param {UserConfig} user
   * @param {string} accessKeyId
   * @param {string} secretAccessKey
   */
  addUserKey(user, accessKeyId, secretAccessKey) {
    const caller = /** @type {Caller} */ ({ kind: 'user', user, mfa: false })
    this.#keys.set(accessKeyId, { secretAccessKey, caller })
  }

  /** IAM's DeleteAccessKey: the key signs nothing more. @param {string} accessKeyId */
  removeKey(accessKeyId) {
    this.#keys.delete(accessKeyId)
  }

  /**
   * Temporary credentials as STS shapes them: an ASIA key, a 40-character secret, an opaque
   * token, and an expiry truncated to the second (the XML carries no milliseconds).
   * @param {Caller} caller
   * @param {number} expiresAt epoch ms
   * @returns {IssuedCredentials}
   */
  issue(caller, expiresAt) {
    const issued = {
      accessKeyId: `ASIA${randomText(UPPER_ALNUM, 16)}`,
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `IQoJb3JpZ2luX2Vj${randomBytes(240).toString('base64')}`,
      expiresAt: Math.floor(expiresAt / 1000) * 1000
    }
    const { secretAccessKey, sessionToken } = issued
    this.#keys.set(issued.accessKeyId, {
      secretAccessKey,
      sessionToken,
      caller,
      expiresAt: issued.expiresAt
    })
    return issued
  }

  /**
   * Makes every credential issued so far expired at `now`, so tests need not wait 15 minutes.
   * @param {number} now epoch ms on the emulator clock
   */
  expireAll(now) {
    for (const entry of this.#keys.values()) {
      if (entry.expiresAt !== undefined) entry.expiresAt = Math.min(entry.expiresAt, now - 1)
    }
  }
}

/** @param {string} alphabet @param {number} length */
export function randomText(alphabet, length) {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('')
}
