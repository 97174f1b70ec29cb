/**
 * A workflow step for run() and post() in this process: scratch file-command files, an environment
 * without INPUT_*, AWS_* or STATE_* from the machine, standard output captured, and a fresh STS
 * emulator with one IAM user, its MFA device and a role that requires MFA.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { jest } from '@jest/globals'
import { mfaTrustPolicy, startEmulator } from '../support/emulator/sts-emulator.js'
import { DEVICE_SEED, MFA_SERIAL, ROLE_ARN } from './fixtures.js'

export const USER = {
  name: 'ci',
  accountId: '123456789012',
  accessKeyId: 'AKIAINPROCESSUSER001',
  secretAccessKey: 'in/process+secret0123456789abcdefghijklm',
  mfaDevices: [{ serial: MFA_SERIAL, seed: DEVICE_SEED }]
}
export const ROLE = {
  arn: ROLE_ARN,
  trustPolicy: mfaTrustPolicy('arn:aws:iam::123456789012:user/ci'),
  maxSessionDuration: 3600
}

type Emulator = Awaited<ReturnType<typeof startEmulator>>
const saved = { ...process.env }

/** A second role the user may assume with MFA, for runs with several roles. */
export const READER = {
  arn: 'arn:aws:iam::123456789012:role/read-only',
  trustPolicy: mfaTrustPolicy('arn:aws:iam::123456789012:user/ci'),
  maxSessionDuration: 3600
}

/** Sets the step up; `onStdout` receives everything written to standard output. */
export async function openStep(
  prefix: string,
  onStdout: (text: string) => void,
  roles = [ROLE]
): Promise<{ dir: string; emulator: Emulator }> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  for (const file of ['env', 'output', 'state', 'summary']) writeFileSync(join(dir, file), '')
  for (const name of Object.keys(process.env)) {
    if (/^(INPUT_|AWS_|STATE_)/.test(name)) delete process.env[name]
  }
  Object.assign(process.env, {
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    RUNNER_TEMP: dir,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config')
  })
  process.exitCode = undefined
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    onStdout(String(chunk))
    return true
  })
  return { dir, emulator: await startEmulator({ users: [USER], roles }) }
}

/** Undoes openStep: the emulator, the scratch folder, the environment and the exit code. */
export async function closeStep(dir: string, emulator: Emulator): Promise<void> {
  jest.restoreAllMocks()
  await emulator.close()
  rmSync(dir, { recursive: true, force: true })
  process.env = { ...saved }
  process.exitCode = undefined
}
