import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import {
  ProfileExistsError,
  checkProfile,
  profileFiles,
  restoreFiles,
  restoreSavedSnapshots,
  saveSnapshots,
  shadowingProfile,
  snapshotFiles,
  writeProfile,
  type ProfileFiles
} from '../../src/action/profile.js'

const VALUES = {
  accessKeyId: 'ASIAPROFILETEST00001',
  secretAccessKey: 'profile/secret+key0123456789abcdefghijk',
  sessionToken: 'IQoJprofile+session+token==',
  expiration: new Date('2030-01-02T03:04:05Z'),
  region: 'eu-central-1'
}
const EXISTING_CREDENTIALS = `# my keys
[default]
aws_access_key_id = AKIAOWNKEY0000000001
aws_secret_access_key = own-secret

[prod]
aws_access_key_id = AKIAPRODKEY000000001
aws_secret_access_key = prod-secret
`
const EXISTING_CONFIG = `[default]
region = us-east-1

[profile prod]
region = us-west-2
output = json
`

let home: string
let files: ProfileFiles
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'profile-test-'))
  files = profileFiles({ HOME: home })
})
afterEach(() => rmSync(home, { recursive: true, force: true }))

const read = (path: string) => readFileSync(path, 'utf8')

describe('profileFiles', () => {
  it('uses ~/.aws by default', () => {
    expect(files).toEqual({
      credentials: join(home, '.aws', 'credentials'),
      config: join(home, '.aws', 'config')
    })
  })

  it('honours AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE', () => {
    expect(
      profileFiles({
        HOME: home,
        AWS_SHARED_CREDENTIALS_FILE: '/x/creds',
        AWS_CONFIG_FILE: '/x/conf'
      })
    ).toEqual({ credentials: '/x/creds', config: '/x/conf' })
  })
})

describe('writeProfile', () => {
  it('creates both files, owner-only, in an owner-only folder', () => {
    writeProfile(files, 'deploy', VALUES, false)
    expect(read(files.credentials)).toBe(
      '[deploy]\n' +
        '# written by aws-assume-role-mfa, expires 2030-01-02T03:04:05.000Z\n' +
        'aws_access_key_id = ASIAPROFILETEST00001\n' +
        'aws_secret_access_key = profile/secret+key0123456789abcdefghijk\n' +
        'aws_session_token = IQoJprofile+session+token==\n'
    )
    expect(read(files.config)).toBe('[profile deploy]\nregion = eu-central-1\n')
    expect(statSync(files.credentials).mode & 0o777).toBe(0o600)
    expect(statSync(files.config).mode & 0o777).toBe(0o600)
    expect(statSync(join(home, '.aws')).mode & 0o777).toBe(0o700)
  })

  it('never writes through a link planted in a folder others can write', () => {
    const shared = join(home, 'shared')
    const mine = join(home, 'mine')
    mkdirSync(shared, { mode: 0o777 })
    chmodSync(shared, 0o777) // the umask may have taken bits off
    mkdirSync(mine, { mode: 0o700 })
    writeFileSync(join(mine, 'keys'), 'precious\n', { mode: 0o600 })
    symlinkSync(join(mine, 'keys'), join(shared, 'credentials'))
    const planted = { credentials: join(shared, 'credentials'), config: join(mine, 'config') }
    expect(() => writeProfile(planted, 'deploy', VALUES, false)).toThrow(
      /others can write|group or other users can write/
    )
    expect(read(join(mine, 'keys'))).toBe('precious\n')
    expect(existsSync(join(mine, 'config'))).toBe(false)
  })

  it('adds a profile and keeps the others, comments included', () => {
    mkdirSync(join(home, '.aws'))
    writeFileSync(files.credentials, EXISTING_CREDENTIALS)
    writeFileSync(files.config, EXISTING_CONFIG)
    writeProfile(files, 'deploy', VALUES, false)
    expect(read(files.credentials)).toMatch(
      new RegExp(`^${escape(EXISTING_CREDENTIALS)}\\n\\[deploy\\]`)
    )
    expect(read(files.config)).toMatch(
      new RegExp(`^${escape(EXISTING_CONFIG)}\\n\\[profile deploy\\]`)
    )
  })

  it('names the default profile [default] in the config file', () => {
    writeProfile(files, 'default', VALUES, false)
    expect(read(files.config)).toBe('[default]\nregion = eu-central-1\n')
  })

  it('refuses to overwrite an existing profile unless asked, and writes nothing', () => {
    mkdirSync(join(home, '.aws'))
    writeFileSync(files.credentials, EXISTING_CREDENTIALS)
    writeFileSync(files.config, EXISTING_CONFIG)
    expect(() => writeProfile(files, 'prod', VALUES, false)).toThrow(ProfileExistsError)
    expect(() => writeProfile(files, 'prod', VALUES, false)).toThrow(/overwrite-aws-profile: true/)
    expect(read(files.credentials)).toBe(EXISTING_CREDENTIALS)
    expect(read(files.config)).toBe(EXISTING_CONFIG)
  })

  it('overwrites in place when asked, keeping the sections around it', () => {
    mkdirSync(join(home, '.aws'))
    writeFileSync(files.credentials, EXISTING_CREDENTIALS)
    writeFileSync(files.config, EXISTING_CONFIG)
    writeProfile(files, 'default', VALUES, true)
    const credentials = read(files.credentials)
    expect(credentials).not.toContain('own-secret')
    expect(credentials).toContain(
      '[default]\n# written by aws-assume-role-mfa, expires 2030-01-02T03:04:05.000Z\naws_access_key_id = ASIAPROFILETEST00001'
    )
    expect(credentials).toContain('\n\n[prod]\naws_access_key_id = AKIAPRODKEY000000001')
    expect(credentials.startsWith('# my keys\n[default]\n')).toBe(true)
    expect(read(files.config)).toBe(
      '[default]\nregion = eu-central-1\n\n[profile prod]\nregion = us-west-2\noutput = json\n'
    )
  })
})

describe('restoreFiles', () => {
  it('puts existing files back byte for byte', () => {
    mkdirSync(join(home, '.aws'))
    writeFileSync(files.credentials, EXISTING_CREDENTIALS)
    writeFileSync(files.config, EXISTING_CONFIG)
    const snapshots = writeProfile(files, 'prod', VALUES, true)
    restoreFiles(snapshots)
    expect(read(files.credentials)).toBe(EXISTING_CREDENTIALS)
    expect(read(files.config)).toBe(EXISTING_CONFIG)
  })

  it('removes the files it created', () => {
    const snapshots = writeProfile(files, 'deploy', VALUES, false)
    restoreFiles(snapshots)
    expect(existsSync(files.credentials)).toBe(false)
    expect(existsSync(files.config)).toBe(false)
  })
})

describe('checkProfile', () => {
  it('passes a new profile and refuses one either file has', () => {
    mkdirSync(join(home, '.aws'))
    writeFileSync(files.config, EXISTING_CONFIG)
    expect(() => checkProfile(files, 'deploy', false)).not.toThrow()
    expect(() => checkProfile(files, 'prod', false)).toThrow(
      `Profile 'prod' already exists in ${files.config}`
    )
  })
})

describe('a write that fails halfway', () => {
  it('puts the first file back and rethrows', () => {
    mkdirSync(join(home, '.aws'))
    writeFileSync(files.credentials, EXISTING_CREDENTIALS)
    writeFileSync(join(home, 'file'), '')
    const broken = { credentials: files.credentials, config: join(home, 'file', 'aws', 'config') }
    expect(() => writeProfile(broken, 'deploy', VALUES, false)).toThrow(/EEXIST|ENOTDIR/)
    expect(read(files.credentials)).toBe(EXISTING_CREDENTIALS)
  })
})

describe('saveSnapshots and restoreSavedSnapshots', () => {
  it('keep the snapshot owner-only outside the state, restore from it, then delete it', () => {
    mkdirSync(join(home, '.aws'))
    writeFileSync(files.credentials, EXISTING_CREDENTIALS)
    const temp = join(home, 'runner-temp')
    mkdirSync(temp)
    const path = saveSnapshots(snapshotFiles(files), temp)
    expect(path.startsWith(temp)).toBe(true)
    expect(statSync(path).mode & 0o777).toBe(0o600)
    writeProfile(files, 'prod', VALUES, true)
    restoreSavedSnapshots(path)
    expect(read(files.credentials)).toBe(EXISTING_CREDENTIALS)
    expect(existsSync(files.config)).toBe(false)
    expect(existsSync(path)).toBe(false)
  })
})

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

describe('shadowingProfile: a profile the SDKs would take before the credentials endpoint', () => {
  let folder: string
  beforeEach(() => {
    folder = mkdtempSync(join(tmpdir(), 'shadow-test-'))
  })
  afterEach(() => rmSync(folder, { recursive: true, force: true }))
  const env = (extra: Record<string, string> = {}) => ({
    AWS_SHARED_CREDENTIALS_FILE: join(folder, 'credentials'),
    AWS_CONFIG_FILE: join(folder, 'config'),
    ...extra
  })

  it('finds [default] with keys in the credentials file', () => {
    writeFileSync(
      join(folder, 'credentials'),
      '[other]\naws_access_key_id=A\n[default]\nAWS_Access_Key_Id = AKIA\n'
    )
    expect(shadowingProfile(env())).toEqual({
      profile: 'default',
      path: join(folder, 'credentials'),
      setting: 'aws_access_key_id'
    })
  })

  it.each(['role_arn', 'sso_session', 'credential_process', 'web_identity_token_file'])(
    'finds AWS_PROFILE’s config section with %s',
    setting => {
      writeFileSync(join(folder, 'config'), `[profile ci]\nregion = x\n${setting} = y\n`)
      expect(shadowingProfile(env({ AWS_PROFILE: 'ci' }))).toMatchObject({ profile: 'ci', setting })
    }
  )

  it('finds the AWS CLI’s AWS_DEFAULT_PROFILE too', () => {
    writeFileSync(join(folder, 'credentials'), '[cli]\naws_access_key_id = AKIA\n')
    expect(shadowingProfile(env({ AWS_DEFAULT_PROFILE: 'cli' }))?.profile).toBe('cli')
  })

  it('finds nothing in a region-only default, another profile, a comment, or a profile aws-profile writes', () => {
    writeFileSync(
      join(folder, 'config'),
      '[default]\nregion = eu-central-1\n# aws_access_key_id = x\n'
    )
    writeFileSync(join(folder, 'credentials'), '[other]\naws_access_key_id = AKIA\n')
    expect(shadowingProfile(env())).toBeUndefined()
    // AWS_PROFILE set: default is not what the SDKs select.
    writeFileSync(
      join(folder, 'credentials'),
      '[default]\naws_access_key_id = AKIA\n[ci]\nregion = x\n'
    )
    expect(shadowingProfile(env({ AWS_PROFILE: 'ci' }))).toBeUndefined()
    expect(shadowingProfile(env(), ['default'])).toBeUndefined()
  })
})
