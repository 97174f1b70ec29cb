// @ts-check
/**
 * `npm run bench`, part two: K parallel jobs on one MFA device, the wall time until every job has
 * credentials, with and without a shared MFA session. Through the runner stand-in
 * (__tests__/support/runner.js: dist/index.js in a clean environment, no NODE_EXTRA_CA_CERTS) and
 * the STS emulator, which takes each code once and, like AWS, about nine checks per device in
 * three minutes (../shared/AWS-MFA-FACTS.md; --budget 0 for none).
 *
 * - per job: every job spends a code of its own (mfa-retry-windows: 4, the most allowed);
 * - shared: one producer job (share-mfa-session, no role) spends the code, then the K jobs, which
 *   `needs:` start once it is done, assume the role from its output mfa-session.
 * Each scenario gets a fresh emulator and device and starts 1 s into a TOTP window. Prints the
 * medians over the rounds. Options: --rounds N (default 3), --jobs 1,4,8, --period S (the device's
 * TOTP period, default 30 as AWS's; others go through an otpauth URI, 10 at least), --budget N
 * (default 9), --node PATH.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { mfaTrustPolicy, startEmulator } from '../__tests__/support/emulator/sts-emulator.js'
import { jobOutputs, registeredMasks, runStep } from '../__tests__/support/runner.js'

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '3' },
    jobs: { type: 'string', default: '1,4,8' },
    period: { type: 'string', default: '30' },
    budget: { type: 'string', default: '9' },
    node: { type: 'string' }
  }
})
const ROUNDS = Number(values.rounds)
const JOBS = values.jobs.split(',').map(Number)
const PERIOD = Number(values.period)
const BUDGET = Number(values.budget)
const NODE = values.node ?? process.execPath
const ACCOUNT = '123456789012'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/bench`
const REGION = 'us-east-1'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

/** A fresh user, device and role, and an emulator that knows only them. */
async function world() {
  const seed = [...randomBytes(64)].map(byte => BASE32[byte % 32]).join('')
  const user = {
    name: 'ci',
    accountId: ACCOUNT,
    accessKeyId: 'AKIABENCHPARALLEL001',
    secretAccessKey: randomBytes(30).toString('base64'),
    mfaDevices: [{ serial: SERIAL, seed, period: PERIOD }]
  }
  const emulator = await startEmulator({
    users: [user],
    roles: [
      {
        arn: ROLE_ARN,
        trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/ci`),
        maxSessionDuration: 3600
      }
    ],
    regions: [REGION],
    ...(BUDGET > 0 && { mfaAttemptBudget: BUDGET })
  })
  const mfaSeed = PERIOD === 30 ? seed : `otpauth://totp/ci?secret=${seed}&period=${PERIOD}`
  const withCode = {
    'mfa-serial': SERIAL,
    'mfa-seed': mfaSeed,
    'aws-access-key-id': user.accessKeyId,
    'aws-secret-access-key': user.secretAccessKey
  }
  const common = { 'aws-region': REGION, 'sts-endpoint': emulator.url }
  return { emulator, mfaSeed, withCode, common, secrets: [mfaSeed, user.secretAccessKey] }
}

/**
 * One job's main step, as the runner starts it, in its own scratch folder.
 * @param {Record<string, string>} inputs
 */
async function step(inputs) {
  const workdir = mkdtempSync(join(tmpdir(), 'aws-assume-role-mfa-bench-job-'))
  try {
    return await runStep(inputs, workdir, { node: NODE, timeoutMs: 600_000 })
  } finally {
    rmSync(workdir, { recursive: true, force: true })
  }
}

/** Waits until 1 s into a TOTP window, so that every scenario starts alike. */
async function startOfWindow() {
  const periodMs = PERIOD * 1000
  await new Promise(resolve =>
    setTimeout(resolve, (periodMs + 1000 - (Date.now() % periodMs)) % periodMs)
  )
}

/**
 * @typedef {object} Outcome
 * @property {number} seconds until the last job ended
 * @property {number} ok jobs that got credentials
 * @property {number} codes one-time codes STS accepted
 * @property {number} checks code checks STS made (accepted, refused, or over the budget)
 */

/**
 * K jobs, each with a code of its own.
 * @param {number} k
 * @returns {Promise<Outcome>}
 */
async function perJob(k) {
  const w = await world()
  try {
    await startOfWindow()
    const started = performance.now()
    const inputs = {
      ...w.common,
      ...w.withCode,
      'role-to-assume': ROLE_ARN,
      'mfa-retry-windows': '4'
    }
    const steps = await Promise.all(Array.from({ length: k }, () => step(inputs)))
    return outcome(w.emulator, started, steps)
  } finally {
    await w.emulator.close()
  }
}

/**
 * A producer job, then K jobs from its shared session.
 * @param {number} k
 * @returns {Promise<Outcome>}
 */
async function shared(k) {
  const w = await world()
  try {
    await startOfWindow()
    const started = performance.now()
    const producer = await step({
      ...w.common,
      ...w.withCode,
      'role-to-assume': '',
      'share-mfa-session': 'true'
    })
    // What `needs.<job>.outputs` gets: the runner drops an output that contains a masked value.
    const passed = jobOutputs(producer.outputs, { 'mfa-session': 'mfa-session' }, [
      ...w.secrets,
      ...registeredMasks(producer)
    ])
    const sealed = passed.outputs['mfa-session']
    if (producer.exitCode !== 0 || !sealed) {
      throw new Error(`The producer failed:\n${producer.stdout}\n${passed.skipped.join('\n')}`)
    }
    const inputs = {
      ...w.common,
      'role-to-assume': ROLE_ARN,
      'mfa-seed': w.mfaSeed,
      'mfa-session': sealed
    }
    const steps = await Promise.all(Array.from({ length: k }, () => step(inputs)))
    return outcome(w.emulator, started, steps)
  } finally {
    await w.emulator.close()
  }
}

/**
 * @param {import('../__tests__/support/emulator/sts-emulator.js').StsEmulator} emulator
 * @param {number} started
 * @param {import('../__tests__/support/runner.js').StepResult[]} steps
 * @returns {Outcome}
 */
function outcome(emulator, started, steps) {
  return {
    seconds: (performance.now() - started) / 1000,
    ok: steps.filter(s => s.exitCode === 0 && s.env.AWS_SESSION_TOKEN).length,
    codes: emulator.usedCodes(SERIAL).length,
    checks: emulator.requests.filter(r => r.params.TokenCode).length
  }
}

/** @param {number[]} xs */
function median(xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/** @param {Outcome[]} runs */
function cells(runs) {
  const seconds = runs.map(r => r.seconds)
  const wall = `${median(seconds).toFixed(1)} (${Math.min(...seconds).toFixed(1)}–${Math.max(...seconds).toFixed(1)})`
  const windows = (median(seconds) / PERIOD).toFixed(2)
  const ok = runs.map(r => r.ok).join('/')
  return [
    wall,
    windows,
    ok,
    String(median(runs.map(r => r.codes))),
    String(median(runs.map(r => r.checks)))
  ]
}

/** @type {Record<string, Outcome[]>} */
const results = {}
for (let round = 0; round < ROUNDS; round++) {
  for (const k of JOBS) {
    // Alternate the order, so that neither always runs on a warmer machine.
    const order = round % 2 ? [shared, perJob] : [perJob, shared]
    for (const scenario of order) {
      const key = `${scenario.name} ${k}`
      ;(results[key] ??= []).push(await scenario(k))
      process.stderr.write(`round ${round + 1}: ${key} done\n`)
    }
  }
}

console.log(
  `\nK parallel jobs on one MFA device (TOTP period ${PERIOD} s, ` +
    `${BUDGET > 0 ? `${BUDGET} checks per 180 s` : 'no check budget'}), ` +
    `${ROUNDS} round(s); wall s until every job ended, median (min–max)\n`
)
console.log(
  '| K | how | wall s | ÷ period | jobs with credentials, per round | codes accepted | code checks |'
)
console.log('|---|---|---|---|---|---|---|')
for (const k of JOBS) {
  for (const [name, label] of [
    ['perJob', 'a code per job'],
    ['shared', 'shared MFA session (producer + K)']
  ]) {
    const runs = results[`${name} ${k}`]
    const [wall, windows, ok, codes, checks] = cells(runs)
    console.log(`| ${k} | ${label} | ${wall} | ${windows} | ${ok} of ${k} | ${codes} | ${checks} |`)
  }
}
const maxK = Math.max(...JOBS)
const minK = Math.min(...JOBS)
const sharedMax = median(results[`shared ${maxK}`].map(r => r.seconds))
const soloMin = median(results[`perJob ${minK}`].map(r => r.seconds))
console.log(
  `\nShared, K = ${maxK} took ${(sharedMax - soloMin).toFixed(1)} s more than one job with its ` +
    `own code (K = ${minK}): ${sharedMax - soloMin <= PERIOD ? 'within' : 'more than'} one ` +
    `${PERIOD}-second window.`
)
