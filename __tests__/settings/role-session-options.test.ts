import { describe, expect, it } from '@jest/globals'
import {
  githubTags,
  parseSessionOptions,
  type SessionInputs
} from '../../src/settings/role-session-options.js'
import { sessionParameters } from '../../src/engine/sts.js'

const NONE: SessionInputs = {
  skipSessionTagging: true,
  customTags: '',
  transitiveTagKeys: '',
  inlineSessionPolicy: '',
  managedSessionPolicies: '',
  sourceIdentity: ''
}
const GITHUB = {
  GITHUB_REPOSITORY: 'octo-org/octo-repo',
  GITHUB_WORKFLOW: 'Deploy (prod) #1',
  GITHUB_ACTION: '__run_2',
  GITHUB_ACTOR: 'octocat',
  GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
  GITHUB_REF: 'refs/heads/main'
}

function parse(inputs: Partial<SessionInputs>, env: NodeJS.ProcessEnv = GITHUB) {
  const problems: string[] = []
  const options = parseSessionOptions({ ...NONE, ...inputs }, env, problems)
  return { options, problems }
}

describe('parseSessionOptions', () => {
  it('adds nothing by default: no tags, policies or source identity', () => {
    const { options, problems } = parse({})
    expect(problems).toEqual([])
    expect(sessionParameters(options)).toEqual({})
  })

  it('tags the session with the GitHub context when role-skip-session-tagging is false', () => {
    const { options } = parse({ skipSessionTagging: false })
    expect(options.tags).toEqual([
      { Key: 'Repository', Value: 'octo-org/octo-repo' },
      { Key: 'Workflow', Value: 'Deploy _prod_ _1' },
      { Key: 'Action', Value: '__run_2' },
      { Key: 'Actor', Value: 'octocat' },
      { Key: 'Commit', Value: 'ffac537e6cbbf934b08745a378932722df287a53' },
      { Key: 'Branch', Value: 'refs/heads/main' }
    ])
  })

  it('adds custom-tags, numbers and booleans as strings', () => {
    const { options, problems } = parse({
      customTags: '{"Team": "payments", "Tier": 1, "Prod": true}'
    })
    expect(problems).toEqual([])
    expect(options.tags).toEqual([
      { Key: 'Team', Value: 'payments' },
      { Key: 'Tier', Value: '1' },
      { Key: 'Prod', Value: 'true' }
    ])
  })

  it.each([
    ['{"Team": ', /custom-tags: not JSON/],
    ['["Team"]', /custom-tags: Expected a JSON object/],
    ['{"Team": {"a": 1}}', /value of 'Team' must be a string/],
    ['{"aws:team": "x"}', /custom-tags key 'aws:team'/],
    ['{"Team!": "x"}', /custom-tags key 'Team!'/],
    [`{"${'k'.repeat(129)}": "x"}`, /custom-tags key/],
    [`{"Team": "${'v'.repeat(257)}"}`, /custom-tags value of 'Team'/],
    ['{"Team": "a;b"}', /custom-tags value of 'Team'/]
  ])('refuses custom-tags %s', (raw, problem) => {
    const { problems } = parse({ customTags: raw })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toMatch(problem)
  })

  it('refuses a custom tag that repeats a GitHub tag, ignoring case', () => {
    const { problems } = parse({ skipSessionTagging: false, customTags: '{"repository": "x"}' })
    expect(problems).toEqual([
      expect.stringMatching(/'repository' is already a GitHub session tag/)
    ])
  })

  it('refuses more than 50 tags', () => {
    const tags = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']))
    const { problems } = parse({ customTags: JSON.stringify(tags) })
    expect(problems).toEqual([expect.stringMatching(/Too many session tags: 51, .* at most 50/)])
  })

  it('takes transitive-tag-keys by comma or line, and only keys of tags', () => {
    const ok = parse({ customTags: '{"Team": "x", "Env": "y"}', transitiveTagKeys: 'Team,\nenv' })
    expect(ok.problems).toEqual([])
    expect(ok.options.transitiveTagKeys).toEqual(['Team', 'env'])
    const bad = parse({ transitiveTagKeys: 'Team' })
    expect(bad.problems).toEqual([
      expect.stringMatching(/transitive-tag-keys: 'Team' is not the key/)
    ])
  })

  it('minifies inline-session-policy and refuses what is not a JSON object or too long', () => {
    const { options } = parse({ inlineSessionPolicy: '{\n  "Version": "2012-10-17"\n}' })
    expect(options.policy).toBe('{"Version":"2012-10-17"}')
    expect(parse({ inlineSessionPolicy: '{' }).problems[0]).toMatch(
      /inline-session-policy: not JSON/
    )
    expect(parse({ inlineSessionPolicy: '"x"' }).problems[0]).toMatch(/a JSON object/)
    const long = JSON.stringify({ Sid: 'x'.repeat(2040) })
    expect(parse({ inlineSessionPolicy: long }).problems[0]).toMatch(
      /2050 characters .* at most 2048/
    )
  })

  it('takes up to 10 managed-session-policies ARNs', () => {
    const arns = Array.from({ length: 10 }, (_, i) => `arn:aws:iam::123456789012:policy/p${i}`)
    expect(parse({ managedSessionPolicies: arns.join('\n') }).options.policyArns).toEqual(arns)
    const eleven = [...arns, 'arn:aws:iam::aws:policy/ReadOnlyAccess'].join(',')
    expect(parse({ managedSessionPolicies: eleven }).problems).toEqual([
      expect.stringMatching(/Too many managed-session-policies: 11/)
    ])
    expect(parse({ managedSessionPolicies: 'ReadOnlyAccess' }).problems[0]).toMatch(
      /managed-session-policies entry 'ReadOnlyAccess'/
    )
  })

  it.each(['a', 'x'.repeat(65), 'has space', 'aws:me'])('refuses source-identity %s', id => {
    expect(parse({ sourceIdentity: id }).problems[0]).toMatch(/Invalid source-identity/)
  })

  it('passes everything to AssumeRole in its parameter names', () => {
    const { options } = parse({
      customTags: '{"Team": "x"}',
      transitiveTagKeys: 'Team',
      inlineSessionPolicy: '{}',
      managedSessionPolicies: 'arn:aws:iam::aws:policy/ReadOnlyAccess',
      sourceIdentity: 'octocat'
    })
    expect(sessionParameters(options)).toEqual({
      Tags: [{ Key: 'Team', Value: 'x' }],
      TransitiveTagKeys: ['Team'],
      Policy: '{}',
      PolicyArns: [{ arn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }],
      SourceIdentity: 'octocat'
    })
  })
})

describe('githubTags', () => {
  it('leaves out what the environment does not set, and cuts values to 256', () => {
    expect(githubTags({ GITHUB_REF: `refs/heads/${'b'.repeat(300)}` })).toEqual([
      { Key: 'Branch', Value: `refs/heads/${'b'.repeat(245)}` }
    ])
  })

  it('keeps letters of any script, replaces what STS refuses', () => {
    expect(githubTags({ GITHUB_ACTOR: 'zoë[bot]' })).toEqual([{ Key: 'Actor', Value: 'zoë_bot_' }])
  })
})
