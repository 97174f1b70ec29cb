/** A running time limit: cleared once the credentials are in hand (the rest is local and quick). */
export interface Deadline {
  clear(): void
}

/**
 * action-timeout-s: calls `onTimeout` (which fails the step and ends the process) unless cleared
 * in time. Exporting happens after clear(), so a run that times out exports nothing.
 */
export function startDeadline(seconds: number, onTimeout: (message: string) => void): Deadline {
  if (seconds <= 0) return { clear: () => {} }
  const timer = setTimeout(
    () =>
      onTimeout(
        `The action did not finish within action-timeout-s (${seconds} s); nothing was exported. ` +
          'STS (or the proxy) may be unreachable, or the wait for fresh MFA windows took longer: ' +
          'raise action-timeout-s, or check sts-endpoint and http-proxy.'
      ),
    seconds * 1000
  )
  return { clear: () => clearTimeout(timer) }
}
