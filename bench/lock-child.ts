/**
 * One process of bench/lock-stress.js: waits for the common start instant, takes the cache lock,
 * and logs when it enters and leaves its work. Bundled by ncc for each run of the stress.
 */
import { appendFileSync } from 'node:fs'
import { withLock } from '../src/cli/cache-lock.js'

const [lock, log, startAt] = process.argv.slice(2)
while (Date.now() < Number(startAt)) await new Promise(resolve => setTimeout(resolve, 1))
await withLock(
  lock,
  async () => {
    appendFileSync(log, `in ${process.pid}\n`)
    await new Promise(resolve => setTimeout(resolve, 20))
    appendFileSync(log, `out ${process.pid}\n`)
  },
  { onWait: () => {} }
)
