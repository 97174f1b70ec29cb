import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { constants } from 'node:os'
import {
  CREDENTIAL_VARIABLES,
  regionVariables,
  sessionVariables,
  type RoleCredentials
} from '../engine/credentials.js'
import { ActionError, InputError } from '../engine/errors.js'
import { RUNNING, prepareRole } from './role-command.js'
import type { CommandContext, Log } from './command.js'
import { obtainRole } from './obtain.js'
import { parseCommandLine } from './options.js'

/*
 * `exec [PROFILE] [options] -- COMMAND [ARGS…]`: the command runs with the role's credentials
 * and region in its environment, as with aws-vault exec. The credentials come through the cache
 * (no code while cached ones are good); the user's own keys, the seed and the profile variables
 * are removed from the command's environment; the command's streams are ours, its exit code ours.
 */

/**
 * What the command must not see: the user's keys (and any credentials the shell held), the
 * profile variables (the JS SDK prefers AWS_PROFILE to the keys below), the container endpoint,
 * the seed, and the marker that would make a nested aws-assume-role-mfa refuse to run.
 */
const REMOVED = [
  ...CREDENTIAL_VARIABLES,
  'AWS_PROFILE',
  'AWS_DEFAULT_PROFILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN',
  'AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE',
  'AWS_MFA_SEED',
  RUNNING
]

/** A command that is not there (as a shell reports it), or that cannot be run. */
const NOT_FOUND = 127
const NOT_RUNNABLE = 126

/** The command, as main.ts runs it. */
export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { io, log } = context
  const end = argv.indexOf('--')
  const options = parseCommandLine(end < 0 ? argv : argv.slice(0, end), 'exec')
  if (options.help) {
    io.stdout.write(EXEC_HELP)
    return 0
  }
  const [command, ...args] = end < 0 ? [] : argv.slice(end + 1)
  if (!command) {
    throw new InputError([
      'exec needs the command to run after --, as in: aws-assume-role-mfa exec deploy -- aws sts get-caller-identity'
    ])
  }
  const resolved = await prepareRole(options, context)
  const { credentials, settings } = await obtainRole(resolved, context, {
    cache: true,
    prompt: true
  })
  return runCommand(command, args, commandEnv(io.env, credentials, settings.region), log, io.stdin)
}

/** The environment of the command: ours, less REMOVED, plus the role's credentials and region. */
export function commandEnv(
  env: NodeJS.ProcessEnv,
  credentials: RoleCredentials,
  region: string
): NodeJS.ProcessEnv {
  const result = { ...env }
  for (const name of REMOVED) delete result[name]
  for (const [name, value] of [...sessionVariables(credentials), ...regionVariables(region)]) {
    result[name] = value
  }
  return result
}

/**
 * Runs the command without a shell (on Windows too: no quoting to get wrong), its standard streams
 * ours, and resolves with its exit code, or 128 + the signal's number when a signal ended it.
 * SIGTERM and SIGHUP are passed on; so is SIGINT, unless a terminal sent it to its foreground
 * process group, which the command is in too: it got that Ctrl-C already, and a second one makes
 * some tools (Terraform) stop at once instead of cleanly.
 */
function runCommand(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  log: Log,
  stdin: { isTTY?: boolean }
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env, stdio: 'inherit', shell: false })
    const forward = (signal: NodeJS.Signals) => () => {
      if (signal === 'SIGINT' && sentByTerminal(stdin)) return
      child.kill(signal)
    }
    const handlers = (['SIGINT', 'SIGTERM', 'SIGHUP'] as const).map(
      signal => [signal, forward(signal)] as const
    )
    for (const [signal, handler] of handlers) process.on(signal, handler)
    const done = () => {
      for (const [signal, handler] of handlers) process.removeListener(signal, handler)
    }
    child.once('error', (error: NodeJS.ErrnoException) => {
      done()
      const notFound = error.code === 'ENOENT'
      log.info(
        `aws-assume-role-mfa: cannot run ${command}: ${notFound ? 'no such command' : error.code}` +
          (process.platform === 'win32' ? ' (a .cmd or .bat file needs: -- cmd /c NAME ...)' : '')
      )
      if (error.code === 'ENOENT' || error.code === 'EACCES' || error.code === 'EINVAL') {
        resolve(notFound ? NOT_FOUND : NOT_RUNNABLE)
      } else reject(new ActionError(`Cannot run ${command}: ${error.message}`))
    })
    child.once('exit', (code, signal) => {
      done()
      resolve(code ?? 128 + (signal ? (constants.signals[signal] ?? 0) : 0))
    })
  })
}

/**
 * Whether we are in the foreground process group of our controlling terminal, where a Ctrl-C
 * reaches every process of the group. Linux says so in /proc (pgrp and tpgid of
 * /proc/self/stat); elsewhere, a terminal on standard input is taken to mean it.
 */
function sentByTerminal(stdin: { isTTY?: boolean }): boolean {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // state ppid pgrp session tty_nr tpgid
    const [pgrp, , ttyNr, tpgid] = fields.slice(2, 6).map(Number)
    return ttyNr !== 0 && pgrp === tpgid
  } catch {
    return stdin.isTTY === true
  }
}

export const EXEC_HELP = `Usage: aws-assume-role-mfa exec [PROFILE] [options] -- COMMAND [ARGS...]

Runs COMMAND with the role's temporary credentials and region in its environment
(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_CREDENTIAL_EXPIRATION,
AWS_REGION, AWS_DEFAULT_REGION), and without your own keys, AWS_PROFILE or AWS_MFA_SEED.
The credentials are cached as for --format credential-process: no code while they are good.
The exit code is COMMAND's (128 + N when signal N ended it); SIGINT and SIGTERM are passed on.
COMMAND runs without a shell: write -- sh -c '...' for one.

PROFILE is a profile of ~/.aws/config (role_arn, mfa_serial, source_profile, external_id,
role_session_name, duration_seconds, region, and ours: mfa_seed_file,
mfa_session_duration_seconds); options given here win over it. The options are those of
aws-assume-role-mfa --help, without --format.

Examples:
  aws-assume-role-mfa exec deploy -- terraform plan
  aws-assume-role-mfa exec --role-to-assume arn:aws:iam::123456789012:role/deploy \\
      --mfa-serial arn:aws:iam::123456789012:mfa/alice -- aws s3 ls
`
