import { accountIdOf } from '../engine/arn.js'
import { proxyRoute } from '../engine/proxy.js'
import { regionalStsEndpoint } from '../engine/regions.js'
import { parseSessionOptions } from './role-session-options.js'
import type { InputReader, Masker, Settings } from './settings.js'
import { boolean, integer, lines } from './values.js'

/* The inputs named as in configure-aws-credentials: profile, proxy, guards, session options. */

type ParityOptions = Pick<
  Settings,
  | 'awsProfile'
  | 'proxy'
  | 'unsetCurrentCredentials'
  | 'allowedAccountIds'
  | 'actionTimeoutSeconds'
  | 'specialCharactersWorkaround'
  | 'useExistingCredentials'
  | 'session'
>

export function parityOptions(
  read: InputReader,
  mask: Masker,
  env: NodeJS.ProcessEnv,
  problems: string[],
  context: { region: string; roleArns: string[]; stsEndpoint?: string }
): ParityOptions {
  // Several roles: one profile per role, line N of aws-profile for line N of role-to-assume.
  const profileNames = lines(read('aws-profile'))
  for (const name of profileNames) checkProfileName(name, problems)
  profileListProblems(context.roleArns, profileNames, problems)
  const profileName = profileNames[0] ?? ''
  const overwrite = boolean(read, 'overwrite-aws-profile', false, problems)

  const endpoint =
    context.stsEndpoint ||
    env.AWS_ENDPOINT_URL_STS ||
    env.AWS_ENDPOINT_URL ||
    // The host the SDK will call, FIPS and dual-stack as AWS_USE_* say, so NO_PROXY matches it.
    regionalStsEndpoint(context.region, {
      fips: /^true$/i.test(env.AWS_USE_FIPS_ENDPOINT ?? ''),
      dualStack: /^true$/i.test(env.AWS_USE_DUALSTACK_ENDPOINT ?? '')
    }) ||
    ''
  const proxy = proxyRoute(
    { httpProxy: read('http-proxy'), noProxy: read('no-proxy'), endpoint },
    env,
    problems,
    mask
  )

  const allowedAccountIds = parseAccountIds(read('allowed-account-ids'), problems)
  for (const arn of context.roleArns) {
    const account = accountIdOf(arn)
    if (account && allowedAccountIds.length > 0 && !allowedAccountIds.includes(account)) {
      problems.push(
        `Input role-to-assume names a role in account ${account}, which allowed-account-ids ` +
          'does not list. Fix role-to-assume, or add the account to allowed-account-ids.'
      )
    }
  }

  const unsetCurrentCredentials = boolean(read, 'unset-current-credentials', false, problems)
  const useExistingCredentials = boolean(read, 'use-existing-credentials', false, problems)
  if (unsetCurrentCredentials && useExistingCredentials) {
    problems.push(
      'Inputs unset-current-credentials and use-existing-credentials are both true: the first ' +
        'empties the credentials the second would keep. Set one of them.'
    )
  }
  if (useExistingCredentials && profileName) {
    problems.push(
      'Inputs use-existing-credentials and aws-profile were both given: existing credentials ' +
        'are kept in the environment only. Drop one of them.'
    )
  }

  const session = parseSessionOptions(
    {
      skipSessionTagging: boolean(read, 'role-skip-session-tagging', true, problems),
      customTags: read('custom-tags'),
      transitiveTagKeys: read('transitive-tag-keys'),
      inlineSessionPolicy: read('inline-session-policy'),
      managedSessionPolicies: read('managed-session-policies'),
      sourceIdentity: read('source-identity')
    },
    env,
    problems
  )
  const sessionOptionsGiven =
    session.tags.length + session.policyArns.length > 0 || session.policy || session.sourceIdentity
  if (context.roleArns.length === 0 && sessionOptionsGiven) {
    problems.push(
      'Session tags, session policies and source-identity apply to AssumeRole, and ' +
        'role-to-assume is empty: give the role, or drop those inputs.'
    )
  }

  return {
    awsProfile: profileName ? { names: profileNames, overwrite } : undefined,
    proxy,
    unsetCurrentCredentials,
    allowedAccountIds,
    actionTimeoutSeconds: integer(read, 'action-timeout-s', 0, 0, 3600, problems),
    specialCharactersWorkaround: boolean(read, 'special-characters-workaround', false, problems),
    useExistingCredentials,
    session
  }
}

/** Profile names as the AWS CLI writes them: no spaces or brackets, which the files cannot hold. */
export function checkProfileName(name: string, problems: string[]): void {
  if (!/^[\w.+@-]{1,128}$/.test(name)) {
    problems.push(
      `Invalid aws-profile '${name}'. Expected 1 to 128 letters, digits and _ . + @ -, e.g. deploy.`
    )
  }
}

/**
 * Several roles need a profile each: the environment can hold one role only (the first). One
 * profile name per line, as many as roles, each once.
 */
function profileListProblems(roleArns: string[], names: string[], problems: string[]): void {
  if (roleArns.length > 1 && names.length !== roleArns.length) {
    problems.push(
      `Input role-to-assume lists ${roleArns.length} roles, and aws-profile ${names.length} ` +
        'profile name(s): give one profile per role, line N of aws-profile for the role on line N ' +
        '(the environment gets the first role only).'
    )
  } else if (roleArns.length <= 1 && names.length > 1) {
    problems.push(
      'Input aws-profile lists several profiles for one role: give one profile name, or one role ' +
        'per profile in role-to-assume.'
    )
  }
  if (new Set(names).size < names.length) {
    problems.push('Input aws-profile lists a profile twice: give each role its own profile.')
  }
}

/** allowed-account-ids: comma-separated 12-digit ids; empty allows any account. */
export function parseAccountIds(raw: string, problems: string[]): string[] {
  const ids = raw
    .split(/[,\s]+/)
    .map(id => id.trim())
    .filter(Boolean)
  for (const id of ids) {
    if (!/^\d{12}$/.test(id)) {
      problems.push(
        `Invalid allowed-account-ids entry '${id}'. Expected 12-digit account ids separated by ` +
          'commas, e.g. 123456789012,210987654321.'
      )
    }
  }
  return ids
}
