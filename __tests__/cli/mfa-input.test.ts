import { execFileSync } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { promptHidden, readMfaInput, type Input } from '../../src/cli/mfa-input.js'
import { parseCommandLine } from '../../src/cli/options.js'
import { ActionError, InputError } from '../../src/engine/errors.js'
import { DEVICE_SEED } from '../helpers/fixtures.js'

/** A terminal as Node presents one: a stream with isTTY and setRawMode. */
class FakeTerminal extends PassThrough implements Input {
  isTTY = true
  readonly rawModes: boolean[] = []
  setRawMode(raw: boolean) {
    this.rawModes.push(raw)
    return this
  }
}

/** Standard error, recorded. */
function recorder() {
  const stream = new PassThrough()
  let text = ''
  stream.on('data', chunk => (text += String(chunk)))
  return { stream, text: () => text }
}

let scratch: string

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-mfa-test-'))
})

afterEach(() => {
  rmSync(scratch, { recursive: true, force: true })
})

function seedFile(content: string, mode: number): string {
  const path = join(scratch, 'mfa seed')
  writeFileSync(path, content)
  chmodSync(path, mode)
  return path
}

function pipe(content = ''): Input {
  const stream = new PassThrough()
  stream.end(content)
  return stream
}

const read = (argv: string[], env: NodeJS.ProcessEnv = {}, stdin: Input = pipe()) =>
  readMfaInput(parseCommandLine(argv), env, { stdin, stderr: recorder().stream }, 'linux')

describe('readMfaInput', () => {
  it('takes AWS_MFA_SEED when no option names a source', async () => {
    await expect(read([], { AWS_MFA_SEED: DEVICE_SEED })).resolves.toEqual({
      seed: DEVICE_SEED,
      seedSource: 'AWS_MFA_SEED'
    })
  })

  it('reads --mfa-seed-file when only its owner can read it', async () => {
    const path = seedFile(`${DEVICE_SEED}\n`, 0o600)
    await expect(read(['--mfa-seed-file', path])).resolves.toEqual({
      seed: `${DEVICE_SEED}\n`,
      code: undefined,
      seedSource: '--mfa-seed-file'
    })
  })

  it.each([0o644, 0o640, 0o604, 0o660, 0o602])(
    'refuses a seed file of mode %o, with the chmod that fixes it',
    async mode => {
      const path = seedFile(DEVICE_SEED, mode)
      const error = await read(['--mfa-seed-file', path]).catch(e => e)
      expect(error).toBeInstanceOf(InputError)
      const [problem] = (error as InputError).problems
      expect(problem).toContain(`mode ${mode.toString(8)}`)
      expect(problem).toContain(`chmod 600 '${path}'`)
      expect(problem).not.toContain(DEVICE_SEED)
    }
  )

  it('does not check modes on Windows, which has none', async () => {
    const path = seedFile(DEVICE_SEED, 0o644)
    const options = parseCommandLine(['--mfa-seed-file', path])
    await expect(
      readMfaInput(options, {}, { stdin: pipe(), stderr: recorder().stream }, 'win32')
    ).resolves.toEqual(expect.objectContaining({ seed: DEVICE_SEED }))
  })

  it('says which file it cannot read', async () => {
    const path = join(scratch, 'missing')
    const error = await read(['--mfa-seed-file', path]).catch(e => e)
    expect((error as InputError).problems).toEqual([
      `Cannot read --mfa-seed-file ${path} (ENOENT).`
    ])
  })

  it('refuses a FIFO at once, which could keep it waiting for ever, and a file too big for a seed', async () => {
    const fifo = join(scratch, 'fifo')
    execFileSync('mkfifo', ['-m', '600', fifo])
    const big = seedFile('A'.repeat(64 * 1024 + 1), 0o600)
    for (const path of [fifo, big]) {
      const error = await read(['--mfa-seed-file', path]).catch(e => e)
      expect((error as InputError).problems).toEqual([
        `--mfa-seed-file ${path} is not a seed file: it must be a regular file of at most 64 KiB ` +
          'holding the seed.'
      ])
    }
  })

  it('reads the seed from a pipe with --mfa-seed-stdin', async () => {
    await expect(read(['--mfa-seed-stdin'], {}, pipe(`${DEVICE_SEED}\n`))).resolves.toEqual({
      seed: `${DEVICE_SEED}\n`,
      code: undefined,
      seedSource: '--mfa-seed-stdin'
    })
  })

  it('asks for the seed without echo when --mfa-seed-stdin is a terminal', async () => {
    const terminal = new FakeTerminal()
    const reading = read(['--mfa-seed-stdin'], {}, terminal)
    terminal.write(`${DEVICE_SEED}\r`)
    await expect(reading).resolves.toMatchObject({ seed: DEVICE_SEED })
  })

  it('prefers a source named on the command line to AWS_MFA_SEED', async () => {
    await expect(read(['--mfa-code', '123456'], { AWS_MFA_SEED: DEVICE_SEED })).resolves.toEqual({
      code: '123456'
    })
  })

  it('passes a named seed and a code on together, for readSettings to refuse', async () => {
    const path = seedFile(DEVICE_SEED, 0o600)
    await expect(read(['--mfa-seed-file', path, '--mfa-code', '123456'])).resolves.toMatchObject({
      seed: DEVICE_SEED,
      code: '123456'
    })
  })

  it('asks for the code when nothing was given and standard input is a terminal', async () => {
    await expect(read([], {}, new FakeTerminal())).resolves.toEqual({ prompt: true })
  })

  it('gives nothing when nothing was given and standard input is no terminal', async () => {
    await expect(read([], {}, pipe())).resolves.toEqual({})
  })
})

describe('promptHidden', () => {
  function ask() {
    const terminal = new FakeTerminal()
    const stderr = recorder()
    const answer = promptHidden('MFA code: ', terminal, stderr.stream)
    return { terminal, stderr, answer }
  }

  it('asks on standard error and echoes nothing of the answer', async () => {
    const { terminal, stderr, answer } = ask()
    terminal.write('123456\r')
    await expect(answer).resolves.toBe('123456')
    expect(stderr.text()).toBe('MFA code: \n')
  })

  it('reads in raw mode, and leaves raw mode after', async () => {
    const { terminal, answer } = ask()
    terminal.write('1')
    terminal.write('23456\n')
    await answer
    expect(terminal.rawModes).toEqual([true, false])
  })

  it('turns echo off before it shows the question', async () => {
    const terminal = new FakeTerminal()
    const stderr = new PassThrough()
    let rawWhenAsked: boolean[] = []
    stderr.once('data', () => (rawWhenAsked = [...terminal.rawModes]))
    const answer = promptHidden('MFA code: ', terminal, stderr)
    terminal.write('123456\r')
    await answer
    expect(rawWhenAsked).toEqual([true])
  })

  it('takes backspace as a correction, and ignores other control characters', async () => {
    const { terminal, answer } = ask()
    terminal.write('12x\u007f3\u001b45\b56\r')
    await expect(answer).resolves.toBe('123456')
  })

  it('ends at Ctrl-D', async () => {
    const { terminal, answer } = ask()
    terminal.write('123456\u0004')
    await expect(answer).resolves.toBe('123456')
  })

  it('gives up at Ctrl-C', async () => {
    const { terminal, answer } = ask()
    terminal.write('12\u0003')
    await expect(answer).rejects.toThrow(ActionError)
    expect(terminal.rawModes).toEqual([true, false])
  })
})
