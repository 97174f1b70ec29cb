/**
 * Endpoints that never finish their answer, apart from the other hostile endpoints
 * (hostile.test.ts) because they take the longest: each attempt must end at its 10 s deadline,
 * the run within the bound the README states (retry-max-attempts × 10 s, plus backoff).
 */
import { describe, expect, test } from '@jest/globals'
import { expectFailure, job } from './harness.js'
import { ATTEMPT_S, SLACK_S, hostile, inputs } from './hostile-fixtures.js'

describe('an endpoint that never finishes its answer', () => {
  test('headers, then silence: each of the 3 attempts ends at 10 s, the run at 30 s and backoff', async () => {
    const { url, requests } = await hostile({ behaviour: 'stall' })
    const result = await job(inputs(url))
    const seconds = result.main.durationMs / 1000
    console.log(`stall after headers, 3 attempts: main step ${seconds.toFixed(1)} s`)
    expect(requests.count).toBe(3)
    expect(seconds).toBeGreaterThanOrEqual(3 * ATTEMPT_S)
    expect(seconds).toBeLessThan(3 * ATTEMPT_S + SLACK_S)
    expectFailure(result, /no complete answer within 10 s/)
  }, 60_000)

  test('one byte every 2 s: the attempt ends at 10 s all the same', async () => {
    const { url, requests } = await hostile({ behaviour: 'drip', dripMs: 2000 })
    const result = await job(inputs(url, { 'retry-max-attempts': '1' }))
    const seconds = result.main.durationMs / 1000
    console.log(`drip, 1 attempt: main step ${seconds.toFixed(1)} s`)
    expect(requests.count).toBe(1)
    expect(seconds).toBeGreaterThanOrEqual(ATTEMPT_S)
    expect(seconds).toBeLessThan(ATTEMPT_S + SLACK_S)
    expectFailure(result, /no complete answer within 10 s/)
  }, 40_000)
})
