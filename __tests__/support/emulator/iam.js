// @ts-check
// The IAM actions that `aws-assume-role-mfa init` uses, on the same wire as STS: the query
// protocol (API version 2010-05-08), SigV4 scoped to `iam`, XML answers. Each rule cites the IAM
// API reference, https://docs.aws.amazon.com/IAM/latest/APIReference/API_<Action>.html (its
// "Errors" section gives the codes and HTTP statuses used here). Where AWS's behaviour is not
// documented, the comment says so and what the emulator does instead.
//
// Not emulated: identity policies for IAM's own actions (any signed caller may call these: the
// emulator checks who calls, not what they may do; the users' inline policies stored here do
// decide sts:AssumeRole, see actions.js), paths other than `/`, tags, QR code PNGs, pagination.
import { randomBytes } from 'node:crypto'
import { randomText, UPPER_ALNUM } from './credentials.js'
import { StsError } from './errors.js'
import { parsePolicy, PolicyError } from './policy.js'
import { userArn, uniqueId } from './principals.js'
import { validate } from './validation.js'
import { element, textElement } from './xml.js'

/** @typedef {import('./principals.js').Caller} Caller */
/** @typedef {import('./principals.js').UserConfig} UserConfig */
/** @typedef {import('./principals.js').RoleConfig} RoleConfig */
/** @typedef {import('./principals.js').MfaDevice} MfaDevice */

/**
 * @typedef {object} VirtualDevice
 * @property {string} serial
 * @property {string} seed base32
 * @property {UserConfig} [user] set once enabled (EnableMFADevice)
 * @property {number} [enabledAt] epoch ms
 */

/**
 * @typedef {object} Group
 * @property {string} name
 * @property {string} accountId
 * @property {Set<UserConfig>} users its members
 * @property {Map<string, string>} policies inline group policies by name
 */

/**
 * @typedef {object} AccessKey
 * @property {UserConfig} user
 * @property {string} accessKeyId
 * @property {'Active' | 'Inactive'} status
 * @property {number} createdAt epoch ms (0 for configured keys)
 * @property {{ at: number, service: string, region: string }} [lastUsed] the latest request it signed
 */

/**
 * @typedef {object} IamContext
 * @property {IamState} iam
 * @property {import('./credentials.js').CredentialStore} credentials
 * @property {import('./mfa.js').MfaVerifier} mfa
 * @property {number} now epoch ms on the emulator clock
 */

/** @typedef {(ctx: IamContext, caller: Caller, params: Record<string, string>) => string[] | null} IamAction */

/** IAM quota: MFA devices per user (IAM User Guide, "IAM and AWS STS quotas"). */
const MFA_DEVICES_PER_USER = 8
/** IAM quota: access keys per user (same page). */
const ACCESS_KEYS_PER_USER = 2
/** CreateRole's MaxSessionDuration default and bounds (API_CreateRole). */
const DEFAULT_MAX_SESSION = 3600

/** @param {number} status @param {string} code @param {string} message */
const iamError = (status, code, message) => new StsError(status, code, message)
// Messages: AWS's wording where it is widely quoted (observed); the codes and statuses are the
// API reference's.
const noSuchEntity = (/** @type {string} */ message) => iamError(404, 'NoSuchEntity', message)
const alreadyExists = (/** @type {string} */ message) =>
  iamError(409, 'EntityAlreadyExists', message)
const deleteConflict = (/** @type {string} */ message) => iamError(409, 'DeleteConflict', message)
const limitExceeded = (/** @type {string} */ message) => iamError(409, 'LimitExceeded', message)
/**
 * A document IAM would refuse: MalformedPolicyDocument (400). One that IAM would take but the
 * emulator cannot evaluate (policy.js): refused too, under a code AWS never answers, so that a
 * test relying on it fails instead of passing on a rule that was ignored.
 * @param {string | object} document @param {'trust' | 'identity'} kind
 */
function readPolicy(document, kind) {
  try {
    return parsePolicy(document, kind)
  } catch (error) {
    if (!(error instanceof PolicyError)) throw error
    if (error.unsupported) throw iamError(400, 'EmulatorUnsupportedPolicy', error.message)
    throw iamError(400, 'MalformedPolicyDocument', error.message)
  }
}

// Parameter constraints from the API reference's "Request Parameters" of each action.
const NAME = { minLength: 1, maxLength: 64, pattern: '[\\w+=,.@-]+' }
const RULES = {
  userName: { field: 'UserName', required: true, ...NAME },
  optionalUserName: { field: 'UserName', ...NAME },
  roleName: { field: 'RoleName', required: true, ...NAME },
  // API_CreateGroup: GroupName 1-128 characters of [\w+=,.@-].
  groupName: {
    field: 'GroupName',
    required: true,
    minLength: 1,
    maxLength: 128,
    pattern: '[\\w+=,.@-]+'
  },
  deviceName: {
    field: 'VirtualMFADeviceName',
    required: true,
    minLength: 1,
    maxLength: 226,
    pattern: '[\\w+=,.@-]+'
  },
  serialNumber: {
    field: 'SerialNumber',
    required: true,
    minLength: 9,
    maxLength: 256,
    pattern: '[\\w+=/:,.@-]+'
  },
  code1: {
    field: 'AuthenticationCode1',
    required: true,
    minLength: 6,
    maxLength: 6,
    pattern: '[\\d]+'
  },
  code2: {
    field: 'AuthenticationCode2',
    required: true,
    minLength: 6,
    maxLength: 6,
    pattern: '[\\d]+'
  },
  policyName: {
    field: 'PolicyName',
    required: true,
    minLength: 1,
    maxLength: 128,
    pattern: '[\\w+=,.@-]+'
  },
  policyDocument: { field: 'PolicyDocument', required: true, minLength: 1, maxLength: 131072 },
  trustPolicy: {
    field: 'AssumeRolePolicyDocument',
    required: true,
    minLength: 1,
    maxLength: 131072
  },
  maxSessionDuration: { field: 'MaxSessionDuration', min: 3600, max: 43200 },
  // The model's enum (statusType). What Expired does to an access key AWS does not document.
  status: { field: 'Status', required: true, pattern: '(Active|Inactive|Expired)' },
  accessKeyId: {
    field: 'AccessKeyId',
    required: true,
    minLength: 16,
    maxLength: 128,
    pattern: '[\\w]+'
  }
}

/** One pick of RULES, validated as the model's ValidationError lists them. @param {Record<string, string>} params @param {(keyof typeof RULES)[]} names */
function check(params, ...names) {
  validate(Object.fromEntries(names.map(name => [name, RULES[name]])), params)
}

/** IAM's state: users, virtual MFA devices, roles, inline user policies, access keys. */
export class IamState {
  /** @type {Map<string, UserConfig>} by `ACCOUNT:NAME` */
  users = new Map()
  /** @type {Map<string, VirtualDevice>} by serial */
  devices = new Map()
  /** @type {Map<string, RoleConfig>} by ARN: the same map the STS side assumes roles from */
  roles
  /** @type {Map<string, Map<string, string>>} inline policies by `ACCOUNT:USER`, then name */
  userPolicies = new Map()
  /** @type {Map<string, Group>} groups by `ACCOUNT:NAME` */
  groups = new Map()
  /** @type {Map<string, AccessKey>} by access key id */
  accessKeys = new Map()
  /** @type {Map<UserConfig, number>} when CreateUser made each user, epoch ms */
  createdAt = new Map()
  /** How long a new user stays unknown to trust policies. */
  propagationMs = 0

  /**
   * @param {UserConfig[]} users the configured users: their devices are enabled, their key active
   * @param {Map<string, RoleConfig>} roles
   * @param {number} [propagationMs]
   */
  constructor(users, roles, propagationMs = 0) {
    this.roles = roles
    this.propagationMs = propagationMs
    for (const user of users) {
      this.users.set(`${user.accountId}:${user.name}`, user)
      this.accessKeys.set(user.accessKeyId, {
        user,
        accessKeyId: user.accessKeyId,
        status: 'Active',
        createdAt: 0
      })
      for (const device of user.mfaDevices ?? []) {
        this.devices.set(device.serial, { serial: device.serial, seed: device.seed, user })
      }
      const policies = Object.entries(user.policies ?? {}).map(
        ([name, document]) =>
          /** @type {[string, string]} */ ([
            name,
            typeof document === 'string' ? document : JSON.stringify(document)
          ])
      )
      if (policies.length > 0) {
        this.userPolicies.set(`${user.accountId}:${user.name}`, new Map(policies))
      }
    }
  }

  /**
   * GetAccessKeyLastUsed's record: a request signed with a user's long-term key (its SigV4
   * Authorization header's Credential scope gives the region and service).
   * @param {string} authorization
   * @param {number} now
   * @param {string} service
   */
  noteKeyUse(authorization, now, service) {
    const [, id, region] = /Credential=([^/,\s]+)\/\d{8}\/([^/]+)\//.exec(authorization) ?? []
    const key = id === undefined ? undefined : this.accessKeys.get(id)
    if (key !== undefined) key.lastUsed = { at: now, service, region }
  }

  /** What tests compare before and after: names only, no seeds or secrets. */
  snapshot() {
    return {
      users: [...this.users.keys()].sort(),
      devices: [...this.devices.values()]
        .map(d => `${d.serial}${d.user ? ` enabled for ${d.user.name}` : ''}`)
        .sort(),
      roles: [...this.roles.keys()].sort(),
      userPolicies: [...this.userPolicies.entries()]
        .flatMap(([user, policies]) => [...policies.keys()].map(name => `${user}/${name}`))
        .sort(),
      groups: [...this.groups.values()]
        .map(
          g =>
            `${g.accountId}:${g.name} [${[...g.users].map(u => u.name).sort()}] {${[
              ...g.policies.keys()
            ].sort()}}`
        )
        .sort(),
      accessKeys: [...this.accessKeys.values()]
        .map(k => `${k.user.name}:${k.accessKeyId}${k.status === 'Inactive' ? ' (Inactive)' : ''}`)
        .sort()
    }
  }
}

/** @param {Caller} caller */
const accountOfCaller = caller => caller.user.accountId

/**
 * The user named, else (where the action allows it) the caller's own IAM user.
 * @param {IamContext} ctx @param {Caller} caller @param {string | undefined} name
 */
function findUser(ctx, caller, name) {
  if (name === undefined) {
    // API_GetUser: "If you do not specify a user name, IAM determines the user name implicitly
    // based on the AWS access key ID used to sign the request."
    if (caller.kind === 'role') {
      throw iamError(
        400,
        'ValidationError',
        'Must specify userName when calling with non-User credentials'
      )
    }
    return caller.user
  }
  const user = ctx.iam.users.get(`${accountOfCaller(caller)}:${name}`)
  if (user === undefined) throw noSuchEntity(`The user with name ${name} cannot be found.`)
  return user
}

/** @param {UserConfig} user */
function userElement(user) {
  return element('User', [
    textElement('Path', '/'),
    textElement('UserName', user.name),
    textElement('UserId', uniqueId('AIDA', userArn(user))),
    textElement('Arn', userArn(user)),
    textElement('CreateDate', new Date(0).toISOString())
  ])
}

/** API_CreateUser: EntityAlreadyExists (409) for a taken name. @type {IamAction} */
function createUser(ctx, caller, params) {
  check(params, 'userName')
  const account = accountOfCaller(caller)
  const key = `${account}:${params.UserName}`
  // IAM names are unique case-insensitively (IAM User Guide, "IAM identifiers").
  const taken = [...ctx.iam.users.keys()].some(k => k.toLowerCase() === key.toLowerCase())
  if (taken) throw alreadyExists(`User with name ${params.UserName} already exists.`)
  /** @type {UserConfig} */
  const user = {
    name: params.UserName,
    accountId: account,
    accessKeyId: '',
    secretAccessKey: '',
    mfaDevices: []
  }
  ctx.iam.users.set(key, user)
  ctx.iam.createdAt.set(user, ctx.now)
  return [userElement(user)]
}

/** API_GetUser: NoSuchEntity (404). @type {IamAction} */
function getUser(ctx, caller, params) {
  check(params, 'optionalUserName')
  return [userElement(findUser(ctx, caller, params.UserName))]
}

/**
 * API_DeleteUser: DeleteConflict (409) while the user has devices, keys or inline policies, or is
 * in a group ("you must delete the items attached to the user manually": group memberships among
 * them).
 * @type {IamAction}
 */
function deleteUser(ctx, caller, params) {
  check(params, 'userName')
  const user = findUser(ctx, caller, params.UserName)
  const key = `${user.accountId}:${user.name}`
  const keys = [...ctx.iam.accessKeys.values()].filter(k => k.user === user)
  if (
    (user.mfaDevices ?? []).length > 0 ||
    keys.length > 0 ||
    (ctx.iam.userPolicies.get(key)?.size ?? 0) > 0 ||
    [...ctx.iam.groups.values()].some(group => group.users.has(user))
  ) {
    throw deleteConflict(
      'Cannot delete entity, must delete MFA devices, access keys, policies and group memberships first.'
    )
  }
  ctx.iam.users.delete(key)
  return null
}

/**
 * API_CreateVirtualMFADevice: a serial `arn:aws:iam::ACCOUNT:mfa/NAME` and a new seed, returned
 * once; EntityAlreadyExists (409) when a device of that name exists in the account. The seed is a
 * blob (base64 on the wire) holding the base32 text; AWS's are 40 bytes, 64 base32 characters.
 * @type {IamAction}
 */
function createVirtualMfaDevice(ctx, caller, params) {
  check(params, 'deviceName')
  if (params.Path !== undefined && params.Path !== '/') {
    throw iamError(400, 'InvalidInput', 'The emulator supports only the path /.')
  }
  const serial = `arn:aws:iam::${accountOfCaller(caller)}:mfa/${params.VirtualMFADeviceName}`
  if (ctx.iam.devices.has(serial)) {
    throw alreadyExists('MFADevice entity at the same path and name already exists.')
  }
  const seed = base32(randomBytes(40))
  ctx.iam.devices.set(serial, { serial, seed })
  return [
    element('VirtualMFADevice', [
      textElement('SerialNumber', serial),
      textElement('Base32StringSeed', Buffer.from(seed, 'ascii').toString('base64'))
    ])
  ]
}

/**
 * API_EnableMFADevice: AuthenticationCode1 and "a subsequent authentication code" (the next time
 * step's), else InvalidAuthenticationCode (403); NoSuchEntity (404) for an unknown user or device;
 * EntityAlreadyExists (409) for a device already enabled; LimitExceeded (409) past 8 devices per
 * user. Once enabled, the device is the user's for STS too (AssumeRole's SerialNumber).
 * @type {IamAction}
 */
function enableMfaDevice(ctx, caller, params) {
  check(params, 'userName', 'serialNumber', 'code1', 'code2')
  const user = findUser(ctx, caller, params.UserName)
  const device = ctx.iam.devices.get(params.SerialNumber)
  if (device === undefined) {
    throw noSuchEntity(`VirtualMFADevice with serial number ${params.SerialNumber} doesn't exist.`)
  }
  if (device.user !== undefined) throw alreadyExists('MFA Device is already in use.')
  const devices = (user.mfaDevices ??= [])
  if (devices.length >= MFA_DEVICES_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for MFADevicesPerUser: ${MFA_DEVICES_PER_USER}`)
  }
  const mfaDevice = { serial: device.serial, seed: device.seed }
  const step = ctx.mfa.enable(
    mfaDevice,
    params.AuthenticationCode1,
    params.AuthenticationCode2,
    ctx.now
  )
  if (step === undefined) {
    throw iamError(403, 'InvalidAuthenticationCode', 'Authentication code for device is not valid.')
  }
  device.user = user
  device.enabledAt = ctx.now
  devices.push(mfaDevice)
  return null
}

/**
 * API_DeactivateMFADevice: NoSuchEntity (404) for a device that is not the user's. The device
 * stays in the account, unassigned, until DeleteVirtualMFADevice.
 * @type {IamAction}
 */
function deactivateMfaDevice(ctx, caller, params) {
  check(params, 'optionalUserName', 'serialNumber')
  const user = findUser(ctx, caller, params.UserName)
  const device = ctx.iam.devices.get(params.SerialNumber)
  if (device === undefined || device.user !== user) {
    throw noSuchEntity(`MFA Device with serial number ${params.SerialNumber} does not exist.`)
  }
  delete device.user
  delete device.enabledAt
  user.mfaDevices = (user.mfaDevices ?? []).filter(d => d.serial !== device.serial)
  return null
}

/**
 * API_DeleteVirtualMFADevice: DeleteConflict (409) while the device is enabled ("you must first
 * use DeactivateMFADevice"), NoSuchEntity (404) for an unknown serial.
 * @type {IamAction}
 */
function deleteVirtualMfaDevice(ctx, _caller, params) {
  check(params, 'serialNumber')
  const device = ctx.iam.devices.get(params.SerialNumber)
  if (device === undefined) {
    throw noSuchEntity(`VirtualMFADevice with serial number ${params.SerialNumber} doesn't exist.`)
  }
  if (device.user !== undefined) throw deleteConflict('MFA device is still in use.')
  ctx.iam.devices.delete(device.serial)
  ctx.mfa.forget(device.serial)
  return null
}

/** API_ListMFADevices: the user's enabled devices; NoSuchEntity (404) for an unknown user. @type {IamAction} */
function listMfaDevices(ctx, caller, params) {
  check(params, 'optionalUserName')
  const user = findUser(ctx, caller, params.UserName)
  const members = [...ctx.iam.devices.values()]
    .filter(device => device.user === user)
    .map(device =>
      element('member', [
        textElement('UserName', user.name),
        textElement('SerialNumber', device.serial),
        textElement('EnableDate', new Date(device.enabledAt ?? 0).toISOString())
      ])
    )
  return [element('MFADevices', members), textElement('IsTruncated', 'false')]
}

/**
 * API_CreateRole: EntityAlreadyExists (409), MalformedPolicyDocument (400) for a trust policy that
 * is not a policy. The role can be assumed at once (AWS documents no delay for trust policies, but
 * IAM is eventually consistent: IAM User Guide, "Changes that I make are not always immediately
 * visible").
 * @type {IamAction}
 */
function createRole(ctx, caller, params) {
  check(params, 'roleName', 'trustPolicy', 'maxSessionDuration')
  const arn = `arn:aws:iam::${accountOfCaller(caller)}:role/${params.RoleName}`
  const taken = [...ctx.iam.roles.keys()].some(k => k.toLowerCase() === arn.toLowerCase())
  if (taken) throw alreadyExists(`Role with name ${params.RoleName} already exists.`)
  const trust = readPolicy(params.AssumeRolePolicyDocument, 'trust')
  checkPrincipals(
    ctx,
    trust.statements.flatMap(statement => statement.principals ?? [])
  )
  /** @type {RoleConfig} */
  const role = {
    arn,
    maxSessionDuration: Number(params.MaxSessionDuration ?? DEFAULT_MAX_SESSION),
    trustPolicy: params.AssumeRolePolicyDocument
  }
  ctx.iam.roles.set(arn, role)
  return [roleElement(role)]
}

/** API_GetRole: NoSuchEntity (404). @type {IamAction} */
function getRole(ctx, caller, params) {
  check(params, 'roleName')
  return [roleElement(findRole(ctx, caller, params.RoleName))]
}

/**
 * API_DeleteRole: NoSuchEntity (404); DeleteConflict (409) when it still has policies (this
 * emulator's roles have none).
 * @type {IamAction}
 */
function deleteRole(ctx, caller, params) {
  check(params, 'roleName')
  ctx.iam.roles.delete(findRole(ctx, caller, params.RoleName).arn)
  return null
}

/** @param {IamContext} ctx @param {Caller} caller @param {string} name */
function findRole(ctx, caller, name) {
  const role = [...ctx.iam.roles.values()].find(
    r =>
      r.arn.startsWith(`arn:aws:iam::${accountOfCaller(caller)}:role/`) &&
      r.arn.endsWith(`/${name}`)
  )
  if (role === undefined) throw noSuchEntity(`The role with name ${name} cannot be found.`)
  return role
}

/**
 * GetRole's AssumeRolePolicyDocument is "URL-encoded compliant with RFC 3986" (API_Role).
 * @param {RoleConfig} role
 */
function roleElement(role) {
  const name = role.arn.slice(role.arn.lastIndexOf('/') + 1)
  return element('Role', [
    textElement(
      'Path',
      role.arn.slice(role.arn.indexOf(':role') + 5, role.arn.lastIndexOf('/') + 1)
    ),
    textElement('RoleName', name),
    textElement('RoleId', uniqueId('AROA', role.arn)),
    textElement('Arn', role.arn),
    textElement('CreateDate', new Date(0).toISOString()),
    textElement(
      'AssumeRolePolicyDocument',
      encodeURIComponent(
        typeof role.trustPolicy === 'string' ? role.trustPolicy : JSON.stringify(role.trustPolicy)
      )
    ),
    textElement('MaxSessionDuration', role.maxSessionDuration ?? DEFAULT_MAX_SESSION)
  ])
}

/**
 * A trust policy naming a user that IAM cannot resolve is refused: MalformedPolicyDocument
 * "Invalid principal in policy" (IAM User Guide, "Troubleshooting IAM policies"; IAM turns a
 * user's ARN into its unique ID when it saves the policy, IAM JSON policy reference, Principal).
 * A user created less than `iamPropagationMs` ago is not resolvable yet: IAM is eventually
 * consistent (IAM User Guide, "Changes that I make are not always immediately visible").
 * @param {IamContext} ctx
 * @param {string[]} principals
 */
function checkPrincipals(ctx, principals) {
  for (const principal of principals) {
    const [, account, name] = /^arn:aws:iam::(\d{12}):user\/(?:.*\/)?([^/]+)$/.exec(principal) ?? []
    if (name === undefined) continue
    const user = ctx.iam.users.get(`${account}:${name}`)
    const createdAt = user && ctx.iam.createdAt.get(user)
    const visible =
      user !== undefined &&
      (createdAt === undefined || ctx.now >= createdAt + ctx.iam.propagationMs)
    if (!visible) {
      throw iamError(
        400,
        'MalformedPolicyDocument',
        `Invalid principal in policy: "AWS":"${principal}"`
      )
    }
  }
}

/** API_PutUserPolicy: NoSuchEntity (404), MalformedPolicyDocument (400); replaces a same-named policy. @type {IamAction} */
function putUserPolicy(ctx, caller, params) {
  check(params, 'userName', 'policyName', 'policyDocument')
  const user = findUser(ctx, caller, params.UserName)
  readPolicy(params.PolicyDocument, 'identity')
  const key = `${user.accountId}:${user.name}`
  const policies = ctx.iam.userPolicies.get(key) ?? new Map()
  policies.set(params.PolicyName, params.PolicyDocument)
  ctx.iam.userPolicies.set(key, policies)
  return null
}

/** API_DeleteUserPolicy: NoSuchEntity (404) for an unknown user or policy. @type {IamAction} */
function deleteUserPolicy(ctx, caller, params) {
  check(params, 'userName', 'policyName')
  const user = findUser(ctx, caller, params.UserName)
  const policies = ctx.iam.userPolicies.get(`${user.accountId}:${user.name}`)
  if (!policies?.delete(params.PolicyName)) {
    throw noSuchEntity(`The user policy with name ${params.PolicyName} cannot be found.`)
  }
  return null
}

/**
 * API_CreateAccessKey: an AKIA key and its 40-character secret, shown only now; LimitExceeded
 * (409) past two keys per user. The key signs requests from now on (AWS: within seconds, not
 * documented).
 * @type {IamAction}
 */
function createAccessKey(ctx, caller, params) {
  check(params, 'optionalUserName')
  const user = findUser(ctx, caller, params.UserName)
  const keys = [...ctx.iam.accessKeys.values()].filter(k => k.user === user)
  if (keys.length >= ACCESS_KEYS_PER_USER) {
    throw limitExceeded(`Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`)
  }
  const accessKeyId = `AKIA${randomText(UPPER_ALNUM, 16)}`
  const secretAccessKey = randomBytes(30).toString('base64')
  ctx.iam.accessKeys.set(accessKeyId, { user, accessKeyId, status: 'Active', createdAt: ctx.now })
  ctx.credentials.addUserKey(user, accessKeyId, secretAccessKey)
  return [
    element('AccessKey', [
      textElement('UserName', user.name),
      textElement('AccessKeyId', accessKeyId),
      textElement('Status', 'Active'),
      textElement('SecretAccessKey', secretAccessKey),
      textElement('CreateDate', new Date(ctx.now).toISOString())
    ])
  ]
}

/** API_DeleteAccessKey: NoSuchEntity (404). @type {IamAction} */
function deleteAccessKey(ctx, caller, params) {
  check(params, 'optionalUserName', 'accessKeyId')
  const user = findUser(ctx, caller, params.UserName)
  const entry = ctx.iam.accessKeys.get(params.AccessKeyId)
  if (entry === undefined || entry.user !== user) {
    throw noSuchEntity(`The Access Key with id ${params.AccessKeyId} cannot be found.`)
  }
  ctx.iam.accessKeys.delete(params.AccessKeyId)
  ctx.credentials.removeKey(params.AccessKeyId)
  return null
}

/**
 * API_GetUserPolicy: the inline policy's document, URL-encoded as RFC 3986 (the API reference's
 * PolicyDocument); NoSuchEntity (404) for an unknown user or policy.
 * @type {IamAction}
 */
function getUserPolicy(ctx, caller, params) {
  check(params, 'userName', 'policyName')
  const user = findUser(ctx, caller, params.UserName)
  const document = ctx.iam.userPolicies
    .get(`${user.accountId}:${user.name}`)
    ?.get(params.PolicyName)
  if (document === undefined) {
    throw noSuchEntity(`The user policy with name ${params.PolicyName} cannot be found.`)
  }
  return [
    textElement('UserName', user.name),
    textElement('PolicyName', params.PolicyName),
    textElement('PolicyDocument', encodeURIComponent(document))
  ]
}

/** API_ListUserPolicies: the names of the user's inline policies; NoSuchEntity (404). @type {IamAction} */
function listUserPolicies(ctx, caller, params) {
  check(params, 'userName')
  const user = findUser(ctx, caller, params.UserName)
  const names = [...(ctx.iam.userPolicies.get(`${user.accountId}:${user.name}`)?.keys() ?? [])]
  return [
    element(
      'PolicyNames',
      names.map(name => textElement('member', name))
    ),
    textElement('IsTruncated', 'false')
  ]
}

/**
 * API_ListAccessKeys: the user's keys (id, status, creation date; never the secret), the caller's
 * own without UserName; NoSuchEntity (404).
 * @type {IamAction}
 */
function listAccessKeys(ctx, caller, params) {
  check(params, 'optionalUserName')
  const user = findUser(ctx, caller, params.UserName)
  const members = [...ctx.iam.accessKeys.values()]
    .filter(key => key.user === user)
    .map(key =>
      element('member', [
        textElement('UserName', user.name),
        textElement('AccessKeyId', key.accessKeyId),
        textElement('Status', key.status),
        textElement('CreateDate', new Date(key.createdAt).toISOString())
      ])
    )
  return [element('AccessKeyMetadata', members), textElement('IsTruncated', 'false')]
}

/**
 * API_ListVirtualMFADevices: the account's virtual devices, filtered by AssignmentStatus
 * (Assigned, Unassigned, Any: the default); an assigned one names its user and EnableDate.
 * @type {IamAction}
 */
function listVirtualMfaDevices(ctx, caller, params) {
  const status = params.AssignmentStatus ?? 'Any'
  if (!['Assigned', 'Unassigned', 'Any'].includes(status)) {
    throw iamError(
      400,
      'ValidationError',
      `1 validation error detected: Value '${status}' at 'assignmentStatus' failed to satisfy ` +
        'constraint: Member must satisfy enum value set: [Unassigned, Any, Assigned]'
    )
  }
  const prefix = `arn:aws:iam::${accountOfCaller(caller)}:mfa/`
  const members = [...ctx.iam.devices.values()]
    .filter(d => d.serial.startsWith(prefix))
    .filter(d => status === 'Any' || (status === 'Assigned') === (d.user !== undefined))
    .map(d =>
      element('member', [
        textElement('SerialNumber', d.serial),
        ...(d.user
          ? [
              userElement(d.user),
              textElement('EnableDate', new Date(d.enabledAt ?? 0).toISOString())
            ]
          : [])
      ])
    )
  return [element('VirtualMFADevices', members), textElement('IsTruncated', 'false')]
}

/**
 * The identity policies that apply to a caller, as documents: its IAM user's inline policies, and
 * those of the groups it is in, for
 * the user's keys and GetSessionToken sessions (which carry the user's permissions: IAM User Guide,
 * "Comparing AWS STS credentials"); none for a role session (roles' permission policies are not
 * emulated).
 * @param {IamState} state
 * @param {Caller} caller
 * @returns {import('./policy.js').ParsedPolicy[]}
 */
export function identityPolicies(state, caller) {
  if (caller.kind === 'role') return []
  const policies = state.userPolicies.get(`${caller.user.accountId}:${caller.user.name}`)
  // A user's permissions include those of its groups' policies (IAM User Guide, "IAM user groups").
  const groupPolicies = [...state.groups.values()]
    .filter(group => group.users.has(caller.user))
    .flatMap(group => [...group.policies.values()])
  return [...(policies?.values() ?? []), ...groupPolicies].map(document =>
    parsePolicy(document, 'identity')
  )
}

/**
 * API_UpdateAccessKey: Status Active or Inactive (the model's enum also has Expired, undocumented
 * for access keys: refused here as InvalidInput); NoSuchEntity (404) for a key that is not the
 * user's. An inactive key is refused by every service as an unknown one, InvalidClientTokenId
 * (FACTS), and works again once made active.
 * @type {IamAction}
 */
function updateAccessKey(ctx, caller, params) {
  check(params, 'optionalUserName', 'accessKeyId', 'status')
  const user = findUser(ctx, caller, params.UserName)
  const entry = ctx.iam.accessKeys.get(params.AccessKeyId)
  if (entry === undefined || entry.user !== user) {
    throw noSuchEntity(`The Access Key with id ${params.AccessKeyId} cannot be found.`)
  }
  if (params.Status === 'Expired') {
    throw iamError(400, 'InvalidInput', 'The emulator sets access keys Active or Inactive only.')
  }
  entry.status = /** @type {'Active' | 'Inactive'} */ (params.Status)
  ctx.credentials.setActive(entry.accessKeyId, entry.status === 'Active')
  return null
}

/**
 * API_GetAccessKeyLastUsed: the key's user and its last use (date, service, region), or
 * ServiceName and Region "N/A" and no date when it never signed a request (API_AccessKeyLastUsed).
 * For an unknown key AWS documents no error; the emulator answers NoSuchEntity (404).
 * @type {IamAction}
 */
function getAccessKeyLastUsed(ctx, _caller, params) {
  check(params, 'accessKeyId')
  const entry = ctx.iam.accessKeys.get(params.AccessKeyId)
  if (entry === undefined) {
    throw noSuchEntity(`The Access Key with id ${params.AccessKeyId} cannot be found.`)
  }
  const used = entry.lastUsed
  return [
    textElement('UserName', entry.user.name),
    element('AccessKeyLastUsed', [
      ...(used ? [textElement('LastUsedDate', new Date(used.at).toISOString())] : []),
      textElement('ServiceName', used?.service ?? 'N/A'),
      textElement('Region', used?.region ?? 'N/A')
    ])
  ]
}

/** @param {IamContext} ctx @param {Caller} caller @param {string} name */
function findGroup(ctx, caller, name) {
  const group = ctx.iam.groups.get(`${accountOfCaller(caller)}:${name}`)
  if (group === undefined) throw noSuchEntity(`The group with name ${name} cannot be found.`)
  return group
}

/** @param {Group} group */
function groupElement(group) {
  const arn = `arn:aws:iam::${group.accountId}:group/${group.name}`
  return element('Group', [
    textElement('Path', '/'),
    textElement('GroupName', group.name),
    textElement('GroupId', uniqueId('AGPA', arn)),
    textElement('Arn', arn),
    textElement('CreateDate', new Date(0).toISOString())
  ])
}

/**
 * API_CreateGroup: EntityAlreadyExists (409) for a taken name (unique case-insensitively: IAM
 * User Guide, "IAM identifiers").
 * @type {IamAction}
 */
function createGroup(ctx, caller, params) {
  check(params, 'groupName')
  const account = accountOfCaller(caller)
  const key = `${account}:${params.GroupName}`
  if ([...ctx.iam.groups.keys()].some(k => k.toLowerCase() === key.toLowerCase())) {
    throw alreadyExists(`Group with name ${params.GroupName} already exists.`)
  }
  /** @type {Group} */
  const group = {
    name: params.GroupName,
    accountId: account,
    users: new Set(),
    policies: new Map()
  }
  ctx.iam.groups.set(key, group)
  return [groupElement(group)]
}

/** API_GetGroup: the group and its users; NoSuchEntity (404). @type {IamAction} */
function getGroup(ctx, caller, params) {
  check(params, 'groupName')
  const group = findGroup(ctx, caller, params.GroupName)
  return [
    groupElement(group),
    element(
      'Users',
      [...group.users]
        .map(user => userElement(user).replace(/^<User>|<\/User>$/g, ''))
        .map(inner => `<member>${inner}</member>`)
    ),
    textElement('IsTruncated', 'false')
  ]
}

/**
 * API_DeleteGroup: DeleteConflict (409) while it has users or inline policies ("the group must
 * not contain any users or have any attached policies").
 * @type {IamAction}
 */
function deleteGroup(ctx, caller, params) {
  check(params, 'groupName')
  const group = findGroup(ctx, caller, params.GroupName)
  if (group.users.size > 0 || group.policies.size > 0) {
    throw deleteConflict('Cannot delete entity, must remove users and policies from group first.')
  }
  ctx.iam.groups.delete(`${group.accountId}:${group.name}`)
  return null
}

/** API_AddUserToGroup: NoSuchEntity (404) for an unknown user or group; adding twice is no error. @type {IamAction} */
function addUserToGroup(ctx, caller, params) {
  check(params, 'groupName', 'userName')
  const group = findGroup(ctx, caller, params.GroupName)
  group.users.add(findUser(ctx, caller, params.UserName))
  return null
}

/**
 * API_RemoveUserFromGroup: NoSuchEntity (404) for an unknown user or group, and for a user who
 * is not in it (not documented: AWS's answer observed by other tools; the emulator does the same).
 * @type {IamAction}
 */
function removeUserFromGroup(ctx, caller, params) {
  check(params, 'groupName', 'userName')
  const group = findGroup(ctx, caller, params.GroupName)
  const user = findUser(ctx, caller, params.UserName)
  if (!group.users.delete(user)) {
    throw noSuchEntity(`The user with name ${user.name} cannot be found in group ${group.name}.`)
  }
  return null
}

/** API_ListGroupsForUser: the user's groups; NoSuchEntity (404). @type {IamAction} */
function listGroupsForUser(ctx, caller, params) {
  check(params, 'userName')
  const user = findUser(ctx, caller, params.UserName)
  const members = [...ctx.iam.groups.values()]
    .filter(group => group.users.has(user))
    .map(group => `<member>${groupElement(group).replace(/^<Group>|<\/Group>$/g, '')}</member>`)
  return [element('Groups', members), textElement('IsTruncated', 'false')]
}

/**
 * API_PutGroupPolicy: replaces a same-named policy silently, as PutUserPolicy; NoSuchEntity (404),
 * MalformedPolicyDocument (400).
 * @type {IamAction}
 */
function putGroupPolicy(ctx, caller, params) {
  check(params, 'groupName', 'policyName', 'policyDocument')
  const group = findGroup(ctx, caller, params.GroupName)
  readPolicy(params.PolicyDocument, 'identity')
  group.policies.set(params.PolicyName, params.PolicyDocument)
  return null
}

/** API_GetGroupPolicy: the document URL-encoded (RFC 3986); NoSuchEntity (404). @type {IamAction} */
function getGroupPolicy(ctx, caller, params) {
  check(params, 'groupName', 'policyName')
  const group = findGroup(ctx, caller, params.GroupName)
  const document = group.policies.get(params.PolicyName)
  if (document === undefined) {
    throw noSuchEntity(`The group policy with name ${params.PolicyName} cannot be found.`)
  }
  return [
    textElement('GroupName', group.name),
    textElement('PolicyName', params.PolicyName),
    textElement('PolicyDocument', encodeURIComponent(document))
  ]
}

/** API_DeleteGroupPolicy: NoSuchEntity (404). @type {IamAction} */
function deleteGroupPolicy(ctx, caller, params) {
  check(params, 'groupName', 'policyName')
  const group = findGroup(ctx, caller, params.GroupName)
  if (!group.policies.delete(params.PolicyName)) {
    throw noSuchEntity(`The group policy with name ${params.PolicyName} cannot be found.`)
  }
  return null
}

/** @type {Record<string, IamAction>} */
export const IAM_ACTIONS = {
  CreateUser: createUser,
  GetUser: getUser,
  DeleteUser: deleteUser,
  CreateVirtualMFADevice: createVirtualMfaDevice,
  EnableMFADevice: enableMfaDevice,
  DeactivateMFADevice: deactivateMfaDevice,
  DeleteVirtualMFADevice: deleteVirtualMfaDevice,
  ListMFADevices: listMfaDevices,
  CreateRole: createRole,
  GetRole: getRole,
  DeleteRole: deleteRole,
  PutUserPolicy: putUserPolicy,
  DeleteUserPolicy: deleteUserPolicy,
  GetUserPolicy: getUserPolicy,
  ListUserPolicies: listUserPolicies,
  ListAccessKeys: listAccessKeys,
  ListVirtualMFADevices: listVirtualMfaDevices,
  UpdateAccessKey: updateAccessKey,
  CreateGroup: createGroup,
  GetGroup: getGroup,
  DeleteGroup: deleteGroup,
  AddUserToGroup: addUserToGroup,
  RemoveUserFromGroup: removeUserFromGroup,
  ListGroupsForUser: listGroupsForUser,
  PutGroupPolicy: putGroupPolicy,
  GetGroupPolicy: getGroupPolicy,
  DeleteGroupPolicy: deleteGroupPolicy,
  GetAccessKeyLastUsed: getAccessKeyLastUsed,
  CreateAccessKey: createAccessKey,
  DeleteAccessKey: deleteAccessKey
}

/** RFC 4648 §6 base32, no padding, as IAM's Base32StringSeed. @param {Buffer} bytes */
function base32(bytes) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
  let bits = 0
  let value = 0
  let out = ''
  for (const byte of bytes) {
    value = (value << 8) | byte
    bits += 8
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31]
      bits -= 5
    }
    value &= (1 << bits) - 1
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31]
  return out
}
