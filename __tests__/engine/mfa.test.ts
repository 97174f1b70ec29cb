import { describe, expect, it } from '@jest/globals'
import { STSServiceException } from '@aws-sdk/client-sts'
import { MfaAttemptsFailed, withOneTimeCode, type MfaOptions } from '../../src/engine/mfa.js'
import { systemClock, type Clock } from '../../src/engine/clock.js'
import { oneTimeCode, timeStep, type TotpParams } from '../../src/engine/totp.js'
import { RFC_SEED } from '../helpers/fixtures.js'

const TOTP: TotpParams = { secret: RFC_SEED, digits: 6, period: 30, algorithm: 'sha1' }

/** RFC 6238 Appendix B vectors, last six digits: the windows of T=59 s and T=1111111111 s. */
const CODE_AT_59_S = '287082'
const CODE_AT_1111111109_S = '081804'
const CODE_AT_1111111111_S = '050471'

/** A clock that only moves when the code under test sleeps or an attempt takes time. */
class FakeClock implements Clock {
  readonly sleeps: number[] = []
  constructor(
    public time: number,
    /** How much earlier than asked the first timer fires (a real timer may fire a hair early). */
    private early = 0
  ) {}
  now(): number {
    return this.time
  }
  async sleep(ms: number): Promise<void> {
    // A waiting loop that never ends fails the test instead of hanging it.
    if (this.sleeps.length >= 100) throw new Error(`slept 100 times: ${this.sleeps.slice(-3)}`)
    this.sleeps.push(ms)
    this.time += ms - this.early
    this.early = 0
  }
}

interface Attempt {
  code: string
  at: number
  /** Whether the code had been masked when `attempt` received it. */
  masked: boolean
}

function setup(start: number, retryWindows = 2, early = 0) {
  const clock = new FakeClock(start, early)
  const masked: string[] = []
  const notices: string[] = []
  const infos: string[] = []
  const attempts: Attempt[] = []
  const options: MfaOptions = {
    mfa: { kind: 'seed', totp: TOTP },
    retryWindows,
    clock,
    mask: code => masked.push(code),
    notice: message => notices.push(message),
    info: message => infos.push(message)
  }
  /** An attempt that takes `latencyMs` of virtual time, then gives the next outcome. */
  const attempt =
    (outcomes: Array<Error | string>, latencyMs = 300) =>
    async (code: string): Promise<string> => {
      attempts.push({ code, at: clock.now(), masked: masked.includes(code) })
      clock.time += latencyMs
      const outcome = outcomes[Math.min(attempts.length - 1, outcomes.length - 1)]
      if (outcome instanceof Error) throw outcome
      return outcome
    }
  return { clock, masked, notices, infos, attempts, options, attempt }
}

function stsError(name: string, message: string, httpStatusCode = 403): STSServiceException {
  return new STSServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { requestId: 'req-1', httpStatusCode },
    message
  })
}

const refused = () =>
  stsError('AccessDenied', 'MultiFactorAuthentication failed with invalid MFA one time pass code.')

const notAuthorised = () =>
  stsError(
    'AccessDenied',
    'User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role/deploy'
  )

describe('withOneTimeCode', () => {
  it("sends the current window's code and returns what the attempt returns", async () => {
    const t = setup(30_000)
    await expect(withOneTimeCode(t.options, t.attempt(['session']))).resolves.toBe('session')
    expect(t.attempts.map(a => a.code)).toEqual([CODE_AT_59_S])
    expect(t.clock.sleeps).toEqual([])
    expect(t.notices).toEqual([])
    expect(t.infos).toEqual([])
  })

  it("waits for the next window when the current one ends too soon, and sends that window's code", async () => {
    // 1111111109 s is one second before its window ends; 1111111111 s is in the next window.
    const t = setup(1_111_111_109_000)
    await withOneTimeCode(t.options, t.attempt(['session']))
    expect(t.attempts.map(a => a.code)).toEqual([CODE_AT_1111111111_S])
    expect(t.attempts[0].at).toBe(1_111_111_110_000)
    expect(t.clock.sleeps).toEqual([1_000])
    expect(t.infos).toEqual([expect.stringContaining('Waiting 1 s for the next TOTP window')])
    expect(t.notices).toEqual([])
  })

  it('never sends the code of a window about to end', async () => {
    const t = setup(1_111_111_109_000)
    await withOneTimeCode(t.options, t.attempt(['session']))
    expect(t.attempts.map(a => a.code)).not.toContain(CODE_AT_1111111109_S)
  })

  it('sleeps again when a timer fires early, rather than send an old code', async () => {
    const t = setup(1_111_111_109_000, 2, 5)
    await withOneTimeCode(t.options, t.attempt(['session']))
    expect(t.clock.sleeps).toEqual([1_000, 5])
    expect(t.attempts.map(a => a.code)).toEqual([CODE_AT_1111111111_S])
    expect(t.infos).toHaveLength(1)
  })

  it("after a refused code, waits for the next window and sends that window's code", async () => {
    const t = setup(1_111_111_111_000)
    await expect(withOneTimeCode(t.options, t.attempt([refused(), 'session']))).resolves.toBe(
      'session'
    )
    const nextWindow = 1_111_111_140_000
    expect(t.attempts.map(a => a.at)).toEqual([1_111_111_111_000, nextWindow])
    expect(t.attempts[0].code).toBe(CODE_AT_1111111111_S)
    expect(t.attempts[1].code).toBe(await oneTimeCode(TOTP, nextWindow))
    expect(t.attempts[1].code).not.toBe(t.attempts[0].code)
  })

  it('says how long it waits after a refused code, and why, without the code', async () => {
    const t = setup(1_111_111_111_000)
    await withOneTimeCode(t.options, t.attempt([refused(), 'session'], 400))
    // Refused at 1111111111.4 s; the next window opens at 1111111140 s.
    expect(t.notices).toHaveLength(1)
    const [notice] = t.notices
    expect(notice).toContain('Waiting 29 s')
    expect(notice).toContain('refused')
    expect(notice).toMatch(/wrong, or already used/)
    expect(notice).toContain('try 2 of 3')
    for (const { code } of t.attempts) expect(notice).not.toContain(code)
  })

  it('retries at once, with a fresh code, when a slow refusal ends in a later window', async () => {
    // The refusal arrives 35 s later (the SDK retried a throttled request meanwhile).
    const t = setup(1_111_111_111_000)
    await withOneTimeCode(t.options, t.attempt([refused(), 'session'], 35_000))
    expect(t.clock.sleeps).toEqual([])
    expect(t.attempts[1].at).toBe(1_111_111_146_000)
    expect(timeStep(t.attempts[1].at, 30)).toBeGreaterThan(timeStep(t.attempts[0].at, 30))
    expect(t.attempts[1].code).toBe(await oneTimeCode(TOTP, 1_111_111_146_000))
  })

  it.each([0, 1, 2, 4])(
    'gives up after %i retry window(s) plus the first, saying how many codes were refused',
    async retryWindows => {
      const t = setup(30_000, retryWindows)
      const last = refused()
      const outcomes = [...Array.from({ length: retryWindows }, refused), last]
      const failure = await withOneTimeCode(t.options, t.attempt(outcomes)).catch(e => e)
      expect(failure).toBeInstanceOf(MfaAttemptsFailed)
      expect(failure.refusedCodes).toBe(retryWindows + 1)
      expect(failure.last).toBe(last)
      expect(failure.message).toContain(`${retryWindows + 1} refused`)
      expect(t.attempts).toHaveLength(retryWindows + 1)
      expect(t.notices).toHaveLength(retryWindows)
    }
  )

  it('never sends the same code twice, nor two codes of one window', async () => {
    const t = setup(1_111_111_111_000, 4)
    await withOneTimeCode(t.options, t.attempt([refused()])).catch(() => undefined)
    expect(t.attempts).toHaveLength(5)
    const codes = t.attempts.map(a => a.code)
    expect(new Set(codes).size).toBe(codes.length)
    const steps = t.attempts.map(a => timeStep(a.at, 30))
    for (let i = 1; i < steps.length; i++) expect(steps[i]).toBeGreaterThan(steps[i - 1])
    for (const { code, at } of t.attempts) expect(code).toBe(await oneTimeCode(TOTP, at))
  })

  it('masks every code before the attempt receives it', async () => {
    const t = setup(1_111_111_111_000, 2)
    await withOneTimeCode(t.options, t.attempt([refused()])).catch(() => undefined)
    expect(t.attempts).toHaveLength(3)
    for (const attempt of t.attempts) expect(attempt.masked).toBe(true)
    expect(t.masked).toEqual(t.attempts.map(a => a.code))
  })

  it.each([
    ['an access denial', notAuthorised()],
    ['a network error', Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })],
    [
      'an exhausted device',
      stsError(
        'AccessDenied',
        'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'
      )
    ],
    ['throttling', stsError('Throttling', 'Rate exceeded', 400)],
    ['a server error', stsError('InternalFailure', 'Internal failure', 500)]
  ])('stops at once on %s, without another code', async (_name, error) => {
    const t = setup(30_000, 4)
    const failure = await withOneTimeCode(t.options, t.attempt([error, 'session'])).catch(e => e)
    expect(failure).toBeInstanceOf(MfaAttemptsFailed)
    expect(failure.last).toBe(error)
    expect(failure.refusedCodes).toBe(0)
    expect(t.attempts).toHaveLength(1)
    expect(t.clock.sleeps).toEqual([])
  })

  it('counts the codes refused before an error of another kind', async () => {
    const t = setup(30_000, 4)
    const denial = notAuthorised()
    const failure = await withOneTimeCode(t.options, t.attempt([refused(), denial])).catch(e => e)
    expect(failure).toBeInstanceOf(MfaAttemptsFailed)
    expect(failure.last).toBe(denial)
    expect(failure.refusedCodes).toBe(1)
    expect(t.attempts).toHaveLength(2)
  })
})

describe('withOneTimeCode with a typed code', () => {
  const typed = (start = 1_111_111_109_000) => {
    const t = setup(start, 4)
    t.options.mfa = { kind: 'code', code: '123456' }
    return t
  }

  it('sends it at once, even late in a window: the person just read it off the device', async () => {
    const t = typed()
    await expect(withOneTimeCode(t.options, t.attempt(['session']))).resolves.toBe('session')
    expect(t.attempts).toEqual([{ code: '123456', at: 1_111_111_109_000, masked: true }])
    expect(t.clock.sleeps).toEqual([])
    expect(t.infos).toEqual([])
  })

  it('sends it once: a refused code ends the run, whatever the retry windows', async () => {
    const t = typed()
    const failure = await withOneTimeCode(t.options, t.attempt([refused(), 'session'])).catch(
      e => e
    )
    expect(failure).toBeInstanceOf(MfaAttemptsFailed)
    expect(failure.refusedCodes).toBe(1)
    expect(t.attempts).toHaveLength(1)
    expect(t.clock.sleeps).toEqual([])
    expect(t.notices).toEqual([])
  })

  it('counts no refused code when STS fails for another reason', async () => {
    const t = typed()
    const denial = notAuthorised()
    const failure = await withOneTimeCode(t.options, t.attempt([denial])).catch(e => e)
    expect(failure.last).toBe(denial)
    expect(failure.refusedCodes).toBe(0)
  })
})

describe('systemClock', () => {
  it('tells the real time, and really sleeps', async () => {
    const before = Date.now()
    expect(Math.abs(systemClock.now() - before)).toBeLessThan(1_000)
    await systemClock.sleep(30)
    expect(Date.now() - before).toBeGreaterThanOrEqual(25)
  })
})
