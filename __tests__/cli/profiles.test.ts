/**
 * Role profiles of ~/.aws/config as the AWS CLI reads them: the same files read by profiles.ts and
 * by botocore (the AWS CLI v1's library, installed here with it), and spot checks with
 * `aws configure get` of the AWS CLI v1 and v2.
 */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/engine/errors.js'
import { profileValues, readRoleProfile, type AwsFiles } from '../../src/cli/profiles.js'
import { parseCommandLine } from '../../src/cli/options.js'
import { withRoleProfile } from '../../src/cli/role-command.js'

const ROLE = 'arn:aws:iam::123456789012:role/deploy'
const SERIAL = 'arn:aws:iam::123456789012:mfa/alice'

/** Cases: the two files, and the profile asked for. */
const CASES: Record<string, { config: string; credentials: string; profile: string }> = {
  'a role profile with every key, its source in the credentials file': {
    config: `[profile deploy]
role_arn = ${ROLE}
mfa_serial = ${SERIAL}
source_profile = alice
external_id = ext-123
role_session_name = alice-laptop
duration_seconds = 1800
region = eu-central-1
mfa_seed_file = /home/alice/.aws/mfa-seed
`,
    credentials: '[alice]\naws_access_key_id = AKIAEXAMPLEKEY000001\naws_secret_access_key = x\n',
    profile: 'deploy'
  },
  'the credentials file over the config file, for the same profile': {
    config: '[profile deploy]\nregion = eu-west-1\nrole_arn = arn:aws:iam::1:role/a\n',
    credentials: '[deploy]\nregion = eu-west-3\n',
    profile: 'deploy'
  },
  '[DEFAULT] values under every section, colons, upper-case keys, comments': {
    config: `[DEFAULT]
region = us-west-2
[profile deploy]
# the role
ROLE_ARN: ${ROLE}
  ; indented comment
mfa_serial=${SERIAL}
`,
    credentials: '',
    profile: 'deploy'
  },
  'a continued value, and the last of two sections that are the same profile': {
    config: `[default]
region = eu-west-1
[profile default]
region = eu-north-1
role_arn = ${ROLE}
  continued

external_id = x
`,
    credentials: '',
    profile: 'default'
  },
  'a quoted profile name, and a section without "profile" that is not one': {
    config: `[profile  "my role"]
role_arn = ${ROLE}
[deploy]
role_arn = arn:aws:iam::1:role/not-this
`,
    credentials: '',
    profile: 'my role'
  }
}

let scratch: string
const filesOf = (name: string): AwsFiles => ({
  config: join(scratch, name, 'config'),
  credentials: join(scratch, name, 'credentials')
})

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'profiles-test-'))
  for (const [i, { config, credentials }] of Object.values(CASES).entries()) {
    mkdirSync(join(scratch, String(i)))
    writeFileSync(filesOf(String(i)).config, config)
    writeFileSync(filesOf(String(i)).credentials, credentials)
  }
})
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** What botocore makes of each case: the profile's scoped config (both files merged). */
function botocore(): Array<Record<string, string>> {
  const script = `
import json, os, sys, botocore.session
out = []
for i, profile in enumerate(json.loads(sys.argv[2])):
    os.environ['AWS_CONFIG_FILE'] = os.path.join(sys.argv[1], str(i), 'config')
    os.environ['AWS_SHARED_CREDENTIALS_FILE'] = os.path.join(sys.argv[1], str(i), 'credentials')
    out.append(botocore.session.Session(profile=profile).get_scoped_config())
print(json.dumps(out))
`
  const profiles = JSON.stringify(Object.values(CASES).map(c => c.profile))
  const result = spawnSync('python3', ['-c', script, scratch, profiles], { encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`botocore failed: ${result.stderr}`)
  return JSON.parse(result.stdout) as Array<Record<string, string>>
}

describe('profileValues', () => {
  it('reads each case as botocore does', () => {
    const expected = botocore()
    const ours = Object.values(CASES).map((c, i) => profileValues(c.profile, filesOf(String(i))))
    expect(ours).toEqual(expected)
    // The cases say something: each has a role or a region.
    for (const values of expected) expect(values.role_arn ?? values.region).toBeTruthy()
  })

  it.each([
    ['aws', 'v1'],
    ['/usr/bin/aws', 'v2']
  ])('agrees with `%s configure get` (AWS CLI %s)', (aws: string) => {
    const names = Object.keys(CASES)
    for (const [i, key] of [
      [0, 'duration_seconds'],
      [1, 'region'],
      [2, 'role_arn'],
      [2, 'region']
    ] as const) {
      const { profile } = CASES[names[i]]
      const env = {
        PATH: process.env.PATH ?? '',
        HOME: scratch,
        AWS_CONFIG_FILE: filesOf(String(i)).config,
        AWS_SHARED_CREDENTIALS_FILE: filesOf(String(i)).credentials
      }
      const got = spawnSync(aws, ['configure', 'get', key, '--profile', profile], {
        env,
        encoding: 'utf8'
      })
      expect(got.stdout.trim()).toBe(profileValues(profile, filesOf(String(i)))?.[key])
    }
  })
})

/** The one problem readRoleProfile reports (an InputError), or a failure if it reports none. */
function problem(name: string, files: AwsFiles): string {
  let caught: unknown
  try {
    readRoleProfile(name, files)
  } catch (error) {
    caught = error
  }
  if (!(caught instanceof InputError)) throw new Error(`no InputError: ${String(caught)}`)
  return caught.problems[0]
}

describe('readRoleProfile', () => {
  it('maps the keys to the options, and source_profile to the keys profile', () => {
    expect(readRoleProfile('deploy', filesOf('0'))).toEqual({
      name: 'deploy',
      roleArn: ROLE,
      mfaSerial: SERIAL,
      sourceProfile: 'alice',
      externalId: 'ext-123',
      roleSessionName: 'alice-laptop',
      durationSeconds: '1800',
      region: 'eu-central-1',
      mfaSeedFile: '/home/alice/.aws/mfa-seed',
      mfaSessionDurationSeconds: undefined
    })
  })

  it('takes a profile with keys of its own as its own source', () => {
    const dir = join(scratch, 'own')
    mkdirSync(dir)
    writeFileSync(join(dir, 'config'), `[profile alice]\nmfa_serial = ${SERIAL}\n`)
    writeFileSync(join(dir, 'credentials'), '[alice]\naws_access_key_id = AKIAEXAMPLEKEY000001\n')
    const files = { config: join(dir, 'config'), credentials: join(dir, 'credentials') }
    expect(readRoleProfile('alice', files)).toMatchObject({
      sourceProfile: 'alice',
      mfaSerial: SERIAL
    })
  })

  it('names the files when the profile is in neither, and a missing source profile', () => {
    expect(problem('nope', filesOf('0'))).toMatch(/^Profile 'nope' is in neither .*config nor/)
    const dir = join(scratch, 'orphan')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'config'),
      `[profile deploy]\nrole_arn = ${ROLE}\nsource_profile = gone\n`
    )
    const files = { config: join(dir, 'config'), credentials: join(dir, 'credentials') }
    expect(problem('deploy', files)).toMatch(/source_profile = gone, which is in neither/)
  })

  it('does not repeat a long name: it may be a secret pasted in the wrong place', () => {
    const seed = 'JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZ'
    expect(() => readRoleProfile(seed, filesOf('0'))).toThrow(/a 56-character name/)
    expect(problem(seed, filesOf('0'))).not.toContain(seed)
  })

  it('refuses a file the AWS CLI cannot read either, naming the line', () => {
    const dir = join(scratch, 'broken')
    mkdirSync(dir)
    writeFileSync(join(dir, 'config'), `[profile deploy]\nrole_arn = ${ROLE}\nrole_arn = again\n`)
    const files = { config: join(dir, 'config'), credentials: join(dir, 'credentials') }
    expect(() => readRoleProfile('deploy', files)).toThrow(
      /cannot read .* \(line 3: role_arn a second time/
    )
  })
})

describe('withRoleProfile', () => {
  const io = (dir: string) => ({
    env: {
      AWS_CONFIG_FILE: join(dir, 'config'),
      AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials')
    },
    home: dir
  })

  it('fills what the options leave out: flags win, the region is kept for after the environment', () => {
    const options = parseCommandLine([
      'deploy',
      '--role-session-name',
      'mine',
      '--profile',
      'bob',
      '--mfa-code',
      '123456'
    ])
    const resolved = withRoleProfile(options, io(join(scratch, '0')))
    expect(resolved.inputs).toEqual({
      'role-to-assume': ROLE,
      'mfa-serial': SERIAL,
      'role-external-id': 'ext-123',
      'role-session-name': 'mine',
      'role-duration-seconds': '1800',
      'mfa-code': '123456'
    })
    expect(resolved.profile).toBe('bob')
    // A code was given: the profile's seed file is not read.
    expect(resolved.mfaSeedFile).toBeUndefined()
    expect(resolved.profileRegion).toBe('eu-central-1')
    expect(resolved.inputs['aws-region']).toBeUndefined()
    expect(resolved.mfaSession).toBe(false)
  })

  it("takes the profile's seed file and day session when nothing else is given", () => {
    const dir = join(scratch, 'day')
    mkdirSync(dir)
    writeFileSync(
      join(dir, 'config'),
      `[profile deploy]\nrole_arn = ${ROLE}\nmfa_seed_file = /s\nmfa_session_duration_seconds = 3600\n`
    )
    const resolved = withRoleProfile(parseCommandLine(['deploy']), io(dir))
    expect([resolved.mfaSeedFile, resolved.mfaSession]).toEqual(['/s', true])
    expect(resolved.inputs['mfa-session-duration-seconds']).toBe('3600')
  })
})
