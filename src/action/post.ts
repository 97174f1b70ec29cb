import * as core from '@actions/core'
import { restoreSavedSnapshots } from './profile.js'
import { State } from './state.js'

/**
 * The post step, run even after a failed main step: puts back the shared credentials and config
 * files that aws-profile changed (self-hosted runners keep their disks), and deletes the snapshot.
 * Silent when there is nothing to do or it went well.
 */
export async function post(): Promise<void> {
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
