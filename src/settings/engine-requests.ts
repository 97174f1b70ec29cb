import { ENDPOINT_ROLE_SECONDS } from '../engine/credentials-endpoint.js'
import type { ObtainRequest, StsConnection } from '../engine/requests.js'
import type { Settings } from './settings.js'

/*
 * The settings in the engine's terms: the one translation that the action and the CLI share, so
 * that the engine never sees an input's name and neither entry point steers it by patching
 * settings.
 */

/** How STS is reached and whose keys sign. */
export function stsConnection(settings: Settings): StsConnection {
  const { region, stsEndpoint, baseCredentials, profile, retryMaxAttempts, proxy } = settings
  return { region, stsEndpoint, baseCredentials, profile, retryMaxAttempts, proxy }
}

/**
 * What obtainCredentials is asked for. With refresh-credentials each role is asked for an hour,
 * role chaining's cap, whatever role-duration-seconds: the endpoint renews it from the MFA
 * session. share-mfa-session and refresh-credentials spend the code on one MFA session, which
 * the engine returns; mfa-session assumes the roles from another job's.
 */
export function obtainRequest(settings: Settings): ObtainRequest {
  const shareOrRenew = settings.mfaSessionToShare !== undefined || settings.refreshCredentials
  return {
    sts: stsConnection(settings),
    roles: {
      arns: settings.roleArns,
      sessionName: settings.sessionName,
      durationSeconds: settings.refreshCredentials
        ? ENDPOINT_ROLE_SECONDS
        : settings.durationSeconds,
      externalId: settings.externalId,
      session: settings.session
    },
    mfa: {
      serial: settings.mfaSerial,
      source: settings.mfa,
      devices: settings.mfaDevices,
      retryWindows: settings.mfaRetryWindows,
      codePerRole: settings.mfaCodePerRole
    },
    ...(shareOrRenew && { mfaSession: { durationSeconds: settings.mfaSessionDurationSeconds } }),
    ...(settings.receivedMfaSession && { sharedSession: settings.receivedMfaSession })
  }
}
