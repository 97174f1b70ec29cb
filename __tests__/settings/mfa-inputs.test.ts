// The MFA inputs of issue #4: no role, several roles, typed codes, otpauth URIs, several devices.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/engine/errors.js'
import { readSettings } from '../../src/settings/read.js'
import type { Settings } from '../../src/settings/settings.js'
import { DEVICE_SEED, MFA_SERIAL, RFC_SEED, ROLE_ARN } from '../helpers/fixtures.js'

type Inputs = Record<string, string>

const VALID: Inputs = {
  'aws-region': 'eu-central-1',
  'role-to-assume': ROLE_ARN,
  'mfa-serial': MFA_SERIAL,
  'mfa-seed': DEVICE_SEED
}
const SECOND_SERIAL = 'arn:aws:iam::123456789012:mfa/ci-deploy-2'
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/read-only'
const URI = `otpauth://totp/Amazon%20Web%20Services:ci@123456789012?secret=${DEVICE_SEED}&issuer=Amazon%20Web%20Services`

function run(overrides: Inputs) {
  const inputs = { ...VALID, ...overrides }
  const masked: string[] = []
  const events: string[] = []
  let settings: Settings | undefined
  let problems: string[] = []
  try {
    settings = readSettings(
      name => {
        events.push(`read ${name}`)
        return inputs[name] ?? ''
      },
      value => {
        masked.push(value)
        events.push(`mask ${value}`)
      },
      {}
    )
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems = error.problems
  }
  return { settings, problems, masked, events }
}

function settingsFor(overrides: Inputs): Settings {
  const { settings, problems } = run(overrides)
  expect(problems).toEqual([])
  return settings as Settings
}

function problemFor(overrides: Inputs): string {
  const { problems } = run(overrides)
  expect(problems).toHaveLength(1)
  return problems[0]
}

describe('no role-to-assume: the user’s MFA session', () => {
  it('leaves roleArn empty and keeps the default duration of 900 s', () => {
    const settings = settingsFor({ 'role-to-assume': '' })
    expect(settings.roleArn).toBe('')
    expect(settings.roleArns).toEqual([])
    expect(settings.durationSeconds).toBe(900)
  })

  it('takes GetSessionToken’s range, up to 129600 s', () => {
    expect(settingsFor({ 'role-to-assume': '', 'role-duration-seconds': '129600' })).toMatchObject({
      durationSeconds: 129600
    })
    expect(problemFor({ 'role-to-assume': '', 'role-duration-seconds': '129601' })).toBe(
      "Invalid role-duration-seconds '129601'. Expected a whole number from 900 to 129600."
    )
  })

  it('keeps AssumeRole’s range, up to 43200 s, with a role', () => {
    expect(problemFor({ 'role-duration-seconds': '43201' })).toBe(
      "Invalid role-duration-seconds '43201'. Expected a whole number from 900 to 43200."
    )
  })
})

describe('several roles in role-to-assume', () => {
  it('keeps them in order, one per line, the first as roleArn', () => {
    const settings = settingsFor({
      'role-to-assume': `${ROLE_ARN}\n  ${OTHER_ROLE}  \n`,
      'aws-profile': 'deploy\nread-only'
    })
    expect(settings.roleArn).toBe(ROLE_ARN)
    expect(settings.roleArns).toEqual([ROLE_ARN, OTHER_ROLE])
  })

  it('checks every line, and refuses a role listed twice', () => {
    expect(problemFor({ 'role-to-assume': `${ROLE_ARN}\ndeploy`, 'aws-profile': 'a\nb' })).toMatch(
      /^Invalid role-to-assume 'deploy'/
    )
    expect(
      problemFor({ 'role-to-assume': `${ROLE_ARN}\n${ROLE_ARN}`, 'aws-profile': 'a\nb' })
    ).toMatch(/role-to-assume lists a role twice/)
  })
})

describe('aws-profile with several roles', () => {
  const roles = `${ROLE_ARN}\n${OTHER_ROLE}`

  it('pairs line N of aws-profile with role N', () => {
    const settings = settingsFor({ 'role-to-assume': roles, 'aws-profile': 'deploy\nread-only' })
    expect(settings.awsProfile).toEqual({ names: ['deploy', 'read-only'], overwrite: false })
  })

  it('needs one profile per role, each once, and one profile for one role', () => {
    expect(problemFor({ 'role-to-assume': roles })).toMatch(
      /^Input role-to-assume lists 2 roles, and aws-profile 0 profile name\(s\)/
    )
    expect(problemFor({ 'role-to-assume': roles, 'aws-profile': 'a\na' })).toMatch(
      /aws-profile lists a profile twice/
    )
    expect(problemFor({ 'aws-profile': 'a\nb' })).toMatch(
      /^Input aws-profile lists several profiles for one role/
    )
  })
})

describe('mfa-code', () => {
  it('is masked before anything else is read, and exactly one of mfa-seed and mfa-code', () => {
    const { events } = run({ 'mfa-seed': '', 'mfa-code': '123 456' })
    expect(events.indexOf('mask 123 456')).toBeLessThan(events.indexOf('read aws-region'))
    expect(problemFor({ 'mfa-code': '123456' })).toMatch(/mfa-seed and mfa-code were both given/)
  })

  it('goes with one device only', () => {
    expect(
      problemFor({
        'mfa-seed': '',
        'mfa-code': '123456',
        'mfa-serial': `${MFA_SERIAL}\n${SECOND_SERIAL}`
      })
    ).toMatch(/^Input mfa-code goes with one mfa-serial/)
  })
})

describe('otpauth URIs in mfa-seed', () => {
  it('takes the secret of the URI, with AWS’s parameters by default', () => {
    const settings = settingsFor({ 'mfa-seed': URI })
    expect(settings.mfa).toEqual({
      kind: 'seed',
      totp: { secret: DEVICE_SEED, digits: 6, period: 30, algorithm: 'sha1' }
    })
  })

  it('honours algorithm and period, and lower-case secrets', () => {
    const uri = `otpauth://totp/x?secret=${RFC_SEED.toLowerCase()}&algorithm=SHA256&period=60&digits=6`
    expect(settingsFor({ 'mfa-seed': uri }).mfa).toEqual({
      kind: 'seed',
      totp: { secret: RFC_SEED, digits: 6, period: 60, algorithm: 'sha256' }
    })
  })

  it('masks the input and its secret before parsing, and never quotes them', () => {
    const secret = 'JBSWY3DPEHPK3PX!'
    const uri = `otpauth://totp/x?secret=${secret}`
    const { problems, masked } = run({ 'mfa-seed': uri })
    // The secret before the URI: the URI's own mask line would show it otherwise.
    expect(masked.indexOf(secret)).toBe(0)
    expect(masked).toContain(uri)
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(/^Invalid mfa-seed: character \d+ is not base32/)
    expect(problems[0]).not.toContain('JBSWY3')
  })

  it.each([
    ['otpauth://hotp/x?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&counter=1', /not for a time-based/],
    ['otpauth://totp/x?issuer=AWS', /has no secret= parameter/],
    [`otpauth://totp/x?secret=${DEVICE_SEED}&algorithm=MD5`, /algorithm other than SHA1/],
    [`otpauth://totp/x?secret=${DEVICE_SEED}&digits=8`, /STS takes 6-digit codes only/],
    [`otpauth://totp/x?secret=${DEVICE_SEED}&period=0`, /period that is not/],
    ['otpauth://[bad', /not a valid URI/]
  ])('refuses %s, naming the input and the fix, without quoting it', (uri, reason) => {
    const problem = problemFor({ 'mfa-seed': uri })
    expect(problem).toMatch(/^Invalid mfa-seed: /)
    expect(problem).toMatch(reason)
    expect(problem).toContain('Give the otpauth://totp/...?secret=... URI')
    expect(problem).not.toContain(uri)
    expect(problem).not.toContain(DEVICE_SEED)
  })
})

describe('several MFA devices', () => {
  it('pairs line N of mfa-serial with line N of mfa-seed', () => {
    const settings = settingsFor({
      'mfa-serial': `${MFA_SERIAL}\n${SECOND_SERIAL}`,
      'mfa-seed': `${DEVICE_SEED}\n${URI.replace(DEVICE_SEED, RFC_SEED)}`
    })
    expect(settings.mfaSerial).toBe(MFA_SERIAL)
    expect(settings.mfaDevices?.map(d => [d.serial, d.totp.secret])).toEqual([
      [MFA_SERIAL, DEVICE_SEED],
      [SECOND_SERIAL, RFC_SEED]
    ])
  })

  it('masks every seed of the list on its own', () => {
    const { masked } = run({
      'mfa-serial': `${MFA_SERIAL}\n${SECOND_SERIAL}`,
      'mfa-seed': `${DEVICE_SEED}\n${RFC_SEED}`
    })
    expect(masked).toEqual(expect.arrayContaining([DEVICE_SEED, RFC_SEED]))
  })

  it('needs as many seeds as serials', () => {
    expect(problemFor({ 'mfa-serial': `${MFA_SERIAL}\n${SECOND_SERIAL}` })).toMatch(
      /^Inputs mfa-serial and mfa-seed must list as many lines as each other: 2 device ARN\(s\) and 1 seed/
    )
  })

  it('names the line of a bad seed', () => {
    expect(
      problemFor({
        'mfa-serial': `${MFA_SERIAL}\n${SECOND_SERIAL}`,
        'mfa-seed': `${DEVICE_SEED}\nnot base32 !`
      })
    ).toMatch(/^Invalid mfa-seed \(line 2\): character/)
  })

  it('takes at most 8 devices, each once', () => {
    const nine = Array.from({ length: 9 }, (_, i) => `${MFA_SERIAL}-${i}`)
    const { problems } = run({
      'mfa-serial': nine.join('\n'),
      'mfa-seed': Array(9).fill(DEVICE_SEED).join('\n')
    })
    expect(problems).toEqual([expect.stringMatching(/lists 9 devices: an IAM user has at most 8/)])
    expect(
      problemFor({
        'mfa-serial': `${MFA_SERIAL}\n${MFA_SERIAL}`,
        'mfa-seed': `${DEVICE_SEED}\n${DEVICE_SEED}`
      })
    ).toMatch(/mfa-serial lists a device twice/)
  })
})
