/** Whether an existing role's trust policy lets the user in with MFA: init uses such a role as it is. */
import { describe, expect, test } from '@jest/globals'
import { trustFits, trustPolicy } from '../../src/cli/trust-policy.js'

const USER = 'arn:aws:iam::123456789012:user/ci-deploy'

const policy = (statement: Record<string, unknown>) =>
  JSON.stringify({ Version: '2012-10-17', Statement: [statement] })
const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }

describe('trustFits', () => {
  test('the policy init writes fits, and names the user and both MFA conditions', () => {
    const written = trustPolicy(USER, 300)
    expect(trustFits(written, USER)).toBe(true)
    expect(JSON.parse(written).Statement[0].Condition).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '300' }
    })
  })

  test.each([
    ['the account root, as ARN', 'arn:aws:iam::123456789012:root', true],
    ['the account, as its id', '123456789012', true],
    ['a list holding the user', ['arn:aws:iam::123456789012:user/other', USER], true],
    ['another user', 'arn:aws:iam::123456789012:user/other', false],
    ['another account', 'arn:aws:iam::999999999999:root', false]
  ])('principal: %s', (_, principal, fits) => {
    const document = policy({
      Effect: 'Allow',
      Principal: { AWS: principal },
      Action: 'sts:AssumeRole',
      Condition: MFA
    })
    expect(trustFits(document, USER)).toBe(fits)
  })

  test('without the MFA condition, or with BoolIfExists (which long-term keys pass), it does not fit', () => {
    const base = { Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }
    expect(trustFits(policy(base), USER)).toBe(false)
    const ifExists = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }
    expect(trustFits(policy({ ...base, Condition: ifExists }), USER)).toBe(false)
  })

  test('a Deny statement, another action or a policy that is not JSON does not fit', () => {
    const base = { Principal: { AWS: USER }, Condition: MFA }
    expect(trustFits(policy({ ...base, Effect: 'Deny', Action: 'sts:AssumeRole' }), USER)).toBe(
      false
    )
    expect(trustFits(policy({ ...base, Effect: 'Allow', Action: 'sts:TagSession' }), USER)).toBe(
      false
    )
    expect(trustFits('{', USER)).toBe(false)
  })
})
