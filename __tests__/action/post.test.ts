import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { post } from '../../src/action/post.js'
import { saveSnapshots, snapshotFiles, writeProfile } from '../../src/action/profile.js'

let dir: string
let stdout: string
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'post-test-'))
  stdout = ''
  jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    stdout += String(chunk)
    return true
  })
})

afterEach(() => {
  jest.restoreAllMocks()
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

describe('post', () => {
  it('does nothing, silently, when the main step wrote no profile', async () => {
    delete process.env.STATE_profileSnapshot
    await post()
    expect(stdout).toBe('')
  })

  it('puts the files back from the snapshot and deletes it, silently', async () => {
    const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
    writeFileSync(files.credentials, '[default]\naws_access_key_id = AKIAOWN\n')
    const snapshot = saveSnapshots(snapshotFiles(files), dir)
    writeProfile(
      files,
      'deploy',
      {
        accessKeyId: 'ASIAX',
        secretAccessKey: 's',
        sessionToken: 't',
        expiration: new Date(0),
        region: 'eu-central-1'
      },
      false
    )
    process.env.STATE_profileSnapshot = snapshot
    await post()
    expect(readFileSync(files.credentials, 'utf8')).toBe('[default]\naws_access_key_id = AKIAOWN\n')
    expect(existsSync(files.config)).toBe(false)
    expect(existsSync(snapshot)).toBe(false)
    expect(stdout).toBe('')
  })

  it('warns, without failing, when the snapshot cannot be read', async () => {
    mkdirSync(join(dir, 'gone'))
    process.env.STATE_profileSnapshot = join(dir, 'gone', 'profile-files.json')
    await post()
    expect(stdout).toMatch(/^::warning::Could not put the AWS credentials and config files back/)
    expect(process.exitCode).toBeUndefined()
  })
})
