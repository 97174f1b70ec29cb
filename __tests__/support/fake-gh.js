// @ts-check
/**
 * A stand-in for the GitHub CLI, `gh`, for the tests of `init`: put first on PATH, it records
 * every call's arguments, standard input and the names of the AWS_* variables it was given (one
 * JSON line each) in a log file, so tests can check that a secret went on standard input and never
 * on the command line, and that gh never saw the administrator's AWS keys. It keeps the secrets'
 * names per target (repository and environment) in a state file, as GitHub does:
 *   auth status            exit 0, or 1 when FAKE_GH_AUTH=fail
 *   secret list --json name  the target's secrets, as gh prints them: [{"name": …}, …]
 *   secret set N           reads the value on stdin; exit 1 when FAKE_GH_FAIL_SET=N; waits
 *                          FAKE_GH_SET_DELAY_MS first, printing "setting N" on stderr
 *   secret delete N        exit 0, or 1 when there is no such secret
 * Anything else exits 1.
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

const SCRIPT = `#!/usr/bin/env node
const { appendFileSync, existsSync, readFileSync, writeFileSync } = require('node:fs')
const args = process.argv.slice(2)
let stdin = ''
if (args[1] === 'set') {
  try { stdin = readFileSync(0, 'utf8') } catch {}
}
const awsEnv = Object.keys(process.env).filter(name => name.startsWith('AWS_'))
appendFileSync(process.env.FAKE_GH_LOG, JSON.stringify({ args, stdin, awsEnv }) + '\\n')
const option = name => (args.includes(name) ? args[args.indexOf(name) + 1] : '')
const target = option('--repo') + '#' + option('--env')
const stateFile = process.env.FAKE_GH_STATE
const state = existsSync(stateFile) ? JSON.parse(readFileSync(stateFile, 'utf8')) : {}
const names = state[target] ?? []
const save = list => writeFileSync(stateFile, JSON.stringify({ ...state, [target]: list }))
const [a, b, name] = args
if (a === 'auth' && b === 'status') {
  if (process.env.FAKE_GH_AUTH === 'fail') {
    console.error('You are not logged into any GitHub hosts. To log in, run: gh auth login')
    process.exit(1)
  }
  process.exit(0)
}
if (a === 'secret' && b === 'list') {
  if (args.includes('--json')) console.log(JSON.stringify(names.map(n => ({ name: n }))))
  else for (const n of names) console.log(n + '\\\\t2026-01-01')
  process.exit(0)
}
if (a === 'secret' && b === 'set') {
  const finish = () => {
    if (process.env.FAKE_GH_FAIL_SET === name) {
      console.error('HTTP 403: Resource not accessible by integration')
      process.exit(1)
    }
    save([...names.filter(n => n !== name), name])
    console.error('✓ Set Actions secret ' + name)
    process.exit(0)
  }
  const delay = Number(process.env.FAKE_GH_SET_DELAY_MS || 0)
  if (delay > 0) {
    console.error('setting ' + name)
    setTimeout(finish, delay)
  } else finish()
} else if (a === 'secret' && b === 'delete') {
  if (!names.includes(name)) {
    console.error('HTTP 404: Not Found')
    process.exit(1)
  }
  save(names.filter(n => n !== name))
  process.exit(0)
} else process.exit(1)
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
  const state = join(dir, 'gh-secrets.json')
  return {
    bin,
    log,
    state,
    /** The variables the fake reads: its log and its state file. */
    env: { FAKE_GH_LOG: log, FAKE_GH_STATE: state },
    /**
     * Secrets that exist already, by target: `OWNER/REPO#ENV` as given to gh (either part empty).
     * @param {Record<string, string[]>} secrets
     */
    preset(secrets) {
      writeFileSync(state, JSON.stringify(secrets))
    },
    /** The secrets' names now, by target. @returns {Record<string, string[]>} */
    names() {
      return existsSync(state) ? JSON.parse(readFileSync(state, 'utf8')) : {}
    },
    /** @returns {{ args: string[], stdin: string, awsEnv: string[] }[]} */
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
