import { tmpdir } from 'node:os'
import * as core from '@actions/core'
import { checkAllowedAccount } from '../engine/allowed-accounts.js'
import { obtainCredentials } from '../engine/assume-role.js'
import { ENDPOINT_ROLE_SECONDS } from '../engine/credentials-endpoint.js'
import type { RoleCredentials, SessionCredentials } from '../engine/credentials.js'
import { startDeadline, type Deadline } from '../engine/deadline.js'
import { ActionError, failureLines } from '../engine/errors.js'
import { existingSession } from '../engine/existing-session.js'
import { systemClock, type Clock } from '../engine/mfa.js'
import { displayUrl } from '../engine/proxy.js'
import { sealSession } from '../engine/shared-session.js'
import { createStsClient, resolvedStsEndpoint } from '../engine/sts.js'
import { readSettings } from '../settings/read.js'
import type { Settings } from '../settings/settings.js'
import { startEndpoint, stopEndpoint, type StartedEndpoint } from './endpoint.js'
import { exportCredentials, exportEndpoint, maskCredentials, unsetCredentials } from './export.js'
import {
  checkProfile,
  profileFiles,
  restoreFiles,
  saveSnapshots,
  shadowingProfile,
  snapshotFiles,
  writeProfile
} from './profile.js'
import { checkProfileWritable } from './preflight.js'
import { State } from './state.js'
import { summaryMarkdown } from './summary.js'

/**
 * The action: inputs → one-time code → AssumeRole → masked, exported credentials → summary.
 * Every failure ends here as one or more `::error::` lines, exit code 1, and nothing exported.
 */
export async function run(
  clock: Clock = systemClock,
  exit: (code: number) => void = code => process.exit(code)
): Promise<void> {
  let deadline: Deadline | undefined
  let endpoint: StartedEndpoint | undefined
  // Every value registered with ::add-mask::, which a job output must not contain.
  const masked: string[] = []
  const mask = (secret: string) => {
    masked.push(secret)
    core.setSecret(secret)
  }
  try {
    const settings = readSettings(name => core.getInput(name), mask)
    if (settings.unsetCurrentCredentials) unsetCredentials()
    deadline = startDeadline(settings.actionTimeoutSeconds, message => {
      core.setFailed(message)
      exit(core.ExitCode.Failure)
    })
    announceOptions(settings)
    if (settings.useExistingCredentials && (await keptExistingSession(settings, clock))) return
    // Checked before STS too: a refusal then costs no one-time code.
    if (settings.awsProfile) {
      checkProfileWritable(profileFiles(), snapshotFolder())
      for (const name of settings.awsProfile.names) {
        checkProfile(profileFiles(), name, settings.awsProfile.overwrite)
      }
    }
    if (settings.refreshCredentials) checkEndpointWins(settings)
    core.info(announcement(settings))
    const asked = clock.now()
    // Several roles: the first is exported to the environment, each goes to its profile. The
    // endpoint renews each role for an hour, role chaining's cap, whatever role-duration-seconds.
    const obtained = await obtainCredentials(
      settings.refreshCredentials
        ? { ...settings, durationSeconds: ENDPOINT_ROLE_SECONDS }
        : settings,
      { clock, mask, notice: core.notice, info: core.info, warning: core.warning }
    )
    deadline.clear()
    const { roles } = obtained
    const credentials = roles[0]
    for (const role of roles) maskCredentials(role, settings, mask)
    for (const role of roles) checkAllowedAccount(role.accountId, settings.allowedAccountIds)
    const session = settings.refreshCredentials ? obtained.mfaSession : undefined
    // A session of this step's own code was issued since `asked`; a shared one, earlier.
    const issuedAt = settings.sharedMfaSession ? undefined : asked
    if (session) endpoint = await startRefreshingEndpoint(settings, session, roles, mask, issuedAt)
    const shared =
      settings.shareMfaSession &&
      obtained.mfaSession &&
      sealedSession(obtained.mfaSession, settings, masked)
    if (settings.awsProfile) writeAwsProfile(roles, settings, endpoint)
    if (endpoint) exportEndpoint(endpoint)
    exportCredentials(credentials, settings, !endpoint && settings.outputEnvCredentials)
    core.info(
      `${settings.roleArn ? 'Assumed' : 'Session of'} ${credentials.arn} until ${credentials.expiration.toISOString()}.`
    )
    if (session && endpoint) {
      core.info(
        `Later steps get the role from ${endpoint.uri(0)}, renewed from the MFA session until ` +
          `${session.expiration.toISOString()}; the post step stops it.`
      )
    }
    if (shared && obtained.mfaSession) {
      core.setOutput('mfa-session', shared)
      core.info(
        `Shared the MFA session, until ${obtained.mfaSession.expiration.toISOString()}, as the ` +
          'output mfa-session: map it to a job output, and pass it to the jobs that need it as ' +
          'mfa-session: ${{ needs.<job>.outputs.mfa-session }}.'
      )
    }
    await writeSummary(
      summaryMarkdown(credentials, settings, clock.now(), {
        proof: obtained.proof,
        sharedUntil: settings.shareMfaSession ? obtained.mfaSession?.expiration : undefined,
        renewedUntil: endpoint && session?.expiration
      })
    )
  } catch (error) {
    if (endpoint) await stopEndpoint(endpoint, false)
    fail(error)
  } finally {
    deadline?.clear()
  }
}

/** The summary is a courtesy: a runner without one (GITHUB_STEP_SUMMARY unset) gets a warning. */
async function writeSummary(markdown: string): Promise<void> {
  try {
    await core.summary.addRaw(markdown).write()
  } catch (error) {
    core.warning(`Could not write the job summary: ${(error as Error).message}`)
  }
}

function fail(error: unknown): void {
  for (const line of failureLines(error)) core.error(line)
  process.exitCode = core.ExitCode.Failure
}

/** What the run is about to do, for the log. */
function announcement(settings: Settings): string {
  const roles = settings.roleArns.join(', ')
  if (settings.sharedMfaSession) {
    return `Assuming ${roles} from the shared MFA session of this run (no one-time code).`
  }
  const device = `MFA device ${settings.mfaSerial}`
  if (settings.shareMfaSession) {
    return `Getting an MFA session for the whole run with ${device}, to share as the output mfa-session${roles ? `; then assuming ${roles} from it` : ''}.`
  }
  return settings.roleArn
    ? `Assuming ${roles} with ${device}.`
    : `Getting an MFA session of the user with ${device} (no role-to-assume).`
}

/**
 * The session sealed for the other jobs, with the seed's key and this run's binding. The blob
 * never contains a masked value: GitHub would drop the job output (sealSession).
 */
function sealedSession(
  session: SessionCredentials,
  settings: Settings,
  masked: readonly string[]
): string {
  const { run } = settings.shareMfaSession as NonNullable<Settings['shareMfaSession']>
  if (settings.mfa.kind !== 'seed') throw new ActionError('share-mfa-session needs mfa-seed.')
  return sealSession(session, settings.mfa.totp.secret, run, masked)
}

/** What the log should say about options before STS is called. */
function announceOptions(settings: Settings): void {
  if (settings.proxy) {
    core.info(
      `STS requests go through the proxy ${displayUrl(settings.proxy.url)} (${settings.proxy.source}).`
    )
  }
  if (settings.specialCharactersWorkaround) {
    core.warning(
      'special-characters-workaround does nothing here: the credentials go through GITHUB_ENV, ' +
        'outputs and profile files, which carry any character, and getting a secret key without ' +
        '/ or + would mean assuming the role again, each time with a fresh 30-second MFA window ' +
        "and one of the device's few checks. Remove the input; quote the variables in scripts."
    )
  }
}

/**
 * use-existing-credentials: a valid session of the role already in the job's environment is kept,
 * and no one-time code is spent. Returns false to go on with MFA.
 */
async function keptExistingSession(settings: Settings, clock: Clock): Promise<boolean> {
  const found = await existingSession(settings, process.env, clock.now())
  if (typeof found === 'string') {
    core.info(`use-existing-credentials: assuming the role with MFA, since ${found}.`)
    return false
  }
  if (settings.maskAccountId) core.setSecret(found.accountId)
  checkAllowedAccount(found.accountId, settings.allowedAccountIds)
  core.info(
    `use-existing-credentials: the job's credentials are a valid session of ${settings.roleArn} ` +
      `(${found.arn}), kept as they are: MFA skipped, no one-time code spent.`
  )
  core.setOutput('aws-account-id', found.accountId)
  core.setOutput('authenticated-arn', found.arn)
  if (found.expiration) core.setOutput('aws-expiration', found.expiration.toISOString())
  return true
}

/**
 * refresh-credentials: the server gets the MFA session and the roles' first credentials, never the
 * user's keys; its pid and port go into the state at once, so the post step stops it whatever
 * happens next.
 */
async function startRefreshingEndpoint(
  settings: Settings,
  session: SessionCredentials,
  roles: RoleCredentials[],
  mask: (secret: string) => void,
  sessionIssuedAtMs: number | undefined
): Promise<StartedEndpoint> {
  // The endpoint the main step's requests went to, resolved here once (inputs, AWS_ENDPOINT_URL*,
  // AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, the config file), and the same proxy.
  const client = createStsClient({ ...settings, baseCredentials: session, profile: undefined })
  let stsEndpoint: string
  try {
    stsEndpoint = await resolvedStsEndpoint(client)
  } finally {
    client.destroy()
  }
  const endpoint = await startEndpoint(
    {
      session,
      sessionIssuedAt:
        sessionIssuedAtMs === undefined ? undefined : new Date(sessionIssuedAtMs).toISOString(),
      roles: roles.map((credentials, i) => ({ roleArn: settings.roleArns[i], credentials })),
      sts: {
        region: settings.region,
        stsEndpoint,
        retryMaxAttempts: settings.retryMaxAttempts,
        proxy: settings.proxy
      },
      request: {
        sessionName: settings.sessionName,
        durationSeconds: ENDPOINT_ROLE_SECONDS,
        externalId: settings.externalId,
        session: settings.session
      }
    },
    mask
  )
  const { pid, port, dir } = endpoint
  core.saveState(State.Endpoint, JSON.stringify({ pid, port, dir }))
  return endpoint
}

/**
 * refresh-credentials: the later steps' SDKs read the shared files before the container provider,
 * so a profile there with credentials (a self-hosted runner's own `[default]`) would silently win
 * over the endpoint. Refused before STS is called (no code spent), naming the file and the profile.
 */
function checkEndpointWins(settings: Settings): void {
  const shadow = shadowingProfile(process.env, settings.awsProfile?.names)
  if (!shadow) return
  throw new ActionError(
    `refresh-credentials: profile '${shadow.profile}' in ${shadow.path} has ${shadow.setting}, and ` +
      "the AWS CLI and SDKs take it before the credentials endpoint: later steps would run as that profile's " +
      `identity, not the role. Remove it from the runner's files, set aws-profile: ${shadow.profile} ` +
      'with overwrite-aws-profile: true (its profile then asks the endpoint; the post step puts ' +
      'the file back), or point AWS_SHARED_CREDENTIALS_FILE and AWS_CONFIG_FILE elsewhere for the job.'
  )
}

/**
 * aws-profile: the snapshot of both files goes to an owner-only file under RUNNER_TEMP before
 * they change, and only its path into the state, for the post step to put them back.
 */
function writeAwsProfile(
  roles: RoleCredentials[],
  settings: Settings,
  endpoint: StartedEndpoint | undefined
): void {
  const { names, overwrite } = settings.awsProfile as NonNullable<Settings['awsProfile']>
  const files = profileFiles()
  const before = snapshotFiles(files)
  const snapshot = saveSnapshots(before, snapshotFolder())
  core.saveState(State.ProfileSnapshot, snapshot)
  // names[i] is the profile of roles[i] (readSettings pairs them).
  for (const [i, profile] of names.entries()) {
    try {
      // With the endpoint, each role's profile asks it: credential_process renews as the SDKs do.
      const values = endpoint
        ? { credentialProcess: endpoint.credentialProcess(i), region: settings.region }
        : { ...roles[i], region: settings.region }
      writeProfileOrExplain(files, profile, values, overwrite)
    } catch (error) {
      // Profiles written before this one go too: nothing is half done when the step fails.
      restoreFiles(before)
      throw error
    }
    core.info(
      `Wrote profile '${profile}'${names.length > 1 ? ` (${roles[i].arn})` : ''} to ` +
        `${files.credentials} and ${files.config}; the post step puts both files back as they were.`
    )
  }
}

/** Where the snapshot of the profile files goes: RUNNER_TEMP, on the runner. */
function snapshotFolder(): string {
  return process.env.RUNNER_TEMP || tmpdir()
}

/** A file that cannot be written: both files are back as they were (writeProfile), say what to fix. */
function writeProfileOrExplain(...args: Parameters<typeof writeProfile>): void {
  try {
    writeProfile(...args)
  } catch (error) {
    if (error instanceof ActionError) throw error
    throw new ActionError(
      `Could not write profile '${args[1]}' (${(error as Error).message}); the files were put ` +
        'back and nothing was exported. Check that AWS_SHARED_CREDENTIALS_FILE and ' +
        'AWS_CONFIG_FILE (or ~/.aws) are writable paths.',
      { cause: error }
    )
  }
}
