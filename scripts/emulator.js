// @ts-check
/**
 * `npm run emulator`: the project's STS emulator on its own, ready to use: an IAM user with keys,
 * its virtual MFA device, and a role that trusts the user and requires MFA. Prints the endpoint and
 * the inputs to use with it, then serves until stopped (Ctrl-C, SIGTERM: exit 0).
 * For manual tries, `@github/local-action`, and workflows that run the action on a real runner
 * (.github/workflows/e2e.yml). What the emulator models: __tests__/support/README.md.
 */
import { spawn } from 'node:child_process'
import { createHmac, randomBytes } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { mfaTrustPolicy, startEmulator } from '../__tests__/support/emulator/sts-emulator.js'

const USAGE = `Usage: npm run emulator -- [options]

Starts the STS emulator on 127.0.0.1 with an IAM user, its virtual MFA device and a role that
requires MFA; prints the endpoint and the inputs to use; serves until Ctrl-C or SIGTERM (exit 0).

  --port N              port on 127.0.0.1 (default 0: one the system chooses)
  --background          start it in the background, print, and exit; stop it with kill PID
  --secret TEXT         derive the keys and the seed from TEXT instead of at random, and seal
                        session tokens with it: emulators started with the same TEXT (on two
                        runners, say) have the same user and take each other's sessions
  --role-session-seconds N
                        end every role session after N seconds at most, whatever
                        DurationSeconds asked (test only, not AWS behaviour): to watch
                        refresh-credentials renew by hand (it renews when a third is left)
  --mfa-session-seconds N
                        the same for GetSessionToken sessions: the endpoint of
                        refresh-credentials stops when the MFA session ends
  --mfa-max-age-seconds N
                        the role's trust policy also demands NumericLessThan
                        aws:MultiFactorAuthAge N: AssumeRole from an MFA session older
                        than N seconds is refused with AccessDenied, as AWS does
  --json                print one line of JSON instead of text
  --github-output FILE  also append the endpoint, the inputs and the pid to FILE as name=value
                        lines (in a workflow step: --github-output "$GITHUB_OUTPUT")
  -h, --help            this help

Test credentials only: nothing here is an AWS secret, and every value is printed.
`

const ACCOUNT = '123456789012'
const REGION = 'eu-central-1'
const READY_TIMEOUT_MS = 15_000
/** Marks the process --background starts, which reports over IPC instead of printing. */
const CHILD_FLAG = '--background-child'

/** @type {NonNullable<import('node:util').ParseArgsConfig['options']>} */
const OPTIONS = {
  port: { type: 'string' },
  background: { type: 'boolean' },
  secret: { type: 'string' },
  'role-session-seconds': { type: 'string' },
  'mfa-session-seconds': { type: 'string' },
  'mfa-max-age-seconds': { type: 'string' },
  json: { type: 'boolean' },
  'github-output': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  [CHILD_FLAG.slice(2)]: { type: 'boolean' }
}

/**
 * @typedef {{ roleSessionSeconds?: number, mfaSessionSeconds?: number, maxMfaAgeSeconds?: number }} Lifetimes
 *   --role-session-seconds, --mfa-session-seconds (test only) and --mfa-max-age-seconds
 */

/**
 * @typedef {object} Ready what a started emulator reports
 * @property {string} endpoint
 * @property {number} pid
 * @property {Record<string, string>} inputs the action's inputs, by action.yml name
 * @property {{ user: string, role: string }} arns
 */

main().catch(error => {
  console.error(`emulator: ${error instanceof Error ? error.message : String(error)}`)
  process.exit(1)
})

async function main() {
  let values
  try {
    ;({ values } = parseArgs({ options: OPTIONS, strict: true, allowPositionals: false }))
  } catch (error) {
    console.error(`emulator: ${/** @type {Error} */ (error).message}\n\n${USAGE}`)
    process.exit(2)
  }
  if (values.help) {
    process.stdout.write(USAGE)
    return
  }
  const port = values.port === undefined ? 0 : Number(values.port)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`emulator: --port must be a whole number from 0 to 65535, got '${values.port}'`)
    process.exit(2)
  }
  const secret = /** @type {string | undefined} */ (values.secret)
  if (secret === '') {
    console.error('emulator: --secret must not be empty')
    process.exit(2)
  }

  /** @type {Lifetimes} */
  const lifetimes = {}
  for (const [option, key] of /** @type {const} */ ([
    ['role-session-seconds', 'roleSessionSeconds'],
    ['mfa-session-seconds', 'mfaSessionSeconds'],
    ['mfa-max-age-seconds', 'maxMfaAgeSeconds']
  ])) {
    const text = /** @type {string | undefined} */ (values[option])
    if (text === undefined) continue
    const seconds = Number(text)
    if (!/^\d+$/.test(text) || seconds < 1 || seconds > 129600) {
      console.error(
        `emulator: --${option} must be a whole number of seconds from 1 to 129600, got '${text}'`
      )
      process.exit(2)
    }
    lifetimes[key] = seconds
  }

  const ready = values.background ? await startInBackground() : await serve(port, secret, lifetimes)
  if (values[CHILD_FLAG.slice(2)]) return
  const file = /** @type {string | undefined} */ (values['github-output'])
  if (file) appendFileSync(file, outputLines(ready))
  process.stdout.write(
    values.json ? `${JSON.stringify(ready)}\n` : describe(ready, !!values.background)
  )
}

/**
 * Starts the emulator in this process and keeps it until SIGINT or SIGTERM.
 * @param {number} port
 * @param {string | undefined} secret
 * @param {Lifetimes} lifetimes
 * @returns {Promise<Ready>}
 */
async function serve(port, secret, lifetimes) {
  const { maxMfaAgeSeconds, ...sessions } = lifetimes
  const { user, role, seed } = fixture(secret, maxMfaAgeSeconds)
  const emulator = await startEmulator({
    users: [user],
    roles: [role],
    port,
    ...sessions,
    ...(secret === undefined ? {} : { sessionSecret: secret })
  })
  const stop = () => {
    emulator.close().then(
      () => process.exit(0),
      () => process.exit(1)
    )
  }
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)

  /** @type {Ready} */
  const ready = {
    endpoint: emulator.url,
    pid: process.pid,
    inputs: {
      'aws-region': REGION,
      'role-to-assume': role.arn,
      'mfa-serial': user.mfaDevices[0].serial,
      'mfa-seed': seed,
      'aws-access-key-id': user.accessKeyId,
      'aws-secret-access-key': user.secretAccessKey,
      'sts-endpoint': emulator.url
    },
    arns: { user: `arn:aws:iam::${ACCOUNT}:user/${user.name}`, role: role.arn }
  }
  // Started by --background: report to the parent, then serve on with no one listening.
  if (process.send) {
    process.send({ ready })
    process.disconnect?.()
  }
  return ready
}

/**
 * Starts this script again, detached from this process and its streams (a CI step ends while it
 * serves on), and waits, bounded, for it to report that it listens.
 * @returns {Promise<Ready>}
 */
function startInBackground() {
  const args = process.argv.slice(2).filter(arg => arg !== '--background')
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), ...args, CHILD_FLAG], {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    windowsHide: true
  })
  let stderr = ''
  child.stderr?.setEncoding('utf8').on('data', chunk => (stderr += chunk))
  return new Promise((resolve, reject) => {
    const fail = (/** @type {string} */ why) => {
      clearTimeout(timer)
      child.kill()
      reject(new Error(`${why}${stderr ? `: ${stderr.trim()}` : ''}`))
    }
    const timer = setTimeout(
      () => fail(`not ready within ${READY_TIMEOUT_MS / 1000} s`),
      READY_TIMEOUT_MS
    )
    child.once('error', error => fail(error.message))
    child.once('exit', code => fail(`the emulator exited with code ${code} before it was ready`))
    child.once('message', message => {
      clearTimeout(timer)
      child.removeAllListeners('exit')
      child.stderr?.destroy()
      child.unref()
      resolve(/** @type {{ ready: Ready }} */ (message).ready)
    })
  })
}

/**
 * The user, its device and the role; from the secret when one is given, else at random.
 * @param {string | undefined} secret
 * @param {number} [maxMfaAgeSeconds] a bound on aws:MultiFactorAuthAge in the trust policy
 */
function fixture(secret, maxMfaAgeSeconds) {
  const bytes = (/** @type {string} */ label, /** @type {number} */ length) =>
    secret === undefined
      ? randomBytes(length)
      : createHmac('sha512', secret).update(label).digest().subarray(0, length)
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  const text = (/** @type {Buffer} */ data) => [...data].map(byte => alphabet[byte % 32]).join('')
  // A 64-character base32 seed and an AKIA key of 20 characters, as AWS issues them.
  const seed = text(bytes('mfa-seed', 64))
  const user = {
    name: 'ci',
    accountId: ACCOUNT,
    accessKeyId: `AKIA${text(bytes('access-key-id', 16))}`,
    secretAccessKey: bytes('secret-access-key', 30).toString('base64'),
    mfaDevices: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy`, seed }]
  }
  const role = {
    arn: `arn:aws:iam::${ACCOUNT}:role/deploy`,
    trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/ci`, {
      tagSession: true,
      sourceIdentity: true,
      maxMfaAgeSeconds
    }),
    maxSessionDuration: 43200
  }
  return { user, role, seed }
}

/** @param {Ready} ready */
function outputLines(ready) {
  const values = { endpoint: ready.endpoint, pid: String(ready.pid), ...ready.inputs }
  return Object.entries(values)
    .map(([name, value]) => `${name}=${value}\n`)
    .join('')
}

/**
 * @param {Ready} ready
 * @param {boolean} background
 */
function describe(ready, background) {
  const { inputs, endpoint, pid, arns } = ready
  const stop = background
    ? `Serving in the background as process ${pid}: stop it with kill ${pid}.`
    : 'Serving until Ctrl-C.'
  return `STS emulator ready at ${endpoint} (test credentials only). ${stop}

IAM user   ${arns.user}, with the keys below
MFA device ${inputs['mfa-serial']} (TOTP, SHA-1, 6 digits, 30 s)
Role       ${arns.role}: trusts the user, requires MFA, sessions up to 12 hours

The action's inputs (a step with uses: ./, or @github/local-action's .env as INPUT_<NAME>):
${Object.entries(inputs)
  .map(([name, value]) => `  ${name}: ${value}`)
  .join('\n')}

The command-line tool (npm run package first):
  AWS_ACCESS_KEY_ID=${inputs['aws-access-key-id']} AWS_SECRET_ACCESS_KEY=${inputs['aws-secret-access-key']} \\
  AWS_MFA_SEED=${inputs['mfa-seed']} \\
  node dist/cli/index.js --aws-region ${inputs['aws-region']} --sts-endpoint ${endpoint} \\
    --role-to-assume ${inputs['role-to-assume']} --mfa-serial ${inputs['mfa-serial']}

The AWS CLI, with the credentials either of them gives:
  aws sts get-caller-identity --endpoint-url ${endpoint}
`
}
