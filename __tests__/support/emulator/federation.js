// @ts-check
/**
 * The AWS federation endpoint (`https://signin.aws.amazon.com/federation`) as the IAM User Guide
 * describes it in "Enable custom identity broker access to the AWS console": a broker trades
 * temporary credentials for a sign-in token (`Action=getSigninToken`), then sends the person to
 * `Action=login` with that token, which signs them in to the console and redirects to
 * `Destination`. Served on the emulator's own port under `/federation`, so tests need no network.
 * The rules and their sources: ../README.md.
 */
import { randomBytes } from 'node:crypto'
import { assumedRoleArn } from './principals.js'

/** SessionDuration: 900 to 43200 seconds (IAM User Guide, custom identity broker). */
const MIN_SESSION_SECONDS = 900
const MAX_SESSION_SECONDS = 43200
/** A sign-in token is good for 15 minutes after it is issued (same page). */
const TOKEN_LIFETIME_MS = 15 * 60_000

/** @typedef {import('./credentials.js').CredentialStore} CredentialStore */

export class Federation {
  /** @type {Map<string, { expiresAt: number, arn: string, sessionSeconds: number }>} */
  #tokens = new Map()

  /** Whether a request is for this endpoint. @param {string | undefined} url */
  static handles(url) {
    return url === '/federation' || (url ?? '').startsWith('/federation?')
  }

  /**
   * Answers one request: a JSON sign-in token, a redirect to the destination, or an error.
   * @param {string} url the request's path and query
   * @param {CredentialStore} credentials
   * @param {number} now the emulator clock, epoch ms
   * @returns {{ status: number, headers: Record<string, string>, body: string, action: string }}
   */
  answer(url, credentials, now) {
    const query = new URLSearchParams(url.slice(url.indexOf('?') + 1))
    const action = query.get('Action') ?? ''
    if (action === 'getSigninToken')
      return { action, ...this.#signinToken(query, credentials, now) }
    if (action === 'login') return { action, ...this.#login(query, now) }
    return { action, ...failure(400, `Unknown Action '${action}'.`) }
  }

  /**
   * @param {URLSearchParams} query
   * @param {CredentialStore} credentials
   * @param {number} now
   */
  #signinToken(query, credentials, now) {
    /** @type {{ sessionId?: unknown, sessionKey?: unknown, sessionToken?: unknown }} */
    let session
    try {
      session = JSON.parse(query.get('Session') ?? '')
    } catch {
      return failure(400, 'Session is not JSON.')
    }
    const { sessionId, sessionKey, sessionToken } = session ?? {}
    if (
      typeof sessionId !== 'string' ||
      typeof sessionKey !== 'string' ||
      typeof sessionToken !== 'string'
    ) {
      return failure(400, 'Session needs sessionId, sessionKey and sessionToken.')
    }
    const entry = credentials.lookup(sessionId, sessionToken)
    if (
      entry === undefined ||
      entry.sessionToken !== sessionToken ||
      entry.secretAccessKey !== sessionKey
    ) {
      return failure(400, 'The credentials are not valid.')
    }
    if (entry.expiresAt !== undefined && now >= entry.expiresAt) {
      return failure(400, 'The credentials have expired.')
    }
    // Console access: credentials of AssumeRole* or GetFederationToken, not GetSessionToken's
    // nor long-term keys (IAM User Guide, "Compare AWS STS credentials").
    if (entry.caller.kind !== 'role' || !entry.caller.roleSession) {
      return failure(400, 'Only role session credentials can sign in to the console.')
    }
    const raw = query.get('SessionDuration')
    const sessionSeconds = raw === null ? MAX_SESSION_SECONDS : Number(raw)
    if (
      raw !== null &&
      (!/^\d+$/.test(raw) ||
        sessionSeconds < MIN_SESSION_SECONDS ||
        sessionSeconds > MAX_SESSION_SECONDS)
    ) {
      return failure(
        400,
        `SessionDuration must be ${MIN_SESSION_SECONDS} to ${MAX_SESSION_SECONDS}.`
      )
    }
    const token = randomBytes(48).toString('base64url')
    const role = entry.caller.roleSession
    this.#tokens.set(token, {
      expiresAt: now + TOKEN_LIFETIME_MS,
      arn: assumedRoleArn(role),
      sessionSeconds
    })
    return {
      status: 200,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ SigninToken: token })
    }
  }

  /**
   * @param {URLSearchParams} query
   * @param {number} now
   */
  #login(query, now) {
    const token = this.#tokens.get(query.get('SigninToken') ?? '')
    if (token === undefined || now >= token.expiresAt) {
      return failure(400, 'The sign-in token is not valid or has expired.')
    }
    const destination = query.get('Destination') ?? ''
    if (!/^https:\/\//.test(destination)) return failure(400, 'Destination must be an https URL.')
    if (!query.get('Issuer')) return failure(400, 'Issuer is missing.')
    return { status: 302, headers: { Location: destination }, body: '' }
  }

  /** Who a sign-in token is for, while it is valid (tests). @param {string} token */
  signedIn(token) {
    return this.#tokens.get(token)
  }
}

/** @param {number} status @param {string} message */
function failure(status, message) {
  return { status, headers: { 'Content-Type': 'text/plain' }, body: message }
}
