/**
 * K parallel runs on one device: one code per window, so all succeed within K + 1 windows, each
 * refused run waiting for the next window (mfa-retry-windows must be at least K - 1). The device
 * has 10-second windows (fixtures.ts SHORT_PERIOD): the rule is the same, the wait a third.
 */
import { expect, test } from '@jest/globals'
import { job, start } from './harness.js'
import { SERIAL, SHORT_PERIOD, inputsFor, otpauthUri, world } from './fixtures.js'
import { parallelRuns } from './parallel.js'

test('4 parallel runs with 1 device all succeed within 4 + 1 windows', async () => {
  const { user, seed, config } = world(undefined, SHORT_PERIOD)
  const emu = await start(config)
  const inputs = {
    ...inputsFor(emu.url, user, otpauthUri(seed, SHORT_PERIOD)),
    'mfa-retry-windows': '4'
  }
  const secrets = { seed, 'user secret key': user.secretAccessKey }
  const { results, firstStep, seconds } = await parallelRuns(
    4,
    () => job(inputs, secrets),
    SHORT_PERIOD
  )

  expect(results.map(r => r.main.exitCode)).toEqual([0, 0, 0, 0])
  const steps = emu.usedCodes(SERIAL)
  expect(steps).toHaveLength(4)
  expect(Math.max(...steps) - firstStep).toBeLessThan(4 + 1)
  expect(seconds).toBeLessThan((4 + 1) * SHORT_PERIOD)
  // At most 4 + 3 + 2 + 1 checks (fewer when a run starts a window late): past AWS's ~9 per three
  // minutes, which is why the README says to give parallel jobs several devices.
  const checks = emu.requests.filter(r => r.action === 'AssumeRole').length
  expect(checks).toBeGreaterThanOrEqual(4)
  expect(checks).toBeLessThanOrEqual(10)
}, 90_000)
