import { createHash } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  LOCK_STALE_MS,
  LOCK_WAIT_MS,
  isStale,
  removeLock,
  withLock
} from '../../src/cli/cache-lock.js'

let folder: string
let lock: string
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'cache-lock-test-'))
  lock = join(folder, 'entry.json.lock')
})
afterEach(() => rmSync(folder, { recursive: true, force: true }))

const quiet = { onWait: () => {} }

describe('withLock', () => {
  it('runs one holder at a time, in whatever order they come', async () => {
    let inside = 0
    let most = 0
    const work = async () => {
      most = Math.max(most, ++inside)
      await new Promise(resolve => setTimeout(resolve, 30))
      inside--
    }
    await Promise.all(Array.from({ length: 5 }, () => withLock(lock, work, quiet)))
    expect(most).toBe(1)
    expect(readdirSync(folder)).toEqual([])
  })

  it('removes its lock when the work fails', async () => {
    await expect(withLock(lock, () => Promise.reject(new Error('boom')), quiet)).rejects.toThrow(
      'boom'
    )
    expect(readdirSync(folder)).toEqual([])
  })

  it('says once that it waits, naming the holder', async () => {
    writeFileSync(lock, `${process.pid} ${hostname()} 0123456789abcdef\n`)
    const said: string[] = []
    setTimeout(() => rmSync(lock), 300)
    await withLock(lock, async () => {}, { onWait: message => said.push(message) })
    expect(said).toEqual([
      `Waiting for another aws-assume-role-mfa (pid ${process.pid}) that is getting the same credentials.`
    ])
  })

  it(`gives up after ${LOCK_WAIT_MS / 1000} s on a live holder, and says how to clear it`, async () => {
    // A holder that is alive (this process) and keeps its lock fresh: only the clock moves on.
    writeFileSync(lock, `${process.pid} ${hostname()} 0123456789abcdef\n`)
    let now = Date.now()
    const sleep = async (ms: number) => {
      now += ms * 1000
      const time = new Date(now)
      utimesSync(lock, time, time)
    }
    let ran = false
    await expect(
      withLock(lock, async () => void (ran = true), { ...quiet, now: () => now, sleep })
    ).rejects.toThrow(/held the cache lock .* for more than 300 s\. If no such process runs/)
    expect(ran).toBe(false)
  })

  it('takes over a lock whose heartbeat stopped', async () => {
    writeFileSync(lock, `${process.pid} ${hostname()} 0123456789abcdef\n`)
    const old = new Date(Date.now() - LOCK_STALE_MS - 1_000)
    utimesSync(lock, old, old)
    let ran = false
    await withLock(lock, async () => void (ran = true), quiet)
    expect(ran).toBe(true)
    expect(readdirSync(folder)).toEqual([])
  })
})

describe('isStale', () => {
  const now = Date.now()
  it('is fresh for a live holder of this host with a recent heartbeat', () => {
    expect(isStale(`${process.pid} ${hostname()} x`, now, now)).toBe(false)
  })
  it('is stale without a heartbeat for LOCK_STALE_MS', () => {
    expect(isStale(`${process.pid} ${hostname()} x`, now - LOCK_STALE_MS - 1, now)).toBe(true)
  })
  it('is stale at once when the holder of this host is gone', () => {
    expect(isStale(`2147483646 ${hostname()} x`, now, now)).toBe(true)
  })
  it('trusts the heartbeat alone for a holder on another host, or one still writing its name', () => {
    expect(isStale('2147483646 another-host x', now, now)).toBe(false)
    expect(isStale('', now, now)).toBe(false)
  })
})

describe('removeLock', () => {
  const content = `2147483646 ${hostname()} 0123456789abcdef\n`

  it('removes the lock while it holds that content, and leaves no claim behind', () => {
    writeFileSync(lock, content)
    expect(removeLock(lock, content)).toBe(true)
    expect(readdirSync(folder)).toEqual([])
  })

  it('leaves a lock with other content: the stale one was replaced by a fresh holder', () => {
    writeFileSync(lock, `${process.pid} ${hostname()} fedcba9876543210\n`)
    expect(removeLock(lock, content)).toBe(true)
    expect(readdirSync(folder)).toEqual(['entry.json.lock'])
  })

  it('leaves the lock to a live process that claimed it first', () => {
    writeFileSync(lock, content)
    const claim = claimOf(content, 0)
    writeFileSync(claim, `${process.pid} ${hostname()} 00\n`)
    expect(removeLock(lock, content)).toBe(false)
    expect(readdirSync(folder).sort()).toEqual(['entry.json.lock', claim.slice(folder.length + 1)])
  })

  it('passes over a claim whose maker is gone, to the next generation', () => {
    writeFileSync(lock, content)
    writeFileSync(claimOf(content, 0), `2147483646 ${hostname()} 00\n`)
    expect(removeLock(lock, content)).toBe(true)
    expect(readdirSync(folder)).toEqual([])
  })
})

/** The file that gives the right to remove the lock holding `content` (cache-lock.ts). */
function claimOf(content: string, generation: number): string {
  const digest = createHash('sha256').update(content).digest('hex').slice(0, 16)
  return `${lock}.${digest}.${generation}.break`
}
