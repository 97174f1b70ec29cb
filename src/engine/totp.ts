import { generate } from 'otplib'
import type { TotpParams } from './totp-params.js'

/** RFC 6238 one-time codes, computed by otplib; the seed's parameters are in totp-params.ts. */
export { AWS_TOTP_DEFAULTS, type TotpParams } from './totp-params.js'

/**
 * A code is never sent with less than this much validity left. The request has to be signed,
 * sent and checked inside the window, and the SDK may retry a throttled or failed request with the
 * same code after a backoff. AWS tolerates some drift, but does not document it, so we do not rely on
 * it. Waiting costs at most this long, in one run out of six.
 */
export const MIN_REMAINING_SECONDS = 5

/** The time step (RFC 6238 T) that contains `epochMs`. */
export function timeStep(epochMs: number, period: number): number {
  return Math.floor(epochMs / 1000 / period)
}

/**
 * How long to wait before a code can be computed at a time step later than `usedStep` with at
 * least MIN_REMAINING_SECONDS of validity left. Zero when it can be computed now.
 */
export function msUntilUsable(epochMs: number, period: number, usedStep = -Infinity): number {
  const step = timeStep(epochMs, period)
  const stepEndMs = (step + 1) * period * 1000
  if (step > usedStep && stepEndMs - epochMs >= MIN_REMAINING_SECONDS * 1000) return 0
  // The next window starts at stepEndMs; a code of a step after `usedStep` needs that window.
  return stepEndMs - epochMs
}

/** The code for the window containing `epochMs`. */
export async function oneTimeCode(params: TotpParams, epochMs: number): Promise<string> {
  return generate({
    secret: params.secret,
    digits: params.digits,
    period: params.period,
    algorithm: params.algorithm,
    epoch: Math.floor(epochMs / 1000)
  })
}
