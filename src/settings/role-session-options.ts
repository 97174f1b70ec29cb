/**
 * What AssumeRole can add to a role session beyond the role itself: session tags, session
 * policies and a source identity. The inputs keep configure-aws-credentials' names and meaning.
 */

import type { SessionOptions, SessionTag } from '../engine/requests.js'

/** The inputs as given, before parsing. */
export interface SessionInputs {
  skipSessionTagging: boolean
  customTags: string
  transitiveTagKeys: string
  inlineSessionPolicy: string
  managedSessionPolicies: string
  sourceIdentity: string
}

// STS's limits (API model and IAM User Guide, "Tagging AWS STS sessions").
const MAX_TAGS = 50
const MAX_KEY = 128
const MAX_VALUE = 256
const TAG_KEY = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]+$/u
const TAG_VALUE = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u
const NOT_TAG_CHARACTER = /[^\p{L}\p{Z}\p{N}_.:/=+\-@]/gu
const MAX_POLICY_ARNS = 10
const MAX_POLICY = 2048
const POLICY_ARN = /^arn:aws(?:-[a-z]+)*:iam::(?:\d{12}|aws):policy\/[\w+=,.@/-]{1,2000}$/
const SOURCE_IDENTITY = /^[\w+=,.@-]{2,64}$/

/** The GitHub context as session tags, named as configure-aws-credentials names them. */
const GITHUB_TAGS: [string, string][] = [
  ['Repository', 'GITHUB_REPOSITORY'],
  ['Workflow', 'GITHUB_WORKFLOW'],
  ['Action', 'GITHUB_ACTION'],
  ['Actor', 'GITHUB_ACTOR'],
  ['Commit', 'GITHUB_SHA'],
  ['Branch', 'GITHUB_REF']
]

/** Parses the session inputs; problems name the input and the fix. */
export function parseSessionOptions(
  inputs: SessionInputs,
  env: NodeJS.ProcessEnv,
  problems: string[]
): SessionOptions {
  const tags = inputs.skipSessionTagging ? [] : githubTags(env)
  for (const tag of parseCustomTags(inputs.customTags, problems)) {
    if (tags.some(t => t.Key.toLowerCase() === tag.Key.toLowerCase())) {
      problems.push(
        `Invalid custom-tags: key '${tag.Key}' is already a GitHub session tag (STS tag keys ` +
          'ignore case). Rename it, or set role-skip-session-tagging: true.'
      )
    } else tags.push(tag)
  }
  if (tags.length > MAX_TAGS) {
    problems.push(
      `Too many session tags: ${tags.length}, STS takes at most ${MAX_TAGS} (custom-tags plus ` +
        'the 6 GitHub tags unless role-skip-session-tagging is true).'
    )
  }

  const transitiveTagKeys = list(inputs.transitiveTagKeys)
  for (const key of transitiveTagKeys) {
    if (!tags.some(t => t.Key.toLowerCase() === key.toLowerCase())) {
      problems.push(
        `Invalid transitive-tag-keys: '${key}' is not the key of a session tag. List keys of ` +
          'custom-tags, or of the GitHub tags (Repository, Workflow, Action, Actor, Commit, ' +
          'Branch) when role-skip-session-tagging is false.'
      )
    }
  }

  const policyArns = list(inputs.managedSessionPolicies)
  for (const arn of policyArns) {
    if (!POLICY_ARN.test(arn)) {
      problems.push(
        `Invalid managed-session-policies entry '${arn}'. Expected a policy ARN such as ` +
          'arn:aws:iam::aws:policy/ReadOnlyAccess or arn:aws:iam::123456789012:policy/deploy.'
      )
    }
  }
  if (policyArns.length > MAX_POLICY_ARNS) {
    problems.push(
      `Too many managed-session-policies: ${policyArns.length}, STS takes at most ${MAX_POLICY_ARNS}.`
    )
  }

  const sourceIdentity = inputs.sourceIdentity || undefined
  if (
    sourceIdentity !== undefined &&
    (!SOURCE_IDENTITY.test(sourceIdentity) || /^aws:/i.test(sourceIdentity))
  ) {
    problems.push(
      `Invalid source-identity '${sourceIdentity}'. Expected 2 to 64 characters: letters, ` +
        'digits and + = , . @ - _, not starting with aws:.'
    )
  }

  return {
    tags,
    transitiveTagKeys,
    policy: parsePolicy(inputs.inlineSessionPolicy, problems),
    policyArns,
    sourceIdentity
  }
}

/** The GitHub context as tags; values outside STS's pattern become `_`, long ones are cut. */
export function githubTags(env: NodeJS.ProcessEnv): SessionTag[] {
  return GITHUB_TAGS.filter(([, name]) => env[name]).map(([Key, name]) => ({
    Key,
    Value: (env[name] as string).replace(NOT_TAG_CHARACTER, '_').slice(0, MAX_VALUE)
  }))
}

/** Entries separated by commas or new lines, blanks dropped. */
function list(raw: string): string[] {
  return raw
    .split(/[,\n]/)
    .map(entry => entry.trim())
    .filter(Boolean)
}

function parseCustomTags(raw: string, problems: string[]): SessionTag[] {
  if (!raw) return []
  const example = 'Expected a JSON object of tag keys and values, e.g. {"Team": "payments"}.'
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (error) {
    problems.push(`Invalid custom-tags: not JSON (${(error as Error).message}). ${example}`)
    return []
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push(`Invalid custom-tags: ${example}`)
    return []
  }
  const tags: SessionTag[] = []
  for (const [Key, value] of Object.entries(parsed)) {
    if (!['string', 'number', 'boolean'].includes(typeof value)) {
      problems.push(`Invalid custom-tags: the value of '${Key}' must be a string. ${example}`)
      continue
    }
    const Value = String(value)
    if (!TAG_KEY.test(Key) || Key.length > MAX_KEY || /^aws:/i.test(Key)) {
      problems.push(
        `Invalid custom-tags key '${Key}'. Expected 1 to ${MAX_KEY} characters: letters, digits, ` +
          'spaces and _ . : / = + - @, not starting with aws:.'
      )
    } else if (!TAG_VALUE.test(Value) || Value.length > MAX_VALUE) {
      problems.push(
        `Invalid custom-tags value of '${Key}'. Expected at most ${MAX_VALUE} characters: ` +
          'letters, digits, spaces and _ . : / = + - @.'
      )
    } else tags.push({ Key, Value })
  }
  return tags
}

/** The policy as STS counts it: minified, at most 2048 characters. */
function parsePolicy(raw: string, problems: string[]): string | undefined {
  if (!raw) return undefined
  let parsed: unknown
  try {
    parsed = JSON.parse(raw)
  } catch (error) {
    problems.push(
      `Invalid inline-session-policy: not JSON (${(error as Error).message}). Expected an IAM ` +
        'policy document, e.g. {"Version": "2012-10-17", "Statement": [...]}.'
    )
    return undefined
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    problems.push('Invalid inline-session-policy: expected an IAM policy document (a JSON object).')
    return undefined
  }
  const policy = JSON.stringify(parsed)
  if (policy.length > MAX_POLICY) {
    problems.push(
      `Invalid inline-session-policy: ${policy.length} characters once minified, STS takes at ` +
        `most ${MAX_POLICY}. Use managed-session-policies for larger policies.`
    )
  }
  return policy
}
