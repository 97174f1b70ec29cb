/** Standard output and error written to their descriptors, and to the streams when that fails. */
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { descriptorOutput } from '../../src/cli/output.js'

let scratch: string
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-output-test-'))
})
afterEach(() => rmSync(scratch, { recursive: true, force: true }))

function stream() {
  const made = { count: 0, text: '' }
  const make = () => {
    made.count++
    const passThrough = new PassThrough()
    passThrough.on('data', chunk => (made.text += String(chunk)))
    return passThrough
  }
  return { made, make }
}

describe('descriptorOutput', () => {
  it('writes the whole text to the descriptor, in order, and never makes the stream', () => {
    const file = join(scratch, 'out')
    const fd = openSync(file, 'w')
    const { made, make } = stream()
    const output = descriptorOutput(fd, make)
    output.write('{"Version": 1}\n')
    output.write('é and ✓, in UTF-8\n')
    closeSync(fd)
    expect(readFileSync(file, 'utf8')).toBe('{"Version": 1}\né and ✓, in UTF-8\n')
    expect(made.count).toBe(0)
  })

  it('writes to the stream, this time and every later one, once a write to the descriptor fails', async () => {
    const { made, make } = stream()
    // No such descriptor (EBADF), as a full non-blocking pipe (EAGAIN) or a gone reader (EPIPE).
    const output = descriptorOutput(2 ** 30, make)
    output.write('first\n')
    output.write('second\n')
    await new Promise(resolve => setImmediate(resolve))
    expect(made).toEqual({ count: 1, text: 'first\nsecond\n' })
  })
})
