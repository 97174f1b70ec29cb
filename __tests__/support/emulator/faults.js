// @ts-check
// Injected failures, to exercise a client's retry and timeout handling against the failures STS
// really shows: throttling, 5xx, slow answers, dropped connections and requests that never end.
import { StsError, notAuthorized } from './errors.js'

/** @typedef {'throttle' | '500' | '503' | 'denied' | 'slow' | 'drop' | 'hang'} FaultKind */

/**
 * @typedef {object} FaultSpec
 * @property {FaultKind} kind
 * @property {number} count how many matching requests get it
 * @property {number} [delayMs] 'slow' only: how long the answer is held (default 5000)
 * @property {string} [action] only requests for this action match (default: any)
 */

/** @typedef {{ kind: FaultKind, delayMs: number }} Fault */

const KINDS = ['throttle', '500', '503', 'denied', 'slow', 'drop', 'hang']

export class FaultQueue {
  /** @type {Array<FaultSpec & { remaining: number }>} */
  #pending = []

  /** @param {FaultSpec[]} specs */
  add(specs) {
    for (const spec of specs) {
      if (!KINDS.includes(spec.kind)) {
        throw new TypeError(
          `Unknown fault kind '${spec.kind}'. Expected one of ${KINDS.join(', ')}.`
        )
      }
      if (!Number.isInteger(spec.count) || spec.count < 1) {
        throw new TypeError(`Fault count must be a positive integer, got ${spec.count}`)
      }
      this.#pending.push({ ...spec, remaining: spec.count })
    }
  }

  /**
   * The fault for the next request of this action, in the order faults were injected.
   * @param {string} action
   * @returns {Fault | undefined}
   */
  take(action) {
    const spec = this.#pending.find(entry => entry.action === undefined || entry.action === action)
    if (spec === undefined) return undefined
    spec.remaining -= 1
    if (spec.remaining === 0) this.#pending.splice(this.#pending.indexOf(spec), 1)
    return { kind: spec.kind, delayMs: spec.delayMs ?? 5000 }
  }
}

/**
 * The error STS answers for the faults that answer at all. 'denied' is IAM's one refusal, as a
 * trust policy condition that no longer holds (aws:MultiFactorAuthAge) gives it: the generic
 * "is not authorized" AccessDenied, naming no condition (IAM User Guide; FACTS).
 * @param {'throttle' | '500' | '503' | 'denied'} kind
 * @param {Record<string, string>} params the request's parameters
 * @returns {StsError}
 */
export function faultError(kind, params = {}) {
  switch (kind) {
    case 'denied':
      return notAuthorized(
        'arn:aws:iam::000000000000:user/fault-injected',
        `sts:${params.Action ?? 'AssumeRole'}`,
        params.RoleArn ?? '*'
      )
    case 'throttle':
      return new StsError(400, 'Throttling', 'Rate exceeded')
    case '500':
      return new StsError(500, 'InternalFailure', 'An internal error has occurred')
    case '503':
      return new StsError(503, 'ServiceUnavailable', 'Service is unable to handle request.')
  }
}
