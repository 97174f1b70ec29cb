import {
  ROLE_CHAINING_MAX_SECONDS,
  type RoleCredentials,
  type SessionCredentials
} from '../engine/credentials.js'
import { ActionError, InputError } from '../engine/errors.js'
import { UnsafeFolderError } from '../engine/private-files.js'
import { readSettings } from '../settings/read.js'
import type { Settings } from '../settings/settings.js'
import {
  cacheDirectory,
  cacheEntry,
  endpointVariables,
  prepareCacheDirectory,
  readCachedCredentials,
  writeCachedCredentials
} from './cache.js'
import type { CliIo, CommandContext, Log } from './command.js'
import { promptHidden, type MfaInputOrPrompt } from './mfa-input.js'
import { inputReader, type CliOptions, type MfaInput } from './options.js'

/*
 * The role's credentials, however a command gets them: a role profile of ~/.aws/config under the
 * options, the cache (credential-process, exec, login), the day's MFA session (--mfa-session),
 * or one code (a seed's, a typed one, or asked for in the terminal). Nothing here loads the AWS
 * SDK until a cache miss needs it: a cache hit reads a file and prints.
 */

/** A well-formed stand-in for the code the person will be asked for: validated, never sent. */
const PENDING_CODE = '000000'

const NO_CODE_SOURCE =
  'The MFA session for the day is missing or has ended, and a new one needs a one-time code: ' +
  'run the command once in a terminal, where it asks for the code, or give --mfa-seed-file, ' +
  '--mfa-seed-stdin, AWS_MFA_SEED or --mfa-code (or mfa_seed_file in the profile).'

/** What --mfa-session keeps a session for, unless mfa-session-duration-seconds says otherwise. */
const DAY_SESSION_SECONDS = '43200'

export interface ObtainOptions {
  /** Keep the credentials in the private cache and reuse them until 5 minutes before they end. */
  cache: boolean
  /** The person may be asked for the code in the terminal (not for a credential_process). */
  prompt: boolean
}

/** The settings, and how a code is had when one is needed (asked for at most once). */
interface CodeContext {
  settings: Settings
  withCode: () => Promise<Settings>
  canGetCode: boolean
  fresh: (settings: Settings) => Promise<RoleCredentials>
}

function codeContext(
  options: CliOptions,
  mfa: MfaInputOrPrompt,
  io: CliIo,
  log: Log,
  prompt: boolean
): CodeContext {
  const hasSource = Boolean(mfa.seed || mfa.code)
  const asking = !hasSource && Boolean(mfa.prompt) && prompt
  const settingsWith = (input: MfaInput, mask = log.mask): Settings => ({
    ...readSettings(reader(options, input, io), mask, io.env),
    profile: options.profile
  })
  // Everything else is checked before the person is asked: a typo costs them no code. With a day
  // session, no code may be needed at all: a cached session serves without one.
  const standIn = !hasSource && (asking || options.mfaSession)
  const settings = standIn ? settingsWith({ code: PENDING_CODE }, () => {}) : settingsWith(mfa)
  let asked: Settings | undefined
  return {
    settings,
    /** The settings with the code: asked for once, the first time one is needed. */
    withCode: async () => {
      if (hasSource) return settings
      if (!asking) throw new ActionError(NO_CODE_SOURCE)
      asked ??= settingsWith({
        code: await promptHidden(`MFA code for ${settings.mfaSerial}: `, io.stdin, io.stderr)
      })
      return asked
    },
    canGetCode: hasSource || asking,
    fresh: async (withOne: Settings) => {
      const { assumeRoleWithCode } = await import('./with-code.js')
      return assumeRoleWithCode(withOne, io.clock, log)
    }
  }
}

/** The private cache folder, checked; undefined (said why) when it cannot be made. */
function usableDirectory(io: CliIo, log: Log): string | undefined {
  const directory = cacheDirectory(io.env, io.home)
  try {
    prepareCacheDirectory(directory)
    return directory
  } catch (error) {
    // A folder others can write is refused: it could hand us someone else's credentials.
    if (error instanceof UnsafeFolderError) throw error
    // One that cannot be made costs the cache, not the answer.
    log.info(`Could not cache the credentials in ${directory}: ${(error as Error).message}`)
    return undefined
  }
}

function daySessionIo(directory: string, context: CodeContext, io: CliIo, log: Log) {
  return {
    directory,
    endpointVariables: endpointVariables(io.env),
    clock: io.clock,
    info: log.info,
    mask: log.mask,
    onWait: log.info,
    withCode: context.withCode,
    canGetCode: context.canGetCode,
    fresh: context.fresh
  }
}

/**
 * With a day session, the role is at most role chaining's hour: more is refused before any code.
 * Checked here, not in day-session.ts, which loads the AWS SDK: a cache hit must not.
 */
function checkDaySession(options: CliOptions, settings: Settings): void {
  if (!options.mfaSession) return
  const problem = daySessionProblem(settings)
  if (problem) throw new InputError([problem])
}

function daySessionProblem(settings: Settings): string | undefined {
  if (settings.roleArns.length === 0) {
    return (
      'Option --mfa-session needs a role (--role-to-assume, or role_arn in the profile): without ' +
      'one, the MFA session itself is what the command prints.'
    )
  }
  if (settings.roleArns.length > 1) return 'Option --mfa-session takes one role.'
  if (settings.durationSeconds <= ROLE_CHAINING_MAX_SECONDS) return undefined
  return (
    `Invalid --role-duration-seconds '${settings.durationSeconds}': with --mfa-session the role ` +
    'is assumed with the MFA session, which is role chaining, and AWS caps such a role session ' +
    `at one hour (${ROLE_CHAINING_MAX_SECONDS} s). Set it to ${ROLE_CHAINING_MAX_SECONDS} or ` +
    'less, or drop --mfa-session (and mfa_session_duration_seconds) for this role.'
  )
}

/** The role's credentials and the settings they were got with. */
export async function obtainRole(
  options: CliOptions,
  { io, log, mfa }: CommandContext,
  { cache, prompt }: ObtainOptions
): Promise<{ credentials: RoleCredentials; settings: Settings }> {
  const context = codeContext(options, mfa, io, log, prompt)
  const { settings } = context
  checkDaySession(options, settings)
  const directory = cache || options.mfaSession ? usableDirectory(io, log) : undefined
  const source = async (): Promise<RoleCredentials> => {
    if (!options.mfaSession || !directory) return context.fresh(await context.withCode())
    const { roleFromDaySession } = await import('./day-session.js')
    return roleFromDaySession(settings, daySessionIo(directory, context, io, log))
  }
  if (!cache || !directory) return { credentials: await source(), settings }

  // The base keys' profile is part of the answer: --profile, else the SDK's AWS_PROFILE.
  const key = {
    ...settings,
    profile: settings.profile ?? (io.env.AWS_PROFILE || undefined),
    endpointVariables: endpointVariables(io.env)
  }
  const entry = cacheEntry(directory, key, options.mfaSession ? 'mfa-session' : '')
  const fromCache = () => {
    const cached = readCachedCredentials(entry, io.clock.now())
    if (cached) {
      log.info(`Cached credentials of ${cached.arn}, until ${cached.expiration.toISOString()}.`)
    }
    return cached
  }
  const found = fromCache()
  if (found) return { credentials: found, settings }
  // One call at a time per entry: a call that waited finds what the first one cached. The lock's
  // module is loaded here, on a miss: a hit takes no lock.
  const { withLock } = await import('./cache-lock.js')
  const credentials = await withLock(
    `${entry.path}.lock`,
    async () => {
      const cached = fromCache()
      if (cached) return cached
      const assumed = await source()
      try {
        writeCachedCredentials(entry, assumed)
      } catch (error) {
        log.info(`Could not cache the credentials in ${entry.path}: ${(error as Error).message}`)
      }
      return assumed
    },
    { onWait: log.info }
  )
  return { credentials, settings }
}

/**
 * serve: the user's MFA session and the role's first credentials from it, for the credentials
 * server to renew the role from: the day's session with --mfa-session, else a new one of
 * mfa-session-duration-seconds (default 12 hours), for one code.
 */
export async function obtainSession(
  options: CliOptions,
  { io, log, mfa }: CommandContext
): Promise<{ session: SessionCredentials; role: RoleCredentials; settings: Settings }> {
  const context = codeContext(options, mfa, io, log, true)
  const { settings } = context
  checkDaySession(options, settings)
  const directory = options.mfaSession ? usableDirectory(io, log) : undefined
  if (directory) {
    const { sessionAndRole } = await import('./day-session.js')
    const { session, role } = await sessionAndRole(
      settings,
      daySessionIo(directory, context, io, log)
    )
    return { session, role, settings }
  }
  const withOne = await context.withCode()
  const { sessionAndRoleWithCode } = await import('./with-code.js')
  const { session, role } = await sessionAndRoleWithCode(withOne, io.clock, log)
  return { session, role, settings }
}

/** The options as the action's inputs; the profile's region after the environment's. */
function reader(options: CliOptions, input: MfaInput, io: CliIo) {
  const read = inputReader(options, input, io.env, io.username)
  return (name: string) => {
    if (name === 'aws-region') return read(name) || options.profileRegion?.trim() || ''
    if (name === 'mfa-session-duration-seconds' && options.mfaSession) {
      return read(name) || DAY_SESSION_SECONDS
    }
    return read(name)
  }
}
