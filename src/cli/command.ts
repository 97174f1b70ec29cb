import { ActionError, InputError, failureLines } from '../engine/errors.js'
import type { Clock } from '../engine/clock.js'
import type { Input, MfaInputOrPrompt } from './mfa-input.js'
import type { Output } from './output.js'
import { renderMessage, type MfaInput } from './options.js'

/** What every command gets: the CLI's surroundings, its log, and a record of the MFA input. */

/** The CLI's surroundings, injectable: the entry (index.ts) passes the process's own. */
export interface CliIo {
  argv: string[]
  /** The process's environment: the AWS SDK reads it, and the processes it starts inherit it. */
  env: NodeJS.ProcessEnv
  stdin: Input
  stdout: Output
  stderr: Output
  clock: Clock
  home: string
  username: string
  /** The package's version, for --version. */
  version: string
}

export interface CommandContext {
  io: CliIo
  log: Log
  /** Where the command read the seed or code from, once it has: failure messages name it. */
  mfa: MfaInputOrPrompt
}

/**
 * A command: its arguments (after its name) → exit code. Each lives in a module of its own, which
 * main.ts loads only when the command is run.
 */
export type Command = (argv: string[], context: CommandContext) => Promise<number>

/** What only the CLI can add when the SDK's default chain found no keys: where it looked. */
const NO_BASE_CREDENTIALS =
  "The IAM user's keys are looked for in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, then in " +
  'the profile named by --profile or AWS_PROFILE (else default) of ~/.aws/credentials and ' +
  '~/.aws/config. A profile whose credential_process is aws-assume-role-mfa cannot be that profile.'

const MIN_MASKED_LENGTH = 10

/** Standard error, with every secret it was told of replaced by ***, as the runner masks a log. */
export class Log {
  private readonly secrets = new Set<string>()

  constructor(private readonly stderr: Output) {}

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
