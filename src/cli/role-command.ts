import { ActionError } from '../engine/errors.js'
import { CREDENTIAL_VARIABLES } from '../engine/credentials.js'
import type { CliIo, CommandContext } from './command.js'
import { readMfaInput } from './mfa-input.js'
import { awsFiles, readRoleProfile } from './profiles.js'
import type { CliOptions } from './options.js'

/**
 * Set while the CLI runs, and inherited by the processes the AWS SDK starts. A profile whose
 * credential_process is this CLI, used for the base credentials, would start it again, and again.
 */
export const RUNNING = 'AWS_ASSUME_ROLE_MFA_RUNNING'

/**
 * What every command that takes a role does first: refuses to run inside itself, reads the role
 * profile under the options, keeps the user's keys' profile apart from keys in the environment,
 * and reads the seed or code (into the context's `mfa`, for failure messages to name its source).
 */
export async function prepareRole(
  options: CliOptions,
  { io, mfa }: Pick<CommandContext, 'io' | 'mfa'>
): Promise<CliOptions> {
  if (io.env[RUNNING]) throw new ActionError(RECURSION)
  io.env[RUNNING] = '1'
  const resolved = withRoleProfile(options, io)
  // --profile (or source_profile) names the user's keys: keys left in the environment (by an
  // earlier eval of this command, say) must not compete with them, which the SDK allows only
  // with a warning.
  if (resolved.profile) for (const name of CREDENTIAL_VARIABLES) delete io.env[name]
  Object.assign(mfa, await readMfaInput(resolved, io.env, io))
  return resolved
}

const RECURSION =
  'aws-assume-role-mfa was started by itself: the profile that gives the base credentials ' +
  '(--profile, or AWS_PROFILE) has this command as its credential_process. Give --profile the ' +
  "profile with the IAM user's own keys."

/**
 * The options with the role profile named on the command line under them: its keys fill what
 * the options leave out (profiles.ts), so flags win. The region is kept apart: AWS_REGION and
 * AWS_DEFAULT_REGION come before a profile's region, as for the AWS CLI.
 */
export function withRoleProfile(options: CliOptions, io: Pick<CliIo, 'env' | 'home'>): CliOptions {
  if (!options.roleProfile) return options
  const profile = readRoleProfile(options.roleProfile, awsFiles(io.env, io.home))
  const inputs = { ...options.inputs }
  const fill = (name: keyof CliOptions['inputs'], value: string | undefined) => {
    if (inputs[name] === undefined && value !== undefined) inputs[name] = value.trim()
  }
  fill('role-to-assume', profile.roleArn)
  fill('mfa-serial', profile.mfaSerial)
  fill('role-external-id', profile.externalId)
  fill('role-session-name', profile.roleSessionName)
  fill('role-duration-seconds', profile.durationSeconds)
  fill('mfa-session-duration-seconds', profile.mfaSessionDurationSeconds)
  const seedGiven = options.mfaSeedFile || options.mfaSeedStdin || inputs['mfa-code']
  return {
    ...options,
    inputs,
    profile: options.profile ?? profile.sourceProfile,
    mfaSeedFile: seedGiven ? options.mfaSeedFile : profile.mfaSeedFile,
    profileRegion: profile.region,
    mfaSession: options.mfaSession || profile.mfaSessionDurationSeconds !== undefined
  }
}
