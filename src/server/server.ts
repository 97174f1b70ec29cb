import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import {
  containerCredentials,
  credentialsPath,
  PID_HEADER,
  PROBE_NONCE_HEADER,
  PROBE_PATH,
  PROBE_PROOF_HEADER,
  probeProof,
  renewAtMs,
  type EndpointHandoff
} from '../engine/credentials-endpoint.js'
import type { RoleCredentials } from '../engine/credentials.js'
import { printable } from '../engine/printable.js'
import { assumeRole, createStsClient } from '../engine/sts.js'
import { checkCredentials } from '../engine/untrusted.js'

/** Where the server reports: one line per event, to its log file. */
export interface ServerIo {
  log: (event: string, detail?: string) => void
  now: () => number
}

/**
 * A request waits for a renewal only when nothing valid is held, and then this long at most:
 * the container provider of the JavaScript SDK gives up after 1 s, botocore after 2 s.
 */
export const WAIT_FOR_RENEWAL_MS = 900
/** After a failed renewal, the next is tried after 1 s, 2 s, 4 s, … at most this long. */
export const MAX_BACKOFF_MS = 60_000
/** Lines about single requests (served, refused) before they are only counted: a cap on the log. */
export const REQUEST_LINES = 50
/** How often the counts are written to the log, when they changed. */
const COUNTS_EVERY_MS = 10_000

interface RoleSlot {
  roleArn: string
  credentials: RoleCredentials
  issuedAt: number
  renewing?: Promise<void>
  failures: number
  retryAt: number
  /** Why the last renewal failed, for a 503 and the log; undefined after a success. */
  lastFailure?: string
}

/** What the server has done, for its log and the post step's summary. */
export interface Counts {
  served: number
  refused: number
  renewed: number
  failed: number
}

/** STS's answers that mean the MFA session itself is over: nothing can be renewed any more. */
const SESSION_OVER = new Set(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId'])

/**
 * The credentials endpoint: on 127.0.0.1 only, for requests that carry the token, each role's
 * credentials in the container provider's JSON. A request is answered at once from what is held;
 * a role is assumed again from the MFA session, without a code, in the background once a third
 * of its session is left (renewAtMs), and after a failure with backoff. Only when nothing valid
 * is held does a request wait, WAIT_FOR_RENEWAL_MS at most, before a 503 that names the cause.
 * `onSessionEnd` is called when the MFA session is over, for the caller to stop.
 */
export async function startServer(
  handoff: EndpointHandoff,
  io: ServerIo,
  onSessionEnd: () => void
): Promise<{ server: Server; port: number; counts: () => Counts }> {
  const client = createStsClient({
    ...handoff.sts,
    baseCredentials: handoff.session,
    profile: undefined
  })
  const started = io.now()
  // aws:MultiFactorAuthAge counts from the session's issue, when known (a session shared by an
  // older version has none); else from the handoff, a lower bound.
  const sessionIssuedAt = handoff.session.issuedAt?.getTime() ?? started
  const slots: RoleSlot[] = handoff.roles.map(({ roleArn, credentials }) => ({
    roleArn,
    credentials,
    issuedAt: started,
    failures: 0,
    retryAt: 0
  }))
  const expected = digest(handoff.token)
  const counts: Counts = { served: 0, refused: 0, renewed: 0, failed: 0 }
  let requestLines = 0
  /** Lines about single requests, up to REQUEST_LINES; past that the counts say it. */
  const requestLog = (event: string, detail: string) => {
    if (requestLines++ < REQUEST_LINES) io.log(event, detail)
    else if (requestLines === REQUEST_LINES + 1) {
      io.log('quiet', `more requests are only counted (${REQUEST_LINES} logged)`)
    }
  }
  let logged = ''
  const writeCounts = () => {
    const line = `served=${counts.served} refused=${counts.refused} renewed=${counts.renewed} failed=${counts.failed}`
    if (line !== logged) io.log('counts', (logged = line))
  }

  async function renew(slot: RoleSlot): Promise<void> {
    const asked = io.now()
    try {
      const request = { ...handoff.request, roleArn: slot.roleArn, mfaSerial: '' }
      const renewed = await assumeRole(client, request, undefined)
      // As in the main step (untrusted.ts): nothing from the network is served unchecked.
      checkCredentials(renewed, {
        roleArn: slot.roleArn,
        sessionName: request.sessionName,
        durationSeconds: request.durationSeconds,
        nowMs: io.now()
      })
      slot.credentials = renewed
      slot.issuedAt = asked
      slot.failures = 0
      slot.retryAt = 0
      slot.lastFailure = undefined
      counts.renewed++
      io.log('renewed', `${slot.roleArn} until ${slot.credentials.expiration.toISOString()}`)
    } catch (error) {
      slot.failures++
      slot.retryAt = io.now() + Math.min(MAX_BACKOFF_MS, 1000 * 2 ** (slot.failures - 1))
      const ageSeconds = Math.round((asked - sessionIssuedAt) / 1000)
      slot.lastFailure = renewalFailure(error, ageSeconds, !handoff.session.issuedAt)
      counts.failed++
      io.log('renewal-failed', `${slot.roleArn}: ${slot.lastFailure}`)
      if (SESSION_OVER.has((error as Error).name)) onSessionEnd()
    }
  }

  /** Starts a renewal in the background, unless one runs or the backoff says wait. */
  function kick(slot: RoleSlot): void {
    if (slot.renewing || io.now() < slot.retryAt) return
    slot.renewing = renew(slot).finally(() => (slot.renewing = undefined))
  }

  const valid = (slot: RoleSlot) => io.now() < slot.credentials.expiration.getTime()

  /** What to serve now: the held credentials while valid; renewal never delays them. */
  async function current(slot: RoleSlot): Promise<RoleCredentials> {
    if (io.now() >= renewAtMs(slot.issuedAt, slot.credentials.expiration)) kick(slot)
    if (valid(slot)) return slot.credentials
    if (slot.renewing) {
      let timer: NodeJS.Timeout | undefined
      const waited = new Promise<void>(resolve => {
        timer = setTimeout(resolve, WAIT_FOR_RENEWAL_MS)
      })
      await Promise.race([slot.renewing, waited])
      clearTimeout(timer)
      if (valid(slot)) return slot.credentials
    }
    throw new Error(
      slot.lastFailure
        ? `The role's credentials have expired and renewing them failed: ${slot.lastFailure}`
        : "The role's credentials have expired and STS has not answered the renewal yet."
    )
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const answer = (status: number, body: object, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
      res.end(JSON.stringify(body))
    }
    const nonce = req.headers[PROBE_NONCE_HEADER]
    if (req.url === PROBE_PATH && typeof nonce === 'string' && /^[0-9a-f]{32,128}$/.test(nonce)) {
      return answer(
        200,
        {},
        {
          [PROBE_PROOF_HEADER]: probeProof(handoff.token, nonce, process.pid),
          [PID_HEADER]: String(process.pid)
        }
      )
    }
    const authorization = req.headers.authorization
    if (!authorization) {
      counts.refused++
      requestLog('refused', `401 ${req.method} without a token`)
      return answer(401, { code: 'Unauthorized', message: 'The Authorization header is missing.' })
    }
    if (!timingSafeEqual(digest(authorization), expected)) {
      counts.refused++
      requestLog('refused', `403 ${req.method} with a wrong token`)
      return answer(403, {
        code: 'AccessDenied',
        message: 'The Authorization header does not match AWS_CONTAINER_AUTHORIZATION_TOKEN.'
      })
    }
    const index = slots.findIndex((_, i) => credentialsPath(i) === req.url)
    if (req.method !== 'GET' || index < 0) {
      return answer(404, { code: 'NotFound', message: `Use GET ${credentialsPath(0)}.` })
    }
    current(slots[index]).then(
      credentials => {
        counts.served++
        requestLog(
          'served',
          `${slots[index].roleArn} until ${credentials.expiration.toISOString()}`
        )
        answer(200, containerCredentials(credentials))
      },
      (error: Error) => answer(503, { code: 'CredentialsUnavailable', message: error.message })
    )
  }

  const server = createServer(handle)
  // Bound every request: a client that stalls must not hold a connection for ever.
  server.requestTimeout = 60_000
  server.headersTimeout = 10_000
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const timer = setInterval(writeCounts, COUNTS_EVERY_MS).unref()
  server.once('close', () => {
    clearInterval(timer)
    writeCounts()
  })
  const { port } = server.address() as { port: number }
  io.log('listening', `127.0.0.1:${port}, ${slots.length} role(s)`)
  return {
    server,
    port,
    counts: () => {
      writeCounts()
      return { ...counts }
    }
  }
}

/**
 * Why a renewal failed, on one line, everything from the network escaped: STS's error code and
 * message, or the network's cause. An AccessDenied to a renewal made with the MFA session that
 * worked before most likely means the role's trust policy bounds aws:MultiFactorAuthAge below
 * the session's age (AWS's refusal names no condition: ../shared/AWS-MFA-FACTS.md).
 */
export function renewalFailure(
  error: unknown,
  ageSeconds: number,
  ageIsLowerBound = false
): string {
  const e = error as Error & { code?: string; $metadata?: { httpStatusCode?: number } }
  const status = e?.$metadata?.httpStatusCode
  const name = printable(String(e?.name ?? 'Error'), 80)
  const message = printable(String(e?.message ?? error), 300)
  if (name === 'AccessDenied') {
    const age = `${ageIsLowerBound ? 'at least ' : ''}${ageSeconds} s`
    return (
      `STS refused the renewal: AccessDenied (${message}). mfa-session-age=${ageSeconds}s: the MFA ` +
      `session is ${age} old; if the role's trust policy bounds aws:MultiFactorAuthAge below ` +
      'that, this is the likely cause.'
    )
  }
  if (status) return `STS answered ${status} ${name}: ${message}`
  const code = e?.code ? printable(String(e.code), 40) : ''
  return `STS could not be reached: ${name}${code && !message.includes(code) ? ` ${code}` : ''}: ${message}`
}

/** Both sides hashed to the same length, so the comparison takes the same time for any input. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
