/**
 * Shared by the end-to-end suites: the committed dist/index.js, run as GitHub's runner runs it,
 * against the STS emulator over real HTTP. ACTION_NODE picks the Node binary for the steps
 * (.ci/run sets it to Node 24).
 */
import { afterEach, expect } from '@jest/globals'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { findLeaks, runJob } from '../support/runner.js'
import { world } from './fixtures.js'

type Emulator = Awaited<ReturnType<typeof startEmulator>>
export type Job = Awaited<ReturnType<typeof runJob>>
/** Extra variables for both steps, a look between them, another script (a wrapper of dist/), outputs. */
export type JobOptions = Pick<
  NonNullable<Parameters<typeof runJob>[1]>,
  'env' | 'afterMain' | 'entry' | 'outputs'
>

const node = process.env.ACTION_NODE || process.execPath
let emulator: Emulator | undefined

afterEach(async () => {
  await emulator?.close()
  emulator = undefined
})

/** A fresh emulator for this test, closed after it. */
export async function start(config: Parameters<typeof startEmulator>[0] = world().config) {
  emulator = await startEmulator(config)
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
  const sent = (emulator?.requests ?? []).map(r => r.params.TokenCode).filter(Boolean)
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
