/**
 * Errors are typed where they are raised and rendered once, in main.ts. Every message names what is
 * wrong and how to fix it, and never contains a secret.
 */

/** One or more inputs are invalid. Raised before any network call; nothing has been exported. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
    this.name = 'InputError'
  }
}

/** A failure a person can act on: what happened, and what to do about it. */
export class ActionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'ActionError'
  }
}

/** What the SDK's errors carry that we use: the AWS error code, message and request id. */
interface AwsErrorShape {
  name?: string
  message?: string
  code?: string
  $metadata?: { requestId?: string; httpStatusCode?: number }
}

/** What was being attempted, to make the explanation concrete. */
export interface StsErrorContext {
  roleArn: string
  mfaSerial: string
  /** MFA codes STS refused earlier in this run. */
  refusedCodes: number
  /** Where the code came from: a typed code has no next window to try. */
  mfa?: { kind: 'seed' | 'code' }
}

const CODE_REFUSED = 'invalid MFA one time pass code'
const SERIAL_UNKNOWN = 'unable to validate MFA code'

/** STS refused the one-time code: wrong, or already used in its window (AWS does not say which). */
export function isCodeRefused(error: unknown): boolean {
  const e = error as AwsErrorShape
  return e?.name === 'AccessDenied' && (e.message ?? '').includes(CODE_REFUSED)
}

/** Turns an STS or network failure into a message a person can act on, keeping AWS's code and id. */
export function explainStsError(error: unknown, context: StsErrorContext): ActionError {
  const e = (error ?? {}) as AwsErrorShape
  const code = e.name ?? 'Error'
  const message = e.message ?? String(error)
  const requestId = e.$metadata?.requestId
  const aws = `AWS said: ${code}: ${message}${requestId ? ` (request id ${requestId})` : ''}`
  return new ActionError(`${advice(code, message, e, context)}\n${aws}`, { cause: error })
}

function advice(code: string, message: string, e: AwsErrorShape, ctx: StsErrorContext): string {
  if (message.includes(SERIAL_UNKNOWN)) {
    if (ctx.refusedCodes > 0) {
      return (
        `STS stopped checking codes for ${ctx.mfaSerial} after ${ctx.refusedCodes} refused ` +
        'code(s). AWS allows about nine MFA checks per device in three minutes, so the device is ' +
        'probably locked for a few minutes by this and other jobs using it: wait, then re-run; ' +
        'and check that mfa-seed belongs to this device.'
      )
    }
    return (
      `STS cannot validate codes for mfa-serial ${ctx.mfaSerial}. It must be the ARN of a virtual ` +
      'MFA device assigned to the user whose keys call AssumeRole (arn:aws:iam::ACCOUNT:mfa/NAME, ' +
      'not user/NAME), and the device must be activated. If it is right, the device may be locked ' +
      'after too many attempts (about nine per three minutes): wait a few minutes.'
    )
  }
  if (message.includes(CODE_REFUSED) && ctx.mfa?.kind === 'code') {
    return (
      `STS refused the one-time code typed for ${ctx.mfaSerial}: it was wrong, or already used ` +
      '(each code is accepted once). A fresh code is needed: wait for the device to show a new ' +
      'one and give it as mfa-code. Check that the code is from this device.'
    )
  }
  if (message.includes(CODE_REFUSED)) {
    return (
      `STS refused the one-time code for ${ctx.mfaSerial} in ${ctx.refusedCodes} successive ` +
      "30-second window(s). Check that mfa-seed is this device's seed (re-create the device if " +
      "unsure), that the runner's clock is right, and that no other job uses this device at the " +
      'same moment (each code is accepted once; raise mfa-retry-windows or give each job its own device).'
    )
  }
  if (code === 'AccessDenied' && /GetSessionToken/.test(message)) {
    return (
      'STS refused GetSessionToken, which the action calls when role-to-assume is empty or lists ' +
      "several roles: it needs the IAM user's long-term keys, not temporary credentials (drop " +
      'aws-session-token, or give a single role).'
    )
  }
  if (code === 'AccessDenied' && !ctx.roleArn) {
    return (
      'STS refused the MFA session (GetSessionToken, as role-to-assume is empty): check that the ' +
      'keys are those of the IAM user that owns mfa-serial, and that no policy denies sts:GetSessionToken.'
    )
  }
  if (code === 'AccessDenied' && message.includes('sts:TagSession')) {
    return (
      `The role ${ctx.roleArn} does not allow session tags: its trust policy must also allow ` +
      'sts:TagSession for the calling user (add it to the Action list of the statement that ' +
      'allows sts:AssumeRole), or keep role-skip-session-tagging: true and drop custom-tags.'
    )
  }
  if (code === 'AccessDenied') {
    return (
      `Not authorised to assume ${ctx.roleArn}. Check that the role's trust policy names the ` +
      'calling user (or its account) as principal with the condition ' +
      '"aws:MultiFactorAuthPresent": "true", that the user is allowed sts:AssumeRole on the role, ' +
      'and role-external-id if the trust policy requires sts:ExternalId.'
    )
  }
  if (code === 'InvalidClientTokenId') {
    return (
      'AWS does not know the access key that signed the request: check aws-access-key-id (it may ' +
      'be deleted or inactive) and, for temporary keys, aws-session-token.'
    )
  }
  if (code === 'SignatureDoesNotMatch') {
    if (/expired|earlier than|later than/i.test(message)) {
      return "The request's signature time is too far from AWS's clock: fix the runner's clock (NTP)."
    }
    return 'The signature does not match: aws-secret-access-key is wrong for aws-access-key-id (check the secret for stray characters).'
  }
  if (code === 'ExpiredToken' || code === 'ExpiredTokenException') {
    return 'The base credentials have expired: refresh aws-session-token (or drop it and use long-lived keys).'
  }
  if (code === 'ValidationError' && message.includes('MaxSessionDuration')) {
    return (
      `role-duration-seconds is above the MaxSessionDuration of ${ctx.roleArn}: lower it, or raise ` +
      "the role's limit (aws iam update-role --role-name NAME --max-session-duration SECONDS)."
    )
  }
  if (code === 'RegionDisabledException') {
    return 'STS is not activated in aws-region for this account: activate it under IAM > Account settings, or use another region.'
  }
  if (code === 'CredentialsProviderError') {
    return 'No base credentials were found: set aws-access-key-id and aws-secret-access-key (the IAM user that owns the MFA device).'
  }
  if (
    code === 'Throttling' ||
    code === 'ThrottlingException' ||
    (e.$metadata?.httpStatusCode ?? 0) >= 500
  ) {
    return 'STS kept failing after retry-max-attempts attempts (throttled or unavailable): re-run later, or raise retry-max-attempts.'
  }
  if (message.includes('tunneling socket could not be established')) {
    return (
      'The proxy did not open a tunnel to STS (http-proxy, or HTTPS_PROXY/HTTP_PROXY): check its ' +
      'address, that it allows CONNECT to the STS endpoint, and, for statusCode=407, its user and ' +
      'password (http://user:password@host:port). Hosts in no-proxy bypass it.'
    )
  }
  if (isNetworkError(code, e)) {
    return "Could not reach STS: check aws-region and sts-endpoint, the runner's network and proxy settings."
  }
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
