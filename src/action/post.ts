import * as core from '@actions/core'
import { stopEndpoint } from './endpoint.js'
import { restoreSavedSnapshots } from './profile.js'
import { readEndpoint, readProfileSnapshot } from './state.js'

/**
 * The post step, run even after a failed main step: puts back the shared credentials and config
 * files that aws-profile changed (self-hosted runners keep their disks), and deletes the snapshot;
 * stops the credentials endpoint of refresh-credentials and says what it did. Otherwise silent
 * when there is nothing to do or it went well. It acts on what the main step saved in the state
 * (state.ts), never on the inputs.
 */
export async function post(): Promise<void> {
  try {
    const endpoint = readEndpoint()
    if (endpoint) {
      const lines = await stopEndpoint(endpoint, endpoint.hideAccounts)
      core.info(lines[0])
      for (const line of lines.slice(1)) core.warning(line)
    }
  } catch (error) {
    core.warning(`Could not stop the credentials endpoint: ${(error as Error).message}`)
  }
  try {
    const snapshot = readProfileSnapshot()
    if (snapshot) restoreSavedSnapshots(snapshot)
  } catch (error) {
    core.warning(
      `Could not put the AWS credentials and config files back as they were: ${(error as Error).message}`
    )
  }
}
