import { randomBytes } from 'node:crypto'
import { STSClient, GetCallerIdentityCommand } from '@aws-sdk/client-sts'
import { mfaTrustPolicy } from '../support/emulator/trust-policy.js'

export { mfaTrustPolicy }

/** A random base32 seed of 40 bytes, the size AWS gives a virtual MFA device. */
export function newSeed(): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  return [...randomBytes(64)].map(byte => alphabet[byte % 32]).join('')
}

export const ACCOUNT = '123456789012'
/** The region of every world: the emulator's only one, and the action's and the CLI's. */
export const REGION = 'eu-central-1'
export const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/ci`
export const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`
export const SERIAL = `arn:aws:iam::${ACCOUNT}:mfa/ci-deploy`

/**
 * The shortest TOTP period the action accepts (an otpauth URI's `period`, 10 to 3600 s). Suites that
 * wait for several windows use devices with it, so they wait a third as long; windows.test.ts keeps
 * AWS's real 30 s.
 */
export const SHORT_PERIOD = 10

/** The seed as an authenticator's otpauth:// URI with `period` seconds per code. */
export function otpauthUri(seed: string, period: number): string {
  return `otpauth://totp/AWS:ci@${ACCOUNT}?secret=${seed}&issuer=AWS&period=${period}`
}

/**
 * One IAM user with one virtual MFA device, one role that trusts it and requires MFA. `period`
 * other than 30 makes a device no AWS device is (see SHORT_PERIOD).
 */
export function world(seed = newSeed(), period = 30) {
  const user = {
    name: 'ci',
    accountId: ACCOUNT,
    accessKeyId: 'AKIAE2ETESTUSER00001',
    secretAccessKey: randomBytes(30).toString('base64'),
    mfaDevices: [{ serial: SERIAL, seed, period }]
  }
  const config = {
    // inputsFor's aws-region: a client that signed for another region would be refused, as AWS does.
    regions: [REGION],
    users: [
      user,
      {
        name: 'other',
        accountId: ACCOUNT,
        accessKeyId: 'AKIAE2EOTHERUSER0002',
        secretAccessKey: randomBytes(30).toString('base64'),
        mfaDevices: []
      }
    ],
    roles: [{ arn: ROLE_ARN, trustPolicy: mfaTrustPolicy(USER_ARN), maxSessionDuration: 3600 }]
  }
  return { user, seed, config }
}

/**
 * An administrator with no MFA device, whose own keys run `init` and `rotate` against the
 * emulator's IAM: add it to a world's users.
 */
export const ADMIN = {
  name: 'admin',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAE2EADMINUSER0003',
  secretAccessKey: 'e2e/admin+0123456789abcdefghijklmnopqrst',
  mfaDevices: []
}

/** The inputs of a workflow step that should succeed against `url`. */
export function inputsFor(
  url: string,
  user: { accessKeyId: string; secretAccessKey: string },
  seed: string
) {
  return {
    'aws-region': REGION,
    'role-to-assume': ROLE_ARN,
    'mfa-serial': SERIAL,
    'mfa-seed': seed,
    'aws-access-key-id': user.accessKeyId,
    'aws-secret-access-key': user.secretAccessKey,
    'sts-endpoint': url
  }
}

/** Who the exported credentials are, asked of the emulator with GetCallerIdentity. */
export async function callerArn(
  url: string,
  env: Record<string, string>
): Promise<string | undefined> {
  const client = new STSClient({
    region: env.AWS_REGION,
    endpoint: url,
    credentials: {
      accessKeyId: env.AWS_ACCESS_KEY_ID,
      secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
      sessionToken: env.AWS_SESSION_TOKEN
    }
  })
  return (await client.send(new GetCallerIdentityCommand({}))).Arn
}
