import { ROLE_CHAINING_MAX_SECONDS } from '../engine/credentials.js'
import type { RunBinding } from '../engine/shared-session.js'
import type { InputReader, Settings } from './settings.js'
import { boolean, integer } from './values.js'

/*
 * The shared MFA session (share-mfa-session, mfa-session-duration-seconds, mfa-session),
 * mfa-code-per-role, and the one-hour cap of role chaining that both run into.
 */

/** GetSessionToken's DurationSeconds: 900 to 129600 (API model). */
const MIN_SESSION_SECONDS = 900
const MAX_SESSION_SECONDS = 129600

type SessionSettings = Pick<
  Settings,
  'mfaSessionToShare' | 'receivedMfaSession' | 'mfaCodePerRole' | 'mfaSessionDurationSeconds'
>

/** What the other inputs say, that these depend on. */
type Context = Pick<Settings, 'roleArns' | 'mfa' | 'useExistingCredentials'>

export function parseMfaSessionInputs(
  read: InputReader,
  env: NodeJS.ProcessEnv,
  problems: string[],
  context: Context
): SessionSettings {
  const share = boolean(read, 'share-mfa-session', false, problems)
  const durationSeconds = integer(
    read,
    'mfa-session-duration-seconds',
    3600,
    MIN_SESSION_SECONDS,
    MAX_SESSION_SECONDS,
    problems
  )
  const sealed = read('mfa-session')
  const mfaCodePerRole = boolean(read, 'mfa-code-per-role', false, problems)
  const used = share ? 'share-mfa-session' : sealed ? 'mfa-session' : undefined
  if (share && sealed) {
    problems.push(
      'Inputs share-mfa-session and mfa-session were both given: one job makes the session ' +
        '(share-mfa-session: true), the others use it (mfa-session). Drop one of them.'
    )
  }
  if (used && context.mfa.kind === 'code') {
    problems.push(
      `Input ${used} needs mfa-seed, not mfa-code: the session is encrypted with a key derived ` +
        'from the seed, which every job of the run holds as a secret.'
    )
  }
  if (used && mfaCodePerRole) {
    problems.push(
      `Inputs ${used} and mfa-code-per-role were both given: with a shared session no code is ` +
        'spent per role. Drop one of them.'
    )
  }
  if (share && context.useExistingCredentials) {
    problems.push(
      'Inputs share-mfa-session and use-existing-credentials were both given: a kept session ' +
        'makes no MFA session to share. Drop use-existing-credentials.'
    )
  }
  if (sealed && context.roleArns.length === 0) {
    problems.push(
      'Input mfa-session needs role-to-assume: the role(s) to assume from the shared MFA session.'
    )
  }
  if (mfaCodePerRole && context.mfa.kind === 'code' && context.roleArns.length > 1) {
    problems.push(
      'Input mfa-code-per-role needs mfa-seed: a typed code (mfa-code) serves one role only.'
    )
  }
  const run = used ? runBinding(env, used, problems) : undefined
  return {
    ...(share && run && { mfaSessionToShare: { durationSeconds, run } }),
    ...(sealed && run && { receivedMfaSession: { sealed, run } }),
    mfaCodePerRole,
    mfaSessionDurationSeconds: durationSeconds
  }
}

/** The run a session belongs to, from the runner's variables. */
function runBinding(env: NodeJS.ProcessEnv, input: string, problems: string[]): RunBinding {
  const repository = env.GITHUB_REPOSITORY ?? ''
  const runId = env.GITHUB_RUN_ID ?? ''
  if (!repository || !runId) {
    problems.push(
      `Input ${input} works in a GitHub Actions workflow run only: it needs GITHUB_REPOSITORY ` +
        'and GITHUB_RUN_ID, which the runner sets.'
    )
  }
  return { repository, runId }
}

/**
 * Role chaining: every AssumeRole made with temporary credentials is capped at one hour, and AWS
 * refuses more only once the request is made, after a one-time code may have been spent. So a
 * longer role-duration-seconds is refused here, naming why the roles are chained and what to do.
 */
export function roleChainingProblem(
  settings: Pick<
    Settings,
    | 'roleArns'
    | 'durationSeconds'
    | 'baseCredentials'
    | 'mfaSessionToShare'
    | 'receivedMfaSession'
    | 'mfaCodePerRole'
    | 'refreshCredentials'
  >
): string | undefined {
  const { roleArns, durationSeconds } = settings
  if (roleArns.length === 0 || durationSeconds <= ROLE_CHAINING_MAX_SECONDS) return undefined
  const chained = ((): [string, string] | undefined => {
    if (settings.baseCredentials?.sessionToken) {
      return [
        'with aws-session-token the base keys are temporary',
        "or use the IAM user's long-term keys (drop aws-session-token)"
      ]
    }
    if (settings.receivedMfaSession) {
      return [
        "with mfa-session the roles are assumed with the shared session's temporary credentials",
        'or assume a role needed for longer with a one-time code of its own, without mfa-session'
      ]
    }
    if (settings.mfaSessionToShare) {
      return [
        'with share-mfa-session the roles are assumed from the MFA session it shares',
        'or assume a role needed for longer in a step without share-mfa-session'
      ]
    }
    if (roleArns.length > 1 && !settings.mfaCodePerRole) {
      return [
        'several roles are assumed from one MFA session (GetSessionToken)',
        "or set mfa-code-per-role: true to assume each role with the user's long-term keys and " +
          'a code of its own (one 30-second window per role)'
      ]
    }
    if (settings.refreshCredentials) {
      return [
        'with refresh-credentials the endpoint assumes the role from an MFA session',
        'or remove role-duration-seconds: the endpoint renews the role every hour, for as long ' +
          'as mfa-session-duration-seconds'
      ]
    }
    return undefined
  })()
  if (!chained) return undefined
  return (
    `Invalid role-duration-seconds '${durationSeconds}': ${chained[0]}, which is role chaining, ` +
    `and AWS caps a role session assumed by role chaining at one hour (${ROLE_CHAINING_MAX_SECONDS} s); ` +
    `it would refuse the request. Set role-duration-seconds to ${ROLE_CHAINING_MAX_SECONDS} or less, ${chained[1]}.`
  )
}
