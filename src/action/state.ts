import { basename, isAbsolute } from 'node:path'
import * as core from '@actions/core'

/*
 * What the main step leaves for the post step: the runner keeps it in clear and hands it over as
 * STATE_<key>. Saved and read here only, so that main and post cannot disagree on a name or a
 * shape; what the post step reads is checked before it is used (it deletes folders and signals
 * processes by what it finds), and the post step reads what the main step decided, never an input.
 */

/** The keys of the action's state. */
export const State = {
  /** Set by the main step: the same bundle then runs as the post step. */
  IsPost: 'isPost',
  /** The path of the owner-only snapshot of the profile files that aws-profile changed. */
  ProfileSnapshot: 'profileSnapshot',
  /** refresh-credentials: the credentials server's pid, port and folder (never its token). */
  Endpoint: 'credentialsEndpoint'
} as const

/** The credentials server, as the post step finds it, and how its log is summarised. */
export interface SavedEndpoint {
  pid: number
  port: number
  /** The owner-only folder under RUNNER_TEMP with its log (and the profile's token file). */
  dir: string
  /** mask-aws-account-id, as the main step read it: the log's summary hides account ids. */
  hideAccounts: boolean
}

/** A state value that the main step did not write as it is: the post step leaves it alone. */
export class StateError extends Error {
  constructor(key: string) {
    super(`the state ${key} is not what the main step saves`)
    this.name = 'StateError'
  }
}

/** The folders the action makes (under RUNNER_TEMP) all start so. */
const FOLDER_PREFIX = 'aws-assume-role-mfa-'

export function markPost(): void {
  core.saveState(State.IsPost, 'true')
}

export function isPost(): boolean {
  return core.getState(State.IsPost) !== ''
}

export function saveProfileSnapshot(path: string): void {
  core.saveState(State.ProfileSnapshot, path)
}

/** The snapshot's path, if aws-profile wrote one: profile-files.json in a folder of ours. */
export function readProfileSnapshot(): string | undefined {
  const path = core.getState(State.ProfileSnapshot)
  if (!path) return undefined
  if (!isAbsolute(path) || basename(path) !== 'profile-files.json') {
    throw new StateError(State.ProfileSnapshot)
  }
  return path
}

export function saveEndpoint(endpoint: SavedEndpoint): void {
  const { pid, port, dir, hideAccounts } = endpoint
  core.saveState(State.Endpoint, JSON.stringify({ pid, port, dir, hideAccounts }))
}

/** The credentials server the main step started, if any. */
export function readEndpoint(): SavedEndpoint | undefined {
  const text = core.getState(State.Endpoint)
  if (!text) return undefined
  let value: Partial<SavedEndpoint> | undefined
  try {
    value = JSON.parse(text) as Partial<SavedEndpoint>
  } catch {
    throw new StateError(State.Endpoint)
  }
  const { pid, port, dir, hideAccounts } = value ?? {}
  if (
    !Number.isInteger(pid) ||
    (pid as number) <= 0 ||
    !Number.isInteger(port) ||
    (port as number) <= 0 ||
    (port as number) > 65535 ||
    typeof dir !== 'string' ||
    !isAbsolute(dir) ||
    !basename(dir).startsWith(FOLDER_PREFIX) ||
    typeof hideAccounts !== 'boolean'
  ) {
    throw new StateError(State.Endpoint)
  }
  return { pid: pid as number, port: port as number, dir, hideAccounts }
}
