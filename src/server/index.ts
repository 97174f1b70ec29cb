/**
 * The credentials server of refresh-credentials (built to dist/server/index.js), started by the
 * action's main step as a detached process with its output in a log file, stopped by the post
 * step. It reads its handoff (the MFA session, the roles, the token) from standard input, never
 * from its arguments or environment, and reports its port on file descriptor 3.
 *
 * `index.js credential-process URL TOKEN_FILE` is the other use: the `credential_process` of a
 * profile written by aws-profile, which asks the endpoint and prints what the AWS CLI expects.
 */
import { closeSync, readFileSync, writeSync } from 'node:fs'
import { parseHandoff, processCredentials } from '../engine/credentials-endpoint.js'
import { printable } from '../engine/printable.js'
import { startServer } from './server.js'

/** The handoff is a few kilobytes: more, or a slow writer, is not the action talking. */
const MAX_HANDOFF_BYTES = 64 * 1024
const HANDOFF_TIMEOUT_MS = 10_000
/** A renewal may take the SDK's retries: 3 × 10 s plus backoff (src/engine/sts.ts). */
const CREDENTIAL_PROCESS_TIMEOUT_MS = 45_000

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'
/**
 * The log's size is bounded twice: the server logs single requests only up to a number and counts
 * the rest (server.ts), and past LOG_BUDGET_BYTES only the lines the post step needs are written.
 */
const LOG_BUDGET_BYTES = 1024 * 1024
const ALWAYS_LOGGED = new Set(['counts', 'stopped', 'session-ended', 'failed'])
let logBytes = 0
const log = (event: string, detail = '') => {
  const line = `${new Date().toISOString()} ${event} ${detail}\n`
  logBytes += line.length
  if (logBytes <= LOG_BUDGET_BYTES || ALWAYS_LOGGED.has(event)) process.stdout.write(line)
}

if (process.argv[2] === 'credential-process') {
  process.exitCode = await credentialProcess(process.argv[3], process.argv[4])
} else {
  try {
    await serve()
  } catch (error) {
    log('failed', (error as Error).message)
    process.exit(1)
  }
}

async function serve(): Promise<void> {
  const handoff = parseHandoff(await readStdin())
  let stopping = false
  const stop = (event: string, detail?: string) => {
    if (stopping) return
    stopping = true
    started.counts()
    log(event, detail)
    server.close()
    server.closeAllConnections()
    process.exit(0)
  }
  const sessionEnd = handoff.session.expiration
  const started = await startServer(handoff, { log, now: Date.now }, () =>
    stop('session-ended', `STS no longer accepts the MFA session`)
  )
  const { server, port } = started
  setTimeout(
    () => stop('session-ended', `the MFA session ended at ${sessionEnd.toISOString()}`),
    Math.max(0, sessionEnd.getTime() - Date.now())
  )
  process.on('SIGTERM', () => stop('stopped', 'by SIGTERM'))
  process.on('SIGINT', () => stop('stopped', 'by SIGINT'))
  writeSync(3, `${JSON.stringify({ port, pid: process.pid })}\n`)
  closeSync(3)
}

function readStdin(): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    const timer = setTimeout(
      () => reject(new Error('No handoff on standard input.')),
      HANDOFF_TIMEOUT_MS
    )
    process.stdin.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > MAX_HANDOFF_BYTES) reject(new Error('The handoff is too large.'))
      chunks.push(chunk)
    })
    process.stdin.on('end', () => {
      clearTimeout(timer)
      resolve(Buffer.concat(chunks).toString('utf8'))
    })
    process.stdin.on('error', reject)
  })
}

/** credential_process: the endpoint's answer, printed as Version 1 credentials. */
async function credentialProcess(url = '', tokenFile = ''): Promise<number> {
  try {
    const response = await fetch(url, {
      headers: { Authorization: readFileSync(tokenFile, 'utf8').trim() },
      signal: AbortSignal.timeout(CREDENTIAL_PROCESS_TIMEOUT_MS)
    })
    const body = (await response.json()) as Parameters<typeof processCredentials>[0] & {
      code?: unknown
      message?: unknown
    }
    if (!response.ok) {
      throw new Error(
        `the endpoint answered ${response.status} ${printable(String(body.code))}: ` +
          printable(String(body.message), 500)
      )
    }
    process.stdout.write(`${JSON.stringify(processCredentials(body))}\n`)
    return 0
  } catch (error) {
    process.stderr.write(
      `aws-assume-role-mfa credential_process: ${(error as Error).message}. The endpoint lives ` +
        'from the refresh-credentials step to its post step, for mfa-session-duration-seconds.\n'
    )
    return 1
  }
}
