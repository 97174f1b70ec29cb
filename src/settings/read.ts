import { MFA_ARN, ROLE_ARN, partitionOf } from '../engine/arn.js'
import { InputError } from '../engine/errors.js'
import { partitionOfRegion } from '../engine/regions.js'
import { parseMfaInputs } from './mfa-inputs.js'
import { parseMfaSessionInputs, roleChainingProblem } from './mfa-session-inputs.js'
import { parityOptions } from './options.js'
import { maskAccountIds, maskSecretInputs } from './secrets.js'
import type { InputReader, Masker, Settings } from './settings.js'
import { boolean, integer, lines, parseEndpoint } from './values.js'

const REGION = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/
const SESSION_NAME = /^[\w+=,.@-]{2,64}$/
const EXTERNAL_ID = /^[\w+=,.@:/-]{2,1224}$/
const ACCESS_KEY_ID = /^[A-Z0-9]{16,128}$/
/** GetSessionToken takes 900 to 129600 seconds; AssumeRole 900 to 43200 (API model). */
const MAX_SESSION_SECONDS = 129600
const MAX_ROLE_SECONDS = 43200
const ROLE_EXAMPLE = 'arn:aws:iam::123456789012:role/deploy'

/**
 * Parses and validates every input. All problems are collected and thrown together as one
 * InputError, so a user fixes them in one go. Secret inputs are masked before they are parsed.
 */
export function readSettings(read: InputReader, mask: Masker, env = process.env): Settings {
  const problems: string[] = []
  maskSecretInputs(read, mask)
  const maskAccountId = boolean(read, 'mask-aws-account-id', false, problems)
  if (maskAccountId) maskAccountIds(read, mask)

  const matching = (name: string, value: string, pattern: RegExp, hint: string): void => {
    if (value && !pattern.test(value)) problems.push(`Invalid ${name} '${value}'. ${hint}`)
  }

  const region = read('aws-region')
  if (!region) {
    problems.push(
      'Input required and not supplied: aws-region. Set it to the region of the STS endpoint, e.g. us-east-1.'
    )
  }
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

  const mfa = parseMfaInputs(read, problems, mask)
  if (REGION.test(region)) {
    const serials = mfa.mfaDevices?.map(device => device.serial) ?? [mfa.mfaSerial]
    partitionProblems(
      region,
      [
        ...roleArns.filter(arn => ROLE_ARN.test(arn)).map(arn => ['role-to-assume', arn]),
        ...serials.filter(arn => MFA_ARN.test(arn)).map(arn => ['mfa-serial', arn])
      ],
      problems
    )
  }
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
    mfaCodePerRole: false,
    mfaSessionDurationSeconds: 3600,
    region,
    roleArn,
    roleArns,
    ...mfa,
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
    ...parityOptions(read, mask, env, problems, { region, roleArns, stsEndpoint }),
    ...refreshOptions(read, problems, { roleArn })
  }
  if (settings.refreshCredentials && settings.useExistingCredentials) {
    problems.push(
      'Inputs refresh-credentials and use-existing-credentials were both given: a kept session ' +
        'has no MFA session to renew it from. Drop one of them.'
    )
  }
  Object.assign(settings, parseMfaSessionInputs(read, env, problems, settings))
  const chaining = roleChainingProblem(settings)
  if (chaining) problems.push(chaining)
  if (problems.length > 0) throw new InputError(problems)
  return settings
}

/**
 * refresh-credentials: without a role there is nothing to renew. The endpoint assumes the role from
 * the MFA session, role chaining, capped at one hour: roleChainingProblem checks that.
 */
function refreshOptions(
  read: InputReader,
  problems: string[],
  context: { roleArn: string }
): Pick<Settings, 'refreshCredentials'> {
  const refreshCredentials = boolean(read, 'refresh-credentials', false, problems)
  if (!refreshCredentials) return { refreshCredentials }
  if (!context.roleArn) {
    problems.push(
      'Input refresh-credentials needs role-to-assume: without a role, the MFA session itself is ' +
        'exported, and role-duration-seconds can make it last up to 129600 s (36 hours).'
    )
  }
  return { refreshCredentials }
}

/**
 * STS of one partition knows only that partition's roles and devices: a role in aws-cn asked of
 * us-east-1 would be refused after the one-time code was spent. The partition of a region is the
 * SDK's (ISO partitions included).
 */
function partitionProblems(region: string, named: string[][], problems: string[]): void {
  const partition = partitionOfRegion(region)
  for (const [input, arn] of named) {
    if (partitionOf(arn) === partition) continue
    problems.push(
      `Input ${input} '${arn}' is in partition ${partitionOf(arn)}, but aws-region '${region}' ` +
        `is in ${partition}. Give a region of the ARN's partition, or the ARN of that partition.`
    )
  }
}

/** The IAM user's keys: both or neither (then the SDK's default chain finds them). */
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
