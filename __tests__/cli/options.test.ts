import { describe, expect, it } from '@jest/globals'
import {
  DEFAULT_DURATION_SECONDS,
  FORMATS,
  HELP,
  defaultSessionName,
  inputReader,
  parseCommandLine,
  renderMessage,
  type CliOptions,
  type MfaInput
} from '../../src/cli/options.js'
import { InputError } from '../../src/engine/errors.js'
import { readSettings } from '../../src/settings/read.js'
import { DEVICE_SEED, MFA_SERIAL, ROLE_ARN } from '../helpers/fixtures.js'

const REQUIRED = ['--role-to-assume', ROLE_ARN, '--mfa-serial', MFA_SERIAL]

function usageProblems(argv: string[]): string[] {
  try {
    parseCommandLine(argv)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).problems
  }
  throw new Error(`parseCommandLine accepted ${argv.join(' ')}`)
}

/** Settings as readSettings makes them from this command line, seed and environment. */
function settingsFor(
  argv: string[],
  mfa: MfaInput = { seed: DEVICE_SEED, seedSource: 'AWS_MFA_SEED' },
  env: NodeJS.ProcessEnv = { AWS_REGION: 'eu-west-1' }
) {
  return readSettings(inputReader(parseCommandLine(argv), mfa, env, 'alice'), () => undefined, env)
}

/** The problems readSettings finds, as the CLI shows them. */
function renderedProblems(argv: string[], mfa: MfaInput = { seed: DEVICE_SEED }): string[] {
  try {
    settingsFor(argv, mfa)
  } catch (error) {
    expect(error).toBeInstanceOf(InputError)
    return (error as InputError).problems.map(problem => renderMessage(problem, mfa))
  }
  throw new Error('readSettings accepted the options')
}

describe('parseCommandLine', () => {
  it('defaults to the sh format, no profile, no seed source', () => {
    const expected: CliOptions = {
      help: false,
      version: false,
      format: 'sh',
      profile: undefined,
      mfaSeedFile: undefined,
      mfaSeedStdin: false,
      inputs: { 'role-to-assume': ROLE_ARN, 'mfa-serial': MFA_SERIAL },
      roleProfile: undefined,
      mfaSession: false,
      open: false,
      signinEndpoint: undefined
    }
    expect(parseCommandLine(REQUIRED)).toEqual(expected)
  })

  it('takes one argument, the role profile, before or after the options', () => {
    expect(parseCommandLine(['deploy', '--aws-region', 'eu-west-1']).roleProfile).toBe('deploy')
    expect(parseCommandLine(['--aws-region', 'eu-west-1', 'deploy']).roleProfile).toBe('deploy')
  })

  it('opts in to the day session with --mfa-session or its duration', () => {
    expect(parseCommandLine(['--mfa-session']).mfaSession).toBe(true)
    const options = parseCommandLine(['--mfa-session-duration-seconds', '3600'])
    expect(options.mfaSession).toBe(true)
    expect(options.inputs['mfa-session-duration-seconds']).toBe('3600')
  })

  it('takes every option named after an action input, in both --name value and --name=value', () => {
    const options = parseCommandLine([
      ...REQUIRED,
      '--aws-region=eu-central-1',
      '--role-duration-seconds',
      '1800',
      '--role-session-name',
      'alice-laptop',
      '--role-external-id',
      'partner-42',
      '--sts-endpoint',
      'http://127.0.0.1:4566',
      '--mfa-retry-windows',
      '1',
      '--retry-max-attempts',
      '5',
      '--mfa-code',
      '123456'
    ])
    expect(options.inputs).toEqual({
      'role-to-assume': ROLE_ARN,
      'mfa-serial': MFA_SERIAL,
      'aws-region': 'eu-central-1',
      'role-duration-seconds': '1800',
      'role-session-name': 'alice-laptop',
      'role-external-id': 'partner-42',
      'sts-endpoint': 'http://127.0.0.1:4566',
      'mfa-retry-windows': '1',
      'retry-max-attempts': '5',
      'mfa-code': '123456'
    })
  })

  it.each(FORMATS)('takes --format %s', format => {
    expect(parseCommandLine(['--format', format]).format).toBe(format)
  })

  it('takes --profile, --mfa-seed-file and --mfa-seed-stdin', () => {
    expect(parseCommandLine(['--profile', 'alice', '--mfa-seed-file', '/s'])).toMatchObject({
      profile: 'alice',
      mfaSeedFile: '/s',
      mfaSeedStdin: false
    })
    expect(parseCommandLine(['--mfa-seed-stdin']).mfaSeedStdin).toBe(true)
  })

  it.each([['--help'], ['-h']])('recognises %s', flag => {
    expect(parseCommandLine([flag]).help).toBe(true)
  })

  it.each([['--version'], ['-V']])('recognises %s', flag => {
    expect(parseCommandLine([flag])).toMatchObject({ version: true, help: false })
  })

  it('trims values, as the runner trims inputs', () => {
    expect(parseCommandLine(['--role-to-assume', ` ${ROLE_ARN} `]).inputs['role-to-assume']).toBe(
      ROLE_ARN
    )
  })

  it('refuses an unknown option, naming it', () => {
    expect(usageProblems(['--role-arn', ROLE_ARN])).toEqual(["Unknown option '--role-arn'."])
  })

  it('refuses a second argument without quoting it: it may be a pasted secret', () => {
    const [problem] = usageProblems(['deploy', ...REQUIRED, DEVICE_SEED])
    expect(problem).toContain('Unexpected argument')
    expect(problem).not.toContain(DEVICE_SEED)
  })

  it('refuses an option without its value', () => {
    expect(usageProblems(['--role-to-assume'])).toEqual([
      expect.stringContaining("'--role-to-assume <value>' argument missing")
    ])
  })

  it('refuses the seed as an argument, says where it goes, and does not quote it', () => {
    const [problem] = usageProblems([...REQUIRED, '--mfa-seed', DEVICE_SEED])
    expect(problem).toContain('--mfa-seed is not accepted')
    expect(problem).toMatch(/AWS_MFA_SEED.*--mfa-seed-file.*--mfa-seed-stdin/)
    expect(problem).not.toContain(DEVICE_SEED)
  })

  it.each(['aws-access-key-id', 'aws-secret-access-key', 'aws-session-token'])(
    'refuses --%s: the base credentials come from the default chain',
    name => {
      const [problem] = usageProblems([`--${name}=very-secret-value`])
      expect(problem).toContain(`--${name} is not accepted`)
      expect(problem).toMatch(/AWS_.*--profile|--profile/)
      expect(problem).not.toContain('very-secret-value')
    }
  )

  it('refuses an unknown format, listing the known ones', () => {
    expect(usageProblems(['--format', 'yaml'])).toEqual([
      "Invalid --format 'yaml'. Expected one of sh, fish, powershell, dotenv, json, credential-process."
    ])
  })

  it('refuses two seed sources, and reports every problem at once', () => {
    const problems = usageProblems(['--mfa-seed-file', '/s', '--mfa-seed-stdin', '--format', 'x'])
    expect(problems).toHaveLength(2)
    expect(problems[1]).toContain('--mfa-seed-file and --mfa-seed-stdin')
  })
})

describe('inputReader and readSettings', () => {
  it('gives the settings of the action for the same values', () => {
    const settings = settingsFor([
      ...REQUIRED,
      '--aws-region',
      'eu-central-1',
      '--role-session-name',
      'alice-laptop',
      '--role-external-id',
      'partner-42',
      '--mfa-retry-windows',
      '0'
    ])
    expect(settings).toMatchObject({
      region: 'eu-central-1',
      roleArn: ROLE_ARN,
      mfaSerial: MFA_SERIAL,
      mfa: { kind: 'seed', totp: { secret: DEVICE_SEED } },
      baseCredentials: undefined,
      sessionName: 'alice-laptop',
      externalId: 'partner-42',
      mfaRetryWindows: 0
    })
  })

  it(`defaults the duration to ${DEFAULT_DURATION_SECONDS} s, which every role allows`, () => {
    expect(settingsFor(REQUIRED).durationSeconds).toBe(DEFAULT_DURATION_SECONDS)
    expect(settingsFor([...REQUIRED, '--role-duration-seconds', '900']).durationSeconds).toBe(900)
  })

  it('names the session after the local user by default', () => {
    expect(settingsFor(REQUIRED).sessionName).toBe('alice')
  })

  it.each([
    ['--aws-region first', ['--aws-region', 'us-east-1'], 'us-east-1'],
    ['then AWS_REGION', [], 'eu-west-1']
  ])('takes the region from %s', (_name, argv, region) => {
    const env = { AWS_REGION: 'eu-west-1', AWS_DEFAULT_REGION: 'ap-south-1' }
    expect(settingsFor([...REQUIRED, ...argv], undefined, env).region).toBe(region)
  })

  it('takes the region from AWS_DEFAULT_REGION last', () => {
    expect(settingsFor(REQUIRED, undefined, { AWS_DEFAULT_REGION: 'ap-south-1' }).region).toBe(
      'ap-south-1'
    )
  })

  it('takes a typed code as the action takes mfa-code', () => {
    expect(settingsFor(REQUIRED, { code: '123 456' }).mfa).toEqual({ kind: 'code', code: '123456' })
  })

  it("never reads the IAM user's keys, nor the action's output options, from anywhere", () => {
    const read = inputReader(
      parseCommandLine(REQUIRED),
      { seed: DEVICE_SEED },
      { AWS_ACCESS_KEY_ID: 'AKIAFROMENVIRONMENT1', AWS_SECRET_ACCESS_KEY: 'secret' },
      'alice'
    )
    for (const name of [
      'aws-access-key-id',
      'aws-secret-access-key',
      'aws-session-token',
      'mask-aws-account-id',
      'output-credentials',
      'output-env-credentials'
    ]) {
      expect(read(name)).toBe('')
    }
  })

  it('reports bad values with the rules and texts of the action, under the option names', () => {
    const problems = renderedProblems([
      '--role-to-assume',
      'deploy',
      '--mfa-serial',
      MFA_SERIAL,
      '--aws-region',
      'Frankfurt',
      '--role-duration-seconds',
      'abc'
    ])
    expect(problems).toEqual([
      "Invalid --aws-region 'Frankfurt'. Expected a region name such as us-east-1 or eu-central-1.",
      `Invalid --role-to-assume 'deploy'. Expected a role ARN such as arn:aws:iam::123456789012:role/deploy.`,
      "Invalid --role-duration-seconds 'abc'. Expected a whole number from 900 to 43200."
    ])
  })

  it('names the source of a bad seed', () => {
    const [problem] = renderedProblems(REQUIRED, { seed: '123456', seedSource: '--mfa-seed-file' })
    expect(problem).toMatch(/^Invalid --mfa-seed-file: it looks like a one-time code/)
    expect(problem).toContain('goes in --mfa-code')
  })

  it('names every way to give the seed or code when none was given', () => {
    expect(renderedProblems(REQUIRED, {})).toEqual([
      expect.stringContaining(
        'AWS_MFA_SEED, --mfa-seed-file or --mfa-seed-stdin (or --mfa-code, a code typed'
      )
    ])
  })

  it('refuses a seed and a code together, as the action does', () => {
    const mfa = { seed: DEVICE_SEED, seedSource: '--mfa-seed-stdin', code: '123456' }
    expect(renderedProblems(REQUIRED, mfa)).toEqual([
      expect.stringContaining('--mfa-seed-stdin and --mfa-code were both given')
    ])
  })
})

describe('defaultSessionName', () => {
  it.each([
    ['alice', 'alice'],
    ['DOMAIN\\alice smith', 'DOMAIN-alice-smith'],
    ['x'.repeat(80), 'x'.repeat(64)],
    ['a', 'aws-assume-role-mfa'],
    ['', 'aws-assume-role-mfa']
  ])('makes %j a valid session name', (user, name) => {
    expect(defaultSessionName(user)).toBe(name)
  })
})

describe('renderMessage', () => {
  it('renames inputs to options', () => {
    expect(renderMessage('raise mfa-retry-windows or retry-max-attempts.')).toBe(
      'raise --mfa-retry-windows or --retry-max-attempts.'
    )
  })

  it('renames the base credentials to the variables of the default chain', () => {
    expect(
      renderMessage('aws-secret-access-key is wrong for aws-access-key-id; aws-session-token')
    ).toBe('AWS_SECRET_ACCESS_KEY is wrong for AWS_ACCESS_KEY_ID; AWS_SESSION_TOKEN')
  })

  it('renames in one pass: a replacement is not renamed again', () => {
    expect(renderMessage('check mfa-seed', { seedSource: '--mfa-seed-file' })).toBe(
      'check --mfa-seed-file'
    )
  })

  it('leaves quoted values, ARNs and URLs alone', () => {
    const message =
      "Invalid role-to-assume 'role-to-assume' for arn:aws:iam::1:role/mfa-serial at https://x/sts-endpoint"
    expect(renderMessage(message)).toBe(
      "Invalid --role-to-assume 'role-to-assume' for arn:aws:iam::1:role/mfa-serial at https://x/sts-endpoint"
    )
  })

  it("speaks of this computer's clock, not the runner's", () => {
    expect(renderMessage("fix the runner's clock (NTP)")).toBe("fix this computer's clock (NTP)")
  })
})

describe('HELP', () => {
  it('documents every option the parser takes, and the seed variable', () => {
    const options = [
      'role-to-assume',
      'mfa-serial',
      'aws-region',
      'role-duration-seconds',
      'role-session-name',
      'role-external-id',
      'sts-endpoint',
      'mfa-retry-windows',
      'retry-max-attempts',
      'mfa-code',
      'profile',
      'mfa-seed-file',
      'mfa-seed-stdin',
      'format',
      'mfa-session',
      'mfa-session-duration-seconds',
      'help',
      'version'
    ]
    for (const option of options) expect(HELP).toContain(`--${option}`)
    for (const format of FORMATS) expect(HELP).toContain(format)
    expect(HELP).toContain('AWS_MFA_SEED')
  })

  it('shows the eval line and a credential_process profile', () => {
    expect(HELP).toContain('eval "$(aws-assume-role-mfa')
    expect(HELP).toContain('credential_process = aws-assume-role-mfa --format credential-process')
  })
})
