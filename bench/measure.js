// @ts-check
/** What the benchmarks share: one child measured, the statistics, and the TOTP window's end. */
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * @typedef {object} Measured
 * @property {number} wall  ms from spawn to exit, measured by the parent
 * @property {number} rss   the child's peak resident set, KiB (GNU time's %M)
 * @property {number} cpu   the child's user + system CPU time, ms (GNU time's %U + %S: 10 ms steps);
 *   unlike wall time, it hardly grows when other processes load the machine
 * @property {string} output  stdout and stderr together
 */

/**
 * Runs a command under GNU time (/usr/bin/time) in `cwd`; rejects unless it exits 0.
 * @param {string[]} argv
 * @param {Record<string, string>} env  the child's whole environment
 * @param {string} cwd  also where GNU time writes its figure
 * @returns {Promise<Measured>}
 */
export function measure(argv, env, cwd) {
  const rssFile = join(cwd, '.time')
  const started = performance.now()
  const child = spawn('/usr/bin/time', ['-f', '%M %U %S', '-o', rssFile, ...argv], {
    env,
    cwd,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let output = ''
  child.stdout.setEncoding('utf8').on('data', chunk => (output += chunk))
  child.stderr.setEncoding('utf8').on('data', chunk => (output += chunk))
  return new Promise((resolve, reject) => {
    child.on('error', reject)
    child.on('close', code => {
      const wall = performance.now() - started
      if (code !== 0) return reject(new Error(`${argv.join(' ')} exited ${code}:\n${output}`))
      const figures = readFileSync(rssFile, 'utf8').trim().split('\n').pop() ?? ''
      const [rss, user, system] = figures.split(' ').map(Number)
      resolve({ wall, rss, cpu: (user + system) * 1000, output })
    })
  })
}

/** @param {number[]} xs */
export function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * `median (min–max)`, fixed to `digits`.
 * @param {number[]} xs
 * @param {number} digits
 * @param {string} [unit]
 */
export function spread(xs, digits, unit = '') {
  const fixed = (/** @type {number} */ x) => x.toFixed(digits) + unit
  return `${fixed(median(xs))} (${fixed(Math.min(...xs))}–${fixed(Math.max(...xs))})`
}

/**
 * The action never sends a code with under 5 s of validity left (src/engine/totp.ts); a round that
 * starts here will not wait for the next window, so the figures are the action's, not the clock's.
 */
export async function awayFromWindowEnd() {
  const left = 30_000 - (Date.now() % 30_000)
  if (left < 8_000) await new Promise(resolve => setTimeout(resolve, left + 100))
}

/**
 * The version a Node binary reports, e.g. `v24.1.0`.
 * @param {string} node
 * @returns {Promise<string>}
 */
export function nodeVersion(node) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, ['--version'], { stdio: ['ignore', 'pipe', 'inherit'] })
    let out = ''
    child.stdout.setEncoding('utf8').on('data', chunk => (out += chunk))
    child.on('error', reject)
    child.on('close', () => resolve(out.trim()))
  })
}
