import type { MfaDevice, MfaSource } from './mfa.js'
import type { ProxyRoute } from './proxy.js'
import type { RunBinding } from './shared-session.js'

/*
 * What the engine is asked to do, in its own terms: how STS is reached and who signs, which roles
 * with which session options, and how MFA is proven. Types only, with no runtime imports. The
 * callers (the action, the CLI, the credentials server) build these from what they were given;
 * the engine never sees their inputs.
 */

/** The IAM user's keys (or temporary keys) that sign the requests. */
export interface SigningKeys {
  accessKeyId: string
  secretAccessKey: string
  sessionToken?: string
}

/** How STS is reached and whose keys sign: all that a client is made of (createStsClient). */
export interface StsConnection {
  /** Region of the STS endpoint. */
  region: string
  /** Custom STS endpoint URL; absent: the SDK's resolution. */
  stsEndpoint?: string
  /** The keys that sign; absent means the AWS SDK's default credential chain. */
  baseCredentials?: SigningKeys
  /** Profile of the AWS config files for that chain; absent: the SDK's choice. */
  profile?: string
  /** Attempts per request for throttling, 5xx and network errors (1 = no retry). */
  retryMaxAttempts: number
  /** The proxy for STS requests; absent: direct. */
  proxy?: ProxyRoute
}

/** A session tag as AssumeRole takes it. */
export interface SessionTag {
  Key: string
  Value: string
}

/** The optional AssumeRole parameters, validated against STS's limits by the caller. */
export interface SessionOptions {
  /** `Tags`. */
  tags: SessionTag[]
  /** `TransitiveTagKeys`: tags that carry on when this session assumes further roles. */
  transitiveTagKeys: string[]
  /** `Policy`: an inline session policy, minified JSON. */
  policy?: string
  /** `PolicyArns`: managed policies that further limit the session. */
  policyArns: string[]
  /** `SourceIdentity`, recorded in CloudTrail and kept through role chaining. */
  sourceIdentity?: string
}

/** One AssumeRole: the role, the device whose code goes with it, the session's name and options. */
export interface RoleRequest {
  roleArn: string
  /** `SerialNumber`, sent only with a code. */
  mfaSerial: string
  /** `RoleSessionName`. */
  sessionName: string
  /** `DurationSeconds`. */
  durationSeconds: number
  /** `ExternalId`, when the role's trust policy asks for one. */
  externalId?: string
  session: SessionOptions
}

/** The roles a run asks for, all with the same session name, length and options. */
export interface RolesRequest {
  /** In order; empty for none: the user's own MFA session (GetSessionToken). */
  arns: readonly string[]
  sessionName: string
  /** `DurationSeconds` of each role session (of the user's session when there is no role). */
  durationSeconds: number
  externalId?: string
  session: SessionOptions
}

/** How MFA is proven: with which device, from which seed (or typed code), how many windows. */
export interface MfaPlan {
  /** The ARN of the (first) device: `SerialNumber`. */
  serial: string
  /** The seed to compute codes from, or one code a person typed. */
  source: MfaSource
  /** Every device, in order, when several; absent for one. */
  devices?: readonly MfaDevice[]
  /** Further 30-second windows to try when STS refuses a code. */
  retryWindows: number
  /** Several roles, each assumed with the user's keys and a code of its own (past one hour). */
  codePerRole: boolean
}

/** A run's request: obtainCredentials. */
export interface ObtainRequest {
  sts: StsConnection
  roles: RolesRequest
  mfa: MfaPlan
  /**
   * Spend the code on one MFA session (GetSessionToken) of this length, assume the roles from it,
   * and return it too: to share with the other jobs, or for the credentials endpoint to renew from.
   */
  mfaSession?: { durationSeconds: number }
  /**
   * Another job's sealed MFA session, to assume the roles from without a code; this job's own code
   * instead when it cannot be used and `mfa.serial` and the keys are given.
   */
  sharedSession?: { sealed: string; run: RunBinding }
}
