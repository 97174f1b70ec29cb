import { formatCredentials } from './formats.js'
import type { MfaInputOrPrompt } from './mfa-input.js'
import { HELP, parseCommandLine } from './options.js'
import { CREDENTIAL_VARIABLES } from '../engine/credentials.js'
import { Log } from './log.js'
import { obtainRole } from './obtain.js'
import { prepareRole, type CliIo, type MfaHolder, type RoleCommandRun } from './role-command.js'
import { runCode } from './code.js'
import { runInit } from './init.js'
import { INIT_HELP, parseInitCommandLine } from './init-options.js'

export type { CliIo } from './role-command.js'

/** The commands that take a role besides the default one, each loaded only when run. */
const ROLE_COMMANDS: Record<string, (() => Promise<{ default: RoleCommandRun }>) | undefined> = {
  exec: () => import('./exec.js'),
  serve: () => import('./serve.js'),
  login: () => import('./login.js')
}

/**
 * The command: options → seed or code → settings (readSettings, as in the action) → cached
 * credentials, or one-time code → AssumeRole → credentials in the chosen format. Returns the exit
 * code. Standard output gets the credentials and nothing else, only once everything succeeded,
 * so `eval "$(…)"` of a failed run does nothing; messages go to standard error.
 */
export async function runCli(io: CliIo): Promise<number> {
  const log = new Log(io.stderr)
  let mfa: MfaInputOrPrompt = {}
  const mfaOf: MfaHolder = read => (mfa = read ?? mfa)
  try {
    const [command, ...rest] = io.argv
    if (command === 'init') return await init(rest, io, log)
    if (command === 'code') {
      await runCode(rest, { ...io, info: log.info, mask: log.mask }, mfa)
      return 0
    }
    const roleCommand = ROLE_COMMANDS[command]
    if (roleCommand) return await (await roleCommand()).default(rest, io, log, mfaOf)
    const options = parseCommandLine(io.argv)
    if (options.help) {
      io.stdout.write(HELP)
      return 0
    }
    if (options.version) {
      io.stdout.write(`${io.version}\n`)
      return 0
    }
    const resolved = await prepareRole(options, io, mfaOf)
    const format = options.format
    const { credentials, settings } = await obtainRole(resolved, mfaOf(), io, log, {
      cache: format === 'credential-process',
      // The AWS CLI captures a credential_process's standard error: a question there would go unseen.
      prompt: format !== 'credential-process'
    })
    io.stdout.write(formatCredentials(format, credentials, settings.region))
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
