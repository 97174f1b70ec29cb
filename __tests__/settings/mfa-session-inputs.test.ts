// share-mfa-session, mfa-session-duration-seconds, mfa-session and mfa-code-per-role through
// readSettings, and the one-hour cap of role chaining, refused before any request.
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/engine/errors.js'
import { readSettings } from '../../src/settings/read.js'
import type { Settings } from '../../src/settings/settings.js'
import {
  ACCESS_KEY_ID,
  DEVICE_SEED,
  MFA_SERIAL,
  ROLE_ARN,
  SECRET_ACCESS_KEY
} from '../helpers/fixtures.js'

type Inputs = Record<string, string>
const RUN_ENV = { GITHUB_REPOSITORY: 'octo-org/octo-repo', GITHUB_RUN_ID: '1658821493' }
const OTHER_ROLE = 'arn:aws:iam::123456789012:role/read-only'
const VALID: Inputs = {
  'aws-region': 'eu-central-1',
  'role-to-assume': ROLE_ARN,
  'mfa-serial': MFA_SERIAL,
  'mfa-seed': DEVICE_SEED,
  'aws-access-key-id': ACCESS_KEY_ID,
  'aws-secret-access-key': SECRET_ACCESS_KEY
}
const CONSUMER: Inputs = {
  'aws-region': 'eu-central-1',
  'role-to-assume': ROLE_ARN,
  'mfa-seed': DEVICE_SEED,
  'mfa-session': 'v1.AAAA'
}

function read(inputs: Inputs, env: NodeJS.ProcessEnv = RUN_ENV): Settings | InputError {
  try {
    return readSettings(
      name => inputs[name] ?? '',
      () => {},
      env
    )
  } catch (error) {
    if (error instanceof InputError) return error
    throw error
  }
}

function settingsFor(inputs: Inputs, env?: NodeJS.ProcessEnv): Settings {
  const result = read(inputs, env)
  if (result instanceof InputError) throw result
  return result
}

function problemsFor(inputs: Inputs, env?: NodeJS.ProcessEnv): string[] {
  const result = read(inputs, env)
  expect(result).toBeInstanceOf(InputError)
  return (result as InputError).problems
}

describe('share-mfa-session', () => {
  it('is off by default', () => {
    const settings = settingsFor(VALID)
    expect(settings.mfaSessionToShare).toBeUndefined()
    expect(settings.receivedMfaSession).toBeUndefined()
    expect(settings.mfaCodePerRole).toBe(false)
  })

  it('binds the session to the repository and the run, for an hour by default', () => {
    expect(settingsFor({ ...VALID, 'share-mfa-session': 'true' }).mfaSessionToShare).toEqual({
      durationSeconds: 3600,
      run: { repository: 'octo-org/octo-repo', runId: '1658821493' }
    })
  })

  it.each([
    ['900', 900],
    ['129600', 129600]
  ])('takes mfa-session-duration-seconds %s', (raw, seconds) => {
    const settings = settingsFor({
      ...VALID,
      'share-mfa-session': 'true',
      'mfa-session-duration-seconds': raw
    })
    expect(settings.mfaSessionToShare?.durationSeconds).toBe(seconds)
  })

  it.each(['899', '129601', 'abc'])('refuses mfa-session-duration-seconds %s', raw => {
    expect(
      problemsFor({ ...VALID, 'share-mfa-session': 'true', 'mfa-session-duration-seconds': raw })
    ).toEqual([
      `Invalid mfa-session-duration-seconds '${raw}'. Expected a whole number from 900 to 129600.`
    ])
  })

  it('works without a role', () => {
    const settings = settingsFor({ ...VALID, 'role-to-assume': '', 'share-mfa-session': 'true' })
    expect(settings.roleArns).toEqual([])
    expect(settings.mfaSessionToShare).toBeDefined()
  })

  it('needs the runner’s GITHUB_REPOSITORY and GITHUB_RUN_ID', () => {
    expect(problemsFor({ ...VALID, 'share-mfa-session': 'true' }, {})).toEqual([
      expect.stringMatching(/share-mfa-session works in a GitHub Actions workflow run only/)
    ])
  })

  it.each([
    [{ 'mfa-seed': '', 'mfa-code': '123456' }, /needs mfa-seed, not mfa-code/],
    [{ 'mfa-session': 'v1.AAAA' }, /share-mfa-session and mfa-session were both given/],
    [{ 'use-existing-credentials': 'true' }, /share-mfa-session and use-existing-credentials/],
    [{ 'mfa-code-per-role': 'true' }, /share-mfa-session and mfa-code-per-role/]
  ])('refuses a combination that cannot work: %p', (extra, problem) => {
    expect(problemsFor({ ...VALID, 'share-mfa-session': 'true', ...extra })).toEqual([
      expect.stringMatching(problem)
    ])
  })
})

describe('mfa-session', () => {
  it('needs only aws-region, role-to-assume and mfa-seed', () => {
    const settings = settingsFor(CONSUMER)
    expect(settings.receivedMfaSession).toEqual({
      sealed: 'v1.AAAA',
      run: { repository: 'octo-org/octo-repo', runId: '1658821493' }
    })
    expect(settings.mfaSerial).toBe('')
    expect(settings.baseCredentials).toBeUndefined()
  })

  it('needs role-to-assume and mfa-seed', () => {
    expect(problemsFor({ ...CONSUMER, 'role-to-assume': '', 'mfa-seed': '' })).toEqual([
      expect.stringMatching(/^Input required and not supplied: mfa-seed/),
      expect.stringMatching(/^Input mfa-session needs role-to-assume/)
    ])
  })
})

describe('role chaining: at most one hour, refused before any request', () => {
  const limit = /AWS caps a role session assumed by role chaining at one hour \(3600 s\)/

  it.each([
    ['a consumer of mfa-session', CONSUMER, /with mfa-session the roles are assumed/],
    [
      'a producer with a role',
      { ...VALID, 'share-mfa-session': 'true' },
      /with share-mfa-session the roles are assumed from the MFA session it shares/
    ],
    [
      'several roles',
      { ...VALID, 'role-to-assume': `${ROLE_ARN}\n${OTHER_ROLE}`, 'aws-profile': 'a\nb' },
      /several roles are assumed from one MFA session.*set mfa-code-per-role: true/
    ],
    [
      'temporary base keys',
      { ...VALID, 'aws-session-token': 'FwoGZXIvYXdzEJr//////////wEaDBase+abc==' },
      /with aws-session-token the base keys are temporary.*drop aws-session-token/
    ]
  ])('refuses 3601 s for %s, saying what to do', (_name, inputs, why) => {
    const problems = problemsFor({ ...inputs, 'role-duration-seconds': '3601' })
    expect(problems).toEqual([expect.stringMatching(limit)])
    expect(problems[0]).toMatch(why)
    expect(problems[0]).toMatch(/Set role-duration-seconds to 3600 or less/)
    expect(settingsFor({ ...inputs, 'role-duration-seconds': '3600' }).durationSeconds).toBe(3600)
  })

  it('lets one role assumed with long-term keys last up to 43200 s', () => {
    expect(settingsFor({ ...VALID, 'role-duration-seconds': '43200' }).durationSeconds).toBe(43200)
  })

  it('lets several roles last longer with mfa-code-per-role: one code each', () => {
    const settings = settingsFor({
      ...VALID,
      'role-to-assume': `${ROLE_ARN}\n${OTHER_ROLE}`,
      'aws-profile': 'a\nb',
      'role-duration-seconds': '7200',
      'mfa-code-per-role': 'true'
    })
    expect(settings.mfaCodePerRole).toBe(true)
    expect(settings.durationSeconds).toBe(7200)
  })

  it('refuses mfa-code-per-role with a typed code for several roles', () => {
    expect(
      problemsFor({
        ...VALID,
        'mfa-seed': '',
        'mfa-code': '123456',
        'role-to-assume': `${ROLE_ARN}\n${OTHER_ROLE}`,
        'aws-profile': 'a\nb',
        'mfa-code-per-role': 'true'
      })
    ).toEqual([expect.stringMatching(/mfa-code-per-role needs mfa-seed/)])
  })
})
