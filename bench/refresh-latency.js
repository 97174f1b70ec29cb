// @ts-check
/**
 * The credentials endpoint's latency while a renewal hangs (issue: "never block on a renewal").
 * Runs the built server (dist/server/index.js, `npm run package` first) as the action starts it:
 * a child with a clean environment and the handoff on its standard input, against the STS
 * emulator whose role sessions end after ROLE_SECONDS. Once the renewal is due (a third of the
 * first session left), every AssumeRole hangs; requests, one after another with a short pause,
 * measure the time to a complete 200 answer until the held credentials are close to their end.
 * Prints, per run, the worst and the median latency, then the median of the runs' worsts.
 *
 *   node bench/refresh-latency.js [--runs N] (default 5) [--entry FILE] (another build's server)
 *
 * A request that takes 5 s is given up and counted as 5 s (the SDKs give up after 1-2 s).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { AssumeRoleCommand, GetSessionTokenCommand, STSClient } from '@aws-sdk/client-sts'
import {
  mfaTrustPolicy,
  startEmulator,
  totpCode
} from '../__tests__/support/emulator/sts-emulator.js'

const ROLE_SECONDS = 6
const ACCOUNT = '123456789012'
const SEED = 'JBSWY3DPEHPK3PXP'
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/ci`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`
const USER = {
  name: 'ci',
  accountId: ACCOUNT,
  accessKeyId: 'AKIABENCHREFRESH0001',
  secretAccessKey: randomBytes(30).toString('base64'),
  mfaDevices: [{ serial: SERIAL, seed: SEED }]
}
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, entry: { type: 'string' } }
})
const runs = Number(values.runs)
const ENTRY = values.entry ?? join(import.meta.dirname, '..', 'dist', 'server', 'index.js')

const median = (/** @type {number[]} */ xs) => {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const sleep = (/** @type {number} */ ms) => new Promise(resolve => setTimeout(resolve, ms))

async function once() {
  const emu = await startEmulator({
    users: [USER],
    roles: [{ arn: ROLE, trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/ci`) }],
    roleSessionSeconds: ROLE_SECONDS
  })
  const sts = new STSClient({ endpoint: emu.url, region: 'eu-central-1', credentials: USER })
  const { Credentials: s } = await sts.send(
    new GetSessionTokenCommand({
      SerialNumber: SERIAL,
      TokenCode: totpCode(SEED, emu.now() / 1000)
    })
  )
  if (!s?.AccessKeyId || !s.SecretAccessKey || !s.SessionToken || !s.Expiration)
    throw new Error('no session')
  const session = {
    accessKeyId: s.AccessKeyId,
    secretAccessKey: s.SecretAccessKey,
    sessionToken: s.SessionToken,
    expiration: s.Expiration
  }
  const fromSession = new STSClient({
    endpoint: emu.url,
    region: 'eu-central-1',
    credentials: session
  })
  const role = await fromSession.send(
    new AssumeRoleCommand({ RoleArn: ROLE, RoleSessionName: 'bench', DurationSeconds: 3600 })
  )
  const c = role.Credentials
  if (!c?.Expiration) throw new Error('no role')
  const token = randomBytes(32).toString('base64url')
  const child = spawn(process.execPath, [ENTRY], {
    env: { PATH: process.env.PATH },
    stdio: ['pipe', 'ignore', 'inherit', 'pipe']
  })
  child.stdin?.end(
    JSON.stringify({
      token,
      session,
      roles: [
        {
          roleArn: ROLE,
          credentials: {
            accessKeyId: c.AccessKeyId,
            secretAccessKey: c.SecretAccessKey,
            sessionToken: c.SessionToken,
            expiration: c.Expiration,
            arn: role.AssumedRoleUser?.Arn,
            accountId: ACCOUNT
          }
        }
      ],
      sts: { region: 'eu-central-1', stsEndpoint: emu.url, retryMaxAttempts: 3 },
      request: {
        sessionName: 'bench',
        durationSeconds: 3600,
        session: { tags: [], transitiveTagKeys: [], policyArns: [] }
      }
    })
  )
  const channel = /** @type {import('node:stream').Readable} */ (child.stdio[3])
  const ready = await new Promise(resolve => {
    let text = ''
    channel.setEncoding('utf8').on('data', chunk => {
      text += chunk
      if (text.includes('\n')) resolve(JSON.parse(text))
    })
  })
  const url = `http://127.0.0.1:${/** @type {{ port: number }} */ (ready).port}/credentials`
  emu.injectFaults([{ kind: 'hang', count: 100, action: 'AssumeRole' }])
  const end = c.Expiration.getTime()
  // Due once a third is left; measure from then until 300 ms before the end.
  await sleep(Math.max(0, end - (ROLE_SECONDS * 1000) / 3 - Date.now()) + 50)
  const latencies = []
  while (Date.now() < end - 300) {
    const asked = performance.now()
    try {
      const res = await fetch(url, {
        headers: { Authorization: token },
        signal: AbortSignal.timeout(5_000)
      })
      await res.arrayBuffer()
      if (res.status !== 200) throw new Error(`answered ${res.status}`)
    } catch (error) {
      if (/** @type {Error} */ (error).name !== 'TimeoutError') throw error
    }
    latencies.push(performance.now() - asked)
    await sleep(20)
  }
  const hanging = emu.requests.filter(r => r.action === 'AssumeRole' && r.fault === 'hang').length
  child.kill('SIGTERM')
  await emu.close()
  return { worst: Math.max(...latencies), median: median(latencies), n: latencies.length, hanging }
}

const worsts = []
for (let i = 0; i < runs; i++) {
  const r = await once()
  worsts.push(r.worst)
  console.log(
    `run ${i + 1}: ${r.n} requests during a hanging renewal (${r.hanging} AssumeRole hung): ` +
      `worst ${r.worst.toFixed(1)} ms, median ${r.median.toFixed(1)} ms`
  )
}
console.log(`median of the worst latencies over ${runs} runs: ${median(worsts).toFixed(1)} ms`)
