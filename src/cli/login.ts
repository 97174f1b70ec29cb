import { spawn } from 'node:child_process'
import { request as httpRequest, type Agent, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { RoleCredentials } from '../engine/credentials.js'
import { ActionError, InputError } from '../engine/errors.js'
import { proxyRoute } from '../engine/proxy.js'
import { proxyAgents } from '../engine/proxy-agents.js'
import { parseEndpoint } from '../settings/values.js'
import { obtainRole } from './obtain.js'
import { parseCommandLine } from './options.js'
import { prepareRole } from './role-command.js'
import type { CommandContext } from './command.js'

/*
 * `login [PROFILE]`: a sign-in URL of the AWS console for the role, made as the IAM User Guide
 * describes ("Enable custom identity broker access to the AWS console"): the role's temporary
 * credentials go to the federation endpoint's getSigninToken, whose token goes into an
 * Action=login URL. The credentials come through the cache (no code while cached ones are good).
 * The URL signs whoever opens it in for the console session: it goes to standard output, or to the
 * browser with --open, never into a message. The request goes through the proxy of HTTPS_PROXY
 * (NO_PROXY, as for STS: engine/proxy.ts), tunnelled with CONNECT.
 */

/** SessionDuration: 900 to 43200 seconds (IAM User Guide, custom identity broker). */
const MIN_CONSOLE_SECONDS = 900
const MAX_CONSOLE_SECONDS = 43200
const FEDERATION_TIMEOUT_MS = 10_000
/** The endpoint answers a token of a few hundred bytes. */
const MAX_ANSWER_BYTES = 64 * 1024
const ISSUER = 'aws-assume-role-mfa'

/** The command, as main.ts runs it. */
export async function run(argv: string[], context: CommandContext): Promise<number> {
  const { io, log } = context
  const options = parseCommandLine(argv, 'login')
  if (options.help) {
    io.stdout.write(LOGIN_HELP)
    return 0
  }
  if (options.mfaSession) {
    // IAM User Guide: a role session asked for with DurationSeconds by anything but an IAM user's
    // long-term keys is refused by the federation endpoint; the day session's roles are chained.
    throw new InputError([
      'Option --mfa-session does not apply to login: the federation endpoint refuses role ' +
        "credentials assumed with DurationSeconds from temporary credentials (the day's MFA " +
        "session); login assumes the role with the user's keys and a code, or uses such " +
        'credentials from the cache.'
    ])
  }
  const problems: string[] = []
  const endpoint = parseEndpoint('--signin-endpoint', options.signinEndpoint ?? '', problems)
  if (problems.length > 0) throw new InputError(problems)
  const resolved = await prepareRole(options, context)
  // A profile's mfa_session_duration_seconds is for the other commands.
  resolved.mfaSession = false
  const { credentials, settings } = await obtainRole(resolved, context, {
    cache: true,
    prompt: true
  })
  if (!settings.roleArn) {
    throw new InputError(['login needs a role: --role-to-assume, or role_arn in the profile.'])
  }
  const seconds = consoleSeconds(credentials, io.clock.now())
  const { federation, destination } = consoleUrls(settings.region, endpoint)
  const route = proxyRoute(
    { httpProxy: '', noProxy: '', endpoint: federation },
    io.env,
    problems,
    log.mask
  )
  if (problems.length > 0) throw new InputError(problems)
  const agents = proxyAgents(route)
  const agent = federation.startsWith('https:') ? agents.httpsAgent : agents.httpAgent
  const token = await signinToken(federation, credentials, seconds, agent)
  log.mask(token)
  const url =
    `${federation}?Action=login&Issuer=${encodeURIComponent(ISSUER)}` +
    `&Destination=${encodeURIComponent(destination)}&SigninToken=${encodeURIComponent(token)}`
  log.info(
    `A console sign-in URL for ${credentials.arn}: a console session of ${seconds} s (the role ` +
      'session has that long left); whoever opens the URL in the next 15 minutes is signed in.'
  )
  if (options.open && (await openInBrowser(url))) {
    log.info('Opened in your browser.')
    return 0
  }
  if (options.open) log.info('Could not open a browser: here is the URL.')
  io.stdout.write(`${url}\n`)
  return 0
}

/** What is left of the role session, within what SessionDuration takes. */
function consoleSeconds(credentials: RoleCredentials, now: number): number {
  const left = Math.floor((credentials.expiration.getTime() - now) / 1000)
  return Math.min(MAX_CONSOLE_SECONDS, Math.max(MIN_CONSOLE_SECONDS, left))
}

/** The federation endpoint and console of the region's partition (standard, China, GovCloud). */
export function consoleUrls(
  region: string,
  endpoint?: string
): { federation: string; destination: string } {
  const [signin, console] = region.startsWith('cn-')
    ? ['signin.amazonaws.cn', 'console.amazonaws.cn']
    : region.startsWith('us-gov-')
      ? ['signin.amazonaws-us-gov.com', 'console.amazonaws-us-gov.com']
      : ['signin.aws.amazon.com', 'console.aws.amazon.com']
  const federation = endpoint
    ? new URL('/federation', endpoint).href
    : `https://${signin}/federation`
  return {
    federation,
    destination: `https://${region}.${console}/console/home?region=${encodeURIComponent(region)}`
  }
}

/** getSigninToken, bounded in time and size; its answer checked before use. */
async function signinToken(
  federation: string,
  credentials: RoleCredentials,
  seconds: number,
  agent: Agent | undefined
): Promise<string> {
  const session = JSON.stringify({
    sessionId: credentials.accessKeyId,
    sessionKey: credentials.secretAccessKey,
    sessionToken: credentials.sessionToken
  })
  const query = `?Action=getSigninToken&SessionDuration=${seconds}&Session=${encodeURIComponent(session)}`
  let answer: { status: number; text: string }
  try {
    answer = await boundedGet(federation + query, agent)
  } catch (error) {
    throw new ActionError(
      `The federation endpoint ${federation} did not answer (${(error as Error).message}).`
    )
  }
  const { status, text } = answer
  const token = status === 200 ? tokenOf(text) : undefined
  if (!token) {
    // Its answer is not quoted: nothing from it is needed to act, and it may echo the request.
    throw new ActionError(
      `The federation endpoint ${federation} refused to make a sign-in token (HTTP ${status}). ` +
        'It takes the credentials of a role session only; if these came from a role chain ' +
        "(base keys that are themselves temporary), assume the role with the IAM user's " +
        'long-term keys.'
    )
  }
  return token
}

/**
 * A GET through `agent` (the proxy's tunnel, or none): the status and the body, all of it within
 * FEDERATION_TIMEOUT_MS and MAX_ANSWER_BYTES. A redirect is an answer like any other (not 200).
 */
async function boundedGet(
  url: string,
  agent: Agent | undefined
): Promise<{ status: number; text: string }> {
  const signal = AbortSignal.timeout(FEDERATION_TIMEOUT_MS)
  const send = url.startsWith('https:') ? httpsRequest : httpRequest
  const request = send(url, { agent, signal })
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    request.once('response', resolve).once('error', reject).end()
  })
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response) {
    size += (chunk as Buffer).length
    if (size > MAX_ANSWER_BYTES) {
      request.destroy()
      throw new Error('the answer is too large')
    }
    chunks.push(chunk as Buffer)
  }
  return { status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }
}

function tokenOf(text: string): string | undefined {
  try {
    const token = (JSON.parse(text) as { SigninToken?: unknown }).SigninToken
    return typeof token === 'string' && /^[\w.~+/=-]{16,4096}$/.test(token) ? token : undefined
  } catch {
    return undefined
  }
}

/**
 * The system's opener, without a shell (the URL has & in it): xdg-open, open, or on Windows
 * rundll32's URL handler. True when it started and exited with 0.
 */
function openInBrowser(url: string): Promise<boolean> {
  const [command, ...args] =
    process.platform === 'darwin'
      ? ['open', url]
      : process.platform === 'win32'
        ? ['rundll32', 'url.dll,FileProtocolHandler', url]
        : ['xdg-open', url]
  return new Promise(resolve => {
    const child = spawn(command, args, { stdio: 'ignore', shell: false })
    child.once('error', () => resolve(false))
    child.once('exit', code => resolve(code === 0))
  })
}

export const LOGIN_HELP = `Usage: aws-assume-role-mfa login [PROFILE] [options] [--open]

Prints a sign-in URL of the AWS console for the role (--open: opens it in your browser instead).
The role's credentials come as for exec, through the cache: no code while cached ones are good.
They are traded for a sign-in token at the federation endpoint (getSigninToken); the console
session lasts what is left of the role session (900 to 43200 s). Whoever opens the URL within
15 minutes is signed in as the role: do not paste it where others see it.

  --open                  open the URL in the browser (xdg-open, open, or Windows' URL handler)
  --signin-endpoint URL   another federation endpoint (default: the region's partition's,
                          https://signin.aws.amazon.com/federation)

PROFILE and the other options are those of aws-assume-role-mfa exec --help.
`
