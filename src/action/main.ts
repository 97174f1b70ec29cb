import * as core from '@actions/core'
import { checkAllowedAccount } from '../engine/allowed-accounts.js'
import { obtainCredentials } from '../engine/assume-role.js'
import { systemClock, type Clock } from '../engine/clock.js'
import type { SessionCredentials } from '../engine/credentials.js'
import { startDeadline, type Deadline } from '../engine/deadline.js'
import { ActionError, failureLines } from '../engine/errors.js'
import { existingSession } from '../engine/existing-session.js'
import { displayUrl } from '../engine/proxy.js'
import { sealSession } from '../engine/shared-session.js'
import { obtainRequest, stsConnection } from '../settings/engine-requests.js'
import { readSettings } from '../settings/read.js'
import type { Settings } from '../settings/settings.js'
import { deliver, type Delivery } from './deliver.js'
import { maskCredentials, unsetCredentials } from './export.js'
import { preflight } from './preflight.js'
import { summaryMarkdown } from './summary.js'

/**
 * The action, in phases: settings → preflight → obtain → deliver → report. Each phase is a function
 * of its own; the ways credentials leave the step are deliverers (deliver.ts). Every failure ends
 * here as one or more `::error::` lines, exit code 1, and nothing delivered.
 */
export async function run(
  clock: Clock = systemClock,
  exit: (code: number) => void = code => process.exit(code)
): Promise<void> {
  let deadline: Deadline | undefined
  // Every value registered with ::add-mask::, which a job output must not contain.
  const masked: string[] = []
  const mask = (secret: string) => {
    masked.push(secret)
    core.setSecret(secret)
  }
  try {
    const settings = stepSettings(mask)
    deadline = startDeadline(settings.actionTimeoutSeconds, message => {
      core.setFailed(message)
      exit(core.ExitCode.Failure)
    })
    announceOptions(settings)
    if (await keptExistingSession(settings, clock)) return
    preflight(settings)
    const delivery = await obtain(settings, clock, mask, masked)
    deadline.clear()
    // A deliverer that fails takes back those before it; nothing after them can fail.
    await report(delivery, await deliver(delivery), clock)
  } catch (error) {
    fail(error)
  } finally {
    deadline?.clear()
  }
}

/** The inputs, parsed and checked (secrets masked first); unset-current-credentials done. */
function stepSettings(mask: (secret: string) => void): Settings {
  const settings = readSettings(name => core.getInput(name), mask)
  if (settings.unsetCurrentCredentials) unsetCredentials()
  return settings
}

/**
 * The one-time code spent, the roles assumed (engine/assume-role.ts), every credential masked and
 * every account checked; with share-mfa-session, the session sealed for the other jobs.
 */
async function obtain(
  settings: Settings,
  clock: Clock,
  mask: (secret: string) => void,
  masked: readonly string[]
): Promise<Delivery> {
  core.info(announcement(settings))
  const obtained = await obtainCredentials(obtainRequest(settings), {
    clock,
    mask,
    notice: core.notice,
    info: core.info,
    warning: core.warning
  })
  const { roles } = obtained
  for (const role of roles) maskCredentials(role, settings, mask)
  for (const role of roles) checkAllowedAccount(role.accountId, settings.allowedAccountIds)
  const sealed =
    settings.mfaSessionToShare && obtained.mfaSession
      ? sealedSession(obtained.mfaSession, settings, masked)
      : undefined
  return {
    settings,
    roles,
    obtained,
    mask,
    sealed
  }
}

/** What the log and the job summary say once everything was delivered. */
async function report(
  delivery: Delivery,
  delivered: ReadonlyArray<{ report?: (delivery: Delivery) => string }>,
  clock: Clock
): Promise<void> {
  const { settings, obtained, endpoint } = delivery
  const credentials = delivery.roles[0]
  core.info(
    `${settings.roleArn ? 'Assumed' : 'Session of'} ${credentials.arn} until ${credentials.expiration.toISOString()}.`
  )
  for (const deliverer of delivered) if (deliverer.report) core.info(deliverer.report(delivery))
  await writeSummary(
    summaryMarkdown(credentials, settings, clock.now(), {
      proof: obtained.proof,
      sharedUntil: settings.mfaSessionToShare ? obtained.mfaSession?.expiration : undefined,
      renewedUntil: endpoint && obtained.mfaSession?.expiration
    })
  )
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
  if (settings.receivedMfaSession) {
    return `Assuming ${roles} from the shared MFA session of this run (no one-time code).`
  }
  const device = `MFA device ${settings.mfaSerial}`
  if (settings.mfaSessionToShare) {
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
  const { run } = settings.mfaSessionToShare as NonNullable<Settings['mfaSessionToShare']>
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
  if (!settings.useExistingCredentials) return false
  const role = { ...stsConnection(settings), roleArn: settings.roleArn }
  const found = await existingSession(role, process.env, clock.now())
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
