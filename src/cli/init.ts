import { unlinkSync } from 'node:fs'
import { resolve } from 'node:path'
import { ActionError, InputError } from '../engine/errors.js'
import type { Clock } from '../engine/clock.js'
import {
  AWS_TOTP_DEFAULTS,
  msUntilUsable,
  oneTimeCode,
  timeStep,
  type TotpParams
} from '../engine/totp.js'
import { adminClients, IAM_DEFAULT_REGION, iamCalls, isAlreadyExists, type Iam } from './iam.js'
import {
  ACCESS_KEY_SECRETS,
  INIT_HELP,
  parseInitCommandLine,
  type InitOptions
} from './init-options.js'
import type { CommandContext } from './command.js'
import type { Output } from './output.js'
import { CREDENTIAL_VARIABLES } from '../engine/credentials.js'
import {
  deleteGithubSecret,
  deleteSecretCommand,
  githubProblems,
  githubSecretNames,
  seedFileProblems,
  setGithubSecret,
  writeSeedFile,
  type GithubTarget
} from './seed-store.js'
import { describe, notUndoneLines, readBeforeSteps, StepRunner, type Step } from './steps.js'
import { assumeRolePolicy, judgeTrust, trustPolicy, userPolicyName } from './trust-policy.js'

/**
 * `aws-assume-role-mfa init`: checks → steps (device and seed file, user, role, policy, enabled
 * device, key, secrets) → prints the ARNs and a workflow step. This file holds the plan and the
 * words; steps.ts runs the steps, keeps the journal of what this run made and rolls it back.
 * Everything that can be checked is checked before the first step, so a refusal leaves nothing;
 * nothing that exists is changed unless asked (--replace-secrets); a failure or a stop signal
 * after the first step removes exactly what this run made, newest first, and names what it could
 * not remove, with the commands, in the order IAM needs.
 */
export interface InitIo {
  /** The process's environment: gh gets it without AWS_ variables; the AWS SDK reads process.env. */
  env: NodeJS.ProcessEnv
  stdout: Output
  clock: Clock
  /** Standard error, masking what it is told to (the seed, the secret key). */
  info(message: string): void
  mask(secret: string): void
  /** Ends the process at once (a second stop signal): process.exit unless given. */
  exit?(code: number): void
}

/** What exists before the run, found without changing anything. */
interface Plan {
  userExists: boolean
  userArn: string
  roleArn?: string
  /** The role's ARN when this run creates it. */
  newRoleArn?: string
  /** The user's inline policy for the role exists already, with the document init would write. */
  policyExists: boolean
  /** The user's access keys before the run. */
  keysBefore: string[]
  /** The GitHub secrets to set that exist already (only with --replace-secrets). */
  secretsBefore: string[]
  /** With --group: whether the group, its policy for the role and the user's membership exist. */
  group?: { exists: boolean; policyExists: boolean; userIn: boolean }
  /** The account's root ARN: what a role made for a group trusts. */
  accountRoot: string
  /** What exists and is used as it is, for the summary. */
  leftAlone: string[]
}

/** `init`, as main.ts runs it: set-up, once, by an administrator. */
export async function run(argv: string[], { io, log }: CommandContext): Promise<number> {
  const options = parseInitCommandLine(argv)
  if (options.help) {
    io.stdout.write(INIT_HELP)
    return 0
  }
  // --profile names the administrator's keys: keys in the environment must not compete with them.
  if (options.profile) for (const name of CREDENTIAL_VARIABLES) delete io.env[name]
  await runInit(options, {
    env: io.env,
    stdout: io.stdout,
    clock: io.clock,
    info: log.info,
    mask: log.mask
  })
  return 0
}

export async function runInit(options: InitOptions, io: InitIo): Promise<void> {
  const seedFile = options.seedFile && resolve(options.seedFile)
  const github: GithubTarget = { repo: options.githubRepo, environment: options.githubEnvironment }
  const problems = seedFile ? seedFileProblems(seedFile) : []
  let secretsBefore: string[] = []
  if (options.githubSecret) {
    const gh = await githubProblems(github, io.env)
    problems.push(...gh.problems)
    const toSet = secretNames(options)
    secretsBefore = gh.names.filter(name => toSet.includes(name))
    const shadowed = gh.repoNames.filter(name => toSet.includes(name))
    const plural = (names: string[]) =>
      `secret${names.length > 1 ? 's' : ''} ${names.join(', ')} exist${names.length > 1 ? '' : 's'}`
    if (secretsBefore.length > 0 && !options.replaceSecrets) {
      problems.push(
        `The GitHub ${plural(secretsBefore)} already${where(github)} (gh secret list): ` +
          'init does not overwrite them, since a working set-up may use them. Give another ' +
          '--github-secret or --github-environment, delete them first, or pass --replace-secrets ' +
          'to replace them (their old values are lost).'
      )
    }
    if (shadowed.length > 0 && !options.replaceSecrets) {
      problems.push(
        `The repository's ${plural(shadowed)}${where({ repo: github.repo })}: the environment ` +
          `${github.environment}'s secrets of the same names would take their place in its jobs, ` +
          'which may deploy with them today. Give another --github-secret, or pass ' +
          '--replace-secrets if the environment is to have its own.'
      )
    }
  }
  if (problems.length > 0) throw new InputError(problems)

  const region =
    options.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || IAM_DEFAULT_REGION
  const iam = iamCalls(adminClients(region, options.profile))
  const plan = await lookUp(iam, options, io)
  plan.secretsBefore = secretsBefore

  const runner = new StepRunner({
    info: io.info,
    exit: io.exit ?? (code => process.exit(code))
  })
  const user = options.userName
  /** Secrets that existed and were set by this run: the rollback cannot put them back. */
  const replaced: string[] = []
  runner.start()
  try {
    const device = await runner.run(deviceStep(iam, options, seedFile, io))
    const { serial } = device
    let userArn = plan.userArn
    if (!plan.userExists) userArn = await runner.run(userStep(iam, user))
    let roleArn = plan.roleArn
    const roleName = options.roleName
    if (roleName) {
      const group = options.group
      if (!roleArn) {
        // For a group, the account: the group's policy then decides who may assume the role.
        const trusted = group ? plan.accountRoot : userArn
        roleArn = await runner.run(
          roleStep(iam, roleName, trustPolicy(trusted, options.mfaMaxAgeSeconds), io, runner)
        )
        io.info(
          group
            ? `Created the role ${roleArn}: it trusts the account (${trusted}), with MFA only; ` +
                `the policy of the group ${group} says who may assume it.`
            : `Created the role ${roleArn}: it trusts ${userArn}, with MFA only.`
        )
        io.info(boundWords(options.mfaMaxAgeSeconds))
      }
      if (group && plan.group) {
        if (!plan.group.exists) await runner.run(groupStep(iam, group))
        if (!plan.group.policyExists) {
          await runner.run(groupPolicyStep(iam, group, roleName, roleArn))
        }
        if (!plan.group.userIn) await runner.run(membershipStep(iam, group, user))
      } else if (!plan.policyExists) {
        await runner.run(policyStep(iam, user, roleName, roleArn))
      }
    }
    await runner.run(enableStep(iam, user, device, io, runner))

    let key: { accessKeyId: string; secretAccessKey: string } | undefined
    if (options.createAccessKey) key = await runner.run(keyStep(iam, user, plan, io))
    if (options.githubSecret) {
      const secrets: [string, string][] = [
        ...(key
          ? ([
              [ACCESS_KEY_SECRETS.accessKeyId, key.accessKeyId],
              [ACCESS_KEY_SECRETS.secretAccessKey, key.secretAccessKey]
            ] as [string, string][])
          : []),
        [options.githubSecret, device.seed]
      ]
      for (const [name, value] of secrets) {
        const existed = plan.secretsBefore.includes(name)
        await runner.run(
          secretStep(name, value, github, existed, io, () => existed && replaced.push(name))
        )
      }
    }
    if (plan.leftAlone.length > 0) {
      io.info(`There before this run, used as it was: ${plan.leftAlone.join('; ')}.`)
    }
    io.stdout.write(
      summary({ serial, roleArn, userArn, region, options, keySecrets: key !== undefined })
    )
  } catch (error) {
    const notUndone = await runner.rollBack()
    const lines = [`init failed at ${runner.current}: ${describe(error)}`]
    if (runner.journal.length > 0 && notUndone.length === 0) {
      lines.push('Everything this run created was removed again.')
    }
    if (seedFile && notUndone.some(u => u.what.startsWith('the MFA device'))) {
      lines.push(`The seed is kept in ${seedFile}: the device it belongs to still exists.`)
    }
    if (plan.leftAlone.length > 0) {
      lines.push(`There before this run, left alone: ${plan.leftAlone.join('; ')}.`)
    }
    if (replaced.length > 0) {
      lines.push(
        `Replaced before the failure (--replace-secrets), and their old values are gone: the ` +
          `GitHub secrets ${replaced.join(', ')}; set them again with gh secret set.`
      )
    }
    lines.push(...notUndoneLines(notUndone))
    throw new ActionError(lines.join('\n'), { cause: error })
  } finally {
    runner.stop()
  }
}

/** The GitHub secrets init sets, by name. */
function secretNames(options: InitOptions): string[] {
  return [
    ...(options.createAccessKey
      ? [ACCESS_KEY_SECRETS.accessKeyId, ACCESS_KEY_SECRETS.secretAccessKey]
      : []),
    ...(options.githubSecret ? [options.githubSecret] : [])
  ]
}

/** CreateVirtualMFADevice, and the seed file beside it: one step, one undo (the file goes last). */
export function deviceStep(
  iam: Iam,
  options: Pick<InitOptions, 'deviceName'>,
  seedFile: string | undefined,
  io: InitIo
): Step<{ serial: string; seed: string }> {
  const name = options.deviceName
  return {
    name: 'CreateVirtualMFADevice',
    async create() {
      let device: { serial: string; seed: string }
      try {
        device = await iam.createVirtualMfaDevice(name)
      } catch (error) {
        if (!isAlreadyExists(error)) throw error
        throw new InputError([deviceExists(name)])
      }
      io.mask(device.seed)
      if (seedFile) {
        try {
          writeSeedFile(seedFile, device.seed)
        } catch (error) {
          await iam.deleteVirtualMfaDevice(device.serial)
          throw error
        }
      }
      return device
    },
    async reconcile() {
      // Made, but its seed was never seen: nobody can use it. Removed, and said so.
      const serial = (await iam.virtualMfaDevices()).find(d => d.serial.endsWith(`:mfa/${name}`))
      if (serial === undefined) return undefined
      await iam.deleteVirtualMfaDevice(serial.serial)
      throw new ActionError(
        `IAM made the device ${serial.serial}, but its answer, with the seed, was lost; the ` +
          'device was deleted again, since nobody can use it. Run init again.'
      )
    },
    undo: ({ serial }) => ({
      what: `the MFA device ${serial}`,
      commands: [
        `aws iam delete-virtual-mfa-device --serial-number ${serial}`,
        ...(seedFile ? [`rm ${seedFile}`] : [])
      ],
      run: async () => {
        await iam.deleteVirtualMfaDevice(serial)
        if (seedFile) unlinkSync(seedFile)
      }
    }),
    describe: ({ serial }) =>
      `Created the virtual MFA device ${serial}.` +
      (seedFile ? ` Wrote its seed to ${seedFile} (mode 600).` : '')
  }
}

function deviceExists(name: string): string {
  return (
    `An MFA device named ${name} exists in this account already (left unassigned by an earlier ` +
    'attempt, or assigned to another user). Give another --device-name, or delete that device ' +
    '(aws iam list-virtual-mfa-devices shows it; aws iam delete-virtual-mfa-device removes it).'
  )
}

function userStep(iam: Iam, user: string): Step<string> {
  return {
    name: 'CreateUser',
    create: () => iam.createUser(user),
    // It was not there when looked up: there now, this run made it.
    reconcile: () => iam.userArn(user),
    undo: () => ({
      what: `the IAM user ${user}`,
      commands: [`aws iam delete-user --user-name ${user}`],
      run: () => iam.deleteUser(user)
    }),
    describe: arn => `Created the IAM user ${arn} (it had none).`
  }
}

function roleStep(
  iam: Iam,
  roleName: string,
  policy: string,
  io: InitIo,
  runner: StepRunner
): Step<string> {
  return {
    name: 'CreateRole',
    create: () =>
      untilPrincipalVisible(
        () => iam.createRole(roleName, policy),
        io,
        () => runner.check()
      ),
    reconcile: async () => (await iam.role(roleName))?.arn,
    undo: () => ({
      what: `the role ${roleName}`,
      commands: [`aws iam delete-role --role-name ${roleName}`],
      run: () => iam.deleteRole(roleName)
    })
  }
}

function policyStep(iam: Iam, user: string, roleName: string, roleArn: string): Step<string> {
  const name = userPolicyName(roleName)
  const document = assumeRolePolicy(roleArn)
  return {
    name: 'PutUserPolicy',
    create: async () => {
      await iam.putUserPolicy(user, name, document)
      return name
    },
    reconcile: async () =>
      samePolicy(await iam.userPolicy(user, name), document) ? name : undefined,
    undo: () => ({
      what: `the policy ${name} of ${user}`,
      commands: [`aws iam delete-user-policy --user-name ${user} --policy-name ${name}`],
      run: () => iam.deleteUserPolicy(user, name)
    }),
    describe: () => `Allowed ${user} sts:AssumeRole on ${roleArn} only (inline policy ${name}).`
  }
}

function groupStep(iam: Iam, group: string): Step<string> {
  return {
    name: 'CreateGroup',
    create: () => iam.createGroup(group),
    reconcile: async () => (await iam.group(group))?.arn,
    undo: () => ({
      what: `the IAM group ${group}`,
      commands: [`aws iam delete-group --group-name ${group}`],
      run: () => iam.deleteGroup(group)
    }),
    describe: arn => `Created the IAM group ${arn}.`
  }
}

function groupPolicyStep(iam: Iam, group: string, roleName: string, roleArn: string): Step<string> {
  const name = userPolicyName(roleName)
  const document = assumeRolePolicy(roleArn)
  return {
    name: 'PutGroupPolicy',
    create: async () => {
      await iam.putGroupPolicy(group, name, document)
      return name
    },
    reconcile: async () =>
      samePolicy(await iam.groupPolicy(group, name), document) ? name : undefined,
    undo: () => ({
      what: `the policy ${name} of the group ${group}`,
      commands: [`aws iam delete-group-policy --group-name ${group} --policy-name ${name}`],
      run: () => iam.deleteGroupPolicy(group, name)
    }),
    describe: () =>
      `Allowed the group ${group} sts:AssumeRole on ${roleArn} only (inline policy ${name}).`
  }
}

function membershipStep(iam: Iam, group: string, user: string): Step<string> {
  return {
    name: 'AddUserToGroup',
    create: async () => {
      await iam.addUserToGroup(group, user)
      return group
    },
    reconcile: async () => ((await iam.groupsForUser(user)).includes(group) ? group : undefined),
    // Before the user is deleted (IAM refuses to delete a user still in a group): newer, so first.
    undo: () => ({
      what: `the membership of ${user} in the group ${group}`,
      commands: [`aws iam remove-user-from-group --group-name ${group} --user-name ${user}`],
      run: () => iam.removeUserFromGroup(group, user)
    }),
    describe: () => `Added ${user} to the group ${group}.`
  }
}

export function enableStep(
  iam: Iam,
  user: string,
  device: { serial: string; seed: string },
  io: InitIo,
  runner: StepRunner
): Step<string> {
  const { serial } = device
  return {
    name: 'EnableMFADevice',
    create: async () => {
      const totp: TotpParams = { secret: device.seed, ...AWS_TOTP_DEFAULTS }
      const [code1, code2] = await consecutiveCodes(totp, io, () => runner.check())
      await iam.enableMfaDevice(user, serial, code1, code2)
      return serial
    },
    reconcile: async () => ((await iam.mfaDevices(user)).includes(serial) ? serial : undefined),
    // IAM deletes an enabled device only once deactivated (API_DeleteVirtualMFADevice): this
    // undo, newer than the device's, runs first.
    undo: () => ({
      what: `the MFA device ${serial} enabled for ${user}`,
      commands: [`aws iam deactivate-mfa-device --user-name ${user} --serial-number ${serial}`],
      run: () => iam.deactivateMfaDevice(user, serial)
    }),
    describe: () => `Enabled ${serial} for ${user}.`
  }
}

export function keyStep(
  iam: Iam,
  user: string,
  plan: Pick<Plan, 'keysBefore'>,
  io: Pick<InitIo, 'mask'>,
  again = 'Run init again.'
): Step<{ accessKeyId: string; secretAccessKey: string }> {
  return {
    name: 'CreateAccessKey',
    create: async () => {
      const key = await iam.createAccessKey(user)
      io.mask(key.secretAccessKey)
      return key
    },
    async reconcile() {
      // A key IAM made whose secret nobody saw: deleted at once, never left for the quota.
      const lost = (await iam.accessKeys(user))
        .map(k => k.accessKeyId)
        .filter(id => !plan.keysBefore.includes(id))
      if (lost.length === 0) return undefined
      const left: string[] = []
      for (const id of lost) {
        try {
          await iam.deleteAccessKey(user, id)
        } catch {
          left.push(`aws iam delete-access-key --user-name ${user} --access-key-id ${id}`)
        }
      }
      throw new ActionError(
        `IAM made the access key ${lost.join(', ')}, but its answer, with the secret, was lost; ` +
          (left.length === 0
            ? `the key was deleted again, since nobody holds it. ${again}`
            : `delete it by hand, since nobody holds it: ${left.join('; ')}`)
      )
    },
    undo: ({ accessKeyId }) => ({
      what: `the access key ${accessKeyId} of ${user}`,
      commands: [`aws iam delete-access-key --user-name ${user} --access-key-id ${accessKeyId}`],
      run: () => iam.deleteAccessKey(user, accessKeyId)
    }),
    describe: ({ accessKeyId }) => `Created the access key ${accessKeyId} for ${user}.`
  }
}

/**
 * `gh secret set`: a new secret is removed again by the rollback; one that existed before
 * (--replace-secrets) cannot be put back, and the failure message says so.
 */
export function secretStep(
  name: string,
  value: string,
  github: GithubTarget,
  existed: boolean,
  io: InitIo,
  onSet: () => void
): Step<string> {
  return {
    name: `gh secret set ${name}`,
    create: async () => {
      await setGithubSecret(name, value, github, io.env)
      onSet()
      return name
    },
    // gh may have stored it before failing (a timeout): look.
    reconcile: async () =>
      !existed && (await githubSecretNames(github, io.env))?.includes(name) ? name : undefined,
    undo: () =>
      existed
        ? undefined
        : {
            what: `the GitHub secret ${name}${where(github)}`,
            commands: [deleteSecretCommand(name, github)],
            run: () => deleteGithubSecret(name, github, io.env)
          },
    describe: () => `${existed ? 'Replaced' : 'Stored'} the GitHub secret ${name}${where(github)}.`
  }
}

/** Whether two policy documents say the same (JSON, whatever the spacing). */
function samePolicy(found: string | undefined, document: string): boolean {
  if (found === undefined) return false
  try {
    return JSON.stringify(JSON.parse(found)) === JSON.stringify(JSON.parse(document))
  } catch {
    return false
  }
}

/**
 * What exists already, found without changing anything. Refuses, all at once, what init cannot do
 * without changing what exists: a device name taken, the user's devices or keys at IAM's quota, a
 * role whose trust policy does not admit the user with MFA only, an inline policy of init's name
 * with another document.
 */
async function lookUp(iam: Iam, options: InitOptions, io: InitIo): Promise<Plan> {
  const reach = <T>(what: string, call: () => Promise<T>): Promise<T> =>
    readBeforeSteps(
      what,
      call,
      "Nothing was created. init needs an administrator's credentials (the AWS SDK default " +
        'chain, or --profile) allowed to manage IAM users, MFA devices and roles.'
    )
  const caller = await reach('reach AWS as the administrator', () => iam.callerArn())
  io.info(`Working as ${caller.arn}.`)
  const partition = caller.arn.split(':')[1] || 'aws'
  const user = options.userName
  const existing = await reach(`read the IAM user ${user}`, () => iam.userArn(user))
  const userArn = existing ?? `arn:${partition}:iam::${caller.account}:user/${user}`
  const problems: string[] = []
  const leftAlone: string[] = []
  let keysBefore: string[] = []
  let policyExists = false
  let group: Plan['group']
  if (existing) {
    leftAlone.push(`the IAM user ${user}`)
    const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user))
    const same = serials.find(serial => serial.endsWith(`:mfa/${options.deviceName}`))
    if (same) {
      problems.push(
        `The IAM user ${user} already has the MFA device ${same}: a device's seed cannot be read ` +
          'back, so init does not reuse it. Give another --device-name, or remove that device ' +
          `first (aws iam deactivate-mfa-device --user-name ${user} --serial-number ${same}, ` +
          `then aws iam delete-virtual-mfa-device --serial-number ${same}).`
      )
    } else if (serials.length >= MFA_DEVICES_PER_USER) {
      problems.push(
        `The IAM user ${user} has ${serials.length} MFA devices, the most IAM allows ` +
          '(IAM quotas): deactivate and delete one it no longer uses first.'
      )
    }
    if (options.createAccessKey) {
      keysBefore = (await reach(`list the access keys of ${user}`, () => iam.accessKeys(user))).map(
        k => k.accessKeyId
      )
      if (keysBefore.length >= ACCESS_KEYS_PER_USER) {
        problems.push(
          `The IAM user ${user} has two access keys (${keysBefore.join(', ')}), the most IAM ` +
            'allows: --create-access-key cannot add one. Delete the one no workflow uses ' +
            `(aws iam delete-access-key --user-name ${user} --access-key-id ID), or run init ` +
            'without --create-access-key.'
        )
      }
    }
  }
  const devices = await reach('list the virtual MFA devices', () => iam.virtualMfaDevices())
  const taken = devices.find(d => d.serial.endsWith(`:mfa/${options.deviceName}`))
  if (taken && !(existing && taken.user === user)) problems.push(deviceExists(options.deviceName))
  let roleArn: string | undefined
  let newRoleArn: string | undefined
  if (options.roleName) {
    const roleName = options.roleName
    const role = await reach(`read the role ${roleName}`, () => iam.role(roleName))
    if (role) {
      const verdict = judgeTrust(role.trustPolicy, userArn)
      for (const warning of verdict.warnings) io.info(`Warning: the role ${role.arn}: ${warning}`)
      if (verdict.problems.length > 0) {
        // For a group, the statement to put in trusts the account, as a role init makes does.
        const trusted = options.group ? `arn:${partition}:iam::${caller.account}:root` : userArn
        problems.push(trustRefusal(role.arn, roleName, userArn, trusted, verdict.problems, options))
      } else {
        leftAlone.push(`the role ${roleName}`)
      }
      roleArn = role.arn
    } else {
      newRoleArn = `arn:${partition}:iam::${caller.account}:role/${roleName}`
    }
    if (options.group) {
      const groupName = options.group
      const found = await reach(`read the group ${groupName}`, () => iam.group(groupName))
      const name = userPolicyName(roleName)
      let policyExists = false
      if (found) {
        leftAlone.push(`the IAM group ${groupName}`)
        const policy = await reach(`read the policy ${name} of the group ${groupName}`, () =>
          iam.groupPolicy(groupName, name)
        )
        const document = assumeRolePolicy(roleArn ?? newRoleArn ?? '')
        if (policy !== undefined && samePolicy(policy, document)) {
          policyExists = true
          leftAlone.push(`the policy ${name} of the group ${groupName}`)
        } else if (policy !== undefined) {
          problems.push(
            `The IAM group ${groupName} already has an inline policy named ${name}, with another ` +
              'document than the one init writes; init never replaces it (PutGroupPolicy would, ' +
              `silently). Read it (aws iam get-group-policy --group-name ${groupName} ` +
              `--policy-name ${name}); if nothing needs it, delete it and run init again.`
          )
        }
      }
      const userIn = found?.users.includes(user) ?? false
      if (userIn) leftAlone.push(`the membership of ${user} in the group ${groupName}`)
      group = { exists: found !== undefined, policyExists, userIn }
    } else if (existing) {
      const name = userPolicyName(roleName)
      const found = await reach(`read the policy ${name} of ${user}`, () =>
        iam.userPolicy(user, name)
      )
      const document = assumeRolePolicy(roleArn ?? newRoleArn ?? '')
      if (found !== undefined && samePolicy(found, document)) {
        policyExists = true
        leftAlone.push(`the policy ${name} of ${user}`)
      } else if (found !== undefined) {
        problems.push(
          `The IAM user ${user} already has an inline policy named ${name}, with another ` +
            'document than the one init writes; init never replaces it (PutUserPolicy would, ' +
            'silently). Read it (aws iam get-user-policy --user-name ' +
            `${user} --policy-name ${name}); if nothing needs it, delete it (aws iam ` +
            `delete-user-policy --user-name ${user} --policy-name ${name}) and run init again.`
        )
      }
    }
  }
  if (problems.length > 0) throw new InputError(problems)
  return {
    userExists: existing !== undefined,
    userArn,
    roleArn,
    newRoleArn,
    policyExists,
    keysBefore,
    secretsBefore: [],
    group,
    accountRoot: `arn:${partition}:iam::${caller.account}:root`,
    leftAlone
  }
}

/** IAM quotas (IAM User Guide, "IAM and AWS STS quotas"). */
const MFA_DEVICES_PER_USER = 8
const ACCESS_KEYS_PER_USER = 2

/**
 * Why an existing role does not fit, and the fix: replace the statements that admit the user,
 * never add beside them (IAM grants if any Allow matches: a statement without MFA beside one with
 * it lets the user in without a code).
 */
function trustRefusal(
  roleArn: string,
  roleName: string,
  userArn: string,
  trusted: string,
  problems: string[],
  options: InitOptions
): string {
  const denied = problems.some(p => / denies /.test(p))
  return (
    `The role ${roleArn} exists, and its trust policy does not let ${userArn} assume it with ` +
    `MFA only: ${problems.join('; ')}. init leaves an existing role alone. ` +
    (denied
      ? 'A Deny wins over every Allow: remove that statement, or give another --role-name.'
      : 'Replace the statements that admit the user (by its ARN, its account, or *) with this ' +
        'one; do not add it beside them: IAM grants if any Allow statement matches, so one ' +
        'without MFA left beside it lets the user in without a code (IAM > Roles > ' +
        `${roleName} > Trust relationships, or aws iam update-assume-role-policy), then run ` +
        `init again:\n${trustStatement(trusted, options.mfaMaxAgeSeconds)}`)
  )
}

/** The bound written, and which of the action's settings it lets through. */
export function boundWords(maxAge: number): string {
  return (
    `Its trust policy allows MFA sessions younger than ${maxAge} s (NumericLessThan ` +
    `aws:MultiFactorAuthAge ${maxAge}): the action's mfa-session-duration-seconds up to ` +
    `${maxAge} (a shared MFA session, refresh-credentials' renewals); a code sent with each ` +
    'AssumeRole (the default) is always accepted.'
  )
}

function trustStatement(principalArn: string, maxAge: number): string {
  const policy = JSON.parse(trustPolicy(principalArn, maxAge)) as { Statement: unknown[] }
  return JSON.stringify(policy.Statement[0], null, 2)
}

/** How long a just-created user may stay invisible to trust policies, and how often to look. */
export const PRINCIPAL_WAIT_MS = 20_000
const PRINCIPAL_POLL_MS = 2_000

/**
 * IAM refuses a trust policy that names a user it cannot resolve ("Invalid principal in policy"),
 * and a user created a moment ago may not be resolvable yet: IAM is eventually consistent (IAM
 * User Guide, "Changes that I make are not always immediately visible"). Retried for a bounded
 * time; any other error at once.
 */
async function untilPrincipalVisible<T>(
  call: () => Promise<T>,
  io: Pick<InitIo, 'clock' | 'info'>,
  check: () => void
): Promise<T> {
  const deadline = io.clock.now() + PRINCIPAL_WAIT_MS
  for (;;) {
    try {
      return await call()
    } catch (error) {
      const e = error as { name?: string; message?: string }
      const invisible =
        e?.name === 'MalformedPolicyDocumentException' && /invalid principal/i.test(e.message ?? '')
      if (!invisible || io.clock.now() + PRINCIPAL_POLL_MS > deadline) throw error
      io.info('IAM does not know the new user yet (it takes a few seconds): trying again.')
      await io.clock.sleep(PRINCIPAL_POLL_MS)
      check()
    }
  }
}

/**
 * EnableMFADevice takes two consecutive codes (IAM API reference). The first is this window's;
 * the second is the next window's, computed once that window has begun with at least
 * MIN_REMAINING_SECONDS left, the margin the action keeps for every code it sends. Sent at once
 * (a late pair enables the device out of sync, says the same reference).
 */
export async function consecutiveCodes(
  totp: TotpParams,
  io: Pick<InitIo, 'clock' | 'info'>,
  check: () => void = () => {}
): Promise<[string, string]> {
  const { clock } = io
  const first = timeStep(clock.now(), totp.period)
  let wait = msUntilUsable(clock.now(), totp.period, first)
  io.info(
    `Waiting ${Math.ceil(wait / 1000)} s for the next TOTP window: enabling the device takes ` +
      'two consecutive codes.'
  )
  // Timers may fire a hair early: check again rather than trust one sleep.
  while (wait > 0) {
    await clock.sleep(Math.min(wait, 1000))
    check()
    wait = msUntilUsable(clock.now(), totp.period, first)
  }
  const now = clock.now()
  const second = timeStep(now, totp.period)
  // Slept past the next window (a suspended laptop): the pair is the current window's and the one
  // before it, consecutive still.
  const code1 = await oneTimeCode(totp, (second - 1) * totp.period * 1000)
  const code2 = await oneTimeCode(totp, now)
  return [code1, code2]
}

function summary(values: {
  serial: string
  roleArn?: string
  userArn: string
  region: string
  options: InitOptions
  keySecrets: boolean
}): string {
  const { serial, roleArn, userArn, region, options, keySecrets } = values
  const seed = options.githubSecret
    ? `\${{ secrets.${options.githubSecret} }}`
    : `\${{ secrets.AWS_MFA_SEED }} # from ${options.seedFile}`
  const keyLines = keySecrets
    ? [
        `          aws-access-key-id: \${{ secrets.${ACCESS_KEY_SECRETS.accessKeyId} }}`,
        `          aws-secret-access-key: \${{ secrets.${ACCESS_KEY_SECRETS.secretAccessKey} }}`
      ]
    : [
        `          aws-access-key-id: \${{ secrets.AWS_ACCESS_KEY_ID }} # a key of ${options.userName}`,
        `          aws-secret-access-key: \${{ secrets.AWS_SECRET_ACCESS_KEY }}`
      ]
  return [
    `user: ${userArn}`,
    `mfa-serial: ${serial}`,
    ...(roleArn ? [`role-to-assume: ${roleArn}`] : []),
    '',
    '# The workflow step:',
    '      - uses: your-org/aws-assume-role-mfa@0000000000000000000000000000000000000000 # v1.0.0 (placeholder: pin the release you use)',
    '        with:',
    `          aws-region: ${region}`,
    `          role-to-assume: ${roleArn ?? 'arn:aws:iam::ACCOUNT:role/ROLE # a role that trusts the user with MFA'}`,
    `          mfa-serial: ${serial}`,
    `          mfa-seed: ${seed}`,
    ...keyLines,
    ''
  ].join('\n')
}

export function where({ repo, environment }: GithubTarget): string {
  const place = repo ? ` of ${repo}` : ''
  return environment ? `${place} (environment ${environment})` : place
}
