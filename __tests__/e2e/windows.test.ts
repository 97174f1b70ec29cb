/** The one-use-per-code rule across runs: a second run in the same window waits for the next. */
import { expect, test } from '@jest/globals'
import { job, start } from './harness.js'
import { inputsFor, world } from './fixtures.js'

test('two runs back to back on one device both succeed, the second in the next window', async () => {
  const { user, seed, config } = world()
  const emu = await start(config)
  const inputs = inputsFor(emu.url, user, seed)
  const secrets = { seed, 'user secret key': user.secretAccessKey }
  const codesSent = () =>
    emu.requests.filter(r => r.action === 'AssumeRole').map(r => r.params.TokenCode)
  // Start early in a window, so that the second run begins in the window the first one used.
  const intoWindow = Date.now() % 30_000
  if (intoWindow > 10_000) await new Promise(resolve => setTimeout(resolve, 30_000 - intoWindow))
  const started = Date.now()
  const first = await job(inputs, secrets)
  const firstCodes = codesSent()
  const second = await job(inputs, secrets)
  const secondCodes = codesSent().slice(firstCodes.length)
  const seconds = (Date.now() - started) / 1000

  expect([first.main.exitCode, second.main.exitCode]).toEqual([0, 0])
  expect(seconds).toBeLessThan(2 * 30 + 5)
  // The second run's first code was the first run's, refused as reused; it said why it waited,
  // and sent the next window's code, never the same one twice.
  expect(firstCodes).toHaveLength(1)
  expect(secondCodes).toEqual([firstCodes[0], expect.any(String)])
  expect(secondCodes[1]).not.toBe(firstCodes[0])
  expect(second.main.stdout).toMatch(/^::notice::STS refused the one-time code.*Waiting \d+ s/m)
}, 120_000)
