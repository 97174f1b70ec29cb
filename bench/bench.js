// @ts-check
/**
 * `npm run bench`: what the action costs a job, against the floor. Interleaved in one run, after a
 * warm-up: (1) the committed dist/index.js run as the runner runs it against the STS emulator,
 * (2) bench/floor.js, one signed AssumeRole with node:crypto and node:http, (3) `node -e ''`.
 * Three probes (bench/core-only.ts, sdk-only.ts, libraries-only.ts) show what the prescribed
 * libraries alone cost.
 * Children get the runner's clean environment. Peak memory is the child's max RSS, measured by
 * GNU time. Prints a Markdown table. Options: --runs N (default 20), --node PATH, --entry FILE
 * (another build of the action, to compare).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { mfaTrustPolicy, startEmulator } from '../__tests__/support/emulator/sts-emulator.js'
import { ACTION_ENTRY, actionDefaults, runnerEnv } from '../__tests__/support/runner.js'

const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    node: { type: 'string' },
    entry: { type: 'string', default: ACTION_ENTRY }
  }
})
const RUNS = Number(values.runs)
const WARMUP = 3
const NODE = values.node ?? process.execPath
const ENTRY = values.entry
const HERE = dirname(fileURLToPath(import.meta.url))
const FLOOR = join(HERE, 'floor.js')
const PROBES = join(HERE, '../.bench')
const ACCOUNT = '123456789012'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`
const TIME = '/usr/bin/time'

// One IAM user and MFA device per run: AWS takes each code once, so runs must not share a device.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const users = Array.from({ length: 5 * (RUNS + WARMUP) }, (_, i) => ({
  name: `bench${i}`,
  accountId: ACCOUNT,
  accessKeyId: `AKIABENCH${String(i).padStart(11, '0')}`,
  secretAccessKey: randomBytes(30).toString('base64'),
  mfaDevices: [
    {
      serial: `arn:aws:iam::${ACCOUNT}:mfa/bench${i}`,
      seed: [...randomBytes(64)].map(byte => BASE32[byte % 32]).join('')
    }
  ]
}))
const emulator = await startEmulator({
  users,
  roles: [
    {
      arn: ROLE_ARN,
      trustPolicy: mfaTrustPolicy(users.map(u => `arn:aws:iam::${ACCOUNT}:user/${u.name}`)),
      maxSessionDuration: 3600
    }
  ]
})
const workdir = mkdtempSync(join(tmpdir(), 'aws-assume-role-mfa-bench-'))

/**
 * Runs a command under GNU time; resolves to wall ms (measured here) and max RSS in KiB.
 * @param {string[]} argv
 * @param {Record<string, string>} env
 */
function measure(argv, env) {
  const rssFile = join(workdir, 'rss')
  const started = performance.now()
  const child = spawn(TIME, ['-f', '%M', '-o', rssFile, ...argv], { env, stdio: 'pipe' })
  let output = ''
  child.stdout.on('data', chunk => (output += chunk))
  child.stderr.on('data', chunk => (output += chunk))
  return new Promise((resolve, reject) => {
    child.on('close', async code => {
      const wall = performance.now() - started
      const { readFileSync } = await import('node:fs')
      const rss = Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop())
      if (code !== 0) reject(new Error(`${argv.join(' ')} exited ${code}:\n${output}`))
      else resolve({ wall, rss })
    })
  })
}

let next = 0
/** The action's step, as the runner starts it. */
function action() {
  const user = users[next++]
  const env = runnerEnv(workdir)
  for (const file of ['env', 'output', 'state', 'summary', 'path'])
    writeFileSync(join(workdir, file), '')
  /** @type {Record<string, string>} */
  const inputs = {
    ...actionDefaults(),
    'aws-region': 'us-east-1',
    'role-to-assume': ROLE_ARN,
    'mfa-serial': user.mfaDevices[0].serial,
    'mfa-seed': user.mfaDevices[0].seed,
    'aws-access-key-id': user.accessKeyId,
    'aws-secret-access-key': user.secretAccessKey,
    'sts-endpoint': emulator.url
  }
  for (const [name, value] of Object.entries(inputs)) {
    ;/** @type {Record<string, string>} */ (env)[`INPUT_${name.toUpperCase()}`] = value
  }
  return measure([NODE, ENTRY], env)
}

/** @param {string} script  a floor-style script, configured through FLOOR_* variables */
function floorStyle(script) {
  const user = users[next++]
  return measure([NODE, script], {
    PATH: process.env.PATH ?? '',
    FLOOR_SEED: user.mfaDevices[0].seed,
    FLOOR_ENDPOINT: emulator.url,
    FLOOR_ROLE_ARN: ROLE_ARN,
    FLOOR_SERIAL: user.mfaDevices[0].serial,
    FLOOR_ACCESS_KEY_ID: user.accessKeyId,
    FLOOR_SECRET_ACCESS_KEY: user.secretAccessKey
  })
}

function empty() {
  return measure([NODE, '-e', ''], { PATH: process.env.PATH ?? '' })
}

/**
 * The action never sends a code with under 5 s of validity left (src/engine/totp.ts); start each round
 * where it will not wait, so that the figures are the action's cost, not the clock's.
 */
async function awayFromWindowEnd() {
  const left = 30_000 - (Date.now() % 30_000)
  if (left < 8_000) await new Promise(resolve => setTimeout(resolve, left + 100))
}

/**
 * What each round runs, in an order that alternates, so that none always runs on a warmer machine.
 * The probes are lower bounds, each bundled by ncc as the action is: the floor plus only
 * @actions/core; the same call made with only the SDK; and the three prescribed libraries together.
 * @type {[string, () => Promise<{ wall: number, rss: number }>][]}
 */
const subjects = [
  [`${ENTRY === ACTION_ENTRY ? 'dist/index.js' : ENTRY}, as the runner runs it`, action],
  ['probe: floor + @actions/core only', () => floorStyle(join(PROBES, 'core-only/index.js'))],
  [
    'probe: the same call with @aws-sdk/client-sts only',
    () => floorStyle(join(PROBES, 'sdk-only/index.js'))
  ],
  [
    'probe: @actions/core + otplib + the SDK, nothing else',
    () => floorStyle(join(PROBES, 'libraries-only/index.js'))
  ],
  ['floor: bench/floor.js', () => floorStyle(FLOOR)],
  ["node -e ''", empty]
]
/** @type {{ wall: number, rss: number }[][]} */
const results = subjects.map(() => [])
try {
  for (let round = 0; round < WARMUP + RUNS; round++) {
    await awayFromWindowEnd()
    const order = subjects.map((_, i) => i)
    if (round % 2) order.reverse()
    /** @type {{ wall: number, rss: number }[]} */
    const measured = []
    for (const i of order) measured[i] = await subjects[i][1]()
    if (round >= WARMUP) measured.forEach((m, i) => results[i].push(m))
  }
} finally {
  await emulator.close()
  rmSync(workdir, { recursive: true, force: true })
}

const dist = dirname(ENTRY)
const loaded = readdirSync(dist).filter(name => name.endsWith('.js'))
const distBytes = loaded.reduce((sum, name) => sum + statSync(join(dist, name)).size, 0)

/** @param {number[]} xs */
function stats(xs) {
  const sorted = [...xs].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
  return { median, min: sorted[0], max: sorted[sorted.length - 1] }
}
/** @param {number[]} xs @param {number} digits @param {string} unit */
function show(xs, digits, unit) {
  const { median, min, max } = stats(xs)
  return `${median.toFixed(digits)}${unit} (${min.toFixed(digits)}–${max.toFixed(digits)})`
}

const version = await new Promise(resolve => {
  const child = spawn(NODE, ['--version'])
  let out = ''
  child.stdout.on('data', chunk => (out += chunk))
  child.on('close', () => resolve(out.trim()))
})
const floorRuns = results[subjects.findIndex(([name]) => name.startsWith('floor'))]
console.log(`Node ${version}, ${RUNS} interleaved rounds after ${WARMUP} warm-up rounds\n`)
console.log('| run | wall ms, median (min–max) | ÷ floor, per round | peak RSS MiB | ÷ floor |')
console.log('|---|---|---|---|---|')
subjects.forEach(([name], i) => {
  const runs = results[i]
  const wall = runs.map(r => r.wall)
  const rss = runs.map(r => r.rss / 1024)
  const ratio = runs.map((r, k) => r.wall / floorRuns[k].wall)
  const memRatio = runs.map((r, k) => r.rss / floorRuns[k].rss)
  console.log(
    `| ${name} | ${show(wall, 0, '')} | ${show(ratio, 2, '×')} | ${show(rss, 1, '')} | ${show(memRatio, 2, '×')} |`
  )
})
console.log(
  `\ndist/ JavaScript the action can load: ${(distBytes / 1000).toFixed(0)} kB (${loaded.join(', ')})`
)
for (const probe of ['core-only', 'sdk-only', 'libraries-only']) {
  const bytes = statSync(join(PROBES, probe, 'index.js')).size
  console.log(`probe ${probe}: ${(bytes / 1000).toFixed(0)} kB`)
}
