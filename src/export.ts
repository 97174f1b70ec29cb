import * as core from '@actions/core'
import type { Settings } from './inputs.js'
import type { RoleCredentials } from './sts.js'

/** Masks the issued credentials (and the account id when asked) before anything prints them. */
export function maskCredentials(credentials: RoleCredentials, settings: Settings): void {
  core.setSecret(credentials.accessKeyId)
  core.setSecret(credentials.secretAccessKey)
  core.setSecret(credentials.sessionToken)
  if (settings.maskAccountId) core.setSecret(credentials.accountId)
}

/**
 * Hands the role session to the job's later steps. Called only once everything has succeeded, so a
 * failed run exports nothing. The user's own keys are never exported.
 */
export function exportCredentials(credentials: RoleCredentials, settings: Settings): void {
  const expiration = credentials.expiration.toISOString()
  if (settings.outputEnvCredentials) {
    core.exportVariable('AWS_ACCESS_KEY_ID', credentials.accessKeyId)
    core.exportVariable('AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey)
    core.exportVariable('AWS_SESSION_TOKEN', credentials.sessionToken)
    core.exportVariable('AWS_CREDENTIAL_EXPIRATION', expiration)
  }
  // The region goes with the credentials: later AWS tools need both.
  core.exportVariable('AWS_REGION', settings.region)
  core.exportVariable('AWS_DEFAULT_REGION', settings.region)

  core.setOutput('aws-account-id', credentials.accountId)
  core.setOutput('authenticated-arn', credentials.arn)
  core.setOutput('aws-expiration', expiration)
  if (settings.outputCredentials) {
    core.setOutput('aws-access-key-id', credentials.accessKeyId)
    core.setOutput('aws-secret-access-key', credentials.secretAccessKey)
    core.setOutput('aws-session-token', credentials.sessionToken)
  }
}
