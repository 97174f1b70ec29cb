import net from 'node:net'
import { afterAll, afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { AssumeRoleCommand, STSClient, STSServiceException } from '@aws-sdk/client-sts'
import { mockClient } from 'aws-sdk-client-mock'
import { REQUEST_TIMEOUT_MS } from '../../src/engine/bounded-http.js'
import { assumeRole, createStsClient, resolvedStsEndpoint } from '../../src/engine/sts.js'
import { mfaTrustPolicy, startEmulator, totpCode } from '../support/emulator/sts-emulator.js'
import { ACCESS_KEY_ID, SECRET_ACCESS_KEY, makeSettings } from '../helpers/fixtures.js'

const EXPIRATION = new Date('2030-01-02T03:04:05Z')

const ANSWER = {
  Credentials: {
    AccessKeyId: 'ASIAROLESESSIONKEY01',
    SecretAccessKey: 'role/secret+key0123456789abcdefghijklmnop',
    SessionToken: 'IQoJb3JpZ2luX2VjEroleSessionToken==',
    Expiration: EXPIRATION
  },
  AssumedRoleUser: {
    Arn: 'arn:aws:sts::210987654321:assumed-role/deploy/GitHubActions-4242-1',
    AssumedRoleId: 'AROAEXAMPLEID:GitHubActions-4242-1'
  }
}

describe('assumeRole', () => {
  const sts = mockClient(STSClient)
  beforeEach(() => {
    sts.reset()
  })
  afterAll(() => {
    sts.restore()
  })

  const client = () => new STSClient({ region: 'eu-central-1' })

  it('sends one AssumeRole with the role, session, duration, device and code', async () => {
    sts.on(AssumeRoleCommand).resolves(ANSWER)
    const settings = makeSettings({
      roleArn: 'arn:aws:iam::210987654321:role/deploy',
      sessionName: 'deploy-prod',
      durationSeconds: 7200,
      externalId: 'tenant-42',
      mfaSerial: 'arn:aws:iam::123456789012:mfa/ci-deploy'
    })
    await assumeRole(client(), settings, '123456')
    const calls = sts.commandCalls(AssumeRoleCommand)
    expect(calls).toHaveLength(1)
    expect(calls[0].args[0].input).toStrictEqual({
      RoleArn: 'arn:aws:iam::210987654321:role/deploy',
      RoleSessionName: 'deploy-prod',
      DurationSeconds: 7200,
      ExternalId: 'tenant-42',
      SerialNumber: 'arn:aws:iam::123456789012:mfa/ci-deploy',
      TokenCode: '123456'
    })
  })

  it('sends no external id when none is set', async () => {
    sts.on(AssumeRoleCommand).resolves(ANSWER)
    await assumeRole(client(), makeSettings({ externalId: undefined }), '654321')
    const { input } = sts.commandCalls(AssumeRoleCommand)[0].args[0]
    expect(input.ExternalId).toBeUndefined()
    expect(input.TokenCode).toBe('654321')
  })

  it('sends nothing but AssumeRole: the identity comes from its answer', async () => {
    sts.on(AssumeRoleCommand).resolves(ANSWER)
    await assumeRole(client(), makeSettings(), '123456')
    expect(sts.calls()).toHaveLength(1)
  })

  it('returns the role session, with the account id taken from the assumed-role ARN', async () => {
    sts.on(AssumeRoleCommand).resolves(ANSWER)
    const settings = makeSettings({ roleArn: 'arn:aws:iam::123456789012:role/deploy' })
    await expect(assumeRole(client(), settings, '123456')).resolves.toStrictEqual({
      accessKeyId: 'ASIAROLESESSIONKEY01',
      secretAccessKey: 'role/secret+key0123456789abcdefghijklmnop',
      sessionToken: 'IQoJb3JpZ2luX2VjEroleSessionToken==',
      expiration: EXPIRATION,
      arn: 'arn:aws:sts::210987654321:assumed-role/deploy/GitHubActions-4242-1',
      accountId: '210987654321'
    })
  })

  it.each([
    ['no credentials', { ...ANSWER, Credentials: undefined }],
    ['no access key id', { ...ANSWER, Credentials: { ...ANSWER.Credentials, AccessKeyId: '' } }],
    [
      'no secret key',
      { ...ANSWER, Credentials: { ...ANSWER.Credentials, SecretAccessKey: undefined } }
    ],
    ['no session token', { ...ANSWER, Credentials: { ...ANSWER.Credentials, SessionToken: '' } }],
    ['no expiration', { ...ANSWER, Credentials: { ...ANSWER.Credentials, Expiration: undefined } }],
    ['no assumed-role user', { ...ANSWER, AssumedRoleUser: undefined }]
  ])('fails when STS answers with %s', async (_name, answer) => {
    sts.on(AssumeRoleCommand).resolves(answer as typeof ANSWER)
    await expect(assumeRole(client(), makeSettings(), '123456')).rejects.toThrow(
      'STS answered AssumeRole without credentials or an assumed-role ARN.'
    )
  })

  it("passes STS's error on unchanged, for the caller to classify", async () => {
    const refused = new STSServiceException({
      name: 'AccessDenied',
      $fault: 'client',
      $metadata: { requestId: 'r-1', httpStatusCode: 403 },
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code.'
    })
    sts.on(AssumeRoleCommand).rejects(refused)
    await expect(assumeRole(client(), makeSettings(), '123456')).rejects.toBe(refused)
  })
})

describe('createStsClient', () => {
  const saved = { ...process.env }
  afterEach(() => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name]
    Object.assign(process.env, saved)
  })

  it('targets the region of the settings', async () => {
    const client = createStsClient(makeSettings({ region: 'ap-southeast-2' }))
    await expect(client.config.region()).resolves.toBe('ap-southeast-2')
  })

  it('uses the custom endpoint', async () => {
    const client = createStsClient(makeSettings({ stsEndpoint: 'http://localhost:4566/sts' }))
    expect(client.config.endpoint).toBeDefined()
    await expect(client.config.endpoint?.()).resolves.toMatchObject({
      protocol: 'http:',
      hostname: 'localhost',
      port: 4566,
      path: '/sts'
    })
  })

  it("leaves the endpoint to the SDK's resolution when none is set", () => {
    const client = createStsClient(makeSettings({ stsEndpoint: undefined }))
    expect(client.config.endpoint).toBeUndefined()
  })

  it.each([1, 3, 10])('makes at most %i attempt(s) per request', async attempts => {
    const client = createStsClient(makeSettings({ retryMaxAttempts: attempts }))
    const strategy = (await client.config.retryStrategy()) as unknown as {
      getMaxAttempts(): Promise<number>
    }
    await expect(strategy.getMaxAttempts()).resolves.toBe(attempts)
  })

  it("signs with the user's keys", async () => {
    const client = createStsClient(
      makeSettings({
        baseCredentials: {
          accessKeyId: ACCESS_KEY_ID,
          secretAccessKey: SECRET_ACCESS_KEY,
          sessionToken: 'base-session-token'
        }
      })
    )
    await expect(client.config.credentials()).resolves.toMatchObject({
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY,
      sessionToken: 'base-session-token'
    })
  })

  it("falls back to the SDK's default credential chain without keys", async () => {
    process.env.AWS_ACCESS_KEY_ID = 'AKIAFROMENVIRONMENT1'
    process.env.AWS_SECRET_ACCESS_KEY = 'secret-from-the-environment'
    delete process.env.AWS_SESSION_TOKEN
    delete process.env.AWS_PROFILE
    const client = createStsClient(makeSettings({ baseCredentials: undefined }))
    await expect(client.config.credentials()).resolves.toMatchObject({
      accessKeyId: 'AKIAFROMENVIRONMENT1',
      secretAccessKey: 'secret-from-the-environment'
    })
  })

  it('names the action in the user agent', () => {
    const client = createStsClient(makeSettings())
    expect(JSON.stringify(client.config.customUserAgent)).toContain('aws-assume-role-mfa')
  })
})

describe('a request STS never answers', () => {
  let server: net.Server
  const sockets: net.Socket[] = []
  let connected: Promise<void>

  beforeEach(async () => {
    let onConnection!: () => void
    connected = new Promise(resolve => (onConnection = resolve))
    // Accepts the connection, then says nothing: a hung endpoint or proxy.
    server = net.createServer(socket => {
      sockets.push(socket)
      onConnection()
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    // Only the timers are virtual: sockets, and the SDK's signing clock, stay real.
    jest.useFakeTimers({
      doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask', 'Date', 'performance', 'hrtime']
    })
  })

  afterEach(async () => {
    jest.useRealTimers()
    for (const socket of sockets.splice(0)) socket.destroy()
    await new Promise(resolve => server.close(resolve))
  })

  /** The promise's outcome if it has settled, else 'pending'. */
  const settled = <T>(promise: Promise<T>) =>
    Promise.race([promise, new Promise(resolve => setImmediate(() => resolve('pending')))])

  it(`fails with a TimeoutError after ${REQUEST_TIMEOUT_MS} ms instead of waiting on`, async () => {
    const { port } = server.address() as net.AddressInfo
    const client = createStsClient(
      makeSettings({ stsEndpoint: `http://127.0.0.1:${port}`, retryMaxAttempts: 1 })
    )
    const sent = assumeRole(client, makeSettings(), '123456').catch((e: Error) => e)
    await connected
    await jest.advanceTimersByTimeAsync(REQUEST_TIMEOUT_MS - 1)
    await expect(settled(sent)).resolves.toBe('pending')
    await jest.advanceTimersByTimeAsync(1)
    const outcome = await settled(sent)
    client.destroy()
    expect(outcome).toBeInstanceOf(Error)
    expect((outcome as Error).name).toBe('TimeoutError')
  })
})

describe('retries over the wire (STS emulator)', () => {
  const SEED = 'JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3E'
  const SERIAL = 'arn:aws:iam::123456789012:mfa/ci-deploy'
  let emu: Awaited<ReturnType<typeof startEmulator>>

  async function start(options: { clockSkewMs?: number } = {}) {
    emu = await startEmulator({
      users: [
        {
          name: 'ci',
          accountId: '123456789012',
          accessKeyId: ACCESS_KEY_ID,
          secretAccessKey: SECRET_ACCESS_KEY,
          mfaDevices: [{ serial: SERIAL, seed: SEED }]
        }
      ],
      roles: [
        {
          arn: 'arn:aws:iam::123456789012:role/deploy',
          trustPolicy: mfaTrustPolicy('arn:aws:iam::123456789012:user/ci'),
          maxSessionDuration: 3600
        }
      ],
      ...options
    })
    return createStsClient(
      makeSettings({ stsEndpoint: emu.url, mfaSerial: SERIAL, durationSeconds: 900 })
    )
  }

  afterEach(async () => {
    await emu?.close()
  })

  it('never resends a refused code, even after correcting a runner clock minutes off', async () => {
    // With 6 minutes of skew the SDK marks every error clock-corrected and would retry it.
    const client = await start({ clockSkewMs: 6 * 60_000 })
    const settings = makeSettings({ mfaSerial: SERIAL, durationSeconds: 900 })
    await expect(assumeRole(client, settings, '000000')).rejects.toMatchObject({
      name: 'AccessDenied'
    })
    expect(emu.requests.filter(r => r.action === 'AssumeRole')).toHaveLength(1)
  })

  it('retries throttling and 5xx with the same code, then succeeds', async () => {
    const client = await start()
    emu.injectFaults([
      { kind: 'throttle', count: 1 },
      { kind: '500', count: 1 }
    ])
    const code = totpCode(SEED, emu.now() / 1000)
    const settings = makeSettings({ mfaSerial: SERIAL, durationSeconds: 900 })
    await expect(assumeRole(client, settings, code)).resolves.toMatchObject({
      accountId: '123456789012'
    })
    expect(emu.requests.map(r => r.status)).toEqual([400, 500, 200])
  })
})

describe('the endpoint a client sends AssumeRole to, resolved once for the credentials server', () => {
  const variables = [
    'AWS_ENDPOINT_URL_STS',
    'AWS_ENDPOINT_URL',
    'AWS_USE_FIPS_ENDPOINT',
    'AWS_USE_DUALSTACK_ENDPOINT',
    'AWS_PROFILE',
    'AWS_CONFIG_FILE'
  ]
  const saved = Object.fromEntries(variables.map(name => [name, process.env[name]]))
  afterEach(() => {
    for (const name of variables) {
      if (saved[name] === undefined) delete process.env[name]
      else process.env[name] = saved[name]
    }
  })

  it.each([
    [{}, undefined, 'https://sts.eu-central-1.amazonaws.com/'],
    [{ AWS_USE_FIPS_ENDPOINT: 'true' }, undefined, 'https://sts-fips.eu-central-1.amazonaws.com/'],
    [{ AWS_USE_DUALSTACK_ENDPOINT: 'true' }, undefined, 'https://sts.eu-central-1.api.aws/'],
    [
      { AWS_USE_FIPS_ENDPOINT: 'true', AWS_USE_DUALSTACK_ENDPOINT: 'true' },
      undefined,
      'https://sts-fips.eu-central-1.api.aws/'
    ],
    [{ AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4001' }, undefined, 'http://127.0.0.1:4001/'],
    [{ AWS_ENDPOINT_URL: 'http://127.0.0.1:4002' }, undefined, 'http://127.0.0.1:4002/'],
    [
      { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4001', AWS_ENDPOINT_URL: 'http://127.0.0.1:4002' },
      undefined,
      'http://127.0.0.1:4001/'
    ],
    [
      { AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:4001' },
      'http://127.0.0.1:4003',
      'http://127.0.0.1:4003/'
    ]
  ])('%j with sts-endpoint %s: %s', async (env, stsEndpoint, expected) => {
    for (const name of variables) delete process.env[name]
    process.env.AWS_CONFIG_FILE = '/nonexistent/aws-config'
    Object.assign(process.env, env)
    const connection = {
      ...makeSettings(),
      region: 'eu-central-1',
      stsEndpoint,
      profile: undefined
    }
    expect(await resolvedStsEndpoint(connection)).toBe(expected)
  })
})
