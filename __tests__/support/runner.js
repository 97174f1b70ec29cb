// @ts-check
/**
 * A stand-in for GitHub's runner, enough to run the bundled action as a workflow step does: inputs
 * as INPUT_<NAME> variables (upper case, dashes kept), the file commands (GITHUB_ENV, GITHUB_OUTPUT,
 * GITHUB_STATE, GITHUB_STEP_SUMMARY) in a scratch folder, a clean environment, then the post step
 * with STATE_<name> from the state file. Used by the end-to-end tests, the demo and the benchmark.
 *
 * Like the runner, a step ends when its process has exited and closed its stdout and stderr (a
 * background process that kept them would hold the step until its timeout), and a process it left
 * behind lives on through the later steps: the runner finds such processes by the
 * RUNNER_TRACKING_ID in their environment and kills them when the job ends (actions/runner,
 * ProcessInvoker), which runJob models and reports as `leftover`.
 */
import { randomUUID } from 'node:crypto'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { run } from './processes.js'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const ACTION_ENTRY = join(ROOT, 'dist/index.js')

/**
 * The defaults of action.yml, which the runner passes as inputs when a workflow leaves them out.
 * @returns {Record<string, string>}
 */
export function actionDefaults() {
  /** @type {{ inputs: Record<string, { default?: string }> }} */
  const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8'))
  return Object.fromEntries(
    Object.entries(action.inputs)
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default)])
  )
}

/**
 * @typedef {object} StepResult
 * @property {number | null} exitCode
 * @property {string} stdout
 * @property {string} stderr
 * @property {Record<string, string>} env      what the step exported through GITHUB_ENV
 * @property {Record<string, string>} outputs  what it set through GITHUB_OUTPUT
 * @property {Record<string, string>} state    what it saved through GITHUB_STATE
 * @property {string} summary                  what it wrote to GITHUB_STEP_SUMMARY
 * @property {number} durationMs
 * @property {NodeJS.ResourceUsage | undefined} [usage]
 */

/**
 * @typedef {object} StepOptions
 * @property {string} [node]         the Node binary (default: this process's)
 * @property {string} [entry]        the script (default: dist/index.js)
 * @property {Record<string, string>} [env]  extra variables (e.g. AWS_* for the default chain)
 * @property {Record<string, string>} [state] STATE_* values (the post step)
 * @property {number} [timeoutMs]    kill the step after this long (default 120 s)
 */

/**
 * @typedef {StepOptions & {
 *   afterMain?: (main: StepResult, workdir: string) => unknown,
 *   outputs?: Record<string, string>,
 *   secrets?: string[]
 * }} JobOptions
 * `afterMain` runs between the two steps (awaited), to look at what the main step left on disk,
 * or to run later steps (runCommandStep) in the job's folder.
 * `outputs`: the job's `outputs:`, job output name → the main step's output name. `secrets`: the
 * `${{ secrets.* }}` values the job uses, which the runner registers as masks.
 */

/**
 * @typedef {object} JobOutputs
 * @property {Record<string, string>} outputs what the job hands to `needs.<job>.outputs`
 * @property {string[]} skipped the runner's warnings for the outputs it dropped
 */

/**
 * The environment a hosted runner gives a step, and nothing from this machine: no AWS_*, no
 * NODE_OPTIONS, no NODE_EXTRA_CA_CERTS (which alone costs tens of milliseconds per Node start).
 * @param {string} workdir
 */
export function runnerEnv(workdir) {
  return {
    RUNNER_TRACKING_ID: trackingId(workdir),
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: workdir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_REPOSITORY: 'octo-org/octo-repo',
    GITHUB_WORKFLOW: 'deploy',
    GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
    RUNNER_TEMP: workdir,
    GITHUB_ENV: join(workdir, 'env'),
    GITHUB_OUTPUT: join(workdir, 'output'),
    GITHUB_STATE: join(workdir, 'state'),
    GITHUB_STEP_SUMMARY: join(workdir, 'summary'),
    GITHUB_PATH: join(workdir, 'path')
  }
}

/** One id per job (per scratch folder), as the runner gives each job. @param {string} workdir */
function trackingId(workdir) {
  let id = trackingIds.get(workdir)
  if (id === undefined) trackingIds.set(workdir, (id = `github_${randomUUID()}`))
  return id
}
/** @type {Map<string, string>} */
const trackingIds = new Map()

/**
 * The pids of the processes that carry the job's RUNNER_TRACKING_ID (Linux: /proc/PID/environ).
 * A zombie's environment cannot be read: it has ended, and is not counted.
 * @param {string} workdir
 * @returns {number[]}
 */
export function trackedProcesses(workdir) {
  const marker = `RUNNER_TRACKING_ID=${trackingId(workdir)}`
  const pids = []
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue
    try {
      const environ = readFileSync(`/proc/${name}/environ`, 'utf8').split('\0')
      if (environ.includes(marker)) pids.push(Number(name))
    } catch {
      // gone, or not ours
    }
  }
  return pids
}

/**
 * A later `run:` step: a command with the job's environment as the runner builds it (its own
 * variables, then what earlier steps wrote to GITHUB_ENV).
 * @param {string} command
 * @param {string[]} args
 * @param {string} workdir
 * @param {Record<string, string>} exported  what earlier steps exported
 * @param {{ timeoutMs?: number, env?: Record<string, string> }} [options]
 * @returns {Promise<{ exitCode: number | null, stdout: string, stderr: string }>}
 */
export async function runCommandStep(command, args, workdir, exported, options = {}) {
  const env = { ...runnerEnv(workdir), ...options.env, ...exported }
  const { code, stdout, stderr } = await run(command, args, {
    env,
    cwd: workdir,
    timeoutMs: options.timeoutMs ?? 60_000
  })
  return { exitCode: code, stdout, stderr }
}

/**
 * Runs one step of the action in `workdir` (which holds its file-command files).
 * @param {Record<string, string>} inputs  the step's `with:`, by action.yml names; defaults added
 * @param {string} workdir
 * @param {StepOptions} [options]
 * @returns {Promise<StepResult>}
 */
export async function runStep(inputs, workdir, options = {}) {
  const base = runnerEnv(workdir)
  for (const file of ['env', 'output', 'state', 'summary', 'path'])
    writeFileSync(join(workdir, file), '')
  /** @type {Record<string, string>} */
  const env = { ...base, ...options.env }
  for (const [name, value] of Object.entries({ ...actionDefaults(), ...inputs })) {
    env[`INPUT_${name.toUpperCase()}`] = value
  }
  for (const [name, value] of Object.entries(options.state ?? {})) env[`STATE_${name}`] = value

  const started = performance.now()
  const { code, stdout, stderr } = await run(
    options.node ?? process.execPath,
    [options.entry ?? ACTION_ENTRY],
    { env, cwd: workdir, timeoutMs: options.timeoutMs ?? 120_000 }
  )
  const durationMs = performance.now() - started
  const read = (/** @type {string} */ file) => readFileSync(join(workdir, file), 'utf8')
  return {
    exitCode: code,
    stdout,
    stderr,
    env: parseFileCommand(read('env')),
    outputs: parseFileCommand(read('output')),
    state: parseFileCommand(read('state')),
    summary: read('summary'),
    durationMs
  }
}

/**
 * Runs the main step, then the post step as the runner does: same inputs, STATE_* from the state
 * file. Then, as the runner at the end of a job, kills what the job left running; `leftover` says
 * which pids that was (empty when the job cleaned up after itself). The scratch folder is removed.
 * @param {Record<string, string>} inputs
 * @param {JobOptions} [options]
 * @returns {Promise<{ main: StepResult, post: StepResult, leftover: number[] } & JobOutputs>}
 */
export async function runJob(inputs, options = {}) {
  const workdir = mkdtempSync(join(tmpdir(), 'aws-assume-role-mfa-step-'))
  /** @type {number[]} */
  let leftover = []
  try {
    const main = await runStep(inputs, workdir, options)
    await options.afterMain?.(main, workdir)
    const post = await runStep(inputs, workdir, { ...options, state: main.state })
    leftover = trackedProcesses(workdir)
    const masks = [...(options.secrets ?? []), ...registeredMasks(main), ...registeredMasks(post)]
    return { main, post, leftover, ...jobOutputs(main.outputs, options.outputs ?? {}, masks) }
  } finally {
    for (const pid of leftover.length > 0 ? leftover : trackedProcesses(workdir)) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    trackingIds.delete(workdir)
    rmSync(workdir, { recursive: true, force: true })
  }
}

/**
 * The job's outputs as GitHub hands them to later jobs: an output whose value contains a
 * registered secret is dropped, with the warning "Skip output '<name>' since it may contain
 * secret." (GitHub docs, "Passing information between jobs"; ../shared/AWS-MFA-FACTS.md). The
 * real runner also masks some encodings of each secret (base64 and others); exact values only here.
 * @param {Record<string, string>} stepOutputs
 * @param {Record<string, string>} mapping job output name → step output name
 * @param {string[]} masks
 * @returns {JobOutputs}
 */
export function jobOutputs(stepOutputs, mapping, masks) {
  /** @type {Record<string, string>} */
  const outputs = {}
  const skipped = []
  for (const [name, from] of Object.entries(mapping)) {
    const value = stepOutputs[from] ?? ''
    if (masks.some(secret => secret && value.includes(secret))) {
      skipped.push(`Skip output '${name}' since it may contain secret.`)
    } else {
      outputs[name] = value
    }
  }
  return { outputs, skipped }
}

/**
 * The values a step registered with `::add-mask::` (unescaped as the runner does).
 * @param {StepResult} step
 */
export function registeredMasks(step) {
  return step.stdout
    .split('\n')
    .map(line => /^::add-mask::(.*)$/.exec(line)?.[1])
    .filter(value => value !== undefined && value !== '')
    .map(value =>
      /** @type {string} */ (value)
        .replace(/%0D/gi, '\r')
        .replace(/%0A/gi, '\n')
        .replace(/%25/g, '%')
    )
}

/**
 * Parses a file command as the runner does: `NAME<<DELIMITER` blocks and `NAME=value` lines.
 * @param {string} text
 * @returns {Record<string, string>}
 */
export function parseFileCommand(text) {
  /** @type {Record<string, string>} */
  const values = {}
  const lines = text.split(/\r?\n/)
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    if (!line) continue
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line)
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1)
      if (end < 0) throw new Error(`file command: no closing delimiter for ${heredoc[1]}`)
      values[heredoc[1]] = lines.slice(i + 1, end).join('\n')
      i = end
    } else {
      const eq = line.indexOf('=')
      if (eq < 1) throw new Error(`file command: malformed line ${JSON.stringify(line)}`)
      values[line.slice(0, eq)] = line.slice(eq + 1)
    }
  }
  return values
}

/**
 * The step's log as GitHub shows it: `::add-mask::` lines hidden, every masked value as ***.
 * @param {string} stdout
 */
export function maskedLog(stdout) {
  /** @type {string[]} */
  const secrets = []
  const shown = []
  for (const line of stdout.split('\n')) {
    const mask = /^::add-mask::(.*)$/.exec(line)
    if (mask) {
      if (mask[1]) secrets.push(mask[1])
      continue
    }
    shown.push(secrets.reduce((text, secret) => text.split(secret).join('***'), line))
  }
  return shown.join('\n')
}

/**
 * Where a secret leaks in a step's streams: a stdout line that contains it before (or without) the
 * `::add-mask::` line that registers it. stderr interleaves with stdout in no known order, and the
 * summary is never masked, so neither may contain it at all.
 * @param {StepResult} step
 * @param {Record<string, string>} secrets  label → value
 * @returns {string[]} one description per leak; empty when clean
 */
export function findLeaks(step, secrets) {
  const leaks = []
  for (const [label, value] of Object.entries(secrets)) {
    if (!value) continue
    let masked = false
    for (const line of step.stdout.split('\n')) {
      if (line === `::add-mask::${value}`) masked = true
      else if (line.includes(value) && !masked) leaks.push(`${label} in stdout: ${line}`)
    }
    if (step.stderr.includes(value)) leaks.push(`${label} in stderr`)
    if (step.summary.includes(value)) leaks.push(`${label} in the job summary`)
  }
  return leaks
}
