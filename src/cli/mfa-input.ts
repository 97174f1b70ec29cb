import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs'
import { shellQuote } from './formats.js'
import type { CliOptions, MfaInput } from './options.js'
import { ActionError, InputError } from '../engine/errors.js'
import type { Output } from './output.js'

/** Standard input: a file or pipe to read, or a terminal to ask on. */
export interface Input extends NodeJS.ReadableStream {
  isTTY?: boolean
  setRawMode?(raw: boolean): unknown
}

/**
 * Standard input and error. Standard input is read from the object only when a branch needs it:
 * the process's own is made on first use, and a call with a seed file or a cache hit never needs it.
 */
export interface Terminal {
  readonly stdin: Input
  readonly stderr: Output
}

/** The seed or code, and whether the person must be asked for the code (nothing else given). */
export type MfaInputOrPrompt = MfaInput & { prompt?: true }

/**
 * Where the code comes from: a source named on the command line (--mfa-seed-file,
 * --mfa-seed-stdin, --mfa-code), else AWS_MFA_SEED, else the person at the terminal. Two named
 * sources are both passed on, for readSettings to refuse as it does in the action.
 */
export async function readMfaInput(
  options: CliOptions,
  env: NodeJS.ProcessEnv,
  terminal: Terminal,
  platform: NodeJS.Platform = process.platform
): Promise<MfaInputOrPrompt> {
  const { stderr } = terminal
  const code = options.inputs['mfa-code']
  if (options.mfaSeedFile) {
    const seed = readSeedFile(options.mfaSeedFile, platform)
    return { seed, code, seedSource: '--mfa-seed-file' }
  }
  if (options.mfaSeedStdin) {
    const { stdin } = terminal
    const seed = stdin.isTTY
      ? await promptHidden('MFA seed (not shown): ', stdin, stderr)
      : await readAll(stdin)
    return { seed, code, seedSource: '--mfa-seed-stdin' }
  }
  if (code !== undefined) return { code }
  if (env.AWS_MFA_SEED) return { seed: env.AWS_MFA_SEED, seedSource: 'AWS_MFA_SEED' }
  return terminal.stdin.isTTY ? { prompt: true } : {}
}

/** More than any seed or otpauth:// URI: a bigger file is not a seed file. */
const SEED_FILE_MAX_BYTES = 64 * 1024

/**
 * The seed file, refused when other users could read or change it (it is the device's key), and
 * unless it is a regular file: a FIFO or a device could keep the command waiting for ever. Opened
 * without waiting (O_NONBLOCK), checked by what was opened, then read.
 */
function readSeedFile(path: string, platform: NodeJS.Platform): string {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0))
  } catch (error) {
    throw new InputError([`Cannot read --mfa-seed-file ${path} (${errorCode(error)}).`])
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile() || stats.size > SEED_FILE_MAX_BYTES) {
      throw new InputError([
        `--mfa-seed-file ${path} is not a seed file: it must be a regular file of at most ` +
          `${SEED_FILE_MAX_BYTES / 1024} KiB holding the seed.`
      ])
    }
    // Windows has no such mode bits: there, the file's access list is the user's to set.
    if (platform !== 'win32' && (stats.mode & 0o077) !== 0) {
      throw new InputError([
        `--mfa-seed-file ${path} is open to other users (mode ${(stats.mode & 0o777).toString(8)}), ` +
          `and it holds the key to your MFA device: make it yours alone with chmod 600 ${shellQuote(path)}`
      ])
    }
    return readFileSync(fd, 'utf8')
  } catch (error) {
    if (error instanceof InputError) throw error
    throw new InputError([`Cannot read --mfa-seed-file ${path} (${errorCode(error)}).`])
  } finally {
    closeSync(fd)
  }
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error)

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of stream) chunks.push(Buffer.from(chunk))
  return Buffer.concat(chunks).toString('utf8')
}

/**
 * Asks on standard error and reads one line from the terminal without echo (raw mode), so the
 * answer is neither shown nor captured by `eval "$(…)"`, which only takes standard output.
 */
export function promptHidden(question: string, stdin: Input, stderr: Output): Promise<string> {
  return new Promise((resolve, reject) => {
    let answer = ''
    const finish = (outcome: () => void) => {
      stdin.removeListener('data', onData)
      stdin.setRawMode?.(false)
      stdin.pause()
      stderr.write('\n')
      outcome()
    }
    const onData = (chunk: Buffer | string) => {
      for (const char of String(chunk)) {
        if (char === '\r' || char === '\n' || char === '\u0004') {
          return finish(() => resolve(answer))
        }
        if (char === '\u0003') {
          return finish(() => reject(new ActionError('Cancelled: no code was given.')))
        }
        if (char === '\u007f' || char === '\b') answer = answer.slice(0, -1)
        else if (char >= ' ') answer += char
      }
    }
    // Echo off before the question shows: a code typed the moment it appears is not echoed.
    stdin.setRawMode?.(true)
    stderr.write(question)
    stdin.setEncoding('utf8')
    stdin.on('data', onData)
    stdin.resume()
  })
}
