// @ts-check
/**
 * A local stand-in for AWS STS that speaks its real wire protocol (query protocol, SigV4, XML)
 * to the real SDK, for end-to-end tests, the demo and the benchmark. Dev/test only.
 *
 *   const emu = await startEmulator({ users, roles, driftWindows, clockSkewMs, mfaAttemptBudget,
 *     regions })
 *   new STSClient({ endpoint: emu.url, region: 'us-east-1', credentials })
 *
 * What it models, with the AWS source of each rule, and what it does not: ../README.md.
 *
 * Beyond the request pipeline below, the emulator offers tests:
 * - `requests`: one record per request received, in arrival order;
 * - `injectFaults([...])`: throttling, 5xx, slow answers, dropped or hung connections;
 * - `usedCodes(serial)`: the TOTP time steps accepted for a device;
 * - `now()` and `advanceClock(ms)`: the emulator's "AWS clock", which signatures, MFA windows
 *   and credential expiry all follow, and which the `Date` header reports;
 * - `expireAll()`: every credential issued so far is expired from now on;
 * - `iamState()`: IAM's users, devices, roles, policies and keys, by name (no secrets);
 * - options `roleSessionSeconds` / `mfaSessionSeconds` (test only, not AWS behaviour): issued
 *   sessions end sooner than asked, so that renewal can be tested in seconds.
 * Every instance is independent; `close()` ends all its connections, hung ones included.
 */
import { randomUUID } from 'node:crypto'
import { createServer } from 'node:http'
import { URLSearchParams } from 'node:url'
import { ACTIONS } from './actions.js'
import { IAM_ACTIONS, IamState } from './iam.js'
import { authenticate } from './auth.js'
import { parseOptions } from './config.js'
import { CredentialStore } from './credentials.js'
import { StsError } from './errors.js'
import { FaultQueue, faultError } from './faults.js'
import { MfaVerifier } from './mfa.js'
import { errorDocument, IAM_NAMESPACE, STS_NAMESPACE, successDocument } from './xml.js'

export { totpCode, base32Decode } from './totp.js'
export { mfaTrustPolicy } from './trust-policy.js'
export { evaluatePolicies, parsePolicy, PolicyError } from './policy.js'

/** @typedef {import('./config.js').EmulatorOptions} EmulatorOptions */
/** @typedef {import('./faults.js').FaultSpec} FaultSpec */
/** @typedef {import('./faults.js').FaultKind} FaultKind */
/** @typedef {import('./sigv4.js').WireRequest} WireRequest */
/** @typedef {import('http').IncomingMessage} IncomingMessage */
/** @typedef {import('http').ServerResponse} ServerResponse */

const STS_VERSION = '2011-06-15'
const IAM_VERSION = '2010-05-08'

/**
 * The two services on one endpoint, told apart by the action and its API version (the query
 * protocol's Version field): STS's three actions, and IAM's that `init` uses (iam.js). Each is
 * signed for its own service name (SigV4 credential scope: `sts` or `iam`).
 */
const SERVICES = [
  { name: 'sts', version: STS_VERSION, namespace: STS_NAMESPACE, actions: ACTIONS },
  { name: 'iam', version: IAM_VERSION, namespace: IAM_NAMESPACE, actions: IAM_ACTIONS }
]

/**
 * @typedef {object} RequestRecord
 * @property {string} action the `Action` field ('' when absent)
 * @property {Record<string, string>} params every form and query field, raw
 * @property {number} status HTTP status answered; 0 until answered, and for 'drop'/'hang'
 * @property {string} [errorCode] the STS error code, when the answer was an error
 * @property {number} at epoch ms on the emulator clock when the request arrived
 * @property {string} [accessKeyId] the key named in the Authorization header
 * @property {FaultKind} [fault] the injected fault this request got
 */

/**
 * Starts an emulator on 127.0.0.1.
 * @param {EmulatorOptions} [options]
 * @returns {Promise<StsEmulator>}
 */
export async function startEmulator(options = {}) {
  const emulator = new StsEmulator(options)
  await emulator.listen()
  return emulator
}

export class StsEmulator {
  /** `http://127.0.0.1:PORT`, set once listening. */
  url = ''
  /** @type {RequestRecord[]} */
  requests = []

  #settings
  #skewMs
  #credentials
  #mfa
  #iam
  #faults = new FaultQueue()
  #server = createServer((req, res) => {
    this.#handle(req, res).catch(() => res.destroy())
  })
  /** @type {Set<import('net').Socket>} */
  #sockets = new Set()
  /** @type {Set<NodeJS.Timeout>} */
  #timers = new Set()
  #closed = false

  /** @param {EmulatorOptions} options */
  constructor(options) {
    this.#settings = parseOptions(options)
    this.#skewMs = this.#settings.clockSkewMs
    this.#credentials = new CredentialStore(this.#settings.users, {
      roles: this.#settings.roles,
      sessionSecret: this.#settings.sessionSecret
    })
    this.#iam = new IamState(
      this.#settings.users,
      this.#settings.roles,
      this.#settings.iamPropagationMs
    )
    this.#mfa = new MfaVerifier({
      driftWindows: this.#settings.driftWindows,
      attemptBudget: this.#settings.mfaAttemptBudget
    })
    this.#server.on('connection', socket => {
      this.#sockets.add(socket)
      socket.on('close', () => this.#sockets.delete(socket))
    })
  }

  /** @returns {Promise<void>} */
  listen() {
    return new Promise((resolve, reject) => {
      this.#server.once('error', reject)
      this.#server.listen(this.#settings.port, '127.0.0.1', () => {
        const address = /** @type {import('net').AddressInfo} */ (this.#server.address())
        this.url = `http://127.0.0.1:${address.port}`
        resolve()
      })
    })
  }

  /** The emulator's "AWS clock", epoch ms. */
  now() {
    return Date.now() + this.#skewMs
  }

  /** Moves the emulator clock (not the process clock) forward, or back with a negative value. @param {number} ms */
  advanceClock(ms) {
    this.#skewMs += ms
  }

  /** Every credential issued so far answers ExpiredToken from now on. */
  expireAll() {
    this.#credentials.expireAll(this.now())
  }

  /** IAM's entities by name, to compare before and after a command. */
  iamState() {
    return this.#iam.snapshot()
  }

  /** @param {FaultSpec[]} faults */
  injectFaults(faults) {
    this.#faults.add(faults)
  }

  /** The TOTP time steps (epoch seconds / 30) accepted for a device, oldest first. @param {string} serial */
  usedCodes(serial) {
    return this.#mfa.acceptedSteps(serial)
  }

  /** Stops listening and ends every connection, including held and hung requests. */
  async close() {
    if (this.#closed) return
    this.#closed = true
    for (const timer of this.#timers) clearTimeout(timer)
    await new Promise(resolve => {
      this.#server.close(() => resolve(undefined))
      for (const socket of this.#sockets) socket.destroy()
    })
  }

  /**
   * The faults act before any processing (a throttled request spends no MFA code), except
   * 'slow', which processes on arrival and holds the answer, as when the network is slow: the
   * code is spent even if the client gives up waiting.
   * @param {IncomingMessage} req
   * @param {ServerResponse} res
   */
  async #handle(req, res) {
    const wire = await readWireRequest(req)
    const record = this.#record(wire)
    const fault = this.#faults.take(record.action)
    if (fault === undefined) return this.#send(res, record, this.#process(wire, record.params))
    record.fault = fault.kind
    switch (fault.kind) {
      case 'drop':
        req.socket.destroy()
        return
      case 'hang':
        return // until close() destroys the socket
      case 'slow':
        return this.#sendLater(res, record, this.#process(wire, record.params), fault.delayMs)
      default:
        return this.#send(res, record, {
          namespace: findService(record.params).namespace,
          result: faultError(fault.kind, record.params)
        })
    }
  }

  /** @param {WireRequest} wire */
  #record(wire) {
    const params = requestParams(wire)
    /** @type {RequestRecord} */
    const record = { action: params.Action ?? '', params, status: 0, at: this.now() }
    const accessKeyId = /Credential=([^/,\s]+)/.exec(wire.headers.authorization?.[0] ?? '')?.[1]
    if (accessKeyId !== undefined) record.accessKeyId = accessKeyId
    this.requests.push(record)
    return record
  }

  /**
   * Action, then authentication, then the action's own checks.
   * @param {WireRequest} wire
   * @param {Record<string, string>} params
   * @returns {Outcome} the result's children, or the error to answer
   */
  #process(wire, params) {
    const service = findService(params)
    try {
      const action = findAction(params)
      const now = this.now()
      const caller = authenticate(
        wire,
        this.#credentials,
        now,
        action.service.name,
        this.#settings.regions
      )
      const context = {
        roles: this.#settings.roles,
        iam: this.#iam,
        credentials: this.#credentials,
        mfa: this.#mfa,
        now,
        shortSessions: {
          role: this.#settings.roleSessionSeconds,
          session: this.#settings.mfaSessionSeconds
        }
      }
      return { namespace: service.namespace, result: action.run(context, caller, params) }
    } catch (error) {
      const failure =
        error instanceof StsError
          ? error
          : new StsError(500, 'InternalFailure', `Emulator bug: ${String(error)}`)
      return { namespace: service.namespace, result: failure }
    }
  }

  /**
   * @param {ServerResponse} res
   * @param {RequestRecord} record
   * @param {Outcome} outcome
   */
  #send(res, record, { namespace, result: outcome }) {
    if (this.#closed || res.destroyed) return
    const requestId = randomUUID()
    const isError = outcome instanceof StsError
    const body = isError
      ? errorDocument(outcome, requestId, namespace)
      : successDocument(record.action, outcome, requestId, namespace)
    record.status = isError ? outcome.status : 200
    if (isError) record.errorCode = outcome.code
    res.writeHead(record.status, {
      'Content-Type': 'text/xml',
      'Content-Length': Buffer.byteLength(body),
      'x-amzn-RequestId': requestId,
      // From the emulator clock: the SDK corrects its own clock skew from this header.
      Date: new Date(this.now()).toUTCString()
    })
    res.end(body)
  }

  /**
   * @param {ServerResponse} res
   * @param {RequestRecord} record
   * @param {Outcome} outcome
   * @param {number} delayMs
   */
  #sendLater(res, record, outcome, delayMs) {
    const timer = setTimeout(() => {
      this.#timers.delete(timer)
      this.#send(res, record, outcome)
    }, delayMs)
    this.#timers.add(timer)
  }
}

/** @typedef {{ namespace: string, result: string[] | null | StsError }} Outcome */

/**
 * The service whose action this is (for the XML namespace of the answer); STS when unknown.
 * @param {Record<string, string>} params
 */
function findService(params) {
  return SERVICES.find(s => Object.hasOwn(s.actions, params.Action ?? '')) ?? SERVICES[0]
}

/**
 * @param {Record<string, string>} params
 */
function findAction(params) {
  const name = params.Action
  if (!name) throw new StsError(400, 'MissingAction', 'Missing Action')
  const service = findService(params)
  const version = params.Version ?? service.version
  if (!Object.hasOwn(service.actions, name) || version !== service.version) {
    throw new StsError(
      400,
      'InvalidAction',
      `Could not find operation ${name} for version ${version}`
    )
  }
  return { service, run: /** @type {Record<string, Function>} */ (service.actions)[name] }
}

/**
 * @param {IncomingMessage} req
 * @returns {Promise<WireRequest>}
 */
async function readWireRequest(req) {
  /** @type {Buffer[]} */
  const chunks = []
  for await (const chunk of req) chunks.push(chunk)
  return {
    method: req.method ?? 'GET',
    rawUrl: req.url ?? '/',
    headers: /** @type {Record<string, string[]>} */ (req.headersDistinct),
    body: Buffer.concat(chunks)
  }
}

/**
 * The query protocol takes parameters from the query string, and from a form-encoded body.
 * @param {WireRequest} wire
 * @returns {Record<string, string>}
 */
function requestParams(wire) {
  const query = wire.rawUrl.includes('?') ? wire.rawUrl.slice(wire.rawUrl.indexOf('?') + 1) : ''
  const params = Object.fromEntries(new URLSearchParams(query))
  const contentType = wire.headers['content-type']?.[0] ?? ''
  if (contentType.startsWith('application/x-www-form-urlencoded')) {
    Object.assign(params, Object.fromEntries(new URLSearchParams(wire.body.toString('utf8'))))
  }
  return params
}
