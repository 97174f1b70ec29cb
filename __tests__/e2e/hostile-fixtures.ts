/**
 * Shared by the hostile-endpoint suites (hostile.test.ts, hostile-stall.test.ts): one tiny loopback
 * server per behaviour (support/hostile.js), closed after each test, and the inputs of a step.
 */
import { join } from 'node:path'
import { afterEach, expect } from '@jest/globals'
import { startHostile, type HostileOptions } from '../support/hostile.js'
import { ROLE_ARN, SERIAL } from './fixtures.js'
import { ROOT } from './harness.js'

export const MEASURED = join(ROOT, '__tests__/support/measured-entry.js')
/**
 * One attempt's deadline (src/engine/bounded-http.ts), and what a step's start, end and backoff may
 * add on a loaded 2-core machine (measured: up to 7 s over 3 × 10 s; docs/security.md).
 */
export const ATTEMPT_S = 10
export const SLACK_S = 8

let server: Awaited<ReturnType<typeof startHostile>> | undefined
afterEach(async () => {
  await server?.close()
  server = undefined
})

export async function hostile(options: HostileOptions) {
  server = await startHostile(options)
  return server
}

/** A step that should succeed against STS: a typed code, so that no run waits for a window. */
export function inputs(url: string, more: Record<string, string> = {}): Record<string, string> {
  return {
    'aws-region': 'eu-central-1',
    'role-to-assume': ROLE_ARN,
    'mfa-serial': SERIAL,
    'mfa-code': '914273',
    'aws-access-key-id': 'AKIAE2ETESTUSER00001',
    'aws-secret-access-key': 'hostileTestUserSecretKeyAbCdEfGhIjKlMnOp',
    'sts-endpoint': url,
    ...more
  }
}

/** The step's peak resident set, in MiB, from support/measured-entry.js. */
export function peakMiB(stderr: string): number {
  const kib = /maxrss-kib=(\d+)/.exec(stderr)
  expect(kib).not.toBeNull()
  return Number(kib?.[1]) / 1024
}

/** No line of the log starts a workflow command that the action did not write itself. */
export function expectNoInjectedCommand(stdout: string): void {
  expect(
    stdout.split('\n').filter(line => /^::(warning|notice|set-env|injected)/.test(line))
  ).toEqual([])
}
