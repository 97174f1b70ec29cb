// @ts-check
// RFC 6238 TOTP computed straight from node:crypto, so the emulator checks the action's codes
// instead of sharing its library (and its bugs).
import { createHmac } from 'node:crypto'

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * Decodes RFC 4648 §6 base32 the way authenticator apps read a seed: case-insensitive, with
 * spaces and `=` padding ignored.
 * @param {string} text
 * @returns {Buffer}
 */
export function base32Decode(text) {
  const clean = text.replace(/[\s=]/g, '').toUpperCase()
  /** @type {number[]} */
  const bytes = []
  let buffer = 0
  let bits = 0
  for (const char of clean) {
    const value = BASE32_ALPHABET.indexOf(char)
    if (value < 0) {
      throw new TypeError(`Invalid base32 character '${char}' in MFA seed`)
    }
    // At most 12 bits are ever pending (7 left over + 5 new), so 16 bits of state suffice.
    buffer = ((buffer << 5) | value) & 0xffff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      bytes.push((buffer >> bits) & 0xff)
    }
  }
  return Buffer.from(bytes)
}

/**
 * @typedef {object} TotpOptions
 * @property {number} [digits] code length (AWS virtual devices: 6)
 * @property {number} [period] seconds per time step (AWS: 30)
 * @property {'sha1' | 'sha256' | 'sha512'} [algorithm] HMAC hash (AWS: sha1)
 */

/**
 * The RFC 6238 code of a base32 seed at a given time.
 * @param {string} seedBase32
 * @param {number} epochSeconds
 * @param {TotpOptions} [options]
 * @returns {string}
 */
export function totpCode(
  seedBase32,
  epochSeconds,
  { digits = 6, period = 30, algorithm = 'sha1' } = {}
) {
  const counter = Math.floor(epochSeconds / period)
  return hotp(base32Decode(seedBase32), counter, digits, algorithm)
}

/**
 * RFC 4226 §5: HMAC of the 8-byte big-endian counter, then dynamic truncation.
 * @param {Buffer} key
 * @param {number} counter
 * @param {number} digits
 * @param {string} algorithm
 * @returns {string}
 */
function hotp(key, counter, digits, algorithm) {
  const message = Buffer.alloc(8)
  message.writeBigUInt64BE(BigInt(counter))
  const mac = createHmac(algorithm, key).update(message).digest()
  const offset = mac[mac.length - 1] & 0x0f
  const binary = (mac.readUInt32BE(offset) & 0x7fffffff) % 10 ** digits
  return String(binary).padStart(digits, '0')
}
