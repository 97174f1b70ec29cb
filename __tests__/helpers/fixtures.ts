import type { Settings } from '../../src/settings/settings.js'
import type { RoleCredentials } from '../../src/engine/credentials.js'

/** A 64-character base32 seed, the length AWS gives a virtual MFA device (40 bytes). */
export const DEVICE_SEED = 'JBSWY3DPEHPK3PXPMFRGGZDFMZTWQ2LKNNWG23TPOBYXE43UOV3HO6DZPJQWEY3E'

/** RFC 6238 Appendix B: the ASCII key "12345678901234567890" in base32. */
export const RFC_SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'

export const ROLE_ARN = 'arn:aws:iam::123456789012:role/deploy'
export const MFA_SERIAL = 'arn:aws:iam::123456789012:mfa/ci-deploy'
export const ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'
export const SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY'

/** Settings as readSettings would return them for a typical workflow. */
export function makeSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    region: 'eu-central-1',
    roleArn: ROLE_ARN,
    roleArns: [ROLE_ARN],
    mfaSerial: MFA_SERIAL,
    mfa: { kind: 'seed', totp: { secret: DEVICE_SEED, digits: 6, period: 30, algorithm: 'sha1' } },
    baseCredentials: { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET_ACCESS_KEY },
    durationSeconds: 3600,
    sessionName: 'GitHubActions-4242-1',
    mfaRetryWindows: 2,
    retryMaxAttempts: 3,
    maskAccountId: false,
    outputCredentials: false,
    outputEnvCredentials: true,
    unsetCurrentCredentials: false,
    allowedAccountIds: [],
    actionTimeoutSeconds: 0,
    specialCharactersWorkaround: false,
    useExistingCredentials: false,
    session: { tags: [], transitiveTagKeys: [], policyArns: [] },
    mfaSessionDurationSeconds: 3600,
    refreshCredentials: false,
    mfaCodePerRole: false,
    ...overrides
  }
}

/** A role session as assumeRole returns it. */
export function makeCredentials(overrides: Partial<RoleCredentials> = {}): RoleCredentials {
  return {
    accessKeyId: 'ASIAQWERTYUIOPASDFGH',
    secretAccessKey: 'roleSecret/Key+Value0123456789abcdefghijk',
    sessionToken: 'FwoGZXIvYXdzEJr//////////wEaDOrole+session+token==',
    expiration: new Date('2030-01-02T03:04:05.000Z'),
    arn: 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions-4242-1',
    accountId: '123456789012',
    ...overrides
  }
}
