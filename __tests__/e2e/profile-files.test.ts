/**
 * aws-profile against files written the many ways the AWS CLI accepts, through the action as the
 * runner runs it: each file is first read as the AWS CLI reads it (botocore, which `aws configure
 * get` uses), so the test states what the AWS CLI sees, then the action must find the same profiles, leave a file the AWS
 * CLI still reads with the new profile in it, and the post step must put back every byte, the
 * mode, and remove what it created. Then symbolic links and folders others can write.
 *
 * The rules are botocore's (configparser.RawConfigParser; "Configuration and credential file
 * settings", AWS CLI User Guide, https://docs.aws.amazon.com/cli/latest/userguide/cli-configure-files.html):
 * `#` and `;` comment lines, anything after a header's `]` ignored, `key = value` or `key: value`,
 * deeper-indented lines continue a value, `[profile NAME]` in config and `[NAME]` in credentials.
 * Where botocore is not installed, Python's configparser with botocore's profile rule reads the
 * files instead (the test says which).
 */
import { spawnSync } from 'node:child_process'
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { expectFailure, job, start } from './harness.js'
import { inputsFor, world } from './fixtures.js'

/**
 * The Python that has botocore, the library the AWS CLI reads these files with (`aws configure get`
 * is botocore's Session.full_config), found once: one interpreter per read instead of the CLI's
 * start-up. Without botocore, Python's configparser with botocore's profile rule reads the files.
 */
const PYTHON = (() => {
  const found = spawnSync('python3', ['-c', 'import sys, botocore; print(sys.executable)'], {
    encoding: 'utf8'
  })
  return found.status === 0 ? { path: found.stdout.trim(), botocore: true } : undefined
})()
console.log(
  PYTHON
    ? 'botocore found: the files are read as the AWS CLI reads them'
    : 'botocore not installed: the files are read by Python configparser with botocore rules'
)

let dir: string
let files: { credentials: string; config: string }
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'e2e-profile-files-'))
  files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
})
afterEach(() => rmSync(dir, { recursive: true, force: true }))

const read = (path: string) => readFileSync(path, 'utf8')
const mode = (path: string) => statSync(path).mode & 0o777
const env = (paths = files) => ({
  AWS_SHARED_CREDENTIALS_FILE: paths.credentials,
  AWS_CONFIG_FILE: paths.config
})

/** What `aws configure get` reads: botocore's merged profiles; a parse error is an Error. */
const BOTOCORE_READER = `
import json, sys
import botocore.session
profile, keys = sys.argv[1], sys.argv[2:]
values = botocore.session.Session().full_config['profiles'].get(profile, {})
print(json.dumps({key: values.get(key) for key in keys}))
`

/** botocore's reading, for machines without it: configparser, then build_profile_map. */
const CONFIGPARSER_READER = `
import configparser, json, os, shlex, sys
profile, keys = sys.argv[1], sys.argv[2:]
def sections(path):
    parser = configparser.RawConfigParser()
    parser.read([path])
    return {name: dict(parser.items(name)) for name in parser.sections()}
profiles = {}
for name, values in sections(os.environ['AWS_CONFIG_FILE']).items():
    if name.startswith('profile'):
        try:
            words = shlex.split(name)
        except ValueError:
            continue
        if len(words) == 2:
            profiles[words[1]] = values
    elif name == 'default':
        profiles[name] = values
for name, values in sections(os.environ['AWS_SHARED_CREDENTIALS_FILE']).items():
    profiles.setdefault(name, {}).update(values)
values = profiles.get(profile, {})
print(json.dumps({key: values.get(key) for key in keys}))
`

/**
 * What the AWS CLI reads for `keys` of `profile` from these files: each value, null when the
 * profile or key is absent; an Error when it refuses the files.
 */
function awsCliReadsAll(
  paths: { credentials: string; config: string },
  profile: string,
  keys: string[]
): Record<string, string | null> | Error {
  const ran = spawnSync(
    PYTHON?.path ?? 'python3',
    ['-c', PYTHON ? BOTOCORE_READER : CONFIGPARSER_READER, profile, ...keys],
    { encoding: 'utf8', env: { PATH: process.env.PATH, HOME: dir, ...env(paths) } }
  )
  if (ran.status !== 0) return new Error(ran.stderr)
  return JSON.parse(ran.stdout)
}

/** One key, as awsCliReadsAll reads it. */
function awsCliReads(
  paths: { credentials: string; config: string },
  profile: string,
  key: string
): string | null | Error {
  const read = awsCliReadsAll(paths, profile, [key])
  return read instanceof Error ? read : read[key]
}

/** The profile as the AWS CLI reads it: key id and region. */
function seen(profile: string, paths = files) {
  const read = awsCliReadsAll(paths, profile, ['aws_access_key_id', 'region'])
  return read instanceof Error
    ? { key: read, region: read }
    : { key: read.aws_access_key_id, region: read.region }
}

/** Runs the action with aws-profile; checks what the AWS CLI sees between the steps. */
async function runWithProfile(
  profile: string,
  overwrite: boolean,
  between: () => void = () => {},
  paths = files,
  extraEnv: Record<string, string> = {}
) {
  const { user, seed, config } = world()
  const emu = await start(config)
  const result = await job(
    {
      ...inputsFor(emu.url, user, seed),
      'aws-profile': profile,
      'overwrite-aws-profile': String(overwrite),
      'output-env-credentials': 'false'
    },
    { seed, 'user secret key': user.secretAccessKey },
    {
      env: { ...env(paths), ...extraEnv },
      afterMain: main => {
        if (main.exitCode === 0) between()
      }
    }
  )
  // A test may run the action twice: the harness closes only the last emulator.
  await emu.close()
  return { result, emu }
}

const NEW_KEY = /^ASIA/

describe('profiles the AWS CLI sees are the ones the action sees', () => {
  test('a header with a comment after it, [deploy]   # production keys, is the profile deploy', async () => {
    const credentials =
      '[default]\naws_access_key_id = AKIADEFAULTKEY000001\naws_secret_access_key = d\n\n' +
      '[deploy]   # production keys\naws_access_key_id = AKIAOLDDEPLOYKEY0001\n' +
      'aws_secret_access_key = old\n'
    writeFileSync(files.credentials, credentials, { mode: 0o600 })
    expect(awsCliReads(files, 'deploy', 'aws_access_key_id')).toBe('AKIAOLDDEPLOYKEY0001')

    const refused = await runWithProfile('deploy', false)
    expectFailure(refused.result, /Profile 'deploy' already exists in .*credentials/)
    expect(refused.emu.requests).toHaveLength(0)
    expect(read(files.credentials)).toBe(credentials)

    const { result } = await runWithProfile('deploy', true, () => {
      // One [deploy] section, not two: the AWS CLI reads the file, and gets the new keys.
      expect(seen('deploy')).toEqual({
        key: expect.stringMatching(NEW_KEY),
        region: 'eu-central-1'
      })
      expect(seen('default').key).toBe('AKIADEFAULTKEY000001')
      expect(read(files.credentials)).not.toContain('AKIAOLDDEPLOYKEY0001')
    })
    expect(result.main.exitCode).toBe(0)
    expect(read(files.credentials)).toBe(credentials)
  }, 120_000)

  test('comments, spacing, `:` and CRLF; [profile   deploy] in config is deploy, [deploy] in config is not', async () => {
    const credentials = [
      '# keys ; of the runner',
      '; another comment',
      '[other]',
      'aws_access_key_id=AKIAOTHERKEY00000001',
      '    # an indented comment',
      'aws_secret_access_key :other-secret',
      ''
    ].join('\r\n')
    const config = [
      '[deploy]',
      'region = ap-south-1',
      '',
      '[profile   deploy] ; production',
      'region=us-west-2',
      'output : json',
      '',
      '[profile other]',
      'region = eu-west-1',
      ''
    ].join('\r\n')
    writeFileSync(files.credentials, credentials, { mode: 0o600 })
    writeFileSync(files.config, config, { mode: 0o644 })
    expect(seen('deploy')).toEqual({ key: null, region: 'us-west-2' })
    expect(seen('other')).toEqual({ key: 'AKIAOTHERKEY00000001', region: 'eu-west-1' })

    const refused = await runWithProfile('deploy', false)
    expectFailure(refused.result, /Profile 'deploy' already exists in .*config/)

    await runWithProfile('deploy', true, () => {
      expect(seen('deploy')).toEqual({
        key: expect.stringMatching(NEW_KEY),
        region: 'eu-central-1'
      })
      expect(seen('other')).toEqual({ key: 'AKIAOTHERKEY00000001', region: 'eu-west-1' })
      // The file keeps its CRLF line ends, and the [deploy] section of config stays (no profile).
      expect(read(files.config)).toContain('[deploy]\r\nregion = ap-south-1\r\n')
      expect(read(files.config).replace(/\r\n/g, '')).not.toMatch(/\n/)
    })
    expect(read(files.credentials)).toBe(credentials)
    expect(read(files.config)).toBe(config)
    expect([mode(files.credentials), mode(files.config)]).toEqual([0o600, 0o644])
  }, 120_000)

  test('a deeper-indented [deploy] continues a value: no such profile, and the one added reads', async () => {
    const credentials =
      '[other]\naws_access_key_id = AKIAOTHERKEY00000001\naws_secret_access_key = s\n' +
      'note = rotated with\n  [deploy]\n'
    writeFileSync(files.credentials, credentials, { mode: 0o600 })
    expect(awsCliReads(files, 'deploy', 'aws_access_key_id')).toBeNull()
    const { result } = await runWithProfile('deploy', false, () => {
      expect(awsCliReads(files, 'deploy', 'aws_access_key_id')).toMatch(NEW_KEY)
      expect(awsCliReads(files, 'other', 'aws_access_key_id')).toBe('AKIAOTHERKEY00000001')
    })
    expect(result.main.exitCode).toBe(0)
    expect(read(files.credentials)).toBe(credentials)
  }, 120_000)

  test('[profile "deploy"] in config is deploy, and is replaced in place', async () => {
    const config = '[profile "deploy"]\nregion = us-west-2\n\n[default]\nregion = us-east-1\n'
    writeFileSync(files.config, config, { mode: 0o600 })
    expect(awsCliReads(files, 'deploy', 'region')).toBe('us-west-2')
    await runWithProfile('deploy', true, () => {
      expect(awsCliReads(files, 'deploy', 'region')).toBe('eu-central-1')
      expect(read(files.config)).toMatch(
        /^\[profile deploy\]\nregion = eu-central-1\n\n\[default\]/
      )
    })
    expect(read(files.config)).toBe(config)
  }, 120_000)

  test('a file the AWS CLI refuses is refused too, before a code is spent', async () => {
    const credentials =
      '[deploy]\naws_access_key_id = AKIAOLDDEPLOYKEY0001\n\n[deploy]\naws_access_key_id = AKIAX\n'
    writeFileSync(files.credentials, credentials, { mode: 0o600 })
    expect(awsCliReads(files, 'deploy', 'aws_access_key_id')).toBeInstanceOf(Error)
    const { result, emu } = await runWithProfile('ci', true)
    expectFailure(
      result,
      /The AWS CLI cannot read .*credentials .*line 4: section \[deploy\] a second time/
    )
    expect(emu.requests).toHaveLength(0)
    expect(read(files.credentials)).toBe(credentials)
  }, 120_000)
})

describe('one file for both, modes, and what the action created', () => {
  test('the same file as credentials and config file: both sections, and the AWS CLI reads them', async () => {
    const both = join(dir, 'aws-both')
    const original = '[default]\nregion = us-east-1\n'
    writeFileSync(both, original, { mode: 0o640 })
    const paths = { credentials: both, config: both }
    await runWithProfile(
      'deploy',
      false,
      () => {
        expect(seen('deploy', paths)).toEqual({
          key: expect.stringMatching(NEW_KEY),
          region: 'eu-central-1'
        })
        expect(awsCliReads(paths, 'default', 'region')).toBe('us-east-1')
      },
      paths
    )
    expect(read(both)).toBe(original)
    expect(mode(both)).toBe(0o640)

    await runWithProfile(
      'default',
      true,
      () => {
        expect(seen('default', paths)).toEqual({
          key: expect.stringMatching(NEW_KEY),
          region: 'eu-central-1'
        })
        expect(read(both).match(/\[default\]/g)).toHaveLength(1)
      },
      paths
    )
    expect(read(both)).toBe(original)
  }, 120_000)

  test('the post step removes ~/.aws when the action created it, and puts back modes', async () => {
    const home = join(dir, 'home')
    mkdirSync(home, { mode: 0o755 })
    const aws = join(home, '.aws')
    const inHome = { credentials: join(aws, 'credentials'), config: join(aws, 'config') }
    await runWithProfile(
      'deploy',
      false,
      () => {
        expect(mode(aws)).toBe(0o700)
        expect(mode(inHome.credentials)).toBe(0o600)
        expect(awsCliReads(inHome, 'deploy', 'aws_access_key_id')).toMatch(NEW_KEY)
      },
      inHome,
      { HOME: home }
    )
    expect(existsSync(aws)).toBe(false)

    // A folder that was there stays, and so do the files' modes.
    mkdirSync(aws, { mode: 0o755 })
    writeFileSync(inHome.config, '[default]\nregion = us-east-1\n', { mode: 0o644 })
    chmodSync(inHome.config, 0o644)
    await runWithProfile('deploy', false, () => expect(mode(inHome.config)).toBe(0o600), inHome)
    expect(mode(inHome.config)).toBe(0o644)
    expect(existsSync(inHome.credentials)).toBe(false)
    expect(mode(aws)).toBe(0o755)
  }, 120_000)
})

describe('symbolic links and folders others can write', () => {
  test('a folder others can write is refused before a code, and a link planted there is not followed', async () => {
    const shared = join(dir, 'shared')
    mkdirSync(shared)
    chmodSync(shared, 0o1777)
    const victim = join(dir, 'victim')
    writeFileSync(victim, 'precious\n')
    const planted = { credentials: join(shared, 'credentials'), config: join(shared, 'config') }
    symlinkSync(victim, planted.credentials)
    const { result, emu } = await runWithProfile('deploy', false, () => {}, planted)
    expectFailure(
      result,
      new RegExp(
        `Refusing to use the folder ${shared}: its group or other users can write it \\(mode 1777\\)`
      )
    )
    expect(emu.requests).toHaveLength(0)
    expect(read(victim)).toBe('precious\n')
    expect(existsSync(planted.config)).toBe(false)
  }, 120_000)

  test("the user's own link (a dotfiles repository) is written through, kept, and restored", async () => {
    const dotfiles = join(dir, 'dotfiles')
    mkdirSync(dotfiles, { mode: 0o700 })
    const real = join(dotfiles, 'aws-credentials')
    const original =
      '[default]\naws_access_key_id = AKIADEFAULTKEY000001\naws_secret_access_key = d\n'
    writeFileSync(real, original, { mode: 0o600 })
    symlinkSync(real, files.credentials)
    await runWithProfile('deploy', false, () => {
      expect(lstatSync(files.credentials).isSymbolicLink()).toBe(true)
      expect(awsCliReads(files, 'deploy', 'aws_access_key_id')).toMatch(NEW_KEY)
    })
    expect(readlinkSync(files.credentials)).toBe(real)
    expect(read(real)).toBe(original)
  }, 120_000)
})
