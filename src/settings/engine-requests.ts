import { ENDPOINT_ROLE_SECONDS, type EndpointHandoff } from '../engine/credentials-endpoint.js'
import type { RoleCredentials, SessionCredentials } from '../engine/credentials.js'
import type { ObtainRequest, StsConnection } from '../engine/requests.js'
import { resolvedStsEndpoint } from '../engine/sts.js'
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

/**
 * What the credentials server is handed (startEndpoint adds the token), by the action's
 * refresh-credentials and by `serve`: the MFA session, each role of roleArns with its first
 * credentials, and how to assume it again from the session, for an hour (role chaining's cap).
 * The server runs with a stripped environment, so it gets the STS endpoint these settings'
 * requests go to, resolved here once (sts-endpoint, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL,
 * AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT, the config file), and the same proxy.
 */
export async function endpointHandoff(
  settings: Settings,
  session: SessionCredentials,
  roles: readonly RoleCredentials[]
): Promise<Omit<EndpointHandoff, 'token'>> {
  // The session, never the user's keys, in the client that is only asked where it would go.
  const stsEndpoint = await resolvedStsEndpoint({
    ...stsConnection(settings),
    baseCredentials: session
  })
  return {
    session,
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
  }
}
