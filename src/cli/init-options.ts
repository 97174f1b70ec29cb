import { InputError } from '../engine/errors.js'
import { DEFAULT_MFA_MAX_AGE_SECONDS, MAX_MFA_MAX_AGE_SECONDS } from './trust-policy.js'
import { parseUsage, textOption } from './options.js'

/** `aws-assume-role-mfa init …`, parsed and checked; nothing looked up yet. */
export interface InitOptions {
  help: boolean
  userName: string
  deviceName: string
  roleName?: string
  /** An IAM group whose policy allows the role: the user joins it, the role trusts the account. */
  group?: string
  seedFile?: string
  githubSecret?: string
  githubRepo?: string
  githubEnvironment?: string
  createAccessKey: boolean
  /** Replace GitHub secrets of the same names that exist already (else init refuses). */
  replaceSecrets: boolean
  profile?: string
  region?: string
  mfaMaxAgeSeconds: number
}

/** The GitHub secrets the new access key goes into, as the README's workflow names them. */
export const ACCESS_KEY_SECRETS = {
  accessKeyId: 'AWS_ACCESS_KEY_ID',
  secretAccessKey: 'AWS_SECRET_ACCESS_KEY'
} as const

// IAM API reference, CreateUser / CreateRole / CreateVirtualMFADevice: name length and pattern.
const IAM_NAME = /^[\w+=,.@-]{1,64}$/
const DEVICE_NAME = /^[\w+=,.@-]{1,226}$/
// CreateGroup: GroupName 1 to 128 of the same characters.
const GROUP_NAME = /^[\w+=,.@-]{1,128}$/
// GitHub: letters, digits and _, not starting with a digit or GITHUB_ ("Naming your secrets").
const SECRET_NAME = /^(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*$/i
const REPO = /^[\w.-]+\/[\w.-]+$/

/** --user-name, which init and rotate require: an IAM user's name. */
export function userNameProblems(userName: string): string[] {
  if (!userName) return ['Option --user-name is required: the IAM user the workflow signs in as.']
  if (!IAM_NAME.test(userName)) {
    return [`Invalid --user-name '${userName}': 1 to 64 letters, digits and +=,.@_- only.`]
  }
  return []
}

/** --device-name: a virtual MFA device's name. */
export function deviceNameProblems(deviceName: string): string[] {
  return DEVICE_NAME.test(deviceName)
    ? []
    : [`Invalid --device-name '${deviceName}': 1 to 226 letters, digits and +=,.@_- only.`]
}

/** An option that names a GitHub secret (--github-secret, …), when given. */
export function secretNameProblems(option: string, name: string | undefined): string[] {
  return name === undefined || SECRET_NAME.test(name)
    ? []
    : [
        `Invalid --${option} '${name}': letters, digits and _, not starting with a digit or GITHUB_.`
      ]
}

/** --github-repo, when given. */
export function repoProblems(repo: string | undefined): string[] {
  return repo === undefined || REPO.test(repo)
    ? []
    : [`Invalid --github-repo '${repo}'. Expected OWNER/REPO.`]
}

export function parseInitCommandLine(argv: string[]): InitOptions {
  const values = parseUsage(
    argv,
    {
      'user-name': { type: 'string' },
      'device-name': { type: 'string' },
      'role-name': { type: 'string' },
      group: { type: 'string' },
      'seed-file': { type: 'string' },
      'github-secret': { type: 'string' },
      'github-repo': { type: 'string' },
      'github-environment': { type: 'string' },
      'create-access-key': { type: 'boolean' },
      'replace-secrets': { type: 'boolean' },
      'mfa-max-age-seconds': { type: 'string' },
      profile: { type: 'string' },
      'aws-region': { type: 'string' },
      help: { type: 'boolean', short: 'h' }
    },
    'every value follows its option, as in --user-name NAME.'
  )
  const text = textOption(values)
  const options: InitOptions = {
    help: values.help === true,
    userName: text('user-name') ?? '',
    deviceName: text('device-name') ?? text('user-name') ?? '',
    roleName: text('role-name'),
    group: text('group'),
    seedFile: text('seed-file'),
    githubSecret: text('github-secret'),
    githubRepo: text('github-repo'),
    githubEnvironment: text('github-environment'),
    createAccessKey: values['create-access-key'] === true,
    replaceSecrets: values['replace-secrets'] === true,
    profile: text('profile'),
    region: text('aws-region'),
    mfaMaxAgeSeconds: Number(text('mfa-max-age-seconds') ?? DEFAULT_MFA_MAX_AGE_SECONDS)
  }
  if (options.help) return options
  const problems = initProblems(options, text('mfa-max-age-seconds'))
  if (problems.length > 0) throw new InputError(problems)
  return options
}

function initProblems(options: InitOptions, maxAge: string | undefined): string[] {
  const problems = userNameProblems(options.userName)
  if (options.userName) problems.push(...deviceNameProblems(options.deviceName))
  if (options.roleName !== undefined && !IAM_NAME.test(options.roleName)) {
    problems.push(
      `Invalid --role-name '${options.roleName}': 1 to 64 letters, digits and +=,.@_- only.`
    )
  }
  if (options.group !== undefined && !GROUP_NAME.test(options.group)) {
    problems.push(`Invalid --group '${options.group}': 1 to 128 letters, digits and +=,.@_- only.`)
  } else if (options.group !== undefined && !options.roleName) {
    problems.push('--group goes with --role-name: the group is allowed to assume that role.')
  }
  if (!options.seedFile && !options.githubSecret) {
    problems.push(
      'Say where the seed goes: --seed-file PATH (a new file, mode 600), --github-secret NAME ' +
        '(through gh secret set), or both. AWS shows a seed only once.'
    )
  }
  problems.push(...secretNameProblems('github-secret', options.githubSecret))
  if (
    options.githubSecret &&
    options.createAccessKey &&
    Object.values<string>(ACCESS_KEY_SECRETS).includes(options.githubSecret.toUpperCase())
  ) {
    problems.push(
      `--github-secret ${options.githubSecret} is where --create-access-key puts the key: name ` +
        'the seed secret otherwise, e.g. AWS_MFA_SEED.'
    )
  }
  if (!options.githubSecret && (options.githubRepo || options.githubEnvironment)) {
    problems.push('--github-repo and --github-environment go with --github-secret.')
  }
  if (!options.githubSecret && options.replaceSecrets) {
    problems.push('--replace-secrets goes with --github-secret.')
  }
  problems.push(...repoProblems(options.githubRepo))
  if (options.createAccessKey && !options.githubSecret) {
    problems.push(
      '--create-access-key needs --github-secret: the new key goes straight into the GitHub ' +
        `secrets ${ACCESS_KEY_SECRETS.accessKeyId} and ${ACCESS_KEY_SECRETS.secretAccessKey}, ` +
        'and is never printed or written to a file.'
    )
  }
  // Digits only: Number() would take 1e+23, 0x10 or 1.0, and a policy would then say "1e+23".
  if (
    (maxAge !== undefined && !/^\d{1,6}$/.test(maxAge)) ||
    !Number.isSafeInteger(options.mfaMaxAgeSeconds) ||
    options.mfaMaxAgeSeconds < 1 ||
    options.mfaMaxAgeSeconds > MAX_MFA_MAX_AGE_SECONDS
  ) {
    problems.push(
      `Invalid --mfa-max-age-seconds '${maxAge}': a whole number of seconds from 1 to ` +
        `${MAX_MFA_MAX_AGE_SECONDS} (the longest MFA session STS issues), e.g. ` +
        `${DEFAULT_MFA_MAX_AGE_SECONDS}.`
    )
  }
  if (options.mfaMaxAgeSeconds !== DEFAULT_MFA_MAX_AGE_SECONDS && !options.roleName) {
    problems.push('--mfa-max-age-seconds goes with --role-name: it is a condition of the role.')
  }
  return problems
}

export const INIT_HELP = `Usage: aws-assume-role-mfa init --user-name NAME [--role-name NAME]
           (--seed-file PATH | --github-secret NAME [--github-repo OWNER/REPO]) [options]

Sets up, once, as an administrator of the AWS account, what the action needs: the IAM user, a
virtual MFA device for it (created, then enabled with two consecutive codes computed from its
seed), and, with --role-name, a role that trusts the user only with MFA. The seed goes where you
say, and nowhere else: never on the screen. The administrator's credentials come from the AWS
SDK's default chain (AWS_ACCESS_KEY_ID..., or --profile).

  --user-name NAME              the IAM user the workflow signs in as; created if missing
  --device-name NAME            the virtual MFA device (default: the user name)
  --role-name NAME              the role to assume; created if missing, with a trust policy that
                                names the user and requires MFA; the user may assume it and no
                                other role (an inline policy). An existing role is never changed:
                                its trust policy must already let the user in with MFA
  --group NAME                  for a team: the user joins this IAM group (created if missing),
                                whose policy allows sts:AssumeRole on the role only; a new role
                                then trusts the account, with MFA, and the groups decide who
  --mfa-max-age-seconds N       a new role's aws:MultiFactorAuthAge bound, NumericLessThan, 1 to
                                ${MAX_MFA_MAX_AGE_SECONDS} (default ${DEFAULT_MFA_MAX_AGE_SECONDS}: the action's default
                                mfa-session-duration-seconds, which it then accepts in full)
  --seed-file PATH              write the seed to this new file (mode 600; never overwritten)
  --github-secret NAME          store the seed as this GitHub secret, with gh secret set (the seed
                                goes to gh on standard input, never on a command line)
  --github-repo OWNER/REPO      the repository (default: gh's, that of the current folder)
  --github-environment NAME     an environment's secrets rather than the repository's
  --create-access-key           also create an access key for the user, straight into the secrets
                                ${ACCESS_KEY_SECRETS.accessKeyId} and ${ACCESS_KEY_SECRETS.secretAccessKey} (needs --github-secret)
  --replace-secrets             replace GitHub secrets of those names that exist already (their
                                old values are lost); without it, init refuses before it starts
  --profile NAME                the administrator's profile
  --aws-region REGION           region to sign IAM requests for (default: AWS_REGION, else us-east-1)
  -h, --help                    this help

Everything that can be checked is checked before anything is created; nothing that exists is
changed (an existing user, role or inline policy is used as it is, or refused). When a step fails
after that, or on Ctrl-C, SIGTERM or SIGHUP, exactly what this run created is removed again, and
what could not be is listed with the commands that remove it; a second signal stops at once,
listing what is left.

Example:
  aws-assume-role-mfa init --user-name ci-deploy --role-name deploy \\
      --github-secret AWS_MFA_SEED --github-environment production --create-access-key

Standard output gets the device ARN, the role ARN and a workflow step; messages go to standard
error. The exit code is 0 on success, 1 otherwise.
`
