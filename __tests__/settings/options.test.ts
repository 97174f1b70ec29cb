/** readSettings for the inputs named as in configure-aws-credentials. */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/engine/errors.js'
import { checkProfileName, parseAccountIds } from '../../src/settings/options.js'
import { readSettings } from '../../src/settings/read.js'
import type { Settings } from '../../src/settings/settings.js'
import { DEVICE_SEED, MFA_SERIAL, ROLE_ARN } from '../helpers/fixtures.js'

const VALID: Record<string, string> = {
  'aws-region': 'eu-central-1',
  'role-to-assume': ROLE_ARN,
  'mfa-serial': MFA_SERIAL,
  'mfa-seed': DEVICE_SEED
}

function read(inputs: Record<string, string>, env: NodeJS.ProcessEnv = {}) {
  const masked: string[] = []
  let settings: Settings | undefined
  let problems: string[] = []
  try {
    settings = readSettings(
      name => ({ ...VALID, ...inputs })[name] ?? '',
      secret => masked.push(secret),
      env
    )
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    problems = error.problems
  }
  return { settings, problems, masked }
}

describe('aws-profile and overwrite-aws-profile', () => {
  it('are absent by default', () => {
    expect(read({}).settings?.awsProfile).toBeUndefined()
  })

  it('name the profile, overwriting only when asked', () => {
    expect(read({ 'aws-profile': 'deploy' }).settings?.awsProfile).toEqual({
      names: ['deploy'],
      overwrite: false
    })
    expect(
      read({ 'aws-profile': 'deploy', 'overwrite-aws-profile': 'true' }).settings?.awsProfile
    ).toMatchObject({ overwrite: true })
  })

  it('refuse a name the files cannot hold, and a non-boolean', () => {
    expect(read({ 'aws-profile': 'a b', 'overwrite-aws-profile': 'yes' }).problems).toEqual([
      expect.stringMatching(/^Invalid aws-profile 'a b'/),
      "Invalid overwrite-aws-profile 'yes'. Expected true or false."
    ])
  })
})

describe('http-proxy and no-proxy', () => {
  it('route the default regional endpoint through the proxy', () => {
    expect(read({ 'http-proxy': 'http://proxy:3128' }).settings?.proxy).toEqual({
      url: 'http://proxy:3128/',
      source: 'http-proxy'
    })
  })

  it('read HTTPS_PROXY and NO_PROXY from the environment', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128' }
    expect(read({}, env).settings?.proxy?.source).toBe('HTTPS_PROXY')
    expect(read({}, { ...env, NO_PROXY: 'amazonaws.com' }).settings?.proxy).toBeUndefined()
    expect(read({ 'no-proxy': 'amazonaws.com' }, env).settings?.proxy).toBeUndefined()
  })

  it('judge the FIPS or dual-stack host that AWS_USE_FIPS_ENDPOINT or AWS_USE_DUALSTACK_ENDPOINT picks', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128' }
    const fips = { ...env, AWS_USE_FIPS_ENDPOINT: 'true' }
    expect(
      read({}, { ...fips, NO_PROXY: 'sts-fips.eu-central-1.amazonaws.com' }).settings?.proxy
    ).toBeUndefined()
    expect(
      read({}, { ...env, NO_PROXY: 'sts-fips.eu-central-1.amazonaws.com' }).settings?.proxy?.source
    ).toBe('HTTPS_PROXY')
    const dual = { ...env, AWS_USE_DUALSTACK_ENDPOINT: 'true' }
    expect(read({}, { ...dual, NO_PROXY: '.api.aws' }).settings?.proxy).toBeUndefined()
  })

  it('judge the endpoint the SDK will call: sts-endpoint, then AWS_ENDPOINT_URL_STS', () => {
    const env = { HTTPS_PROXY: 'http://proxy:3128' }
    const inputs = { 'no-proxy': 'vpce.example.com' }
    expect(
      read({ ...inputs, 'sts-endpoint': 'https://sts.vpce.example.com' }, env).settings?.proxy
    ).toBeUndefined()
    expect(
      read(inputs, { ...env, AWS_ENDPOINT_URL_STS: 'https://sts.vpce.example.com' }).settings?.proxy
    ).toBeUndefined()
  })

  it('mask the proxy password before anything can print it', () => {
    const { masked } = read({ 'http-proxy': 'http://me:hunter22@proxy:3128' })
    expect(masked).toContain('hunter22')
  })
})

describe('allowed-account-ids', () => {
  it('is empty by default', () => {
    expect(read({}).settings?.allowedAccountIds).toEqual([])
  })

  it('refuses a role-to-assume in an account it does not list, before any request', () => {
    expect(read({ 'allowed-account-ids': '210987654321' }).problems).toEqual([
      'Input role-to-assume names a role in account 123456789012, which allowed-account-ids does not list. Fix role-to-assume, or add the account to allowed-account-ids.'
    ])
  })

  it('refuses ids that are not 12 digits', () => {
    expect(read({ 'allowed-account-ids': '123456789012,42' }).problems).toEqual([
      expect.stringMatching(/^Invalid allowed-account-ids entry '42'/)
    ])
  })
})

describe('action-timeout-s', () => {
  it.each([
    ['', 0],
    ['0', 0],
    ['90', 90],
    ['3600', 3600]
  ])('takes %j as %d', (raw, seconds) => {
    expect(read({ 'action-timeout-s': raw }).settings?.actionTimeoutSeconds).toBe(seconds)
  })

  it.each(['-1', '1.5', '3601', 'soon'])('refuses %s', raw => {
    expect(read({ 'action-timeout-s': raw }).problems).toEqual([
      `Invalid action-timeout-s '${raw}'. Expected a whole number from 0 to 3600.`
    ])
  })
})

describe('unset-current-credentials, use-existing-credentials, special-characters-workaround', () => {
  it('are false by default', () => {
    expect(read({}).settings).toMatchObject({
      unsetCurrentCredentials: false,
      useExistingCredentials: false,
      specialCharactersWorkaround: false
    })
  })

  it('refuse unset-current-credentials with use-existing-credentials', () => {
    expect(
      read({ 'unset-current-credentials': 'true', 'use-existing-credentials': 'true' }).problems
    ).toEqual([expect.stringMatching(/both true: .* Set one of them\./)])
  })

  it('refuse use-existing-credentials with aws-profile', () => {
    expect(read({ 'use-existing-credentials': 'true', 'aws-profile': 'x' }).problems).toEqual([
      expect.stringMatching(/use-existing-credentials and aws-profile were both given/)
    ])
  })

  it('accept special-characters-workaround', () => {
    expect(
      read({ 'special-characters-workaround': 'true' }).settings?.specialCharactersWorkaround
    ).toBe(true)
  })
})

describe('session options', () => {
  it('skip the GitHub tags by default (role-skip-session-tagging: true)', () => {
    const env = { GITHUB_REPOSITORY: 'o/r' }
    expect(read({}, env).settings?.session.tags).toEqual([])
    expect(read({ 'role-skip-session-tagging': 'false' }, env).settings?.session.tags).toEqual([
      { Key: 'Repository', Value: 'o/r' }
    ])
  })

  it('are reported with the other inputs', () => {
    expect(read({ 'aws-region': 'x', 'custom-tags': '[' }).problems).toEqual([
      expect.stringMatching(/^Invalid aws-region/),
      expect.stringMatching(/^Invalid custom-tags: not JSON/)
    ])
  })

  it('need a role: GetSessionToken takes none of them', () => {
    expect(read({ 'role-to-assume': '', 'source-identity': 'octocat' }).problems).toEqual([
      expect.stringMatching(/apply to AssumeRole, and role-to-assume is empty/)
    ])
  })
})

describe('parseAccountIds', () => {
  it('takes 12-digit ids separated by commas or spaces', () => {
    const problems: string[] = []
    expect(parseAccountIds(' 123456789012, 210987654321 ', problems)).toEqual([
      '123456789012',
      '210987654321'
    ])
    expect(parseAccountIds('', problems)).toEqual([])
    expect(problems).toEqual([])
  })

  it.each(['12345678901', '1234567890123', 'prod'])('refuses %s, naming the input', id => {
    const problems: string[] = []
    parseAccountIds(`123456789012,${id}`, problems)
    expect(problems).toEqual([
      `Invalid allowed-account-ids entry '${id}'. Expected 12-digit account ids separated by commas, e.g. 123456789012,210987654321.`
    ])
  })
})

describe('checkProfileName', () => {
  it.each(['deploy', 'prod-eu.1', 'ci+ops@corp', 'default'])('accepts %s', name => {
    const problems: string[] = []
    checkProfileName(name, problems)
    expect(problems).toEqual([])
  })

  it.each(['my profile', 'a]b', '[x', 'x'.repeat(129)])('refuses %s', name => {
    const problems: string[] = []
    checkProfileName(name, problems)
    expect(problems).toEqual([expect.stringMatching(/^Invalid aws-profile/)])
  })
})
