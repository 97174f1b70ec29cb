/** The seed file: created by init alone, for its owner alone, and never through a planted link. */
import { lstatSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { seedFileProblems, writeSeedFile } from '../../src/cli/seed-store.js'

let dir: string
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'seed-store-'))
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

describe('writeSeedFile', () => {
  test('creates the file with mode 600 whatever the umask', () => {
    const file = join(dir, 'seed')
    const umask = process.umask(0)
    try {
      writeSeedFile(file, 'SEED')
    } finally {
      process.umask(umask)
    }
    expect(readFileSync(file, 'utf8')).toBe('SEED\n')
    expect(lstatSync(file).mode & 0o777).toBe(0o600)
  })

  test('refuses a file that appeared after the check, and a symlink planted there, writing nothing', () => {
    const file = join(dir, 'seed')
    expect(seedFileProblems(file)).toEqual([])
    writeFileSync(file, 'theirs')
    expect(() => writeSeedFile(file, 'SEED')).toThrow(/EEXIST/)
    expect(readFileSync(file, 'utf8')).toBe('theirs')

    const target = join(dir, 'target')
    const link = join(dir, 'link')
    symlinkSync(target, link)
    expect(() => writeSeedFile(link, 'SEED')).toThrow(/EEXIST/)
    expect(() => lstatSync(target)).toThrow()
  })
})

describe('seedFileProblems', () => {
  test('names an existing file, a dangling link and a missing folder', () => {
    writeFileSync(join(dir, 'there'), '')
    symlinkSync(join(dir, 'nowhere'), join(dir, 'link'))
    expect(seedFileProblems(join(dir, 'there'))[0]).toMatch(/exists, and is never overwritten/)
    expect(seedFileProblems(join(dir, 'link'))[0]).toMatch(/exists, and is never overwritten/)
    expect(seedFileProblems(join(dir, 'no/such/seed'))[0]).toMatch(/does not exist; create it/)
  })
})
