// @ts-check
/**
 * How the tests start a process of ours and collect what it did: one function for the action's
 * steps and the later `run:` steps (runner.js), and for the CLI (e2e/harness.ts).
 */
import { spawn } from 'node:child_process'

/**
 * @typedef {object} Run what a process did
 * @property {number | null} code its exit code (null when a signal ended it)
 * @property {string} stdout
 * @property {string} stderr
 */

/**
 * @typedef {object} RunOptions
 * @property {Record<string, string>} env the whole environment: nothing is inherited
 * @property {string} cwd
 * @property {string} [stdin] written to its standard input, then closed; absent: none at all
 * @property {number} [timeoutMs] killed (SIGKILL) past this; absent: never
 * @property {(stderr: string, child: import('node:child_process').ChildProcess) => void} [onStderr]
 *   called with all of standard error so far, each time more comes
 * @property {(stdout: string, child: import('node:child_process').ChildProcess) => void} [onStdout]
 *   the same for standard output (to act on a process still running: signal it, stop it)
 * @property {boolean} [detached] in a session of its own, away from any terminal: a signal then
 *   comes from kill alone
 * @property {AbortSignal} [signal] killed (SIGKILL) when it aborts: a test's cleanup of a
 *   process it stops itself
 */

/**
 * Runs `command` to its end and collects its output as text.
 * @param {string} command
 * @param {string[]} args
 * @param {RunOptions} options
 * @returns {Promise<Run>}
 */
export function run(command, args, options) {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    detached: options.detached ?? false,
    stdio: [options.stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout?.setEncoding('utf8').on('data', chunk => {
    stdout += chunk
    options.onStdout?.(stdout, child)
  })
  child.stderr?.setEncoding('utf8').on('data', chunk => {
    stderr += chunk
    options.onStderr?.(stderr, child)
  })
  child.stdin?.end(options.stdin)
  const timer =
    options.timeoutMs === undefined
      ? undefined
      : setTimeout(() => child.kill('SIGKILL'), options.timeoutMs)
  const abort = () => child.kill('SIGKILL')
  if (options.signal?.aborted) abort()
  else options.signal?.addEventListener('abort', abort, { once: true })
  const done = () => {
    clearTimeout(timer)
    options.signal?.removeEventListener('abort', abort)
  }
  return new Promise((resolve, reject) => {
    child.on('error', error => {
      done()
      reject(error)
    })
    child.on('close', code => {
      done()
      resolve({ code, stdout, stderr })
    })
  })
}
