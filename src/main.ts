import * as core from '@actions/core'
import { ActionError, InputError, explainStsError } from './errors.js'
import { exportCredentials, maskCredentials } from './export.js'
import { readSettings } from './inputs.js'
import { MfaAttemptsFailed, systemClock, withOneTimeCode, type Clock } from './mfa.js'
import { assumeRole, createStsClient } from './sts.js'
import { summaryMarkdown } from './summary.js'

/**
 * The action: inputs → one-time code → AssumeRole → masked, exported credentials → summary.
 * Every failure ends here as one or more `::error::` lines, exit code 1, and nothing exported.
 */
export async function run(clock: Clock = systemClock): Promise<void> {
  try {
    const settings = readSettings(name => core.getInput(name), core.setSecret)
    const client = createStsClient(settings)
    core.info(`Assuming ${settings.roleArn} with MFA device ${settings.mfaSerial}.`)
    const credentials = await withOneTimeCode(
      {
        totp: settings.totp,
        retryWindows: settings.mfaRetryWindows,
        clock,
        mask: core.setSecret,
        notice: core.notice,
        info: core.info
      },
      code => assumeRole(client, settings, code)
    ).catch((error: unknown) => {
      if (!(error instanceof MfaAttemptsFailed)) throw error
      throw explainStsError(error.last, { ...settings, refusedCodes: error.refusedCodes })
    })
    maskCredentials(credentials, settings)
    exportCredentials(credentials, settings)
    core.info(`Assumed ${credentials.arn} until ${credentials.expiration.toISOString()}.`)
    await writeSummary(summaryMarkdown(credentials, settings, clock.now()))
  } catch (error) {
    fail(error)
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
  if (error instanceof InputError) {
    for (const problem of error.problems) core.error(problem)
    process.exitCode = core.ExitCode.Failure
  } else if (error instanceof ActionError) {
    core.setFailed(error.message)
  } else {
    core.setFailed(`Unexpected error: ${error instanceof Error ? error.message : String(error)}`)
  }
}
