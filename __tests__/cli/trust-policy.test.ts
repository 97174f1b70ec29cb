/**
 * Whether an existing role's trust policy lets the user in with MFA, and only with MFA, judged as
 * IAM evaluates it: init uses such a role as it is, and refuses any other.
 */
import { describe, expect, test } from '@jest/globals'
import { judgeTrust, trustPolicy } from '../../src/cli/trust-policy.js'
import { evaluatePolicies, parsePolicy } from '../support/emulator/policy.js'

const USER = 'arn:aws:iam::123456789012:user/ci-deploy'

const policy = (...statements: Record<string, unknown>[]) =>
  JSON.stringify({ Version: '2012-10-17', Statement: statements })
const MFA = { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
const ALLOW_MFA = {
  Effect: 'Allow',
  Principal: { AWS: USER },
  Action: 'sts:AssumeRole',
  Condition: MFA
}
const fits = (document: string) => judgeTrust(document, USER).problems.length === 0

describe('judgeTrust', () => {
  test('the policy init writes fits, and names the user and both MFA conditions', () => {
    const written = trustPolicy(USER, 3600)
    expect(judgeTrust(written, USER)).toEqual({ problems: [], warnings: [] })
    expect(JSON.parse(written).Statement[0].Condition).toEqual({
      Bool: { 'aws:MultiFactorAuthPresent': 'true' },
      NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' }
    })
  })

  test.each([
    ['the account root, as ARN', 'arn:aws:iam::123456789012:root', true],
    ['the account, as its id', '123456789012', true],
    ['everyone, *', '*', true],
    ['a list holding the user', ['arn:aws:iam::123456789012:user/other', USER], true],
    ['another user', 'arn:aws:iam::123456789012:user/other', false],
    ['another account', 'arn:aws:iam::999999999999:root', false]
  ])('principal: %s', (_, principal, expected) => {
    expect(fits(policy({ ...ALLOW_MFA, Principal: { AWS: principal } }))).toBe(expected)
  })

  test('Principal "*" (not under AWS) matches too', () => {
    expect(fits(policy({ ...ALLOW_MFA, Principal: '*' }))).toBe(true)
  })

  test('without the MFA condition, or with BoolIfExists (which long-term keys pass), it does not fit', () => {
    const base = { Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }
    expect(fits(policy(base))).toBe(false)
    const ifExists = { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } }
    expect(judgeTrust(policy({ ...base, Condition: ifExists }), USER).problems).toEqual([
      `statement #1 lets ${USER} in without MFA`
    ])
  })

  test('one statement without MFA beside one with it: any Allow grants, so it does not fit', () => {
    const open = {
      Effect: 'Allow',
      Principal: { AWS: USER },
      Action: 'sts:AssumeRole',
      Sid: 'Open'
    }
    expect(judgeTrust(policy(ALLOW_MFA, open), USER).problems).toEqual([
      `statement Open lets ${USER} in without MFA`
    ])
    // Also when the open statement names the account, or allows every sts action.
    const byAccount = { ...open, Principal: { AWS: '123456789012' }, Action: 'sts:*' }
    expect(fits(policy(ALLOW_MFA, byAccount))).toBe(false)
    // NotAction that leaves sts:AssumeRole allowed.
    const notAction = { Effect: 'Allow', Principal: { AWS: USER }, NotAction: 'sts:TagSession' }
    expect(fits(policy(ALLOW_MFA, notAction))).toBe(false)
    // A statement for another user, without MFA, does not matter.
    const other = { ...open, Principal: { AWS: 'arn:aws:iam::123456789012:user/other' } }
    expect(fits(policy(ALLOW_MFA, other))).toBe(true)
  })

  test('condition keys are case-insensitive; Bool values too', () => {
    expect(
      fits(policy({ ...ALLOW_MFA, Condition: { Bool: { 'AWS:multifactorauthpresent': 'TRUE' } } }))
    ).toBe(true)
  })

  test('MFA required otherwise: Null false, or a bound on aws:MultiFactorAuthAge', () => {
    const nullFalse = { Null: { 'aws:MultiFactorAuthAge': 'false' } }
    expect(fits(policy({ ...ALLOW_MFA, Condition: nullFalse }))).toBe(true)
    const age = { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }
    expect(fits(policy({ ...ALLOW_MFA, Condition: age }))).toBe(true)
    // ...IfExists on the age lets a request without MFA through.
    const ageIfExists = { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }
    expect(fits(policy({ ...ALLOW_MFA, Condition: ageIfExists }))).toBe(false)
    // A negated operator is met by an absent key.
    const notFalse = { StringNotEquals: { 'aws:MultiFactorAuthPresent': 'false' } }
    expect(fits(policy({ ...ALLOW_MFA, Condition: notFalse }))).toBe(false)
  })

  test('an explicit Deny for the user wins over the Allow', () => {
    const deny = { Effect: 'Deny', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }
    expect(judgeTrust(policy(ALLOW_MFA, deny), USER).problems).toEqual([
      `statement #2 denies ${USER} sts:AssumeRole`
    ])
    // A Deny only without MFA does not stand in the way.
    const denyWithoutMfa = {
      ...deny,
      Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } }
    }
    expect(fits(policy(ALLOW_MFA, denyWithoutMfa))).toBe(true)
  })

  test('conditions that cannot be judged from here are named in a warning', () => {
    const ip = {
      ...ALLOW_MFA,
      Condition: { ...MFA, IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }
    }
    expect(judgeTrust(policy(ip), USER)).toEqual({
      problems: [],
      warnings: [
        `statement #1 admits ${USER} with MFA. Its conditions on aws:SourceIp cannot be judged from here: check that the runner meets them.`
      ]
    })
    // Without MFA in it, such a statement lets the user in whenever the other condition holds.
    const ipOnly = { ...ALLOW_MFA, Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } }
    expect(fits(policy(ALLOW_MFA, ipOnly))).toBe(false)
  })

  test('another action, no statement at all, or a policy that is not JSON does not fit', () => {
    expect(fits(policy({ ...ALLOW_MFA, Action: 'sts:TagSession' }))).toBe(false)
    expect(fits(policy())).toBe(false)
    expect(fits('{')).toBe(false)
  })
})

/**
 * init's judgement against the emulator's evaluator (written separately, from the same IAM User
 * Guide pages): on policies that use only keys both know, init accepts a role exactly when the
 * evaluator lets the user in with a code and refuses it without one (no MFA key, or `false`).
 * Where init cannot judge a key it refuses or warns; the evaluator is not asked about those.
 */
describe("judgeTrust agrees with the emulator's policy evaluator", () => {
  const ACCOUNT = '123456789012'
  const admits = (document: string, mfa: 'true' | 'false' | undefined) =>
    evaluatePolicies(parsePolicy(document, 'trust'), {
      action: 'sts:AssumeRole',
      principal: { arn: USER, account: ACCOUNT },
      context: {
        'aws:MultiFactorAuthPresent': mfa,
        'aws:MultiFactorAuthAge': mfa === 'true' ? '0' : undefined,
        'aws:PrincipalArn': USER,
        'aws:PrincipalAccount': ACCOUNT
      }
    }).decision === 'Allow'
  const open = { Effect: 'Allow', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }
  const deny = { Effect: 'Deny', Principal: { AWS: USER }, Action: 'sts:AssumeRole' }
  const cases: [string, Record<string, unknown>[]][] = [
    ['the policy init writes', JSON.parse(trustPolicy(USER, 3600)).Statement],
    ['MFA required', [ALLOW_MFA]],
    ['no condition', [open]],
    ['MFA beside no condition', [ALLOW_MFA, open]],
    [
      'BoolIfExists',
      [{ ...open, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } } }]
    ],
    [
      'lower-case key',
      [{ ...open, Condition: { Bool: { 'aws:multifactorauthpresent': 'true' } } }]
    ],
    [
      'age bound only',
      [{ ...open, Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': '60' } } }]
    ],
    [
      'age bound IfExists',
      [{ ...open, Condition: { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '60' } } }]
    ],
    [
      'Null false on the age',
      [{ ...open, Condition: { Null: { 'aws:MultiFactorAuthAge': 'false' } } }]
    ],
    [
      'StringNotEquals false',
      [{ ...open, Condition: { StringNotEquals: { 'aws:MultiFactorAuthPresent': 'false' } } }]
    ],
    [
      'account root with MFA',
      [{ ...ALLOW_MFA, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } }]
    ],
    ['* with MFA', [{ ...ALLOW_MFA, Principal: { AWS: '*' } }]],
    ['MFA and a Deny', [ALLOW_MFA, deny]],
    [
      'MFA and a Deny without MFA only',
      [
        ALLOW_MFA,
        { ...deny, Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }
      ]
    ],
    [
      'NotAction leaving AssumeRole',
      [ALLOW_MFA, { Effect: 'Allow', Principal: { AWS: USER }, NotAction: 'sts:TagSession' }]
    ],
    ['another action', [{ ...ALLOW_MFA, Action: 'sts:TagSession' }]],
    [
      'PrincipalArn instead of MFA',
      [
        {
          ...open,
          Principal: { AWS: '*' },
          Condition: { StringEquals: { 'aws:PrincipalArn': USER } }
        }
      ]
    ]
  ]
  test.each(cases)('%s', (_, statements) => {
    const document = policy(...statements)
    let modelled = true
    try {
      parsePolicy(document, 'trust')
    } catch {
      modelled = false
    }
    const iam =
      modelled &&
      admits(document, 'true') &&
      !admits(document, undefined) &&
      !admits(document, 'false')
    expect({ modelled, fits: fits(document) }).toEqual({ modelled: true, fits: iam })
  })
})
