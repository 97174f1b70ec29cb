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
  'mfa-code',
  'mfa-session-duration-seconds'
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
  /** The role profile of ~/.aws/config named as the first argument (profiles.ts). */
  roleProfile?: string
  /** Keep the MFA session for the day and assume the role from it (--mfa-session). */
  mfaSession?: boolean
  /** The region of the role profile: after --aws-region, AWS_REGION and AWS_DEFAULT_REGION. */
  profileRegion?: string
  /** login: open the URL in a browser. */
  open?: boolean
  /** login: the federation endpoint (default https://signin.aws.amazon.com/federation). */
  signinEndpoint?: string
}

/** The commands that take a role, and what each takes besides the shared options. */
export type RoleCommand = 'main' | 'exec' | 'serve' | 'login'

/**
 * Parses argv with node:util's parseArgs: the options, and at most one argument, the role profile.
 * Usage errors are InputErrors, like bad values.
 */
export function parseCommandLine(argv: string[], command: RoleCommand = 'main'): CliOptions {
  const inputOptions = Object.fromEntries(
    [...INPUT_OPTIONS, ...Object.keys(REFUSED_OPTIONS)].map(name => [name, { type: 'string' }])
  ) as Record<string, { type: 'string' }>
  const { values, positionals } = parseArguments(
    argv,
    {
      ...inputOptions,
      ...(command !== 'exec' && command !== 'login' && { format: { type: 'string' } }),
      ...(command === 'login' && {
        open: { type: 'boolean' },
        'signin-endpoint': { type: 'string' }
      }),
      profile: { type: 'string' },
      'mfa-seed-file': { type: 'string' },
      'mfa-seed-stdin': { type: 'boolean' },
      'mfa-session': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' }
    },
    'one profile of ~/.aws/config at most, and every value follows its option, as in ' +
      '--role-to-assume ARN.',
    1
  )

  const problems = Object.keys(REFUSED_OPTIONS)
    .filter(name => values[name] !== undefined)
    .map(name => `Option --${name} is not accepted. ${REFUSED_OPTIONS[name]}`)
  const format = (values.format ?? 'sh') as Format
  if (!FORMATS.includes(format) || (command === 'serve' && format === 'credential-process')) {
    const formats = FORMATS.filter(f => command !== 'serve' || f !== 'credential-process')
    problems.push(`Invalid --format '${format}'. Expected one of ${formats.join(', ')}.`)
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
    inputs,
    roleProfile: positionals[0] || undefined,
    mfaSession:
      values['mfa-session'] === true || inputs['mfa-session-duration-seconds'] !== undefined,
    open: values.open === true,
    signinEndpoint: (values['signin-endpoint'] as string | undefined) || undefined
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
): Values {
  return parseArguments(argv, options, positional, 0).values
}

type Values = Record<string, string | boolean | undefined>

/** An option's value, trimmed; undefined when it was not given, or given blank. */
export function textOption(values: Values): (name: string) => string | undefined {
  return name => {
    const value = values[name]
    return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined
  }
}

/** As parseUsage, with up to `maxPositionals` arguments besides the options. */
export function parseArguments(
  argv: string[],
  options: ParseArgsConfig['options'],
  positional: string,
  maxPositionals: number
): { values: Values; positionals: string[] } {
  let parsed: { values: Values; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: true }) as {
      values: Values
      positionals: string[]
    }
  } catch (error) {
    // parseArgs's advice on positionals starting with '-' does not apply to these commands.
    const message = String((error as { message?: string }).message ?? error).split(' To specify')[0]
    throw new InputError([`${message}.`.replace(/\.+$/, '.')])
  }
  if (parsed.positionals.length > maxPositionals) {
    throw new InputError([`Unexpected argument: ${positional}`])
  }
  return parsed
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

export const HELP = `Usage: aws-assume-role-mfa [PROFILE] [--role-to-assume ARN --mfa-serial ARN] [options]
       aws-assume-role-mfa exec [PROFILE] [options] -- COMMAND [ARGS...]   (exec --help)
       aws-assume-role-mfa serve [PROFILE] [options]    a refreshing local endpoint (serve --help)
       aws-assume-role-mfa login [PROFILE] [--open]     a console sign-in URL (login --help)
       aws-assume-role-mfa init --user-name NAME ...    set up user, MFA device and role (init --help)
       aws-assume-role-mfa rotate access-key|mfa-device replace the key or the device (rotate --help)
       aws-assume-role-mfa code                         print the device's current code (code --help)

Assumes an IAM role that requires MFA, with a one-time code computed from the virtual MFA
device's seed (or typed by you), and prints the temporary credentials for your shell or tools.
The IAM user's own keys come from the AWS SDK's default chain (AWS_ACCESS_KEY_ID and
AWS_SECRET_ACCESS_KEY, or a profile of ~/.aws/credentials).

PROFILE is a profile of ~/.aws/config (AWS_CONFIG_FILE) read as the AWS CLI reads it: role_arn,
mfa_serial, source_profile, external_id, role_session_name, duration_seconds, region, and ours,
mfa_seed_file and mfa_session_duration_seconds. Options given with it win.

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

One MFA session for the day (cached, mode 600; roles assumed from it without a code, one hour
at most each; a role that refuses the session's age gets one fresh code):
  --mfa-session                 keep the MFA session, 43200 s (12 hours)
  --mfa-session-duration-seconds N   900 to 129600, and opt in

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
