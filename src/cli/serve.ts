import { spawn, type ChildProcess } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  ENDPOINT_ROLE_SECONDS,
  credentialsPath,
  type EndpointHandoff
} from '../engine/credentials-endpoint.js'
import { ActionError, InputError } from '../engine/errors.js'
import { formatVariables } from './formats.js'
import { obtainSession } from './obtain.js'
import { parseCommandLine, type Format } from './options.js'
import { prepareRole } from './role-command.js'
import type { CommandContext } from './command.js'

/*
 * `serve [PROFILE]`: the role from a credentials endpoint on 127.0.0.1 for the tools of this
 * laptop that run for hours (an IDE, a test watcher, docker compose), as aws-vault's --ecs-server
 * does. It is the server of the action's refresh-credentials (src/server/, dist/server/index.js),
 * started in the foreground: it gets the user's MFA session and the role's first credentials, and
 * assumes the role again from the session before they end, until the session ends. The user's
 * long-term keys stay here. Standard output gets the two variables to set, once; Ctrl-C stops it.
 */

const READY_TIMEOUT_MS = 15_000
/** What the server may see of our environment: never the user's keys or the seed. */
const PASSED_VARIABLES = ['PATH', 'SYSTEMROOT', 'TMPDIR', 'NODE_EXTRA_CA_CERTS']
/** serve's MFA session lasts this long unless --mfa-session-duration-seconds says otherwise. */
const SERVE_SESSION_SECONDS = '43200'

/** The command, as main.ts runs it. */
export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { io, log } = context
  const options = parseCommandLine(argv, 'serve')
  if (options.help) {
    io.stdout.write(SERVE_HELP)
    return 0
  }
  if (options.inputs['role-duration-seconds'] !== undefined) {
    throw new InputError([
      'Option --role-duration-seconds does not apply to serve: the role is assumed from the MFA ' +
        `session (role chaining) for ${ENDPOINT_ROLE_SECONDS} s, again and again, until the ` +
        'session ends (--mfa-session-duration-seconds).'
    ])
  }
  const resolved = await prepareRole(options, context)
  resolved.inputs = {
    ...resolved.inputs,
    'role-duration-seconds': String(ENDPOINT_ROLE_SECONDS),
    'mfa-session-duration-seconds':
      resolved.inputs['mfa-session-duration-seconds'] ?? SERVE_SESSION_SECONDS
  }
  const { session, role, settings } = await obtainSession(resolved, context)
  if (!settings.roleArn) {
    throw new InputError(['serve needs a role: --role-to-assume, or role_arn in the profile.'])
  }
  const token = randomBytes(32).toString('base64url') // 256 bits
  log.mask(token)
  // The endpoint this process's requests went to (AWS_ENDPOINT_URL_STS, say), resolved here: the
  // server sees none of our environment. Loaded now, with the SDK: `serve --help` needs neither.
  const { endpointHandoff } = await import('../settings/engine-requests.js')
  const handoff: EndpointHandoff = { token, ...(await endpointHandoff(settings, session, [role])) }
  const child = spawn(process.execPath, [serverEntry()], {
    stdio: ['pipe', 'pipe', 'pipe', 'pipe'],
    env: Object.fromEntries(PASSED_VARIABLES.filter(n => io.env[n]).map(n => [n, io.env[n]])),
    windowsHide: true
  })
  // The server's log (events, ARNs, STS's messages; no secret) goes to our standard error.
  child.stdout?.on('data', (chunk: Buffer) => log.info(chunk.toString('utf8').trimEnd()))
  child.stderr?.on('data', (chunk: Buffer) => log.info(chunk.toString('utf8').trimEnd()))
  child.stdin?.on('error', () => undefined)
  child.stdin?.end(JSON.stringify(handoff))
  const stopped = new Promise<number | null>(resolve => child.once('exit', code => resolve(code)))
  let port: number
  try {
    port = await readyPort(child)
  } catch (error) {
    child.kill('SIGKILL')
    throw new ActionError(`The credentials endpoint did not start: ${(error as Error).message}.`)
  }
  const uri = `http://127.0.0.1:${port}${credentialsPath(0)}`
  io.stdout.write(
    formatVariables(options.format as Exclude<Format, 'credential-process'>, [
      ['AWS_CONTAINER_CREDENTIALS_FULL_URI', uri],
      ['AWS_CONTAINER_AUTHORIZATION_TOKEN', token]
    ])
  )
  log.info(
    `Serving ${role.arn} on ${uri}, renewed from the MFA session until ` +
      `${session.expiration.toISOString()}. Ctrl-C stops it. Where you set these two variables, ` +
      'unset AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN and AWS_PROFILE: the ' +
      'AWS SDKs and CLI take those, and a [default] profile with keys, before the endpoint.'
  )
  const stop = () => child.kill('SIGTERM')
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const
  for (const signal of signals) process.on(signal, stop)
  try {
    const code = await stopped
    log.info('The credentials endpoint stopped.')
    return code === 0 ? 0 : 1
  } finally {
    for (const signal of signals) process.removeListener(signal, stop)
  }
}

/**
 * The server's bundle next to ours: dist/server/index.js from dist/cli/. Built at run time so that
 * ncc does not take the path for an asset to copy.
 */
function serverEntry(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  return join(here, ['..', 'server', 'index.js'].join('/'))
}

/** The server's `{port, pid}` line on file descriptor 3, within READY_TIMEOUT_MS. */
function readyPort(child: ChildProcess): Promise<number> {
  const channel = child.stdio[3] as NodeJS.ReadableStream & { destroy: () => void }
  return new Promise((resolve, reject) => {
    let text = ''
    const timer = setTimeout(
      () => done(new Error(`no answer in ${READY_TIMEOUT_MS} ms`)),
      READY_TIMEOUT_MS
    )
    const onExit = (code: number | null) => done(new Error(`it exited with code ${code}`))
    function done(error?: Error) {
      clearTimeout(timer)
      channel.destroy()
      child.removeListener('exit', onExit)
      if (error) return reject(error)
      const ready = JSON.parse(text) as { port?: unknown; pid?: unknown }
      if (ready.pid !== child.pid || typeof ready.port !== 'number' || !(ready.port > 0)) {
        reject(new Error('it answered oddly'))
      } else resolve(ready.port)
    }
    channel.setEncoding('utf8')
    channel.on('data', (chunk: string) => {
      text += chunk
      if (text.includes('\n')) done()
    })
    child.once('exit', onExit)
  })
}

export const SERVE_HELP = `Usage: aws-assume-role-mfa serve [PROFILE] [options]

Serves the role's credentials on 127.0.0.1 to the tools of this computer, renewed before they
end, for as long as the MFA session lasts (--mfa-session-duration-seconds, default 43200: 12
hours; with --mfa-session, the day's cached session). One code when it starts, none after.
Prints the two variables the AWS SDKs and CLI read, in --format (sh, fish, powershell, dotenv,
json); set them where the tools run, without AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY or
AWS_PROFILE, which come first. Ctrl-C stops it.

  AWS_CONTAINER_CREDENTIALS_FULL_URI   http://127.0.0.1:PORT/credentials
  AWS_CONTAINER_AUTHORIZATION_TOKEN    a random token each request must carry

PROFILE and the options are those of aws-assume-role-mfa exec --help; the role is assumed from
the MFA session (role chaining), one hour at a time, so --role-duration-seconds does not apply.

Example:
  aws-assume-role-mfa serve deploy --format dotenv > .env.aws    # for docker compose --env-file
`
