import {
  AddUserToGroupCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateRoleCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteGroupCommand,
  DeleteGroupPolicyCommand,
  DeleteRoleCommand,
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListVirtualMFADevicesCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand
} from '@aws-sdk/client-iam'
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { BoundedHttpHandler, CONNECT_TIMEOUT_MS } from '../engine/bounded-http.js'

/**
 * The IAM calls `init` makes, as the administrator (the SDK's default chain, or --profile), on
 * the endpoints the SDK finds itself (AWS_ENDPOINT_URL_IAM, AWS_ENDPOINT_URL_STS, AWS_ENDPOINT_URL).
 * The only module that imports @aws-sdk/client-iam: it is in the CLI's bundle, never the action's.
 */
export interface AdminClients {
  /** Reads and deletes: retried by the SDK (a retried delete that finds nothing is done). */
  iam: IAMClient
  /**
   * Creates: sent once. A create is not idempotent (a retry whose first answer was lost makes a
   * second key, or answers EntityAlreadyExists for what the first made): init looks and
   * reconciles instead (AWS-MFA-FACTS).
   */
  iamOnce: IAMClient
  sts: STSClient
}

/** IAM is global: the aws partition signs it for us-east-1 (IAM User Guide, "IAM endpoints"). */
export const IAM_DEFAULT_REGION = 'us-east-1'

export function adminClients(region: string, profile: string | undefined): AdminClients {
  const common = {
    region,
    profile,
    maxAttempts: 3,
    // The same bounds as the STS calls: a deadline over each whole exchange, a cap on its size.
    requestHandler: new BoundedHttpHandler({ connectionTimeout: CONNECT_TIMEOUT_MS }),
    customUserAgent: 'aws-assume-role-mfa-init'
  }
  return {
    iam: new IAMClient(common),
    iamOnce: new IAMClient({ ...common, maxAttempts: 1 }),
    sts: new STSClient(common)
  }
}

/** An AWS error's code (the SDK's exception name), for the few `init` tells apart. */
export function awsErrorName(error: unknown): string | undefined {
  return (error as { name?: string } | undefined)?.name
}

export const isNoSuchEntity = (error: unknown) => awsErrorName(error) === 'NoSuchEntityException'
export const isAlreadyExists = (error: unknown) =>
  awsErrorName(error) === 'EntityAlreadyExistsException'

export interface Iam {
  callerArn(): Promise<{ arn: string; account: string }>
  /** The user's ARN, or undefined when there is no such user. */
  userArn(name: string): Promise<string | undefined>
  createUser(name: string): Promise<string>
  deleteUser(name: string): Promise<void>
  /** Serials of the user's MFA devices. */
  mfaDevices(user: string): Promise<string[]>
  createVirtualMfaDevice(name: string): Promise<{ serial: string; seed: string }>
  enableMfaDevice(user: string, serial: string, code1: string, code2: string): Promise<void>
  deactivateMfaDevice(user: string, serial: string): Promise<void>
  deleteVirtualMfaDevice(serial: string): Promise<void>
  /** The role's ARN and trust policy (decoded), or undefined when there is no such role. */
  role(name: string): Promise<{ arn: string; trustPolicy: string } | undefined>
  createRole(name: string, trustPolicy: string): Promise<string>
  deleteRole(name: string): Promise<void>
  putUserPolicy(user: string, name: string, document: string): Promise<void>
  deleteUserPolicy(user: string, name: string): Promise<void>
  /** The user's inline policy's document (decoded), or undefined when it has none of that name. */
  userPolicy(user: string, name: string): Promise<string | undefined>
  createAccessKey(user: string): Promise<{ accessKeyId: string; secretAccessKey: string }>
  deleteAccessKey(user: string, accessKeyId: string): Promise<void>
  /** The user's access keys' ids and statuses (never secrets). */
  accessKeys(user: string): Promise<{ accessKeyId: string; status: string }[]>
  /** The account's virtual MFA devices: serial, and the user it is enabled for, if any. */
  virtualMfaDevices(): Promise<{ serial: string; user?: string }[]>
  /** The group's ARN and its users' names, or undefined when there is no such group. */
  group(name: string): Promise<{ arn: string; users: string[] } | undefined>
  createGroup(name: string): Promise<string>
  deleteGroup(name: string): Promise<void>
  groupPolicy(group: string, name: string): Promise<string | undefined>
  putGroupPolicy(group: string, name: string, document: string): Promise<void>
  deleteGroupPolicy(group: string, name: string): Promise<void>
  addUserToGroup(group: string, user: string): Promise<void>
  removeUserFromGroup(group: string, user: string): Promise<void>
  /** The names of the groups the user is in. */
  groupsForUser(user: string): Promise<string[]>
}

/** The calls, each checking that AWS answered what it must. */
export function iamCalls({ iam, iamOnce, sts }: AdminClients): Iam {
  /** A delete whose target is gone (a retry after a lost answer, or someone else) is done. */
  const gone = async (call: Promise<unknown>) => {
    try {
      await call
    } catch (error) {
      if (!isNoSuchEntity(error)) throw error
    }
  }
  const required = <T>(value: T | undefined, what: string): T => {
    if (value === undefined || value === null || value === '') {
      throw new Error(`IAM answered without ${what}.`)
    }
    return value
  }
  return {
    async callerArn() {
      const answer = await sts.send(new GetCallerIdentityCommand({}))
      return {
        arn: required(answer.Arn, 'the caller ARN'),
        account: required(answer.Account, 'the account')
      }
    },
    async userArn(name) {
      try {
        const answer = await iam.send(new GetUserCommand({ UserName: name }))
        return required(answer.User?.Arn, "the user's ARN")
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined
        throw error
      }
    },
    async createUser(name) {
      const answer = await iamOnce.send(new CreateUserCommand({ UserName: name }))
      return required(answer.User?.Arn, "the new user's ARN")
    },
    async deleteUser(name) {
      await gone(iam.send(new DeleteUserCommand({ UserName: name })))
    },
    async mfaDevices(user) {
      const answer = await iam.send(new ListMFADevicesCommand({ UserName: user, MaxItems: 100 }))
      return (answer.MFADevices ?? []).map(device => device.SerialNumber ?? '')
    },
    async createVirtualMfaDevice(name) {
      const answer = await iamOnce.send(
        new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name })
      )
      const device = answer.VirtualMFADevice
      // A blob holding the base32 text (IAM API reference: VirtualMFADevice, Base32StringSeed).
      const seed = Buffer.from(required(device?.Base32StringSeed, 'the seed')).toString('ascii')
      return { serial: required(device?.SerialNumber, "the device's serial"), seed }
    },
    async enableMfaDevice(user, serial, code1, code2) {
      await iamOnce.send(
        new EnableMFADeviceCommand({
          UserName: user,
          SerialNumber: serial,
          AuthenticationCode1: code1,
          AuthenticationCode2: code2
        })
      )
    },
    async deactivateMfaDevice(user, serial) {
      await gone(iam.send(new DeactivateMFADeviceCommand({ UserName: user, SerialNumber: serial })))
    },
    async deleteVirtualMfaDevice(serial) {
      await gone(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))
    },
    async role(name) {
      try {
        const answer = await iam.send(new GetRoleCommand({ RoleName: name }))
        // "URL-encoded compliant with RFC 3986" (IAM API reference: Role).
        const encoded = required(answer.Role?.AssumeRolePolicyDocument, 'the trust policy')
        return { arn: required(answer.Role?.Arn, "the role's ARN"), trustPolicy: decode(encoded) }
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined
        throw error
      }
    },
    async createRole(name, trustPolicy) {
      const answer = await iamOnce.send(
        new CreateRoleCommand({
          RoleName: name,
          AssumeRolePolicyDocument: trustPolicy,
          Description: 'Assumed with MFA by aws-assume-role-mfa'
        })
      )
      return required(answer.Role?.Arn, "the new role's ARN")
    },
    async deleteRole(name) {
      await gone(iam.send(new DeleteRoleCommand({ RoleName: name })))
    },
    async putUserPolicy(user, name, document) {
      await iamOnce.send(
        new PutUserPolicyCommand({ UserName: user, PolicyName: name, PolicyDocument: document })
      )
    },
    async deleteUserPolicy(user, name) {
      await gone(iam.send(new DeleteUserPolicyCommand({ UserName: user, PolicyName: name })))
    },
    async createAccessKey(user) {
      const answer = await iamOnce.send(new CreateAccessKeyCommand({ UserName: user }))
      return {
        accessKeyId: required(answer.AccessKey?.AccessKeyId, 'the access key id'),
        secretAccessKey: required(answer.AccessKey?.SecretAccessKey, 'the secret access key')
      }
    },
    async deleteAccessKey(user, accessKeyId) {
      await gone(iam.send(new DeleteAccessKeyCommand({ UserName: user, AccessKeyId: accessKeyId })))
    },
    async userPolicy(user, name) {
      try {
        const answer = await iam.send(
          new GetUserPolicyCommand({ UserName: user, PolicyName: name })
        )
        // URL-encoded as RFC 3986, as GetRole's trust policy (IAM API reference: GetUserPolicy).
        return decode(required(answer.PolicyDocument, 'the policy document'))
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined
        throw error
      }
    },
    async accessKeys(user) {
      const answer = await iam.send(new ListAccessKeysCommand({ UserName: user, MaxItems: 100 }))
      return (answer.AccessKeyMetadata ?? []).map(key => ({
        accessKeyId: required(key.AccessKeyId, 'an access key id'),
        status: key.Status ?? ''
      }))
    },
    async group(name) {
      try {
        const answer = await iam.send(new GetGroupCommand({ GroupName: name, MaxItems: 1000 }))
        return {
          arn: required(answer.Group?.Arn, "the group's ARN"),
          users: (answer.Users ?? []).map(user => user.UserName ?? '')
        }
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined
        throw error
      }
    },
    async createGroup(name) {
      const answer = await iamOnce.send(new CreateGroupCommand({ GroupName: name }))
      return required(answer.Group?.Arn, "the new group's ARN")
    },
    async deleteGroup(name) {
      await gone(iam.send(new DeleteGroupCommand({ GroupName: name })))
    },
    async groupPolicy(group, name) {
      try {
        const answer = await iam.send(
          new GetGroupPolicyCommand({ GroupName: group, PolicyName: name })
        )
        return decode(required(answer.PolicyDocument, 'the policy document'))
      } catch (error) {
        if (isNoSuchEntity(error)) return undefined
        throw error
      }
    },
    async putGroupPolicy(group, name, document) {
      await iamOnce.send(
        new PutGroupPolicyCommand({ GroupName: group, PolicyName: name, PolicyDocument: document })
      )
    },
    async deleteGroupPolicy(group, name) {
      await gone(iam.send(new DeleteGroupPolicyCommand({ GroupName: group, PolicyName: name })))
    },
    async addUserToGroup(group, user) {
      await iamOnce.send(new AddUserToGroupCommand({ GroupName: group, UserName: user }))
    },
    async removeUserFromGroup(group, user) {
      await gone(iam.send(new RemoveUserFromGroupCommand({ GroupName: group, UserName: user })))
    },
    async groupsForUser(user) {
      const answer = await iam.send(
        new ListGroupsForUserCommand({ UserName: user, MaxItems: 1000 })
      )
      return (answer.Groups ?? []).map(group => group.GroupName ?? '')
    },
    async virtualMfaDevices() {
      const devices: { serial: string; user?: string }[] = []
      let marker: string | undefined
      // Paged (IAM API reference: ListVirtualMFADevices, Marker/IsTruncated); bounded all the same.
      for (let page = 0; page < 100; page++) {
        const answer = await iam.send(
          new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any', Marker: marker })
        )
        for (const device of answer.VirtualMFADevices ?? []) {
          const serial = required(device.SerialNumber, "a device's serial")
          devices.push(device.User?.UserName ? { serial, user: device.User.UserName } : { serial })
        }
        if (!answer.IsTruncated || !answer.Marker) break
        marker = answer.Marker
      }
      return devices
    }
  }
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}
