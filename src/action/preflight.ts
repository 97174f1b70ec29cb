import { accessSync, closeSync, constants, mkdtempSync, openSync, rmSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { ActionError } from '../engine/errors.js'

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
