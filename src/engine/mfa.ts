import { randomInt } from 'node:crypto'
import { awsClockOffsetMs } from './aws-clock.js'
import type { Clock } from './clock.js'
import { isCodeRefused } from './sts-errors.js'
import { msUntilUsable, oneTimeCode, timeStep, type TotpParams } from './totp.js'

/**
 * Where the one-time code comes from: computed from the device's seed, for as many windows as it
 * takes, or one code a person typed from their device, which can be sent once only.
 */
export type MfaSource = { kind: 'seed'; totp: TotpParams } | { kind: 'code'; code: string }

/** One of a user's MFA devices and its seed (mfa-serial and mfa-seed as lists). */
export interface MfaDevice {
  serial: string
  totp: TotpParams
}

export interface MfaOptions {
  mfa: MfaSource
  /**
   * Several devices of the user: a refused code moves on to the next device at once, and the run
   * waits for a window only when every device's code was refused. Absent: the one device of `mfa`.
   */
  devices?: readonly MfaDevice[]
  /** Index of the device to start at; default random, to spread parallel jobs over the devices. */
  firstDevice?: number
  /** Further windows to try after a refused code. */
  retryWindows: number
  /**
   * The time step of the code each device last had accepted (by serial; '' for the one device of
   * `mfa`), shared by successive calls: a code per role must not resend the previous role's.
   */
  spent?: Map<string, number>
  clock: Clock
  /** Masks the code before it is used (`core.setSecret`). */
  mask(code: string): void
  /** Says why the run waits (`core.notice` / `core.info`). */
  notice(message: string): void
  info(message: string): void
  /** Says that the runner's clock is wrong (`core.warning`); `notice` when absent. */
  warning?(message: string): void
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
 * as wrong or reused is never sent again; another device's code is, at once, or else the next
 * window's. Any other error ends the run. A typed code is tried once. `attempt` gets the serial of
 * the device when `devices` were given.
 */
export async function withOneTimeCode<T>(
  options: MfaOptions,
  attempt: (code: string, serial?: string) => Promise<T>
): Promise<T> {
  if (options.mfa.kind === 'code') return withTypedCode(options, options.mfa.code, attempt)
  const devices: readonly { serial?: string; totp: TotpParams }[] = options.devices?.length
    ? options.devices
    : [{ totp: options.mfa.totp }]
  const { clock } = options
  // Every device is equally likely: parallel matrix jobs share GITHUB_RUN_ID and GITHUB_JOB, so
  // a hash of those would send them all to the same device.
  let next = (options.firstDevice ?? randomInt(devices.length)) % devices.length
  const usedStep = devices.map(d => options.spent?.get(d.serial ?? '') ?? -Infinity)
  // AWS's clock minus ours, learnt from a refusal's Date header.
  let offsetMs = 0
  const awsNow = () => clock.now() + offsetMs
  let refused = 0
  let roundsRefused = 0
  let refusedThisRound = 0
  let lastError: unknown
  for (;;) {
    const now = awsNow()
    const order = devices.map((_, i) => (next + i) % devices.length)
    const index = order.find(i => msUntilUsable(now, devices[i].totp.period, usedStep[i]) === 0)
    if (index === undefined) {
      if (refusedThisRound > 0 && ++roundsRefused > options.retryWindows) {
        throw new MfaAttemptsFailed(lastError, refused)
      }
      await waitForUsableWindow(options, devices, usedStep, awsNow, refusedThisRound, roundsRefused)
      refusedThisRound = 0
      continue
    }
    const { serial, totp } = devices[index]
    const code = await oneTimeCode(totp, now)
    options.mask(code)
    try {
      const result = await attempt(code, serial)
      options.spent?.set(serial ?? '', timeStep(now, totp.period))
      return result
    } catch (error) {
      if (!isCodeRefused(error)) throw new MfaAttemptsFailed(error, refused)
      lastError = error
      refused++
      refusedThisRound++
      usedStep[index] = timeStep(now, totp.period)
      next = (index + 1) % devices.length
      const skew = offsetMs === 0 ? awsClockOffsetMs(error, clock.now()) : undefined
      if (skew !== undefined) {
        offsetMs = skew
        const awsStep = timeStep(awsNow(), totp.period)
        // The refused code was of the wrong window: AWS's current one has not been tried.
        if (awsStep !== usedStep[index]) usedStep[index] = awsStep - 1
        next = index
        refusedThisRound--
        ;(options.warning ?? options.notice)(
          `The runner's clock is ${Math.round(Math.abs(skew) / 1000)} s ` +
            `${skew > 0 ? 'behind' : 'ahead of'} AWS's (the Date of STS's answer), so STS refused ` +
            "its one-time code. Computing the next code from AWS's clock; fix the runner's clock (NTP)."
        )
      } else if (devices.length > 1) {
        options.info(
          `STS refused the code of ${serial}: trying the next device, ${devices[next].serial}.`
        )
      }
    }
  }
}

/**
 * A typed code is sent as it is, at once: the person read it off the device moments ago, and no
 * other code can be made when STS refuses it. They have to type the device's next one.
 */
async function withTypedCode<T>(
  options: MfaOptions,
  code: string,
  attempt: (code: string) => Promise<T>
): Promise<T> {
  options.mask(code)
  try {
    return await attempt(code)
  } catch (error) {
    throw new MfaAttemptsFailed(error, isCodeRefused(error) ? 1 : 0)
  }
}

/** Waits until some device's code can be sent; says why when codes were refused. */
async function waitForUsableWindow(
  options: MfaOptions,
  devices: readonly { totp: TotpParams }[],
  usedStep: number[],
  awsNow: () => number,
  refusedThisRound: number,
  round: number
) {
  const { clock } = options
  const until = () =>
    Math.min(...devices.map((d, i) => msUntilUsable(awsNow(), d.totp.period, usedStep[i])))
  let wait = until()
  if (wait > 0) {
    const seconds = Math.ceil(wait / 1000)
    const period = devices[0].totp.period
    if (refusedThisRound > 0 && devices.length > 1) {
      options.notice(
        `STS refused the current code of all ${devices.length} MFA devices: wrong, or already used ` +
          `(for instance by parallel jobs). Waiting ${seconds} s for the next window's codes ` +
          `(try ${round + 1} of ${options.retryWindows + 1}).`
      )
    } else if (refusedThisRound > 0) {
      options.notice(
        `STS refused the one-time code: it was wrong, or already used in this ${period}-second ` +
          `window (for instance by a parallel job with the same MFA device). Waiting ${seconds} s ` +
          `for the next window's code (try ${round + 1} of ${options.retryWindows + 1}).`
      )
    } else if (usedStep.some((step, i) => step >= timeStep(awsNow(), devices[i].totp.period))) {
      options.info(
        `Waiting ${seconds} s for the next TOTP window: this window's code was accepted ` +
          'already (for the previous role), and AWS accepts each code once.'
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
    wait = until()
  }
}
