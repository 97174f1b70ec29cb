/** Throttling, server errors and dead endpoints, against the bundled action. */
import { describe, expect, test } from '@jest/globals'
import { createServer } from 'node:net'
import { expectFailure, job, start } from './harness.js'
import { inputsFor, world } from './fixtures.js'

describe('faults', () => {
  test('two throttles, then success', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    emu.injectFaults([{ kind: 'throttle', count: 2 }])
    const result = await job(inputsFor(emu.url, user, seed))
    expect(result.main.exitCode).toBe(0)
    expect(emu.requests.map(r => r.errorCode ?? r.status)).toEqual([
      'Throttling',
      'Throttling',
      200
    ])
  })

  test('two 503s, then success', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    emu.injectFaults([{ kind: '503', count: 2 }])
    const result = await job(inputsFor(emu.url, user, seed))
    expect(result.main.exitCode).toBe(0)
    expect(emu.requests.map(r => r.status)).toEqual([503, 503, 200])
  })

  test('an endpoint that refuses connections fails clearly within 30 s', async () => {
    const { user, seed } = world()
    const port = await closedPort()
    const started = Date.now()
    const result = await job(inputsFor(`http://127.0.0.1:${port}`, user, seed), {
      seed,
      'user secret key': user.secretAccessKey
    })
    expect(Date.now() - started).toBeLessThan(30_000)
    expectFailure(result, /Could not reach STS/)
  })

  test('an endpoint that never answers fails after the request timeout', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    emu.injectFaults([{ kind: 'hang', count: 10 }])
    const started = Date.now()
    const result = await job({ ...inputsFor(emu.url, user, seed), 'retry-max-attempts': '1' })
    const seconds = (Date.now() - started) / 1000
    // src/engine/sts.ts: 10 s per request, times retry-max-attempts (here 1), plus start-up.
    expect(seconds).toBeGreaterThanOrEqual(10)
    expect(seconds).toBeLessThan(10 + 5 + 5)
    expectFailure(result, /Could not reach STS/)
  }, 40_000)
})

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const server = createServer()
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise(resolve => server.close(resolve))
  return port
}
