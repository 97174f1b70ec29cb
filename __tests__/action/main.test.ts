/**
 * run() in-process, with the real @actions/core writing to scratch file-command files and the real
 * SDK talking to the STS emulator over loopback. The end-to-end suite runs the bundle; this one
 * covers the same flow in the sources.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { findLeaks, parseFileCommand, type StepResult } from '../support/runner.js'
import { run } from '../../src/action/main.js'
import type { Clock } from '../../src/engine/clock.js'
import { DEVICE_SEED, MFA_SERIAL, ROLE_ARN } from '../helpers/fixtures.js'
import { USER, closeStep, openStep } from '../helpers/in-process.js'

let dir: string
let stdout: string
let emulator: Awaited<ReturnType<typeof startEmulator>>

beforeEach(async () => {
  stdout = ''
  ;({ dir, emulator } = await openStep('main-test-', text => (stdout += text)))
})

afterEach(() => closeStep(dir, emulator))

function inputs(values: Record<string, string>): void {
  for (const [name, value] of Object.entries(values)) {
    process.env[`INPUT_${name.toUpperCase()}`] = value
  }
}

function validInputs(): Record<string, string> {
  return {
    'aws-region': 'eu-central-1',
    'role-to-assume': ROLE_ARN,
    'mfa-serial': MFA_SERIAL,
    'mfa-seed': DEVICE_SEED,
    'aws-access-key-id': USER.accessKeyId,
    'aws-secret-access-key': USER.secretAccessKey,
    'sts-endpoint': emulator.url
  }
}

const read = (file: string) => parseFileCommand(readFileSync(join(dir, file), 'utf8'))
const errors = () => stdout.split('\n').filter(line => line.startsWith('::error::'))

describe('run', () => {
  test('assumes the role, exports it, writes the summary', async () => {
    inputs(validInputs())
    await run()
    expect(process.exitCode).toBeUndefined()
    expect(read('env').AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
    expect(read('output')['authenticated-arn']).toMatch(/:assumed-role\/deploy\/GitHubActions/)
    expect(readFileSync(join(dir, 'summary'), 'utf8')).toContain('ci-deploy')
    const env = read('env')
    const secrets = {
      seed: DEVICE_SEED,
      'user secret key': USER.secretAccessKey,
      code: emulator.requests[0].params.TokenCode,
      'issued secret key': env.AWS_SECRET_ACCESS_KEY,
      'issued session token': env.AWS_SESSION_TOKEN
    }
    const summary = readFileSync(join(dir, 'summary'), 'utf8')
    expect(findLeaks({ stdout, stderr: '', summary } as StepResult, secrets)).toEqual([])
  })

  test('reports every input problem, exports nothing, exits 1', async () => {
    inputs({ ...validInputs(), 'aws-region': 'nowhere', 'role-duration-seconds': '60' })
    await run()
    expect(process.exitCode).toBe(1)
    expect(errors()).toHaveLength(2)
    expect(read('env')).toEqual({})
    expect(emulator.requests).toHaveLength(0)
  })

  test('turns an STS refusal into advice, keeping AWS’s code', async () => {
    inputs({ ...validInputs(), 'role-duration-seconds': '7200' })
    await run()
    expect(process.exitCode).toBe(1)
    expect(errors().join('\n')).toMatch(/MaxSessionDuration.*ValidationError/)
    expect(read('env')).toEqual({})
  })

  test('reports an unexpected failure as such', async () => {
    inputs(validInputs())
    const broken: Clock = {
      now: () => 29_000, // one second before a window ends: it must wait, and the wait fails
      sleep: () => Promise.reject(new Error('timer broke'))
    }
    await run(broken)
    expect(process.exitCode).toBe(1)
    expect(errors()).toEqual(['::error::Unexpected error: timer broke'])
  })

  test('a missing job summary file is a warning, not a failure', async () => {
    inputs(validInputs())
    delete process.env.GITHUB_STEP_SUMMARY
    await run()
    expect(process.exitCode).toBeUndefined()
    expect(stdout).toMatch(/^::warning::Could not write the job summary/m)
    expect(read('env').AWS_SESSION_TOKEN).toBeTruthy()
  })
})

describe('index (the bundle entry)', () => {
  test('the post step runs the cleanup only, silently', async () => {
    process.env.STATE_isPost = 'true'
    process.env.GITHUB_STATE = join(dir, 'state')
    writeFileSync(join(dir, 'state'), '')
    await import('../../src/action/index.js?post' as string)
    expect(stdout).toBe('')
    expect(readFileSync(join(dir, 'state'), 'utf8')).toBe('')
  })

  test('the main step leaves the post flag in the state, then runs the action', async () => {
    process.env.GITHUB_STATE = join(dir, 'state')
    writeFileSync(join(dir, 'state'), '')
    await import('../../src/action/index.js?main' as string)
    expect(parseFileCommand(readFileSync(join(dir, 'state'), 'utf8'))).toEqual({ isPost: 'true' })
    expect(errors().length).toBeGreaterThan(0) // no inputs here
  })
})
