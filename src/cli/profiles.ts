import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { InputError } from '../engine/errors.js'
import {
  configProfile,
  credentialsProfile,
  parseIni,
  sectionValues,
  splitIni
} from '../settings/profile-ini.js'

/**
 * A role profile of `~/.aws/config`, read as the AWS CLI reads it (botocore's configloader and
 * Session: ../settings/profile-ini.ts), so that `aws-assume-role-mfa exec deploy -- …` takes the
 * role that `aws --profile deploy` would: the config file's `[profile deploy]` (or `[default]`),
 * with the credentials file's `[deploy]` over it (botocore merges the two files per profile, the
 * credentials file winning), AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE honoured.
 */

/** The keys read, by the option they stand for. Flags given on the command line win. */
export interface RoleProfile {
  name: string
  roleArn?: string
  mfaSerial?: string
  /** The profile of the IAM user's keys: source_profile, else the profile itself if it has keys. */
  sourceProfile?: string
  externalId?: string
  roleSessionName?: string
  durationSeconds?: string
  region?: string
  /** Ours (botocore ignores unknown keys): a file holding the device's seed. */
  mfaSeedFile?: string
  /** Ours: keep the MFA session for this long, and assume the role from it (day session). */
  mfaSessionDurationSeconds?: string
}

/** Our keys in a profile; documented in docs/cli.md. */
export const SEED_FILE_KEY = 'mfa_seed_file'
export const MFA_SESSION_KEY = 'mfa_session_duration_seconds'

export interface AwsFiles {
  config: string
  credentials: string
}

/** The files the AWS CLI and SDKs read: AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE, else ~/.aws. */
export function awsFiles(env: NodeJS.ProcessEnv, home: string): AwsFiles {
  const aws = join(env.HOME || home, '.aws')
  return {
    config: env.AWS_CONFIG_FILE || join(aws, 'config'),
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(aws, 'credentials')
  }
}

/** A profile's values, the credentials file's over the config file's; undefined if in neither. */
export function profileValues(name: string, files: AwsFiles): Record<string, string> | undefined {
  const fromConfig = valuesOf(files.config, configProfile(name))
  const fromCredentials = valuesOf(files.credentials, credentialsProfile(name))
  if (!fromConfig && !fromCredentials) return undefined
  return { ...fromConfig, ...fromCredentials }
}

/** Reads the profile named on the command line; an InputError if it is in neither file. */
export function readRoleProfile(name: string, files: AwsFiles): RoleProfile {
  const values = profileValues(name, files)
  if (!values) {
    throw new InputError([
      `Profile ${quoted(name)} is in neither ${files.config} nor ${files.credentials}. ` +
        'Give the name of a [profile NAME] section of the config file, or options instead of a profile.'
    ])
  }
  const given = (key: string) => values[key] || undefined
  let sourceProfile = given('source_profile')
  let source: Record<string, string> = {}
  if (sourceProfile) {
    const found = profileValues(sourceProfile, files)
    if (!found) {
      throw new InputError([
        `Profile ${quoted(name)} has source_profile = ${sourceProfile}, which is in neither ` +
          `${files.config} nor ${files.credentials}. Name the profile with the IAM user's keys.`
      ])
    }
    source = found
  } else if (values.aws_access_key_id) {
    // A profile with the user's own keys and an mfa_serial: the keys are its own.
    sourceProfile = name
  }
  return {
    name,
    roleArn: given('role_arn'),
    // botocore reads mfa_serial from the role's profile; aws-vault also from the source profile.
    mfaSerial: given('mfa_serial') ?? (source.mfa_serial || undefined),
    sourceProfile,
    externalId: given('external_id'),
    roleSessionName: given('role_session_name'),
    durationSeconds: given('duration_seconds'),
    region: given('region'),
    mfaSeedFile: given(SEED_FILE_KEY) ?? (source[SEED_FILE_KEY] || undefined),
    mfaSessionDurationSeconds: given(MFA_SESSION_KEY) ?? (source[MFA_SESSION_KEY] || undefined)
  }
}

/**
 * The values of the last section that is this profile (botocore keeps the last), or undefined. A
 * missing file is an empty one; one the AWS CLI cannot read is an error, as it is for the AWS CLI.
 */
function valuesOf(
  file: string,
  isProfile: (section: string) => boolean
): Record<string, string> | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined
    throw new InputError([`Cannot read ${file} (${code ?? String(error)}).`])
  }
  const { lines } = splitIni(text)
  const parsed = parseIni(lines)
  if (parsed.problems.length > 0) {
    throw new InputError([
      `The AWS CLI cannot read ${file} either (${parsed.problems[0]}): fix that line first.`
    ])
  }
  const section = parsed.sections.filter(s => isProfile(s.name)).at(-1)
  return section && sectionValues(lines, section, parsed.defaults)
}

/**
 * A profile name as the person typed it, unless it could be a secret pasted in the wrong place
 * (a seed is 32 or more characters, a secret key 40): then only its length.
 */
export function quoted(name: string): string {
  return name.length <= 30 ? `'${name}'` : `(a ${name.length}-character name, not repeated here)`
}
