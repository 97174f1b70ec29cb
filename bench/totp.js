// @ts-check
/** RFC 6238 with node:crypto alone, for the benchmark's floors: SHA-1, 6 digits, 30 s. */
import { createHmac } from 'node:crypto'

/**
 * @param {string} seed  base32, upper case, no padding
 * @param {number} epochMs
 */
export function totp(seed, epochMs) {
  let bits = ''
  for (const char of seed) {
    bits += 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'.indexOf(char).toString(2).padStart(5, '0')
  }
  const key = Buffer.from((bits.match(/.{8}/g) ?? []).map(byte => parseInt(byte, 2)))
  const counter = Buffer.alloc(8)
  counter.writeBigUInt64BE(BigInt(Math.floor(epochMs / 30_000)))
  const mac = createHmac('sha1', key).update(counter).digest()
  const offset = mac[19] & 0xf
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, '0')
}
