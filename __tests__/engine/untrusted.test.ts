import { describe, expect, it } from '@jest/globals'
import { checkCredentials, UntrustedAnswer, type Expected } from '../../src/engine/untrusted.js'
import { ActionError } from '../../src/engine/errors.js'
import { makeCredentials } from '../helpers/fixtures.js'

const NOW = Date.parse('2026-06-01T12:00:00Z')
const ROLE = 'arn:aws:iam::123456789012:role/team/deploy'
const expected: Expected = {
  roleArn: ROLE,
  sessionName: 'GitHubActions-4242-1',
  durationSeconds: 3600,
  nowMs: NOW
}
/** What assumeRole returns for a well-formed answer to `expected`, one hour long. */
const good = (overrides = {}) =>
  makeCredentials({ expiration: new Date(NOW + 3600_000), ...overrides })

const problemOf = (credentials: ReturnType<typeof good>, exp: Expected = expected) => {
  try {
    checkCredentials(credentials, exp)
  } catch (error) {
    expect(error).toBeInstanceOf(UntrustedAnswer)
    expect(error).toBeInstanceOf(ActionError)
    return (error as Error).message
  }
  return undefined
}

describe('checkCredentials', () => {
  it('takes what STS gives: the session of the role asked for, in the duration asked for', () => {
    expect(problemOf(good())).toBeUndefined()
    // AWS's clock may be some minutes ahead of the runner's.
    expect(problemOf(good({ expiration: new Date(NOW + 3600_000 + 10 * 60_000) }))).toBeUndefined()
  })

  it.each([
    [
      'expired',
      { expiration: new Date(NOW - 1) },
      'Expiration 2026-06-01T11:59:59.999Z is not in the future'
    ],
    ['no date', { expiration: new Date('soon') }, 'Expiration is not a date'],
    [
      'years ahead',
      { expiration: new Date('2099-01-01T00:00:00Z') },
      'later than the 3600 s asked for'
    ],
    ['a key id with a line break', { accessKeyId: 'ASIAQWERTY\nUIOPASDFGH' }, 'AccessKeyId is not'],
    ['a short key id', { accessKeyId: 'ASIA' }, 'AccessKeyId is not'],
    [
      'a secret with an escape',
      { secretAccessKey: 'roleSecret\u001b[31mKeyValue0123456789' },
      'SecretAccessKey is not'
    ],
    [
      'a token with a section',
      { sessionToken: 'FwoGZXIvYXdzEJr\n[default]' },
      'SessionToken is not'
    ],
    [
      'another role',
      { arn: 'arn:aws:sts::123456789012:assumed-role/admin/GitHubActions-4242-1' },
      `is not a session 'GitHubActions-4242-1' of ${ROLE}`
    ],
    [
      'another account',
      { arn: 'arn:aws:sts::210987654321:assumed-role/deploy/GitHubActions-4242-1' },
      'is not a session'
    ],
    [
      'another session',
      { arn: 'arn:aws:sts::123456789012:assumed-role/deploy/someone-else' },
      'is not a session'
    ],
    [
      'another partition',
      { arn: 'arn:aws-cn:sts::123456789012:assumed-role/deploy/GitHubActions-4242-1' },
      'is not a session'
    ],
    [
      'a line break in the ARN',
      { arn: 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions-4242-1\n::warning::x' },
      'GitHubActions-4242-1\\u000a::warning::x: it is not an assumed-role ARN'
    ],
    [
      'an account that is not the ARN’s',
      { accountId: '210987654321' },
      'the account is not the ARN’s'
    ]
  ])('refuses %s, saying which', (_name, overrides, says) => {
    const message = problemOf(good(overrides))
    expect(message).toContain(
      "STS's answer to AssumeRole failed its checks, so nothing was exported"
    )
    expect(message).toContain(says)
    expect(message).not.toContain('\n')
    expect(message).not.toContain('\u001b')
  })

  it('never quotes a secret or a token, even a malformed one', () => {
    const secretAccessKey = 'not a secret, but maybe one'
    const sessionToken = 'not a token\n'
    const message = problemOf(good({ secretAccessKey, sessionToken })) ?? ''
    expect(message).not.toContain(secretAccessKey)
    expect(message).not.toContain(sessionToken.trim())
  })

  it('reports every problem at once', () => {
    const message = problemOf(good({ accessKeyId: 'x', expiration: new Date(NOW - 1) })) ?? ''
    expect(message).toContain('AccessKeyId is not')
    expect(message).toContain('not in the future')
  })

  it('without a role, wants an IAM user’s ARN (a GetSessionToken session)', () => {
    const user = { ...expected, roleArn: '' }
    const session = good({ arn: 'arn:aws:iam::123456789012:user/ci' })
    expect(problemOf(session, user)).toBeUndefined()
    expect(problemOf(good(), user)).toMatch(
      /GetSessionToken failed its checks.*it is not the ARN of an IAM user/
    )
  })
})
