/**
 * Errors are typed where they are raised and rendered in one place (failureLines), for the action's
 * log and the CLI's standard error alike. Every message names what is wrong and how to fix it, and
 * never contains a secret. What STS's refusals mean is sts-errors.ts's: only code that calls STS
 * loads it (a cache hit of the CLI does not).
 */

/** One or more inputs are invalid. Raised before any network call; nothing has been exported. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'InputError'
  }
}

/** A failure a person can act on: what happened, and what to do about it. */
export class ActionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ActionError'
  }
}

/**
 * What a failure says to a person: one line per input problem, else the message with its advice.
 * Anything else is a bug of ours, said as such.
 */
export function failureLines(error: unknown): string[] {
  if (error instanceof InputError) return error.problems
  if (error instanceof ActionError) return [error.message]
  return [`Unexpected error: ${error instanceof Error ? error.message : String(error)}`]
}
