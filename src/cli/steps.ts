import { ActionError, InputError } from '../engine/errors.js'

/**
 * The machinery of `init` (and of `rotate`): a list of steps run in order, each of which says what
 * it does, makes something, and knows how to remove it again; one journal of what this run made;
 * a rollback of exactly that journal, newest first; and the signals that stop a run.
 *
 * A step's `create` is sent once (its IAM client makes no retries). When it fails without a clear
 * answer (a 5xx, a timeout, a lost connection: IAM may have acted), the step's `reconcile` looks
 * at what exists and says whether this run made it; the runner never guesses from a retry's
 * `EntityAlreadyExists` (AWS-MFA-FACTS: create calls that may have reached IAM before an error).
 */

/** Something this run made, and how to remove it: by the run, or by hand with `commands`. */
export interface Undo {
  /** "the IAM user ci-deploy" */
  what: string
  /** What a person runs to remove it, in order (e.g. deactivate, then delete). */
  commands: string[]
  run(): Promise<void>
}

export interface Step<T> {
  /** Named in "failed at …", e.g. CreateUser. */
  name: string
  create(): Promise<T>
  /**
   * After `create` failed ambiguously: what it made, if it made anything (then the run goes on
   * as if it had answered), or undefined (then its error stands). It may also remove what it
   * finds and throw a clearer error, for things nobody can use (a key whose secret was lost).
   */
  reconcile?(error: unknown): Promise<T | undefined>
  /** How to remove what `create` made; undefined when it made nothing to remove. */
  undo?(made: T): Undo | undefined
  /** Said once it is done. */
  describe?(made: T): string
}

export interface StepIo {
  info(message: string): void
  /** Ends the process (a second signal during the rollback): process.exit in the CLI. */
  exit(code: number): void
}

/** The signals that stop a run: Ctrl-C, `kill`, and a closed terminal. */
export const STOP_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP']
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = {
  SIGHUP: 1,
  SIGINT: 2,
  SIGTERM: 15
}

/** Thrown at the next step boundary after a stop signal. */
export class Interrupted extends ActionError {
  constructor(readonly signal: NodeJS.Signals) {
    super(`Interrupted by ${signal}.`)
  }
}

/**
 * A failure whose outcome is unknown: no HTTP answer at all, or a 5xx (IAM may have acted before
 * it failed), or an answer the client could not read. A 4xx is IAM saying it did nothing; our own
 * refusals and a local file's errors say nothing about IAM.
 */
export function isAmbiguous(error: unknown): boolean {
  if (error instanceof ActionError || error instanceof InputError) return false
  if (typeof (error as NodeJS.ErrnoException)?.syscall === 'string') {
    // A system call of this process (a file), unless the network's: no answer came.
    return /^(connect|read|write|getaddrinfo)$/.test((error as NodeJS.ErrnoException).syscall!)
  }
  const status = (error as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode
  return status === undefined || status >= 500
}

export class StepRunner {
  /** What this run made, oldest first. */
  readonly journal: Undo[] = []
  /** The step under way, for "failed at …". */
  current = ''
  private signal?: NodeJS.Signals
  private rollingBack = false
  /** What the rollback has not removed yet, newest first, while it runs. */
  private left: Undo[] = []
  private readonly onSignal = (signal: NodeJS.Signals) => this.stopBy(signal)

  constructor(private readonly io: StepIo) {}

  /**
   * Catches the stop signals from now until `stop()`. After SIGHUP the terminal may be gone, and
   * writing to it fail (EIO): such an error must not end the process in the middle of a rollback.
   */
  start(): void {
    for (const signal of STOP_SIGNALS) process.on(signal, this.onSignal)
    process.stderr.on('error', ignore)
    process.stdout.on('error', ignore)
  }

  stop(): void {
    for (const signal of STOP_SIGNALS) process.off(signal, this.onSignal)
    process.stderr.off('error', ignore)
    process.stdout.off('error', ignore)
  }

  /** Throws Interrupted if a stop signal came: at every step boundary and inside long waits. */
  check(): void {
    if (this.signal) throw new Interrupted(this.signal)
  }

  /** Runs one step: checks for a signal first and after, journals what it made. */
  async run<T>(step: Step<T>): Promise<T> {
    this.check()
    this.current = step.name
    let made: T
    try {
      made = await step.create()
    } catch (error) {
      if (!step.reconcile || !isAmbiguous(error)) throw error
      this.io.info(`${step.name} failed (${describe(error)}): checking whether it took effect.`)
      const found = await step.reconcile(error)
      if (found === undefined) throw error
      made = found
      this.io.info(`${step.name} had taken effect: going on.`)
    }
    const undo = step.undo?.(made)
    if (undo) this.journal.push(undo)
    const said = step.describe?.(made)
    if (said) this.io.info(said)
    this.check()
    return made
  }

  /**
   * Takes something out of the journal: it is in use now (a secret names the new key), so neither
   * a rollback nor a second signal's list may remove it.
   */
  forget(undo: Undo): void {
    const at = this.journal.indexOf(undo)
    if (at >= 0) this.journal.splice(at, 1)
  }

  /** Records something made outside `run` (rotate: the old key id, put back if the step fails). */
  record(undo: Undo): void {
    this.journal.push(undo)
  }

  /**
   * Removes what this run made, newest first; returns what it could not remove, in the order a
   * person must remove it. A signal during the rollback (a second one, or a first one after a
   * failure) ends the process at once, listing what is left with its commands; so does a second
   * signal before the rollback begins (a slow step: gh, or a hung request).
   */
  async rollBack(): Promise<Undo[]> {
    this.rollingBack = true
    this.left = [...this.journal].reverse()
    const failed: Undo[] = []
    while (this.left.length > 0) {
      const undo = this.left[0]
      try {
        await undo.run()
        this.io.info(`Rolled back: removed ${undo.what}.`)
      } catch (error) {
        this.io.info(`Could not remove ${undo.what}: ${describe(error)}`)
        failed.push(undo)
      }
      this.left.shift()
    }
    this.rollingBack = false
    return failed
  }

  private stopBy(signal: NodeJS.Signals): void {
    if (!this.rollingBack && !this.signal) {
      this.signal = signal
      this.io.info(
        `${signal}: stopping, and undoing what this run created (the same again to stop at once).`
      )
      return
    }
    // A second signal: stop at once, saying what is left (all of it, before the rollback began).
    const left = this.rollingBack ? this.left : [...this.journal].reverse()
    const lines = [`${signal}: stopped at once. Left, to remove by hand in this order:`]
    for (const undo of left) lines.push(...undoLines(undo))
    if (left.length === 0) lines.push('  nothing.')
    this.io.info(lines.join('\n'))
    this.io.exit(128 + (SIGNAL_NUMBERS[signal] ?? 0))
  }
}

const ignore = () => {}

/**
 * A read made before any step (IAM's, STS's): when it fails, nothing was changed, and the error
 * says so and what the command needs, in `afterwards`.
 */
export async function readBeforeSteps<T>(
  what: string,
  call: () => Promise<T>,
  afterwards: string
): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new ActionError(`Cannot ${what} (${describe(error)}). ${afterwards}`, { cause: error })
  }
}

/**
 * A failure's last lines: what the rollback could not undo, with the commands a person runs in
 * their order, under `heading`; none when it undid everything.
 */
export function notUndoneLines(
  notUndone: readonly Undo[],
  heading = 'Could not undo; remove by hand, in this order:'
): string[] {
  return notUndone.length === 0 ? [] : [heading, ...notUndone.flatMap(undoLines)]
}

/** "  the IAM user x: aws iam delete-user --user-name x" (one line per command). */
export function undoLines(undo: Undo): string[] {
  return undo.commands.map(command => `  ${undo.what}: ${command}`)
}

export function describe(error: unknown): string {
  if (error instanceof ActionError) return error.message
  const e = error as { name?: string; message?: string }
  const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : ''
  return `${name}${e?.message ?? String(error)}`
}
