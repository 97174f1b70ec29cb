import { createHmac } from 'node:crypto'
import type { RoleCredentials, SessionCredentials } from './credentials.js'
import type { RoleRequest, StsConnection } from './requests.js'

/*
 * refresh-credentials: what the action and the credentials server (src/server/) agree on. The
 * action gets the user's MFA session with one code and hands it, with the roles' first
 * credentials, to the server over its standard input; the server assumes each role again from
 * that session, without a code, before the credentials it serves come near their end.
 */

/**
 * Role sessions assumed from an MFA session are role chaining, which AWS caps at one hour
 * (../shared/AWS-MFA-FACTS.md): every renewed session asks for that much.
 */
export const ENDPOINT_ROLE_SECONDS = 3600

/** The path of role `index` (0 for the first role, the one in the environment). */
export function credentialsPath(index: number): string {
  return index === 0 ? '/credentials' : `/credentials/${index}`
}

/**
 * The server renews a role once less than a third of its session is left: 20 minutes of a
 * one-hour session, before botocore's 15-minute and the JS SDK's 5-minute refresh margins, so no
 * SDK is ever served credentials it would treat as expiring. Short (test) sessions scale alike.
 */
export function renewAtMs(issuedAtMs: number, expiration: Date): number {
  const end = expiration.getTime()
  return end - (end - issuedAtMs) / 3
}

/**
 * The post step's probe: `GET /probe` with a random nonce in this header is answered with
 * HMAC-SHA256(token, "nonce:pid") in PROBE_PROOF_HEADER and the pid in PID_HEADER, without a token
 * on the wire: only the server that holds the token can answer it, so the post step signals no
 * other process that happens to listen on the port (or hold the pid) later.
 */
export const PROBE_PATH = '/probe'
export const PROBE_NONCE_HEADER = 'x-probe-nonce'
export const PROBE_PROOF_HEADER = 'x-probe-proof'
export const PID_HEADER = 'x-credentials-server-pid'

/** The proof a probe expects (both sides compute it). */
export function probeProof(token: string, nonce: string, pid: number): string {
  return createHmac('sha256', token).update(`${nonce}:${pid}`).digest('hex')
}

/** Everything the server needs, and nothing more: the MFA session, never the user's own keys. */
export interface EndpointHandoff {
  /** The AWS_CONTAINER_AUTHORIZATION_TOKEN a request must carry. */
  token: string
  session: SessionCredentials
  /** In the order of role-to-assume; each with the credentials the action got for it. */
  roles: Array<{ roleArn: string; credentials: RoleCredentials }>
  /** How to reach STS: the session's keys are set by the server itself. */
  sts: Omit<StsConnection, 'baseCredentials' | 'profile'>
  /** How to ask for the role again, without a code. */
  request: Omit<RoleRequest, 'roleArn' | 'mfaSerial'>
}

/** The handoff back from JSON, its dates revived; throws on anything that is not one. */
export function parseHandoff(text: string): EndpointHandoff {
  const handoff = JSON.parse(text, (key, value: unknown) =>
    (key === 'expiration' || key === 'issuedAt') && typeof value === 'string'
      ? new Date(value)
      : value
  ) as EndpointHandoff
  const valid = (c: SessionCredentials | undefined) =>
    !!c?.accessKeyId && !!c.secretAccessKey && !!c.sessionToken && !isNaN(c.expiration.getTime())
  if (
    typeof handoff?.token !== 'string' ||
    handoff.token.length < 43 ||
    !valid(handoff.session) ||
    !Array.isArray(handoff.roles) ||
    handoff.roles.length === 0 ||
    !handoff.roles.every(role => role.roleArn && valid(role.credentials)) ||
    !handoff.sts?.region ||
    !handoff.request?.sessionName
  ) {
    throw new Error('The credentials server was not given a complete handoff.')
  }
  return handoff
}

/**
 * The answer of the container credentials provider, as the AWS SDKs and CLI read it
 * (`AWS_CONTAINER_CREDENTIALS_FULL_URI`; AWS SDKs and Tools reference guide).
 */
export function containerCredentials(credentials: RoleCredentials) {
  return {
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    Token: credentials.sessionToken,
    Expiration: credentials.expiration.toISOString(),
    AccountId: credentials.accountId
  }
}

/** The same credentials as a `credential_process` prints them (Version 1). */
export function processCredentials(container: ReturnType<typeof containerCredentials>) {
  return {
    Version: 1,
    AccessKeyId: container.AccessKeyId,
    SecretAccessKey: container.SecretAccessKey,
    SessionToken: container.Token,
    Expiration: container.Expiration
  }
}
