// @ts-check
/**
 * dist/index.js with its peak memory reported: the step's maximum resident set size, in KiB, as
 * the last line of standard error (`maxrss-kib=N`). For tests that bound memory.
 */
import { ACTION_ENTRY } from './runner.js'

process.on('exit', () => process.stderr.write(`\nmaxrss-kib=${process.resourceUsage().maxRSS}\n`))
await import(ACTION_ENTRY)
