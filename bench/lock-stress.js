/**
 * The CLI cache lock under a crowd: each round plants a lock left by a dead holder (a pid of this
 * host that no longer runs), then starts PROCESSES processes at the same instant, each taking the
 * lock through src/cli/cache-lock.ts (bundled by ncc) and logging when it enters and leaves its
 * work. A round fails when two processes were inside at once.
 *
 *   node bench/lock-stress.js [ROUNDS=60] [PROCESSES=12] [CHILD.ts]
 *
 * Prints one JSON line: rounds, processes, rounds with two holders or more, the most holders seen
 * at once, and wall time. __tests__/cli/cache-lock-processes.test.ts runs the same with fewer rounds.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { hostname, tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createRequire } from 'node:module'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
/** @type {(file: string, options: object) => Promise<{ code: string }>} */
const ncc = createRequire(import.meta.url)('@vercel/ncc')

/**
 * bench/lock-child.ts, with cache-lock.ts, as one ES module file in `folder`.
 * @param {string} folder
 * @param {string} [entry] another child, e.g. one built on an older cache-lock.ts
 */
export async function buildChild(folder, entry = join(ROOT, 'bench/lock-child.ts')) {
  const { code } = await ncc(entry, {
    transpileOnly: true,
    quiet: true,
    esm: true
  })
  const bundle = join(folder, 'child.mjs')
  writeFileSync(bundle, code)
  return bundle
}

/**
 * Most holders inside at once, from the log's in/out lines.
 * @param {string} log
 */
export function mostInside(log) {
  let inside = 0
  let most = 0
  for (const line of log.split('\n')) {
    if (line.startsWith('in ')) most = Math.max(most, ++inside)
    else if (line.startsWith('out ')) inside--
  }
  return most
}

/** A lock file as a holder writes it, of a pid that is not running on this host. */
export function deadHolder() {
  return `2147483646 ${hostname()} ${Math.random().toString(16).slice(2)}\n`
}

/**
 * One round: the dead holder's lock, `processes` children at once; the most inside at once.
 * @param {string} bundle
 * @param {string} folder
 * @param {number} processes
 */
export async function round(bundle, folder, processes, startDelayMs = 600) {
  const lock = join(folder, 'entry.json.lock')
  const log = join(folder, `log-${Date.now()}-${Math.random()}`)
  writeFileSync(lock, deadHolder())
  writeFileSync(log, '')
  const startAt = Date.now() + startDelayMs
  const env = { PATH: process.env.PATH ?? '' }
  const codes = await Promise.all(
    Array.from(
      { length: processes },
      () =>
        new Promise((resolve, reject) => {
          const child = spawn(process.execPath, [bundle, lock, log, String(startAt)], {
            env,
            stdio: ['ignore', 'ignore', 'inherit']
          })
          child.on('error', reject)
          child.on('close', resolve)
        })
    )
  )
  const text = readFileSync(log, 'utf8')
  rmSync(log)
  rmSync(lock, { force: true })
  const entered = text.split('\n').filter(line => line.startsWith('in ')).length
  return { most: mostInside(text), entered, failed: codes.filter(code => code !== 0).length }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rounds = Number(process.argv[2] ?? 60)
  const processes = Number(process.argv[3] ?? 12)
  const folder = mkdtempSync(join(tmpdir(), 'lock-stress-'))
  try {
    const bundle = await buildChild(folder, process.argv[4] && join(process.cwd(), process.argv[4]))
    const started = Date.now()
    let twoOrMore = 0
    let most = 0
    let failed = 0
    for (let i = 0; i < rounds; i++) {
      const result = await round(bundle, folder, processes)
      if (result.most > 1) twoOrMore++
      most = Math.max(most, result.most)
      failed += result.failed + (processes - result.entered)
    }
    const seconds = Math.round((Date.now() - started) / 1000)
    console.log(JSON.stringify({ rounds, processes, twoOrMore, most, failed, seconds }))
  } finally {
    rmSync(folder, { recursive: true, force: true })
  }
}
