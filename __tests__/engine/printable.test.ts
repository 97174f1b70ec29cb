import { describe, expect, it } from '@jest/globals'
import { printable } from '../../src/engine/printable.js'

describe('printable', () => {
  it('leaves ordinary text as it is, Unicode letters included', () => {
    expect(printable('arn:aws:sts::123456789012:assumed-role/deploy/é-ü')).toBe(
      'arn:aws:sts::123456789012:assumed-role/deploy/é-ü'
    )
  })

  it.each([
    ['a line break', 'a\n::warning::b', 'a\\u000a::warning::b'],
    ['a carriage return', 'a\rb', 'a\\u000db'],
    ['a terminal escape', 'a\u001b[31mb', 'a\\u001b[31mb'],
    ['a bell', 'a\u0007', 'a\\u0007'],
    ['a C1 control', 'a\u0085b', 'a\\u0085b'],
    ['a line separator', 'a\u2028b', 'a\\u2028b'],
    ['a bidirectional override', 'a\u202eb', 'a\\u202eb']
  ])('shows %s as an escape', (_name, text, shown) => {
    expect(printable(text)).toBe(shown)
  })

  it('cuts long text', () => {
    expect(printable('x'.repeat(500))).toBe(`${'x'.repeat(200)}…`)
    expect(printable('x'.repeat(50), 10)).toBe(`${'x'.repeat(10)}…`)
  })
})
