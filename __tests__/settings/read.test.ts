import { readFileSync } from 'node:fs'
import { describe, expect, it } from '@jest/globals'
import { parse } from 'yaml'
import { InputError } from '../../src/engine/errors.js'
import { readSettings } from '../../src/settings/read.js'
import type { Settings } from '../../src/settings/settings.js'
import { oneTimeCode, type TotpParams } from '../../src/engine/totp.js'
import {
  ACCESS_KEY_ID,
  DEVICE_SEED,
  MFA_SERIAL,
  ROLE_ARN,
  SECRET_ACCESS_KEY
} from '../helpers/fixtures.js'

type Inputs = Record<string, string>

const SESSION_TOKEN = 'FwoGZXIvYXdzEJr//////////wEaDBaseSessionToken+abc=='

/** The required inputs of a typical workflow, all valid. */
const VALID: Inputs = {
  'aws-region': 'eu-central-1',
  'role-to-assume': ROLE_ARN,
  'mfa-serial': MFA_SERIAL,
  'mfa-seed': DEVICE_SEED
}

const NO_RUN: NodeJS.ProcessEnv = {}

interface Recorded {
  read: string[]
  masked: string[]
  /** Reads and masks in the order they happened. */
  events: string[]
}

function run(inputs: Inputs, env: NodeJS.ProcessEnv = NO_RUN) {
  const recorded: Recorded = { read: [], masked: [], events: [] }
  const read = (name: string) => {
    recorded.read.push(name)
    recorded.events.push(`read ${name}`)
    return inputs[name] ?? ''
  }
  const mask = (value: string) => {
    recorded.masked.push(value)
    recorded.events.push(`mask ${value}`)
  }
  let settings: Settings | undefined
  let error: unknown
  try {
    settings = readSettings(read, mask, env)
  } catch (e) {
    error = e
  }
  return { settings, error, ...recorded }
}

function settingsFor(overrides: Inputs, env: NodeJS.ProcessEnv = NO_RUN): Settings {
  const { settings, error } = run({ ...VALID, ...overrides }, env)
  if (error) throw error
  return settings as Settings
}

function problemsFor(overrides: Inputs, env: NodeJS.ProcessEnv = NO_RUN): string[] {
  const { error } = run({ ...VALID, ...overrides }, env)
  expect(error).toBeInstanceOf(InputError)
  return (error as InputError).problems
}

/** The seed parameters of settings made from mfa-seed. */
function seedOf(settings: Settings): TotpParams {
  if (settings.mfa.kind !== 'seed') throw new Error(`expected a seed, got ${settings.mfa.kind}`)
  return settings.mfa.totp
}

/** The single problem reported for these inputs. */
function problemFor(overrides: Inputs, env: NodeJS.ProcessEnv = NO_RUN): string {
  const problems = problemsFor(overrides, env)
  expect(problems).toHaveLength(1)
  return problems[0]
}

describe('readSettings with valid inputs', () => {
  it('returns the settings of a minimal workflow, with the documented defaults', () => {
    expect(settingsFor({})).toEqual({
      region: 'eu-central-1',
      roleArn: ROLE_ARN,
      roleArns: [ROLE_ARN],
      mfaSerial: MFA_SERIAL,
      mfa: {
        kind: 'seed',
        totp: { secret: DEVICE_SEED, digits: 6, period: 30, algorithm: 'sha1' }
      },
      baseCredentials: undefined,
      durationSeconds: 900,
      sessionName: 'GitHubActions',
      externalId: undefined,
      mfaRetryWindows: 2,
      retryMaxAttempts: 3,
      stsEndpoint: undefined,
      maskAccountId: false,
      outputCredentials: false,
      outputEnvCredentials: true,
      awsProfile: undefined,
      proxy: undefined,
      unsetCurrentCredentials: false,
      allowedAccountIds: [],
      actionTimeoutSeconds: 0,
      specialCharactersWorkaround: false,
      useExistingCredentials: false,
      session: { tags: [], transitiveTagKeys: [], policyArns: [] },
      mfaSessionDurationSeconds: 3600,
      refreshCredentials: false,
      mfaCodePerRole: false
    })
  })

  it('reads only inputs that action.yml declares', () => {
    const declared = Object.keys(actionYml().inputs)
    const { read } = run({ ...VALID, 'aws-access-key-id': ACCESS_KEY_ID })
    expect(read.length).toBeGreaterThan(0)
    for (const name of read) expect(declared).toContain(name)
  })

  it("gives the same settings for an empty input as for action.yml's default", () => {
    const defaults: Inputs = {}
    for (const [name, input] of Object.entries(actionYml().inputs)) {
      if (input.default !== undefined) defaults[name] = String(input.default)
    }
    expect(Object.keys(defaults).length).toBeGreaterThan(0)
    expect(settingsFor(defaults)).toEqual(settingsFor({}))
  })
})

describe('aws-region', () => {
  it.each([
    'us-east-1',
    'eu-central-1',
    'ap-southeast-2',
    'us-gov-west-1',
    'cn-north-1',
    'il-central-1'
  ])('accepts %s', region => {
    const partition = region.startsWith('cn-')
      ? 'aws-cn'
      : region.includes('gov')
        ? 'aws-us-gov'
        : 'aws'
    const arns = {
      'role-to-assume': ROLE_ARN.replace('arn:aws:', `arn:${partition}:`),
      'mfa-serial': MFA_SERIAL.replace('arn:aws:', `arn:${partition}:`)
    }
    expect(settingsFor({ 'aws-region': region, ...arns }).region).toBe(region)
  })

  it.each(['US-EAST-1', 'us-east', 'useast1', 'us-east-1a', 'eu central 1', 'sts.us-east-1'])(
    'refuses %s, quoting it',
    region => {
      const problem = problemFor({ 'aws-region': region })
      expect(problem).toContain(`Invalid aws-region '${region}'`)
      expect(problem).toContain('us-east-1')
    }
  )

  it('is required', () => {
    expect(problemFor({ 'aws-region': '' })).toMatch(/required.*aws-region/)
  })
})

/** A region of each partition the tests name. */
const REGION_OF: Record<string, string> = {
  aws: 'eu-central-1',
  'aws-cn': 'cn-north-1',
  'aws-us-gov': 'us-gov-west-1'
}
/** The device and region of a partition, for a role of that partition. */
const mfaIn = (region: string) => ({
  'aws-region': region,
  'mfa-serial': MFA_SERIAL.replace(
    'arn:aws:',
    `arn:${Object.keys(REGION_OF).find(p => REGION_OF[p] === region)}:`
  )
})

describe('partitions', () => {
  it.each([
    ['cn-north-1', 'aws', 'aws-cn'],
    ['us-iso-east-1', 'aws', 'aws-iso'],
    ['eu-central-1', 'aws-us-gov', 'aws']
  ])('in %s, refuses ARNs of %s (the region is in %s), naming both', (region, partition, its) => {
    const problems = problemsFor({
      'aws-region': region,
      'role-to-assume': ROLE_ARN.replace('arn:aws:', `arn:${partition}:`),
      'mfa-serial': MFA_SERIAL.replace('arn:aws:', `arn:${partition}:`)
    })
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Input role-to-assume '.*' is in partition ${partition}, but aws-region '${region}' is in ${its}\\.`
        )
      ),
      expect.stringMatching(/^Input mfa-serial '.*' is in partition/)
    ])
  })

  it('takes ISO regions with ARNs of their partition', () => {
    const settings = settingsFor({
      'aws-region': 'us-isob-east-1',
      'role-to-assume': ROLE_ARN.replace('arn:aws:', 'arn:aws-iso-b:'),
      'mfa-serial': MFA_SERIAL.replace('arn:aws:', 'arn:aws-iso-b:')
    })
    expect(settings.region).toBe('us-isob-east-1')
  })
})

describe('role-to-assume', () => {
  it.each([
    'arn:aws:iam::123456789012:role/deploy',
    'arn:aws-cn:iam::123456789012:role/deploy',
    'arn:aws-us-gov:iam::123456789012:role/deploy',
    'arn:aws:iam::123456789012:role/service-role/ci/deploy+prod=1,a.b@c_d-e'
  ])('accepts %s', arn => {
    const region = REGION_OF[arn.split(':')[1]]
    expect(settingsFor({ 'role-to-assume': arn, ...mfaIn(region) }).roleArn).toBe(arn)
  })

  it.each([
    'deploy',
    'arn:aws:iam::123456789012:user/deploy',
    'arn:aws:iam::12345678901:role/deploy',
    'arn:aws:iam::123456789012:role/',
    'arn:aws:sts::123456789012:assumed-role/deploy/session',
    'arn:azure:iam::123456789012:role/deploy',
    'arn:aws:iam::123456789012:role/has space'
  ])('refuses %s, quoting it and showing an example', arn => {
    const problem = problemFor({ 'role-to-assume': arn })
    expect(problem).toContain(`Invalid role-to-assume '${arn}'`)
    expect(problem).toContain('arn:aws:iam::123456789012:role/deploy')
  })

  it('is optional: empty means the user’s own MFA session (see inputs-mfa.test.ts)', () => {
    expect(settingsFor({ 'role-to-assume': '' }).roleArn).toBe('')
  })
})

describe('mfa-serial', () => {
  it.each([
    'arn:aws:iam::123456789012:mfa/ci-deploy',
    'arn:aws:iam::123456789012:mfa/team/ci-deploy',
    'arn:aws-cn:iam::123456789012:mfa/ci-deploy',
    'arn:aws-us-gov:iam::123456789012:mfa/ci-deploy'
  ])('accepts the device ARN %s', serial => {
    const region = REGION_OF[serial.split(':')[1]]
    const role = ROLE_ARN.replace('arn:aws:', `arn:${serial.split(':')[1]}:`)
    expect(
      settingsFor({ 'mfa-serial': serial, 'aws-region': region, 'role-to-assume': role }).mfaSerial
    ).toBe(serial)
  })

  it("explains that a user's ARN is not the device's", () => {
    const problem = problemFor({ 'mfa-serial': 'arn:aws:iam::123456789012:user/ci' })
    expect(problem).toContain('ARN of a user, not of an MFA device')
    expect(problem).toContain('arn:aws:iam::123456789012:mfa/')
  })

  it.each([
    'GAHT12345678',
    'ci-deploy',
    'arn:aws:iam::123456789012:role/deploy',
    'arn:aws:iam::123456789012:mfa/'
  ])('refuses %s, quoting it', serial => {
    const problem = problemFor({ 'mfa-serial': serial })
    expect(problem).toContain(`Invalid mfa-serial '${serial}'`)
    expect(problem).toContain('arn:aws:iam::123456789012:mfa/ci-deploy')
  })

  it('is required', () => {
    expect(problemFor({ 'mfa-serial': '' })).toMatch(/required.*mfa-serial/)
  })
})

describe('mfa-seed', () => {
  it('tolerates spaces, lower case and = padding, and normalises them away', () => {
    const spaced = DEVICE_SEED.toLowerCase().replace(/(.{4})/g, '$1 ') + '===='
    expect(seedOf(settingsFor({ 'mfa-seed': spaced }))).toEqual({
      secret: DEVICE_SEED,
      digits: 6,
      period: 30,
      algorithm: 'sha1'
    })
  })

  it('tolerates a seed split over lines', () => {
    const split = `${DEVICE_SEED.slice(0, 32)}\n${DEVICE_SEED.slice(32)}\n`
    expect(seedOf(settingsFor({ 'mfa-seed': split })).secret).toBe(DEVICE_SEED)
  })

  it.each([
    ['a 64-character seed', DEVICE_SEED],
    ['the shortest accepted seed (26 characters, 16 bytes)', 'A'.repeat(26)],
    ['the RFC 6238 test seed (20 bytes)', 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ']
  ])('accepts %s, and the code generator can use it', async (_name, seed) => {
    const totp = seedOf(settingsFor({ 'mfa-seed': seed }))
    await expect(oneTimeCode(totp, Date.UTC(2030, 0, 1))).resolves.toMatch(/^\d{6}$/)
  })

  it.each([
    [1, '1' + DEVICE_SEED.slice(1)],
    [10, DEVICE_SEED.slice(0, 9) + '0' + DEVICE_SEED.slice(10)],
    [64, DEVICE_SEED.slice(0, 63) + '8'],
    [33, DEVICE_SEED.slice(0, 32) + '-' + DEVICE_SEED.slice(33)]
  ])('reports a non-base32 character by its position (%i)', (position, seed) => {
    const problem = problemFor({ 'mfa-seed': seed })
    expect(problem).toContain(`character ${position} is not base32`)
  })

  it('refuses a seed too short to be a device seed, saying how long it is', () => {
    const problem = problemFor({ 'mfa-seed': DEVICE_SEED.slice(0, 24) })
    expect(problem).toContain('24 base32 characters is too short')
  })

  it('refuses a seed too long to be a device seed (over 64 bytes)', () => {
    expect(problemFor({ 'mfa-seed': 'A'.repeat(104) })).toContain(
      '104 base32 characters is too long'
    )
  })

  it.each([
    ['a 64-character seed missing its last character', DEVICE_SEED.slice(0, 63)],
    ['a 64-character seed missing most of its end', DEVICE_SEED.slice(0, 27)],
    ['a seed whose last character has bits past the last byte', 'B'.repeat(26)]
  ])('refuses %s: it does not decode to whole bytes', (_name, seed) => {
    expect(problemFor({ 'mfa-seed': seed })).toContain('do not decode to whole bytes')
  })

  it('counts the position of a bad character in the seed as given, spaces included', () => {
    const grouped = 'abcd efgh ijkl mnop qrst uvwx yz23 4567 abcd efgh ijk1 mnop'
    expect(problemFor({ 'mfa-seed': grouped })).toContain(`character ${grouped.indexOf('1') + 1} `)
  })

  it.each(['123456', '123 456'])('recognises the one-time code %s given as the seed', code => {
    expect(problemFor({ 'mfa-seed': code })).toContain('looks like a one-time code')
  })

  it('is required', () => {
    expect(problemFor({ 'mfa-seed': '' })).toMatch(/required.*mfa-seed/)
  })

  it.each([
    ['a bad character', DEVICE_SEED.slice(0, 20) + '!' + DEVICE_SEED.slice(21)],
    ['a lower-case seed with a bad character', DEVICE_SEED.toLowerCase().slice(0, 40) + '9'],
    ['a short seed', DEVICE_SEED.slice(0, 20)],
    ['a one-time code', '654321']
  ])('never quotes the seed when it has %s', (_name, seed) => {
    const [problem] = problemsFor({ 'mfa-seed': seed })
    const normalised = seed.replace(/[\s=]/g, '').toUpperCase()
    expect(problem).toContain('mfa-seed')
    expect(problem).not.toContain(seed)
    expect(problem).not.toContain(normalised)
    expect(problem).not.toContain(normalised.slice(0, 8))
  })
})

describe('aws-access-key-id, aws-secret-access-key and aws-session-token', () => {
  it("uses the SDK's default credential chain when none is given", () => {
    expect(settingsFor({}).baseCredentials).toBeUndefined()
  })

  it('takes the key pair', () => {
    const keys = { 'aws-access-key-id': ACCESS_KEY_ID, 'aws-secret-access-key': SECRET_ACCESS_KEY }
    expect(settingsFor(keys).baseCredentials).toEqual({
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET_ACCESS_KEY
    })
  })

  it('takes the key pair with a session token', () => {
    const settings = settingsFor({
      'aws-access-key-id': 'ASIAIOSFODNN7EXAMPLE',
      'aws-secret-access-key': SECRET_ACCESS_KEY,
      'aws-session-token': SESSION_TOKEN
    })
    expect(settings.baseCredentials).toEqual({
      accessKeyId: 'ASIAIOSFODNN7EXAMPLE',
      secretAccessKey: SECRET_ACCESS_KEY,
      sessionToken: SESSION_TOKEN
    })
  })

  it('refuses an access key id without its secret', () => {
    const problem = problemFor({ 'aws-access-key-id': ACCESS_KEY_ID })
    expect(problem).toContain('Input aws-secret-access-key is missing')
  })

  it('refuses a secret without its access key id', () => {
    const problem = problemFor({ 'aws-secret-access-key': SECRET_ACCESS_KEY })
    expect(problem).toContain('Input aws-access-key-id is missing')
  })

  it('refuses a session token alone', () => {
    const problem = problemFor({ 'aws-session-token': SESSION_TOKEN })
    expect(problem).toContain('aws-session-token was given without aws-access-key-id')
  })

  it.each(['akiaiosfodnn7example', 'AKIA123', 'AKIA IOSFODNN7EXAMPLE'])(
    'refuses the access key id %s',
    id => {
      const problem = problemFor({
        'aws-access-key-id': id,
        'aws-secret-access-key': SECRET_ACCESS_KEY
      })
      expect(problem).toContain(`Invalid aws-access-key-id (${id.length} characters)`)
      expect(problem).not.toContain(id)
    }
  )
})

describe('mfa-session-duration-seconds and refresh-credentials', () => {
  it.each([
    ['900', 900],
    ['129600', 129600]
  ])('reads mfa-session-duration-seconds %s', (raw, seconds) => {
    expect(settingsFor({ 'mfa-session-duration-seconds': raw }).mfaSessionDurationSeconds).toBe(
      seconds
    )
  })

  it.each(['899', '129601', '1h'])('refuses mfa-session-duration-seconds %s', raw => {
    expect(problemFor({ 'mfa-session-duration-seconds': raw })).toBe(
      `Invalid mfa-session-duration-seconds '${raw}'. Expected a whole number from 900 to 129600.`
    )
  })

  it('reads refresh-credentials with a role', () => {
    expect(settingsFor({ 'refresh-credentials': 'true' }).refreshCredentials).toBe(true)
  })

  it('refuses refresh-credentials without a role: there is nothing to renew', () => {
    expect(problemFor({ 'refresh-credentials': 'true', 'role-to-assume': '' })).toMatch(
      /^Input refresh-credentials needs role-to-assume/
    )
  })

  it('refuses refresh-credentials with use-existing-credentials', () => {
    expect(
      problemFor({ 'refresh-credentials': 'true', 'use-existing-credentials': 'true' })
    ).toMatch(/^Inputs refresh-credentials and use-existing-credentials were both given/)
  })

  it('refuses a role-duration-seconds above the one-hour cap of role chaining', () => {
    expect(problemFor({ 'refresh-credentials': 'true', 'role-duration-seconds': '7200' })).toMatch(
      /^Invalid role-duration-seconds '7200': with refresh-credentials .* role chaining at one hour \(3600 s\).*remove role-duration-seconds/
    )
    expect(settingsFor({ 'role-duration-seconds': '7200' }).durationSeconds).toBe(7200)
  })
})

describe('role-duration-seconds', () => {
  it('defaults to 900', () => {
    expect(settingsFor({}).durationSeconds).toBe(900)
  })

  it.each([
    ['900', 900],
    ['3600', 3600],
    ['43200', 43200]
  ])('accepts %s', (raw, seconds) => {
    expect(settingsFor({ 'role-duration-seconds': raw }).durationSeconds).toBe(seconds)
  })

  it.each([
    'abc',
    '1e3',
    '899',
    '43201',
    ' 900',
    '900 ',
    '900.0',
    '-900',
    '+900',
    '0x384',
    '3600s',
    '0'
  ])("refuses '%s' instead of falling back to the default", raw => {
    expect(problemFor({ 'role-duration-seconds': raw })).toBe(
      `Invalid role-duration-seconds '${raw}'. Expected a whole number from 900 to 43200.`
    )
  })
})

describe('role-session-name', () => {
  it('defaults to the run id and attempt', () => {
    const env = { GITHUB_RUN_ID: '9876543210', GITHUB_RUN_ATTEMPT: '3' }
    expect(settingsFor({}, env).sessionName).toBe('GitHubActions-9876543210-3')
  })

  it('takes attempt 1 when the runner gives no attempt', () => {
    expect(settingsFor({}, { GITHUB_RUN_ID: '42' }).sessionName).toBe('GitHubActions-42-1')
  })

  it("reads the run id from the process's environment unless given another", () => {
    const saved = { id: process.env.GITHUB_RUN_ID, attempt: process.env.GITHUB_RUN_ATTEMPT }
    process.env.GITHUB_RUN_ID = '777'
    process.env.GITHUB_RUN_ATTEMPT = '2'
    try {
      const settings = readSettings(
        name => VALID[name] ?? '',
        () => undefined
      )
      expect(settings.sessionName).toBe('GitHubActions-777-2')
    } finally {
      for (const [name, value] of [
        ['GITHUB_RUN_ID', saved.id],
        ['GITHUB_RUN_ATTEMPT', saved.attempt]
      ] as const) {
        if (value === undefined) delete process.env[name]
        else process.env[name] = value
      }
    }
  })

  it('defaults to GitHubActions outside a workflow run', () => {
    expect(settingsFor({}, {}).sessionName).toBe('GitHubActions')
  })

  it('prefers the given name to the default', () => {
    const env = { GITHUB_RUN_ID: '42', GITHUB_RUN_ATTEMPT: '1' }
    expect(settingsFor({ 'role-session-name': 'deploy-prod' }, env).sessionName).toBe('deploy-prod')
  })

  it.each(['ab', 'a+b=c,d.e@f-g_h', 'x'.repeat(64)])('accepts %s', name => {
    expect(settingsFor({ 'role-session-name': name }).sessionName).toBe(name)
  })

  it.each(['x', 'x'.repeat(65), 'has space', 'slash/name', 'colon:name', 'naïve'])(
    'refuses %s',
    name => {
      expect(problemFor({ 'role-session-name': name })).toContain(
        `Invalid role-session-name '${name}'`
      )
    }
  )
})

describe('role-external-id', () => {
  it('is absent unless given', () => {
    expect(settingsFor({}).externalId).toBeUndefined()
  })

  it.each(['ab', 'tenant-42:prod/ci+x=y,z.w@v_u', 'x'.repeat(1224)])('accepts %s', id => {
    expect(settingsFor({ 'role-external-id': id }).externalId).toBe(id)
  })

  it.each(['x', 'x'.repeat(1225), 'has space', 'semi;colon'])('refuses %s', id => {
    expect(problemFor({ 'role-external-id': id })).toContain('Invalid role-external-id')
  })
})

describe.each([
  ['mfa-retry-windows', 'mfaRetryWindows', 2, 0, 4],
  ['retry-max-attempts', 'retryMaxAttempts', 3, 1, 10]
] as const)('%s', (input, field, fallback, min, max) => {
  it(`defaults to ${fallback}`, () => {
    expect(settingsFor({})[field]).toBe(fallback)
  })

  it(`accepts ${min} to ${max}`, () => {
    for (let n = min; n <= max; n++) expect(settingsFor({ [input]: String(n) })[field]).toBe(n)
  })

  it.each([String(min - 1), String(max + 1), '-1', 'two', '1.5', ' 2'])("refuses '%s'", raw => {
    expect(problemFor({ [input]: raw })).toBe(
      `Invalid ${input} '${raw}'. Expected a whole number from ${min} to ${max}.`
    )
  })
})

describe('sts-endpoint', () => {
  it('is absent unless given', () => {
    expect(settingsFor({}).stsEndpoint).toBeUndefined()
  })

  it.each([
    'https://sts.eu-central-1.amazonaws.com',
    'https://vpce-0123-abcd.sts.eu-central-1.vpce.amazonaws.com',
    'http://localhost:4566',
    'http://127.0.0.1:8080/',
    'http://[::1]:4566'
  ])('accepts %s', url => {
    expect(settingsFor({ 'sts-endpoint': url }).stsEndpoint).toBe(url)
  })

  it.each([
    'http://sts.eu-central-1.amazonaws.com',
    'http://10.0.0.5:4566',
    'http://localhost.example.com',
    'ftp://localhost/sts'
  ])('refuses %s: credentials must not cross the network in clear text', url => {
    const problem = problemFor({ 'sts-endpoint': url })
    expect(problem).toContain(`Invalid sts-endpoint '${url}'`)
    expect(problem).toContain('https://')
  })

  it.each(['sts.amazonaws.com', 'not a url'])('refuses %s, which is not a URL', url => {
    expect(problemFor({ 'sts-endpoint': url })).toContain('Expected a URL')
  })
})

describe.each(['AWS_ENDPOINT_URL_STS', 'AWS_ENDPOINT_URL'])(
  'the environment variable %s, which the SDK reads without sts-endpoint',
  variable => {
    it.each(['https://sts.eu-central-1.amazonaws.com', 'http://localhost:4566'])(
      'passes %s, leaving it to the SDK',
      url => {
        expect(settingsFor({}, { [variable]: url }).stsEndpoint).toBeUndefined()
      }
    )

    it('is refused with a plain-http endpoint beyond this machine', () => {
      const problem = problemFor({}, { [variable]: 'http://sts.example.com' })
      expect(problem).toContain(`environment variable ${variable} 'http://sts.example.com'`)
      expect(problem).toContain('https://')
    })

    it('is refused when it is not a URL', () => {
      const problem = problemFor({}, { [variable]: 'sts.example.com' })
      expect(problem).toContain(`environment variable ${variable}`)
    })

    it('is not checked when sts-endpoint, which wins over it, is set', () => {
      const settings = settingsFor(
        { 'sts-endpoint': 'https://sts.eu-central-1.amazonaws.com' },
        { [variable]: 'http://sts.example.com' }
      )
      expect(settings.stsEndpoint).toBe('https://sts.eu-central-1.amazonaws.com')
    })
  }
)

describe.each([
  ['mask-aws-account-id', 'maskAccountId', false],
  ['output-credentials', 'outputCredentials', false],
  ['output-env-credentials', 'outputEnvCredentials', true]
] as const)('%s', (input, field, fallback) => {
  it(`defaults to ${fallback}`, () => {
    expect(settingsFor({})[field]).toBe(fallback)
  })

  it.each(['true', 'True', 'TRUE'])('reads %s as true', raw => {
    expect(settingsFor({ [input]: raw })[field]).toBe(true)
  })

  it.each(['false', 'False', 'FALSE'])('reads %s as false', raw => {
    expect(settingsFor({ [input]: raw })[field]).toBe(false)
  })

  it.each(['yes', '1', 'tRuE', 'on', 'no'])("refuses '%s'", raw => {
    expect(problemFor({ [input]: raw })).toBe(`Invalid ${input} '${raw}'. Expected true or false.`)
  })
})

describe('mfa-code', () => {
  const typed = { 'mfa-seed': '', 'mfa-code': '123456' }

  it('takes a code typed from the device instead of the seed', () => {
    expect(settingsFor(typed).mfa).toEqual({ kind: 'code', code: '123456' })
  })

  it('tolerates the code as an app shows it, in two groups of three', () => {
    expect(settingsFor({ ...typed, 'mfa-code': '123 456' }).mfa).toEqual({
      kind: 'code',
      code: '123456'
    })
  })

  it.each(['12345', '1234567', '12345a', 'JBSWY3DPEHPK3PXP'])(
    'refuses %s without quoting it',
    code => {
      const problem = problemFor({ ...typed, 'mfa-code': code })
      expect(problem).toContain('Invalid mfa-code')
      expect(problem).toContain('6 digits')
      expect(problem).not.toContain(code)
    }
  )

  it('refuses a code given with a seed: exactly one of the two', () => {
    expect(problemFor({ 'mfa-code': '123456' })).toContain('mfa-seed and mfa-code were both given')
  })

  it('names both when neither is given', () => {
    expect(problemFor({ 'mfa-seed': '' })).toMatch(/required.*mfa-seed \(or mfa-code/)
  })

  it('is masked before the other inputs are read', () => {
    const { events } = run({ ...VALID, ...typed })
    expect(events).toContain('mask 123456')
    expect(events.indexOf('mask 123456')).toBeLessThan(events.indexOf('read aws-region'))
  })
})

describe('problems', () => {
  it('are all reported together in one InputError', () => {
    const { error } = run({
      'aws-region': 'Frankfurt',
      'mfa-serial': 'arn:aws:iam::123456789012:user/ci',
      'mfa-seed': '123456',
      'aws-session-token': SESSION_TOKEN,
      'role-duration-seconds': '1e3',
      'role-session-name': 'x',
      'mfa-retry-windows': '9',
      'sts-endpoint': 'http://sts.amazonaws.com',
      'output-credentials': 'yes'
    })
    expect(error).toBeInstanceOf(InputError)
    const { problems, message } = error as InputError
    const named = [
      'aws-region',
      'mfa-serial',
      'mfa-seed',
      'aws-session-token',
      'role-duration-seconds',
      'role-session-name',
      'mfa-retry-windows',
      'sts-endpoint',
      'output-credentials'
    ]
    expect(problems).toHaveLength(named.length)
    for (const name of named) expect(problems.some(p => p.includes(name))).toBe(true)
    expect(message).toBe(problems.join('\n'))
  })
})

describe('masking', () => {
  const secrets: Inputs = {
    'mfa-seed': DEVICE_SEED.toLowerCase().replace(/(.{8})/g, '$1 '),
    'aws-access-key-id': ACCESS_KEY_ID,
    'aws-secret-access-key': SECRET_ACCESS_KEY,
    'aws-session-token': SESSION_TOKEN
  }

  it('masks the seed (as given and normalised), the secret key and the session token', () => {
    const { masked, error } = run({ ...VALID, ...secrets })
    expect(error).toBeUndefined()
    expect(masked).toEqual(
      expect.arrayContaining([secrets['mfa-seed'], DEVICE_SEED, SECRET_ACCESS_KEY, SESSION_TOKEN])
    )
  })

  it('masks the secret inputs before it reads any other input', () => {
    const { events } = run({ ...VALID, ...secrets })
    const firstOtherRead = events.findIndex(
      e =>
        e.startsWith('read ') &&
        !/^read (mfa-seed|aws-secret-access-key|aws-session-token)$/.test(e)
    )
    for (const secret of [secrets['mfa-seed'], SECRET_ACCESS_KEY, SESSION_TOKEN]) {
      const maskedAt = events.indexOf(`mask ${secret}`)
      expect(maskedAt).toBeGreaterThanOrEqual(0)
      expect(maskedAt).toBeLessThan(firstOtherRead)
    }
  })

  it('masks secrets even when the inputs are invalid', () => {
    const { masked, error } = run({ ...secrets, 'aws-region': 'nowhere' })
    expect(error).toBeInstanceOf(InputError)
    expect(masked).toEqual(expect.arrayContaining([DEVICE_SEED, SECRET_ACCESS_KEY, SESSION_TOKEN]))
  })

  it('masks each line of a multi-line secret, since the runner masks line by line', () => {
    const token = 'FirstLineOfTheToken+abc\nSecondLineOfTheToken/xyz=='
    const { masked } = run({ ...VALID, ...secrets, 'aws-session-token': token })
    expect(masked).toEqual(
      expect.arrayContaining([token, 'FirstLineOfTheToken+abc', 'SecondLineOfTheToken/xyz=='])
    )
  })

  describe('with mask-aws-account-id', () => {
    const arns: Inputs = {
      'mask-aws-account-id': 'true',
      'role-to-assume': 'arn:aws:iam::111111111111:role/deploy',
      'mfa-serial': 'arn:aws:iam::222222222222:mfa/ci-deploy'
    }

    it('masks the account ids of the role and the device before it reads another input', () => {
      const { events, masked } = run({ ...VALID, ...arns })
      expect(masked).toEqual(expect.arrayContaining(['111111111111', '222222222222']))
      const regionRead = events.indexOf('read aws-region')
      expect(events.indexOf('mask 111111111111')).toBeLessThan(regionRead)
      expect(events.indexOf('mask 222222222222')).toBeLessThan(regionRead)
    })

    it('masks the account id of an ARN it then refuses and quotes', () => {
      const role = 'arn:aws:iam::111111111111:rol/deploy'
      const { error, masked } = run({ ...VALID, ...arns, 'role-to-assume': role })
      expect((error as InputError).problems).toEqual([expect.stringContaining(role)])
      expect(masked).toContain('111111111111')
    })

    it('masks no account id without it', () => {
      const { masked } = run({ ...VALID, ...arns, 'mask-aws-account-id': 'false' })
      expect(masked).not.toContain('111111111111')
      expect(masked).not.toContain('222222222222')
    })
  })

  it('registers no empty value', () => {
    const { masked } = run(VALID)
    expect(masked).not.toContain('')
    expect(masked.length).toBeGreaterThan(0)
  })

  it.each<[string, Inputs]>([
    ['a bad seed character', { 'mfa-seed': DEVICE_SEED.slice(0, 63) + '1' }],
    [
      'a lower-case seed with spaces and a bad character',
      { 'mfa-seed': secrets['mfa-seed'] + '0' }
    ],
    ['a short seed', { 'mfa-seed': DEVICE_SEED.slice(0, 24) }],
    ['a one-time code as seed', { 'mfa-seed': '246810' }],
    ['a secret key without its id', { 'aws-secret-access-key': SECRET_ACCESS_KEY }],
    ['a session token alone', { 'aws-session-token': SESSION_TOKEN }],
    [
      'an invalid key id with a secret and a token',
      {
        'aws-access-key-id': 'not-a-key',
        'aws-secret-access-key': SECRET_ACCESS_KEY,
        'aws-session-token': SESSION_TOKEN
      }
    ],
    [
      'every input wrong',
      {
        'aws-region': 'x',
        'role-to-assume': 'x',
        'mfa-serial': 'x',
        'mfa-seed': 'seed-with-dashes-and-more-than-26-characters',
        'aws-access-key-id': 'x',
        'aws-secret-access-key': SECRET_ACCESS_KEY,
        'aws-session-token': SESSION_TOKEN,
        'role-duration-seconds': 'x',
        'role-session-name': 'x',
        'role-external-id': 'x',
        'mfa-retry-windows': 'x',
        'retry-max-attempts': 'x',
        'sts-endpoint': 'x',
        'mask-aws-account-id': 'x',
        'output-credentials': 'x',
        'output-env-credentials': 'x'
      }
    ]
  ])('quotes no masked value in any problem, with %s', (_name, inputs) => {
    const { error, masked } = run({ ...VALID, ...inputs })
    expect(error).toBeInstanceOf(InputError)
    expect(masked.length).toBeGreaterThan(0)
    const text = (error as InputError).problems.join('\n')
    for (const secret of masked) expect(text).not.toContain(secret)
  })
})

interface ActionYml {
  inputs: Record<string, { default?: unknown }>
}

function actionYml(): ActionYml {
  return parse(readFileSync(new URL('../../action.yml', import.meta.url), 'utf8')) as ActionYml
}
