// @ts-check
/**
 * `npm run bench`, the command-line tool: what `aws-assume-role-mfa` (dist/cli/index.js) costs per
 * start, beside a bare `node -e 0` run in the same rounds. Four calls, as a person's shell or the
 * AWS CLI makes them:
 *
 * - cache hit: `--format credential-process` answered from a valid cache entry (what the AWS CLI
 *   and the SDKs run before every command: this one must be near a bare start);
 * - first call: the same, with an empty cache: a one-time code, AssumeRole against the STS
 *   emulator over loopback, the lock and the cache written (each round its own user and device:
 *   AWS takes a code once);
 * - `code`: the device's current code from a seed file;
 * - `--help`.
 *
 * Children get a clean environment (PATH, a scratch HOME and cache, the user's keys; no
 * NODE_EXTRA_CA_CERTS, NODE_OPTIONS or AWS_* from this machine). Rounds alternate the order, after
 * a warm-up. Wall time is from spawn to exit; CPU time and peak RSS come from GNU time. Ratios
 * are medians of per-round ratios to `node -e 0`, with their spread. Also lists the dist/cli/ files
 * each call read (from a preload that records them, __tests__/support/loaded-files.js: its own runs,
 * not the timed ones). Options: --runs N (default 20), --node PATH, --entry FILE (another build).
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { mfaTrustPolicy, startEmulator } from '../__tests__/support/emulator/sts-emulator.js'
import { awayFromWindowEnd, measure, median, nodeVersion, spread } from './measure.js'

/** @typedef {import('./measure.js').Measured} Measured */

const HERE = dirname(fileURLToPath(import.meta.url))
const { values } = parseArgs({
  options: {
    runs: { type: 'string', default: '20' },
    node: { type: 'string' },
    entry: { type: 'string', default: join(HERE, '../dist/cli/index.js') },
    compare: { type: 'string' }
  }
})
const RUNS = Number(values.runs)
const WARMUP = 3
const NODE = values.node ?? process.execPath
const ENTRY = resolve(values.entry)
const COMPARE = values.compare && resolve(values.compare)
const PRELOAD = join(HERE, '../__tests__/support/loaded-files.js')
const FLOOR = join(HERE, 'cli-floor.cjs')
const ACCOUNT = '123456789012'
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`
const REGION = 'eu-central-1'
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'

// One user and device per call that spends a code, plus the one whose credentials are cached.
const users = Array.from({ length: RUNS + WARMUP + 2 }, (_, i) => ({
  name: `cli-bench${i}`,
  accountId: ACCOUNT,
  accessKeyId: `AKIACLIBENCH${String(i).padStart(8, '0')}`,
  secretAccessKey: randomBytes(30).toString('base64'),
  mfaDevices: [
    {
      serial: `arn:aws:iam::${ACCOUNT}:mfa/cli-bench${i}`,
      seed: [...randomBytes(32)].map(byte => BASE32[byte % 32]).join('')
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
const scratch = mkdtempSync(join(tmpdir(), 'aws-assume-role-mfa-cli-bench-'))

/**
 * The user's world: a home, a cache folder, empty AWS config files, the keys in the environment
 * and the seed in a file of mode 600.
 * @param {typeof users[number]} user
 * @param {string} name  the scratch folder's name
 */
function person(user, name) {
  const home = join(scratch, name)
  mkdirSync(home, { recursive: true })
  for (const file of ['config', 'credentials']) writeFileSync(join(home, file), '')
  const seedFile = join(home, 'seed')
  writeFileSync(seedFile, user.mfaDevices[0].seed, { mode: 0o600 })
  /** @type {Record<string, string>} */
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    XDG_CACHE_HOME: join(home, 'cache'),
    AWS_CONFIG_FILE: join(home, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    AWS_ACCESS_KEY_ID: user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: user.secretAccessKey
  }
  const args = [
    '--format',
    'credential-process',
    '--aws-region',
    REGION,
    '--role-to-assume',
    ROLE_ARN,
    '--mfa-serial',
    user.mfaDevices[0].serial,
    '--sts-endpoint',
    emulator.url,
    '--mfa-seed-file',
    seedFile
  ]
  return { home, env, args, seedFile }
}

/**
 * @param {string[]} args
 * @param {Record<string, string>} env
 * @param {string} cwd
 * @param {(output: string) => boolean} ok  what a correct answer looks like
 * @param {string} [entry]
 */
async function cli(args, env, cwd, ok, entry = ENTRY) {
  const measured = await measure([NODE, entry, ...args], env, cwd)
  if (!ok(measured.output))
    throw new Error(`${args.join(' ')}: unexpected output\n${measured.output}`)
  return measured
}

const isCredentials = (/** @type {string} */ output) => output.includes('"SessionToken"')

// The cached user: one call fills the cache that every cache-hit run reads.
const cached = person(users[users.length - 1], 'cached')
await cli(cached.args, cached.env, cached.home, isCredentials)
// The other build keeps its own entry (another version's cache format is not read): filled here.
if (COMPARE) await cli(cached.args, cached.env, cached.home, isCredentials, COMPARE)
const cacheFolder = join(cached.home, 'cache', 'aws-assume-role-mfa')
const cacheEntry = join(cacheFolder, readdirSync(cacheFolder).filter(n => n.endsWith('.json'))[0])

let nextUser = 0
/** @type {[string, () => Promise<Measured>][]} */
const subjects = [
  ['`node -e 0`', () => measure([NODE, '-e', '0'], { PATH: process.env.PATH ?? '' }, scratch)],
  [
    'floor: bench/cli-floor.cjs, a cache file read and printed',
    () => measure([NODE, FLOOR, '--cache', cacheEntry], cached.env, cached.home)
  ],
  [
    'credential_process, cache hit',
    () => cli(cached.args, cached.env, cached.home, out => isCredentials(out) && /Cached/.test(out))
  ],
  [
    'first call: a code, AssumeRole, cache written',
    () => {
      const fresh = person(users[nextUser++], `first${nextUser}`)
      return cli(
        fresh.args,
        fresh.env,
        fresh.home,
        out => isCredentials(out) && /Assumed/.test(out)
      )
    }
  ],
  [
    '`code`',
    () =>
      cli(['code', '--mfa-seed-file', cached.seedFile], cached.env, cached.home, out =>
        /^\d{6}\n$/.test(out)
      )
  ],
  ['`--help`', () => cli(['--help'], cached.env, cached.home, out => out.startsWith('Usage:'))]
]
if (COMPARE) {
  subjects.push([
    `credential_process, cache hit: ${COMPARE}`,
    () =>
      cli(
        cached.args,
        cached.env,
        cached.home,
        out => isCredentials(out) && /Cached/.test(out),
        COMPARE
      )
  ])
}

/** @type {Measured[][]} */
const results = subjects.map(() => [])
/** @type {string[][]} */
let loaded = []
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
  const traced = person(users[nextUser++], 'traced')
  loaded = [
    await loadedFiles(cached.args, cached),
    await loadedFiles(traced.args, traced),
    await loadedFiles(['code', '--mfa-seed-file', cached.seedFile], cached),
    await loadedFiles(['--help'], cached)
  ]
} finally {
  await emulator.close()
  rmSync(scratch, { recursive: true, force: true })
}

/**
 * The files of ENTRY's folder that one run read, recorded by the preload (a run of its own, not
 * timed; spawned, not spawnSync'd: the emulator answers from this process).
 * @param {string[]} args
 * @param {{ env: Record<string, string>, home: string }} who
 * @returns {Promise<string[]>}
 */
function loadedFiles(args, who) {
  const record = join(scratch, 'loaded.txt')
  rmSync(record, { force: true })
  const child = spawn(NODE, ['--import', PRELOAD, ENTRY, ...args], {
    env: { ...who.env, LOADED_FILES: record },
    cwd: who.home,
    stdio: 'ignore'
  })
  return new Promise((resolvePromise, reject) => {
    child.on('error', reject)
    child.on('close', () => {
      const files = existsSync(record) ? readFileSync(record, 'utf8').split('\n') : []
      const ours = files.filter(file => file && dirname(file) === dirname(ENTRY))
      resolvePromise([...new Set(ours.map(file => basename(file)))])
    })
  })
}

const baseline = results[0]
console.log(
  `\nThe command-line tool, Node ${await nodeVersion(NODE)}: ${RUNS} interleaved rounds after ` +
    `${WARMUP} warm-up rounds\n`
)
console.log('| run | wall ms | ÷ `node -e 0`, per round | CPU ms | peak RSS MiB | ÷ `node -e 0` |')
console.log('|---|---|---|---|---|---|')
subjects.forEach(([name], i) => {
  const runs = results[i]
  const wallRatio = runs.map((r, k) => r.wall / baseline[k].wall)
  const rssRatio = runs.map((r, k) => r.rss / baseline[k].rss)
  console.log(
    `| ${name} | ${spread(
      runs.map(r => r.wall),
      0
    )} | ${spread(wallRatio, 2, '×')} | ${spread(
      runs.map(r => r.cpu),
      0
    )} | ${spread(
      runs.map(r => r.rss / 1024),
      1
    )} | ${spread(rssRatio, 2, '×')} |`
  )
})
const hit = results[2]
console.log(
  `\nCache hit ÷ \`node -e 0\`: wall, ratio of the medians ${(
    median(hit.map(r => r.wall)) / median(baseline.map(r => r.wall))
  ).toFixed(2)}× (goal: at most 1.5×); peak RSS ${median(hit.map(r => r.rss / 1024)).toFixed(
    1
  )} MiB (goal: at most 45).`
)
console.log(`\nFiles of ${dirname(ENTRY)} each call read:`)
subjects
  .slice(2, 6)
  .forEach(([name], i) => console.log(`- ${name}: ${loaded[i].join(', ') || '?'}`))
