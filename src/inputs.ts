import { ScureBase32Plugin } from 'otplib'
import { InputError } from './errors.js'
import { AWS_TOTP_DEFAULTS, type TotpParams } from './totp.js'

/** Everything the action needs, parsed and validated once from its inputs. */
export interface Settings {
  /** Region of the STS endpoint; exported as AWS_REGION and AWS_DEFAULT_REGION. */
  region: string
  /** ARN of the role to assume. */
  roleArn: string
  /** ARN of the virtual MFA device (the `SerialNumber` of AssumeRole). */
  mfaSerial: string
  /** How to compute the device's one-time codes. */
  totp: TotpParams
  /** The IAM user's keys; absent means the AWS SDK's default credential chain. */
  baseCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** `DurationSeconds` of the role session. */
  durationSeconds: number
  /** `RoleSessionName`. */
  sessionName: string
  /** `ExternalId`, when the role's trust policy asks for one. */
  externalId?: string
  /** Further 30-second windows to try when STS refuses a code. */
  mfaRetryWindows: number
  /** Attempts per request for throttling, 5xx and network errors (1 = no retry). */
  retryMaxAttempts: number
  /** Custom STS endpoint URL. */
  stsEndpoint?: string
  maskAccountId: boolean
  /** Also set the credentials as step outputs. */
  outputCredentials: boolean
  /** Export the credentials as environment variables. */
  outputEnvCredentials: boolean
}

/** Reads one input, trimmed ('' when not set): `core.getInput` in the action. */
export type InputReader = (name: string) => string
/** Registers a value to be masked in the log: `core.setSecret` in the action. */
export type Masker = (secret: string) => void

const PARTITION = 'aws(?:-[a-z]+)*'
const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`)
const MFA_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:mfa/[\\w+=,.@/-]{1,512}$`)
const USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user/`)
const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/
const BASE32 = /^[A-Z2-7]+$/
/** AWS seeds are 40 bytes (64 base32 characters); otplib takes 16 to 64 bytes (RFC 4226 §4). */
const MIN_SEED_BYTES = 16
const MAX_SEED_BYTES = 64
const base32 = new ScureBase32Plugin()
const ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/deploy'
const MFA_EXAMPLE = 'arn:aws:iam::123456789012:mfa/ci-deploy'

/** The inputs whose values are secret: masked before anything else reads them. */
export const SECRET_INPUTS = ['mfa-seed', 'aws-secret-access-key', 'aws-session-token'] as const

/**
 * Parses and validates every input. All problems are collected and thrown together as one
 * InputError, so a user fixes them in one go. Secret inputs are masked before they are parsed.
 */
export function readSettings(read: InputReader, mask: Masker, env = process.env): Settings {
  const problems: string[] = []
  for (const name of SECRET_INPUTS) maskValue(read(name), mask)

  const required = (name: string, hint: string): string => {
    const value = read(name)
    if (!value) problems.push(`Input required and not supplied: ${name}. ${hint}`)
    return value
  }
  const matching = (name: string, value: string, pattern: RegExp, hint: string): void => {
    if (value && !pattern.test(value)) problems.push(`Invalid ${name} '${value}'. ${hint}`)
  }

  // Parsed first: with it, the account id is masked before any message can quote an ARN.
  const maskAccountId = boolean(read, 'mask-aws-account-id', false, problems)
  if (maskAccountId) {
    for (const arn of [read('role-to-assume'), read('mfa-serial')]) {
      const account = /^arn:[^:]*:iam::(\d{12}):/.exec(arn)?.[1]
      if (account) mask(account)
    }
  }

  const region = required('aws-region', 'Set it to the region of the STS endpoint, e.g. us-east-1.')
  matching(
    'aws-region',
    region,
    REGION,
    'Expected a region name such as us-east-1 or eu-central-1.'
  )

  const roleArn = required('role-to-assume', `Set it to the ARN of the role, e.g. ${ROLE_EXAMPLE}.`)
  matching('role-to-assume', roleArn, ROLE_ARN, `Expected a role ARN such as ${ROLE_EXAMPLE}.`)

  const mfaSerial = required(
    'mfa-serial',
    `Set it to the ARN of the MFA device, e.g. ${MFA_EXAMPLE}.`
  )
  if (USER_ARN.test(mfaSerial)) {
    problems.push(
      `Invalid mfa-serial '${mfaSerial}': that is the ARN of a user, not of an MFA device. ` +
        `Use the device's ARN (${MFA_EXAMPLE}), shown under IAM > Users > Security credentials.`
    )
  } else {
    matching(
      'mfa-serial',
      mfaSerial,
      MFA_ARN,
      `Expected a virtual MFA device ARN such as ${MFA_EXAMPLE}.`
    )
  }

  const totp = parseSeed(read('mfa-seed'), problems, mask)

  const baseCredentials = parseBaseCredentials(read, problems)

  const durationSeconds = integer(read, 'role-duration-seconds', 900, 900, 43200, problems)
  const runId = env.GITHUB_RUN_ID
  const defaultSessionName = runId
    ? `GitHubActions-${runId}-${env.GITHUB_RUN_ATTEMPT || '1'}`
    : 'GitHubActions'
  const sessionName = read('role-session-name') || defaultSessionName
  matching(
    'role-session-name',
    sessionName,
    SESSION_NAME,
    'Expected 2 to 64 characters: letters, digits and + = , . @ - _.'
  )
  const externalId = read('role-external-id') || undefined
  matching(
    'role-external-id',
    externalId ?? '',
    EXTERNAL_ID,
    'Expected 2 to 1224 characters: letters, digits and + = , . @ : / - _.'
  )

  const stsEndpoint = parseEndpoint('sts-endpoint', read('sts-endpoint'), problems)
  // Without sts-endpoint the SDK takes these variables: they get the same scrutiny.
  if (!stsEndpoint) {
    for (const name of ['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL']) {
      parseEndpoint(`environment variable ${name}`, env[name] ?? '', problems)
    }
  }

  const settings: Settings = {
    region,
    roleArn,
    mfaSerial,
    totp,
    baseCredentials,
    durationSeconds,
    sessionName,
    externalId,
    // AWS allows about nine MFA checks per device per three minutes: keep a run well inside it.
    mfaRetryWindows: integer(read, 'mfa-retry-windows', 2, 0, 4, problems),
    retryMaxAttempts: integer(read, 'retry-max-attempts', 3, 1, 10, problems),
    stsEndpoint,
    maskAccountId,
    outputCredentials: boolean(read, 'output-credentials', false, problems),
    outputEnvCredentials: boolean(read, 'output-env-credentials', true, problems)
  }
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

/** Masks a secret and, for a multi-line value, each of its lines (the runner masks per line). */
function maskValue(value: string, mask: Masker): void {
  if (!value) return
  mask(value)
  for (const line of value.split(/\r?\n/)) if (line.trim() && line !== value) mask(line.trim())
}

/** The base32 seed of the device. Never quoted in a message: it is the key to the device. */
function parseSeed(raw: string, problems: string[], mask: Masker): TotpParams {
  // The console shows the seed in groups of four; some tools add lower case or `=` padding.
  const secret = raw.replace(/\s/g, '').replace(/=+$/, '').toUpperCase()
  const params: TotpParams = { secret, ...AWS_TOTP_DEFAULTS }
  const fix =
    'Use the Base32StringSeed shown when the virtual MFA device was created (64 characters).'
  if (!secret) {
    problems.push(`Input required and not supplied: mfa-seed. ${fix}`)
    return params
  }
  maskValue(secret, mask)
  if (/^\d{6}$/.test(secret)) {
    problems.push(`Invalid mfa-seed: it looks like a one-time code, not the device's seed. ${fix}`)
    return params
  }
  if (!BASE32.test(secret)) {
    // Counted in the input as given, spaces included, so that the user can find it.
    const at = raw.search(/[^A-Za-z2-7\s=]|=(?![=\s]*$)/) + 1
    problems.push(
      `Invalid mfa-seed: character ${at} is not base32 (only A-Z and 2-7 are allowed). ${fix}`
    )
    return params
  }
  // Decoded by the same base32 codec that computes the codes, so what passes here works there.
  let bytes: number
  try {
    bytes = base32.decode(secret).length
  } catch {
    problems.push(
      `Invalid mfa-seed: ${secret.length} base32 characters do not decode to whole bytes; a ` +
        `character is probably missing, extra or mistyped. ${fix}`
    )
    return params
  }
  if (bytes < MIN_SEED_BYTES || bytes > MAX_SEED_BYTES) {
    problems.push(
      `Invalid mfa-seed: ${secret.length} base32 characters is too ${bytes < MIN_SEED_BYTES ? 'short' : 'long'} ` +
        `for a device seed (${MIN_SEED_BYTES} to ${MAX_SEED_BYTES} bytes, 26 to 102 characters). ${fix}`
    )
  }
  return params
}

function parseBaseCredentials(read: InputReader, problems: string[]): Settings['baseCredentials'] {
  const accessKeyId = read('aws-access-key-id')
  const secretAccessKey = read('aws-secret-access-key')
  const sessionToken = read('aws-session-token') || undefined
  if (!accessKeyId && !secretAccessKey) {
    if (sessionToken) {
      problems.push(
        'Input aws-session-token was given without aws-access-key-id and aws-secret-access-key. ' +
          'Give all three, or none to use the default credential chain.'
      )
    }
    return undefined
  }
  if (!accessKeyId || !secretAccessKey) {
    const missing = accessKeyId ? 'aws-secret-access-key' : 'aws-access-key-id'
    problems.push(
      `Input ${missing} is missing: aws-access-key-id and aws-secret-access-key go together. ` +
        'Give both, or neither to use the default credential chain.'
    )
    return undefined
  }
  if (!ACCESS_KEY_ID.test(accessKeyId)) {
    // Not quoted: a secret key pasted here by mistake would land in the log.
    problems.push(
      `Invalid aws-access-key-id (${accessKeyId.length} characters). Expected an access key id such as ` +
        'AKIAIOSFODNN7EXAMPLE (16 or more upper-case letters and digits).'
    )
  }
  return { accessKeyId, secretAccessKey, sessionToken }
}

/** A URL; plain http only to this machine, since STS's answer carries credentials. */
function parseEndpoint(name: string, raw: string, problems: string[]): string | undefined {
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    problems.push(
      `Invalid ${name} '${raw}'. Expected a URL such as https://sts.us-east-1.amazonaws.com.`
    )
    return undefined
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push(
      `Invalid ${name} '${raw}'. Use an https:// URL: STS answers with credentials, ` +
        'which must not cross the network in clear text (http:// is allowed for localhost only).'
    )
    return undefined
  }
  return raw
}

function integer(
  read: InputReader,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[]
): number {
  const raw = read(name)
  if (!raw) return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!(value >= min && value <= max)) {
    problems.push(`Invalid ${name} '${raw}'. Expected a whole number from ${min} to ${max}.`)
    return fallback
  }
  return value
}

function boolean(read: InputReader, name: string, fallback: boolean, problems: string[]): boolean {
  const raw = read(name)
  if (!raw) return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  problems.push(`Invalid ${name} '${raw}'. Expected true or false.`)
  return fallback
}
