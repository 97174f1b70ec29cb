import { describe, expect, it } from '@jest/globals'
import { checkAllowedAccount } from '../../src/engine/allowed-accounts.js'
import { ActionError } from '../../src/engine/errors.js'

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
