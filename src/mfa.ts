import { isCodeRefused } from './errors.js'
import { msUntilUsable, oneTimeCode, timeStep, type TotpParams } from './totp.js'

/** Time, injectable so tests control it. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
}

export interface MfaOptions {
  totp: TotpParams
  /** Further windows to try after a refused code. */
  retryWindows: number
  clock: Clock
  /** Masks the code before it is used (`core.setSecret`). */
  mask(code: string): void
  /** Says why the run waits (`core.notice` / `core.info`). */
  notice(message: string): void
  info(message: string): void
}

/** The STS call failed for good: its last error, and how many codes STS refused before it. */
export class MfaAttemptsFailed extends Error {
  constructor(
    readonly last: unknown,
    readonly refusedCodes: number
  ) {
    super(`STS call failed after ${refusedCodes} refused one-time code(s)`)
    this.name = 'MfaAttemptsFailed'
  }
}

/**
 * Calls `attempt` with a fresh code until STS accepts one. AWS accepts a code once: a code refused
 * as wrong or reused is never sent again; the next window's code is. Any other error ends the run.
 */
export async function withOneTimeCode<T>(
  options: MfaOptions,
  attempt: (code: string) => Promise<T>
): Promise<T> {
  const { totp, clock } = options
  let usedStep = -Infinity
  for (let refused = 0; ;) {
    await waitForUsableWindow(options, usedStep, refused)
    const now = clock.now()
    const code = await oneTimeCode(totp, now)
    options.mask(code)
    try {
      return await attempt(code)
    } catch (error) {
      if (!isCodeRefused(error) || ++refused > options.retryWindows) {
        throw new MfaAttemptsFailed(error, refused)
      }
      usedStep = timeStep(now, totp.period)
    }
  }
}

async function waitForUsableWindow(options: MfaOptions, usedStep: number, refused: number) {
  const { clock, totp } = options
  let wait = msUntilUsable(clock.now(), totp.period, usedStep)
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000)
    if (refused > 0) {
      options.notice(
        `STS refused the one-time code: it was wrong, or already used in this ${totp.period}-second ` +
          `window (for instance by a parallel job with the same MFA device). Waiting ${seconds} s ` +
          `for the next window's code (try ${refused + 1} of ${options.retryWindows + 1}).`
      )
    } else {
      options.info(
        `Waiting ${seconds} s for the next TOTP window: the current code expires too soon.`
      )
    }
  }
  // Timers may fire a hair early: check again rather than trust one sleep.
  while (wait > 0) {
    await clock.sleep(wait)
    wait = msUntilUsable(clock.now(), totp.period, usedStep)
  }
}
