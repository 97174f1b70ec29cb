import { accountIdOf } from '../engine/arn.js'
import type { InputReader, Masker } from './settings.js'
import { lines } from './values.js'

/*
 * Masking comes before parsing: a parser's own error, or a message about another input, must never
 * show a secret. The runner masks line by line, so multi-line values are masked per line too.
 */

/** The inputs whose values are secret: masked before anything else reads them. */
export const SECRET_INPUTS = [
  'mfa-seed',
  'aws-secret-access-key',
  'aws-session-token',
  'mfa-code'
] as const

/** Masks every secret input: the first thing done with the inputs. */
export function maskSecretInputs(read: InputReader, mask: Masker): void {
  // The secret of an otpauth URI first: the URI's own mask line would show it otherwise.
  maskUriSecrets(read('mfa-seed'), mask)
  for (const name of SECRET_INPUTS) maskValue(read(name), mask)
}

/** mask-aws-account-id: the accounts of the ARN inputs, before any message can quote an ARN. */
export function maskAccountIds(read: InputReader, mask: Masker): void {
  for (const arn of [...lines(read('role-to-assume')), ...lines(read('mfa-serial'))]) {
    const account = accountIdOf(arn)
    if (account) mask(account)
  }
}

/** Masks the secret= of every otpauth URI in `text`: as written, percent-decoded, normalised. */
export function maskUriSecrets(text: string, mask: Masker): void {
  for (const [, raw] of text.matchAll(/[?&]secret=([^&#\s]*)/gi)) {
    let decoded = raw
    try {
      decoded = decodeURIComponent(raw)
    } catch {
      // Not percent-decodable: the URL parser will not make it the secret either.
    }
    for (const value of [
      raw,
      decoded,
      decoded.replace(/\s/g, '').replace(/=+$/, '').toUpperCase()
    ]) {
      if (value) mask(value)
    }
  }
}

/** Masks a secret and, for a multi-line value, each of its lines (the runner masks per line). */
export function maskValue(value: string, mask: Masker): void {
  if (!value) return
  // Lines first: the whole value's mask line would show each of them otherwise.
  for (const line of value.split(/\r?\n/)) if (line.trim() && line !== value) mask(line.trim())
  mask(value)
}
