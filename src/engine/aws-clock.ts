/**
 * AWS's clock, as the `Date` header of an STS answer shows it. A runner whose clock is off by more
 * than AWS's drift allowance (about a window either side, observed) computes codes AWS refuses as
 * wrong, forever; its signatures still pass up to 5 minutes off, so the refusal is the only sign.
 */

/** Offsets below this are noise: the header has whole seconds, and the answer took some time. */
export const CLOCK_SKEW_THRESHOLD_MS = 5_000

interface ErrorWithResponse {
  $response?: { headers?: Record<string, string | undefined> }
}

/**
 * How far AWS's clock is ahead of ours (negative: behind), from the `Date` header of the answer
 * that carried `error` (the SDK keeps the raw answer as `$response`), read at `localNowMs`.
 * Undefined without a usable header, or when the clocks agree within the threshold.
 */
export function awsClockOffsetMs(error: unknown, localNowMs: number): number | undefined {
  const headers = (error as ErrorWithResponse | undefined)?.$response?.headers ?? {}
  const date = Date.parse(headers.date ?? headers.Date ?? '')
  if (Number.isNaN(date)) return undefined
  // The header drops the milliseconds: AWS's time was, on average, half a second later.
  const offset = date + 500 - localNowMs
  return Math.abs(offset) > CLOCK_SKEW_THRESHOLD_MS ? offset : undefined
}
