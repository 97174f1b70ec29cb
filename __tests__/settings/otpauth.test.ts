import { describe, expect, it } from '@jest/globals'
import { OTPAUTH_PREFIX, parseOtpauthUri } from '../../src/settings/otpauth.js'

const SECRET = 'JBSWY3DPEHPK3PXP'

describe('parseOtpauthUri', () => {
  it('reads the secret and AWS’s defaults from a minimal URI', () => {
    expect(parseOtpauthUri(`otpauth://totp/AWS:ci?secret=${SECRET}`)).toEqual({
      params: { secret: SECRET, digits: 6, period: 30, algorithm: 'sha1' }
    })
  })

  it('honours algorithm and period, in any case, and normalises the secret', () => {
    const uri = `OTPAUTH://TOTP/x?secret=${SECRET.toLowerCase()}%3D%3D&algorithm=sha512&period=45`
    expect(OTPAUTH_PREFIX.test(uri)).toBe(true)
    expect(parseOtpauthUri(uri)).toEqual({
      params: { secret: SECRET, digits: 6, period: 45, algorithm: 'sha512' }
    })
  })

  it.each([
    ['otpauth://hotp/x?secret=S', 'not for a time-based'],
    ['otpauth://totp/x', 'no secret='],
    [`otpauth://totp/x?secret=${SECRET}&algorithm=SHA3`, 'algorithm other than'],
    [`otpauth://totp/x?secret=${SECRET}&digits=7`, '6-digit codes only'],
    [`otpauth://totp/x?secret=${SECRET}&period=5`, 'period'],
    [`otpauth://totp/x?secret=${SECRET}&period=30s`, 'period'],
    ['otpauth://[', 'not a valid URI']
  ])('says what is wrong with %s, never quoting it', (uri, problem) => {
    const result = parseOtpauthUri(uri)
    expect(result).toEqual({ problem: expect.stringContaining(problem) })
    expect(JSON.stringify(result)).not.toContain(SECRET)
  })
})
