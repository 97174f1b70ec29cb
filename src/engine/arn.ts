/**
 * The one place ARNs are taken apart. Formats from the IAM User Guide ("IAM identifiers") and
 * the STS API model; partitions are aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, ...
 */

const PARTITION = 'aws(?:-[a-z]+)*'
/** `arn:aws:iam::123456789012:role/PATH/NAME` */
export const ROLE_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:role/[\\w+=,.@/-]{1,512}$`)
/** `arn:aws:iam::123456789012:mfa/PATH/NAME`: a virtual MFA device (STS's SerialNumber). */
export const MFA_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:mfa/[\\w+=,.@/-]{1,512}$`)
/** An IAM user's ARN, which people paste as mfa-serial by mistake. */
export const USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user/`)
/** `arn:aws:sts::123456789012:assumed-role/ROLE/SESSION`: role and session names as IAM allows. */
const ASSUMED_ROLE_ARN = new RegExp(
  `^arn:${PARTITION}:sts::(\\d{12}):assumed-role/([\\w+=,.@-]{1,64})/([\\w+=,.@-]{2,64})$`
)
/** `arn:aws:iam::123456789012:user/PATH/NAME`, whole. */
export const IAM_USER_ARN = new RegExp(`^arn:${PARTITION}:iam::\\d{12}:user/[\\w+=,.@/-]{1,512}$`)

/** The 12-digit account id of an ARN (its fifth field), or undefined when it has none. */
export function accountIdOf(arn: string): string | undefined {
  const account = arn.split(':')[4]
  return account && /^\d{12}$/.test(account) ? account : undefined
}

/** What follows the resource type: `PATH/NAME` of `arn:aws:iam::123456789012:mfa/PATH/NAME`. */
export function resourcePathOf(arn: string): string {
  const resource = arn.split(':').slice(5).join(':')
  return resource.slice(resource.indexOf('/') + 1)
}

/** The last part of the resource path: the role's name in a role ARN, the device's in an MFA ARN. */
export function resourceNameOf(arn: string): string {
  const path = resourcePathOf(arn)
  return path.slice(path.lastIndexOf('/') + 1)
}

/** The account, role and session of an assumed-role (role session) ARN; else undefined. */
export function assumedRoleOf(
  arn: string
): { accountId: string; roleName: string; sessionName: string } | undefined {
  const parts = ASSUMED_ROLE_ARN.exec(arn)
  return parts ? { accountId: parts[1], roleName: parts[2], sessionName: parts[3] } : undefined
}

/** The partition of an ARN (its second field): aws, aws-cn, aws-us-gov, aws-iso, ... */
export function partitionOf(arn: string): string {
  return arn.split(':')[1] ?? ''
}
