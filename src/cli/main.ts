import * as credentials from './assume.js'
import { Log, type CliIo, type Command, type CommandContext } from './command.js'

export type { CliIo } from './command.js'

/**
 * The named commands, each in a module of its own that is loaded (`import()`: a chunk of its own
 * in dist/cli/) only when that command runs. A new command is one line here and a module that
 * exports `run`.
 */
const COMMANDS: Record<string, () => Promise<{ run: Command }>> = {
  code: () => import('./code.js'),
  init: () => import('./init.js')
}

/**
 * Without a command name: the role's credentials (assume.ts). The one command that is part of the
 * entry: as a profile's credential_process it runs before every AWS CLI command, and a cache hit
 * must cost little more than starting Node (docs/design.md, Performance). It loads the AWS SDK
 * itself, and only when it calls STS.
 */
const DEFAULT_COMMAND: Command = credentials.run

/**
 * The command line's first word picks the command; anything else is an option of the default
 * command. Returns the exit code. Failures of every command are rendered here, on standard error.
 */
export async function runCli(io: CliIo): Promise<number> {
  const context: CommandContext = { io, log: new Log(io.stderr), mfa: {} }
  try {
    const [name, ...rest] = io.argv
    const load = name !== undefined && Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined
    if (!load) return await DEFAULT_COMMAND(io.argv, context)
    const { run } = await load()
    return await run(rest, context)
  } catch (error) {
    context.log.failure(error, context.mfa)
    return 1
  }
}
