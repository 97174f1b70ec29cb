/** A runner whose clock is wrong: the code is refused once, then computed from AWS's clock. */
import { expect, test } from '@jest/globals'
import { job, start } from './harness.js'
import { inputsFor, SERIAL, world } from './fixtures.js'

test.each([90_000, -90_000])(
  'recovers at once from a runner clock %i ms off AWS’s, and warns',
  async skewMs => {
    const { user, seed, config } = world()
    const emu = await start({ ...config, clockSkewMs: skewMs } as typeof config)
    const started = Date.now()
    const result = await job(inputsFor(emu.url, user, seed))
    const seconds = (Date.now() - started) / 1000

    expect(result.main.exitCode).toBe(0)
    const assume = emu.requests.filter(r => r.action === 'AssumeRole')
    expect(assume.map(r => r.errorCode)).toEqual(['AccessDenied', undefined])
    expect(assume[1].params.TokenCode).not.toBe(assume[0].params.TokenCode)
    // The accepted code is of AWS's window, not the runner's three windows away: AWS's clock is
    // learnt from a Date header in whole seconds, so near a window's end it may be the next one.
    const used = emu.usedCodes(SERIAL)
    expect(used).toHaveLength(1)
    const awsStep = Math.floor(assume[1].at / 30_000)
    expect([awsStep, awsStep + 1]).toContain(used[0])
    expect(used[0]).not.toBe(Math.floor((assume[1].at - skewMs) / 30_000))
    const direction = skewMs > 0 ? 'behind' : 'ahead of'
    expect(result.main.stdout).toMatch(
      new RegExp(`^::warning::The runner's clock is (89|90|91) s ${direction} AWS's`, 'm')
    )
    // No wait for a next window: at most the few seconds a code needs left in its window.
    expect(seconds).toBeLessThan(12)
  },
  60_000
)
