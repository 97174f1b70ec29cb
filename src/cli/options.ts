import { parseArgs, type ParseArgsConfig } from 'node:util'
import { InputError } from '../engine/errors.js'
import type { InputReader } from '../settings/settings.js'

/** What the CLI can print the credentials as (see formats.ts). */
export const FORMATS = ['sh', 'fish', 'powershell', 'dotenv', 'json', 'credential-process'] as const
export type Format = (typeof FORMATS)[number]

/** Options that carry the action's input of the same name, validated by readSettings. */
const INPUT_OPTIONS = [
  'role-to-assume',
  'mfa-serial',
  'aws-region',
  'role-duration-seconds',
  'role-session-name',
  'role-external-id',
  'sts-endpoint',
  'mfa-retry-windows',
  'retry-max-attempts',
  'mfa-code'
] as const
type InputOption = (typeof INPUT_OPTIONS)[number]

/**
 * Options that would put a secret on the command line, where shell history and `ps` keep it. They
 * are recognised only to say where the value goes instead; their values are never read.
 */
const REFUSED_OPTIONS: Record<string, string> = {
  'mfa-seed':
    'The seed is never an argument (shell history and ps would keep it): set AWS_MFA_SEED, or ' +
    'use --mfa-seed-file FILE or --mfa-seed-stdin.',
  'aws-access-key-id':
    "The IAM user's keys come from the AWS SDK's default chain: AWS_ACCESS_KEY_ID and " +
    'AWS_SECRET_ACCESS_KEY, or --profile NAME for a profile of ~/.aws/credentials.',
  'aws-secret-access-key':
    "The IAM user's keys come from the AWS SDK's default chain: AWS_ACCESS_KEY_ID and " +
    'AWS_SECRET_ACCESS_KEY, or --profile NAME for a profile of ~/.aws/credentials.',
  'aws-session-token':
    'A session token for the base keys comes from AWS_SESSION_TOKEN or the --profile.'
}

/** The command line, parsed; nothing checked yet beyond its shape. */
export interface CliOptions {
  help: boolean
  /** Print the package's version and stop. */
  version: boolean
  format: Format
  /** Profile of ~/.aws/config and ~/.aws/credentials for the IAM user's keys. */
  profile?: string
  /** Read the seed from this file (mode 600). */
  mfaSeedFile?: string
  /** Read the seed from standard input. */
  mfaSeedStdin: boolean
  /** The values given for the action's inputs, by input name. */
  inputs: Partial<Record<InputOption, string>>
}

/** Parses argv with node:util's parseArgs. Usage errors are InputErrors, like bad values. */
export function parseCommandLine(argv: string[]): CliOptions {
  const inputOptions = Object.fromEntries(
    [...INPUT_OPTIONS, ...Object.keys(REFUSED_OPTIONS)].map(name => [name, { type: 'string' }])
  ) as Record<string, { type: 'string' }>
  const values = parseUsage(
    argv,
    {
      ...inputOptions,
      format: { type: 'string' },
      profile: { type: 'string' },
      'mfa-seed-file': { type: 'string' },
      'mfa-seed-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' }
    },
    'every value follows its option, as in --role-to-assume ARN.'
  )

  const problems = Object.keys(REFUSED_OPTIONS)
    .filter(name => values[name] !== undefined)
    .map(name => `Option --${name} is not accepted. ${REFUSED_OPTIONS[name]}`)
  const format = (values.format ?? 'sh') as Format
  if (!FORMATS.includes(format)) {
    problems.push(`Invalid --format '${format}'. Expected one of ${FORMATS.join(', ')}.`)
  }
  const seedSources = ['mfa-seed-file', 'mfa-seed-stdin'].filter(name => values[name])
  if (seedSources.length > 1) {
    problems.push('Options --mfa-seed-file and --mfa-seed-stdin were both given: give one.')
  }
  if (problems.length > 0) throw new InputError(problems)

  const inputs: CliOptions['inputs'] = {}
  for (const name of INPUT_OPTIONS) {
    if (values[name] !== undefined) inputs[name] = String(values[name]).trim()
  }
  return {
    help: values.help === true,
    version: values.version === true,
    format,
    profile: (values.profile as string | undefined) || undefined,
    mfaSeedFile: (values['mfa-seed-file'] as string | undefined) || undefined,
    mfaSeedStdin: values['mfa-seed-stdin'] === true,
    inputs
  }
}

/**
 * A command line parsed with node:util's parseArgs (strict, options only). Usage errors are
 * InputErrors, like bad values, and a stray argument is not quoted: it may be a pasted secret;
 * `positional` says what to do instead.
 */
export function parseUsage(
  argv: string[],
  options: ParseArgsConfig['options'],
  positional: string
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false })
      .values as Record<string, string | boolean | undefined>
  } catch (error) {
    const { code, message } = error as { code?: string; message?: string }
    throw new InputError([
      code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
        ? `Unexpected argument: ${positional}`
        : `${message ?? String(error)}.`.replace(/\.+$/, '.')
    ])
  }
}

/** The seed or code, as the CLI got it (mfa-input.ts). */
export interface MfaInput {
  seed?: string
  /** What messages call the seed: `AWS_MFA_SEED`, `--mfa-seed-file` or `--mfa-seed-stdin`. */
  seedSource?: string
  code?: string
}

/**
 * The action's inputs as the CLI gives them, for readSettings to validate exactly as in the
 * action. The IAM user's keys are never inputs here: the SDK's default chain finds them.
 */
export function inputReader(
  options: CliOptions,
  mfa: MfaInput,
  env: NodeJS.ProcessEnv,
  username: string
): InputReader {
  const given = options.inputs
  const fromCli: Record<string, string | undefined> = {
    ...given,
    'aws-region': given['aws-region'] || env.AWS_REGION || env.AWS_DEFAULT_REGION,
    // IAM accepts 3600 for any role (MaxSessionDuration is at least that); a person works longer
    // than the action's 900 s.
    'role-duration-seconds': given['role-duration-seconds'] || String(DEFAULT_DURATION_SECONDS),
    'role-session-name': given['role-session-name'] || defaultSessionName(username),
    'mfa-seed': mfa.seed,
    'mfa-code': mfa.code
  }
  return name => fromCli[name] ?? ''
}

export const DEFAULT_DURATION_SECONDS = 3600

/** The local user name, as far as a session name allows it, so CloudTrail shows who it was. */
export function defaultSessionName(username: string): string {
  const name = username.replace(/[^\w+=,.@-]/g, '-').slice(0, 64)
  return name.length >= 2 ? name : 'aws-assume-role-mfa'
}

/**
 * readSettings and explainStsError name the action's inputs (`role-to-assume`); the CLI user
 * knows them as options (`--role-to-assume`) or variables. The rules and texts stay in one place;
 * this only renames, in one pass, and never inside a quoted value or an ARN.
 */
export function renderMessage(message: string, mfa: MfaInput = {}): string {
  const names: Record<string, string> = {
    ...Object.fromEntries(INPUT_OPTIONS.map(name => [name, `--${name}`])),
    'mfa-seed': mfa.seedSource ?? 'AWS_MFA_SEED, --mfa-seed-file or --mfa-seed-stdin',
    'aws-access-key-id': 'AWS_ACCESS_KEY_ID',
    'aws-secret-access-key': 'AWS_SECRET_ACCESS_KEY',
    'aws-session-token': 'AWS_SESSION_TOKEN'
  }
  const alternatives = Object.keys(names)
    .sort((a, b) => b.length - a.length)
    .join('|')
  const pattern = new RegExp(`(?<![\\w'/:.@=+,-])(${alternatives})(?![\\w/-])`, 'g')
  return message
    .replace(pattern, name => names[name])
    .replace(/\bthe runner's\b/g, "this computer's")
}

export const HELP = `Usage: aws-assume-role-mfa --role-to-assume ARN --mfa-serial ARN [options]
       aws-assume-role-mfa init --user-name NAME ...   set up user, MFA device and role (init --help)
       aws-assume-role-mfa code                         print the device's current code (code --help)
       aws-assume-role-mfa rotate access-key|mfa-device replace the key or the device (rotate --help)

Assumes an IAM role that requires MFA, with a one-time code computed from the virtual MFA
device's seed (or typed by you), and prints the temporary credentials for your shell or tools.
The IAM user's own keys come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, or a profile of ~/.aws/credentials).

Role and device:
  --role-to-assume ARN          the role, e.g. arn:aws:iam::123456789012:role/deploy
  --mfa-serial ARN              the virtual MFA device, e.g. arn:aws:iam::123456789012:mfa/alice
  --aws-region REGION           region of STS (default: AWS_REGION, then AWS_DEFAULT_REGION)
  --profile NAME                profile for the IAM user's keys (default: AWS_PROFILE, default)
  --role-duration-seconds N     900 to 43200, at most the role's maximum (default ${DEFAULT_DURATION_SECONDS})
  --role-session-name NAME      default: your user name
  --role-external-id ID         when the role's trust policy requires one
  --sts-endpoint URL            a custom STS endpoint (https://, or http:// on localhost)
  --mfa-retry-windows N         further 30-second windows to try when STS refuses a code (default 2)
  --retry-max-attempts N        attempts per request on throttling and network errors (default 3)

The seed or the code (never the seed as an argument: shell history and ps would keep it):
  AWS_MFA_SEED                  environment variable holding the base32 seed
  --mfa-seed-file FILE          file holding the seed; must be readable by you only (chmod 600)
  --mfa-seed-stdin              read the seed from standard input
  --mfa-code CODE               the 6 digits your device shows now, sent once
  (none of these)               in a terminal, you are asked for the code (not echoed)

Output:
  --format FORMAT               sh (default): export lines for eval "$(...)"
                                fish: set -gx lines, for ... | source
                                powershell: $Env: lines, for ... | Invoke-Expression
                                dotenv: NAME=value lines
                                json: as aws sts assume-role prints it
                                credential-process: for credential_process in ~/.aws/config,
                                  cached until 5 minutes before expiry
  -h, --help                    this help
  -V, --version                 the version of aws-assume-role-mfa

Examples:
  eval "$(aws-assume-role-mfa --role-to-assume arn:aws:iam::123456789012:role/deploy \\
      --mfa-serial arn:aws:iam::123456789012:mfa/alice --mfa-seed-file ~/.aws/mfa-seed)"

  aws-assume-role-mfa --profile alice --role-to-assume arn:aws:iam::123456789012:role/deploy \\
      --mfa-serial arn:aws:iam::123456789012:mfa/alice --mfa-code 123456 --format json

  # ~/.aws/config
  [profile deploy]
  credential_process = aws-assume-role-mfa --format credential-process --profile alice --aws-region eu-central-1 --role-to-assume arn:aws:iam::123456789012:role/deploy --mfa-serial arn:aws:iam::123456789012:mfa/alice --mfa-seed-file /home/alice/.aws/mfa-seed

Credentials go to standard output, and nothing else does: on any failure it stays empty, the
exit code is 1, and standard error says why.
`
