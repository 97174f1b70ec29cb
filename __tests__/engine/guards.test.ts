import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { ActionError } from '../../src/engine/errors.js'
import {
  checkAllowedAccount,
  existingSession,
  parseAccountIds,
  startDeadline
} from '../../src/engine/guards.js'
import { makeSettings, ROLE_ARN } from '../helpers/fixtures.js'

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

describe('checkAllowedAccount', () => {
  it('allows any account with an empty list, and listed ones', () => {
    expect(() => checkAllowedAccount('123456789012', [])).not.toThrow()
    expect(() => checkAllowedAccount('123456789012', ['123456789012'])).not.toThrow()
  })

  it('refuses an account not listed, saying nothing was exported', () => {
    expect(() => checkAllowedAccount('123456789012', ['210987654321'])).toThrow(ActionError)
    expect(() => checkAllowedAccount('123456789012', ['210987654321'])).toThrow(
      /account 123456789012 is not in allowed-account-ids \(210987654321\): nothing was exported/
    )
  })
})

describe('startDeadline', () => {
  afterEach(() => {
    jest.useRealTimers()
  })

  it('calls back at the limit with the input named', () => {
    jest.useFakeTimers()
    const onTimeout = jest.fn()
    startDeadline(5, onTimeout)
    jest.advanceTimersByTime(4999)
    expect(onTimeout).not.toHaveBeenCalled()
    jest.advanceTimersByTime(1)
    expect(onTimeout).toHaveBeenCalledWith(
      expect.stringMatching(
        /^The action did not finish within action-timeout-s \(5 s\); nothing was exported/
      )
    )
  })

  it('does nothing once cleared, or with 0', () => {
    jest.useFakeTimers()
    const onTimeout = jest.fn()
    startDeadline(5, onTimeout).clear()
    startDeadline(0, onTimeout)
    jest.advanceTimersByTime(60_000)
    expect(onTimeout).not.toHaveBeenCalled()
  })
})

describe('existingSession', () => {
  const USER = {
    name: 'ci',
    accountId: '123456789012',
    accessKeyId: 'AKIAGUARDSTESTUSER01',
    secretAccessKey: 'guards/test+secret0123456789abcdefghij'
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined
  afterEach(async () => emulator?.close())

  it('needs credentials in the environment', async () => {
    await expect(existingSession(makeSettings(), {}, 0)).resolves.toBe(
      'the job has no credentials in its environment'
    )
  })

  it('does not keep a session about to expire, and asks STS nothing then', async () => {
    const env = {
      AWS_ACCESS_KEY_ID: 'ASIAX',
      AWS_SECRET_ACCESS_KEY: 'y',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:04:00.000Z'
    }
    const now = Date.parse('2030-01-01T00:00:00.000Z')
    await expect(existingSession(makeSettings(), env, now)).resolves.toMatch(/expire at 2030/)
  })

  it('keeps a session of the role, and refuses the user itself or an invalid key', async () => {
    emulator = await startEmulator({
      users: [USER],
      roles: [{ arn: ROLE_ARN, trustedPrincipals: ['arn:aws:iam::123456789012:user/ci'] }]
    })
    const settings = makeSettings({ stsEndpoint: emulator.url, baseCredentials: USER })
    const userEnv = {
      AWS_ACCESS_KEY_ID: USER.accessKeyId,
      AWS_SECRET_ACCESS_KEY: USER.secretAccessKey
    }
    await expect(existingSession(settings, userEnv, Date.now())).resolves.toMatch(
      /are arn:aws:iam::123456789012:user\/ci, not a session of the role/
    )
    const bad = { AWS_ACCESS_KEY_ID: 'AKIANOSUCHKEY0000001', AWS_SECRET_ACCESS_KEY: 'x' }
    await expect(existingSession(settings, bad, Date.now())).resolves.toMatch(
      /GetCallerIdentity .* failed \(InvalidClientTokenId\)/
    )
    expect(emulator.requests.map(r => r.action)).toEqual(['GetCallerIdentity', 'GetCallerIdentity'])
  })
})
