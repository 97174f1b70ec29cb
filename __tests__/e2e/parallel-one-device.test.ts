/**
 * K parallel runs on one device: one code per window, so all succeed within K + 1 windows, each
 * refused run waiting for the next window (mfa-retry-windows must be at least K - 1).
 */
import { expect, test } from '@jest/globals'
import { job, start } from './harness.js'
import { SERIAL, inputsFor, world } from './fixtures.js'
import { parallelRuns } from './parallel.js'

test('4 parallel runs with 1 device all succeed within 4 + 1 windows', async () => {
  const { user, seed, config } = world()
  const emu = await start(config)
  const inputs = { ...inputsFor(emu.url, user, seed), 'mfa-retry-windows': '4' }
  const secrets = { seed, 'user secret key': user.secretAccessKey }
  const { results, firstStep, seconds } = await parallelRuns(4, () => job(inputs, secrets))

  expect(results.map(r => r.main.exitCode)).toEqual([0, 0, 0, 0])
  const steps = emu.usedCodes(SERIAL)
  expect(steps).toHaveLength(4)
  expect(Math.max(...steps) - firstStep).toBeLessThan(4 + 1)
  expect(seconds).toBeLessThan((4 + 1) * 30)
  // 4 + 3 + 2 + 1 checks: past AWS's ~9 per three minutes, which is why the README says to
  // give parallel jobs several devices.
  expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(10)
}, 180_000)
