import { InputError } from '../engine/errors.js'
import type { Clock } from '../engine/clock.js'
import { msUntilUsable, oneTimeCode } from '../engine/totp.js'
import { parseSeed } from '../settings/mfa-inputs.js'
import { readMfaInput, type Input } from './mfa-input.js'
import { parseUsage, type MfaInput } from './options.js'
import type { CommandContext } from './command.js'
import type { Output } from './output.js'

/**
 * `aws-assume-role-mfa code`: the device's current code from its seed, for a person who must type
 * one (the console's sign-in, a form) and has no authenticator at hand. Standard output gets the
 * 6 digits and nothing else. A code with less than the action's margin left is not shown: the
 * next window's is, after a wait.
 */
export interface CodeIo {
  env: NodeJS.ProcessEnv
  stdin: Input
  stdout: Output
  stderr: Output
  clock: Clock
  info(message: string): void
  mask(secret: string): void
}

/** The command, as main.ts runs it. */
export async function run(argv: string[], { io, log, mfa }: CommandContext): Promise<number> {
  await runCode(argv, { ...io, info: log.info, mask: log.mask }, mfa)
  return 0
}

/** Returns the MFA input read, so that failures name its source. */
export async function runCode(argv: string[], io: CodeIo, seen: MfaInput): Promise<void> {
  const options = parseCodeCommandLine(argv)
  if (options.help) {
    io.stdout.write(CODE_HELP)
    return
  }
  const cliOptions = { ...options, help: false, version: false, format: 'sh' as const, inputs: {} }
  const mfa = await readMfaInput(cliOptions, io.env, io)
  Object.assign(seen, mfa)
  if (mfa.seed === undefined) {
    throw new InputError([
      'No seed: set AWS_MFA_SEED, or give --mfa-seed-file FILE or --mfa-seed-stdin.'
    ])
  }
  io.mask(mfa.seed)
  const problems: string[] = []
  const totp = parseSeed(mfa.seed.trim(), problems, io.mask)
  if (problems.length > 0) throw new InputError(problems)
  let wait = msUntilUsable(io.clock.now(), totp.period)
  if (wait > 0) {
    io.info(
      `Waiting ${Math.ceil(wait / 1000)} s for the next TOTP window: the current code expires too soon.`
    )
  }
  while (wait > 0) {
    await io.clock.sleep(wait)
    wait = msUntilUsable(io.clock.now(), totp.period)
  }
  io.stdout.write(`${await oneTimeCode(totp, io.clock.now())}\n`)
}

function parseCodeCommandLine(argv: string[]) {
  const values = parseUsage(
    argv,
    {
      'mfa-seed-file': { type: 'string' },
      'mfa-seed-stdin': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' }
    },
    'the seed is never an argument (shell history and ps would keep it).'
  )
  if (values['mfa-seed-file'] && values['mfa-seed-stdin']) {
    throw new InputError([
      'Options --mfa-seed-file and --mfa-seed-stdin were both given: give one.'
    ])
  }
  return {
    help: values.help === true,
    mfaSeedFile: (values['mfa-seed-file'] as string | undefined) || undefined,
    mfaSeedStdin: values['mfa-seed-stdin'] === true
  }
}

export const CODE_HELP = `Usage: aws-assume-role-mfa code [--mfa-seed-file FILE | --mfa-seed-stdin]

Prints the virtual MFA device's current one-time code, computed from its seed, and nothing else
on standard output: for the AWS console's sign-in, without an authenticator app or oathtool.
When the current code has less than 5 seconds left, it waits for the next one.

  AWS_MFA_SEED                  environment variable holding the base32 seed (or otpauth:// URI)
  --mfa-seed-file FILE          file holding the seed; must be readable by you only (chmod 600)
  --mfa-seed-stdin              read the seed from standard input
  -h, --help                    this help
`
