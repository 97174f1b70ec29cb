/** Starts K runs at once, early in a TOTP window of `period` seconds, and times them. */
export async function parallelRuns<T>(count: number, run: () => Promise<T>, period = 30) {
  const periodMs = period * 1000
  // One second into a window: every run starts in the same one, with time to spare.
  const intoWindow = Date.now() % periodMs
  await new Promise(resolve => setTimeout(resolve, (periodMs + 1000 - intoWindow) % periodMs))
  const started = Date.now()
  const firstStep = Math.floor(started / periodMs)
  const results = await Promise.all(Array.from({ length: count }, run))
  return { results, firstStep, seconds: (Date.now() - started) / 1000 }
}
