// @ts-check
// MFA code verification as STS does it for virtual devices (see AWS-MFA-FACTS.md): RFC 6238
// SHA-1, 6 digits, 30 s steps, a little drift either side, every code at most once, and a cap
// on verifications per device.
import { accessDenied, MFA_MESSAGES } from './errors.js'
import { totpCode } from './totp.js'

/** @typedef {import('./principals.js').MfaDevice} MfaDevice */

const PERIOD_SECONDS = 30
/** AWS counts verifications per device over about three minutes (observed). */
const BUDGET_WINDOW_MS = 180_000

/**
 * @typedef {object} DeviceState
 * @property {number} lastAcceptedStep
 * @property {number[]} acceptedSteps
 * @property {number[]} attempts epoch ms of each verification counted against the budget
 */

export class MfaVerifier {
  /** @type {Map<string, DeviceState>} */
  #devices = new Map()
  #driftWindows
  #attemptBudget

  /**
   * @param {{ driftWindows: number, attemptBudget?: number }} options
   */
  constructor({ driftWindows, attemptBudget }) {
    this.#driftWindows = driftWindows
    this.#attemptBudget = attemptBudget
  }

  /**
   * Accepts the code once and returns its time step, or throws AWS's AccessDenied.
   * @param {MfaDevice[]} callerDevices the devices of the IAM user behind the credentials
   * @param {string} serial
   * @param {string} code
   * @param {number} now epoch ms on the emulator clock
   * @returns {number}
   */
  verify(callerDevices, serial, code, now) {
    const device = callerDevices.find(candidate => candidate.serial === serial)
    if (device === undefined) throw accessDenied(MFA_MESSAGES.unableToValidate)
    const state = this.#state(serial)
    this.#spendAttempt(state, now)
    const step = this.#matchingStep(device, code, now)
    // A code is single-use: its step, or any older one, can never be accepted again.
    if (step === undefined || step <= state.lastAcceptedStep) {
      throw accessDenied(MFA_MESSAGES.invalidCode)
    }
    state.lastAcceptedStep = step
    state.acceptedSteps.push(step)
    return step
  }

  /**
   * IAM's EnableMFADevice: the time step of `code1` when `code2` is the code of the step after it
   * and that pair is within the drift of the current step; undefined otherwise. Both steps are
   * then spent for STS too (whether AWS does so is not documented: the stricter choice).
   * @param {MfaDevice} device
   * @param {string} code1
   * @param {string} code2
   * @param {number} now epoch ms on the emulator clock
   * @returns {number | undefined}
   */
  enable(device, code1, code2, now) {
    const { seed, period = PERIOD_SECONDS, algorithm = 'sha1' } = device
    const current = Math.floor(now / 1000 / period)
    const code = (/** @type {number} */ step) =>
      totpCode(seed, step * period, { period, algorithm })
    for (
      let second = current + this.#driftWindows;
      second >= current - this.#driftWindows;
      second--
    ) {
      if (code(second) === code2 && code(second - 1) === code1) {
        const state = this.#state(device.serial)
        state.lastAcceptedStep = Math.max(state.lastAcceptedStep, second)
        return second - 1
      }
    }
    return undefined
  }

  /** A device deleted from IAM: a new one of the same name starts afresh. @param {string} serial */
  forget(serial) {
    this.#devices.delete(serial)
  }

  /**
   * The time steps accepted so far for a device, oldest first.
   * @param {string} serial
   */
  acceptedSteps(serial) {
    return [...(this.#devices.get(serial)?.acceptedSteps ?? [])]
  }

  /** @param {string} serial */
  #state(serial) {
    let state = this.#devices.get(serial)
    if (state === undefined) {
      state = { lastAcceptedStep: -Infinity, acceptedSteps: [], attempts: [] }
      this.#devices.set(serial, state)
    }
    return state
  }

  /**
   * Every verification counts, good or bad; once the budget is spent the device answers
   * "unable to validate" until old attempts age out of the window.
   * @param {DeviceState} state
   * @param {number} now
   */
  #spendAttempt(state, now) {
    if (this.#attemptBudget === undefined) return
    state.attempts = state.attempts.filter(at => at > now - BUDGET_WINDOW_MS)
    if (state.attempts.length >= this.#attemptBudget) {
      throw accessDenied(MFA_MESSAGES.unableToValidate)
    }
    state.attempts.push(now)
  }

  /**
   * The newest step within the drift window whose code matches, with the device's own period and
   * algorithm when it has them (an otpauth URI may set them; AWS's devices never do).
   * @param {MfaDevice} device
   * @param {string} code
   * @param {number} now
   */
  #matchingStep(device, code, now) {
    const { seed, period = PERIOD_SECONDS, algorithm = 'sha1' } = device
    const current = Math.floor(now / 1000 / period)
    for (let step = current + this.#driftWindows; step >= current - this.#driftWindows; step--) {
      if (totpCode(seed, step * period, { period, algorithm }) === code) return step
    }
    return undefined
  }
}
