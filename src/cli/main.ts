import { obtainCredentials } from '../engine/assume-role.js'
import {
  cacheDirectory,
  cacheFile,
  prepareCacheDirectory,
  readCachedCredentials,
  writeCachedCredentials
} from './cache.js'
import { withLock } from './cache-lock.js'
import { UnsafeFolderError } from '../engine/private-files.js'
import { formatCredentials } from './formats.js'
import { promptHidden, readMfaInput, type Input, type MfaInputOrPrompt } from './mfa-input.js'
import {
  HELP,
  inputReader,
  parseCommandLine,
  renderMessage,
  type CliOptions,
  type MfaInput
} from './options.js'
import { ActionError, InputError, failureLines } from '../engine/errors.js'
import { obtainRequest } from '../settings/engine-requests.js'
import { readSettings } from '../settings/read.js'
import type { Settings } from '../settings/settings.js'
import type { Clock } from '../engine/clock.js'
import { CREDENTIAL_VARIABLES, type RoleCredentials } from '../engine/credentials.js'
import { runCode } from './code.js'
import { runInit } from './init.js'
import { INIT_HELP, parseInitCommandLine } from './init-options.js'

/** The CLI's surroundings, injectable: the entry (cli.ts) passes the process's own. */
export interface CliIo {
  argv: string[]
  /** The process's environment: the AWS SDK reads it, and the processes it starts inherit it. */
  env: NodeJS.ProcessEnv
  stdin: Input
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
  clock: Clock
  home: string
  username: string
  /** The package's version, for --version. */
  version: string
}

/**
 * Set while the CLI runs, and inherited by the processes the AWS SDK starts. A profile whose
 * credential_process is this CLI, used for the base credentials, would start it again, and again.
 */
const RUNNING = 'AWS_ASSUME_ROLE_MFA_RUNNING'

/** A well-formed stand-in for the code the person will be asked for: validated, never sent. */
const PENDING_CODE = '000000'

/**
 * The command: options → seed or code → settings (readSettings, as in the action) → cached
 * credentials, or one-time code → AssumeRole → credentials in the chosen format. Returns the exit
 * code. Standard output gets the credentials and nothing else, only once everything succeeded,
 * so `eval "$(…)"` of a failed run does nothing; messages go to standard error.
 */
export async function runCli(io: CliIo): Promise<number> {
  const log = new Log(io.stderr)
  let mfa: MfaInputOrPrompt = {}
  try {
    const [command, ...rest] = io.argv
    if (command === 'init') return await init(rest, io, log)
    if (command === 'code') {
      await runCode(rest, { ...io, info: log.info, mask: log.mask }, mfa)
      return 0
    }
    const options = parseCommandLine(io.argv)
    if (options.help) {
      io.stdout.write(HELP)
      return 0
    }
    if (options.version) {
      io.stdout.write(`${io.version}\n`)
      return 0
    }
    if (io.env[RUNNING]) throw new ActionError(RECURSION)
    io.env[RUNNING] = '1'
    // --profile names the user's keys: keys left in the environment (by an earlier eval of this
    // command, say) must not compete with them, which the SDK allows only with a warning.
    if (options.profile) for (const name of CREDENTIAL_VARIABLES) delete io.env[name]
    mfa = await readMfaInput(options, io.env, io.stdin, io.stderr)
    io.stdout.write(await credentialsText(options, mfa, io, log))
    return 0
  } catch (error) {
    log.failure(error, mfa)
    return 1
  }
}

/** `init`: set-up, once, by an administrator (init.ts). */
async function init(argv: string[], io: CliIo, log: Log): Promise<number> {
  const options = parseInitCommandLine(argv)
  if (options.help) {
    io.stdout.write(INIT_HELP)
    return 0
  }
  // --profile names the administrator's keys: keys in the environment must not compete with them.
  if (options.profile) for (const name of CREDENTIAL_VARIABLES) delete io.env[name]
  await runInit(options, {
    env: io.env,
    stdout: io.stdout,
    clock: io.clock,
    info: log.info,
    mask: log.mask
  })
  return 0
}

async function credentialsText(
  options: CliOptions,
  mfa: MfaInputOrPrompt,
  io: CliIo,
  log: Log
): Promise<string> {
  // The AWS CLI captures a credential_process's standard error: a question there would go unseen.
  const prompt = mfa.prompt && options.format !== 'credential-process'
  const settingsWith = (input: MfaInput, mask = log.mask): Settings => ({
    ...readSettings(inputReader(options, input, io.env, io.username), mask, io.env),
    profile: options.profile
  })
  // Everything else is checked before the person is asked: a typo costs them no code.
  const settings = prompt ? settingsWith({ code: PENDING_CODE }, () => {}) : settingsWith(mfa)
  const format = (credentials: RoleCredentials) =>
    formatCredentials(options.format, credentials, settings.region)

  if (options.format !== 'credential-process') {
    return format(await assumeRole(settings, io, log, prompt ? settingsWith : undefined))
  }
  // The base keys' profile is part of the answer: --profile, else the SDK's AWS_PROFILE.
  const key = { ...settings, profile: settings.profile ?? (io.env.AWS_PROFILE || undefined) }
  const directory = cacheDirectory(io.env, io.home)
  const cache = cacheFile(directory, key)
  try {
    prepareCacheDirectory(directory)
  } catch (error) {
    // A folder others can write is refused: it could hand us someone else's credentials.
    if (error instanceof UnsafeFolderError) throw error
    // One that cannot be made costs the cache, not the answer.
    log.info(`Could not cache the credentials in ${cache}: ${(error as Error).message}`)
    return format(await assumeRole(settings, io, log))
  }
  const fromCache = () => {
    const cached = readCachedCredentials(cache, io.clock.now())
    if (cached) {
      log.info(`Cached credentials of ${cached.arn}, until ${cached.expiration.toISOString()}.`)
    }
    return cached
  }
  const found = fromCache()
  if (found) return format(found)
  // One call at a time per entry: a call that waited finds what the first one cached.
  const credentials = await withLock(
    `${cache}.lock`,
    async () => {
      const cached = fromCache()
      if (cached) return cached
      const assumed = await assumeRole(settings, io, log)
      try {
        writeCachedCredentials(cache, assumed)
      } catch (error) {
        log.info(`Could not cache the credentials in ${cache}: ${(error as Error).message}`)
      }
      return assumed
    },
    { onWait: log.info }
  )
  return format(credentials)
}

/** Asks for the code first when `askCode` is given (a terminal, no seed), then AssumeRole. */
async function assumeRole(
  settings: Settings,
  io: CliIo,
  log: Log,
  askCode?: (input: MfaInput) => Settings
): Promise<RoleCredentials> {
  if (askCode) {
    const question = `MFA code for ${settings.mfaSerial}: `
    settings = askCode({ code: await promptHidden(question, io.stdin, io.stderr) })
  }
  log.info(`Assuming ${settings.roleArn} with MFA device ${settings.mfaSerial}.`)
  const [credentials] = (
    await obtainCredentials(obtainRequest(settings), {
      clock: io.clock,
      mask: log.mask,
      notice: log.info,
      info: log.info
    })
  ).roles
  for (const secret of [credentials.secretAccessKey, credentials.sessionToken]) log.mask(secret)
  log.info(`Assumed ${credentials.arn} until ${credentials.expiration.toISOString()}.`)
  return credentials
}

const RECURSION =
  'aws-assume-role-mfa was started by itself: the profile that gives the base credentials ' +
  '(--profile, or AWS_PROFILE) has this command as its credential_process. Give --profile the ' +
  "profile with the IAM user's own keys."

/** What only the CLI can add when the SDK's default chain found no keys: where it looked. */
const NO_BASE_CREDENTIALS =
  "The IAM user's keys are looked for in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then in " +
  'the profile named by --profile or AWS_PROFILE (else default) of ~/.aws/credentials and ' +
  '~/.aws/config. A profile whose credential_process is aws-assume-role-mfa cannot be that profile.'

const MIN_MASKED_LENGTH = 10

/** Standard error, with every secret it was told of replaced by ***, as the runner masks a log. */
class Log {
  private readonly secrets = new Set<string>()

  constructor(private readonly stderr: NodeJS.WritableStream) {}

  /**
   * One-time codes are too short to mask without hiding digits of ARNs and times; no message
   * quotes them, and a code is spent once used. Seeds, keys and tokens are long.
   */
  readonly mask = (secret: string): void => {
    if (secret.length >= MIN_MASKED_LENGTH) this.secrets.add(secret)
  }

  readonly info = (message: string): void => {
    this.stderr.write(this.redact(message) + '\n')
  }

  /** Rendered as in the action's log, plus what only the CLI can add. */
  failure(error: unknown, mfa: MfaInput): void {
    for (const line of failureLines(error)) {
      this.info(`aws-assume-role-mfa: ${renderMessage(line, mfa)}`)
    }
    if (error instanceof InputError) this.info('Run aws-assume-role-mfa --help for the options.')
    const cause = error instanceof ActionError ? (error.cause as { name?: string }) : undefined
    if (cause?.name === 'CredentialsProviderError') this.info(NO_BASE_CREDENTIALS)
  }

  private redact(text: string): string {
    const longestFirst = [...this.secrets].sort((a, b) => b.length - a.length)
    return longestFirst.reduce((masked, secret) => masked.split(secret).join('***'), text)
  }
}
