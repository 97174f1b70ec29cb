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

describe('post with the credentials endpoint', () => {
  /** A server that has gone already, and its log with a failed renewal naming the account. */
  function endpointState(hideAccounts: boolean): string {
    const folder = mkdtempSync(join(dir, 'aws-assume-role-mfa-'))
    writeFileSync(
      join(folder, 'server.log'),
      '2026-12-02T10:40:00.000Z renewal-failed arn:aws:iam::123456789012:role/deploy: TimeoutError\n' +
        '2026-12-02T11:00:00.000Z stopped by SIGTERM\n'
    )
    // No token file: the post step signals nothing, and summarises the log.
    return JSON.stringify({ pid: 2 ** 22 + 7, port: 1, dir: folder, hideAccounts })
  }

  it('hides account ids as the main step decided, whatever the input says now', async () => {
    process.env.STATE_credentialsEndpoint = endpointState(true)
    process.env['INPUT_MASK-AWS-ACCOUNT-ID'] = 'false'
    await post()
    expect(stdout).toContain('last failure: arn:aws:iam::***:role/deploy: TimeoutError')
    expect(stdout).not.toContain('123456789012')
  })

  it('leaves them readable when the main step did not mask them', async () => {
    process.env.STATE_credentialsEndpoint = endpointState(false)
    process.env['INPUT_MASK-AWS-ACCOUNT-ID'] = 'true'
    await post()
    expect(stdout).toContain('last failure: arn:aws:iam::123456789012:role/deploy: TimeoutError')
  })

  it('leaves a state it cannot trust alone, with a warning, and still restores the files', async () => {
    const outside = mkdtempSync(join(dir, 'not-ours-'))
    process.env.STATE_credentialsEndpoint = JSON.stringify({
      pid: 2 ** 22 + 7,
      port: 1,
      dir: outside,
      hideAccounts: false
    })
    const files = { credentials: join(dir, 'credentials'), config: join(dir, 'config') }
    writeFileSync(files.credentials, '[default]\naws_access_key_id = AKIAOWN\n')
    process.env.STATE_profileSnapshot = saveSnapshots(snapshotFiles(files), dir)
    writeFileSync(files.credentials, 'changed\n')
    await post()
    expect(stdout).toMatch(
      /^::warning::Could not stop the credentials endpoint: the state credentialsEndpoint/m
    )
    expect(existsSync(outside)).toBe(true)
    expect(readFileSync(files.credentials, 'utf8')).toBe('[default]\naws_access_key_id = AKIAOWN\n')
  })
})
