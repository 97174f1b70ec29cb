// The emulator's IAM policy evaluator on its own (emulator/policy.js): a request context in,
// Allow / explicit Deny / implicit deny out, by the rules of the IAM User Guide's "Policy
// evaluation logic" and the IAM JSON policy reference's Condition element.
import { describe, expect, it } from '@jest/globals'
import {
  evaluatePolicies,
  mfaTrustPolicy,
  parsePolicy,
  PolicyError
} from './emulator/sts-emulator.js'

const ACCOUNT = '123456789012'
const USER = `arn:aws:iam::${ACCOUNT}:user/ci`
const ROLE = `arn:aws:iam::${ACCOUNT}:role/deploy`
const principal = { arn: USER, account: ACCOUNT }

type Context = Record<string, string | undefined>

function trust(statements: object[] | object) {
  return parsePolicy({ Version: '2012-10-17', Statement: statements }, 'trust')
}

function decide(
  policy: ReturnType<typeof trust>,
  context: Context = {},
  action = 'sts:AssumeRole'
) {
  return evaluatePolicies(policy, { action, principal, context }).decision
}

/** What `read` throws (undefined when it does not). */
function thrown(read: () => unknown): unknown {
  try {
    read()
  } catch (error) {
    return error
  }
  return undefined
}

const allow = (condition?: object, extra: object = {}) => ({
  Effect: 'Allow',
  Principal: { AWS: USER },
  Action: 'sts:AssumeRole',
  ...(condition && { Condition: condition }),
  ...extra
})

describe('statements', () => {
  it('grants through any one matching Allow, and an explicit Deny beats every Allow', () => {
    const mfa = allow({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })
    expect(decide(trust([mfa]), {})).toBe('ImplicitDeny')
    // One statement without the MFA condition makes the MFA statement beside it worthless.
    expect(decide(trust([mfa, allow()]), {})).toBe('Allow')
    const deny = { ...allow({ Bool: { 'aws:MultiFactorAuthPresent': 'false' } }), Effect: 'Deny' }
    expect(decide(trust([allow(), deny]), { 'aws:MultiFactorAuthPresent': 'false' })).toBe(
      'ExplicitDeny'
    )
    expect(decide(trust([allow(), deny]), { 'aws:MultiFactorAuthPresent': 'true' })).toBe('Allow')
  })

  it('matches actions case-insensitively with wildcards, and NotAction', () => {
    const policy = trust([{ ...allow(), Action: ['sts:Assume*', 'STS:tagsession'] }])
    expect(decide(policy, {}, 'sts:AssumeRole')).toBe('Allow')
    expect(decide(policy, {}, 'sts:TagSession')).toBe('Allow')
    expect(decide(policy, {}, 'sts:SetSourceIdentity')).toBe('ImplicitDeny')
    const not = trust([{ ...allow(), Action: undefined, NotAction: 'sts:TagSession' }])
    expect(decide(not, {}, 'sts:AssumeRole')).toBe('Allow')
    expect(decide(not, {}, 'sts:TagSession')).toBe('ImplicitDeny')
  })

  it('tells a caller named by ARN or `*` from one admitted through its account', () => {
    const by = (aws: unknown) =>
      evaluatePolicies(trust([{ ...allow(), Principal: { AWS: aws } }]), {
        action: 'sts:AssumeRole',
        principal,
        context: {}
      })
    expect(by(USER)).toEqual({ decision: 'Allow', viaAccount: false })
    expect(by('*')).toEqual({ decision: 'Allow', viaAccount: false })
    expect(by(`arn:aws:iam::${ACCOUNT}:root`)).toEqual({ decision: 'Allow', viaAccount: true })
    expect(by(ACCOUNT)).toEqual({ decision: 'Allow', viaAccount: true })
    expect(by(`arn:aws:iam::${ACCOUNT}:user/other`).decision).toBe('ImplicitDeny')
    expect(by('210987654321').decision).toBe('ImplicitDeny')
  })

  it('lets a role ARN stand for its sessions', () => {
    const policy = trust([{ ...allow(), Principal: { AWS: ROLE } }])
    const session = {
      arn: `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/s1`,
      account: ACCOUNT,
      roleArn: ROLE
    }
    const request = { action: 'sts:AssumeRole', principal: session, context: {} }
    expect(evaluatePolicies(policy, request).decision).toBe('Allow')
  })

  it('matches an identity policy by Resource, with wildcards', () => {
    const identity = parsePolicy(
      {
        Statement: {
          Effect: 'Allow',
          Action: 'sts:AssumeRole',
          Resource: 'arn:aws:iam::*:role/dep*'
        }
      },
      'identity'
    )
    const ask = (resource: string) =>
      evaluatePolicies([identity], { action: 'sts:AssumeRole', resource, context: {} }).decision
    expect(ask(ROLE)).toBe('Allow')
    expect(ask(`arn:aws:iam::${ACCOUNT}:role/other`)).toBe('ImplicitDeny')
    expect(evaluatePolicies([], { action: 'sts:AssumeRole', resource: ROLE, context: {} })).toEqual(
      {
        decision: 'ImplicitDeny',
        viaAccount: false
      }
    )
  })
})

describe('conditions', () => {
  const age = (operator: string, bound: string) =>
    trust([allow({ [operator]: { 'aws:MultiFactorAuthAge': bound } })])

  it('compares numbers, and an absent key fails unless IfExists', () => {
    expect(decide(age('NumericLessThan', '300'), { 'aws:MultiFactorAuthAge': '0' })).toBe('Allow')
    expect(decide(age('NumericLessThan', '300'), { 'aws:MultiFactorAuthAge': '299' })).toBe('Allow')
    expect(decide(age('NumericLessThan', '300'), { 'aws:MultiFactorAuthAge': '300' })).toBe(
      'ImplicitDeny'
    )
    expect(decide(age('NumericLessThanEquals', '300'), { 'aws:MultiFactorAuthAge': '300' })).toBe(
      'Allow'
    )
    expect(decide(age('NumericGreaterThan', '5'), { 'aws:MultiFactorAuthAge': '6' })).toBe('Allow')
    expect(decide(age('NumericLessThan', '300'), {})).toBe('ImplicitDeny')
    expect(decide(age('NumericLessThanIfExists', '300'), {})).toBe('Allow')
    expect(decide(age('NumericLessThanIfExists', '300'), { 'aws:MultiFactorAuthAge': '301' })).toBe(
      'ImplicitDeny'
    )
  })

  it('reads Bool and BoolIfExists as AWS documents for MFA', () => {
    const bool = trust([allow({ Bool: { 'aws:MultiFactorAuthPresent': 'true' } })])
    const ifExists = trust([allow({ BoolIfExists: { 'aws:MultiFactorAuthPresent': 'true' } })])
    expect(decide(bool, { 'aws:MultiFactorAuthPresent': 'true' })).toBe('Allow')
    expect(decide(bool, { 'aws:MultiFactorAuthPresent': 'false' })).toBe('ImplicitDeny')
    expect(decide(bool, {})).toBe('ImplicitDeny')
    // Long-term keys without a code carry no such key: BoolIfExists lets them in.
    expect(decide(ifExists, {})).toBe('Allow')
    expect(decide(ifExists, { 'aws:MultiFactorAuthPresent': 'false' })).toBe('ImplicitDeny')
  })

  it('takes key names in any case, and values as written', () => {
    const policy = trust([allow({ StringEquals: { 'STS:EXTERNALID': 'Partner-42' } })])
    expect(decide(policy, { 'sts:ExternalId': 'Partner-42' })).toBe('Allow')
    expect(decide(policy, { 'sts:externalid': 'Partner-42' })).toBe('Allow')
    expect(decide(policy, { 'sts:ExternalId': 'partner-42' })).toBe('ImplicitDeny')
    const ignoreCase = trust([
      allow({ StringEqualsIgnoreCase: { 'sts:ExternalId': 'PARTNER-42' } })
    ])
    expect(decide(ignoreCase, { 'sts:ExternalId': 'partner-42' })).toBe('Allow')
  })

  it('ORs the values of one key, ANDs keys and operators, and NORs the negated operators', () => {
    const anyOf = trust([allow({ StringLike: { 'sts:RoleSessionName': ['ci-*', 'deploy-??'] } })])
    expect(decide(anyOf, { 'sts:RoleSessionName': 'ci-1234' })).toBe('Allow')
    expect(decide(anyOf, { 'sts:RoleSessionName': 'deploy-42' })).toBe('Allow')
    expect(decide(anyOf, { 'sts:RoleSessionName': 'deploy-421' })).toBe('ImplicitDeny')
    const both = trust([
      allow({
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '5' }
      })
    ])
    expect(
      decide(both, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '4' })
    ).toBe('Allow')
    expect(
      decide(both, { 'aws:MultiFactorAuthPresent': 'true', 'aws:MultiFactorAuthAge': '6' })
    ).toBe('ImplicitDeny')
    const none = trust([allow({ StringNotEquals: { 'sts:ExternalId': ['a', 'b'] } })])
    expect(decide(none, { 'sts:ExternalId': 'c' })).toBe('Allow')
    expect(decide(none, { 'sts:ExternalId': 'b' })).toBe('ImplicitDeny')
    // A negated operator holds when the key is absent (IAM JSON policy reference, Condition).
    expect(decide(none, {})).toBe('Allow')
  })

  it('checks presence with Null', () => {
    const absent = trust([allow({ Null: { 'aws:MultiFactorAuthAge': 'true' } })])
    const present = trust([allow({ Null: { 'aws:MultiFactorAuthAge': 'false' } })])
    expect(decide(absent, {})).toBe('Allow')
    expect(decide(absent, { 'aws:MultiFactorAuthAge': '0' })).toBe('ImplicitDeny')
    expect(decide(present, { 'aws:MultiFactorAuthAge': '0' })).toBe('Allow')
    expect(decide(present, {})).toBe('ImplicitDeny')
  })

  it('knows aws:PrincipalTag/ keys, and the source identity keys', () => {
    const tagged = trust([allow({ StringEquals: { 'aws:PrincipalTag/team': 'ops' } })])
    expect(decide(tagged, { 'aws:PrincipalTag/team': 'ops' })).toBe('Allow')
    expect(decide(tagged, {})).toBe('ImplicitDeny')
    const source = trust([
      allow({ StringLike: { 'sts:SourceIdentity': 'alice*', 'aws:SourceIdentity': '*' } })
    ])
    expect(decide(source, { 'sts:SourceIdentity': 'alice@x', 'aws:SourceIdentity': 'a' })).toBe(
      'Allow'
    )
  })
})

describe('what it does not model is refused when read, never ignored', () => {
  it.each([
    ['an unknown key', { StringEquals: { 'aws:SourceIp': '10.0.0.0/8' } }, /aws:SourceIp/],
    ['an unknown operator', { IpAddress: { 'aws:MultiFactorAuthAge': '1' } }, /IpAddress/],
    ['a set operator', { 'ForAnyValue:StringEquals': { 'sts:ExternalId': 'a' } }, /ForAnyValue/],
    ['a policy variable', { StringEquals: { 'sts:ExternalId': '${aws:username}' } }, /variables/]
  ])('%s', (_label, condition, message) => {
    const read = () => trust([allow(condition)])
    expect(read).toThrow(message)
    expect(thrown(read)).toMatchObject({ name: 'PolicyError', unsupported: true })
  })

  it.each([
    ['invalid JSON', '{'],
    ['no Statement', { Version: '2012-10-17' }],
    ['no Effect', { Statement: { Principal: { AWS: USER }, Action: 'sts:AssumeRole' } }],
    [
      'no Principal in a trust policy',
      { Statement: { Effect: 'Allow', Action: 'sts:AssumeRole' } }
    ],
    ['a Resource in a trust policy', { Statement: { ...allow(), Resource: '*' } }],
    ['a principal that is no principal', { Statement: { ...allow(), Principal: { AWS: 'ci' } } }],
    [
      'a wildcard inside a principal ARN',
      { Statement: { ...allow(), Principal: { AWS: `arn:aws:iam::${ACCOUNT}:user/*` } } }
    ],
    [
      'a Bool that is not true or false',
      { Statement: allow({ Bool: { 'aws:MultiFactorAuthPresent': 'yes' } }) }
    ],
    [
      'a Numeric bound that is no number',
      { Statement: allow({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'soon' } }) }
    ]
  ])('and a malformed document is refused: %s', (_label, document) => {
    const error = thrown(() => parsePolicy(document, 'trust'))
    expect(error).toBeInstanceOf(PolicyError)
    expect(error).toMatchObject({ unsupported: false })
  })

  it('the fixture builds what init writes, and it reads', () => {
    const document = mfaTrustPolicy(USER, {
      maxMfaAgeSeconds: 300,
      externalId: 'x',
      tagSession: true
    })
    expect(document.Statement[0]).toEqual({
      Effect: 'Allow',
      Principal: { AWS: USER },
      Action: ['sts:AssumeRole', 'sts:TagSession'],
      Condition: {
        Bool: { 'aws:MultiFactorAuthPresent': 'true' },
        NumericLessThan: { 'aws:MultiFactorAuthAge': '300' },
        StringEquals: { 'sts:ExternalId': 'x' }
      }
    })
    expect(() => parsePolicy(document, 'trust')).not.toThrow()
  })
})
