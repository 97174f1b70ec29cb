// @ts-check
// The keys the emulator accepts as signers: the users' long-term keys, and the temporary
// credentials it issued (valid only with their session token, and only until they expire).
//
// With a `sessionSecret`, the session token carries the credentials' identity itself, sealed
// (AES-256-GCM) under a key derived from that secret, as a real STS token is an opaque blob that
// every STS endpoint accepts, not only the one that issued it: IAM User Guide, "Manage AWS STS in
// an AWS Region" (session tokens from regional endpoints are valid in all Regions). Two emulators
// given the same secret and the same users and roles (on two runners, say) then take each other's
// session credentials.
import { createCipheriv, createDecipheriv, createHash, randomBytes, randomInt } from 'node:crypto'

/** @typedef {import('./principals.js').Caller} Caller */
/** @typedef {import('./principals.js').UserConfig} UserConfig */
/** @typedef {import('./principals.js').RoleConfig} RoleConfig */

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
/** What real session tokens start with (base64 of a protobuf header), kept for realism. */
const TOKEN_PREFIX = 'IQoJb3JpZ2luX2Vj'

/**
 * @typedef {object} SealedIdentity what a sealed session token holds
 * @property {string} a access key id
 * @property {string} s secret access key
 * @property {number} e expiry, epoch ms
 * @property {Caller['kind']} k
 * @property {string} u the long-term access key id of the IAM user behind it
 * @property {boolean} m whether MFA was proven
 * @property {number} [t] when, epoch ms (aws:MultiFactorAuthAge)
 * @property {string} [r] role ARN (kind 'role')
 * @property {string} [n] role session name (kind 'role')
 */

export class CredentialStore {
  /** @type {Map<string, KeyEntry>} */
  #keys = new Map()
  /** @type {Set<string>} long-term keys made Inactive by UpdateAccessKey */
  #inactive = new Set()
  /** @type {UserConfig[]} */
  #users
  /** @type {Map<string, RoleConfig>} */
  #roles
  /** @type {Buffer | undefined} */
  #sealKey

  /**
   * @param {UserConfig[]} users
   * @param {{ roles?: Map<string, RoleConfig>, sessionSecret?: string }} [options]
   */
  constructor(users, { roles = new Map(), sessionSecret } = {}) {
    this.#users = users
    this.#roles = roles
    if (sessionSecret !== undefined) {
      this.#sealKey = createHash('sha256').update(`session-token:${sessionSecret}`).digest()
    }
    for (const user of users) {
      if (this.#keys.has(user.accessKeyId)) {
        throw new TypeError(`Access key ${user.accessKeyId} is configured for two users`)
      }
      const caller = /** @type {Caller} */ ({ kind: 'user', user, mfa: false })
      this.#keys.set(user.accessKeyId, { secretAccessKey: user.secretAccessKey, caller })
    }
  }

  /**
   * The signer behind an access key id: one this store knows, or, with a session secret, one
   * whose session token another emulator with the same secret sealed.
   * @param {string} accessKeyId
   * @param {string} [sessionToken]
   */
  lookup(accessKeyId, sessionToken) {
    // IAM's UpdateAccessKey Inactive: the key signs nothing (FACTS: InvalidClientTokenId).
    if (this.#inactive.has(accessKeyId)) return undefined
    const known = this.#keys.get(accessKeyId)
    if (known !== undefined || sessionToken === undefined) return known
    const entry = this.#unseal(accessKeyId, sessionToken)
    if (entry !== undefined) this.#keys.set(accessKeyId, entry)
    return entry
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
    this.#inactive.delete(accessKeyId)
  }

  /**
   * IAM's UpdateAccessKey: an inactive key is refused as an unknown one, and signs again once
   * made active. Sessions it made before stay valid (not documented by AWS either way; the
   * emulator does not revoke them).
   * @param {string} accessKeyId
   * @param {boolean} active
   */
  setActive(accessKeyId, active) {
    if (active) this.#inactive.delete(accessKeyId)
    else this.#inactive.add(accessKeyId)
  }

  /**
   * Temporary credentials as STS shapes them: an ASIA key, a 40-character secret, an opaque
   * token, and an expiry truncated to the second (the XML carries no milliseconds).
   * @param {Caller} caller
   * @param {number} expiresAt epoch ms
   * @returns {IssuedCredentials}
   */
  issue(caller, expiresAt) {
    const accessKeyId = `ASIA${randomText(UPPER_ALNUM, 16)}`
    const secretAccessKey = randomBytes(30).toString('base64')
    const expires = Math.floor(expiresAt / 1000) * 1000
    const issued = {
      accessKeyId,
      secretAccessKey,
      sessionToken: this.#sealKey
        ? this.#seal({
            a: accessKeyId,
            s: secretAccessKey,
            e: expires,
            k: caller.kind,
            u: caller.user.accessKeyId,
            m: caller.mfa,
            t: caller.mfaAt,
            r: caller.roleSession?.role.arn,
            n: caller.roleSession?.sessionName
          })
        : `${TOKEN_PREFIX}${randomBytes(240).toString('base64')}`,
      expiresAt: expires
    }
    this.#keys.set(accessKeyId, {
      secretAccessKey,
      sessionToken: issued.sessionToken,
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

  /** @param {SealedIdentity} identity */
  #seal(identity) {
    const key = /** @type {Buffer} */ (this.#sealKey)
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', key, iv)
    const sealed = Buffer.concat([cipher.update(JSON.stringify(identity)), cipher.final()])
    return TOKEN_PREFIX + Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64')
  }

  /**
   * The entry a sealed token describes, if it opens with this store's key, names this access key
   * id, and its user (and role) exist here. Anything else is an unknown key.
   * @param {string} accessKeyId
   * @param {string} token
   * @returns {KeyEntry | undefined}
   */
  #unseal(accessKeyId, token) {
    if (this.#sealKey === undefined || !token.startsWith(TOKEN_PREFIX)) return undefined
    try {
      const bytes = Buffer.from(token.slice(TOKEN_PREFIX.length), 'base64')
      const decipher = createDecipheriv('aes-256-gcm', this.#sealKey, bytes.subarray(0, 12))
      decipher.setAuthTag(bytes.subarray(12, 28))
      const plain = Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()])
      const identity = /** @type {SealedIdentity} */ (JSON.parse(plain.toString('utf8')))
      const user = this.#users.find(candidate => candidate.accessKeyId === identity.u)
      if (identity.a !== accessKeyId || user === undefined) return undefined
      /** @type {Caller} */
      const caller = { kind: identity.k, user, mfa: identity.m }
      if (identity.t !== undefined) caller.mfaAt = identity.t
      if (identity.k === 'role') {
        const role = this.#roles.get(identity.r ?? '')
        if (role === undefined) return undefined
        caller.roleSession = { role, sessionName: identity.n ?? '' }
      }
      return { secretAccessKey: identity.s, sessionToken: token, caller, expiresAt: identity.e }
    } catch {
      return undefined
    }
  }
}

/** @param {string} alphabet @param {number} length */
export function randomText(alphabet, length) {
  return Array.from({ length }, () => alphabet[randomInt(alphabet.length)]).join('')
}
