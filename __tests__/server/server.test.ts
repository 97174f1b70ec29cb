/**
 * The credentials server in process, against the STS emulator over loopback HTTP, with its clock
 * in the test's hands: when it renews, what it serves when renewing fails, and when it gives up.
 */
import { afterEach, describe, expect, it } from '@jest/globals'
import { GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import type { Server } from 'node:http'
import { startServer } from '../../src/server/server.js'
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
    expiration: c?.Expiration ?? new Date(0)
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
  const ended: string[] = []
  const started = await startServer(handoff, { log: event => events.push(event), now }, () =>
    ended.push('ended')
  )
  server = started.server
  const get = async () => {
    const res = await fetch(`http://127.0.0.1:${started.port}/credentials`, {
      headers: { Authorization: TOKEN }
    })
    return { status: res.status, body: (await res.json()) as Record<string, string> }
  }
  return { get, events, ended }
}

describe('the credentials server', () => {
  it('serves the first credentials until two thirds of their life, then renews without a code', async () => {
    let clock = Date.now()
    const { get, events } = await setUp(() => clock)
    expect((await get()).body.AccessKeyId).toBe('ASIAFIRSTFIRSTFIRST1')
    clock += 39 * 60_000
    expect((await get()).body.AccessKeyId).toBe('ASIAFIRSTFIRSTFIRST1')
    clock += 2 * 60_000
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
    clock += 20 * 60_000
    const gone = await get()
    expect(gone.status).toBe(503)
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
    expect(ended).toEqual(['ended'])
  })
})
