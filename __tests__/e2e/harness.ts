/**
 * The one harness of the end-to-end suites: the committed dist/index.js run as GitHub's runner
 * runs it (job, through support/runner.js), the committed CLI run as a person runs it (cli, in
 * cleanEnv), both with support/processes.js, against the STS emulator over real HTTP. ACTION_NODE
 * picks the Node binary for both (.ci/run sets it to Node 24). The fixtures are in fixtures.ts.
 */
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, expect } from '@jest/globals'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { run, type Run, type RunOptions } from '../support/processes.js'
import { findLeaks, runJob } from '../support/runner.js'
import { world } from './fixtures.js'

type Emulator = Awaited<ReturnType<typeof startEmulator>>
export type Job = Awaited<ReturnType<typeof runJob>>
/** Extra variables for both steps, a look between them, another script (a wrapper of dist/), outputs. */
export type JobOptions = Pick<
  NonNullable<Parameters<typeof runJob>[1]>,
  'env' | 'afterMain' | 'entry' | 'outputs'
>

/** The repository, and the committed bundles the suites run. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)))
export const CLI = join(ROOT, 'dist/cli/index.js')
/** The Node binary for the processes of ours (.ci/run sets ACTION_NODE to Node 24). */
export const node = process.env.ACTION_NODE || process.execPath

export type { Run }

/**
 * A person's clean environment, for a process of ours the way a user starts it: from this machine
 * nothing but PATH (or, with `inherit`, everything but AWS_*: a platform's own programs may need
 * its variables), the home, the cache and both AWS files in `scratch`, no instance metadata to
 * wait for, and `extra` on top.
 */
export function cleanEnv(
  scratch: string,
  extra: Record<string, string> = {},
  options: { home?: string; inherit?: boolean } = {}
): Record<string, string> {
  const home = options.home ?? scratch
  const inherited = options.inherit
    ? Object.fromEntries(
        Object.entries(process.env).filter(
          (entry): entry is [string, string] =>
            !entry[0].startsWith('AWS_') && entry[1] !== undefined
        )
      )
    : { PATH: process.env.PATH ?? '/usr/bin:/bin' }
  return {
    ...inherited,
    HOME: home,
    USERPROFILE: home,
    XDG_CACHE_HOME: join(scratch, 'cache'),
    AWS_CONFIG_FILE: join(scratch, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra
  }
}

/**
 * The committed CLI with these arguments, in `cwd`, with exactly `env` (cleanEnv), its standard
 * input given and closed; run by `node`, or by `runtime` (the platforms suite: the Node that runs
 * the tests, whatever ACTION_NODE says). A test that signals or stops it while it runs finds it in
 * onStdout/onStderr, and aborts `signal` in its cleanup.
 */
export function cli(
  args: string[],
  env: Record<string, string>,
  options: Pick<
    RunOptions,
    'cwd' | 'onStderr' | 'onStdout' | 'detached' | 'signal' | 'timeoutMs'
  > & { stdin?: string; runtime?: string }
): Promise<Run> {
  const { runtime = node, stdin = '', ...rest } = options
  return run(runtime, [CLI, ...args], { ...rest, env, stdin })
}

const emulators: Emulator[] = []

afterEach(async () => {
  await Promise.all(emulators.splice(0).map(emu => emu.close()))
})

/** A fresh emulator for this test (one or more), each closed after it. */
export async function start(config: Parameters<typeof startEmulator>[0] = world().config) {
  const emulator = await startEmulator(config)
  emulators.push(emulator)
  return emulator
}

/** The inputs whose values are secret (src/settings/secrets.ts masks them): checked in every job. */
const SECRET_INPUTS = ['mfa-seed', 'mfa-code', 'aws-secret-access-key', 'aws-session-token']

/**
 * Runs main then post; checks the post step and secret hygiene, which every case must pass. The
 * secret inputs, the codes sent and the credentials issued are checked always; `secrets` adds
 * values the step was not given but must not print either (say, the user's real key).
 */
export async function job(
  inputs: Record<string, string>,
  secrets: Record<string, string> = {},
  options: JobOptions = {}
): Promise<Job> {
  // The secret inputs come from `${{ secrets.* }}`: the runner masks them in the job's outputs too.
  const fromSecrets = SECRET_INPUTS.map(name => inputs[name]).filter(Boolean)
  const result = await runJob(inputs, { ...options, node, secrets: fromSecrets })
  // The codes every emulator of this test received.
  const sent = emulators.flatMap(emu => emu.requests.map(r => r.params.TokenCode).filter(Boolean))
  const all: Record<string, string> = { ...secrets }
  for (const name of SECRET_INPUTS) if (inputs[name]) all[`input ${name}`] = inputs[name]
  sent.forEach((code, i) => (all[`one-time code ${i + 1}`] = code))
  for (const [name, value] of Object.entries(result.main.env)) {
    if (/SECRET|TOKEN/.test(name)) all[name] = value
  }
  expect(findLeaks(result.main, all)).toEqual([])
  expect(findLeaks(result.post, all)).toEqual([])
  expect(result.post.exitCode).toBe(0)
  expect(result.post.stdout + result.post.stderr).toBe('')
  return result
}

/** Exit 1, the cause in an ::error:: line, and nothing exported. */
export function expectFailure(result: Job, cause: RegExp): void {
  expect(result.main.exitCode).toBe(1)
  const errors = result.main.stdout.split('\n').filter(line => line.startsWith('::error::'))
  expect(errors.join('\n')).toMatch(cause)
  expect(result.main.env).toEqual({})
  expect(result.main.outputs).toEqual({})
}
