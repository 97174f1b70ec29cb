// @ts-check
/**
 * dist/index.js with its peak memory reported: the step's maximum resident set size, in KiB, as
 * the last line of standard error (`maxrss-kib=N`). For tests that bound memory.
 */
import { ACTION_ENTRY } from './runner.js'

// The post step (it has the main step's state) stays silent, as the harness expects of it.
if (!process.env.STATE_isPost) {
  process.on('exit', () => process.stderr.write(`\nmaxrss-kib=${process.resourceUsage().maxRSS}\n`))
}
await import(ACTION_ENTRY)
