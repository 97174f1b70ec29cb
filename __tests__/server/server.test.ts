/**
 * The credentials server in process, against the STS emulator over loopback HTTP, with its clock
 * in the test's hands: when it renews, what it serves when renewing fails, and when it gives up.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import type { Server } from 'node:http'
import { renewalFailure, startServer } from '../../src/server/server.js'
import type { EndpointHandoff } from '../../src/engine/credentials-endpoint.js'
import {
  mfaTrustPolicy,
  startEmulator,
  totpCode,
  type StsEmulator
} from '../support/emulator/sts-emulator.js'

const ACCOUNT = '123456789012'
const SEED = 'JBSWY3DPEHPK3PXP'
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/ci`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`
const USER = {
  name: 'ci',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  mfaDevices: [{ serial: SERIAL, seed: SEED }]
}
const TOKEN = 't'.repeat(43)

let emu: StsEmulator
let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  server?.close()
  server = undefined
  await emu?.close()
})

/** Until `check` holds (an event the background renewal logs), within 10 s. */
async function eventually(check: () => boolean): Promise<void> {
  const giveUp = Date.now() + 10_000
  while (!check()) {
    if (Date.now() > giveUp) throw new Error('timed out waiting')
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/** A server on a fresh emulator whose first role credentials expire in an hour from `now()`. */
async function setUp(now: () => number) {
  emu = await startEmulator({
    users: [USER],
    roles: [{ arn: ROLE, trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/ci`) }]
  })
  const sts = new STSClient({ endpoint: emu.url, region: 'eu-central-1', credentials: USER })
  const { Credentials: c } = await sts.send(
    new GetSessionTokenCommand({
      SerialNumber: SERIAL,
      TokenCode: totpCode(SEED, emu.now() / 1000)
    })
  )
  const session = {
    accessKeyId: c?.AccessKeyId ?? '',
    secretAccessKey: c?.SecretAccessKey ?? '',
    sessionToken: c?.SessionToken ?? '',
    expiration: c?.Expiration ?? new Date(0),
    issuedAt: new Date(now())
  }
  const first = {
    ...session,
    accessKeyId: 'ASIAFIRSTFIRSTFIRST1',
    expiration: new Date(now() + 3_600_000),
    arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/run`,
    accountId: ACCOUNT
  }
  const handoff: EndpointHandoff = {
    token: TOKEN,
    session,
    roles: [{ roleArn: ROLE, credentials: first }],
    sts: { region: 'eu-central-1', stsEndpoint: emu.url, retryMaxAttempts: 1 },
    request: {
      sessionName: 'run',
      durationSeconds: 3600,
      session: { tags: [], transitiveTagKeys: [], policyArns: [] }
    }
  }
  const events: string[] = []
  const lines: string[] = []
  const ended: string[] = []
  const log = (event: string, detail = '') => {
    events.push(event)
    lines.push(`${event} ${detail}`)
  }
  const started = await startServer(handoff, { log, now }, () => ended.push('ended'))
  server = started.server
  const url = `http://127.0.0.1:${started.port}/credentials`
  const get = async (authorization = TOKEN) => {
    const res = await fetch(url, { headers: { Authorization: authorization } })
    return { status: res.status, body: (await res.json()) as Record<string, string> }
  }
  return { get, events, lines, ended, url, counts: started.counts }
}

describe('the credentials server', () => {
  it('serves the first credentials until two thirds of their life, then renews without a code', async () => {
    let clock = Date.now()
    const { get, events } = await setUp(() => clock)
    expect((await get()).body.AccessKeyId).toBe('ASIAFIRSTFIRSTFIRST1')
    clock += 39 * 60_000
    expect((await get()).body.AccessKeyId).toBe('ASIAFIRSTFIRSTFIRST1')
    clock += 2 * 60_000
    // Due: answered at once with what is held, renewed in the background.
    expect((await get()).body.AccessKeyId).toBe('ASIAFIRSTFIRSTFIRST1')
    await eventually(() => events.includes('renewed'))
    const renewed = await get()
    expect(renewed.body.AccessKeyId).toMatch(/^ASIA/)
    expect(renewed.body.AccessKeyId).not.toBe('ASIAFIRSTFIRSTFIRST1')
    const assumed = emu.requests.filter(r => r.action === 'AssumeRole')
    expect(assumed).toHaveLength(1)
    expect(assumed[0].params).not.toHaveProperty('TokenCode')
    expect(assumed[0].params).toMatchObject({ RoleArn: ROLE, DurationSeconds: '3600' })
    expect(events.filter(e => e === 'renewed')).toHaveLength(1)
  })

  it('serves the current credentials while they last when renewing fails, then answers 503', async () => {
    let clock = Date.now()
    const { get, events } = await setUp(() => clock)
    emu.injectFaults([{ kind: '503', count: 2, action: 'AssumeRole' }])
    clock += 45 * 60_000
    const stale = await get()
    expect(stale.status).toBe(200)
    expect(stale.body.AccessKeyId).toBe('ASIAFIRSTFIRSTFIRST1')
    await eventually(() => events.includes('renewal-failed'))
    clock += 20 * 60_000
    const gone = await get()
    expect(gone.status).toBe(503)
    expect(gone.body.code).toBe('CredentialsUnavailable')
    // The cause, as STS said it; not the error's class name.
    expect(gone.body.message).toMatch(/STS answered 503 ServiceUnavailable: Service is unable/)
    expect(JSON.stringify(gone.body)).not.toMatch(/ASIA/)
    expect(events.filter(e => e === 'renewal-failed')).toHaveLength(2)
  })

  it('serves no renewed credentials that fail the checks of untrusted.ts (here: already expired)', async () => {
    let clock = Date.now()
    const { get, events } = await setUp(() => clock)
    // Two hours on, by the server's clock: STS's fresh one-hour session ends before "now".
    clock += 2 * 3_600_000
    const refused = await get()
    expect(refused.status).toBe(503)
    expect(JSON.stringify(refused.body)).not.toMatch(/ASIA/)
    expect(emu.requests.filter(r => r.action === 'AssumeRole' && r.status === 200)).toHaveLength(1)
    expect(events).toContain('renewal-failed')
    expect(events).not.toContain('renewed')
  })

  it('reports the end of the MFA session when STS no longer accepts it', async () => {
    let clock = Date.now()
    const { get, ended } = await setUp(() => clock)
    emu.expireAll()
    clock += 50 * 60_000
    expect((await get()).status).toBe(200) // the old credentials, while they last
    await eventually(() => ended.length > 0)
    expect(ended).toEqual(['ended'])
  })

  it('never blocks on a renewal that hangs: every request is answered at once from what it holds', async () => {
    let clock = Date.now()
    const { get } = await setUp(() => clock)
    emu.injectFaults([{ kind: 'hang', count: 5, action: 'AssumeRole' }])
    clock += 45 * 60_000 // renewal due, credentials valid for 15 more minutes
    const latencies: number[] = []
    for (let i = 0; i < 40; i++) {
      const asked = performance.now()
      const { status, body } = await get()
      latencies.push(performance.now() - asked)
      expect(status).toBe(200)
      expect(body.AccessKeyId).toBe('ASIAFIRSTFIRSTFIRST1')
      await new Promise(resolve => setTimeout(resolve, 10))
    }
    // A server that waited on the renewal would take the SDK's 10 s timeout; the latency itself
    // is measured by bench/refresh-latency.js (tens of ms), this bound holds on a loaded machine.
    expect(Math.max(...latencies)).toBeLessThan(500)
    // One renewal in flight, not one per request.
    expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(1)
  })

  it('backs off after a failed renewal instead of trying again on every request', async () => {
    let clock = Date.now()
    const { get, events } = await setUp(() => clock)
    emu.injectFaults([{ kind: '503', count: 3, action: 'AssumeRole' }])
    clock += 45 * 60_000
    await get()
    await eventually(() => events.includes('renewal-failed'))
    for (let i = 0; i < 5; i++) expect((await get()).status).toBe(200)
    expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(1)
    clock += 1_500 // past the first backoff (1 s)
    await get()
    await eventually(() => events.filter(e => e === 'renewal-failed').length === 2)
    clock += 1_500 // the second backoff is 2 s
    await get()
    expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(2)
  })

  it('with nothing valid, waits about a second for a hanging renewal, then answers 503 with the cause', async () => {
    let clock = Date.now()
    const { get } = await setUp(() => clock)
    emu.injectFaults([{ kind: 'hang', count: 1, action: 'AssumeRole' }])
    clock += 2 * 3_600_000
    const asked = Date.now()
    const answer = await get()
    const waited = Date.now() - asked
    expect(answer.status).toBe(503)
    expect(answer.body).toEqual({
      code: 'CredentialsUnavailable',
      message: "The role's credentials have expired and STS has not answered the renewal yet."
    })
    expect(waited).toBeGreaterThanOrEqual(800)
    expect(waited).toBeLessThan(1_500)
  })

  it('reports an AccessDenied renewal with aws:MultiFactorAuthAge and the MFA session’s age', async () => {
    let clock = Date.now()
    const { get, lines } = await setUp(() => clock)
    emu.injectFaults([{ kind: 'denied', count: 2, action: 'AssumeRole' }])
    clock += 65 * 60_000
    const answer = await get()
    expect(answer.status).toBe(503)
    expect(answer.body.message).toMatch(
      /STS refused the renewal: AccessDenied \(User: .* is not authorized to perform: sts:AssumeRole on resource: arn:aws:iam::123456789012:role\/deploy\)\. mfa-session-age=3900s: the MFA session is 3900 s old; if the role's trust policy bounds aws:MultiFactorAuthAge below that, this is the likely cause\./
    )
    expect(lines.find(line => line.startsWith('renewal-failed'))).toContain('mfa-session-age=3900s')
  })

  it('answers 401 and 403 as {code, message}, and only counts a flood of them past a few lines', async () => {
    const { get, lines, counts, url } = await setUp(Date.now)
    expect((await get('x'.repeat(43))).body).toEqual({
      code: 'AccessDenied',
      message: 'The Authorization header does not match AWS_CONTAINER_AUTHORIZATION_TOKEN.'
    })
    const none = await fetch(url)
    expect(none.status).toBe(401)
    expect(await none.json()).toEqual({
      code: 'Unauthorized',
      message: 'The Authorization header is missing.'
    })
    for (let i = 0; i < 20; i++) {
      await Promise.all(Array.from({ length: 50 }, () => fetch(url).then(res => res.arrayBuffer())))
    }
    expect(counts().refused).toBe(1002)
    expect(lines.filter(line => line.startsWith('refused'))).toHaveLength(50)
    expect(lines.join('\n').length).toBeLessThan(10_000)
    expect(lines.at(-1)).toBe('counts served=0 refused=1002 renewed=0 failed=0')
  })

  it('names the network’s cause of a failed renewal, and escapes what STS said', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
      code: 'ECONNREFUSED'
    })
    expect(renewalFailure(refused, 10)).toBe(
      'STS could not be reached: Error: connect ECONNREFUSED 127.0.0.1:9'
    )
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND sts.example'), { name: 'Error' })
    expect(renewalFailure(dns, 10)).toMatch(/^STS could not be reached: .*ENOTFOUND sts\.example$/)
    const forged = Object.assign(new Error('bad\r\n2026 renewed x'), {
      name: 'Throttling',
      $metadata: { httpStatusCode: 400 }
    })
    expect(renewalFailure(forged, 10)).toBe(
      'STS answered 400 Throttling: bad\\u000d\\u000a2026 renewed x'
    )
  })
})
