import { InputError } from '../engine/errors.js'
import {
  ACCESS_KEY_SECRETS,
  deviceNameProblems,
  repoProblems,
  secretNameProblems,
  userNameProblems
} from './init-options.js'
import { parseUsage, textOption } from './options.js'

/** `aws-assume-role-mfa rotate access-key …` or `rotate mfa-device …`, parsed and checked. */
export type RotateOptions = AccessKeyRotation | DeviceRotation | { kind: 'help' }

interface Common {
  userName: string
  githubRepo?: string
  githubEnvironment?: string
  profile?: string
  region?: string
}

export interface AccessKeyRotation extends Common {
  kind: 'access-key'
  /** Where the new key goes: GitHub (the default), a profile of the credentials file, or both. */
  github: boolean
  credentialsProfile?: string
  accessKeyIdSecret: string
  secretAccessKeySecret: string
  /** Delete the key a previous rotation left Inactive, once past the grace period; nothing else. */
  deleteOld: boolean
}

export interface DeviceRotation extends Common {
  kind: 'mfa-device'
  /** A new device: its name, and where its seed goes (a new secret name, and/or a new file). */
  deviceName: string
  githubSecret?: string
  seedFile?: string
  /** Retire the old device instead: deactivate, then delete it (and its old seed's secret). */
  retire?: string
  deleteSecret?: string
}

// The names of users, devices, secrets and repositories follow init's rules (init-options.ts).

const SERIAL = /^arn:aws[\w-]*:iam::\d{12}:mfa\/[\w+=,.@/-]+$/
const PROFILE = /^[^\s[\]]+$/

export function parseRotateCommandLine(argv: string[], today: Date): RotateOptions {
  const [what, ...rest] = argv
  if (what === undefined || what === '-h' || what === '--help') return { kind: 'help' }
  if (what !== 'access-key' && what !== 'mfa-device') {
    throw new InputError([
      `Unknown rotate target '${what}': rotate access-key, or rotate mfa-device.`
    ])
  }
  const values = parseUsage(
    rest,
    {
      'user-name': { type: 'string' },
      'github-repo': { type: 'string' },
      'github-environment': { type: 'string' },
      profile: { type: 'string' },
      'aws-region': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      ...(what === 'access-key'
        ? {
            'credentials-profile': { type: 'string' },
            'access-key-id-secret': { type: 'string' },
            'secret-access-key-secret': { type: 'string' },
            'delete-old': { type: 'boolean' }
          }
        : {
            'device-name': { type: 'string' },
            'github-secret': { type: 'string' },
            'seed-file': { type: 'string' },
            retire: { type: 'string' },
            'delete-secret': { type: 'string' }
          })
    },
    'every value follows its option, as in --user-name NAME.'
  )
  if (values.help === true) return { kind: 'help' }
  const text = textOption(values)
  const common: Common = {
    userName: text('user-name') ?? '',
    githubRepo: text('github-repo'),
    githubEnvironment: text('github-environment'),
    profile: text('profile'),
    region: text('aws-region')
  }
  const problems = [...userNameProblems(common.userName), ...repoProblems(common.githubRepo)]
  if (what === 'access-key') {
    const credentialsProfile = text('credentials-profile')
    const options: AccessKeyRotation = {
      ...common,
      kind: 'access-key',
      // GitHub unless only a profile is named; both when a --github-* option comes with it.
      github:
        credentialsProfile === undefined ||
        common.githubRepo !== undefined ||
        common.githubEnvironment !== undefined,
      credentialsProfile,
      accessKeyIdSecret: text('access-key-id-secret') ?? ACCESS_KEY_SECRETS.accessKeyId,
      secretAccessKeySecret: text('secret-access-key-secret') ?? ACCESS_KEY_SECRETS.secretAccessKey,
      deleteOld: values['delete-old'] === true
    }
    problems.push(...secretNameProblems('access-key-id-secret', text('access-key-id-secret')))
    problems.push(
      ...secretNameProblems('secret-access-key-secret', text('secret-access-key-secret'))
    )
    if (options.accessKeyIdSecret.toUpperCase() === options.secretAccessKeySecret.toUpperCase()) {
      problems.push('--access-key-id-secret and --secret-access-key-secret must differ.')
    }
    if (credentialsProfile !== undefined && !PROFILE.test(credentialsProfile)) {
      problems.push(
        `Invalid --credentials-profile '${credentialsProfile}': a profile name, without blanks or brackets.`
      )
    }
    if (problems.length > 0) throw new InputError(problems)
    return options
  }
  const retire = text('retire')
  const options: DeviceRotation = {
    ...common,
    kind: 'mfa-device',
    deviceName: text('device-name') ?? `${common.userName}-${stamp(today)}`,
    githubSecret: text('github-secret'),
    seedFile: text('seed-file'),
    retire,
    deleteSecret: text('delete-secret')
  }
  problems.push(...secretNameProblems('github-secret', options.githubSecret))
  problems.push(...secretNameProblems('delete-secret', options.deleteSecret))
  if (retire !== undefined) {
    if (!SERIAL.test(retire)) {
      problems.push(
        `Invalid --retire '${retire}': the old device's ARN, arn:aws:iam::ACCOUNT:mfa/NAME.`
      )
    }
    if (options.githubSecret || options.seedFile || text('device-name')) {
      problems.push(
        '--retire only retires: give --device-name, --github-secret and --seed-file to the run ' +
          'that makes the new device, before.'
      )
    }
  } else {
    if (options.deleteSecret) problems.push('--delete-secret goes with --retire.')
    if (common.userName) problems.push(...deviceNameProblems(options.deviceName))
    if (!options.githubSecret && !options.seedFile) {
      problems.push(
        'Say where the new seed goes: --github-secret NAME (a secret that does not exist yet, ' +
          'e.g. AWS_MFA_SEED_2: the workflow switches to it and the new serial in one commit), ' +
          '--seed-file PATH, or both.'
      )
    }
  }
  if (
    !options.githubSecret &&
    !options.deleteSecret &&
    (common.githubRepo || common.githubEnvironment)
  ) {
    problems.push(
      '--github-repo and --github-environment go with --github-secret or --delete-secret.'
    )
  }
  if (problems.length > 0) throw new InputError(problems)
  return options
}

/** 20260131: a new device's default name, after the day it is made. */
function stamp(day: Date): string {
  return day.toISOString().slice(0, 10).replace(/-/g, '')
}

/** How long a key stays Inactive before --delete-old deletes it (docs/setup.md, Rotating). */
export const DELETE_OLD_GRACE_DAYS = 7

export const ROTATE_HELP = `Usage: aws-assume-role-mfa rotate access-key --user-name NAME [options]
       aws-assume-role-mfa rotate mfa-device --user-name NAME (--github-secret NEW | --seed-file PATH)
       aws-assume-role-mfa rotate mfa-device --user-name NAME --retire SERIAL [--delete-secret OLD]

Replaces the IAM user's access key, or its MFA device and seed, without breaking a running
pipeline. Run as an administrator of the AWS account, like init (the AWS SDK's default chain, or
--profile). Everything is checked before anything changes; a failure or a stop signal before the
secrets change removes what the run made; after, nothing it stored is removed, and the message
says what each key and secret holds.

rotate access-key: a new key, checked with STS, stored, then the old key made Inactive.
  --user-name NAME                 the IAM user (required)
  --github-repo OWNER/REPO         the repository (default: gh's, that of the current folder)
  --github-environment NAME        an environment's secrets rather than the repository's
  --access-key-id-secret NAME      the secret holding the key id (default ${ACCESS_KEY_SECRETS.accessKeyId})
  --secret-access-key-secret NAME  the secret holding the secret key (default ${ACCESS_KEY_SECRETS.secretAccessKey})
  --credentials-profile NAME       also, or alone, that profile of the shared credentials file
                                   (updated in place, atomically; the file's other content kept);
                                   alone, GitHub is left out unless a --github- option is given
  --delete-old                     only delete the key a previous rotation made Inactive, once it
                                   has not been used for ${DELETE_OLD_GRACE_DAYS} days
  If the user has two keys, the Inactive one is deleted first; two Active keys are refused.

rotate mfa-device: a new device, enabled with two consecutive codes, its seed stored under a NEW
name; then you switch the workflow's mfa-serial and mfa-seed in one commit; later --retire.
  --user-name NAME                 the IAM user (required)
  --device-name NAME               the new device (default: the user name and today's date)
  --github-secret NAME             store the new seed as this new GitHub secret (must not exist)
  --seed-file PATH                 write the new seed to this new file (mode 600)
  --github-repo, --github-environment  as above
  --retire SERIAL                  deactivate, then delete, the old device (refused while a
                                   workflow here names it, or if it is the user's only device)
  --delete-secret NAME             with --retire: delete the old seed's GitHub secret too

  --profile NAME                   the administrator's profile
  --aws-region REGION              region to sign IAM requests for (default: AWS_REGION, else us-east-1)
  -h, --help                       this help

The procedure, and the cadence AWS Security Hub checks (IAM.3, 90 days): docs/setup.md,
"Rotating the key and the device". The exit code is 0 on success, 1 otherwise.
`
