// withOneTimeCode across several MFA devices, and on a runner whose clock is wrong.
import { describe, expect, it } from '@jest/globals'
import { STSServiceException } from '@aws-sdk/client-sts'
import { awsClockOffsetMs } from '../../src/engine/aws-clock.js'
import { MfaAttemptsFailed, withOneTimeCode, type MfaDevice } from '../../src/engine/mfa.js'
import type { Clock } from '../../src/engine/clock.js'
import { oneTimeCode, timeStep, type TotpParams } from '../../src/engine/totp.js'
import { DEVICE_SEED, RFC_SEED } from '../helpers/fixtures.js'

const totp = (secret: string): TotpParams => ({ secret, digits: 6, period: 30, algorithm: 'sha1' })
const DEVICES: MfaDevice[] = [
  { serial: 'arn:aws:iam::123456789012:mfa/a', totp: totp(RFC_SEED) },
  { serial: 'arn:aws:iam::123456789012:mfa/b', totp: totp(DEVICE_SEED) },
  {
    serial: 'arn:aws:iam::123456789012:mfa/c',
    totp: totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')
  }
]
/** 10 s into a window. */
const START = 1_700_000_020_000

class FakeClock implements Clock {
  constructor(public time: number) {}
  now() {
    return this.time
  }
  async sleep(ms: number) {
    this.time += ms
  }
}

function refused(date?: Date): STSServiceException {
  const error = new STSServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.'
  })
  if (date) Object.assign(error, { $response: { headers: { date: date.toUTCString() } } })
  return error
}

function setup(
  options: { devices?: MfaDevice[]; firstDevice?: number; retryWindows?: number } = {}
) {
  const clock = new FakeClock(START)
  const log: string[] = []
  const sent: { serial?: string; code: string; step: number }[] = []
  return {
    clock,
    log,
    sent,
    options: {
      mfa: { kind: 'seed' as const, totp: DEVICES[0].totp },
      devices: options.devices ?? DEVICES,
      firstDevice: options.firstDevice,
      retryWindows: options.retryWindows ?? 2,
      clock,
      mask: () => {},
      notice: (m: string) => log.push(`notice: ${m}`),
      info: (m: string) => log.push(`info: ${m}`),
      warning: (m: string) => log.push(`warning: ${m}`)
    },
    /** Refuses the first `n` codes, then accepts. */
    attempt:
      (n: number, error = () => refused()) =>
      async (code: string, serial?: string) => {
        sent.push({ serial, code, step: timeStep(clock.now(), 30) })
        clock.time += 200
        if (sent.length <= n) throw error()
        return serial
      }
  }
}

describe('withOneTimeCode with several devices', () => {
  it('starts at the device it is given and, when its code is refused, moves on at once', async () => {
    const { options, attempt, sent, clock, log } = setup({ firstDevice: 1 })
    await expect(withOneTimeCode(options, attempt(1))).resolves.toBe(DEVICES[2].serial)
    expect(sent.map(s => s.serial)).toEqual([DEVICES[1].serial, DEVICES[2].serial])
    expect(sent[1].step).toBe(sent[0].step)
    expect(clock.time - START).toBeLessThan(1000)
    expect(log).toEqual([
      `info: STS refused the code of ${DEVICES[1].serial}: trying the next device, ${DEVICES[2].serial}.`
    ])
  })

  it('sends each device’s own code', async () => {
    const { options, attempt, sent } = setup({ firstDevice: 0 })
    await withOneTimeCode(options, attempt(2))
    for (const [i, { code }] of sent.entries()) {
      expect(code).toBe(await oneTimeCode(DEVICES[i].totp, START + i * 200))
    }
  })

  it('waits for the next window only when every device’s code was refused', async () => {
    const { options, attempt, sent, log } = setup({ firstDevice: 2 })
    await expect(withOneTimeCode(options, attempt(3))).resolves.toBe(DEVICES[2].serial)
    expect(sent.map(s => s.serial?.slice(-1))).toEqual(['c', 'a', 'b', 'c'])
    expect(sent.map(s => s.step - sent[0].step)).toEqual([0, 0, 0, 1])
    expect(log.filter(l => l.startsWith('notice'))).toEqual([
      expect.stringMatching(
        /^notice: STS refused the current code of all 3 MFA devices.*Waiting 20 s.*\(try 2 of 3\)/
      )
    ])
  })

  it('fails after retry windows rounds of refusals, counting every refused code', async () => {
    const { options, attempt, sent } = setup({ firstDevice: 0, retryWindows: 1 })
    const error = await withOneTimeCode(options, attempt(99)).catch(e => e)
    expect(error).toBeInstanceOf(MfaAttemptsFailed)
    expect((error as MfaAttemptsFailed).refusedCodes).toBe(6)
    expect(new Set(sent.map(s => `${s.serial} ${s.step}`)).size).toBe(6)
  })

  it('never sends a device’s code twice', async () => {
    const { options, attempt, sent } = setup({ devices: DEVICES.slice(0, 2), retryWindows: 4 })
    await withOneTimeCode(options, attempt(9))
    const keys = sent.map(s => `${s.serial} ${s.code}`)
    expect(new Set(keys).size).toBe(keys.length)
  })

  it('spreads its starting device at random when none is given', async () => {
    const firsts = new Set<string | undefined>()
    for (let i = 0; i < 60; i++) {
      const { options, attempt, sent } = setup()
      await withOneTimeCode(options, attempt(0))
      firsts.add(sent[0].serial)
    }
    expect(firsts.size).toBe(3)
  })

  it('ends at once on an error other than a refused code', async () => {
    const { options, attempt, sent } = setup({ firstDevice: 0 })
    const other = () =>
      new STSServiceException({
        name: 'AccessDenied',
        $fault: 'client',
        $metadata: {},
        message: 'not authorized'
      })
    await expect(withOneTimeCode(options, attempt(1, other))).rejects.toBeInstanceOf(
      MfaAttemptsFailed
    )
    expect(sent).toHaveLength(1)
  })
})

describe('withOneTimeCode on a runner with a wrong clock', () => {
  it.each([90_000, -90_000])(
    'computes the next code from AWS’s clock (%i ms) at once, and warns',
    async skewMs => {
      const { options, sent, clock, log } = setup({ devices: DEVICES.slice(0, 1) })
      const aws = () => clock.now() + skewMs
      const result = await withOneTimeCode(options, async code => {
        sent.push({ code, step: timeStep(aws(), 30) })
        clock.time += 200
        if (code !== (await oneTimeCode(DEVICES[0].totp, aws()))) throw refused(new Date(aws()))
        return 'ok'
      })
      expect(result).toBe('ok')
      expect(sent).toHaveLength(2)
      expect(clock.time - START).toBeLessThan(1000)
      expect(log).toEqual([
        expect.stringMatching(
          new RegExp(
            `^warning: The runner's clock is 90 s ${skewMs > 0 ? 'behind' : 'ahead of'} AWS's.*fix the runner's clock`
          )
        )
      ])
    }
  )

  it('does not count the clock’s refusal as a retry window', async () => {
    const { options, clock, log } = setup({ devices: DEVICES.slice(0, 1), retryWindows: 0 })
    let calls = 0
    await expect(
      withOneTimeCode(options, async () => {
        if (++calls === 1) throw refused(new Date(clock.now() + 120_000))
        return 'ok'
      })
    ).resolves.toBe('ok')
    expect(log[0]).toMatch(/^warning: /)
  })

  it('ignores a Date header within a few seconds of the runner’s clock', async () => {
    const { options, attempt, clock, log } = setup({ devices: DEVICES.slice(0, 1) })
    await withOneTimeCode(
      options,
      attempt(1, () => refused(new Date(clock.now() + 3_000)))
    )
    expect(log.some(l => l.startsWith('warning'))).toBe(false)
  })
})

describe('awsClockOffsetMs', () => {
  const now = Date.parse('2026-11-25T12:00:00.000Z')
  const withDate = (date: string) => ({ $response: { headers: { date } } })

  it('reads the Date of the answer, to the second', () => {
    expect(awsClockOffsetMs(withDate('Wed, 25 Nov 2026 12:01:30 GMT'), now)).toBe(90_500)
    expect(awsClockOffsetMs(withDate('Wed, 25 Nov 2026 11:58:30 GMT'), now)).toBe(-89_500)
  })

  it('is undefined for a small offset, no header, or no answer', () => {
    expect(awsClockOffsetMs(withDate('Wed, 25 Nov 2026 12:00:04 GMT'), now)).toBeUndefined()
    expect(awsClockOffsetMs(withDate('garbage'), now)).toBeUndefined()
    expect(awsClockOffsetMs(new Error('network'), now)).toBeUndefined()
    expect(awsClockOffsetMs(undefined, now)).toBeUndefined()
  })
})
