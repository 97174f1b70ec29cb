import type { TotpParams } from '../engine/totp-params.js'

/**
 * The `otpauth://totp/LABEL?secret=…&algorithm=…&digits=…&period=…` URI of an authenticator QR
 * code (Key Uri Format, as Google Authenticator defined it). Parsed here with WHATWG URL rather than
 * a URI library: library errors quote the whole URI, secret included, and no message built here
 * ever quotes the input or its secret.
 */
export const OTPAUTH_PREFIX = /^otpauth:\/\//i

/** The parameters of the URI, with its secret not yet checked as base32 (the caller does). */
export type OtpauthResult = { params: TotpParams } | { problem: string }

const ALGORITHMS = { SHA1: 'sha1', SHA256: 'sha256', SHA512: 'sha512' } as const

/** Reads an otpauth URI. `problem` says what is wrong without quoting the URI. */
export function parseOtpauthUri(raw: string): OtpauthResult {
  let url: URL
  try {
    url = new URL(raw.trim())
  } catch {
    return { problem: 'it starts with otpauth:// but is not a valid URI.' }
  }
  if (url.host.toLowerCase() !== 'totp') {
    return {
      problem:
        'the otpauth URI is not for a time-based (otpauth://totp/) device; AWS virtual MFA devices are TOTP.'
    }
  }
  const query = url.searchParams
  const secret = (query.get('secret') ?? '').replace(/\s/g, '').replace(/=+$/, '').toUpperCase()
  if (!secret) return { problem: 'the otpauth URI has no secret= parameter.' }

  const algorithmName = (query.get('algorithm') ?? 'SHA1').toUpperCase()
  if (!Object.hasOwn(ALGORITHMS, algorithmName)) {
    return { problem: 'the otpauth URI has an algorithm other than SHA1, SHA256 or SHA512.' }
  }
  const digits = query.get('digits') ?? '6'
  // STS's TokenCode is exactly six digits (API model): a device that shows more cannot sign in.
  if (digits !== '6') {
    return {
      problem:
        'the otpauth URI asks for codes of other than 6 digits; STS takes 6-digit codes only ' +
        '(AWS virtual MFA devices use 6).'
    }
  }
  const periodText = query.get('period') ?? '30'
  const period = /^\d{1,4}$/.test(periodText) ? Number(periodText) : NaN
  if (!(period >= 10 && period <= 3600)) {
    return {
      problem: 'the otpauth URI has a period that is not a whole number of seconds, 10 to 3600.'
    }
  }
  return {
    params: {
      secret,
      digits: 6,
      period,
      algorithm: ALGORITHMS[algorithmName as keyof typeof ALGORITHMS]
    }
  }
}
