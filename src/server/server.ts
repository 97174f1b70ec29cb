import { createHash, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import {
  containerCredentials,
  credentialsPath,
  renewAtMs,
  type EndpointHandoff
} from '../engine/credentials-endpoint.js'
import type { RoleCredentials } from '../engine/credentials.js'
import { assumeRole, createStsClient } from '../engine/sts.js'
import { checkCredentials } from '../engine/untrusted.js'

/** Where the server reports: one line per event, to its log file. */
export interface ServerIo {
  log: (event: string, detail?: string) => void
  now: () => number
}

/** Header of every answer, so the post step knows it stops this server and no other process. */
export const PID_HEADER = 'x-credentials-server-pid'

interface RoleSlot {
  roleArn: string
  credentials: RoleCredentials
  issuedAt: number
  renewing?: Promise<RoleCredentials>
}

/** STS's answers that mean the MFA session itself is over: nothing can be renewed any more. */
const SESSION_OVER = new Set(['ExpiredToken', 'ExpiredTokenException', 'InvalidClientTokenId'])

/**
 * The credentials endpoint: on 127.0.0.1 only, for requests that carry the token, each role's
 * credentials in the container provider's JSON. A role is assumed again from the MFA session,
 * without a code, once a third of its session is left (renewAtMs); `onSessionEnd` is called when
 * the MFA session is over, for the caller to stop.
 */
export async function startServer(
  handoff: EndpointHandoff,
  io: ServerIo,
  onSessionEnd: () => void
): Promise<{ server: Server; port: number }> {
  const client = createStsClient({
    ...handoff.sts,
    baseCredentials: handoff.session,
    profile: undefined
  })
  const started = io.now()
  const slots: RoleSlot[] = handoff.roles.map(({ roleArn, credentials }) => ({
    roleArn,
    credentials,
    issuedAt: started
  }))
  const expected = digest(handoff.token)

  async function renew(slot: RoleSlot): Promise<RoleCredentials> {
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
      io.log('renewed', `${slot.roleArn} until ${slot.credentials.expiration.toISOString()}`)
      return slot.credentials
    } catch (error) {
      const { name, message } = error as Error
      io.log('renewal-failed', `${slot.roleArn}: ${name}: ${message}`)
      if (SESSION_OVER.has(name)) onSessionEnd()
      throw error
    }
  }

  /** The slot's credentials, renewed first when due; the old ones while they last if that fails. */
  async function current(slot: RoleSlot): Promise<RoleCredentials> {
    if (io.now() < renewAtMs(slot.issuedAt, slot.credentials.expiration)) return slot.credentials
    slot.renewing ??= renew(slot).finally(() => (slot.renewing = undefined))
    try {
      return await slot.renewing
    } catch (error) {
      if (io.now() < slot.credentials.expiration.getTime()) return slot.credentials
      throw error
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const answer = (status: number, body: object) => {
      res.writeHead(status, { 'Content-Type': 'application/json', [PID_HEADER]: process.pid })
      res.end(JSON.stringify(body))
    }
    const authorization = req.headers.authorization
    if (!authorization) {
      // `/` is no credentials path: the post step asks it which pid it is about to stop.
      io.log(req.url === '/' ? 'probed' : 'refused', `401 ${req.method} without a token`)
      return answer(401, { message: 'The Authorization header is missing.' })
    }
    if (!timingSafeEqual(digest(authorization), expected)) {
      io.log('refused', `403 ${req.method} with a wrong token`)
      return answer(403, { message: 'The Authorization header does not match.' })
    }
    const index = slots.findIndex((_, i) => credentialsPath(i) === req.url)
    if (req.method !== 'GET' || index < 0) {
      return answer(404, { message: `Use GET ${credentialsPath(0)}.` })
    }
    current(slots[index]).then(
      credentials => {
        io.log('served', `${slots[index].roleArn} until ${credentials.expiration.toISOString()}`)
        answer(200, containerCredentials(credentials))
      },
      (error: Error) =>
        answer(503, { code: 'CredentialsUnavailable', message: `Could not renew: ${error.name}` })
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
  const { port } = server.address() as { port: number }
  io.log('listening', `127.0.0.1:${port}, ${slots.length} role(s)`)
  return { server, port }
}

/** Both sides hashed to the same length, so the comparison takes the same time for any input. */
function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}
