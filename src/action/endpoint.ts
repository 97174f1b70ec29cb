import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { credentialsPath, type EndpointHandoff } from '../engine/credentials-endpoint.js'
import { ActionError } from '../engine/errors.js'

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
      [process.execPath, entry, 'credential-process', uri(index), tokenFile]
        .map(word => `"${word}"`)
        .join(' ')
  }
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
  const answeringPid = await probe(state.port)
  if (answeringPid === state.pid) {
    signal(state.pid, 'SIGTERM')
    if (!(await gone(state))) {
      signal(state.pid, 'SIGKILL')
      if (!(await gone(state))) {
        lines.push(`The credentials endpoint (pid ${state.pid}) is still running after SIGKILL.`)
      }
    }
  } else if (alive(state.pid) && answeringPid === undefined) {
    lines.push(
      `The credentials endpoint no longer answers on port ${state.port}; pid ${state.pid} was left ` +
        'alone (it may be another process now). The runner ends leftover processes with the job.'
    )
  }
  lines.unshift(summarizeLog(readLog(state.dir), hideAccounts))
  rmSync(state.dir, { recursive: true, force: true })
  return lines
}

/** The pid that answers on the port (without a token: a 401 that names it), or undefined. */
function probe(port: number): Promise<number | undefined> {
  return new Promise(resolve => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: 2_000 }, res => {
      res.resume()
      const pid = Number(res.headers['x-credentials-server-pid'])
      resolve(Number.isInteger(pid) ? pid : undefined)
    })
    req.on('timeout', () => req.destroy())
    req.on('error', () => resolve(undefined))
    req.end()
  })
}

/** Until the process has ended and the port refuses connections, within STOP_TIMEOUT_MS. */
async function gone(state: EndpointState): Promise<boolean> {
  const until = Date.now() + STOP_TIMEOUT_MS
  while (Date.now() < until) {
    if (!alive(state.pid) && (await probe(state.port)) === undefined) return true
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

function readLog(dir: string): string {
  try {
    return readFileSync(join(dir, 'server.log'), 'utf8')
  } catch {
    return ''
  }
}

/**
 * One line for the post step's log: what the server did. The log holds no secret (the server
 * writes events, ARNs and STS's error messages only); key ids are hidden all the same.
 */
export function summarizeLog(log: string, hideAccounts = false): string {
  const events = log.split('\n').map(line => line.split(' ').slice(1))
  const count = (event: string) => events.filter(([name]) => name === event).length
  const last = (event: string) =>
    events
      .filter(([name]) => name === event)
      .at(-1)
      ?.slice(1)
      .join(' ')
  const failure = last('renewal-failed') ?? last('failed')
  const end = last('session-ended') ?? last('stopped')
  const line = [
    `Credentials endpoint: ${count('served')} answers, ${count('renewed')} renewals, ` +
      `${count('renewal-failed')} failed renewals, ${count('refused')} refused requests`,
    end ? `; it ended: ${end}` : '',
    failure ? `; last failure: ${failure}` : '',
    '.'
  ]
    .join('')
    .replace(/\b(?:AKIA|ASIA)[A-Z0-9]{12,}\b/g, '***')
  return hideAccounts ? line.replace(/\b\d{12}\b/g, '***') : line
}
