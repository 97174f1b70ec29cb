// The emulator's IAM side, driven by the real @aws-sdk/client-iam: the actions `init` uses, their
// errors as the IAM API reference lists them, and a device enabled there working for STS.
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
  DeleteUserCommand,
  DeleteUserPolicyCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccessKeyLastUsedCommand,
  GetGroupCommand,
  GetGroupPolicyCommand,
  GetRoleCommand,
  GetUserCommand,
  GetUserPolicyCommand,
  IAMClient,
  ListAccessKeysCommand,
  ListGroupsForUserCommand,
  ListMFADevicesCommand,
  ListUserPoliciesCommand,
  ListVirtualMFADevicesCommand,
  PutGroupPolicyCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccessKeyCommand
} from '@aws-sdk/client-iam'
import { AssumeRoleCommand, GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts'
import { SignatureV4 } from '@smithy/signature-v4'
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startEmulator, totpCode, type StsEmulator } from './emulator/sts-emulator.js'

const ACCOUNT = '123456789012'
const ADMIN = {
  name: 'admin',
  accountId: ACCOUNT,
  accessKeyId: 'AKIAIAMEMULATORADMIN',
  secretAccessKey: 'iam/emulator+admin0123456789abcdefghijk',
  mfaDevices: []
}
const KEYS = { accessKeyId: ADMIN.accessKeyId, secretAccessKey: ADMIN.secretAccessKey }
const USER_ARN = `arn:aws:iam::${ACCOUNT}:user/ci`
const ROLE_ARN = `arn:aws:iam::${ACCOUNT}:role/deploy`
const TRUST = JSON.stringify({
  Version: '2012-10-17',
  Statement: [
    {
      Effect: 'Allow',
      Principal: { AWS: USER_ARN },
      Action: 'sts:AssumeRole',
      Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
    }
  ]
})

let emu: StsEmulator
let iam: IAMClient

beforeEach(async () => {
  emu = await startEmulator({ users: [ADMIN] })
  iam = new IAMClient({ endpoint: emu.url, region: 'us-east-1', credentials: KEYS, maxAttempts: 1 })
})

afterEach(() => emu.close())

/** The SDK's exception, as `{ name, status }`. */
async function failure(promise: Promise<unknown>) {
  try {
    await promise
  } catch (error) {
    const e = error as { name: string; $metadata: { httpStatusCode?: number }; message: string }
    return { name: e.name, status: e.$metadata.httpStatusCode, message: e.message }
  }
  throw new Error('expected a failure')
}

async function newDevice(name = 'ci') {
  const answer = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name }))
  const seed = Buffer.from(answer.VirtualMFADevice!.Base32StringSeed!).toString('ascii')
  return { serial: answer.VirtualMFADevice!.SerialNumber!, seed }
}

/** The codes of the step before the current one and of the current one: consecutive. */
function consecutive(seed: string, offsetSteps = 0): [string, string] {
  const step = Math.floor(emu.now() / 30000) + offsetSteps
  return [totpCode(seed, (step - 1) * 30), totpCode(seed, step * 30)]
}

describe('IAM users', () => {
  test('CreateUser, then GetUser; a taken name is EntityAlreadyExists (409)', async () => {
    const created = await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    expect(created.User?.Arn).toBe(USER_ARN)
    expect((await iam.send(new GetUserCommand({ UserName: 'ci' }))).User?.Arn).toBe(USER_ARN)
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'CI' })))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409
    })
  })

  test('GetUser of a missing user is NoSuchEntity (404); without a name, the caller', async () => {
    expect(await failure(iam.send(new GetUserCommand({ UserName: 'nobody' })))).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user with name nobody cannot be found.'
    })
    expect((await iam.send(new GetUserCommand({}))).User?.UserName).toBe('admin')
  })

  test('a name outside the model pattern is a ValidationError', async () => {
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'bad name' })))).toMatchObject({
      name: 'ValidationError',
      status: 400
    })
  })
})

describe('virtual MFA devices', () => {
  test('CreateVirtualMFADevice returns a 64-character base32 seed; a taken name is EntityAlreadyExists', async () => {
    const { serial, seed } = await newDevice()
    expect(serial).toBe(`arn:aws:iam::${ACCOUNT}:mfa/ci`)
    expect(seed).toMatch(/^[A-Z2-7]{64}$/)
    expect(await failure(newDevice())).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409
    })
  })

  test('EnableMFADevice refuses codes that are not two consecutive ones: InvalidAuthenticationCode (403)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const { serial, seed } = await newDevice()
    const [c1, c2] = consecutive(seed)
    const cases: [string, string][] = [
      [c2, c1], // reversed
      [c2, c2], // the same code twice
      [c1, totpCode(seed, (Math.floor(emu.now() / 30000) + 1) * 30)], // a window apart
      [c1 === '000000' ? '111111' : '000000', c2] // a wrong first code
    ]
    for (const [code1, code2] of cases) {
      const refused = await failure(
        iam.send(
          new EnableMFADeviceCommand({
            UserName: 'ci',
            SerialNumber: serial,
            AuthenticationCode1: code1,
            AuthenticationCode2: code2
          })
        )
      )
      expect(refused).toMatchObject({ name: 'InvalidAuthenticationCodeException', status: 403 })
    }
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'ci' }))).MFADevices).toEqual([])
  })

  test("an enabled device is the user's for STS; deleting it needs deactivating first", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    await iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: TRUST }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!
    const { serial, seed } = await newDevice()
    const [code1, code2] = consecutive(seed)
    const enable = new EnableMFADeviceCommand({
      UserName: 'ci',
      SerialNumber: serial,
      AuthenticationCode1: code1,
      AuthenticationCode2: code2
    })
    await iam.send(enable)
    const listed = await iam.send(new ListMFADevicesCommand({ UserName: 'ci' }))
    expect(listed.MFADevices?.map(d => d.SerialNumber)).toEqual([serial])
    expect(await failure(iam.send(enable))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409
    })

    const sts = new STSClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1
    })
    const assume = (code: string) =>
      sts.send(
        new AssumeRoleCommand({
          RoleArn: ROLE_ARN,
          RoleSessionName: 'test',
          SerialNumber: serial,
          TokenCode: code
        })
      )
    // The second enabling code is spent (the stricter choice; AWS does not document it).
    expect(await failure(assume(code2))).toMatchObject({ name: 'AccessDenied', status: 403 })
    emu.advanceClock(30_000)
    const next = totpCode(seed, Math.floor(emu.now() / 30000) * 30)
    expect((await assume(next)).AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/test`
    )
    // Without MFA, the trust policy's Bool condition refuses.
    const noMfa = sts.send(new AssumeRoleCommand({ RoleArn: ROLE_ARN, RoleSessionName: 'test' }))
    expect(await failure(noMfa)).toMatchObject({ name: 'AccessDenied' })

    expect(
      await failure(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial })))
    ).toMatchObject({
      name: 'DeleteConflictException',
      status: 409
    })
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'ci' })))).toMatchObject({
      name: 'DeleteConflictException'
    })
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'ci', SerialNumber: serial }))
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }))
    emu.advanceClock(30_000)
    const after = totpCode(seed, Math.floor(emu.now() / 30000) * 30)
    expect(await failure(assume(after))).toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('unable to validate MFA code')
    })
  })
})

describe('roles', () => {
  test('CreateRole, GetRole with the trust policy URL-encoded; NoSuchEntity; EntityAlreadyExists; MalformedPolicyDocument', async () => {
    // A trust policy naming a user that does not exist: "Invalid principal in policy".
    expect(
      await failure(
        iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: TRUST }))
      )
    ).toMatchObject({
      name: 'MalformedPolicyDocumentException',
      status: 400,
      message: `Invalid principal in policy: "AWS":"${USER_ARN}"`
    })
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    await iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: TRUST }))
    const role = (await iam.send(new GetRoleCommand({ RoleName: 'deploy' }))).Role!
    expect(role.Arn).toBe(ROLE_ARN)
    expect(decodeURIComponent(role.AssumeRolePolicyDocument!)).toBe(TRUST)
    expect(await failure(iam.send(new GetRoleCommand({ RoleName: 'nope' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404
    })
    expect(
      await failure(
        iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: TRUST }))
      )
    ).toMatchObject({ name: 'EntityAlreadyExistsException', status: 409 })
    expect(
      await failure(
        iam.send(new CreateRoleCommand({ RoleName: 'x', AssumeRolePolicyDocument: '{' }))
      )
    ).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 })
  })
})

describe('roles made by CreateRole are assumed by their stored trust policy', () => {
  async function userWithDevice() {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!
    const { serial, seed } = await newDevice()
    const [code1, code2] = consecutive(seed)
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'ci',
        SerialNumber: serial,
        AuthenticationCode1: code1,
        AuthenticationCode2: code2
      })
    )
    const sts = new STSClient({
      endpoint: emu.url,
      region: 'us-east-1',
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! },
      maxAttempts: 1
    })
    return (roleArn: string) => {
      emu.advanceClock(30_000)
      const code = totpCode(seed, Math.floor(emu.now() / 30000) * 30)
      return sts.send(
        new AssumeRoleCommand({
          RoleArn: roleArn,
          RoleSessionName: 'test',
          SerialNumber: serial,
          TokenCode: code
        })
      )
    }
  }

  test('a trust policy naming the account needs the user allowed sts:AssumeRole (PutUserPolicy)', async () => {
    const assume = await userWithDevice()
    const byAccount = JSON.stringify({
      Version: '2012-10-17',
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` },
        Action: 'sts:AssumeRole',
        Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }
      }
    })
    await iam.send(
      new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: byAccount })
    )
    expect(await failure(assume(ROLE_ARN))).toMatchObject({
      name: 'AccessDenied',
      message: `User: ${USER_ARN} is not authorized to perform: sts:AssumeRole on resource: ${ROLE_ARN}`
    })
    const allowing = { Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'ci',
        PolicyName: 'assume',
        PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: allowing })
      })
    )
    expect((await assume(ROLE_ARN)).AssumedRoleUser?.Arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/test`
    )
  })

  test('a policy with a condition the emulator cannot evaluate is refused, not ignored', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const withIp = JSON.stringify({
      Statement: {
        Effect: 'Allow',
        Principal: { AWS: USER_ARN },
        Action: 'sts:AssumeRole',
        Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }
      }
    })
    expect(
      await failure(
        iam.send(new CreateRoleCommand({ RoleName: 'deploy', AssumeRolePolicyDocument: withIp }))
      )
    ).toMatchObject({
      name: 'EmulatorUnsupportedPolicy',
      status: 400,
      message: expect.stringContaining('IpAddress is not modelled by the emulator')
    })
    const identityWithPrincipal = JSON.stringify({
      Statement: { Effect: 'Allow', Principal: '*', Action: 'sts:AssumeRole', Resource: '*' }
    })
    expect(
      await failure(
        iam.send(
          new PutUserPolicyCommand({
            UserName: 'ci',
            PolicyName: 'p',
            PolicyDocument: identityWithPrincipal
          })
        )
      )
    ).toMatchObject({ name: 'MalformedPolicyDocumentException', status: 400 })
  })
})

describe('inline policies, access keys, listing devices (what init checks first)', () => {
  const POLICY = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }]
  })

  test('PutUserPolicy replaces a same-named policy silently; GetUserPolicy reads it URL-encoded; DeleteUserPolicy', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const put = (document: string) =>
      iam.send(
        new PutUserPolicyCommand({ UserName: 'ci', PolicyName: 'p', PolicyDocument: document })
      )
    await put('{"Version":"2012-10-17","Statement":[]}')
    await put(POLICY)
    const read = await iam.send(new GetUserPolicyCommand({ UserName: 'ci', PolicyName: 'p' }))
    expect(read.PolicyDocument).toBe(encodeURIComponent(POLICY))
    expect((await iam.send(new ListUserPoliciesCommand({ UserName: 'ci' }))).PolicyNames).toEqual([
      'p'
    ])
    // A user with a policy cannot be deleted (API_DeleteUser: DeleteConflict).
    expect(await failure(iam.send(new DeleteUserCommand({ UserName: 'ci' })))).toMatchObject({
      name: 'DeleteConflictException',
      status: 409
    })
    await iam.send(new DeleteUserPolicyCommand({ UserName: 'ci', PolicyName: 'p' }))
    expect(
      await failure(iam.send(new GetUserPolicyCommand({ UserName: 'ci', PolicyName: 'p' })))
    ).toEqual({
      name: 'NoSuchEntityException',
      status: 404,
      message: 'The user policy with name p cannot be found.'
    })
  })

  test('ListAccessKeys lists ids and statuses; a third key is LimitExceeded (2 per user)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const one = await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))
    const two = await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))
    expect(await failure(iam.send(new CreateAccessKeyCommand({ UserName: 'ci' })))).toEqual({
      name: 'LimitExceededException',
      status: 409,
      message: 'Cannot exceed quota for AccessKeysPerUser: 2'
    })
    const listed = await iam.send(new ListAccessKeysCommand({ UserName: 'ci' }))
    expect(listed.AccessKeyMetadata?.map(k => [k.AccessKeyId, k.Status, k.UserName])).toEqual([
      [one.AccessKey?.AccessKeyId, 'Active', 'ci'],
      [two.AccessKey?.AccessKeyId, 'Active', 'ci']
    ])
    expect(JSON.stringify(listed)).not.toContain(one.AccessKey!.SecretAccessKey!)
    await iam.send(
      new DeleteAccessKeyCommand({ UserName: 'ci', AccessKeyId: one.AccessKey!.AccessKeyId! })
    )
    expect(
      (await iam.send(new ListAccessKeysCommand({ UserName: 'ci' }))).AccessKeyMetadata
    ).toHaveLength(1)
  })

  test('ListVirtualMFADevices: assigned ones name their user; AssignmentStatus filters', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const enabled = await newDevice('enabled')
    const [code1, code2] = consecutive(enabled.seed)
    await iam.send(
      new EnableMFADeviceCommand({
        UserName: 'ci',
        SerialNumber: enabled.serial,
        AuthenticationCode1: code1,
        AuthenticationCode2: code2
      })
    )
    const spare = await newDevice('spare')
    const list = async (status?: 'Assigned' | 'Unassigned' | 'Any') =>
      (
        await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: status }))
      ).VirtualMFADevices?.map(d => [d.SerialNumber, d.User?.UserName])
    expect(await list()).toEqual([
      [enabled.serial, 'ci'],
      [spare.serial, undefined]
    ])
    expect(await list('Assigned')).toEqual([[enabled.serial, 'ci']])
    expect(await list('Unassigned')).toEqual([[spare.serial, undefined]])
  })

  test("the test-only fault 'lost' carries the request out, then answers 500", async () => {
    emu.injectFaults([{ kind: 'lost', count: 1, action: 'CreateUser' }])
    expect(await failure(iam.send(new CreateUserCommand({ UserName: 'ci' })))).toMatchObject({
      name: 'InternalFailure',
      status: 500
    })
    expect((await iam.send(new GetUserCommand({ UserName: 'ci' }))).User?.Arn).toBe(USER_ARN)
  })
})

describe('what rotate needs: key status, last use, deletion', () => {
  test('an Inactive key is refused by STS as InvalidClientTokenId, and works again once Active', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!
    const sts = new STSClient({
      endpoint: emu.url,
      region: 'us-east-1',
      maxAttempts: 1,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
    })
    const whoAmI = () => sts.send(new GetCallerIdentityCommand({}))
    expect((await whoAmI()).Arn).toBe(USER_ARN)
    const setStatus = (Status: 'Active' | 'Inactive') =>
      iam.send(
        new UpdateAccessKeyCommand({ UserName: 'ci', AccessKeyId: key.AccessKeyId!, Status })
      )
    await setStatus('Inactive')
    expect(
      (await iam.send(new ListAccessKeysCommand({ UserName: 'ci' }))).AccessKeyMetadata?.[0].Status
    ).toBe('Inactive')
    expect(await failure(whoAmI())).toMatchObject({ name: 'InvalidClientTokenId', status: 403 })
    await setStatus('Active')
    expect((await whoAmI()).Arn).toBe(USER_ARN)
    // Deleted: refused the same way.
    await iam.send(new DeleteAccessKeyCommand({ UserName: 'ci', AccessKeyId: key.AccessKeyId! }))
    expect(await failure(whoAmI())).toMatchObject({ name: 'InvalidClientTokenId', status: 403 })
    // Another user's key, or a status outside the enum.
    expect(
      await failure(
        iam.send(
          new UpdateAccessKeyCommand({
            UserName: 'ci',
            AccessKeyId: ADMIN.accessKeyId,
            Status: 'Inactive'
          })
        )
      )
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 })
    expect(
      await failure(
        iam.send(
          new UpdateAccessKeyCommand({
            AccessKeyId: ADMIN.accessKeyId,
            Status: 'Disabled' as 'Active'
          })
        )
      )
    ).toMatchObject({ name: 'ValidationError', status: 400 })
  })

  test('GetAccessKeyLastUsed: N/A until the key signs a request, then its date, service and region', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'ci' }))).AccessKey!
    const lastUsed = async () =>
      await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId! }))
    expect(await lastUsed()).toMatchObject({
      UserName: 'ci',
      AccessKeyLastUsed: { ServiceName: 'N/A', Region: 'N/A' }
    })
    expect((await lastUsed()).AccessKeyLastUsed?.LastUsedDate).toBeUndefined()
    await new STSClient({
      endpoint: emu.url,
      region: 'eu-west-1',
      maxAttempts: 1,
      credentials: { accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! }
    }).send(new GetCallerIdentityCommand({}))
    const used = (await lastUsed()).AccessKeyLastUsed!
    expect({ service: used.ServiceName, region: used.Region }).toEqual({
      service: 'sts',
      region: 'eu-west-1'
    })
    expect(Math.abs(used.LastUsedDate!.getTime() - emu.now())).toBeLessThan(2000)
  })
})

describe('groups', () => {
  test("CreateGroup, AddUserToGroup, GetGroup, ListGroupsForUser; deletes in IAM's order, DeleteConflict otherwise", async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ci' }))
    const group = await iam.send(new CreateGroupCommand({ GroupName: 'team' }))
    expect(group.Group?.Arn).toBe(`arn:aws:iam::${ACCOUNT}:group/team`)
    expect(await failure(iam.send(new CreateGroupCommand({ GroupName: 'TEAM' })))).toMatchObject({
      name: 'EntityAlreadyExistsException',
      status: 409
    })
    await iam.send(new AddUserToGroupCommand({ GroupName: 'team', UserName: 'ci' }))
    await iam.send(
      new PutGroupPolicyCommand({
        GroupName: 'team',
        PolicyName: 'p',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [{ Effect: 'Allow', Action: 'sts:AssumeRole', Resource: ROLE_ARN }]
        })
      })
    )
    const got = await iam.send(new GetGroupCommand({ GroupName: 'team' }))
    expect(got.Users?.map(u => u.UserName)).toEqual(['ci'])
    expect(
      (await iam.send(new ListGroupsForUserCommand({ UserName: 'ci' }))).Groups?.map(
        g => g.GroupName
      )
    ).toEqual(['team'])
    expect(
      (await iam.send(new GetGroupPolicyCommand({ GroupName: 'team', PolicyName: 'p' })))
        .PolicyDocument
    ).toContain('sts%3AAssumeRole')
    // A user in a group, a group with users or policies: DeleteConflict (API_DeleteUser, API_DeleteGroup).
    for (const call of [
      iam.send(new DeleteUserCommand({ UserName: 'ci' })),
      iam.send(new DeleteGroupCommand({ GroupName: 'team' }))
    ]) {
      expect(await failure(call)).toMatchObject({ name: 'DeleteConflictException', status: 409 })
    }
    await iam.send(new RemoveUserFromGroupCommand({ GroupName: 'team', UserName: 'ci' }))
    expect(
      await failure(iam.send(new RemoveUserFromGroupCommand({ GroupName: 'team', UserName: 'ci' })))
    ).toMatchObject({ name: 'NoSuchEntityException', status: 404 })
    await iam.send(new DeleteGroupPolicyCommand({ GroupName: 'team', PolicyName: 'p' }))
    await iam.send(new DeleteGroupCommand({ GroupName: 'team' }))
    await iam.send(new DeleteUserCommand({ UserName: 'ci' }))
    expect(await failure(iam.send(new GetGroupCommand({ GroupName: 'team' })))).toMatchObject({
      name: 'NoSuchEntityException',
      status: 404
    })
  })
})

describe('signatures', () => {
  test("an IAM action signed for STS's scope is refused", async () => {
    const url = new URL(emu.url)
    const body = 'Action=GetUser&Version=2010-05-08'
    const signer = new SignatureV4({
      service: 'sts',
      region: 'us-east-1',
      credentials: KEYS,
      sha256: Sha256
    })
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'http:',
      hostname: url.hostname,
      port: Number(url.port),
      path: '/',
      headers: { host: url.host, 'content-type': 'application/x-www-form-urlencoded' },
      body
    })
    const answer = await fetch(emu.url, {
      method: 'POST',
      headers: signed.headers,
      body
    })
    expect(answer.status).toBe(403)
    const text = await answer.text()
    expect(text).toContain('<Code>SignatureDoesNotMatch</Code>')
    expect(text).toContain('Credential should be scoped to correct service: &apos;iam&apos;.')
    expect(text).toContain('xmlns="https://iam.amazonaws.com/doc/2010-05-08/"')
  })
})

class Sha256 {
  private readonly hash: Hash | Hmac
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash =
      secret === undefined
        ? createHash('sha256')
        : createHmac('sha256', toBuffer(secret as string | ArrayBufferView))
  }
  update(data: string | ArrayBufferView): void {
    this.hash.update(toBuffer(data))
  }
  async digest(): Promise<Uint8Array> {
    return this.hash.digest()
  }
}

function toBuffer(data: string | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data)
  return Buffer.from(data.buffer, data.byteOffset, data.byteLength)
}
