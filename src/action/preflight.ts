import { accessSync, closeSync, constants, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ActionError } from '../engine/errors.js'
import type { Settings } from '../settings/settings.js'
import { checkProfile, profileFiles, shadowingProfile, snapshotFolder } from './profile.js'

/*
 * Before STS is called: what would make the run fail after a one-time code was spent is refused
 * while refusing costs nothing.
 */

/**
 * aws-profile writes two files after STS has answered, and a snapshot of them under RUNNER_TEMP
 * before that: whether it can is checked before a one-time code is spent, since a code spent on
 * a run that then cannot write is one of the device's few checks for nothing.
 */
export function checkProfileWritable(files: { credentials: string; config: string }, temp: string) {
  const problems = [
    ...folderProblem('RUNNER_TEMP', temp),
    ...fileProblem('the credentials file', files.credentials),
    ...fileProblem('the config file', files.config)
  ]
  if (problems.length === 0) return
  throw new ActionError(
    `aws-profile cannot be written, so STS was not called and no one-time code was spent: ` +
      `${problems.join('; ')}. Check AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE (or ~/.aws) ` +
      'and RUNNER_TEMP: they must be writable paths.'
  )
}

/** The folder takes a new folder (as the snapshot's), tried for real and removed. */
function folderProblem(name: string, folder: string): string[] {
  try {
    rmSync(mkdtempSync(join(folder, 'aws-assume-role-mfa-check-')), { recursive: true })
    return []
  } catch (error) {
    return [`${name} ${folder} is not a writable folder (${codeOf(error)})`]
  }
}

/** An existing file must open for writing; a missing one, be creatable in its nearest folder. */
function fileProblem(what: string, path: string): string[] {
  try {
    if (exists(path)) {
      if (!statSync(path).isFile()) return [`${what} ${path} is not a file`]
      closeSync(openSync(path, 'r+'))
      return []
    }
    let folder = dirname(path)
    while (!exists(folder)) folder = dirname(folder)
    if (!statSync(folder).isDirectory()) return [`${what} ${path} is under ${folder}, a file`]
    accessSync(folder, constants.W_OK)
    return []
  } catch (error) {
    return [`${what} ${path} is not writable (${codeOf(error)})`]
  }
}

function exists(path: string): boolean {
  try {
    statSync(path)
    return true
  } catch {
    return false
  }
}

function codeOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message
}

/**
 * The checks made before STS is called, each for the inputs that need it, so that a refusal costs
 * no one-time code. A new input that can be refused early adds its check here.
 */
const CHECKS: ReadonlyArray<(settings: Settings) => void> = [
  function profilesWritable(settings) {
    if (!settings.awsProfile) return
    checkProfileWritable(profileFiles(), snapshotFolder())
    for (const name of settings.awsProfile.names) {
      checkProfile(profileFiles(), name, settings.awsProfile.overwrite)
    }
  },
  function endpointWins(settings) {
    if (settings.refreshCredentials) checkEndpointWins(settings)
  }
]

/** Every check of CHECKS, in order; the first refusal is thrown. */
export function preflight(settings: Settings): void {
  for (const check of CHECKS) check(settings)
}

/**
 * refresh-credentials: the later steps' SDKs read the shared files before the container provider,
 * so a profile there with credentials (a self-hosted runner's own `[default]`) would silently win
 * over the endpoint. Refused before STS is called (no code spent), naming the file and the profile.
 */
function checkEndpointWins(settings: Settings): void {
  const shadow = shadowingProfile(process.env, settings.awsProfile?.names)
  if (!shadow) return
  throw new ActionError(
    `refresh-credentials: profile '${shadow.profile}' in ${shadow.path} has ${shadow.setting}, and ` +
      "the AWS CLI and SDKs take it before the credentials endpoint: later steps would run as that profile's " +
      `identity, not the role. Remove it from the runner's files, set aws-profile: ${shadow.profile} ` +
      'with overwrite-aws-profile: true (its profile then asks the endpoint; the post step puts ' +
      'the file back), or point AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE elsewhere for the job.'
  )
}
