import { ScureBase32Plugin } from 'otplib'
import { InputError } from '../engine/errors.js'
import type { MfaDevice, MfaSource } from '../engine/mfa.js'
import { OTPAUTH_PREFIX, parseOtpauthUri } from './otpauth.js'
import { checkProfileName } from '../action/profile.js'
import { proxyRoute, stsUrl, type ProxyRoute } from '../engine/proxy.js'
import { parseAccountIds } from '../engine/guards.js'
import { parseSessionOptions, type SessionOptions } from './role-session-options.js'
import { AWS_TOTP_DEFAULTS, type TotpParams } from '../engine/totp.js'

/** Everything the action needs, parsed and validated once from its inputs. */
export interface Settings {
  /** Region of the STS endpoint; exported as AWS_REGION and AWS_DEFAULT_REGION. */
  region: string
  /** ARN of the role to assume (the first, when several); '' for none: a GetSessionToken session. */
  roleArn: string
  /** Every role, in order (role-to-assume may list several); empty for none. */
  roleArns: string[]
  /** ARN of the virtual MFA device (the `SerialNumber` of AssumeRole); the first, when several. */
  mfaSerial: string
  /** The device's seed to compute one-time codes from, or one code a person typed. */
  mfa: MfaSource
  /** Every device, in order, when mfa-serial and mfa-seed list several; absent for one. */
  mfaDevices?: MfaDevice[]
  /** The IAM user's keys; absent means the AWS SDK's default credential chain. */
  baseCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Profile of the AWS config files for that chain (the CLI's --profile); absent: the SDK's choice. */
  profile?: string
  /** `DurationSeconds` of the role session (of the GetSessionToken session when there is no role). */
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
  /** Also write the credentials into this profile of the shared credentials and config files. */
  awsProfile?: {
    /** One profile per role, in the order of roleArns (one name when there is one role). */
    names: string[]
    overwrite: boolean
  }
  /** The proxy for STS requests; absent: direct. */
  proxy?: ProxyRoute
  /** Empty the credentials earlier steps exported before calling STS. */
  unsetCurrentCredentials: boolean
  /** Accounts the role may be in; empty: any. */
  allowedAccountIds: string[]
  /** Time limit of the whole action in seconds; 0: none. */
  actionTimeoutSeconds: number
  /** Accepted for compatibility with configure-aws-credentials; a no-op here (see README). */
  specialCharactersWorkaround: boolean
  /** Keep a valid session of the role already in the job's environment, skipping MFA. */
  useExistingCredentials: boolean
  /** Session tags, session policies and source identity for AssumeRole. */
  session: SessionOptions
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
/** A user may have up to 8 MFA devices (IAM quota). */
export const MAX_MFA_DEVICES = 8
/** GetSessionToken takes 900 to 129600 seconds; AssumeRole 900 to 43200 (API model). */
const MAX_SESSION_SECONDS = 129600
const MAX_ROLE_SECONDS = 43200
const ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/deploy'
const MFA_EXAMPLE = 'arn:aws:iam::123456789012:mfa/ci-deploy'

/** The inputs whose values are secret: masked before anything else reads them. */
export const SECRET_INPUTS = [
  'mfa-seed',
  'aws-secret-access-key',
  'aws-session-token',
  'mfa-code'
] as const

/**
 * Parses and validates every input. All problems are collected and thrown together as one
 * InputError, so a user fixes them in one go. Secret inputs are masked before they are parsed.
 */
export function readSettings(read: InputReader, mask: Masker, env = process.env): Settings {
  const problems: string[] = []
  // The secret of an otpauth URI first: the URI's own mask line would show it otherwise.
  maskUriSecrets(read('mfa-seed'), mask)
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
    for (const arn of [...lines(read('role-to-assume')), ...lines(read('mfa-serial'))]) {
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

  // Empty: no role, the user's own MFA session (GetSessionToken). One per line: several roles.
  const roleArns = lines(read('role-to-assume'))
  for (const arn of roleArns) {
    matching('role-to-assume', arn, ROLE_ARN, `Expected a role ARN such as ${ROLE_EXAMPLE}.`)
  }
  if (new Set(roleArns).size < roleArns.length) {
    problems.push('Input role-to-assume lists a role twice: give each role once, one per line.')
  }
  const roleArn = roleArns[0] ?? ''

  required('mfa-serial', `Set it to the ARN of the MFA device, e.g. ${MFA_EXAMPLE}.`)
  const serials = lines(read('mfa-serial'))
  for (const serial of serials) {
    if (USER_ARN.test(serial)) {
      problems.push(
        `Invalid mfa-serial '${serial}': that is the ARN of a user, not of an MFA device. ` +
          `Use the device's ARN (${MFA_EXAMPLE}), shown under IAM > Users > Security credentials.`
      )
    } else {
      matching(
        'mfa-serial',
        serial,
        MFA_ARN,
        `Expected a virtual MFA device ARN such as ${MFA_EXAMPLE}.`
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
  const mfaSerial = serials[0] ?? ''

  const { mfa, totps } = parseMfa(read, problems, mask, serials.length > 1)
  const mfaDevices = pairDevices(serials, mfa, totps, problems)

  const baseCredentials = parseBaseCredentials(read, problems)

  const maxSeconds = roleArn ? MAX_ROLE_SECONDS : MAX_SESSION_SECONDS
  const durationSeconds = integer(read, 'role-duration-seconds', 900, 900, maxSeconds, problems)
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
    roleArns,
    mfaSerial,
    mfa,
    ...(mfaDevices && { mfaDevices }),
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
    outputEnvCredentials: boolean(read, 'output-env-credentials', true, problems),
    ...parityOptions(read, mask, env, problems, { region, roleArns, stsEndpoint })
  }
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

/**
 * Several roles need a profile each: the environment can hold one role only (the first). One
 * profile name per line, as many as roles, each once.
 */
function profileListProblems(roleArns: string[], names: string[], problems: string[]): void {
  if (roleArns.length > 1 && names.length !== roleArns.length) {
    problems.push(
      `Input role-to-assume lists ${roleArns.length} roles, and aws-profile ${names.length} ` +
        'profile name(s): give one profile per role, line N of aws-profile for the role on line N ' +
        '(the environment gets the first role only).'
    )
  } else if (roleArns.length <= 1 && names.length > 1) {
    problems.push(
      'Input aws-profile lists several profiles for one role: give one profile name, or one role ' +
        'per profile in role-to-assume.'
    )
  }
  if (new Set(names).size < names.length) {
    problems.push('Input aws-profile lists a profile twice: give each role its own profile.')
  }
}

/** Masks the secret= of every otpauth URI in `text`: as written, percent-decoded, normalised. */
function maskUriSecrets(text: string, mask: Masker): void {
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

/** The non-empty lines of a list input, trimmed. */
function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(Boolean)
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

/** Masks a secret and, for a multi-line value, each of its lines (the runner masks per line). */
function maskValue(value: string, mask: Masker): void {
  if (!value) return
  // Lines first: the whole value's mask line would show each of them otherwise.
  for (const line of value.split(/\r?\n/)) if (line.trim() && line !== value) mask(line.trim())
  mask(value)
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
function parseSeed(raw: string, problems: string[], mask: Masker, where = ''): TotpParams {
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
  // Decoded by the same base32 codec that computes the codes, so what passes here works there.
  let bytes: number
  try {
    bytes = base32.decode(secret).length
  } catch {
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

type ParityOptions = Pick<
  Settings,
  | 'awsProfile'
  | 'proxy'
  | 'unsetCurrentCredentials'
  | 'allowedAccountIds'
  | 'actionTimeoutSeconds'
  | 'specialCharactersWorkaround'
  | 'useExistingCredentials'
  | 'session'
>

/** The inputs named as in configure-aws-credentials: profile, proxy, guards, session options. */
function parityOptions(
  read: InputReader,
  mask: Masker,
  env: NodeJS.ProcessEnv,
  problems: string[],
  context: { region: string; roleArns: string[]; stsEndpoint?: string }
): ParityOptions {
  // Several roles: one profile per role, line N of aws-profile for line N of role-to-assume.
  const profileNames = lines(read('aws-profile'))
  for (const name of profileNames) checkProfileName(name, problems)
  profileListProblems(context.roleArns, profileNames, problems)
  const profileName = profileNames[0] ?? ''
  const overwrite = boolean(read, 'overwrite-aws-profile', false, problems)

  const endpoint =
    context.stsEndpoint ||
    env.AWS_ENDPOINT_URL_STS ||
    env.AWS_ENDPOINT_URL ||
    stsUrl(context.region)
  const proxy = proxyRoute(
    { httpProxy: read('http-proxy'), noProxy: read('no-proxy'), endpoint },
    env,
    problems,
    mask
  )

  const allowedAccountIds = parseAccountIds(read('allowed-account-ids'), problems)
  for (const arn of context.roleArns) {
    const account = /^arn:[^:]*:iam::(\d{12}):/.exec(arn)?.[1]
    if (account && allowedAccountIds.length > 0 && !allowedAccountIds.includes(account)) {
      problems.push(
        `Input role-to-assume names a role in account ${account}, which allowed-account-ids ` +
          'does not list. Fix role-to-assume, or add the account to allowed-account-ids.'
      )
    }
  }

  const unsetCurrentCredentials = boolean(read, 'unset-current-credentials', false, problems)
  const useExistingCredentials = boolean(read, 'use-existing-credentials', false, problems)
  if (unsetCurrentCredentials && useExistingCredentials) {
    problems.push(
      'Inputs unset-current-credentials and use-existing-credentials are both true: the first ' +
        'empties the credentials the second would keep. Set one of them.'
    )
  }
  if (useExistingCredentials && profileName) {
    problems.push(
      'Inputs use-existing-credentials and aws-profile were both given: existing credentials ' +
        'are kept in the environment only. Drop one of them.'
    )
  }

  const session = parseSessionOptions(
    {
      skipSessionTagging: boolean(read, 'role-skip-session-tagging', true, problems),
      customTags: read('custom-tags'),
      transitiveTagKeys: read('transitive-tag-keys'),
      inlineSessionPolicy: read('inline-session-policy'),
      managedSessionPolicies: read('managed-session-policies'),
      sourceIdentity: read('source-identity')
    },
    env,
    problems
  )
  const sessionOptionsGiven =
    session.tags.length + session.policyArns.length > 0 || session.policy || session.sourceIdentity
  if (context.roleArns.length === 0 && sessionOptionsGiven) {
    problems.push(
      'Session tags, session policies and source-identity apply to AssumeRole, and ' +
        'role-to-assume is empty: give the role, or drop those inputs.'
    )
  }

  return {
    awsProfile: profileName ? { names: profileNames, overwrite } : undefined,
    proxy,
    unsetCurrentCredentials,
    allowedAccountIds,
    actionTimeoutSeconds: integer(read, 'action-timeout-s', 0, 0, 3600, problems),
    specialCharactersWorkaround: boolean(read, 'special-characters-workaround', false, problems),
    useExistingCredentials,
    session
  }
}
