// @ts-check
/**
 * A stand-in for the GitHub CLI, `gh`, for the tests of `init`: put first on PATH, it records
 * every call's arguments and standard input (one JSON line each) in a log file, so tests can
 * check that a secret went on standard input and never on the command line.
 *   auth status   exit 0, or 1 when FAKE_GH_AUTH=fail
 *   secret list   exit 0
 *   secret set N  reads the value on stdin; exit 1 when FAKE_GH_FAIL_SET=N
 * Anything else exits 1.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SCRIPT = `#!/usr/bin/env node
const { appendFileSync, readFileSync } = require('node:fs')
const args = process.argv.slice(2)
let stdin = ''
try { stdin = readFileSync(0, 'utf8') } catch {}
appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify({ args, stdin }) + '\\n')
const [a, b, name] = args
if (a === 'auth' && b === 'status') {
  if (process.env.FAKE_GH_AUTH === 'fail') {
    console.error('You are not logged into any GitHub hosts. To log in, run: gh auth login')
    process.exit(1)
  }
  process.exit(0)
}
if (a === 'secret' && b === 'list') process.exit(0)
if (a === 'secret' && b === 'set') {
  if (process.env.FAKE_GH_FAIL_SET === name) {
    console.error('HTTP 403: Resource not accessible by integration')
    process.exit(1)
  }
  console.error('✓ Set Actions secret ' + name)
  process.exit(0)
}
process.exit(1)
`

/**
 * Writes `gh` into `dir/bin`; returns that folder (for PATH), the log's path, and its calls.
 * @param {string} dir
 */
export function installFakeGh(dir) {
  const bin = join(dir, 'bin')
  mkdirSync(bin, { recursive: true })
  const gh = join(bin, 'gh')
  // CommonJS whatever the package's type: the script runs outside it.
  writeFileSync(gh, SCRIPT)
  chmodSync(gh, 0o755)
  writeFileSync(join(bin, 'package.json'), '{"type":"commonjs"}')
  const log = join(dir, 'gh-calls.jsonl')
  return {
    bin,
    log,
    /** @returns {{ args: string[], stdin: string }[]} */
    calls() {
      if (!existsSync(log)) return []
      return readFileSync(log, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map(line => JSON.parse(line))
    },
    /** The value each secret was last set to, by name. */
    secrets() {
      /** @type {Record<string, string>} */
      const set = {}
      for (const call of this.calls()) {
        if (call.args[0] === 'secret' && call.args[1] === 'set') set[call.args[2]] = call.stdin
      }
      return set
    }
  }
}
