import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  rmdirSync,
  statSync
} from 'node:fs'
import { homedir, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { ActionError } from '../engine/errors.js'
import {
  checkPrivateFolder,
  makePrivateFolder,
  missingFolders,
  readNoFollow,
  writeFileReplacing
} from '../engine/private-files.js'
import {
  configProfile,
  credentialsProfile,
  parseIni,
  replaceProfile,
  splitIni
} from '../settings/profile-ini.js'

/**
 * The shared AWS credentials and config files, as the AWS CLI and SDKs find them: a profile there
 * lets one job hold several roles at once (`aws --profile NAME`, `AWS_PROFILE=NAME`).
 */
export interface ProfileFiles {
  credentials: string
  config: string
}

/** What a profile holds: the role's keys, or a command that asks the credentials endpoint. */
export type ProfileValues =
  | {
      accessKeyId: string
      secretAccessKey: string
      sessionToken: string
      expiration: Date
      region: string
    }
  | { credentialProcess: string; region: string }

/** How to put a file back as it was: its content and mode before the action, or null if absent. */
export interface FileSnapshot {
  path: string
  content: string | null
  /** Permission bits; null for a file that did not exist, and on Windows. */
  mode: number | null
}

/** What the post step needs: the files as they were, and the folders the action may create. */
export interface ProfileSnapshot {
  files: FileSnapshot[]
  /** Folders missing before (outermost first): removed again if they are empty. */
  createdFolders: string[]
}

/** The files the SDKs read, honouring AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE. */
export function profileFiles(env: NodeJS.ProcessEnv = process.env): ProfileFiles {
  const aws = join(env.HOME || homedir(), '.aws')
  return {
    credentials: env.AWS_SHARED_CREDENTIALS_FILE || join(aws, 'credentials'),
    config: env.AWS_CONFIG_FILE || join(aws, 'config')
  }
}

/** Where the snapshot of the profile files goes: RUNNER_TEMP, on the runner. */
export function snapshotFolder(env: NodeJS.ProcessEnv = process.env): string {
  return env.RUNNER_TEMP || tmpdir()
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

/** One change to one file: the sections that are the profile, and what replaces them. */
interface Edit {
  isProfile: (section: string) => boolean
  block: string[]
}

/**
 * The edits per file. The config file names profiles `[profile NAME]`, except `[default]`. When
 * AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE are the same file, it gets both sections (the
 * AWS CLI reads the keys from `[NAME]` and the region from `[profile NAME]`), or for the default
 * profile one `[default]` section with both.
 */
function editsOf(files: ProfileFiles, profile: string, values?: ProfileValues) {
  // credential_process goes to the config file (botocore reads only keys from the other).
  const keys = !values
    ? []
    : 'credentialProcess' in values
      ? ['# written by aws-assume-role-mfa: credential_process in the config file']
      : [
          `# written by aws-assume-role-mfa, expires ${values.expiration.toISOString()}`,
          `aws_access_key_id = ${values.accessKeyId}`,
          `aws_secret_access_key = ${values.secretAccessKey}`,
          `aws_session_token = ${values.sessionToken}`
        ]
  const region = !values
    ? []
    : [
        `region = ${values.region}`,
        ...('credentialProcess' in values
          ? [`credential_process = ${values.credentialProcess}`]
          : [])
      ]
  const configHeader = profile === 'default' ? '[default]' : `[profile ${profile}]`
  const credentials: Edit = {
    isProfile: credentialsProfile(profile),
    block: [`[${profile}]`, ...keys]
  }
  const config: Edit = { isProfile: configProfile(profile), block: [configHeader, ...region] }
  if (!sameFile(files.credentials, files.config)) {
    return [
      { path: files.credentials, edits: [credentials] },
      { path: files.config, edits: [config] }
    ]
  }
  const both: Edit[] =
    profile === 'default'
      ? [{ isProfile: config.isProfile, block: ['[default]', ...keys, ...region] }]
      : [credentials, config]
  return [{ path: files.credentials, edits: both }]
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
): ProfileSnapshot {
  const snapshot = snapshotFiles(files)
  checkProfile(files, profile, overwrite, snapshot)
  try {
    for (const { path, edits } of editsOf(files, profile, values)) {
      const before = snapshot.files.find(file => sameFile(file.path, path))?.content ?? ''
      const after = edits.reduce(
        (text, edit) => replaceProfile(text, edit.isProfile, edit.block),
        before
      )
      writePrivate(writeTarget(path), after, 0o600)
    }
  } catch (error) {
    // One file written and not the other would leave a half profile: put both back.
    restoreFiles(snapshot)
    throw error
  }
  return snapshot
}

/**
 * Checked before STS is called, so that a refusal costs no one-time code, and again when writing:
 * the folders of both files are private (UnsafeFolderError otherwise), the AWS CLI can read both
 * files, and unless `overwrite`, neither has the profile (ProfileExistsError).
 */
export function checkProfile(
  files: ProfileFiles,
  profile: string,
  overwrite: boolean,
  snapshot = snapshotFiles(files)
): void {
  const byPath = new Map(editsOf(files, profile).map(({ path, edits }) => [path, edits]))
  for (const { path, content } of snapshot.files) {
    const edits = [...byPath.entries()].find(([p]) => sameFile(p, path))?.[1] ?? []
    const { sections, problems } = parseIni(splitIni(content ?? '').lines)
    if (problems.length > 0) {
      throw new ActionError(
        `The AWS CLI cannot read ${path} as it is (${problems.slice(0, 3).join('; ')}), so a ` +
          'profile written there would not work: fix the file first ("Configuration and ' +
          'credential file settings" in the AWS CLI User Guide gives its format).'
      )
    }
    const taken = sections.some(section => edits.some(edit => edit.isProfile(section.name)))
    if (taken && !overwrite) throw new ProfileExistsError(profile, path)
  }
}

/**
 * What the two files hold now (one entry when both are the same file), credentials file first,
 * and which of their folders do not exist yet. A folder that exists must be private.
 */
export function snapshotFiles(files: ProfileFiles): ProfileSnapshot {
  const paths = sameFile(files.credentials, files.config)
    ? [files.credentials]
    : [files.credentials, files.config]
  const createdFolders = new Set<string>()
  const snapshots = paths.map(path => {
    const target = writeTarget(path)
    const missing = missingFolders(dirname(target))
    for (const folder of missing) createdFolders.add(folder)
    const read = missing.length > 0 ? undefined : readNoFollow(target)
    return { path, content: read?.content ?? null, mode: read?.mode ?? null }
  })
  return { files: snapshots, createdFolders: [...createdFolders] }
}

/**
 * Keeps the snapshot for the post step in an owner-only file under `dir` (RUNNER_TEMP) and
 * returns its path. It may hold the user's own keys, so it never goes into the action's state,
 * which the runner keeps in plain text: only this path does.
 */
export function saveSnapshots(snapshot: ProfileSnapshot, dir: string): string {
  const folder = mkdtempSync(join(dir, 'aws-assume-role-mfa-'))
  const path = join(folder, 'profile-files.json')
  writeFileReplacing(path, JSON.stringify(snapshot), 0o600)
  return path
}

/** The post step: puts the files back from a saved snapshot, then deletes the snapshot. */
export function restoreSavedSnapshots(path: string): void {
  const snapshot = JSON.parse(readFileSync(path, 'utf8')) as ProfileSnapshot
  restoreFiles(snapshot)
  rmSync(dirname(path), { recursive: true, force: true })
}

/**
 * Puts the files back as they were: the old content with its old mode, or no file where there
 * was none; then removes the folders the action created, if nothing else was put in them.
 */
export function restoreFiles(snapshot: ProfileSnapshot): void {
  for (const { path, content, mode } of snapshot.files) {
    const target = writeTarget(path)
    if (content !== null) writePrivate(target, content, mode ?? 0o600)
    else if (existsSync(target)) {
      checkPrivateFolder(dirname(target))
      rmSync(target)
    }
  }
  for (const folder of [...snapshot.createdFolders].reverse()) {
    try {
      rmdirSync(folder)
    } catch {
      // Not empty (something else was written there during the job), or already gone.
    }
  }
}

/**
 * Where a write to `path` goes. The folder holding `path` must be private: then a symbolic link at
 * `path` was put there by this user (a credentials file kept in a dotfiles repository, say), and
 * the write goes to the file it points to, in a folder that must be private too. A write never
 * follows a link planted by someone else: it is refused with the folder, before the link is read.
 */
function writeTarget(path: string, links = 0): string {
  if (links > MAX_LINKS) throw new ActionError(`${path}: too many levels of symbolic links.`)
  const folder = dirname(resolve(path))
  if (!existsSync(folder)) return resolve(path)
  checkPrivateFolder(folder)
  let stats
  try {
    stats = lstatSync(path)
  } catch {
    return resolve(path)
  }
  if (!stats.isSymbolicLink()) return resolve(path)
  const target = resolve(folder, readlinkSync(path))
  return writeTarget(target, links + 1)
}

/** As Linux's ELOOP limit. */
const MAX_LINKS = 40

/** Credentials files hold secrets: owner-only files, in private folders (created 700). */
function writePrivate(path: string, content: string, mode: number): void {
  makePrivateFolder(dirname(path))
  writeFileReplacing(path, content, mode)
}

/** The same file, named twice (AWS_SHARED_CREDENTIALS_FILE = AWS_CONFIG_FILE), maybe by a link. */
function sameFile(a: string, b: string): boolean {
  if (resolve(a) === resolve(b)) return true
  try {
    const [x, y] = [statSync(a), statSync(b)]
    return x.dev === y.dev && x.ino === y.ino
  } catch {
    return false
  }
}

/** A profile in the shared files that the SDKs would take before the credentials endpoint. */
export interface ShadowingProfile {
  profile: string
  path: string
  /** The setting that makes it win, e.g. aws_access_key_id. */
  setting: string
}

/**
 * Settings of a profile that the SDKs' default chains use before the container provider: keys in
 * either file, and in the config file an assume-role, SSO, web identity or process profile
 * (AWS SDKs and Tools reference guide; botocore credentials.py; ../shared/AWS-MFA-FACTS.md).
 */
const CREDENTIAL_SETTINGS = [
  'aws_access_key_id',
  'role_arn',
  'sso_start_url',
  'sso_session',
  'web_identity_token_file',
  'credential_process'
]

/**
 * refresh-credentials: the profile the later steps' SDKs select (AWS_PROFILE, else `default`; the
 * AWS CLI also AWS_DEFAULT_PROFILE), if the shared files give it credentials, which would then
 * silently win over AWS_CONTAINER_CREDENTIALS_FULL_URI. Profiles that aws-profile writes are the
 * endpoint's own and do not count. Undefined when the endpoint wins.
 */
export function shadowingProfile(
  env: NodeJS.ProcessEnv,
  ownProfiles: readonly string[] = []
): ShadowingProfile | undefined {
  const files = profileFiles(env)
  // The SDKs select AWS_PROFILE, else default; the AWS CLI also reads AWS_DEFAULT_PROFILE.
  const sdk = env.AWS_PROFILE || 'default'
  const cli = env.AWS_PROFILE || env.AWS_DEFAULT_PROFILE || 'default'
  const selected = cli === sdk ? [sdk] : [sdk, cli]
  for (const profile of selected) {
    if (ownProfiles.includes(profile)) continue
    const lookIn: Array<[string, (section: string) => boolean]> = [
      [files.credentials, credentialsProfile(profile)],
      [files.config, configProfile(profile)]
    ]
    for (const [path, isProfile] of lookIn) {
      let content: string | undefined
      try {
        content = readNoFollow(path)?.content
      } catch {
        continue // unreadable: the SDKs cannot use it either
      }
      if (!content) continue
      const ini = splitIni(content)
      for (const section of parseIni(ini.lines).sections.filter(s => isProfile(s.name))) {
        const settings = ini.lines
          .slice(section.header + 1, section.last)
          .map(line => /^\s*([^=:#;\s][^=:]*?)\s*[=:]/.exec(line)?.[1].toLowerCase())
        const setting = CREDENTIAL_SETTINGS.find(name => settings.includes(name))
        if (setting) return { profile, path, setting }
      }
    }
  }
  return undefined
}
