/**
 * What STS's refusals and the network's failures mean to a person: the advice table (its headings
 * are the Troubleshooting guide's), kept apart from errors.ts so that only code that calls STS
 * loads it.
 */

import { ActionError } from './errors.js'
import { printable } from './printable.js'

/** What the SDK's errors carry that we use: the AWS error code, message and request id. */
interface AwsErrorShape {
  name?: string
  message?: string
  code?: string
  $metadata?: { requestId?: string; httpStatusCode?: number }
  $response?: { headers?: Record<string, string | undefined> }
}

/** What was being attempted, to make the explanation concrete. */
export interface StsErrorContext {
  roleArn: string
  mfaSerial: string
  /** MFA codes STS refused earlier in this run. */
  refusedCodes: number
  /** Where the code came from: a typed code has no next window to try. */
  mfa?: { kind: 'seed' | 'code' }
  /**
   * AssumeRole was made with an MFA session (no code) this many seconds old: past a few seconds, a
   * trust policy's bound on aws:MultiFactorAuthAge is a likely cause of an AccessDenied.
   */
  mfaSessionAgeSeconds?: number
}

/** An MFA session at least this old, refused AssumeRole: its MFA age is a likely cause. */
export const MFA_AGE_SUSPECT_SECONDS = 5

const CODE_REFUSED = 'invalid MFA one time pass code'
const SERIAL_UNKNOWN = 'unable to validate MFA code'

/** STS refused the one-time code: wrong, or already used in its window (AWS does not say which). */
export function isCodeRefused(error: unknown): boolean {
  const e = error as AwsErrorShape
  return e?.name === 'AccessDenied' && (e.message ?? '').includes(CODE_REFUSED)
}

/**
 * Turns an STS or network failure into a message a person can act on, keeping AWS's code, message
 * and request id, escaped (they come from the network), and the HTTP status when it is not an
 * error status (a redirect, or a 200 holding an error). Our own ActionErrors pass as they are.
 */
export function explainStsError(error: unknown, context: StsErrorContext): ActionError {
  if (error instanceof ActionError) return error
  const e = (error ?? {}) as AwsErrorShape
  const code = e.name ?? 'Error'
  const message = e.message ?? String(error)
  const status = e.$metadata?.httpStatusCode ?? 0
  const details = [
    ...(status > 0 && status < 400 ? [`HTTP ${status}`] : []),
    ...(isRedirect(e) && e.$response?.headers?.location
      ? [`to ${printable(e.$response.headers.location)}`]
      : []),
    ...(e.$metadata?.requestId ? [`request id ${printable(e.$metadata.requestId)}`] : [])
  ]
  const said =
    code === 'Unknown' && message === 'Unknown'
      ? 'no STS error'
      : `${printable(code)}: ${printable(message, 1000)}`
  const aws = `AWS said: ${said}${details.length > 0 ? ` (${details.join(', ')})` : ''}`
  return new ActionError(`${advice(code, message, e, context)}\n${aws}`, { cause: error })
}

function isRedirect(e: AwsErrorShape): boolean {
  const status = e.$metadata?.httpStatusCode ?? 0
  return status >= 300 && status < 400
}

/** A failed request as the advice table sees it. */
interface Failure {
  code: string
  message: string
  error: AwsErrorShape
  ctx: StsErrorContext
}

/** One known failure: the heading that the Troubleshooting guide gives it, and the advice. */
export interface Advice {
  /** How the message starts, placeholders in <angle brackets>: a heading of the guide. */
  heading: string
  applies(f: Failure): boolean
  says(f: Failure): string
}

/** The first that applies explains the failure; the order matters (specific before general). */
export const STS_ADVICE: readonly Advice[] = [
  {
    heading: 'STS stopped checking codes for <mfa-serial> after N refused code(s).',
    applies: f => f.message.includes(SERIAL_UNKNOWN) && f.ctx.refusedCodes > 0,
    says: ({ ctx }) =>
      `STS stopped checking codes for ${ctx.mfaSerial} after ${ctx.refusedCodes} refused ` +
      'code(s). AWS allows about nine MFA checks per device in three minutes, so the device is ' +
      'probably locked for a few minutes by this and other jobs using it: wait, then re-run; ' +
      'and check that mfa-seed belongs to this device.'
  },
  {
    heading: 'STS cannot validate codes for mfa-serial <mfa-serial>.',
    applies: f => f.message.includes(SERIAL_UNKNOWN),
    says: ({ ctx }) =>
      `STS cannot validate codes for mfa-serial ${ctx.mfaSerial}. It must be the ARN of a virtual ` +
      'MFA device assigned to the user whose keys call AssumeRole (arn:aws:iam::ACCOUNT:mfa/NAME, ' +
      'not user/NAME), and the device must be activated. If it is right, the device may be locked ' +
      'after too many attempts (about nine per three minutes): wait a few minutes.'
  },
  {
    heading: 'STS refused the one-time code typed for <mfa-serial>:',
    applies: f => f.message.includes(CODE_REFUSED) && f.ctx.mfa?.kind === 'code',
    says: ({ ctx }) =>
      `STS refused the one-time code typed for ${ctx.mfaSerial}: it was wrong, or already used ` +
      '(each code is accepted once). A fresh code is needed: wait for the device to show a new ' +
      'one and give it as mfa-code. Check that the code is from this device.'
  },
  {
    heading: 'STS refused the one-time code for <mfa-serial> in N successive 30-second window(s).',
    applies: f => f.message.includes(CODE_REFUSED),
    says: ({ ctx }) =>
      `STS refused the one-time code for ${ctx.mfaSerial} in ${ctx.refusedCodes} successive ` +
      "30-second window(s). Check that mfa-seed is this device's seed (re-create the device if " +
      "unsure), that the runner's clock is right, and that no other job uses this device at the " +
      'same moment (each code is accepted once; raise mfa-retry-windows or give each job its own device).'
  },
  {
    heading: 'STS refused GetSessionToken,',
    applies: f => f.code === 'AccessDenied' && /GetSessionToken/.test(f.message),
    says: () =>
      'STS refused GetSessionToken, which the action calls when role-to-assume is empty or lists ' +
      "several roles: it needs the IAM user's long-term keys, not temporary credentials (drop " +
      'aws-session-token, or give a single role).'
  },
  {
    heading: 'STS refused the MFA session (GetSessionToken, as role-to-assume is empty):',
    applies: f => f.code === 'AccessDenied' && !f.ctx.roleArn,
    says: () =>
      'STS refused the MFA session (GetSessionToken, as role-to-assume is empty): check that the ' +
      'keys are those of the IAM user that owns mfa-serial, and that no policy denies sts:GetSessionToken.'
  },
  {
    heading: 'The role <role> does not allow session tags:',
    applies: f => f.code === 'AccessDenied' && f.message.includes('sts:TagSession'),
    says: ({ ctx }) =>
      `The role ${ctx.roleArn} does not allow session tags: its trust policy must also allow ` +
      'sts:TagSession for the calling user (add it to the Action list of the statement that ' +
      'allows sts:AssumeRole), or keep role-skip-session-tagging: true and drop custom-tags.'
  },
  {
    heading: 'Not authorised to assume <role> with an MFA session N s old.',
    applies: f =>
      f.code === 'AccessDenied' && (f.ctx.mfaSessionAgeSeconds ?? 0) >= MFA_AGE_SUSPECT_SECONDS,
    says: ({ ctx }) =>
      `Not authorised to assume ${ctx.roleArn} with an MFA session ${ctx.mfaSessionAgeSeconds} s ` +
      "old. If the role's trust policy bounds aws:MultiFactorAuthAge (the seconds since the MFA " +
      'code; the role that init creates does), AWS refuses sessions older than the bound with ' +
      'this same AccessDenied, which names no condition. Raise the bound to at least ' +
      'mfa-session-duration-seconds, shorten the time between the job that made the session and ' +
      'this one, or give mfa-serial, aws-access-key-id and aws-secret-access-key so that the job ' +
      'falls back to a one-time code of its own (age 0). If the role has no such bound, check ' +
      'that its trust policy names the calling user with "aws:MultiFactorAuthPresent": "true".'
  },
  {
    heading: 'Not authorised to assume <role>.',
    applies: f => f.code === 'AccessDenied',
    says: ({ ctx }) =>
      `Not authorised to assume ${ctx.roleArn}. Check that the role's trust policy names the ` +
      'calling user (or its account) as principal with the condition ' +
      '"aws:MultiFactorAuthPresent": "true", that the user is allowed sts:AssumeRole on the role, ' +
      'and role-external-id if the trust policy requires sts:ExternalId.'
  },
  {
    heading: 'AWS does not know the access key that signed the request:',
    applies: f => f.code === 'InvalidClientTokenId',
    says: () =>
      'AWS does not know the access key that signed the request: check aws-access-key-id (it may ' +
      'be deleted or inactive) and, for temporary keys, aws-session-token.'
  },
  {
    heading: "The request's signature time is too far from AWS's clock:",
    applies: f =>
      f.code === 'SignatureDoesNotMatch' && /expired|earlier than|later than/i.test(f.message),
    says: () =>
      "The request's signature time is too far from AWS's clock: fix the runner's clock (NTP)."
  },
  {
    heading: 'The signature does not match:',
    applies: f => f.code === 'SignatureDoesNotMatch',
    says: () =>
      'The signature does not match: aws-secret-access-key is wrong for aws-access-key-id (check the secret for stray characters).'
  },
  {
    heading: 'The base credentials have expired:',
    applies: f => f.code === 'ExpiredToken' || f.code === 'ExpiredTokenException',
    says: () =>
      'The base credentials have expired: refresh aws-session-token (or drop it and use long-lived keys).'
  },
  {
    heading: 'role-duration-seconds is above the MaxSessionDuration of <role>:',
    applies: f => f.code === 'ValidationError' && f.message.includes('MaxSessionDuration'),
    says: ({ ctx }) =>
      `role-duration-seconds is above the MaxSessionDuration of ${ctx.roleArn}: lower it, or raise ` +
      "the role's limit (aws iam update-role --role-name NAME --max-session-duration SECONDS)."
  },
  {
    heading: 'STS is not activated in aws-region for this account:',
    applies: f => f.code === 'RegionDisabledException',
    says: () =>
      'STS is not activated in aws-region for this account: activate it under IAM > Account settings, or use another region.'
  },
  {
    heading: 'No base credentials were found:',
    applies: f => f.code === 'CredentialsProviderError',
    says: () =>
      'No base credentials were found: set aws-access-key-id and aws-secret-access-key (the IAM user that owns the MFA device).'
  },
  {
    heading: 'STS kept failing after retry-max-attempts attempts (throttled or unavailable):',
    applies: f =>
      f.code === 'Throttling' ||
      f.code === 'ThrottlingException' ||
      (f.error.$metadata?.httpStatusCode ?? 0) >= 500,
    says: () =>
      'STS kept failing after retry-max-attempts attempts (throttled or unavailable): re-run later, or raise retry-max-attempts.'
  },
  {
    heading: 'The STS endpoint answered with a redirect',
    applies: f => isRedirect(f.error),
    says: () =>
      'The STS endpoint answered with a redirect, which STS never sends: sts-endpoint (or ' +
      'AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or the proxy in between is not an STS endpoint. ' +
      'Leave sts-endpoint empty for the regional endpoint of aws-region, or give the address ' +
      'the redirect names if you trust it.'
  },
  {
    heading: "STS's answer was too large",
    applies: f => f.code === 'AnswerTooLarge',
    says: () =>
      "STS's answer was too large: STS answers with a few KB, so sts-endpoint (or " +
      'AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or the proxy in between is not STS. Check them.'
  },
  {
    heading: "STS's answer could not be read",
    applies: f => f.message.includes('Deserialization error'),
    says: () =>
      "STS's answer could not be read: it is not STS's XML, so sts-endpoint (or " +
      'AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL) or the proxy in between is not STS. Check them.'
  },
  {
    heading: 'The proxy did not open a tunnel to STS',
    applies: f => f.message.includes('tunneling socket could not be established'),
    says: () =>
      'The proxy did not open a tunnel to STS (http-proxy, or HTTPS_PROXY/HTTP_PROXY): check its ' +
      'address, that it allows CONNECT to the STS endpoint, and, for statusCode=407, its user and ' +
      'password (http://user:password@host:port). Hosts in no-proxy bypass it.'
  },
  {
    heading: 'Could not reach STS:',
    applies: f => isNetworkError(f.code, f.error),
    says: () =>
      "Could not reach STS: check aws-region and sts-endpoint, the runner's network and proxy settings."
  }
]

function advice(code: string, message: string, error: AwsErrorShape, ctx: StsErrorContext): string {
  const failure = { code, message, error, ctx }
  const known = STS_ADVICE.find(entry => entry.applies(failure))
  if (known) return known.says(failure)
  return ctx.roleArn ? `AssumeRole on ${ctx.roleArn} failed.` : 'GetSessionToken failed.'
}

function isNetworkError(code: string, e: AwsErrorShape): boolean {
  return (
    code === 'TimeoutError' ||
    [
      'ECONNREFUSED',
      'ECONNRESET',
      'ENOTFOUND',
      'ETIMEDOUT',
      'EAI_AGAIN',
      'EPIPE',
      'EHOSTUNREACH',
      'ENETUNREACH'
    ].includes(e.code ?? '')
  )
}
