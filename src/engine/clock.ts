/** Time, injectable so tests control it: the MFA windows, waits and lifetimes all read it. */
export interface Clock {
  now(): number
  sleep(ms: number): Promise<void>
}

/** The machine's clock. Its own module: an entry that needs only this loads no TOTP code. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms))
}
