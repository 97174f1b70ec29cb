import type { MfaDevice, MfaSource } from '../engine/mfa.js'
import type { ProxyRoute } from '../engine/proxy.js'
import type { RunBinding } from '../engine/shared-session.js'
import type { SessionOptions } from '../engine/requests.js'

/*
 * The settings type alone, with no runtime imports: every module that needs the type imports this
 * file, never the parser, so importing it never loads a parser, the SDK, or a cycle.
 */

/** Everything the action needs, parsed and validated once from its inputs. */
export interface Settings {
  /** Region of the STS endpoint; exported as AWS_REGION and AWS_DEFAULT_REGION. */
  region: string
  /** ARN of the role to assume (the first, when several); '' for none: a GetSessionToken session. */
  roleArn: string
  /** Every role, in order (role-to-assume may list several); empty for none. */
  roleArns: string[]
  /** ARN of the virtual MFA device (the `SerialNumber` of AssumeRole); the first, when several. */
  mfaSerial: string
  /** The device's seed to compute one-time codes from, or one code a person typed. */
  mfa: MfaSource
  /** Every device, in order, when mfa-serial and mfa-seed list several; absent for one. */
  mfaDevices?: MfaDevice[]
  /** The IAM user's keys; absent means the AWS SDK's default credential chain. */
  baseCredentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }
  /** Profile of the AWS config files for that chain (the CLI's --profile); absent: the SDK's choice. */
  profile?: string
  /** `DurationSeconds` of the role session (of the GetSessionToken session when there is no role). */
  durationSeconds: number
  /** `RoleSessionName`. */
  sessionName: string
  /** `ExternalId`, when the role's trust policy asks for one. */
  externalId?: string
  /** Further 30-second windows to try when STS refuses a code. */
  mfaRetryWindows: number
  /** Attempts per request for throttling, 5xx and network errors (1 = no retry). */
  retryMaxAttempts: number
  /** Custom STS endpoint URL. */
  stsEndpoint?: string
  maskAccountId: boolean
  /** Also set the credentials as step outputs. */
  outputCredentials: boolean
  /** Export the credentials as environment variables. */
  outputEnvCredentials: boolean
  /** Also write the credentials into this profile of the shared credentials and config files. */
  awsProfile?: {
    /** One profile per role, in the order of roleArns (one name when there is one role). */
    names: string[]
    overwrite: boolean
  }
  /** The proxy for STS requests; absent: direct. */
  proxy?: ProxyRoute
  /** Empty the credentials earlier steps exported before calling STS. */
  unsetCurrentCredentials: boolean
  /** Accounts the role may be in; empty: any. */
  allowedAccountIds: string[]
  /** Time limit of the whole action in seconds; 0: none. */
  actionTimeoutSeconds: number
  /** Accepted for compatibility with configure-aws-credentials; a no-op here (see README). */
  specialCharactersWorkaround: boolean
  /** Keep a valid session of the role already in the job's environment, skipping MFA. */
  useExistingCredentials: boolean
  /** Session tags, session policies and source identity for AssumeRole. */
  session: SessionOptions
  /**
   * share-mfa-session: the code is spent on one GetSessionToken of this length, sealed into the
   * mfa-session output for the other jobs of the run; the roles, if any, are assumed from it.
   */
  mfaSessionToShare?: { durationSeconds: number; run: RunBinding }
  /** mfa-session: another job's sealed session, from which the roles are assumed without a code. */
  receivedMfaSession?: { sealed: string; run: RunBinding }
  /** Several roles, each assumed with the user's keys and a code of its own (past one hour). */
  mfaCodePerRole: boolean
  /**
   * mfa-session-duration-seconds: DurationSeconds of the MFA session (GetSessionToken) that is
   * shared (mfaSessionToShare) or that refresh-credentials renews the role from.
   */
  mfaSessionDurationSeconds: number
  /** Serve the role from a refreshing credentials endpoint instead of exporting static keys. */
  refreshCredentials: boolean
}

/** Reads one input, trimmed ('' when not set): `core.getInput` in the action. */
export type InputReader = (name: string) => string
/** Registers a value to be masked in the log: `core.setSecret` in the action. */
export type Masker = (secret: string) => void
