import * as core from '@actions/core'
import { stopEndpoint, type EndpointState } from './endpoint.js'
import { restoreSavedSnapshots } from './profile.js'
import { State } from './state.js'

/**
 * The post step, run even after a failed main step: puts back the shared credentials and config
 * files that aws-profile changed (self-hosted runners keep their disks), and deletes the snapshot;
 * stops the credentials endpoint of refresh-credentials and says what it did. Otherwise silent
 * when there is nothing to do or it went well.
 */
export async function post(): Promise<void> {
  const endpoint = core.getState(State.Endpoint)
  if (endpoint) {
    try {
      const hideAccounts = /^true$/i.test(core.getInput('mask-aws-account-id'))
      const lines = await stopEndpoint(JSON.parse(endpoint) as EndpointState, hideAccounts)
      core.info(lines[0])
      for (const line of lines.slice(1)) core.warning(line)
    } catch (error) {
      core.warning(`Could not stop the credentials endpoint: ${(error as Error).message}`)
    }
  }
  const snapshot = core.getState(State.ProfileSnapshot)
  if (!snapshot) return
  try {
    restoreSavedSnapshots(snapshot)
  } catch (error) {
    core.warning(
      `Could not put the AWS credentials and config files back as they were: ${(error as Error).message}`
    )
  }
}
