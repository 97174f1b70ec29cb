/**
 * base32ByteLength stands in for otplib's base32 codec in the input checks (so that they load no
 * otplib): it must accept and refuse exactly where that codec does, and count the same bytes.
 */
import { randomInt } from 'node:crypto'
import { describe, expect, it } from '@jest/globals'
import { ScureBase32Plugin } from 'otplib'
import { base32ByteLength } from '../../src/engine/totp-params.js'

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
const codec = new ScureBase32Plugin()

/** What otplib's codec makes of the text: its byte count, or undefined when it refuses it. */
function decoded(text: string): number | undefined {
  try {
    return codec.decode(text).length
  } catch {
    return undefined
  }
}

describe('base32ByteLength, beside the codec that computes the codes', () => {
  it('agrees for every length up to 130 characters and every last character', () => {
    const disagreements: string[] = []
    let refused = 0
    for (let length = 1; length <= 130; length++) {
      for (const last of ALPHABET) {
        const text = 'Q'.repeat(length - 1) + last
        const expected = decoded(text)
        if (expected === undefined) refused++
        if (base32ByteLength(text) !== expected) disagreements.push(`${length}:${last}`)
      }
    }
    expect(disagreements).toEqual([])
    // Both answers occur, so the agreement means something.
    expect(refused).toBeGreaterThan(1000)
  })

  it('agrees on random texts', () => {
    for (let i = 0; i < 2000; i++) {
      const text = Array.from({ length: randomInt(1, 110) }, () => ALPHABET[randomInt(32)]).join('')
      expect({ text, bytes: base32ByteLength(text) }).toEqual({ text, bytes: decoded(text) })
    }
  })

  it.each([
    ['JBSWY3DPEHPK3PXP', 10],
    ['A'.repeat(64), 40],
    ['AE', 1],
    ['AB', undefined],
    ['ABC', undefined]
  ])('%s: %p bytes', (text, bytes) => {
    expect(base32ByteLength(text)).toBe(bytes)
  })
})
