import * as core from '@actions/core'
import type { Settings } from '../settings/settings.js'
import {
  CREDENTIAL_VARIABLES,
  regionVariables,
  sessionVariables,
  type RoleCredentials
} from '../engine/credentials.js'

/** Masks the issued credentials (and the account id when asked) before anything prints them. */
export function maskCredentials(
  credentials: RoleCredentials,
  settings: Settings,
  mask: (secret: string) => void = core.setSecret
): void {
  mask(credentials.accessKeyId)
  mask(credentials.secretAccessKey)
  mask(credentials.sessionToken)
  if (settings.maskAccountId) mask(credentials.accountId)
}

/**
 * Hands the role session to the job's later steps through their environment: the region, and the
 * keys unless `keysToEnvironment` is false (output-env-credentials, or the endpoint serves them).
 * Called only once everything else has succeeded, so a failed run exports nothing. The user's own
 * keys are never exported.
 */
export function exportVariables(
  credentials: RoleCredentials,
  region: string,
  keysToEnvironment: boolean
): void {
  const variables = [
    ...(keysToEnvironment ? sessionVariables(credentials) : []),
    ...regionVariables(region)
  ]
  for (const [name, value] of variables) core.exportVariable(name, value)
}

/** The step's outputs: who the job now is and until when; the keys too with output-credentials. */
export function setCredentialOutputs(credentials: RoleCredentials, settings: Settings): void {
  core.setOutput('aws-account-id', credentials.accountId)
  core.setOutput('authenticated-arn', credentials.arn)
  core.setOutput('aws-expiration', credentials.expiration.toISOString())
  if (settings.outputCredentials) {
    core.setOutput('aws-access-key-id', credentials.accessKeyId)
    core.setOutput('aws-secret-access-key', credentials.secretAccessKey)
    core.setOutput('aws-session-token', credentials.sessionToken)
  }
}

/**
 * refresh-credentials: later steps find the endpoint through the container credentials provider.
 * Keys in the environment would win over it in every SDK's default chain (AWS SDKs and Tools
 * reference guide), so any that earlier steps or the job set are emptied for the later steps.
 * The token was masked when it was made (startEndpoint).
 */
export function exportEndpoint(
  endpoint: { uri: (index: number) => string; token: string },
  env: NodeJS.ProcessEnv = process.env
): void {
  core.exportVariable('AWS_CONTAINER_CREDENTIALS_FULL_URI', endpoint.uri(0))
  core.exportVariable('AWS_CONTAINER_AUTHORIZATION_TOKEN', endpoint.token)
  const set = CREDENTIAL_VARIABLES.filter(name => env[name])
  for (const name of set) core.exportVariable(name, '')
  if (set.length > 0) {
    core.info(
      `Emptied ${set.join(', ')} for later steps: keys in the environment would win over the ` +
        'credentials endpoint.'
    )
  }
}

/**
 * unset-current-credentials: the credentials earlier steps exported are emptied for the later
 * steps, as configure-aws-credentials does, and removed from this step's environment so that the
 * SDK's default chain cannot pick them as the base credentials. Done before STS is called: a
 * failed run then leaves the job with no credentials rather than the earlier ones.
 */
export function unsetCredentials(env: NodeJS.ProcessEnv = process.env): void {
  for (const name of CREDENTIAL_VARIABLES) {
    delete env[name]
    core.exportVariable(name, '')
  }
  for (const name of ['AWS_PROFILE', 'AWS_DEFAULT_PROFILE']) {
    if (!env[name]) continue
    core.warning(
      `${name} is set to '${env[name]}' by an earlier step: later AWS tools may use that profile ` +
        'instead of the exported credentials. unset-current-credentials leaves it for later ' +
        'steps (an empty AWS_PROFILE breaks the AWS CLI); remove it from the workflow.'
    )
    delete env[name]
  }
}
