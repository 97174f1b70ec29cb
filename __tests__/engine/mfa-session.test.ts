// obtainCredentials against the emulator: no role (the user's MFA session) and several roles from
// one MFA session, one code for all.
import { afterEach, describe, expect, it } from '@jest/globals'
import {
  mfaTrustPolicy,
  startEmulator,
  type StsEmulator
} from '../support/emulator/sts-emulator.js'
import { obtainCredentials, type AssumeRoleIo } from '../../src/engine/assume-role.js'
import { ActionError } from '../../src/engine/errors.js'
import { sealSession } from '../../src/engine/shared-session.js'
import type { Clock } from '../../src/engine/clock.js'
import { obtainRequest } from '../../src/settings/engine-requests.js'
import type { Settings } from '../../src/settings/settings.js'
import { summaryMarkdown } from '../../src/action/summary.js'
import {
  DEVICE_SEED,
  MFA_SERIAL,
  ROLE_ARN,
  makeCredentials,
  makeSettings
} from '../helpers/fixtures.js'

const ACCOUNT = '123456789012'
const USER = {
  name: 'ci',
  accountId: ACCOUNT,
  accessKeyId: 'AKIASESSIONTESTUSER1',
  secretAccessKey: 'session/test+secret0123456789abcdefghij',
  mfaDevices: [{ serial: MFA_SERIAL, seed: DEVICE_SEED }]
}
const READ_ONLY = `arn:aws:iam::${ACCOUNT}:role/read-only`
const trusted = { trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/ci`) }
const ROLES = [
  { arn: ROLE_ARN, ...trusted, maxSessionDuration: 43200 },
  { arn: READ_ONLY, ...trusted }
]

let emu: StsEmulator | undefined
afterEach(async () => emu?.close())

/** The emulator, its clock in the middle of a window so no test waits. */
async function start(roles = ROLES): Promise<StsEmulator> {
  emu = await startEmulator({ users: [USER], roles })
  emu.advanceClock(15_000 - (emu.now() % 30_000))
  return emu
}

/** The roles of these settings, as the CLI asks for them. */
async function rolesFor(settings: Settings, io: AssumeRoleIo) {
  return (await obtainCredentials(obtainRequest(settings), io)).roles
}

function io(e: StsEmulator) {
  const clock: Clock = { now: () => e.now(), sleep: async () => {} }
  const log: string[] = []
  return {
    clock,
    mask: () => {},
    notice: (m: string) => log.push(m),
    info: (m: string) => log.push(m)
  }
}

function settings(e: StsEmulator, overrides: Parameters<typeof makeSettings>[0]) {
  return makeSettings({
    stsEndpoint: e.url,
    baseCredentials: { accessKeyId: USER.accessKeyId, secretAccessKey: USER.secretAccessKey },
    ...overrides
  })
}

describe('no role: the user’s MFA session', () => {
  it('calls GetSessionToken with the code, then GetCallerIdentity for the user’s ARN', async () => {
    const e = await start()
    const [session] = await rolesFor(
      settings(e, { roleArn: '', roleArns: [], durationSeconds: 129600 }),
      io(e)
    )
    expect(session).toMatchObject({ arn: `arn:aws:iam::${ACCOUNT}:user/ci`, accountId: ACCOUNT })
    expect(session.accessKeyId).toMatch(/^ASIA/)
    expect(e.requests.map(r => r.action)).toEqual(['GetSessionToken', 'GetCallerIdentity'])
    expect(e.requests[0].params).toMatchObject({
      SerialNumber: MFA_SERIAL,
      DurationSeconds: '129600'
    })
    expect(e.requests[1].accessKeyId).toBe(session.accessKeyId)
    const hours = (session.expiration.getTime() - e.now()) / 3_600_000
    expect(hours).toBeGreaterThan(35.9)
  })

  it('explains that GetSessionToken needs long-term keys', async () => {
    const e = await start()
    const first = await rolesFor(settings(e, { roleArn: '', roleArns: [] }), io(e))
    e.advanceClock(30_000)
    const error = await rolesFor(
      settings(e, { roleArn: '', roleArns: [], baseCredentials: first[0] }),
      io(e)
    ).catch(err => err)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(/needs the IAM user's long-term keys/)
  })
})

describe('several roles, one code', () => {
  it('assumes every role from one MFA session, with no code on the AssumeRole calls', async () => {
    const e = await start()
    const roles = await rolesFor(
      settings(e, { roleArn: ROLE_ARN, roleArns: [ROLE_ARN, READ_ONLY], durationSeconds: 3600 }),
      io(e)
    )
    expect(roles.map(r => r.arn)).toEqual([
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions-4242-1`,
      `arn:aws:sts::${ACCOUNT}:assumed-role/read-only/GitHubActions-4242-1`
    ])
    expect(e.requests.map(r => r.action)).toEqual(['GetSessionToken', 'AssumeRole', 'AssumeRole'])
    expect(e.requests.filter(r => r.params.TokenCode)).toHaveLength(1)
    expect(e.requests[1].params.SerialNumber).toBeUndefined()
    expect(e.usedCodes(MFA_SERIAL)).toHaveLength(1)
  })

  // Role chaining (AWS-MFA-FACTS.md): roles assumed from the session last one hour at most.
  it('is role chaining: past one hour STS refuses, after the code was spent', async () => {
    const e = await start([ROLES[0], { ...ROLES[1], maxSessionDuration: 43200 }])
    const error = await rolesFor(
      settings(e, { roleArn: ROLE_ARN, roleArns: [ROLE_ARN, READ_ONLY], durationSeconds: 7200 }),
      io(e)
    ).catch(err => err)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(/1 hour session limit for roles assumed by role chaining/)
    // Which is why readSettings refuses such a duration before any request.
    expect(e.usedCodes(MFA_SERIAL)).toHaveLength(1)
  })

  it('with mfa-code-per-role, assumes each role with the user’s keys and a fresh code', async () => {
    const e = await start([ROLES[0], { ...ROLES[1], maxSessionDuration: 43200 }])
    const log: string[] = []
    const clock: Clock = { now: () => e.now(), sleep: async ms => e.advanceClock(ms) }
    const roles = await rolesFor(
      settings(e, {
        roleArn: ROLE_ARN,
        roleArns: [ROLE_ARN, READ_ONLY],
        durationSeconds: 7200,
        mfaCodePerRole: true
      }),
      { clock, mask: () => {}, notice: m => log.push(m), info: m => log.push(m) }
    )
    for (const role of roles) {
      expect(Math.round((role.expiration.getTime() - e.now()) / 1000)).toBeGreaterThan(7100)
    }
    expect(e.requests.map(r => [r.action, r.accessKeyId, Boolean(r.params.TokenCode)])).toEqual([
      ['AssumeRole', USER.accessKeyId, true],
      ['AssumeRole', USER.accessKeyId, true]
    ])
    // The second role waited for the next window instead of resending the first role's code.
    const steps = e.usedCodes(MFA_SERIAL)
    expect(steps).toHaveLength(2)
    expect(steps[1]).toBe(steps[0] + 1)
    expect(log.join('\n')).toMatch(/this window's code was accepted already/)
    expect(log.join('\n')).not.toMatch(/refused/)
  })

  it('refuses more than an hour before any request when the default chain’s keys are temporary', async () => {
    const e = await start()
    const saved = { ...process.env }
    Object.assign(process.env, {
      AWS_ACCESS_KEY_ID: 'ASIATEMPORARYKEY0001',
      AWS_SECRET_ACCESS_KEY: 'temporary/secret',
      AWS_SESSION_TOKEN: 'temporary-token'
    })
    try {
      const error = await rolesFor(
        settings(e, { baseCredentials: undefined, durationSeconds: 7200 }),
        io(e)
      ).catch(err => err)
      expect(error).toBeInstanceOf(ActionError)
      expect(error.message).toMatch(
        /^Invalid role-duration-seconds '7200': the base credentials that the AWS SDK found are temporary.*one hour \(3600 s\)/
      )
      expect(e.requests).toHaveLength(0)
    } finally {
      process.env = saved
    }
  })

  it('names the role that failed', async () => {
    const e = await start([
      ROLES[0],
      { ...ROLES[1], trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/someone-else`) }
    ])
    const error = await rolesFor(
      settings(e, { roleArn: ROLE_ARN, roleArns: [ROLE_ARN, READ_ONLY], durationSeconds: 900 }),
      io(e)
    ).catch(err => err)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(
      /^Not authorised to assume arn:aws:iam::123456789012:role\/read-only/
    )
  })

  it('a role that refuses the MFA session as too old (aws:MultiFactorAuthAge) gets one fresh code of its own, once per run', async () => {
    const user = `arn:aws:iam::${ACCOUNT}:user/ci`
    const bounded = `arn:aws:iam::${ACCOUNT}:role/bounded`
    const strict = `arn:aws:iam::${ACCOUNT}:role/strict`
    const e = await start([
      ROLES[0],
      { arn: bounded, trustPolicy: mfaTrustPolicy(user, { maxMfaAgeSeconds: 5 }) },
      { arn: strict, trustPolicy: mfaTrustPolicy(user, { maxMfaAgeSeconds: 5 }) }
    ])
    const log: string[] = []
    const waiting = {
      clock: { now: () => e.now(), sleep: async (ms: number) => e.advanceClock(ms) },
      mask: () => {},
      notice: (m: string) => log.push(m),
      info: (m: string) => log.push(m)
    }
    // STS issues the session on arrival and answers 6 s later (real time): the roles come after.
    e.injectFaults([{ action: 'GetSessionToken', kind: 'slow', delayMs: 6_000, count: 1 }])
    const roles = await rolesFor(
      settings(e, { roleArn: ROLE_ARN, roleArns: [ROLE_ARN, bounded], durationSeconds: 3600 }),
      waiting
    )
    expect(roles.map(r => r.arn)).toEqual([
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/GitHubActions-4242-1`,
      `arn:aws:sts::${ACCOUNT}:assumed-role/bounded/GitHubActions-4242-1`
    ])
    expect(e.requests.map(r => [r.action, r.status, Boolean(r.params.TokenCode)])).toEqual([
      ['GetSessionToken', 200, true],
      ['AssumeRole', 200, false],
      ['AssumeRole', 403, false],
      ['AssumeRole', 200, true]
    ])
    expect(log.join('\n')).toMatch(
      /STS refused AssumeRole on .*role\/bounded with this job's MFA session, which is ([6-9]|\d\d) s old: .*aws:MultiFactorAuthAge/
    )
    // A second role refusing it: no second extra code; the error names the age and the fixes.
    e.requests.length = 0
    e.advanceClock(30_000) // a window whose code no call has spent
    e.injectFaults([{ action: 'GetSessionToken', kind: 'slow', delayMs: 6_000, count: 1 }])
    const error = await rolesFor(
      settings(e, {
        roleArn: ROLE_ARN,
        roleArns: [ROLE_ARN, bounded, strict],
        durationSeconds: 3600
      }),
      waiting
    ).catch(err => err)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(
      /Not authorised to assume .*role\/strict with an MFA session ([6-9]|\d\d) s old\. .*aws:MultiFactorAuthAge/
    )
    expect(e.requests.filter(r => r.params.TokenCode && r.status === 200)).toHaveLength(2)
  }, 30_000)
})

describe('summaryMarkdown', () => {
  it('shows the user’s MFA session when there is no role', () => {
    const markdown = summaryMarkdown(
      makeCredentials({ arn: `arn:aws:iam::${ACCOUNT}:user/ci` }),
      makeSettings({ roleArn: '', roleArns: [] }),
      Date.parse('2030-01-02T02:04:05.000Z')
    )
    expect(markdown).toMatch(/^### AWS MFA session of the user/)
    expect(markdown).toContain(`| User (MFA session) | \`arn:aws:iam::${ACCOUNT}:user/ci\` |`)
  })

  it('lists every role when there are several', () => {
    const markdown = summaryMarkdown(
      makeCredentials(),
      makeSettings({ roleArns: [ROLE_ARN, READ_ONLY] }),
      Date.parse('2030-01-02T02:04:05.000Z')
    )
    expect(markdown).toContain(`| Role | \`${ROLE_ARN}, ${READ_ONLY}\` |`)
  })
})

describe('what the engine guards on its own', () => {
  const RUN = { repository: 'octo/repo', runId: '4242' }

  it('masks the MFA session it makes to share, before anything could print it', async () => {
    const e = await start()
    const masked: string[] = []
    const obtained = await obtainCredentials(
      obtainRequest(
        settings(e, {
          mfaSessionToShare: { durationSeconds: 900, run: RUN },
          mfaSessionDurationSeconds: 900
        })
      ),
      { ...io(e), mask: (secret: string) => masked.push(secret) }
    )
    const session = obtained.mfaSession
    expect(session?.accessKeyId).toMatch(/^ASIA/)
    expect(masked).toEqual(
      expect.arrayContaining([
        session?.accessKeyId,
        session?.secretAccessKey,
        session?.sessionToken
      ])
    )
  })

  it('does not use a shared session with less than a minute left', async () => {
    const e = await start()
    const sealed = sealSession(
      {
        accessKeyId: 'ASIASHAREDSESSION001',
        secretAccessKey: 'shared/session+secret0123456789abcdefg',
        sessionToken: 'shared-session-token-0123456789',
        expiration: new Date(e.now() + 30_000)
      },
      DEVICE_SEED,
      RUN
    )
    const error = await obtainCredentials(
      obtainRequest(
        settings(e, {
          receivedMfaSession: { sealed, run: RUN },
          mfaSerial: '',
          baseCredentials: undefined
        })
      ),
      io(e)
    ).catch(err => err)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(/cannot be used: it expires at .*, in less than a minute/)
    expect(e.requests).toHaveLength(0)
  })

  it('takes a fresh session’s refusal for what it is: no second code, the plain advice', async () => {
    const other = `arn:aws:iam::${ACCOUNT}:role/other-users`
    const e = await start([
      ROLES[0],
      { arn: other, trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/someone-else`) }
    ])
    const log: string[] = []
    const error = await rolesFor(
      settings(e, { roleArn: ROLE_ARN, roleArns: [ROLE_ARN, other], durationSeconds: 3600 }),
      {
        ...io(e),
        clock: { now: () => e.now(), sleep: async (ms: number) => e.advanceClock(ms) },
        notice: (m: string) => log.push(m)
      }
    ).catch(err => err)
    expect(error).toBeInstanceOf(ActionError)
    expect(error.message).toMatch(/^Not authorised to assume .*role\/other-users\. Check/)
    expect(e.requests.filter(r => r.params.TokenCode)).toHaveLength(1)
    expect(log).toEqual([])
  })
})
