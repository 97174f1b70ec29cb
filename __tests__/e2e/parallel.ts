/** Starts K runs at once, early in a TOTP window, and times them. */
export async function parallelRuns<T>(count: number, run: () => Promise<T>) {
  // One second into a window: every run starts in the same one, with time to spare.
  const intoWindow = Date.now() % 30_000
  await new Promise(resolve => setTimeout(resolve, (31_000 - intoWindow) % 30_000))
  const started = Date.now()
  const firstStep = Math.floor(started / 30_000)
  const results = await Promise.all(Array.from({ length: count }, run))
  return { results, firstStep, seconds: (Date.now() - started) / 1000 }
}
