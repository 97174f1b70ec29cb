import * as core from '@actions/core'
import type { Obtained } from '../engine/assume-role.js'
import type { RoleCredentials, SessionCredentials } from '../engine/credentials.js'
import { ActionError } from '../engine/errors.js'
import { endpointHandoff } from '../settings/engine-requests.js'
import type { Settings } from '../settings/settings.js'
import { startEndpoint, stopEndpoint, type StartedEndpoint } from './endpoint.js'
import { exportEndpoint, exportVariables, setCredentialOutputs } from './export.js'
import {
  profileFiles,
  restoreFiles,
  saveSnapshots,
  snapshotFiles,
  snapshotFolder,
  writeProfile
} from './profile.js'
import { saveEndpoint, saveProfileSnapshot } from './state.js'

/*
 * The ways credentials leave the main step, each a deliverer with its own undo: the credentials
 * endpoint, the profile files, the environment, the outputs, the shared MFA session. They run in
 * the order of DELIVERERS, those that can be undone first; when one fails, those before it are
 * undone, so that a failed step leaves nothing half delivered. A new way is one more deliverer.
 */

/** What the deliverers hand over, and what they leave for those after them. */
export interface Delivery {
  settings: Settings
  /** Each role's credentials (or the user's session), masked and checked; the first is the job's. */
  roles: RoleCredentials[]
  obtained: Obtained
  mask: (secret: string) => void
  /** share-mfa-session: the session sealed for the other jobs of the run. */
  sealed?: string
  /** Set by the endpoint's deliverer: the profiles and the environment point at it then. */
  endpoint?: StartedEndpoint
}

/** Takes a delivery back. */
export type Undo = () => unknown

export interface Deliverer {
  name: string
  /** Whether this run hands the credentials over this way. */
  wanted(delivery: Delivery): boolean
  /** Hands them over; returns how to take that back should a later deliverer fail. */
  deliver(delivery: Delivery): Promise<Undo | void> | Undo | void
  /** The log's line once every deliverer has succeeded, if it has one. */
  report?(delivery: Delivery): string
}

/**
 * refresh-credentials: the server gets the MFA session and the roles' first credentials, never the
 * user's keys; its pid and port go into the state at once, so the post step stops it whatever
 * happens next. `start` starts the server process (tests give their own).
 */
export function endpointDeliverer(start: typeof startEndpoint = startEndpoint): Deliverer {
  return {
    name: 'endpoint',
    wanted: ({ settings, obtained }) => settings.refreshCredentials && !!obtained.mfaSession,
    async deliver(delivery) {
      const started = await startRefreshingEndpoint(delivery, start)
      delivery.endpoint = started
      return () => stopEndpoint(started, false)
    },
    report: ({ endpoint, obtained }) =>
      `Later steps get the role from ${endpoint?.uri(0)}, renewed from the MFA session until ` +
      `${obtained.mfaSession?.expiration.toISOString()}; the post step stops it.`
  }
}

/** aws-profile: each role's profile; the files as they were come back on failure. */
export const profiles: Deliverer = {
  name: 'profiles',
  wanted: ({ settings }) => settings.awsProfile !== undefined,
  deliver: delivery => writeAwsProfiles(delivery)
}

/** The job's environment: the endpoint's variables, or the keys; the region. */
export const environment: Deliverer = {
  name: 'environment',
  wanted: () => true,
  deliver({ settings, roles, endpoint }) {
    if (endpoint) exportEndpoint(endpoint)
    exportVariables(roles[0], settings.region, !endpoint && settings.outputEnvCredentials)
  }
}

/** The step's outputs: the identity and expiry, and the keys with output-credentials. */
export const outputs: Deliverer = {
  name: 'outputs',
  wanted: () => true,
  deliver: ({ settings, roles }) => setCredentialOutputs(roles[0], settings)
}

/** share-mfa-session: the sealed session as the output mfa-session. */
export const sharedSession: Deliverer = {
  name: 'shared MFA session',
  wanted: ({ sealed }) => sealed !== undefined,
  deliver: ({ sealed }) => core.setOutput('mfa-session', sealed),
  report: ({ obtained }) =>
    `Shared the MFA session, until ${obtained.mfaSession?.expiration.toISOString()}, as the ` +
    'output mfa-session: map it to a job output, and pass it to the jobs that need it as ' +
    'mfa-session: ${{ needs.<job>.outputs.mfa-session }}.'
}

/** In order: what can be undone first, the environment and outputs (which cannot) last. */
export const DELIVERERS: readonly Deliverer[] = [
  endpointDeliverer(),
  profiles,
  environment,
  outputs,
  sharedSession
]

/**
 * Runs each wanted deliverer in order. When one fails, those before it are undone, the last first,
 * and its error is thrown. Returns the deliverers that delivered, for the report.
 */
export async function deliver(
  delivery: Delivery,
  deliverers: readonly Deliverer[] = DELIVERERS
): Promise<Deliverer[]> {
  const delivered: Deliverer[] = []
  const undos: Undo[] = []
  const undo = async () => {
    for (const step of undos.splice(0).reverse()) {
      try {
        await step()
      } catch (error) {
        core.warning(`Could not take back a delivery: ${(error as Error).message}`)
      }
    }
  }
  for (const deliverer of deliverers) {
    if (!deliverer.wanted(delivery)) continue
    try {
      const taken = await deliverer.deliver(delivery)
      if (taken) undos.push(taken)
    } catch (error) {
      await undo()
      throw error
    }
    delivered.push(deliverer)
  }
  return delivered
}

async function startRefreshingEndpoint(
  delivery: Delivery,
  start: typeof startEndpoint
): Promise<StartedEndpoint> {
  const { settings, roles, mask } = delivery
  const session = delivery.obtained.mfaSession as SessionCredentials
  const started = await start(await endpointHandoff(settings, session, roles), mask)
  const { pid, port, dir } = started
  // The post step summarises the server's log as this step decided: account ids hidden or not.
  saveEndpoint({ pid, port, dir, hideAccounts: settings.maskAccountId })
  return started
}

/**
 * aws-profile: the snapshot of both files goes to an owner-only file under RUNNER_TEMP before
 * they change, and only its path into the state, for the post step to put them back. A profile
 * that cannot be written takes the ones written before it back with it. Returns the undo: the
 * files as they were.
 */
export function writeAwsProfiles(
  { settings, roles, endpoint }: Pick<Delivery, 'settings' | 'roles' | 'endpoint'>,
  write: typeof writeProfile = writeProfileOrExplain
): Undo {
  const { names, overwrite } = settings.awsProfile as NonNullable<Settings['awsProfile']>
  const files = profileFiles()
  const before = snapshotFiles(files)
  saveProfileSnapshot(saveSnapshots(before, snapshotFolder()))
  // names[i] is the profile of roles[i] (readSettings pairs them).
  for (const [i, profile] of names.entries()) {
    try {
      // With the endpoint, each role's profile asks it: credential_process renews as the SDKs do.
      const values = endpoint
        ? { credentialProcess: endpoint.credentialProcess(i), region: settings.region }
        : { ...roles[i], region: settings.region }
      write(files, profile, values, overwrite)
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
  return () => restoreFiles(before)
}

/** A file that cannot be written: both files are back as they were (writeProfile), say what to fix. */
function writeProfileOrExplain(...args: Parameters<typeof writeProfile>) {
  try {
    return writeProfile(...args)
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
