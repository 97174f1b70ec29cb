/**
 * Parallel jobs and several MFA devices: K runs started in the same window, with D devices, all
 * succeed within ceil(K/D) + 1 windows, since a refused code moves a run to another device at once.
 * The devices have 10-second windows (fixtures.ts SHORT_PERIOD): the rule is the same, the wait a
 * third.
 */
import { expect, test } from '@jest/globals'
import { job, start } from './harness.js'
import { ACCOUNT, SERIAL, SHORT_PERIOD, inputsFor, newSeed, otpauthUri, world } from './fixtures.js'
import { parallelRuns } from './parallel.js'

test('4 parallel runs with 2 devices all succeed within ceil(4/2) + 1 windows', async () => {
  const { user, seed, config } = world(undefined, SHORT_PERIOD)
  const serial2 = `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy-2`
  const seed2 = newSeed()
  user.mfaDevices.push({ serial: serial2, seed: seed2, period: SHORT_PERIOD })
  // AWS's budget of about nine checks per device per three minutes holds here.
  const emu = await start({ ...config, mfaAttemptBudget: 9 } as typeof config)
  const inputs = {
    ...inputsFor(
      emu.url,
      user,
      `${otpauthUri(seed, SHORT_PERIOD)}\n${otpauthUri(seed2, SHORT_PERIOD)}`
    ),
    'mfa-serial': `${SERIAL}\n${serial2}`,
    'mfa-retry-windows': '4'
  }
  const secrets = { seed, seed2, 'user secret key': user.secretAccessKey }
  const { results, firstStep, seconds } = await parallelRuns(
    4,
    () => job(inputs, secrets),
    SHORT_PERIOD
  )

  expect(results.map(r => r.main.exitCode)).toEqual([0, 0, 0, 0])
  const steps = [...emu.usedCodes(SERIAL), ...emu.usedCodes(serial2)]
  expect(steps).toHaveLength(4)
  expect(Math.max(...steps) - firstStep).toBeLessThan(Math.ceil(4 / 2) + 1)
  expect(seconds).toBeLessThan((Math.ceil(4 / 2) + 1) * SHORT_PERIOD)
  // A run refused on one device tried the other in the same window, without waiting.
  expect(results.some(r => /trying the next device/.test(r.main.stdout))).toBe(true)
}, 90_000)
