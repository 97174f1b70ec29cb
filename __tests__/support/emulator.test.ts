// The STS emulator, driven by the real @aws-sdk/client-sts (and, for raw requests, the SDK's own
// SigV4 signer): what it accepts and refuses must match AWS, or the end-to-end tests prove nothing.
import {
  AssumeRoleCommand,
  type AssumeRoleCommandInput,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient,
  type STSClientConfig
} from '@aws-sdk/client-sts'
import { NodeHttpHandler } from '@smithy/node-http-handler'
import { SignatureV4 } from '@smithy/signature-v4'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { request as httpRequest } from 'node:http'
import {
  mfaTrustPolicy,
  startEmulator,
  totpCode,
  type StsEmulator
} from './emulator/sts-emulator.js'

const ACCOUNT = '123456789012'
const SEED = 'JBSWY3DPEHPK3PXP'
const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy`
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/ci`
const CI = {
  name: 'ci',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  mfaDevices: [{ serial: SERIAL, seed: SEED }]
}
const INTRUDER_SEED = 'GEZDGNBVGY3TQOJQ'
const INTRUDER = {
  name: 'intruder',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAI44QH8DHBEXAMPLE',
  secretAccessKey: 'je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY',
  mfaDevices: [{ serial: `arn:aws:iam::${ACCOUNT}:mfa/intruder`, seed: INTRUDER_SEED }]
}
const CI_KEYS = { accessKeyId: CI.accessKeyId, secretAccessKey: CI.secretAccessKey }
const INTRUDER_KEYS = {
  accessKeyId: INTRUDER.accessKeyId,
  secretAccessKey: INTRUDER.secretAccessKey
}

const DEPLOY = `arn:aws:iam::${ACCOUNT}:role/deploy`
const PARTNER = `arn:aws:iam::${ACCOUNT}:role/partner`
const TAGGED = `arn:aws:iam::${ACCOUNT}:role/tagged`
const LONG = `arn:aws:iam::${ACCOUNT}:role/ops/long`
const CHAINED = `arn:aws:iam::${ACCOUNT}:role/chained`
const ROLES = [
  { arn: DEPLOY, trustPolicy: mfaTrustPolicy(USER_ARN), maxSessionDuration: 3600 },
  {
    arn: PARTNER,
    trustPolicy: mfaTrustPolicy(USER_ARN, { mfa: false, externalId: 'partner-42' })
  },
  { arn: TAGGED, trustPolicy: mfaTrustPolicy(USER_ARN, { mfa: false, tagSession: true }) },
  {
    arn: LONG,
    trustPolicy: mfaTrustPolicy(USER_ARN, { mfa: false, sourceIdentity: true }),
    maxSessionDuration: 43200
  },
  { arn: CHAINED, trustPolicy: mfaTrustPolicy(LONG, { mfa: false }), maxSessionDuration: 43200 }
]

const INVALID_CODE = 'MultiFactorAuthentication failed with invalid MFA one time pass code.'
const UNABLE_TO_VALIDATE =
  'MultiFactorAuthentication failed, unable to validate MFA code.  Please verify your MFA serial number is valid and associated with this user.'
const BAD_SIGNATURE =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'

type Credentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
type Options = Parameters<typeof startEmulator>[0]

let emu: StsEmulator

async function start(options: Options = {}): Promise<StsEmulator> {
  emu = await startEmulator({ users: [CI, INTRUDER], roles: ROLES, ...options })
  return emu
}

afterEach(async () => {
  await emu?.close()
})

function client(credentials: Credentials = CI_KEYS, config: STSClientConfig = {}): STSClient {
  return new STSClient({
    endpoint: emu.url,
    region: 'eu-west-1',
    credentials,
    maxAttempts: 1,
    ...config
  })
}

/** Moves the emulator clock to the middle of a TOTP window, so no test straddles a boundary. */
function centreWindow(): void {
  emu.advanceClock(15_000 - (emu.now() % 30_000))
}

/** The device's code `steps` windows away from the emulator's current one. */
function code(steps = 0, seed = SEED): string {
  return totpCode(seed, emu.now() / 1000 + steps * 30)
}

/** A well-formed code that matches none of the windows around now. */
function wrongCode(): string {
  const near = new Set([-3, -2, -1, 0, 1, 2, 3].map(steps => code(steps)))
  let candidate = 0
  while (near.has(String(candidate).padStart(6, '0'))) candidate += 1
  return String(candidate).padStart(6, '0')
}

function assumeDeploy(sts: STSClient, input: Partial<AssumeRoleCommandInput> = {}) {
  const command = { RoleArn: DEPLOY, RoleSessionName: 'run-1', SerialNumber: SERIAL }
  return sts.send(new AssumeRoleCommand({ ...command, TokenCode: code(), ...input }))
}

function sessionCredentials(issued?: {
  AccessKeyId?: string
  SecretAccessKey?: string
  SessionToken?: string
}): Credentials {
  return {
    accessKeyId: issued?.AccessKeyId ?? '',
    secretAccessKey: issued?.SecretAccessKey ?? '',
    sessionToken: issued?.SessionToken
  }
}

function stsError(name: string, status: number, message?: string) {
  return expect.objectContaining({
    name,
    $metadata: expect.objectContaining({ httpStatusCode: status }),
    ...(message === undefined ? {} : { message })
  })
}

/** node:crypto behind the hash interface the SDK's signer expects. */
class Sha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', toBuffer(secret as string | ArrayBufferView))
  }
  update(data: string | ArrayBufferView): void {
    this.hash.update(toBuffer(data))
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest()
  }
}

function toBuffer(data: string | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data)
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}

type RawResponse = {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

/** A request signed by the SDK's own SigV4 signer (not the emulator's code), sent with node:http. */
async function rawRequest(
  options: { method?: string; query?: Record<string, string>; body?: string; sign?: boolean } = {}
): Promise<RawResponse> {
  const { method = 'POST', query = {}, body = '', sign = true } = options
  const url = new URL(emu.url)
  const request = {
    method,
    protocol: 'http:',
    hostname: url.hostname,
    port: Number(url.port),
    path: '/',
    query,
    headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
    body
  }
  const signer = new SignatureV4({
    service: 'sts',
    region: 'us-east-1',
    credentials: CI_KEYS,
    sha256: Sha256
  })
  const sent = sign ? await signer.sign(request) : request
  const search = new URLSearchParams(query).toString().replace(/\+/g, '%20')
  return send(sent.method, `/${search ? `?${search}` : ''}`, sent.headers, String(sent.body))
}

function send(
  method: string,
  path: string,
  headers: Record<string, string>,
  body: string
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(emu.url)
    const req = httpRequest({ host: url.hostname, port: url.port, method, path, headers }, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', chunk => (text += chunk))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text })
      )
    })
    req.on('error', reject)
    req.end(body)
  })
}

describe('totpCode', () => {
  // RFC 6238 Appendix B, SHA-1, secret "12345678901234567890".
  const RFC_SECRET = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

  it.each([
    [59, '94287082'],
    [1111111109, '07081804'],
    [1111111111, '14050471'],
    [1234567890, '89005924'],
    [2000000000, '69279037'],
    [20000000000, '65353130']
  ])('matches the RFC 6238 SHA-1 vector at t=%d', (seconds, expected) => {
    expect(totpCode(RFC_SECRET, seconds, { digits: 8 })).toBe(expected)
  })

  it('gives the last six digits by default, as AWS virtual devices use', () => {
    expect(totpCode(RFC_SECRET, 59)).toBe('287082')
  })

  it('reads seeds in lower case, with spaces and padding', () => {
    const messy = 'gezd gnbv gy3t qojq gezd gnbv gy3t qojq===='
    expect(totpCode(messy, 1111111109, { digits: 8 })).toBe('07081804')
  })

  it('refuses a seed that is not base32', () => {
    expect(() => totpCode('GEZDGNBV1', 59)).toThrow("Invalid base32 character '1'")
  })
})

describe('AssumeRole with an MFA code', () => {
  beforeEach(async () => {
    await start()
    centreWindow()
  })

  it('issues credentials the SDK parses, and they identify as the assumed role', async () => {
    const out = await assumeDeploy(client())

    expect(out.Credentials?.AccessKeyId).toMatch(/^ASIA[A-Z0-9]{16}$/)
    expect(out.Credentials?.SecretAccessKey).toHaveLength(40)
    expect(out.Credentials?.SessionToken?.length).toBeGreaterThan(100)
    const lifetime = (out.Credentials?.Expiration?.getTime() ?? 0) - emu.now()
    expect(lifetime).toBeGreaterThan(3598_000)
    expect(lifetime).toBeLessThanOrEqual(3600_000)
    expect(out.AssumedRoleUser?.AssumedRoleId).toMatch(/^AROA[A-Z2-7]{17}:run-1$/)
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/run-1`)

    const identity = await client(sessionCredentials(out.Credentials)).send(
      new GetCallerIdentityCommand({})
    )
    expect(identity).toMatchObject({
      Arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/run-1`,
      UserId: out.AssumedRoleUser?.AssumedRoleId,
      Account: ACCOUNT
    })
  })

  it('refuses a code that was already accepted, with 403 and AWS message', async () => {
    const sts = client()
    const used = code()
    await assumeDeploy(sts, { TokenCode: used })

    await expect(assumeDeploy(sts, { TokenCode: used })).rejects.toEqual(
      stsError('AccessDenied', 403, INVALID_CODE)
    )
    expect(emu.usedCodes(SERIAL)).toEqual([Math.floor(emu.now() / 30_000)])
  })

  it('accepts the next window code once the current one is spent', async () => {
    const sts = client()
    await assumeDeploy(sts, { TokenCode: code(0) })

    await expect(assumeDeploy(sts, { TokenCode: code(1) })).resolves.toBeDefined()
    const step = Math.floor(emu.now() / 30_000)
    expect(emu.usedCodes(SERIAL)).toEqual([step, step + 1])
  })

  it('refuses an older window code once a newer one was accepted', async () => {
    const sts = client()
    await assumeDeploy(sts, { TokenCode: code(1) })

    await expect(assumeDeploy(sts, { TokenCode: code(0) })).rejects.toEqual(
      stsError('AccessDenied', 403, INVALID_CODE)
    )
  })

  it('refuses a code outside the drift windows', async () => {
    await expect(assumeDeploy(client(), { TokenCode: code(2) })).rejects.toEqual(
      stsError('AccessDenied', 403, INVALID_CODE)
    )
  })

  it('refuses a wrong code', async () => {
    await expect(assumeDeploy(client(), { TokenCode: wrongCode() })).rejects.toEqual(
      stsError('AccessDenied', 403, INVALID_CODE)
    )
  })

  it.each([
    ['an unknown serial', `arn:aws:iam::${ACCOUNT}:mfa/nobody`],
    ['another user device', `arn:aws:iam::${ACCOUNT}:mfa/intruder`]
  ])('cannot validate %s', async (_case, serial) => {
    await expect(assumeDeploy(client(), { SerialNumber: serial })).rejects.toEqual(
      stsError('AccessDenied', 403, UNABLE_TO_VALIDATE)
    )
  })

  it.each([
    ['the serial without a code', { TokenCode: undefined }],
    ['the code without a serial', { SerialNumber: undefined }]
  ])('wants both: %s is refused', async (_case, input) => {
    await expect(assumeDeploy(client(), input)).rejects.toEqual(
      stsError(
        'AccessDenied',
        403,
        'MultiFactorAuthentication failed, must provide both MFA serial number and one time pass code.'
      )
    )
  })

  it('validates the format before anything else, as the API model does', async () => {
    await expect(assumeDeploy(client(), { TokenCode: '12345a' })).rejects.toEqual(
      stsError(
        'ValidationError',
        400,
        "1 validation error detected: Value '12345a' at 'tokenCode' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\d]*"
      )
    )
    await expect(
      assumeDeploy(client(), { TokenCode: '1234', RoleSessionName: 'my run' })
    ).rejects.toEqual(
      stsError(
        'ValidationError',
        400,
        "2 validation errors detected: Value 'my run' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; Value '1234' at 'tokenCode' failed to satisfy constraint: Member must have length greater than or equal to 6"
      )
    )
    expect(emu.usedCodes(SERIAL)).toEqual([])
  })

  it('escapes XML so messages that echo input survive the round trip', async () => {
    await expect(assumeDeploy(client(), { RoleSessionName: 'a<b>&"c"' })).rejects.toEqual(
      stsError(
        'ValidationError',
        400,
        `1 validation error detected: Value 'a<b>&"c"' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*`
      )
    )
  })
})

describe('MFA options', () => {
  it('accepts codes as far off as driftWindows allows', async () => {
    await start({ driftWindows: 2 })
    centreWindow()
    await expect(assumeDeploy(client(), { TokenCode: code(2) })).resolves.toBeDefined()
  })

  it('accepts only the current window with driftWindows 0', async () => {
    await start({ driftWindows: 0 })
    centreWindow()
    await expect(assumeDeploy(client(), { TokenCode: code(-1) })).rejects.toThrow(INVALID_CODE)
    await expect(assumeDeploy(client(), { TokenCode: code(0) })).resolves.toBeDefined()
  })

  it('stops validating a device after the budget, until 180 s have passed', async () => {
    await start({ mfaAttemptBudget: 3 })
    centreWindow()
    const sts = client()
    await assumeDeploy(sts, { TokenCode: code() })
    await expect(assumeDeploy(sts, { TokenCode: wrongCode() })).rejects.toThrow(INVALID_CODE)
    await expect(assumeDeploy(sts, { TokenCode: code() })).rejects.toThrow(INVALID_CODE)

    await expect(assumeDeploy(sts, { TokenCode: code(1) })).rejects.toEqual(
      stsError('AccessDenied', 403, UNABLE_TO_VALIDATE)
    )
    emu.advanceClock(181_000)
    await expect(assumeDeploy(sts, { TokenCode: code() })).resolves.toBeDefined()
  })

  it('checks a device with its own period and algorithm (an otpauth URI may set them)', async () => {
    const device = { serial: SERIAL, seed: SEED, period: 60, algorithm: 'sha256' as const }
    await start({ users: [{ ...CI, mfaDevices: [device] }] })
    emu.advanceClock(30_000 - (emu.now() % 60_000))
    const at = emu.now() / 1000
    const sha1Code = totpCode(SEED, at)
    const ownCode = totpCode(SEED, at, { period: 60, algorithm: 'sha256' })
    await expect(assumeDeploy(client(), { TokenCode: sha1Code })).rejects.toThrow(INVALID_CODE)
    await expect(assumeDeploy(client(), { TokenCode: ownCode })).resolves.toBeDefined()
  })

  it('ends sessions sooner than asked with the test-only roleSessionSeconds and mfaSessionSeconds', async () => {
    await start({ roleSessionSeconds: 5, mfaSessionSeconds: 7 })
    centreWindow()
    const session = await client().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code(), DurationSeconds: 900 })
    )
    const left = (expiration?: Date) => (expiration?.getTime() ?? 0) - emu.now()
    expect(left(session.Credentials?.Expiration)).toBeLessThanOrEqual(7_000)
    expect(left(session.Credentials?.Expiration)).toBeGreaterThan(5_000)
    const role = await client(sessionCredentials(session.Credentials)).send(
      new AssumeRoleCommand({ RoleArn: DEPLOY, RoleSessionName: 'run-1', DurationSeconds: 3600 })
    )
    expect(left(role.Credentials?.Expiration)).toBeLessThanOrEqual(5_000)
    emu.advanceClock(5_000)
    await expect(
      client(sessionCredentials(role.Credentials)).send(new GetCallerIdentityCommand({}))
    ).rejects.toMatchObject({ name: 'ExpiredToken' })
  })

  it('refuses a session cap that is not a positive integer', async () => {
    await expect(start({ roleSessionSeconds: 0 })).rejects.toThrow(
      /roleSessionSeconds must be a positive integer/
    )
  })

  it('refuses a device period or algorithm it does not know', async () => {
    const device = { serial: SERIAL, seed: SEED, period: 0, algorithm: 'md5' as 'sha1' }
    await expect(start({ users: [{ ...CI, mfaDevices: [device] }] })).rejects.toThrow(
      /period must be a positive integer[\s\S]*algorithm must be sha1, sha256 or sha512/
    )
  })
})

describe('SigV4 authentication', () => {
  beforeEach(async () => {
    await start()
  })

  it('refuses a wrong secret with SignatureDoesNotMatch', async () => {
    const sts = client({ accessKeyId: CI.accessKeyId, secretAccessKey: 'not-the-secret' })
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toEqual(
      stsError('SignatureDoesNotMatch', 403, BAD_SIGNATURE)
    )
  })

  it('refuses a credential scope for a region the endpoint does not serve', async () => {
    await emu.close()
    await start({ regions: ['eu-central-1'] })
    await expect(client().send(new GetCallerIdentityCommand({}))).rejects.toEqual(
      stsError(
        'SignatureDoesNotMatch',
        403,
        "Credential should be scoped to a valid region, not 'eu-west-1'. "
      )
    )
    const frankfurt = client(CI_KEYS, { region: 'eu-central-1' })
    await expect(frankfurt.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined()
  })

  it('refuses a credential scope whose region is no region at all', async () => {
    const nowhere = client(CI_KEYS, { region: 'nowhere' })
    await expect(nowhere.send(new GetCallerIdentityCommand({}))).rejects.toEqual(
      stsError(
        'SignatureDoesNotMatch',
        403,
        "Credential should be scoped to a valid region, not 'nowhere'. "
      )
    )
  })

  it('refuses an unknown access key with InvalidClientTokenId', async () => {
    const sts = client({ accessKeyId: 'AKIANOTKNOWN00000000', secretAccessKey: 'x' })
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toEqual(
      stsError(
        'InvalidClientTokenId',
        403,
        'The security token included in the request is invalid.'
      )
    )
  })

  it('refuses an unsigned request with MissingAuthenticationToken', async () => {
    const res = await rawRequest({
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      sign: false
    })
    expect(res.status).toBe(403)
    expect(res.body).toContain('<Code>MissingAuthenticationToken</Code>')
  })

  it('accepts a GET with the parameters in the query string', async () => {
    const res = await rawRequest({
      method: 'GET',
      query: { Action: 'GetCallerIdentity', Version: '2011-06-15', Extra: "a b+c/d*'" }
    })
    expect(res.status).toBe(200)
    expect(res.body).toContain(`<Arn>${USER_ARN}</Arn>`)
  })

  it('refuses a body changed after signing', async () => {
    const url = new URL(emu.url)
    const signer = new SignatureV4({
      service: 'sts',
      region: 'us-east-1',
      credentials: CI_KEYS,
      sha256: Sha256
    })
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'Action=GetCallerIdentity&Version=2011-06-15'
    })
    const res = await send('POST', '/', signed.headers, 'Action=GetSessionToken&Version=2011-06-15')
    expect(res.status).toBe(403)
    expect(res.body).toContain('<Code>SignatureDoesNotMatch</Code>')
  })

  it.each([
    [
      'before',
      20,
      /^Signature expired: \d{8}T\d{6}Z is now earlier than \d{8}T\d{6}Z \(\d{8}T\d{6}Z - 15 min\.\)$/
    ],
    [
      'after',
      -20,
      /^Signature not yet current: \d{8}T\d{6}Z is still later than \d{8}T\d{6}Z \(\d{8}T\d{6}Z \+ 15 min\.\)$/
    ]
  ])(
    'refuses a request signed more than 15 minutes %s the AWS clock',
    async (_when, minutes, message) => {
      await emu.close()
      await start({ clockSkewMs: minutes * 60_000 })
      await expect(client().send(new GetCallerIdentityCommand({}))).rejects.toEqual(
        stsError('SignatureDoesNotMatch', 403, expect.stringMatching(message))
      )
    }
  )

  it('lets the SDK correct its clock from the Date header and retry', async () => {
    await emu.close()
    await start({ clockSkewMs: -20 * 60_000 })
    const out = await client(CI_KEYS, { maxAttempts: 2 }).send(new GetCallerIdentityCommand({}))

    expect(out.$metadata.attempts).toBe(2)
    expect(emu.requests.map(r => r.errorCode)).toEqual(['SignatureDoesNotMatch', undefined])
  })

  it('accepts issued credentials only with their session token', async () => {
    const out = await client().send(new GetSessionTokenCommand({}))
    const creds = sessionCredentials(out.Credentials)

    await expect(client(creds).send(new GetCallerIdentityCommand({}))).resolves.toMatchObject({
      Arn: USER_ARN
    })
    await expect(
      client({ ...creds, sessionToken: undefined }).send(new GetCallerIdentityCommand({}))
    ).rejects.toEqual(stsError('InvalidClientTokenId', 403))
    await expect(
      client({ ...creds, sessionToken: 'forged' }).send(new GetCallerIdentityCommand({}))
    ).rejects.toEqual(stsError('InvalidClientTokenId', 403))
  })

  it('answers ExpiredToken once issued credentials have expired', async () => {
    const out = await client().send(new GetSessionTokenCommand({ DurationSeconds: 900 }))
    emu.advanceClock(901_000)

    await expect(
      client(sessionCredentials(out.Credentials)).send(new GetCallerIdentityCommand({}))
    ).rejects.toEqual(
      stsError('ExpiredToken', 400, 'The security token included in the request is expired')
    )
  })

  it('expires every issued credential at once with expireAll()', async () => {
    const out = await client().send(new GetSessionTokenCommand({}))
    emu.expireAll()

    await expect(
      client(sessionCredentials(out.Credentials)).send(new GetCallerIdentityCommand({}))
    ).rejects.toEqual(stsError('ExpiredToken', 400))
    await expect(client().send(new GetCallerIdentityCommand({}))).resolves.toBeDefined()
  })
})

describe('AssumeRole authorization', () => {
  beforeEach(async () => {
    await start()
    centreWindow()
  })

  it('refuses a user the trust policy does not name', async () => {
    const sts = client(INTRUDER_KEYS)
    const input = {
      SerialNumber: INTRUDER.mfaDevices[0].serial,
      TokenCode: code(0, INTRUDER_SEED)
    }
    await expect(assumeDeploy(sts, input)).rejects.toEqual(
      stsError(
        'AccessDenied',
        403,
        `User: arn:aws:iam::${ACCOUNT}:user/intruder is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`
      )
    )
  })

  it('answers an unknown role exactly like an untrusted one', async () => {
    const missing = `arn:aws:iam::${ACCOUNT}:role/missing`
    await expect(assumeDeploy(client(), { RoleArn: missing })).rejects.toEqual(
      stsError(
        'AccessDenied',
        403,
        `User: ${USER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${missing}`
      )
    )
  })

  it('refuses a role that requires MFA when no MFA is given', async () => {
    await expect(
      assumeDeploy(client(), { SerialNumber: undefined, TokenCode: undefined })
    ).rejects.toEqual(
      stsError(
        'AccessDenied',
        403,
        `User: ${USER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${DEPLOY}`
      )
    )
  })

  it('defaults DurationSeconds to one hour and refuses more than the role allows', async () => {
    await expect(assumeDeploy(client(), { DurationSeconds: 3601 })).rejects.toEqual(
      stsError(
        'ValidationError',
        400,
        'The requested DurationSeconds exceeds the MaxSessionDuration set for this role.'
      )
    )
    const sts = client()
    const out = await sts.send(new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'long' }))
    const lifetime = (out.Credentials?.Expiration?.getTime() ?? 0) - emu.now()
    expect(Math.round(lifetime / 1000)).toBeGreaterThan(3590)
    expect(Math.round(lifetime / 1000)).toBeLessThanOrEqual(3600)
  })

  it('refuses a DurationSeconds outside 900-43200 by format', async () => {
    await expect(
      client().send(
        new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'x1', DurationSeconds: 43201 })
      )
    ).rejects.toEqual(
      stsError(
        'ValidationError',
        400,
        "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200"
      )
    )
  })

  it('requires the external ID the role names', async () => {
    const assumePartner = (ExternalId?: string) =>
      client().send(new AssumeRoleCommand({ RoleArn: PARTNER, RoleSessionName: 'p1', ExternalId }))

    await expect(assumePartner()).rejects.toEqual(stsError('AccessDenied', 403))
    await expect(assumePartner('partner-41')).rejects.toEqual(stsError('AccessDenied', 403))
    await expect(assumePartner('partner-42')).resolves.toBeDefined()
  })

  it('refuses session tags unless the role allows sts:TagSession', async () => {
    const Tags = [{ Key: 'team', Value: 'platform' }]
    await expect(
      client().send(new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 't1', Tags }))
    ).rejects.toEqual(
      stsError(
        'AccessDenied',
        403,
        `User: ${USER_ARN} is not authorized to perform: sts:TagSession on resource: ${LONG}`
      )
    )
    const out = await client().send(
      new AssumeRoleCommand({
        RoleArn: TAGGED,
        RoleSessionName: 't1',
        Tags,
        TransitiveTagKeys: ['team']
      })
    )
    expect(out.PackedPolicySize).toBeGreaterThan(0)
    expect(emu.requests.at(-1)?.params).toMatchObject({
      'Tags.member.1.Key': 'team',
      'Tags.member.1.Value': 'platform',
      'TransitiveTagKeys.member.1': 'team'
    })
  })

  it('records session policies and echoes the source identity', async () => {
    const out = await client().send(
      new AssumeRoleCommand({
        RoleArn: LONG,
        RoleSessionName: 's1',
        Policy: '{"Version":"2012-10-17","Statement":[]}',
        PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
        SourceIdentity: 'alice'
      })
    )
    expect(out.SourceIdentity).toBe('alice')
    expect(emu.requests.at(-1)?.params).toMatchObject({
      Policy: '{"Version":"2012-10-17","Statement":[]}',
      'PolicyArns.member.1.arn': 'arn:aws:iam::aws:policy/ReadOnlyAccess'
    })
  })

  it('caps role chaining at one hour', async () => {
    const first = await client().send(
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'hop1', DurationSeconds: 7200 })
    )
    const chained = client(sessionCredentials(first.Credentials))

    await expect(
      chained.send(
        new AssumeRoleCommand({ RoleArn: CHAINED, RoleSessionName: 'hop2', DurationSeconds: 7200 })
      )
    ).rejects.toEqual(
      stsError(
        'ValidationError',
        400,
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
      )
    )
    const second = await chained.send(
      new AssumeRoleCommand({ RoleArn: CHAINED, RoleSessionName: 'hop2' })
    )
    expect(second.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/chained/hop2`)
  })
})

describe('GetSessionToken', () => {
  beforeEach(async () => {
    await start()
    centreWindow()
  })

  it('carries the MFA context into AssumeRole on a role that requires MFA', async () => {
    const session = await client().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code() })
    )
    const sts = client(sessionCredentials(session.Credentials))

    const identity = await sts.send(new GetCallerIdentityCommand({}))
    expect(identity.Arn).toBe(USER_ARN)
    const out = await assumeDeploy(sts, { SerialNumber: undefined, TokenCode: undefined })
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/run-1`)
  })

  it('gives a plain session without MFA, which cannot assume an MFA role', async () => {
    const session = await client().send(new GetSessionTokenCommand({}))
    const lifetime = (session.Credentials?.Expiration?.getTime() ?? 0) - emu.now()
    expect(Math.round(lifetime / 1000)).toBeGreaterThan(43190)
    expect(Math.round(lifetime / 1000)).toBeLessThanOrEqual(43200)

    const sts = client(sessionCredentials(session.Credentials))
    await expect(
      assumeDeploy(sts, { SerialNumber: undefined, TokenCode: undefined })
    ).rejects.toEqual(stsError('AccessDenied', 403))
  })

  // AWS-MFA-FACTS.md: any AssumeRole made with temporary credentials is role chaining, this too.
  it('is role chaining: a role assumed from it lasts one hour at most', async () => {
    const session = await client().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code(), DurationSeconds: 900 })
    )
    const sts = client(sessionCredentials(session.Credentials))
    await expect(
      sts.send(
        new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'run-1', DurationSeconds: 3601 })
      )
    ).rejects.toEqual(
      stsError(
        'ValidationError',
        400,
        'The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.'
      )
    )
    const out = await sts.send(
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'run-1', DurationSeconds: 3600 })
    )
    const lifetime = (out.Credentials?.Expiration?.getTime() ?? 0) - emu.now()
    expect(Math.round(lifetime / 1000)).toBe(3600)
    // Only the user's long-term keys reach the role's own maximum.
    const direct = await client().send(
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'run-1', DurationSeconds: 43200 })
    )
    const longLifetime = (direct.Credentials?.Expiration?.getTime() ?? 0) - emu.now()
    expect(Math.round(longLifetime / 1000)).toBeGreaterThan(43190)
  })

  // AWS-MFA-FACTS.md: "Credentials returned by AssumeRole carry no MFA context".
  it('passes no MFA context on to a role session: it cannot assume an MFA role without a code', async () => {
    const session = await client().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code() })
    )
    const fromSession = client(sessionCredentials(session.Credentials))
    const role = await fromSession.send(
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'hop1' })
    )
    emu.advanceClock(30_000)
    const fromRole = client(sessionCredentials(role.Credentials))
    await expect(
      assumeDeploy(fromRole, { SerialNumber: undefined, TokenCode: undefined })
    ).rejects.toEqual(stsError('AccessDenied', 403))
  })

  it('refuses to be called with session credentials', async () => {
    const session = await client().send(new GetSessionTokenCommand({}))
    await expect(
      client(sessionCredentials(session.Credentials)).send(new GetSessionTokenCommand({}))
    ).rejects.toEqual(
      stsError('AccessDenied', 403, 'Cannot call GetSessionToken with session credentials')
    )
  })

  it('verifies its MFA code like AssumeRole does', async () => {
    const used = code()
    await client().send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: used }))
    await expect(
      client().send(new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: used }))
    ).rejects.toEqual(stsError('AccessDenied', 403, INVALID_CODE))
  })
})

describe('trust policies evaluated as IAM evaluates them', () => {
  const BOUNDED = `arn:aws:iam::${ACCOUNT}:role/bounded`
  const BY_ACCOUNT = `arn:aws:iam::${ACCOUNT}:role/by-account`
  const roles = [
    { arn: BOUNDED, trustPolicy: mfaTrustPolicy(USER_ARN, { maxMfaAgeSeconds: 5 }) },
    { arn: BY_ACCOUNT, trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:root`) }
  ]
  const refusal = (role: string, who = USER_ARN) =>
    stsError(
      'AccessDenied',
      403,
      `User: ${who} is not authorized to perform: sts:AssumeRole on resource: ${role}`
    )
  const assume = (sts: STSClient, role: string, withCode = false) =>
    sts.send(
      new AssumeRoleCommand({
        RoleArn: role,
        RoleSessionName: 'run-1',
        ...(withCode && { SerialNumber: SERIAL, TokenCode: code() })
      })
    )

  it('aws:MultiFactorAuthAge: 0 for a code in the call, the session age for a GetSessionToken session', async () => {
    await start({ roles })
    centreWindow()
    const session = await client().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code(), DurationSeconds: 900 })
    )
    const sts = client(sessionCredentials(session.Credentials))
    emu.advanceClock(4_000)
    await expect(assume(sts, BOUNDED)).resolves.toBeDefined()
    emu.advanceClock(2_000)
    // Six seconds old: refused with IAM's generic answer, which names no condition.
    await expect(assume(sts, BOUNDED)).rejects.toEqual(refusal(BOUNDED))
    // A code of the next window in the same call is age 0 again.
    emu.advanceClock(30_000)
    await expect(assume(client(), BOUNDED, true)).resolves.toBeDefined()
  })

  it('aws:MultiFactorAuthAge is absent for a role session, so a bound refuses it', async () => {
    const bounded = `arn:aws:iam::${ACCOUNT}:role/chained-bounded`
    const open = `arn:aws:iam::${ACCOUNT}:role/chained-open`
    await start({
      roles: [
        ...ROLES,
        { arn: bounded, trustPolicy: mfaTrustPolicy(LONG, { mfa: false, maxMfaAgeSeconds: 3600 }) },
        { arn: open, trustPolicy: mfaTrustPolicy(LONG, { mfa: false }) }
      ]
    })
    const long = await client().send(
      new AssumeRoleCommand({ RoleArn: LONG, RoleSessionName: 'ops' })
    )
    const sts = client(sessionCredentials(long.Credentials))
    const session = `arn:aws:sts::${ACCOUNT}:assumed-role/long/ops`
    await expect(assume(sts, bounded)).rejects.toEqual(refusal(bounded, session))
    await expect(assume(sts, open)).resolves.toBeDefined()
  })

  it('carries the MFA time in a sealed session token to a second emulator', async () => {
    await start({ roles, sessionSecret: 'run-7' })
    centreWindow()
    const session = await client().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code(), DurationSeconds: 900 })
    )
    const other = await startEmulator({
      users: [CI],
      roles,
      sessionSecret: 'run-7',
      clockSkewMs: emu.now() - Date.now() + 6_000
    })
    try {
      const sts = new STSClient({
        endpoint: other.url,
        region: 'eu-west-1',
        credentials: sessionCredentials(session.Credentials),
        maxAttempts: 1
      })
      await expect(assume(sts, BOUNDED)).rejects.toEqual(refusal(BOUNDED))
    } finally {
      await other.close()
    }
  })

  it('through the account root, the user needs an identity policy allowing sts:AssumeRole', async () => {
    const allowing = {
      Version: '2012-10-17',
      Statement: { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: BY_ACCOUNT }
    }
    await start({ roles })
    centreWindow()
    await expect(assume(client(), BY_ACCOUNT, true)).rejects.toEqual(refusal(BY_ACCOUNT))
    await emu.close()

    await start({ roles, users: [{ ...CI, policies: { assume: allowing } }] })
    centreWindow()
    await expect(assume(client(), BY_ACCOUNT, true)).resolves.toBeDefined()
    await emu.close()

    // An explicit Deny in an identity policy wins even where the trust policy names the user.
    const denying = { Statement: { Effect: 'Deny', Action: 'sts:*', Resource: '*' } }
    await start({ roles, users: [{ ...CI, policies: { assume: allowing, deny: denying } }] })
    centreWindow()
    await expect(assume(client(), BY_ACCOUNT, true)).rejects.toEqual(refusal(BY_ACCOUNT))
    await expect(assume(client(), BOUNDED)).rejects.toEqual(refusal(BOUNDED))
  })

  it('needs sts:SetSourceIdentity in the trust policy to set a source identity', async () => {
    await start()
    centreWindow()
    await expect(assumeDeploy(client(), { SourceIdentity: 'alice' })).rejects.toEqual(
      stsError(
        'AccessDenied',
        403,
        `User: ${USER_ARN} is not authorized to perform: sts:SetSourceIdentity on resource: ${DEPLOY}`
      )
    )
  })

  it('refuses, at start, a role given the old shorthand or a condition it cannot evaluate', async () => {
    await expect(
      startEmulator({ roles: [{ arn: DEPLOY, trustedPrincipals: [USER_ARN] } as never] })
    ).rejects.toThrow(/trustedPrincipals is gone[\s\S]*trustPolicy .* is required/)
    const sourceIp = {
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: USER_ARN },
        Action: 'sts:AssumeRole',
        Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }
      }
    }
    await expect(
      startEmulator({ roles: [{ arn: DEPLOY, trustPolicy: sourceIp }] })
    ).rejects.toThrow(/IpAddress is not modelled by the emulator/)
  })
})

describe('two emulators with one session secret (two runners, one shared session)', () => {
  let other: StsEmulator | undefined

  afterEach(async () => {
    await other?.close()
    other = undefined
  })

  const otherClient = (credentials: Credentials) =>
    new STSClient({ endpoint: other?.url, region: 'eu-west-1', credentials, maxAttempts: 1 })

  /** An MFA session from the first emulator, as the job that spent the code would hold it. */
  async function mfaSession() {
    await start({ sessionSecret: 'run-1658821493-1' })
    centreWindow()
    const session = await client().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code(), DurationSeconds: 900 })
    )
    return sessionCredentials(session.Credentials)
  }

  it("the second takes the first one's MFA session for AssumeRole, with its MFA context", async () => {
    const session = await mfaSession()
    other = await startEmulator({ users: [CI], roles: ROLES, sessionSecret: 'run-1658821493-1' })

    await expect(
      otherClient(session).send(new GetCallerIdentityCommand({}))
    ).resolves.toMatchObject({ Arn: USER_ARN })
    const role = await otherClient(session).send(
      new AssumeRoleCommand({ RoleArn: DEPLOY, RoleSessionName: 'matrix-1' })
    )
    expect(role.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/matrix-1`)
    // The role session it issued works back on the first emulator too.
    const identity = await client(sessionCredentials(role.Credentials)).send(
      new GetCallerIdentityCommand({})
    )
    expect(identity.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/matrix-1`)
  })

  it('and keeps its expiry: past it, the second answers ExpiredToken', async () => {
    const session = await mfaSession()
    other = await startEmulator({
      users: [CI],
      roles: ROLES,
      sessionSecret: 'run-1658821493-1',
      // The first emulator's clock (moved by centreWindow) plus the session's 900 s and one more.
      clockSkewMs: emu.now() - Date.now() + 901_000
    })
    await expect(otherClient(session).send(new GetCallerIdentityCommand({}))).rejects.toEqual(
      stsError('ExpiredToken', 400)
    )
  })

  it.each([
    ['another secret', { sessionSecret: 'run-other' }],
    ['no secret', {}]
  ])('an emulator with %s does not know the session', async (_label, options) => {
    const session = await mfaSession()
    other = await startEmulator({ users: [CI], roles: ROLES, ...options })
    await expect(otherClient(session).send(new GetCallerIdentityCommand({}))).rejects.toEqual(
      stsError('InvalidClientTokenId', 403)
    )
  })

  it('refuses a sealed token altered by one character, or paired with another key id', async () => {
    const session = await mfaSession()
    other = await startEmulator({ users: [CI], roles: ROLES, sessionSecret: 'run-1658821493-1' })
    const token = session.sessionToken ?? ''
    const flipped = token.slice(0, 40) + (token[40] === 'A' ? 'B' : 'A') + token.slice(41)
    await expect(
      otherClient({ ...session, sessionToken: flipped }).send(new GetCallerIdentityCommand({}))
    ).rejects.toEqual(stsError('InvalidClientTokenId', 403))
    await expect(
      otherClient({ ...session, accessKeyId: 'ASIAOTHERKEY00000000' }).send(
        new GetCallerIdentityCommand({})
      )
    ).rejects.toEqual(stsError('InvalidClientTokenId', 403))
  })
})

describe('injected faults', () => {
  beforeEach(async () => {
    await start()
    centreWindow()
  })

  it.each([
    ['throttle', 'Throttling', 400],
    ['500', 'InternalFailure', 500],
    ['503', 'ServiceUnavailable', 503]
  ] as const)('%s answers %s (%d), then service resumes', async (kind, name, status) => {
    emu.injectFaults([{ kind, count: 1 }])
    const sts = client()

    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toEqual(stsError(name, status))
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined()
    expect(emu.requests.map(r => r.fault)).toEqual([kind, undefined])
  })

  it('throttles before verifying, so the code is still good afterwards', async () => {
    emu.injectFaults([{ kind: 'throttle', count: 1, action: 'AssumeRole' }])
    const sts = client()
    const fresh = code()

    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined()
    await expect(assumeDeploy(sts, { TokenCode: fresh })).rejects.toEqual(
      stsError('Throttling', 400)
    )
    await expect(assumeDeploy(sts, { TokenCode: fresh })).resolves.toBeDefined()
  })

  it('is retried by the SDK for throttling when retries are allowed', async () => {
    emu.injectFaults([{ kind: 'throttle', count: 1 }])
    const out = await client(CI_KEYS, { maxAttempts: 2 }).send(new GetCallerIdentityCommand({}))
    expect(out.$metadata.attempts).toBe(2)
  })

  it('slow: answers after the delay, having spent the code on arrival', async () => {
    emu.injectFaults([{ kind: 'slow', count: 1, delayMs: 300 }])
    const startedAt = Date.now()
    const used = code()

    await expect(assumeDeploy(client(), { TokenCode: used })).resolves.toBeDefined()
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(290)

    emu.injectFaults([{ kind: 'slow', count: 1, delayMs: 2000 }])
    const impatient = client(CI_KEYS, {
      requestHandler: new NodeHttpHandler({ requestTimeout: 200, throwOnRequestTimeout: true })
    })
    await expect(assumeDeploy(impatient, { TokenCode: code(1) })).rejects.toMatchObject({
      name: 'TimeoutError'
    })
    await expect(assumeDeploy(client(), { TokenCode: code(1) })).rejects.toThrow(INVALID_CODE)
  })

  it('drop: the connection closes without an answer', async () => {
    emu.injectFaults([{ kind: 'drop', count: 1 }])
    // Node's own 'socket hang up' error; under jest's VM realm the SDK wraps it, keeping the text.
    await expect(client().send(new GetCallerIdentityCommand({}))).rejects.toThrow(/socket hang up/)
    expect(emu.requests[0]).toMatchObject({ fault: 'drop', status: 0 })
  })

  it('hang: never answers, so only a client timeout ends the call', async () => {
    emu.injectFaults([{ kind: 'hang', count: 1 }])
    // requestTimeout alone only logs a warning in @smithy/node-http-handler 4.x.
    const sts = client(CI_KEYS, {
      requestHandler: new NodeHttpHandler({ requestTimeout: 300, throwOnRequestTimeout: true })
    })
    await expect(sts.send(new GetCallerIdentityCommand({}))).rejects.toMatchObject({
      name: 'TimeoutError',
      code: 'ETIMEDOUT'
    })
  })

  it('close() ends hung requests', async () => {
    emu.injectFaults([{ kind: 'hang', count: 1 }])
    const pending = client().send(new GetCallerIdentityCommand({}))
    await new Promise(resolve => setTimeout(resolve, 100))

    await emu.close()
    await expect(pending).rejects.toThrow(/socket hang up/)
  })

  it('only hits the action it names', async () => {
    emu.injectFaults([{ kind: '503', count: 2, action: 'GetSessionToken' }])
    const sts = client()
    await expect(sts.send(new GetCallerIdentityCommand({}))).resolves.toBeDefined()
    await expect(sts.send(new GetSessionTokenCommand({}))).rejects.toEqual(
      stsError('ServiceUnavailable', 503)
    )
  })
})

describe('wire protocol', () => {
  it('dates every answer with the skewed AWS clock and a request ID', async () => {
    await start({ clockSkewMs: -2 * 3600_000 })
    const res = await rawRequest({
      body: 'Action=GetCallerIdentity&Version=2011-06-15',
      sign: false
    })

    const date = Date.parse(String(res.headers.date))
    expect(Math.abs(date - (Date.now() - 2 * 3600_000))).toBeLessThan(2000)
    const requestId = String(res.headers['x-amzn-requestid'])
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/)
    expect(res.body).toBe(
      `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>MissingAuthenticationToken</Code><Message>Request is missing Authentication Token</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`
    )
  })

  it('makes the SDK resend a refused code when the runner clock is 4+ minutes off', async () => {
    // Any error whose Date header shows >= 4 min of skew is marked clockSkewCorrected and retried.
    await start({ clockSkewMs: 6 * 60_000 })
    const runnerCode = totpCode(SEED, Date.now() / 1000)
    const attempt = assumeDeploy(client(CI_KEYS, { maxAttempts: 2 }), { TokenCode: runnerCode })

    await expect(attempt).rejects.toEqual(stsError('AccessDenied', 403, INVALID_CODE))
    expect(emu.requests.map(r => r.params.TokenCode)).toEqual([runnerCode, runnerCode])
  })

  it('refuses an unknown action with InvalidAction', async () => {
    await start()
    const res = await rawRequest({ body: 'Action=GetFederationToken&Version=2011-06-15' })
    expect(res.status).toBe(400)
    expect(res.body).toContain('<Code>InvalidAction</Code>')
    expect(res.body).toContain('Could not find operation GetFederationToken for version 2011-06-15')
  })

  it('records every request with its action, fields, status and error', async () => {
    await start()
    centreWindow()
    await assumeDeploy(client(), { TokenCode: wrongCode() }).catch(() => undefined)

    expect(emu.requests).toEqual([
      {
        action: 'AssumeRole',
        params: expect.objectContaining({ Action: 'AssumeRole', SerialNumber: SERIAL }),
        status: 403,
        errorCode: 'AccessDenied',
        at: expect.any(Number),
        accessKeyId: CI.accessKeyId
      }
    ])
  })

  it('keeps instances independent', async () => {
    const other = await startEmulator({ users: [CI], roles: ROLES })
    try {
      await start()
      centreWindow()
      const used = code()
      await assumeDeploy(client(), { TokenCode: used })
      const session = await client().send(new GetSessionTokenCommand({}))

      const otherSts = new STSClient({
        endpoint: other.url,
        region: 'eu-west-1',
        credentials: CI_KEYS,
        maxAttempts: 1
      })
      await expect(
        otherSts.send(
          new AssumeRoleCommand({
            RoleArn: DEPLOY,
            RoleSessionName: 'x1',
            SerialNumber: SERIAL,
            TokenCode: used
          })
        )
      ).resolves.toBeDefined()
      await expect(
        new STSClient({
          endpoint: other.url,
          region: 'eu-west-1',
          credentials: sessionCredentials(session.Credentials),
          maxAttempts: 1
        }).send(new GetCallerIdentityCommand({}))
      ).rejects.toEqual(stsError('InvalidClientTokenId', 403))
    } finally {
      await other.close()
    }
  })

  it('refuses invalid options, all at once', async () => {
    await expect(
      startEmulator({
        users: [{ ...CI, accountId: '42', mfaDevices: [{ serial: SERIAL, seed: 'not base32!' }] }],
        driftWindows: -1
      })
    ).rejects.toThrow(/accountId must be 12 digits[\s\S]*seed is not base32[\s\S]*driftWindows/)
  })
})
