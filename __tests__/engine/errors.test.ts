import { describe, expect, it } from '@jest/globals'
import {
  ExpiredTokenException,
  RegionDisabledException,
  STSServiceException
} from '@aws-sdk/client-sts'
import { ActionError, InputError } from '../../src/engine/errors.js'
import {
  explainStsError,
  isCodeRefused,
  type StsErrorContext
} from '../../src/engine/sts-errors.js'
import { MFA_SERIAL, ROLE_ARN } from '../helpers/fixtures.js'

const REFUSED = 'MultiFactorAuthentication failed with invalid MFA one time pass code.'
const UNABLE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'
const NOT_AUTHORISED = `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`

/** An error as the SDK raises it for an STS error code it has no class for. */
function stsError(name: string, message: string, httpStatusCode = 403, requestId = 'r-1') {
  return new STSServiceException({
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { requestId, httpStatusCode },
    message
  })
}

/** A socket error as Node and the SDK's HTTP handler raise it: no AWS code, no request id. */
function networkError(code: string, message: string) {
  return Object.assign(new Error(message), { code, $metadata: { attempts: 3 } })
}

const context = (refusedCodes = 0): StsErrorContext => ({
  roleArn: ROLE_ARN,
  mfaSerial: MFA_SERIAL,
  refusedCodes
})

describe('isCodeRefused', () => {
  it('recognises a wrong or reused code', () => {
    expect(isCodeRefused(stsError('AccessDenied', REFUSED))).toBe(true)
  })

  it.each([
    ['an exhausted or unknown device', stsError('AccessDenied', UNABLE)],
    ['a denial by the trust policy', stsError('AccessDenied', NOT_AUTHORISED)],
    ['the same words under another error code', stsError('ValidationError', REFUSED, 400)],
    ['a plain Error with the same words', new Error(REFUSED)],
    ['an AccessDenied without a message', { name: 'AccessDenied' }],
    ['a string', REFUSED],
    ['undefined', undefined],
    ['null', null]
  ])('does not take %s for a refused code', (_name, error) => {
    expect(isCodeRefused(error)).toBe(false)
  })
})

interface Case {
  error: unknown
  refusedCodes?: number
  /** What the explanation must say. */
  says: Array<string | RegExp>
}

const CASES: Record<string, Case> = {
  'a code refused in every window': {
    error: stsError('AccessDenied', REFUSED),
    refusedCodes: 3,
    says: [`refused the one-time code for ${MFA_SERIAL} in 3 successive`, 'mfa-seed', /clock/]
  },
  'a device STS cannot validate, on the first code': {
    error: stsError('AccessDenied', UNABLE),
    says: [`cannot validate codes for mfa-serial ${MFA_SERIAL}`, 'not user/NAME', 'activated']
  },
  'a device STS stops validating after refused codes': {
    error: stsError('AccessDenied', UNABLE),
    refusedCodes: 2,
    says: [`stopped checking codes for ${MFA_SERIAL} after 2 refused`, 'locked', 'wait']
  },
  'a device STS stops validating after a single refused code': {
    error: stsError('AccessDenied', UNABLE),
    refusedCodes: 1,
    says: [`stopped checking codes for ${MFA_SERIAL} after 1 refused`]
  },
  'a trust policy that does not let the user in': {
    error: stsError('AccessDenied', NOT_AUTHORISED),
    says: [`Not authorised to assume ${ROLE_ARN}`, 'aws:MultiFactorAuthPresent', 'role-external-id']
  },
  'an unknown access key': {
    error: stsError(
      'InvalidClientTokenId',
      'The security token included in the request is invalid.'
    ),
    says: ['aws-access-key-id', 'aws-session-token']
  },
  'a wrong secret key': {
    error: stsError(
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.'
    ),
    says: ['aws-secret-access-key is wrong']
  },
  'a runner clock AWS finds too far from its own': {
    error: stsError(
      'SignatureDoesNotMatch',
      'Signature expired: 20240101T000000Z is now earlier than 20240101T001000Z (20240101T001500Z - 5 min.)'
    ),
    says: [/runner's clock/, 'NTP']
  },
  'expired base credentials (modelled exception)': {
    error: new ExpiredTokenException({
      $metadata: { requestId: 'r-1', httpStatusCode: 400 },
      message: 'The security token included in the request is expired'
    }),
    says: ['base credentials have expired', 'aws-session-token']
  },
  'expired base credentials (bare code)': {
    error: stsError('ExpiredToken', 'The security token included in the request is expired', 400),
    says: ['base credentials have expired']
  },
  "a duration above the role's MaxSessionDuration": {
    error: stsError(
      'ValidationError',
      'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.',
      400
    ),
    says: [
      `above the MaxSessionDuration of ${ROLE_ARN}`,
      'role-duration-seconds',
      '--max-session-duration'
    ]
  },
  'STS disabled in the region': {
    error: new RegionDisabledException({
      $metadata: { requestId: 'r-1', httpStatusCode: 403 },
      message:
        'STS is not activated in this region for account:123456789012. Your account administrator can activate STS in this region using the IAM Console.'
    }),
    says: ['STS is not activated in aws-region', 'another region']
  },
  'no base credentials at all': {
    // The SDK's default chain raises @smithy/property-provider's CredentialsProviderError, a
    // transitive dependency: an Error with that name stands for it.
    error: Object.assign(new Error('Could not load credentials from any providers'), {
      name: 'CredentialsProviderError'
    }),
    says: ['No base credentials were found', 'aws-access-key-id']
  },
  throttling: {
    error: stsError('Throttling', 'Rate exceeded', 400),
    says: ['retry-max-attempts', 'throttled']
  },
  'throttling (exception code)': {
    error: stsError('ThrottlingException', 'Rate exceeded', 400),
    says: ['retry-max-attempts']
  },
  'a server error': {
    error: stsError('InternalFailure', 'An internal error occurred.', 500),
    says: ['retry-max-attempts', 'unavailable']
  },
  'an unavailable service': {
    error: stsError('ServiceUnavailable', 'Service is unavailable.', 503),
    says: ['retry-max-attempts']
  },
  'a refused connection': {
    error: networkError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4566'),
    says: ['Could not reach STS', 'sts-endpoint']
  },
  'an unreachable host': {
    error: networkError('EHOSTUNREACH', 'connect EHOSTUNREACH 10.0.0.5:443'),
    says: ['Could not reach STS']
  },
  'a request timeout of the HTTP handler': {
    error: Object.assign(
      new Error('a request has exceeded the configured 10000 ms requestTimeout.'),
      {
        name: 'TimeoutError',
        code: 'ETIMEDOUT'
      }
    ),
    says: ['Could not reach STS']
  },
  'an unknown host': {
    error: networkError('ENOTFOUND', 'getaddrinfo ENOTFOUND sts.example.invalid'),
    says: ['Could not reach STS']
  },
  'a timeout': {
    error: Object.assign(new Error('Connection timed out after 5000 ms'), { name: 'TimeoutError' }),
    says: ['Could not reach STS', 'proxy']
  },
  'an error it does not know': {
    error: stsError('PackedPolicyTooLarge', 'Packed policy consumes 120% of allotted space.', 400),
    says: [`AssumeRole on ${ROLE_ARN} failed.`]
  },
  'a validation error about something else': {
    error: stsError(
      'ValidationError',
      "1 validation error detected: Value 'x' at 'roleSessionName'",
      400
    ),
    says: [`AssumeRole on ${ROLE_ARN} failed.`]
  }
}

describe('explainStsError for a typed code', () => {
  it('asks for a fresh code, not for a seed or more windows', () => {
    const explained = explainStsError(stsError('AccessDenied', REFUSED), {
      ...context(1),
      mfa: { kind: 'code' }
    })
    expect(explained.message).toMatch(`refused the one-time code typed for ${MFA_SERIAL}`)
    expect(explained.message).toContain('A fresh code is needed')
    expect(explained.message).toContain('mfa-code')
    expect(explained.message).not.toContain('mfa-seed')
    expect(explained.message).not.toContain('mfa-retry-windows')
  })

  it('explains other failures as for a seed', () => {
    const explained = explainStsError(stsError('AccessDenied', NOT_AUTHORISED), {
      ...context(),
      mfa: { kind: 'code' }
    })
    expect(explained.message).toMatch(`Not authorised to assume ${ROLE_ARN}`)
  })
})

/** Each explanation names its own cause: the phrase that tells it apart from the others. */
const DISTINCT: Array<[string, RegExp]> = Object.entries({
  refused: /refused the one-time code/,
  unable: /cannot validate codes/,
  stopped: /stopped checking codes/,
  trust: /Not authorised to assume/,
  key: /does not know the access key/,
  secret: /aws-secret-access-key is wrong/,
  clock: /signature time is too far/,
  expired: /base credentials have expired/,
  duration: /above the MaxSessionDuration/,
  region: /STS is not activated/,
  chain: /No base credentials were found/,
  retries: /kept failing after retry-max-attempts/,
  network: /Could not reach STS/,
  redirect: /answered with a redirect/,
  large: /answer was too large/,
  unreadable: /answer could not be read/,
  unknown: /^AssumeRole on .* failed\.$/m
})

describe('explainStsError', () => {
  it.each(Object.entries(CASES))('explains %s', (_name, { error, refusedCodes, says }) => {
    const explained = explainStsError(error, context(refusedCodes))
    expect(explained).toBeInstanceOf(ActionError)
    expect(explained.cause).toBe(error)
    for (const expected of says) expect(explained.message).toMatch(expected)
    const causes = DISTINCT.filter(([, phrase]) => phrase.test(explained.message))
    expect(causes).toHaveLength(1)
  })

  it.each(Object.entries(CASES))("keeps AWS's code and message for %s", (_name, { error }) => {
    const e = error as Error & { $metadata?: { requestId?: string } }
    const explained = explainStsError(error, context())
    const requestId = e.$metadata?.requestId ? ` (request id ${e.$metadata.requestId})` : ''
    expect(explained.message.split('\n').at(-1)).toBe(
      `AWS said: ${e.name}: ${e.message}${requestId}`
    )
  })

  it('quotes the request id AWS gave', () => {
    const explained = explainStsError(
      stsError('AccessDenied', NOT_AUTHORISED, 403, 'c0ffee-42'),
      context()
    )
    expect(explained.message).toContain('(request id c0ffee-42)')
  })

  it('claims no request id for an error that never reached AWS', () => {
    const explained = explainStsError(networkError('ECONNRESET', 'socket hang up'), context())
    expect(explained.message).not.toContain('request id')
    expect(explained.message).toContain('AWS said: Error: socket hang up')
  })

  it.each([
    ['a string', 'boom', 'AWS said: Error: boom'],
    ['undefined', undefined, 'AWS said: Error: undefined']
  ])('explains %s thrown instead of an Error', (_name, thrown, said) => {
    const explained = explainStsError(thrown, context())
    expect(explained.message).toContain(`AssumeRole on ${ROLE_ARN} failed.`)
    expect(explained.message).toContain(said)
  })
})

describe('InputError', () => {
  it('keeps every problem, and shows them one per line', () => {
    const error = new InputError(['first problem', 'second problem'])
    expect(error).toBeInstanceOf(Error)
    expect(error.name).toBe('InputError')
    expect(error.problems).toEqual(['first problem', 'second problem'])
    expect(error.message).toBe('first problem\nsecond problem')
  })
})

describe('explainStsError for session tags and proxies', () => {
  it('a role that does not allow sts:TagSession: add it, or skip tagging', () => {
    const error = stsError(
      'AccessDenied',
      `User: arn:aws:iam::123456789012:user/ci is not authorized to perform: sts:TagSession on resource: ${ROLE_ARN}`
    )
    const { message } = explainStsError(error, context())
    expect(message).toMatch(`The role ${ROLE_ARN} does not allow session tags`)
    expect(message).toMatch(/sts:TagSession .* role-skip-session-tagging: true/s)
    expect(message).not.toMatch(/Not authorised to assume/)
  })

  it('a proxy that refuses the tunnel: check the proxy, its credentials, no-proxy', () => {
    const error = networkError(
      'ECONNRESET',
      'tunneling socket could not be established, statusCode=407'
    )
    const { message } = explainStsError(error, context())
    expect(message).toMatch(/^The proxy did not open a tunnel to STS .*http:\/\/user:password@/s)
    expect(message).toMatch(/statusCode=407/)
  })
})

/** Answers that are not STS's: the advice, and what came, escaped, with the status. */
describe('explainStsError, for answers that are not what STS sends', () => {
  const explain = (error: unknown) => explainStsError(error, context()).message
  /** The message matches `phrase`, and no other failure's distinct phrase. */
  const causes = (message: string) => DISTINCT.filter(([, phrase]) => phrase.test(message))

  it('says a redirect is one, with its status and address, and no "Unknown: Unknown"', () => {
    const error = Object.assign(stsError('Unknown', 'Unknown', 301), {
      $response: { headers: { location: 'https://sts.amazonaws.com/\n::warning::x' } }
    })
    const message = explain(error)
    expect(message).toMatch(/^The STS endpoint answered with a redirect, which STS never sends/)
    expect(causes(message)).toHaveLength(1)
    expect(message.split('\n').at(-1)).toBe(
      'AWS said: no STS error (HTTP 301, to https://sts.amazonaws.com/\\u000a::warning::x, request id r-1)'
    )
  })

  it('keeps the 200 of an answer that held an ErrorResponse', () => {
    const message = explain(stsError('AccessDenied', NOT_AUTHORISED, 200, 'r-200'))
    expect(message).toMatch(/^Not authorised to assume/)
    expect(causes(message)).toHaveLength(1)
    expect(message).toContain(
      `AWS said: AccessDenied: ${NOT_AUTHORISED} (HTTP 200, request id r-200)`
    )
  })

  it('says a too large answer is not STS', () => {
    const error = Object.assign(new Error('the answer is larger than 64 KiB'), {
      name: 'AnswerTooLarge'
    })
    expect(explain(error)).toMatch(/^STS's answer was too large: .*sts-endpoint/)
    expect(causes(explain(error))).toHaveLength(1)
  })

  it('says an answer that is not STS XML could not be read, on one line', () => {
    const error = new Error('@aws-sdk XML parse error.\n  Deserialization error: to see the raw')
    const message = explain(error)
    expect(message).toMatch(/^STS's answer could not be read/)
    expect(causes(message)).toHaveLength(1)
    expect(message.split('\n')).toHaveLength(2)
  })

  it('escapes control characters in the code, message and request id', () => {
    const error = stsError('Access\u001bDenied', 'line one\r\n::error::two', 403, 'id\u2028x')
    expect(explain(error).split('\n').at(-1)).toBe(
      'AWS said: Access\\u001bDenied: line one\\u000d\\u000a::error::two (request id id\\u2028x)'
    )
  })

  it('passes our own ActionErrors as they are', () => {
    const own = new ActionError("STS's answer to AssumeRole failed its checks")
    expect(explainStsError(own, context())).toBe(own)
  })
})
