import { MFA_ARN, USER_ARN } from '../engine/arn.js'
import type { MfaDevice, MfaSource } from '../engine/mfa.js'
import { AWS_TOTP_DEFAULTS, base32ByteLength, type TotpParams } from '../engine/totp-params.js'
import { OTPAUTH_PREFIX, parseOtpauthUri } from './otpauth.js'
import { maskUriSecrets, maskValue } from './secrets.js'
import type { InputReader, Masker, Settings } from './settings.js'
import { lines } from './values.js'

/* The MFA inputs: mfa-serial, and the seed (mfa-seed) or a typed code (mfa-code). */

const BASE32 = /^[A-Z2-7]+$/
/** AWS seeds are 40 bytes (64 base32 characters); otplib takes 16 to 64 bytes (RFC 4226 §4). */
const MIN_SEED_BYTES = 16
const MAX_SEED_BYTES = 64
/** A user may have up to 8 MFA devices (IAM quota). */
export const MAX_MFA_DEVICES = 8
const MFA_EXAMPLE = 'arn:aws:iam::123456789012:mfa/ci-deploy'

/** The MFA part of the settings: the device(s), and the seed(s) or the code. */
export function parseMfaInputs(
  read: InputReader,
  problems: string[],
  mask: Masker
): Pick<Settings, 'mfaSerial' | 'mfa' | 'mfaDevices'> {
  // With a shared MFA session the device is needed only to fall back to a code of its own.
  const serials = parseSerials(read, problems, !read('mfa-session'))
  const { mfa, totps } = parseMfa(read, problems, mask, serials.length > 1)
  const mfaDevices = pairDevices(serials, mfa, totps, problems)
  return { mfaSerial: serials[0] ?? '', mfa, ...(mfaDevices && { mfaDevices }) }
}

/** mfa-serial: one device ARN, or one per line (at most 8, each once). */
function parseSerials(read: InputReader, problems: string[], required: boolean): string[] {
  if (required && !read('mfa-serial')) {
    problems.push(
      `Input required and not supplied: mfa-serial. Set it to the ARN of the MFA device, e.g. ${MFA_EXAMPLE}.`
    )
  }
  const serials = lines(read('mfa-serial'))
  for (const serial of serials) {
    if (USER_ARN.test(serial)) {
      problems.push(
        `Invalid mfa-serial '${serial}': that is the ARN of a user, not of an MFA device. ` +
          `Use the device's ARN (${MFA_EXAMPLE}), shown under IAM > Users > Security credentials.`
      )
    } else if (!MFA_ARN.test(serial)) {
      problems.push(
        `Invalid mfa-serial '${serial}'. Expected a virtual MFA device ARN such as ${MFA_EXAMPLE}.`
      )
    }
  }
  if (serials.length > MAX_MFA_DEVICES) {
    problems.push(
      `Input mfa-serial lists ${serials.length} devices: an IAM user has at most ${MAX_MFA_DEVICES}. ` +
        'Give one device ARN per line, at most 8.'
    )
  }
  if (new Set(serials).size < serials.length) {
    problems.push('Input mfa-serial lists a device twice: give each device once, one per line.')
  }
  return serials
}

/**
 * mfa-serial and mfa-seed as lists: line N of one goes with line N of the other. Undefined for a
 * single device (and for a typed code, which is one device's).
 */
function pairDevices(
  serials: string[],
  mfa: MfaSource,
  totps: TotpParams[],
  problems: string[]
): MfaDevice[] | undefined {
  if (mfa.kind === 'code' && serials.length > 1) {
    problems.push(
      'Input mfa-code goes with one mfa-serial, the device it was typed from: give one device, ' +
        'or use mfa-seed with one seed per device.'
    )
  }
  if (mfa.kind !== 'seed' || (serials.length <= 1 && totps.length <= 1)) return undefined
  if (totps.length !== serials.length) {
    problems.push(
      `Inputs mfa-serial and mfa-seed must list as many lines as each other: ${serials.length} ` +
        `device ARN(s) and ${totps.length} seed(s). Line N of mfa-seed is the seed of the device on ` +
        'line N of mfa-serial.'
    )
    return undefined
  }
  return serials.map((serial, i) => ({ serial, totp: totps[i] }))
}

const SEED_FIX =
  'Use the Base32StringSeed shown when the virtual MFA device was created (64 characters).'

/**
 * Exactly one of the two: the seed that makes every code, or one code typed by a person. `totps`:
 * every seed, one per line when `list` (several devices); the source holds the first.
 */
function parseMfa(
  read: InputReader,
  problems: string[],
  mask: Masker,
  list: boolean
): { mfa: MfaSource; totps: TotpParams[] } {
  const seed = read('mfa-seed')
  const code = read('mfa-code')
  if (seed && code) {
    problems.push(
      'Inputs mfa-seed and mfa-code were both given: give exactly one, mfa-seed for the ' +
        "device's seed or mfa-code for a code typed from the device."
    )
  } else if (code) {
    return { mfa: { kind: 'code', code: parseCode(code, problems) }, totps: [] }
  } else if (!seed) {
    problems.push(
      'Input required and not supplied: mfa-seed (or mfa-code, a code typed from the device). ' +
        SEED_FIX
    )
  }
  // One device: a seed split over lines is still one seed, as before lists existed.
  const seeds = list ? lines(seed) : [seed].filter(Boolean)
  const totps = seeds.map((line, i) =>
    parseSeed(line, problems, mask, seeds.length > 1 ? ` (line ${i + 1})` : '')
  )
  return { mfa: { kind: 'seed', totp: totps[0] ?? parseSeed('', problems, mask) }, totps }
}

/** A code as STS takes it (TokenCode: 6 digits). Not quoted either: it may be a live code. */
function parseCode(raw: string, problems: string[]): string {
  // An app may show the code as two groups of three.
  const code = raw.replace(/\s/g, '')
  if (!/^\d{6}$/.test(code)) {
    problems.push(
      `Invalid mfa-code (${code.length} characters): expected the 6 digits the MFA device shows now.`
    )
  }
  return code
}

/** The base32 seed of the device. Never quoted in a message: it is the key to the device. */
export function parseSeed(raw: string, problems: string[], mask: Masker, where = ''): TotpParams {
  if (OTPAUTH_PREFIX.test(raw)) return parseSeedUri(raw, problems, mask, where)
  // The console shows the seed in groups of four; some tools add lower case or `=` padding.
  const secret = raw.replace(/\s/g, '').replace(/=+$/, '').toUpperCase()
  return checkSecret({ secret, ...AWS_TOTP_DEFAULTS }, raw, problems, mask, where)
}

const URI_FIX =
  'Give the otpauth://totp/...?secret=... URI of the QR code as it is, or just the seed.'

/**
 * The otpauth:// URI of the device's QR code. The input and its secret are masked before the URI
 * is parsed, and messages never quote either: a URI parser's own error would quote it whole.
 */
function parseSeedUri(raw: string, problems: string[], mask: Masker, where: string): TotpParams {
  maskUriSecrets(raw, mask)
  maskValue(raw, mask)
  const uri = parseOtpauthUri(raw)
  if ('problem' in uri) {
    problems.push(`Invalid mfa-seed${where}: ${uri.problem} ${URI_FIX}`)
    return { secret: '', ...AWS_TOTP_DEFAULTS }
  }
  return checkSecret(uri.params, uri.params.secret, problems, mask, where)
}

/** Checks a normalised base32 secret; `raw` is the text the user gave, to point at a bad character. */
function checkSecret(
  params: TotpParams,
  raw: string,
  problems: string[],
  mask: Masker,
  where: string
): TotpParams {
  const { secret } = params
  if (!secret) return params
  maskValue(secret, mask)
  if (/^\d{6}$/.test(secret)) {
    problems.push(
      `Invalid mfa-seed${where}: it looks like a one-time code, not the device's seed. ${SEED_FIX} ` +
        'A code typed from the device goes in mfa-code.'
    )
    return params
  }
  if (!BASE32.test(secret)) {
    // Counted in the input as given, spaces included, so that the user can find it.
    const at = raw.search(/[^A-Za-z2-7\s=]|=(?![=\s]*$)/) + 1
    problems.push(
      `Invalid mfa-seed${where}: character ${at} is not base32 (only A-Z and 2-7 are allowed). ${SEED_FIX}`
    )
    return params
  }
  // Where the codec that computes the codes would refuse it (totp-params.ts), so what passes here
  // works there.
  const bytes = base32ByteLength(secret)
  if (bytes === undefined) {
    problems.push(
      `Invalid mfa-seed${where}: ${secret.length} base32 characters do not decode to whole bytes; a ` +
        `character is probably missing, extra or mistyped. ${SEED_FIX}`
    )
    return params
  }
  if (bytes < MIN_SEED_BYTES || bytes > MAX_SEED_BYTES) {
    problems.push(
      `Invalid mfa-seed${where}: ${secret.length} base32 characters is too ${bytes < MIN_SEED_BYTES ? 'short' : 'long'} ` +
        `for a device seed (${MIN_SEED_BYTES} to ${MAX_SEED_BYTES} bytes, 26 to 102 characters). ${SEED_FIX}`
    )
  }
  return params
}
