/**
 * What a TOTP seed is, apart from the code generator (totp.ts, which loads otplib): the input
 * checks and a `credential_process` answered from the cache use this, and compute no code.
 */

/**
 * RFC 6238 one-time codes. AWS virtual MFA devices use SHA-1, 6 digits and a 30-second period;
 * an `otpauth://` URI may ask for other parameters.
 */
export interface TotpParams {
  /** Base32 seed, normalised: upper case, no spaces, no `=` padding. */
  secret: string
  digits: 6 | 7 | 8
  period: number
  algorithm: 'sha1' | 'sha256' | 'sha512'
}

export const AWS_TOTP_DEFAULTS = { digits: 6, period: 30, algorithm: 'sha1' } as const

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/**
 * How many bytes an unpadded base32 text (A-Z, 2-7: checked before) decodes to, or undefined when
 * it decodes to no whole bytes: a length that no byte count gives (RFC 4648 §6: 8 characters per
 * 5 bytes, and 2, 4, 5 or 7 for a last 1 to 4), or a last character with bits set beyond the last
 * byte. Exactly where otplib's codec (@scure/base, which computes the codes) accepts and refuses,
 * as __tests__/engine/totp-params.test.ts checks for every length and last character; that codec
 * builds all its encodings when loaded, which a cache hit does not pay for.
 */
export function base32ByteLength(text: string): number | undefined {
  const bits = text.length * 5
  if (![0, 2, 4, 5, 7].includes(text.length % 8)) return undefined
  const spareBits = bits % 8
  const last = ALPHABET.indexOf(text[text.length - 1] ?? 'A')
  if (last < 0 || (last & ((1 << spareBits) - 1)) !== 0) return undefined
  return Math.floor(bits / 8)
}
