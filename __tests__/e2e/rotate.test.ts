/**
 * `aws-assume-role-mfa rotate access-key` end to end: the built dist/cli/index.js run as an
 * administrator runs it, against the emulator's IAM and STS, with a fake `gh` first on PATH; and
 * meanwhile the built action, run as the runner runs it (harness.ts), by a job that started with the
 * old key, then by one that starts with the secrets the rotation stored.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { installFakeGh } from '../support/fake-gh.js'
import {
  ACCOUNT,
  ADMIN,
  REGION,
  SHORT_PERIOD,
  callerArn,
  inputsFor,
  otpauthUri,
  world
} from './fixtures.js'
import { cleanEnv, cli, expectFailure, job, start, type Job, type Run } from './harness.js'

const ASSUMED = new RegExp(`^arn:aws:sts::${ACCOUNT}:assumed-role/deploy/`)

let scratch: string
let gh: ReturnType<typeof installFakeGh>

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'rotate-e2e-'))
  gh = installFakeGh(scratch)
})

afterEach(() => rmSync(scratch, { recursive: true, force: true }))

/** The built CLI, as an administrator runs it: the emulator, the fake gh, nothing else. */
function rotateCli(
  url: string,
  args: string[],
  onStderr: (text: string) => void = () => {}
): Promise<Run> {
  const env = cleanEnv(scratch, {
    PATH: `${gh.bin}:${process.env.PATH ?? '/usr/bin:/bin'}`,
    AWS_ACCESS_KEY_ID: ADMIN.accessKeyId,
    AWS_SECRET_ACCESS_KEY: ADMIN.secretAccessKey,
    AWS_ENDPOINT_URL: url,
    AWS_REGION: REGION,
    FAKE_GH_SET_DELAY_MS: '5000',
    ...gh.env
  })
  return cli(['rotate', ...args], env, { cwd: scratch, onStderr })
}

describe('rotate access-key', () => {
  test('a job that started with the old key and one that starts with the new both get credentials', async () => {
    const { user, seed, config } = world(undefined, SHORT_PERIOD)
    const emu = await start({ ...config, users: [...config.users, ADMIN] })
    gh.preset({ 'octo/app#': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_MFA_SEED'] })
    const seedInput = otpauthUri(seed, SHORT_PERIOD)
    const oldInputs = { ...inputsFor(emu.url, user, seed), 'mfa-seed': seedInput }

    // The rotation, held for a while in each `gh secret set`: the old key is Active meanwhile.
    let startedWithOld: Promise<Job> | undefined
    const rotation = rotateCli(
      emu.url,
      ['access-key', '--user-name', 'ci', '--github-repo', 'octo/app'],
      stderr => {
        // A job whose secrets were read before the change reaches the action now.
        if (!startedWithOld && stderr.includes('STS accepts the new key')) {
          startedWithOld = job(oldInputs, { 'user secret key': user.secretAccessKey })
        }
      }
    )
    const rotated = await rotation
    expect(rotated.stderr).not.toMatch(/failed/)
    expect(rotated.code).toBe(0)
    expect(startedWithOld).toBeDefined()
    const first = await (startedWithOld as Promise<Job>)
    expect({ exit: first.main.exitCode, log: first.main.stdout }).toMatchObject({ exit: 0 })
    // It asked STS with the old key before the key was made Inactive...
    const actions = emu.requests.map(r => `${r.action}:${r.accessKeyId}`)
    expect(actions.indexOf(`AssumeRole:${user.accessKeyId}`)).toBeGreaterThanOrEqual(0)
    expect(actions.indexOf(`AssumeRole:${user.accessKeyId}`)).toBeLessThan(
      actions.findIndex(a => a.startsWith('UpdateAccessKey:'))
    )
    // ...and the role session it holds outlives the old key's deactivation.
    await expect(callerArn(emu.url, first.main.env)).resolves.toMatch(ASSUMED)

    // A job that starts now gets the new secrets, and credentials with them.
    const stored = gh.secrets()
    expect(stored.AWS_ACCESS_KEY_ID).not.toBe(user.accessKeyId)
    const newKey = {
      accessKeyId: stored.AWS_ACCESS_KEY_ID,
      secretAccessKey: stored.AWS_SECRET_ACCESS_KEY
    }
    const second = await job(
      { ...inputsFor(emu.url, newKey, seed), 'mfa-seed': seedInput },
      { 'new secret key': newKey.secretAccessKey }
    )
    expect({ exit: second.main.exitCode, log: second.main.stdout }).toMatchObject({ exit: 0 })
    await expect(callerArn(emu.url, second.main.env)).resolves.toMatch(ASSUMED)

    // The old key, now Inactive, gets nothing: STS does not know it.
    expectFailure(await job(oldInputs), /InvalidClientTokenId|security token/i)
  }, 150_000)
})

describe('rotate mfa-device', () => {
  test('jobs with the old serial and seed and jobs with the new pair both get credentials; after --retire, only the new', async () => {
    const { user, seed, config } = world()
    const emu = await start({ ...config, users: [...config.users, ADMIN] })
    gh.preset({ 'octo/app#': ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_MFA_SEED'] })
    const made = await rotateCli(emu.url, [
      'mfa-device',
      '--user-name',
      'ci',
      '--device-name',
      'ci-2',
      '--github-secret',
      'AWS_MFA_SEED_2',
      '--github-repo',
      'octo/app'
    ])
    expect(made.stderr).not.toMatch(/failed/)
    expect(made.code).toBe(0)
    const NEW = `arn:aws:iam::${ACCOUNT}:mfa/ci-2`
    expect(made.stdout).toContain(`mfa-serial: ${NEW}`)
    const newSeed = gh.secrets().AWS_MFA_SEED_2
    expect(made.stdout + made.stderr).not.toContain(newSeed)

    // A run of the old commit: the old pair. A run of the new commit: the new pair.
    const oldPair = inputsFor(emu.url, user, seed)
    const newPair = { ...oldPair, 'mfa-serial': NEW, 'mfa-seed': newSeed }
    for (const inputs of [oldPair, newPair]) {
      const result = await job(inputs, { 'user secret key': user.secretAccessKey })
      expect({ exit: result.main.exitCode, log: result.main.stdout }).toMatchObject({ exit: 0 })
      await expect(callerArn(emu.url, result.main.env)).resolves.toMatch(ASSUMED)
    }

    const retired = await rotateCli(emu.url, [
      'mfa-device',
      '--user-name',
      'ci',
      '--retire',
      oldPair['mfa-serial'],
      '--delete-secret',
      'AWS_MFA_SEED',
      '--github-repo',
      'octo/app'
    ])
    expect(retired.stderr).not.toMatch(/failed/)
    expect(retired.code).toBe(0)
    expect(gh.names()['octo/app#']).toEqual([
      'AWS_ACCESS_KEY_ID',
      'AWS_SECRET_ACCESS_KEY',
      'AWS_MFA_SEED_2'
    ])
    expect(emu.iamState().devices).toEqual([`${NEW} enabled for ci`])
    // The old pair gets nothing now: STS does not know the device.
    expectFailure(await job(oldPair), /MFA/)
  }, 150_000)
})
