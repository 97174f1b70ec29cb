import { describe, expect, it } from '@jest/globals'
import {
  AWS_TOTP_DEFAULTS,
  MIN_REMAINING_SECONDS,
  msUntilUsable,
  oneTimeCode,
  timeStep,
  type TotpParams
} from '../../src/engine/totp.js'
import { RFC_SEED } from '../helpers/fixtures.js'

/** RFC 6238 Appendix B, SHA-1 column: time in seconds → 8-digit TOTP. */
const RFC_6238_SHA1: Array<[number, string]> = [
  [59, '94287082'],
  [1111111109, '07081804'],
  [1111111111, '14050471'],
  [1234567890, '89005924'],
  [2000000000, '69279037'],
  [20000000000, '65353130']
]

const rfc = (digits: 6 | 8): TotpParams => ({
  secret: RFC_SEED,
  digits,
  period: 30,
  algorithm: 'sha1'
})

describe('oneTimeCode', () => {
  it.each(RFC_6238_SHA1)(
    'gives the RFC 6238 SHA-1 vector at T=%i s with 8 digits',
    async (t, code) => {
      await expect(oneTimeCode(rfc(8), t * 1000)).resolves.toBe(code)
    }
  )

  it.each(RFC_6238_SHA1)(
    'gives the last six digits of the RFC vector at T=%i s with 6 digits, as AWS devices do',
    async (t, code) => {
      await expect(oneTimeCode(rfc(6), t * 1000)).resolves.toBe(code.slice(-6))
    }
  )

  it('gives one code for the whole 30-second window, milliseconds included', async () => {
    // T=59 s lies in the window [30 s, 60 s).
    for (const ms of [30_000, 45_500, 59_000, 59_999]) {
      await expect(oneTimeCode(rfc(8), ms)).resolves.toBe('94287082')
    }
  })

  it("uses AWS's parameters by default: SHA-1, 6 digits, 30 seconds", () => {
    expect(AWS_TOTP_DEFAULTS).toEqual({ algorithm: 'sha1', digits: 6, period: 30 })
  })
})

describe('timeStep', () => {
  it.each([
    [0, 0],
    [29_999, 0],
    [30_000, 1],
    [59_999, 1],
    [1_111_111_109_000, 37_037_036],
    [1_111_111_111_000, 37_037_037]
  ])('puts %i ms in step %i', (ms, step) => {
    expect(timeStep(ms, 30)).toBe(step)
  })
})

describe('msUntilUsable', () => {
  const margin = MIN_REMAINING_SECONDS * 1000

  it('asks for a margin of a few seconds, well inside a window', () => {
    expect(MIN_REMAINING_SECONDS).toBeGreaterThan(0)
    expect(MIN_REMAINING_SECONDS).toBeLessThan(15)
  })

  it('is 0 at the start of a window', () => {
    expect(msUntilUsable(30_000, 30)).toBe(0)
  })

  it('is 0 with exactly the margin left', () => {
    expect(msUntilUsable(60_000 - margin, 30)).toBe(0)
  })

  it('waits for the next window with 1 ms less than the margin left', () => {
    expect(msUntilUsable(60_000 - margin + 1, 30)).toBe(margin - 1)
  })

  it('waits for the next window with one second left', () => {
    expect(msUntilUsable(59_000, 30)).toBe(1_000)
  })

  it("waits for the next window when the current one's code was used", () => {
    expect(msUntilUsable(31_000, 30, timeStep(31_000, 30))).toBe(29_000)
  })

  it('is 0 when only an earlier window was used', () => {
    expect(msUntilUsable(61_000, 30, 1)).toBe(0)
  })

  it('follows the period of the device', () => {
    expect(msUntilUsable(60_000, 60)).toBe(0)
    expect(msUntilUsable(118_000, 60)).toBe(2_000)
    expect(msUntilUsable(61_000, 60, 1)).toBe(59_000)
  })

  it('always leads to the earliest moment with a fresh window and the margin left', () => {
    for (let now = 0; now < 90_000; now += 250) {
      const step = timeStep(now, 30)
      for (const used of [-Infinity, step - 1, step]) {
        const wait = msUntilUsable(now, 30, used)
        const then = now + wait
        // Usable then: a later step than the used one, with at least the margin left in it.
        expect(timeStep(then, 30)).toBeGreaterThan(used)
        expect((timeStep(then, 30) + 1) * 30_000 - then).toBeGreaterThanOrEqual(margin)
        expect(msUntilUsable(then, 30, used)).toBe(0)
        // And not usable a millisecond earlier, unless no wait was needed.
        expect(wait === 0 || msUntilUsable(then - 1, 30, used) > 0).toBe(true)
      }
    }
  })
})
