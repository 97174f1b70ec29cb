import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { getEndpointFromInstructions } from '@smithy/core/endpoints'
import { StandardRetryStrategy } from '@smithy/core/retry'
import { accountIdOf } from './arn.js'
import { BoundedHttpHandler, CONNECT_TIMEOUT_MS } from './bounded-http.js'
import type { RoleCredentials } from './credentials.js'
import { isCodeRefused } from './sts-errors.js'
import { proxyAgents } from './proxy-agents.js'
import type { RoleRequest, SessionOptions, StsConnection } from './requests.js'

/**
 * The SDK's standard strategy, except that a refused MFA code is never retried. After it corrects
 * its clock from a response's Date header (a runner clock off by minutes), the SDK retries any
 * error with the same request body, refused codes included; AWS refuses a code twice, and every
 * try spends one of the device's few checks. A fresh code is for withOneTimeCode to send.
 */
class CodeSafeRetryStrategy extends StandardRetryStrategy {
  override async refreshRetryTokenForRetry(
    ...[token, errorInfo]: Parameters<StandardRetryStrategy['refreshRetryTokenForRetry']>
  ) {
    if (isCodeRefused(errorInfo.error)) throw errorInfo.error
    return super.refreshRetryTokenForRetry(token, errorInfo)
  }
}

/**
 * The one place an STS client is made. The SDK's standard retry strategy retries throttling, 5xx
 * and network errors with exponential backoff and jitter, and never other 4xx errors: a refused
 * MFA code is not retried by the SDK (resending a code always fails).
 */
export function createStsClient(settings: StsConnection): STSClient {
  return new STSClient({
    region: settings.region,
    endpoint: settings.stsEndpoint,
    credentials: settings.baseCredentials,
    profile: settings.profile,
    retryStrategy: new CodeSafeRetryStrategy(settings.retryMaxAttempts),
    // Each attempt bounded in time and size (bounded-http.ts): with the SDK's retries, an endpoint
    // that misbehaves in any way costs at most retry-max-attempts × 10 s plus backoff.
    requestHandler: new BoundedHttpHandler({
      connectionTimeout: CONNECT_TIMEOUT_MS,
      ...proxyAgents(settings.proxy)
    }),
    customUserAgent: 'aws-assume-role-mfa'
  })
}

/**
 * The URL a client of this connection sends AssumeRole to, by the SDK's own resolution:
 * sts-endpoint, else AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL (and the config file's endpoint_url),
 * else the regional host with AWS_USE_FIPS_ENDPOINT and AWS_USE_DUALSTACK_ENDPOINT applied. The
 * credentials server gets this URL, resolved once here, since its environment holds none of those
 * variables. Nothing is sent.
 */
export async function resolvedStsEndpoint(connection: StsConnection): Promise<string> {
  const client = createStsClient(connection)
  try {
    const endpoint = await getEndpointFromInstructions({}, AssumeRoleCommand, client.config)
    return endpoint.url.href
  } finally {
    client.destroy()
  }
}

/**
 * One AssumeRole call with the MFA code. The identity comes from its answer: no extra call. Without
 * a code, the client's credentials carry MFA already (a GetSessionToken session made with a code).
 * `target` picks another role or device than the settings' first.
 */
export async function assumeRole(
  client: STSClient,
  settings: RoleRequest,
  tokenCode: string | undefined,
  target: { roleArn?: string; serialNumber?: string } = {}
): Promise<RoleCredentials> {
  const response = await client.send(
    new AssumeRoleCommand({
      RoleArn: target.roleArn ?? settings.roleArn,
      RoleSessionName: settings.sessionName,
      DurationSeconds: settings.durationSeconds,
      ExternalId: settings.externalId,
      SerialNumber:
        tokenCode === undefined ? undefined : (target.serialNumber ?? settings.mfaSerial),
      TokenCode: tokenCode,
      ...sessionParameters(settings.session)
    })
  )
  const credentials = response.Credentials
  const arn = response.AssumedRoleUser?.Arn
  if (
    !credentials?.AccessKeyId ||
    !credentials.SecretAccessKey ||
    !credentials.SessionToken ||
    !credentials.Expiration ||
    !arn
  ) {
    throw new Error('STS answered AssumeRole without credentials or an assumed-role ARN.')
  }
  return {
    accessKeyId: credentials.AccessKeyId,
    secretAccessKey: credentials.SecretAccessKey,
    sessionToken: credentials.SessionToken,
    expiration: credentials.Expiration,
    arn,
    accountId: accountIdOf(arn) ?? ''
  }
}

/** The AssumeRole parameters for these options; absent ones are left out of the request. */
export function sessionParameters(options: SessionOptions) {
  const { tags, transitiveTagKeys, policy, policyArns, sourceIdentity } = options
  return {
    ...(tags.length > 0 && { Tags: tags }),
    ...(transitiveTagKeys.length > 0 && { TransitiveTagKeys: transitiveTagKeys }),
    ...(policy !== undefined && { Policy: policy }),
    ...(policyArns.length > 0 && { PolicyArns: policyArns.map(arn => ({ arn })) }),
    ...(sourceIdentity !== undefined && { SourceIdentity: sourceIdentity })
  }
}
