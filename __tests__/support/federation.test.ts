/**
 * The emulator's federation endpoint (emulator/federation.js) against the rules of the IAM User
 * Guide, "Enable custom identity broker access to the AWS console": role session credentials are
 * traded for a sign-in token, good for 15 minutes, that signs in at Action=login.
 */
import {
  AssumeRoleCommand,
  GetSessionTokenCommand,
  STSClient,
  type Credentials
} from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { startEmulator, totpCode } from './emulator/sts-emulator.js'
import { ROLE_ARN, SERIAL, world } from '../e2e/fixtures.js'

const REGION = 'eu-central-1'
let emu: Awaited<ReturnType<typeof startEmulator>>
let w: ReturnType<typeof world>
beforeEach(async () => {
  w = world()
  emu = await startEmulator(w.config)
})
afterEach(() => emu.close())

const client = (credentials: {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}) => new STSClient({ region: REGION, endpoint: emu.url, credentials })
const user = () => client(w.user)

async function roleSession(): Promise<Credentials> {
  const code = totpCode(w.seed, Math.floor(emu.now() / 1000))
  const answer = await user().send(
    new AssumeRoleCommand({
      RoleArn: ROLE_ARN,
      RoleSessionName: 'fed',
      SerialNumber: SERIAL,
      TokenCode: code
    })
  )
  return answer.Credentials as Credentials
}

async function signinToken(
  session: { sessionId?: string; sessionKey?: string; sessionToken?: string },
  duration?: string
) {
  const query = new URLSearchParams({ Action: 'getSigninToken', Session: JSON.stringify(session) })
  if (duration !== undefined) query.set('SessionDuration', duration)
  const response = await fetch(`${emu.url}/federation?${query}`)
  return { status: response.status, text: await response.text() }
}

const asSession = (c: Credentials) => ({
  sessionId: c.AccessKeyId,
  sessionKey: c.SecretAccessKey,
  sessionToken: c.SessionToken
})

describe('getSigninToken', () => {
  it('trades a role session for a token that signs in as the role, once redirected', async () => {
    const answer = await signinToken(asSession(await roleSession()), '3600')
    expect(answer.status).toBe(200)
    const { SigninToken } = JSON.parse(answer.text) as { SigninToken: string }
    expect(emu.federation.signedIn(SigninToken)).toMatchObject({
      arn: 'arn:aws:sts::123456789012:assumed-role/deploy/fed',
      sessionSeconds: 3600
    })
    const login = new URLSearchParams({
      Action: 'login',
      Issuer: 'test',
      Destination: 'https://console.aws.amazon.com/',
      SigninToken
    })
    const opened = await fetch(`${emu.url}/federation?${login}`, { redirect: 'manual' })
    expect([opened.status, opened.headers.get('location')]).toEqual([
      302,
      'https://console.aws.amazon.com/'
    ])
  })

  it.each(['899', '43201', 'soon'])('refuses SessionDuration %s', async duration => {
    expect((await signinToken(asSession(await roleSession()), duration)).status).toBe(400)
  })

  it("refuses a GetSessionToken session and the user's long-term keys", async () => {
    const code = totpCode(w.seed, Math.floor(emu.now() / 1000))
    const answer = await user().send(
      new GetSessionTokenCommand({ SerialNumber: SERIAL, TokenCode: code })
    )
    const session = answer.Credentials as Credentials
    expect((await signinToken(asSession(session))).text).toContain('Only role session credentials')
    const keys = {
      sessionId: w.user.accessKeyId,
      sessionKey: w.user.secretAccessKey,
      sessionToken: ''
    }
    expect((await signinToken(keys)).status).toBe(400)
  })

  it('refuses a wrong secret, expired credentials, and a token past its 15 minutes', async () => {
    const role = await roleSession()
    expect((await signinToken({ ...asSession(role), sessionKey: 'wrong' })).status).toBe(400)
    const { SigninToken } = JSON.parse((await signinToken(asSession(role))).text) as {
      SigninToken: string
    }
    emu.advanceClock(15 * 60_000)
    const login = new URLSearchParams({
      Action: 'login',
      Issuer: 'test',
      Destination: 'https://console.aws.amazon.com/',
      SigninToken
    })
    expect((await fetch(`${emu.url}/federation?${login}`, { redirect: 'manual' })).status).toBe(400)
    emu.advanceClock(60 * 60_000)
    expect((await signinToken(asSession(role))).text).toContain('expired')
  })
})
