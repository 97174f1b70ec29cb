/**
 * The deliverers: each way credentials leave the main step, in order, with its undo. A failure
 * part-way leaves nothing half delivered: what was delivered before is taken back, last first.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { parseFileCommand } from '../support/runner.js'
import {
  DELIVERERS,
  deliver,
  endpointDeliverer,
  environment,
  writeAwsProfiles,
  type Deliverer,
  type Delivery
} from '../../src/action/deliver.js'
import type { StartedEndpoint } from '../../src/action/endpoint.js'
import { writeProfile } from '../../src/action/profile.js'
import type { Settings } from '../../src/settings/settings.js'
import { makeCredentials, makeSettings } from '../helpers/fixtures.js'

let dir: string
let stdout: string
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'deliver-test-'))
  stdout = ''
  for (const name of Object.keys(process.env)) {
    if (/^(INPUT_|AWS_|STATE_)/.test(name)) delete process.env[name]
  }
  for (const file of ['env', 'output', 'state']) writeFileSync(join(dir, file), '')
  Object.assign(process.env, {
    GITHUB_ENV: join(dir, 'env'),
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STATE: join(dir, 'state'),
    RUNNER_TEMP: dir,
    AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
    AWS_CONFIG_FILE: join(dir, 'config')
  })
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

const read = (file: string) => parseFileCommand(readFileSync(join(dir, file), 'utf8'))

const DEPLOY = makeCredentials({
  accessKeyId: 'ASIADEPLOYROLEKEY001',
  arn: 'arn:aws:sts::123456789012:assumed-role/deploy/s'
})
const READER = makeCredentials({
  accessKeyId: 'ASIAREADERROLEKEY001',
  arn: 'arn:aws:sts::123456789012:assumed-role/read-only/s'
})
const MFA_SESSION = {
  accessKeyId: 'ASIAMFASESSIONKEY001',
  secretAccessKey: 'mfa/session+secret0123456789abcdefghijk',
  sessionToken: 'mfa-session-token',
  expiration: new Date('2030-01-01T00:00:00Z')
}

function delivery(overrides: Partial<Settings> = {}, mfaSession = false): Delivery {
  return {
    settings: makeSettings(overrides),
    roles: [DEPLOY, READER],
    obtained: {
      roles: [DEPLOY, READER],
      proof: 'code',
      ...(mfaSession && { mfaSession: MFA_SESSION })
    },
    mask: () => {}
  }
}

const ORIGINAL = '[default]\naws_access_key_id = AKIAOWNKEYOFTHEUSER1\n'

describe('DELIVERERS', () => {
  it('run what can be undone first, the environment and outputs after', () => {
    expect(DELIVERERS.map(d => d.name)).toEqual([
      'endpoint',
      'profiles',
      'environment',
      'outputs',
      'shared MFA session'
    ])
  })
})

describe('deliver', () => {
  /** A deliverer that records what it did and undid, and fails when told to. */
  function recording(name: string, log: string[], fails = false, wanted = true): Deliverer {
    return {
      name,
      wanted: () => wanted,
      deliver() {
        if (fails) throw new Error(`${name} failed`)
        log.push(`delivered ${name}`)
        return () => log.push(`undid ${name}`)
      },
      report: () => `report of ${name}`
    }
  }

  it('delivers the wanted ones in order, and returns them for the report', async () => {
    const log: string[] = []
    const delivered = await deliver(delivery(), [
      recording('a', log),
      recording('skipped', log, false, false),
      recording('b', log)
    ])
    expect(log).toEqual(['delivered a', 'delivered b'])
    expect(delivered.map(d => d.name)).toEqual(['a', 'b'])
  })

  it('undoes those before a failing one, last first, and throws its error', async () => {
    const log: string[] = []
    const run = deliver(delivery(), [
      recording('a', log),
      recording('b', log),
      recording('c', log, true),
      recording('d', log)
    ])
    await expect(run).rejects.toThrow('c failed')
    expect(log).toEqual(['delivered a', 'delivered b', 'undid b', 'undid a'])
  })

  it('goes on undoing when an undo fails, with a warning', async () => {
    const log: string[] = []
    const broken: Deliverer = {
      name: 'broken undo',
      wanted: () => true,
      deliver: () => () => {
        throw new Error('cannot')
      }
    }
    const run = deliver(delivery(), [recording('a', log), broken, recording('c', log, true)])
    await expect(run).rejects.toThrow('c failed')
    expect(log).toEqual(['delivered a', 'undid a'])
    expect(stdout).toMatch(/^::warning::Could not take back a delivery: cannot/m)
  })
})

describe('the profiles', () => {
  const settings = { awsProfile: { names: ['deploy', 'reader'], overwrite: false } }

  it('writes each role to its profile; the undo puts the files back', () => {
    writeFileSync(join(dir, 'credentials'), ORIGINAL)
    const undo = writeAwsProfiles(delivery(settings))
    const written = readFileSync(join(dir, 'credentials'), 'utf8')
    expect(written).toContain('[deploy]')
    expect(written).toContain('aws_access_key_id = ASIAREADERROLEKEY001')
    expect(read('state').profileSnapshot).toMatch(/profile-files\.json$/)
    undo()
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe(ORIGINAL)
    expect(existsSync(join(dir, 'config'))).toBe(false)
  })

  it('a profile that cannot be written takes those written before it back', () => {
    writeFileSync(join(dir, 'credentials'), ORIGINAL)
    let calls = 0
    const failingSecond: typeof writeProfile = (...args) => {
      if (++calls === 2) throw new Error('disk full')
      return writeProfile(...args)
    }
    expect(() => writeAwsProfiles(delivery(settings), failingSecond)).toThrow('disk full')
    expect(calls).toBe(2)
    expect(readFileSync(join(dir, 'credentials'), 'utf8')).toBe(ORIGINAL)
    expect(existsSync(join(dir, 'config'))).toBe(false)
  })

  it('with the endpoint, each profile asks it, with no key', () => {
    const endpoint = { credentialProcess: (i: number) => `node server.js ${i}` }
    writeAwsProfiles({ ...delivery(settings), endpoint: endpoint as unknown as StartedEndpoint })
    const config = readFileSync(join(dir, 'config'), 'utf8')
    expect(config).toContain('credential_process = node server.js 0')
    expect(config).toContain('credential_process = node server.js 1')
    const credentials = existsSync(join(dir, 'credentials'))
      ? readFileSync(join(dir, 'credentials'), 'utf8')
      : ''
    expect(credentials).not.toContain('ASIA')
  })
})

describe('the endpoint', () => {
  /** startEndpoint's stand-in: a server that is already gone, in a folder of ours. */
  function fakeStart(): {
    start: typeof import('../../src/action/endpoint.js').startEndpoint
    folder: string
  } {
    const folder = mkdtempSync(join(dir, 'aws-assume-role-mfa-'))
    const start = async () => ({
      pid: 2 ** 22 + 7,
      port: 45678,
      dir: folder,
      uri: (i: number) => `http://127.0.0.1:45678/credentials${i ? `/${i}` : ''}`,
      token: 'endpoint-token-0123456789abcdefghijklmnopqrstuv',
      tokenFile: join(folder, 'token'),
      credentialProcess: (i: number) => `node server.js ${i}`
    })
    return { start, folder }
  }

  it.each([true, false])(
    'saves where the server is, with mask-aws-account-id %s for the post step',
    async maskAccountId => {
      const { start, folder } = fakeStart()
      const d = delivery({ refreshCredentials: true, maskAccountId }, true)
      await deliver(d, [endpointDeliverer(start)])
      expect(JSON.parse(read('state').credentialsEndpoint)).toEqual({
        pid: 2 ** 22 + 7,
        port: 45678,
        dir: folder,
        hideAccounts: maskAccountId
      })
      expect(d.endpoint?.port).toBe(45678)
    }
  )

  it('is stopped, its folder gone, when a later deliverer fails', async () => {
    const { start, folder } = fakeStart()
    const failing: Deliverer = {
      name: 'failing',
      wanted: () => true,
      deliver: () => {
        throw new Error('later failure')
      }
    }
    const d = delivery({ refreshCredentials: true }, true)
    await expect(deliver(d, [endpointDeliverer(start), failing])).rejects.toThrow('later failure')
    expect(existsSync(folder)).toBe(false)
  })

  it('is not started without refresh-credentials, nor without an MFA session', () => {
    const deliverer = endpointDeliverer(fakeStart().start)
    expect(deliverer.wanted(delivery({ refreshCredentials: false }, true))).toBe(false)
    expect(deliverer.wanted(delivery({ refreshCredentials: true }, false))).toBe(false)
    expect(deliverer.wanted(delivery({ refreshCredentials: true }, true))).toBe(true)
  })

  it('the environment then gets the endpoint, and no key', async () => {
    const { start } = fakeStart()
    const d = delivery({ refreshCredentials: true }, true)
    await deliver(d, [endpointDeliverer(start), environment])
    const env = read('env')
    expect(env.AWS_CONTAINER_CREDENTIALS_FULL_URI).toBe('http://127.0.0.1:45678/credentials')
    expect(env).not.toHaveProperty('AWS_ACCESS_KEY_ID')
    expect(env.AWS_REGION).toBe('eu-central-1')
  })
})
