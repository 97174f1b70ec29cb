import { describe, expect, it } from '@jest/globals'
import {
  UnusableSession,
  openSession,
  sealSession,
  type RunBinding
} from '../../src/engine/shared-session.js'
import { DEVICE_SEED, RFC_SEED } from '../helpers/fixtures.js'

const RUN: RunBinding = { repository: 'octo-org/octo-repo', runId: '1658821493' }
const SESSION = {
  accessKeyId: 'ASIAQWERTYUIOPASDFGH',
  secretAccessKey: 'sessionSecret/Key+Value0123456789abcdefgh',
  // GetSessionToken tokens run to several hundred characters.
  sessionToken: `IQoJb3JpZ2luX2Vj${'A'.repeat(1000)}`,
  expiration: new Date('2030-01-02T03:04:05.000Z')
}

function refusal(open: () => unknown): string {
  try {
    open()
  } catch (error) {
    expect(error).toBeInstanceOf(UnusableSession)
    return (error as Error).message
  }
  throw new Error('opened')
}

describe('the sealed MFA session', () => {
  it('opens to the same session, with the same seed, in the same run', () => {
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN)
    expect(openSession(sealed, DEVICE_SEED, RUN)).toEqual(SESSION)
  })

  it('keeps when the session was asked for (aws:MultiFactorAuthAge counts from then), if known', () => {
    const issuedAt = new Date('2026-12-04T22:00:00.000Z')
    const sealed = sealSession({ ...SESSION, issuedAt }, DEVICE_SEED, RUN)
    expect(openSession(sealed, DEVICE_SEED, RUN)).toEqual({ ...SESSION, issuedAt })
    expect(
      openSession(sealSession(SESSION, DEVICE_SEED, RUN), DEVICE_SEED, RUN)
    ).not.toHaveProperty('issuedAt')
  })

  it('is versioned, small, and shows nothing of the session', () => {
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN)
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/)
    expect(sealed.length).toBeLessThan(2 * 1024)
    for (const value of [SESSION.accessKeyId, SESSION.secretAccessKey, 'IQoJb3JpZ2lu', 'AAAAAA']) {
      expect(sealed).not.toContain(value)
    }
    expect(sealSession(SESSION, DEVICE_SEED, RUN)).not.toBe(sealed)
  })

  it('does not open with another seed', () => {
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN)
    expect(refusal(() => openSession(sealed, RFC_SEED, RUN))).toMatch(
      /does not open in run 1658821493 of octo-org\/octo-repo with this mfa-seed/
    )
  })

  it.each([
    ['another run', { ...RUN, runId: '1658821494' }],
    ['another repository', { ...RUN, repository: 'octo-org/fork' }]
  ])('does not open in %s', (_name, binding) => {
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN)
    expect(refusal(() => openSession(sealed, DEVICE_SEED, binding))).toMatch(
      /made by another workflow run or repository, with another seed, or altered/
    )
  })

  it('does not open once any byte is altered', () => {
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN)
    const bytes = Buffer.from(sealed.slice(3), 'base64url')
    for (const at of [0, 20, 40, bytes.length - 1]) {
      const altered = Buffer.from(bytes)
      altered[at] ^= 1
      const tampered = `v1.${altered.toString('base64url')}`
      expect(refusal(() => openSession(tampered, DEVICE_SEED, RUN))).toMatch(/or altered/)
    }
    expect(refusal(() => openSession(sealed.slice(0, 40), DEVICE_SEED, RUN))).toMatch(
      /truncated|altered/
    )
  })

  it('opens when only what base64url decoding skips is changed: the tag covers the bytes, not the text', () => {
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN)
    const body = sealed.slice(3)
    for (const same of [
      `v1.${body.slice(0, 10)}\n ${body.slice(10)}`,
      `v1.${body}==`,
      `v1.${body.replaceAll('-', '+').replaceAll('_', '/')}`
    ]) {
      expect(openSession(same, DEVICE_SEED, RUN)).toEqual(SESSION)
    }
  })

  it('names another version of the format, and what is not a session at all', () => {
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN)
    expect(refusal(() => openSession(`v2.${sealed.slice(3)}`, DEVICE_SEED, RUN))).toMatch(
      /another version of the action \(format v2; this one reads v1\)/
    )
    expect(refusal(() => openSession('', DEVICE_SEED, RUN))).toMatch(
      /not an MFA session made by share-mfa-session/
    )
  })

  it('is sealed again when it would contain a masked value, which GitHub would drop', () => {
    // A masked value that the first blob happens to contain: the next one must not.
    const first = sealSession(SESSION, DEVICE_SEED, RUN)
    const masked = [first.slice(10, 16)]
    const sealed = sealSession(SESSION, DEVICE_SEED, RUN, masked)
    expect(sealed).not.toContain(masked[0])
    expect(openSession(sealed, DEVICE_SEED, RUN)).toEqual(SESSION)
    // Rather no output than one that GitHub silently drops.
    expect(() => sealSession(SESSION, DEVICE_SEED, RUN, ['v1.'])).toThrow(/masked value/)
  })
})
