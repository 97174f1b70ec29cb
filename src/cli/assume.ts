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
import { promptHidden, readMfaInput, type MfaInputOrPrompt } from './mfa-input.js'
import { HELP, inputReader, parseCommandLine, type CliOptions, type MfaInput } from './options.js'
import { ActionError } from '../engine/errors.js'
import { readSettings } from '../settings/read.js'
import type { Settings } from '../settings/settings.js'
import { CREDENTIAL_VARIABLES, type RoleCredentials } from '../engine/credentials.js'
import type { CliIo, CommandContext, Log } from './command.js'

/**
 * Set while the CLI runs, and inherited by the processes the AWS SDK starts. A profile whose
 * credential_process is this CLI, used for the base credentials, would start it again, and again.
 */
const RUNNING = 'AWS_ASSUME_ROLE_MFA_RUNNING'

/** A well-formed stand-in for the code the person will be asked for: validated, never sent. */
const PENDING_CODE = '000000'

/**
 * The default command: options → seed or code → settings (readSettings, as in the action) → cached
 * credentials, or one-time code → AssumeRole → credentials in the chosen format. Returns the exit
 * code. Standard output gets the credentials and nothing else, only once everything succeeded,
 * so `eval "$(…)"` of a failed run does nothing; messages go to standard error.
 *
 * A `credential_process` answered from the cache loads none of the AWS SDK: only a call that
 * assumes the role imports the engine's flow (engine/assume-role.ts and the SDK with it).
 */
export async function run(argv: string[], { io, log, mfa: seen }: CommandContext): Promise<number> {
  const options = parseCommandLine(argv)
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
  const mfa = await readMfaInput(options, io.env, io)
  Object.assign(seen, mfa)
  io.stdout.write(await credentialsText(options, mfa, io, log))
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
  // Here, and only here, the SDK is loaded (a chunk of its own in dist/cli/).
  const [{ obtainCredentials }, { obtainRequest }] = await Promise.all([
    import('../engine/assume-role.js'),
    import('../settings/engine-requests.js')
  ])
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
