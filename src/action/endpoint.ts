import { spawn } from 'node:child_process'
import { randomBytes, timingSafeEqual } from 'node:crypto'
import {
  closeSync,
  createReadStream,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { request } from 'node:http'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import {
  credentialsPath,
  PID_HEADER,
  PROBE_NONCE_HEADER,
  PROBE_PATH,
  PROBE_PROOF_HEADER,
  probeProof,
  type EndpointHandoff
} from '../engine/credentials-endpoint.js'
import { ActionError } from '../engine/errors.js'
import { printable } from '../engine/printable.js'

/*
 * refresh-credentials, the action's side: start the credentials server (src/server/) as a detached
 * process that outlives the main step, and stop it in the post step. What the post step needs is
 * in the action's state (EndpointState); the token is not, since the runner keeps state in clear.
 */

/** Where the server is, for the post step. */
export interface EndpointState {
  pid: number
  port: number
  /** The owner-only folder under RUNNER_TEMP with its log (and the profile's token file). */
  dir: string
}

export interface StartedEndpoint extends EndpointState {
  /** AWS_CONTAINER_CREDENTIALS_FULL_URI of role `index`. */
  uri: (index: number) => string
  token: string
  /** The owner-only file that holds the token, for credential_process lines. */
  tokenFile: string
  /** The command that prints role `index`'s credentials for a profile's credential_process. */
  credentialProcess: (index: number) => string
}

const READY_TIMEOUT_MS = 15_000
const STOP_TIMEOUT_MS = 5_000
/** What the server may see of the step's environment: never the inputs, which hold the keys. */
const PASSED_VARIABLES = [
  'PATH',
  'SYSTEMROOT',
  'TMPDIR',
  'NODE_EXTRA_CA_CERTS',
  'RUNNER_TRACKING_ID'
]

/** The server's bundle, next to the action's: dist/server/index.js. */
export function serverEntry(actionEntry = process.argv[1]): string {
  return join(dirname(actionEntry), 'server', 'index.js')
}

/**
 * Starts the server with the handoff on its standard input, its output to a 0600 log file, and
 * none of the step's streams (the runner waits for those to close before it ends the step).
 * Resolves once it listens; the token is masked before anything could print it.
 */
export async function startEndpoint(
  handoff: Omit<EndpointHandoff, 'token'>,
  mask: (secret: string) => void,
  entry = serverEntry()
): Promise<StartedEndpoint> {
  const token = randomBytes(32).toString('base64url') // 256 bits
  mask(token)
  const dir = mkdtempSync(join(process.env.RUNNER_TEMP || tmpdir(), 'aws-assume-role-mfa-'))
  const logFile = join(dir, 'server.log')
  const logFd = openSync(logFile, 'wx', 0o600)
  const env = Object.fromEntries(
    PASSED_VARIABLES.filter(name => process.env[name]).map(name => [name, process.env[name]])
  )
  const child = spawn(process.execPath, [entry], {
    detached: true,
    stdio: ['pipe', logFd, logFd, 'pipe'],
    env,
    cwd: dir,
    windowsHide: true
  })
  closeSync(logFd)
  // A server that dies at once closes its end: readyLine reports that, not an EPIPE here.
  child.stdin?.on('error', () => undefined)
  child.stdin?.end(JSON.stringify({ ...handoff, token }))
  let ready: { port: number; pid: number }
  try {
    ready = await readyLine(child)
  } catch (error) {
    if (child.pid) signal(child.pid, 'SIGKILL')
    const log = readFileSync(logFile, 'utf8').trim().split('\n').slice(-3).join(' | ')
    rmSync(dir, { recursive: true, force: true })
    throw new ActionError(
      `The credentials endpoint did not start (${(error as Error).message}; its log: ${log || 'empty'}). ` +
        'Nothing was exported. Set refresh-credentials: false to get keys that last one hour.'
    )
  }
  child.unref()
  const tokenFile = join(dir, 'token')
  writeFileSync(tokenFile, token, { mode: 0o600, flag: 'wx' })
  const uri = (index: number) => `http://127.0.0.1:${ready.port}${credentialsPath(index)}`
  return {
    pid: ready.pid,
    port: ready.port,
    dir,
    uri,
    token,
    tokenFile,
    credentialProcess: index =>
      commandLine([process.execPath, entry, 'credential-process', uri(index), tokenFile])
  }
}

/**
 * A `credential_process` value that botocore (AWS CLI v1 and v2: shell-like splitting), the
 * JavaScript SDK v3 and the Go SDK v2 (which run it with `sh -c`) all read as the same words.
 * Go v2 1.17 takes a value that begins with `"` as one quoted string and drops the rest
 * (../shared/AWS-MFA-FACTS.md), so words go unquoted where they can, and a word that needs
 * quoting (a space in a runner's path) in single quotes, which all three read literally. A word
 * with a single quote or a line break cannot be written so that all three agree: refused.
 */
export function commandLine(words: string[]): string {
  return words
    .map(word => {
      if (/^[\w@%+=:,./-]+$/.test(word)) return word
      if (/['\r\n]/.test(word) || word === '') {
        throw new ActionError(
          `The credentials endpoint's command for aws-profile cannot be written safely: the path ` +
            `'${word}' contains a quote or a line break. Move the runner's work or temporary ` +
            'folder (RUNNER_TEMP) to a path without, or leave aws-profile out.'
        )
      }
      return `'${word}'`
    })
    .join(' ')
}

/** The server's `{port, pid}` line on file descriptor 3, within READY_TIMEOUT_MS. */
function readyLine(child: ReturnType<typeof spawn>): Promise<{ port: number; pid: number }> {
  const channel = child.stdio[3] as NodeJS.ReadableStream & { destroy: () => void }
  return new Promise((resolve, reject) => {
    let text = ''
    const done = (error?: Error) => {
      clearTimeout(timer)
      channel.destroy()
      child.stdin?.destroy()
      child.removeAllListeners('exit')
      if (error) return reject(error)
      const ready = JSON.parse(text) as { port: number; pid: number }
      if (ready.pid !== child.pid || !(ready.port > 0)) reject(new Error('it answered oddly'))
      else resolve(ready)
    }
    const timer = setTimeout(
      () => done(new Error(`no answer in ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS
    )
    channel.setEncoding('utf8')
    channel.on('data', (chunk: string) => {
      text += chunk
      if (text.includes('\n')) done()
    })
    child.once('exit', code => done(new Error(`it exited with code ${code}`)))
    child.once('error', error => done(error))
  })
}

/**
 * The post step: stops the server, after checking on its port that the pid is still the server's
 * (a pid can be reused), waits until it is gone, and returns a short summary of its log.
 */
export async function stopEndpoint(state: EndpointState, hideAccounts: boolean): Promise<string[]> {
  const lines: string[] = []
  const token = readToken(state.dir)
  const answeringPid = token === undefined ? undefined : await probe(state.port, token)
  if (answeringPid === state.pid) {
    signal(state.pid, 'SIGTERM')
    if (!(await gone(state))) {
      signal(state.pid, 'SIGKILL')
      if (!(await gone(state))) {
        lines.push(`The credentials endpoint (pid ${state.pid}) is still running after SIGKILL.`)
      }
    }
  } else if (alive(state.pid)) {
    lines.push(
      `The credentials endpoint does not answer on port ${state.port} with its token's proof; ` +
        `pid ${state.pid} was left alone (it may be another process now). The runner ends ` +
        'leftover processes with the job.'
    )
  }
  const summary = await summarizeLogFile(join(state.dir, 'server.log'), hideAccounts)
  lines.unshift(summary.line, ...summary.warnings)
  rmSync(state.dir, { recursive: true, force: true })
  return lines
}

function readToken(dir: string): string | undefined {
  try {
    return readFileSync(join(dir, 'token'), 'utf8').trim() || undefined
  } catch {
    return undefined
  }
}

/**
 * The pid of the server that answers on the port, if it proves it holds the token (an HMAC of a
 * fresh nonce: the token never goes over the wire); undefined for anything else that listens.
 */
function probe(port: number, token: string): Promise<number | undefined> {
  const nonce = randomBytes(16).toString('hex')
  return new Promise(resolve => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: PROBE_PATH,
        headers: { [PROBE_NONCE_HEADER]: nonce },
        timeout: 2_000
      },
      res => {
        res.resume()
        const pid = Number(res.headers[PID_HEADER])
        const proof = String(res.headers[PROBE_PROOF_HEADER] ?? '')
        const expected = Number.isInteger(pid) ? probeProof(token, nonce, pid) : ''
        const proven =
          expected !== '' &&
          proof.length === expected.length &&
          timingSafeEqual(Buffer.from(proof), Buffer.from(expected))
        resolve(proven ? pid : undefined)
      }
    )
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
    req.end()
  })
}

/** Until the process has ended and the port refuses connections, within STOP_TIMEOUT_MS. */
async function gone(state: EndpointState): Promise<boolean> {
  const until = Date.now() + STOP_TIMEOUT_MS
  while (Date.now() < until) {
    if (!alive(state.pid) && !(await listening(state.port))) return true
    await new Promise(resolve => setTimeout(resolve, 100))
  }
  return false
}

/** A process that has ended but is not yet reaped by its new parent (a zombie) counts as gone. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
  } catch {
    return false
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return true // no /proc (macOS): kill(0) is all we know
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name)
  } catch {
    // already gone
  }
}

/** Whether anything accepts connections on the port. */
function listening(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect({ host: '127.0.0.1', port, timeout: 1_000 })
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('timeout', () => {
      socket.destroy()
      resolve(false)
    })
    socket.once('error', () => resolve(false))
  })
}

/** Longer lines are cut: the post step's memory stays bounded whatever the file holds. */
const MAX_LINE = 4096

/**
 * The post step's summary of the server's log, read as a stream (memory bounded by MAX_LINE
 * whatever the file's size): one line of what the server did, and warnings a person must see.
 */
export async function summarizeLogFile(
  path: string,
  hideAccounts = false
): Promise<{ line: string; warnings: string[] }> {
  const summary = new LogSummary()
  let rest = ''
  try {
    for await (const chunk of createReadStream(path, {
      encoding: 'utf8',
      highWaterMark: 64 * 1024
    })) {
      const parts = (rest + (chunk as string)).split('\n')
      rest = parts.pop() ?? ''
      if (rest.length > MAX_LINE) rest = rest.slice(0, MAX_LINE)
      for (const part of parts) summary.add(part.slice(0, MAX_LINE))
    }
  } catch {
    // No log (the server never started): an empty summary.
  }
  if (rest) summary.add(rest)
  return summary.result(hideAccounts)
}

/** The same summary from the log's text (tests, small logs). */
export function summarizeLog(log: string, hideAccounts = false): string {
  const summary = new LogSummary()
  for (const line of log.split('\n')) summary.add(line)
  return summary.result(hideAccounts).line
}

/** What the summary keeps of the log: counts and the last of each event that matters. */
class LogSummary {
  private counts: Record<string, number> = {}
  private lines: Record<string, number> = { served: 0, renewed: 0, 'renewal-failed': 0, refused: 0 }
  private last: Record<string, string> = {}

  add(line: string): void {
    const [, event = '', ...rest] = line.split(' ')
    const detail = rest.join(' ')
    if (event === 'counts') {
      this.counts = Object.fromEntries(
        detail.split(' ').map(pair => {
          const [name, value] = pair.split('=')
          return [name, Number(value) || 0]
        })
      )
    } else if (event in this.lines) this.lines[event]++
    if (['renewal-failed', 'failed', 'session-ended', 'stopped'].includes(event)) {
      this.last[event] = detail
    }
  }

  result(hideAccounts: boolean): { line: string; warnings: string[] } {
    // The counts line when the server wrote one (it counts what it stopped logging), else lines.
    const count = (name: string, event: string) => this.counts[name] ?? this.lines[event]
    const failure = this.last['renewal-failed'] ?? this.last.failed
    const end = this.last['session-ended'] ?? this.last.stopped
    const hide = (text: string) => {
      const line = printable(text, 2000).replace(/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, '***')
      return hideAccounts ? line.replace(/\b\d{12}\b/g, '***') : line
    }
    const line = [
      `Credentials endpoint: ${count('served', 'served')} answers, ${count('renewed', 'renewed')} ` +
        `renewals, ${count('failed', 'renewal-failed')} failed renewals, ` +
        `${count('refused', 'refused')} refused requests`,
      end ? `; it ended: ${end}` : '',
      failure ? `; last failure: ${failure}` : '',
      '.'
    ].join('')
    const warnings: string[] = []
    const age = /mfa-session-age=(\d+)s/.exec(failure ?? '')?.[1]
    if (failure && / AccessDenied /.test(failure) && age) {
      const role = failure.split(':').slice(0, 6).join(':')
      warnings.push(
        `STS refused to renew ${role} from the MFA session (AccessDenied) when the session was ` +
          `${age} s old. AWS names no condition in this refusal; the likely cause is a trust ` +
          'policy condition on aws:MultiFactorAuthAge lower than that: raise the bound to at ' +
          'least mfa-session-duration-seconds, or shorten mfa-session-duration-seconds to the ' +
          'bound. Later steps lose the role when the session it last got ends.'
      )
    }
    return { line: hide(line), warnings: warnings.map(hide) }
  }
}
