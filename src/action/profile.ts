import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { ActionError } from '../engine/errors.js'

/**
 * The shared AWS credentials and config files, as the AWS CLI and SDKs find them: a profile there
 * lets one job hold several roles at once (`aws --profile NAME`, `AWS_PROFILE=NAME`).
 */
export interface ProfileFiles {
  credentials: string
  config: string
}

/** What a profile holds. */
export interface ProfileValues {
  accessKeyId: string
  secretAccessKey: string
  sessionToken: string
  expiration: Date
  region: string
}

/** How to put the files back as they were: their content before the action, or null if absent. */
export interface FileSnapshot {
  path: string
  content: string | null
}

/** The files the SDKs read, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
export function profileFiles(env: NodeJS.ProcessEnv = process.env): ProfileFiles {
  const aws = join(env.HOME || homedir(), '.aws')
  return {
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(aws, 'credentials'),
    config: env.AWS_CONFIG_FILE || join(aws, 'config')
  }
}

/** Raised when the profile exists and overwriting it was not asked for. */
export class ProfileExistsError extends ActionError {
  constructor(
    readonly profile: string,
    readonly path: string
  ) {
    super(
      `Profile '${profile}' already exists in ${path}. Choose another aws-profile, or set ` +
        'overwrite-aws-profile: true to replace it (the post step puts the file back afterwards).'
    )
    this.name = 'ProfileExistsError'
  }
}

/**
 * Writes the profile into both files and returns what they held before, for the post step.
 * Sections of other profiles, comments and layout are kept as they are.
 */
export function writeProfile(
  files: ProfileFiles,
  profile: string,
  values: ProfileValues,
  overwrite: boolean
): FileSnapshot[] {
  // The config file names profiles `[profile NAME]`, except `[default]`.
  const configSection = profile === 'default' ? 'default' : `profile ${profile}`
  const edits = [
    {
      path: files.credentials,
      section: profile,
      lines: [
        `aws_access_key_id = ${values.accessKeyId}`,
        `aws_secret_access_key = ${values.secretAccessKey}`,
        `aws_session_token = ${values.sessionToken}`,
        `# expires ${values.expiration.toISOString()}, written by aws-assume-role-mfa`
      ]
    },
    { path: files.config, section: configSection, lines: [`region = ${values.region}`] }
  ]
  const snapshots = edits.map(({ path }) => ({ path, content: readIfExists(path) }))
  if (!overwrite) checkProfileFree(files, profile, snapshots)
  try {
    for (const [i, { path, section, lines }] of edits.entries()) {
      writePrivate(path, replaceSection(snapshots[i].content ?? '', section, lines))
    }
  } catch (error) {
    // One file written and not the other would leave a half profile: put both back.
    restoreFiles(snapshots)
    throw error
  }
  return snapshots
}

/**
 * Throws ProfileExistsError if either file has the profile: checked before STS is called, so a
 * refusal costs no one-time code, and again when writing.
 */
export function checkProfileFree(
  files: ProfileFiles,
  profile: string,
  snapshots = snapshotFiles(files)
): void {
  const sections = [profile, profile === 'default' ? 'default' : `profile ${profile}`]
  for (const [i, { path, content }] of snapshots.entries()) {
    if (findSection(content ?? '', sections[i])) throw new ProfileExistsError(profile, path)
  }
}

/** What the two files hold now, credentials file first. */
export function snapshotFiles(files: ProfileFiles): FileSnapshot[] {
  return [files.credentials, files.config].map(path => ({ path, content: readIfExists(path) }))
}

/**
 * Keeps the snapshots for the post step in an owner-only file under `dir` (RUNNER_TEMP) and
 * returns its path. They may hold the user's own keys, so they never go into the action's state,
 * which the runner keeps in plain text: only this path does.
 */
export function saveSnapshots(snapshots: FileSnapshot[], dir: string): string {
  const folder = mkdtempSync(join(dir, 'aws-assume-role-mfa-'))
  const path = join(folder, 'profile-files.json')
  writeFileSync(path, JSON.stringify(snapshots), { mode: 0o600 })
  return path
}

/** The post step: puts the files back from a saved snapshot, then deletes the snapshot. */
export function restoreSavedSnapshots(path: string): void {
  const snapshots = JSON.parse(readFileSync(path, 'utf8')) as FileSnapshot[]
  restoreFiles(snapshots)
  rmSync(dirname(path), { recursive: true, force: true })
}

/** Puts the files back as they were: the old content, or no file where there was none. */
export function restoreFiles(snapshots: FileSnapshot[]): void {
  for (const { path, content } of snapshots) {
    if (content === null) {
      if (existsSync(path)) rmSync(path)
    } else writePrivate(path, content)
  }
}

function readIfExists(path: string): string | null {
  return existsSync(path) ? readFileSync(path, 'utf8') : null
}

/** Credentials files hold secrets: owner-only, in an owner-only folder when we create it. */
function writePrivate(path: string, content: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
  writeFileSync(path, content, { mode: 0o600 })
  chmodSync(path, 0o600)
}

/** Line range [start, end) of a section, header included, or undefined. */
function findSection(text: string, section: string): [number, number] | undefined {
  const lines = text.split('\n')
  const header = (line: string) => /^\s*\[([^\]]+)\]\s*$/.exec(line)?.[1].trim()
  const start = lines.findIndex(line => header(line) === section)
  if (start < 0) return undefined
  let end = start + 1
  while (end < lines.length && header(lines[end]) === undefined) end++
  return [start, end]
}

function replaceSection(text: string, section: string, body: string[]): string {
  const block = [`[${section}]`, ...body]
  const found = findSection(text, section)
  if (!found) {
    const prefix =
      text === '' || text.endsWith('\n\n')
        ? text
        : text.endsWith('\n')
          ? `${text}\n`
          : `${text}\n\n`
    return `${prefix}${block.join('\n')}\n`
  }
  const lines = text.split('\n')
  // Keep the blank line that separated this section from the next one.
  const trailing = lines
    .slice(found[0], found[1])
    .reverse()
    .findIndex(line => line.trim() !== '')
  lines.splice(found[0], found[1] - found[0] - trailing, ...block)
  return lines.join('\n')
}
