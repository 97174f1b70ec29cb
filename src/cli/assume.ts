import { formatCredentials } from './formats.js'
import { HELP, parseCommandLine } from './options.js'
import { obtainRole } from './obtain.js'
import { prepareRole } from './role-command.js'
import type { CommandContext } from './command.js'

/**
 * The default command: options (over a role profile of ~/.aws/config) → seed or code → settings
 * (readSettings, as in the action) → cached credentials, or the day's MFA session, or one-time
 * code → AssumeRole → credentials in the chosen format. Returns the exit code. Standard output
 * gets the credentials and nothing else, only once everything succeeded, so `eval "$(…)"` of a
 * failed run does nothing; messages go to standard error.
 *
 * A `credential_process` answered from the cache loads none of the AWS SDK: obtain.ts imports
 * the engine's flow (with-code.ts, day-session.ts, and the SDK with them) only to call STS.
 */
export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { io } = context
  const options = parseCommandLine(argv)
  if (options.help) {
    io.stdout.write(HELP)
    return 0
  }
  if (options.version) {
    io.stdout.write(`${io.version}\n`)
    return 0
  }
  const resolved = await prepareRole(options, context)
  const format = options.format
  const { credentials, settings } = await obtainRole(resolved, context, {
    cache: format === 'credential-process',
    // The AWS CLI captures a credential_process's standard error: a question there would go unseen.
    prompt: format !== 'credential-process'
  })
  io.stdout.write(formatCredentials(format, credentials, settings.region))
  return 0
}
