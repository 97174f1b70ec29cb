import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { CREDENTIAL_VARIABLES } from '../engine/credentials.js'
import { ActionError, InputError } from '../engine/errors.js'
import { checkPrivateFolder, readNoFollow, writeFileReplacing } from '../engine/private-files.js'
import { credentialsProfile, parseIni, sectionValues, splitIni } from '../settings/profile-ini.js'
import { adminClients, callerWithKey, IAM_DEFAULT_REGION, iamCalls, type Iam } from './iam.js'
import { deviceStep, enableStep, keyStep, secretStep, where, type InitIo } from './init.js'
import {
  DELETE_OLD_GRACE_DAYS,
  parseRotateCommandLine,
  ROTATE_HELP,
  type AccessKeyRotation,
  type DeviceRotation
} from './rotate-options.js'
import {
  deleteGithubSecret,
  deleteSecretCommand,
  githubProblems,
  seedFileProblems,
  setGithubSecret,
  type GithubTarget
} from './seed-store.js'
import { describe, StepRunner, undoLines, type Undo } from './steps.js'

/**
 * `aws-assume-role-mfa rotate`: the plan and the words; steps.ts runs the steps (one journal, the
 * rollback, the stop signals), as for init.
 *
 * access-key: checks → [delete the key the last rotation left Inactive] → CreateAccessKey (sent
 * once; a lost answer reconciled with ListAccessKeys) → until STS takes the new key
 * (GetCallerIdentity, bounded) → the key id's secret, then the secret key's (gh secret set, value
 * on standard input) → [the credentials profile] → the old key Inactive. Until the secret key's
 * secret is being set, a failure removes the new key (and puts the old id back); from then on the
 * new key is never removed, and the message says what each key and secret holds.
 *
 * mfa-device: a new device under a new name, enabled with two consecutive codes and checked with
 * ListMFADevices, its seed under a new secret name: nothing points at it until the workflow's
 * mfa-serial and mfa-seed change in one commit, so no job ever holds a serial and a seed that do
 * not match. `--retire SERIAL` then deactivates and deletes the old device.
 */
export interface RotateIo extends InitIo {
  /** For the shared credentials file's default place, ~/.aws/credentials. */
  home: string
  /** Where to look for workflows that still name a device (.github/workflows). */
  cwd: string
}

/**
 * The command (`rotate access-key …`, `rotate mfa-device …`), in the shape every command module
 * has: arguments after its name, the CLI's surroundings and log → exit code.
 */
export async function run(
  argv: string[],
  { io, log }: { io: CommandIo; log: Pick<InitIo, 'info' | 'mask'> }
): Promise<number> {
  const options = parseRotateCommandLine(argv, new Date(io.clock.now()))
  if (options.kind === 'help') {
    io.stdout.write(ROTATE_HELP)
    return 0
  }
  // --profile names the administrator's keys: keys in the environment must not compete with them.
  if (options.profile) for (const name of CREDENTIAL_VARIABLES) delete io.env[name]
  await runRotate(options, {
    env: io.env,
    stdout: io.stdout,
    clock: io.clock,
    home: io.home,
    cwd: process.cwd(),
    info: log.info,
    mask: log.mask
  })
  return 0
}

/** What the command needs of the CLI's surroundings (CliIo has more). */
interface CommandIo {
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream
  clock: InitIo['clock']
  home: string
}

/** How long IAM may take before STS accepts a new key (eventual consistency), and how often to ask. */
export const NEW_KEY_WAIT_MS = 60_000
const NEW_KEY_POLL_MS = 2_000

export async function runRotate(
  options: AccessKeyRotation | DeviceRotation,
  io: RotateIo
): Promise<void> {
  const region =
    options.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || IAM_DEFAULT_REGION
  const iam = iamCalls(adminClients(region, options.profile))
  if (options.kind === 'access-key') {
    if (options.deleteOld) return deleteOldKeys(iam, options, io)
    return rotateAccessKey(iam, region, options, io)
  }
  if (options.retire !== undefined) return retireDevice(iam, options, options.retire, io)
  return rotateDevice(iam, options, io)
}

/** An IAM read before anything changed: a failure says that nothing was. */
async function reach<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call()
  } catch (error) {
    throw new ActionError(
      `Cannot ${what} (${describe(error)}). Nothing was changed. rotate needs an administrator's ` +
        'credentials (the AWS SDK default chain, or --profile) allowed to manage IAM users, ' +
        'their access keys and MFA devices.',
      { cause: error }
    )
  }
}

async function workingAs(iam: Iam, user: string, io: RotateIo): Promise<void> {
  const caller = await reach('reach AWS as the administrator', () => iam.callerArn())
  io.info(`Working as ${caller.arn}.`)
  if ((await reach(`read the IAM user ${user}`, () => iam.userArn(user))) === undefined) {
    throw new InputError([`There is no IAM user ${user} in this account: check --user-name.`])
  }
}

function newRunner(io: RotateIo): StepRunner {
  return new StepRunner({ info: io.info, exit: io.exit ?? (code => process.exit(code)) })
}

// ---------------------------------------------------------------------------------------------
// Access keys

/** What a place that holds the key holds now. */
type Holds = 'old' | 'new' | 'unknown'

interface KeyState {
  user: string
  old?: string
  created?: string
  newRemoved: boolean
  deletedInactive?: string
  oldInactive: boolean
  secrets: { name: string; holds: Holds }[]
  profile?: { name: string; file: string; holds: Holds }
}

async function rotateAccessKey(
  iam: Iam,
  region: string,
  options: AccessKeyRotation,
  io: RotateIo
): Promise<void> {
  const user = options.userName
  const github: GithubTarget = { repo: options.githubRepo, environment: options.githubEnvironment }
  const problems: string[] = []
  if (options.github) {
    const gh = await githubProblems(github, io.env)
    problems.push(...gh.problems)
    const missing = [options.accessKeyIdSecret, options.secretAccessKeySecret].filter(
      name => gh.problems.length === 0 && !gh.names.includes(name)
    )
    if (missing.length > 0) {
      problems.push(
        `No GitHub secret ${missing.join(' or ')}${where(github)} (gh secret list): rotate ` +
          'replaces the key init stored there. Name the secrets that hold the key with ' +
          '--access-key-id-secret and --secret-access-key-secret, or run init --create-access-key first.'
      )
    }
  }
  const file = options.credentialsProfile
    ? resolve(io.env.AWS_SHARED_CREDENTIALS_FILE || join(io.home, '.aws', 'credentials'))
    : undefined
  const profileKey =
    options.credentialsProfile && file
      ? readProfileKey(file, options.credentialsProfile, problems)
      : undefined
  if (problems.length > 0) throw new InputError(problems)

  await workingAs(iam, user, io)
  const keys = await reach(`list the access keys of ${user}`, () => iam.accessKeys(user))
  const active = keys.filter(k => k.status === 'Active').map(k => k.accessKeyId)
  const inactive = keys.filter(k => k.status !== 'Active').map(k => k.accessKeyId)
  if (active.length >= 2) {
    problems.push(
      `The IAM user ${user} has two Active access keys (${active.join(', ')}): rotate cannot tell ` +
        'which one the workflows use, and IAM allows no third. Find the one nothing uses (aws iam ' +
        `get-access-key-last-used --access-key-id ID), deactivate it (aws iam update-access-key ` +
        `--user-name ${user} --access-key-id ID --status Inactive) and run rotate again.`
    )
  }
  const old = active[0]
  if (profileKey !== undefined && profileKey !== old) {
    problems.push(
      `The profile ${options.credentialsProfile} of ${file} holds the key ${profileKey}, not ` +
        `${old ? `the Active key of ${user}, ${old}` : `a key of ${user}`}: check --credentials-profile.`
    )
  }
  if (problems.length > 0) throw new InputError(problems)
  // Two keys, one Inactive: the one a previous rotation left. It goes first (IAM allows two).
  const toDelete = keys.length >= 2 ? inactive[0] : undefined

  const state: KeyState = {
    user,
    old,
    newRemoved: false,
    oldInactive: false,
    secrets: options.github
      ? [options.accessKeyIdSecret, options.secretAccessKeySecret].map(name => ({
          name,
          holds: 'old' as Holds
        }))
      : [],
    profile:
      options.credentialsProfile && file
        ? { name: options.credentialsProfile, file, holds: 'old' }
        : undefined
  }
  const runner = newRunner(io)
  runner.start()
  try {
    if (toDelete) {
      await runner.run({
        name: 'DeleteAccessKey',
        create: async () => {
          await iam.deleteAccessKey(user, toDelete)
          state.deletedInactive = toDelete
          return toDelete
        },
        describe: id => `Deleted the access key ${id} of ${user}, Inactive since a rotation.`
      })
    }
    const keysBefore = keys.map(k => k.accessKeyId)
    const step = keyStep(iam, user, { keysBefore }, io, 'Run rotate again.')
    const key = await runner.run({
      ...step,
      create: async () => {
        const made = await step.create()
        state.created = made.accessKeyId
        return made
      }
    })
    // The key step's undo, as journaled: forgotten once something may name the new key.
    const removeNew = runner.journal[runner.journal.length - 1]
    await runner.run({
      name: 'GetCallerIdentity with the new key',
      create: () => untilStsAccepts(callerWithKey(region, key), user, io, runner)
    })
    if (options.github) {
      const [idSecret, secretSecret] = state.secrets
      await runner.run({
        name: `gh secret set ${idSecret.name}`,
        create: async () => {
          // The old id is no secret: putting it back makes the pair whole again if this fails.
          if (old) runner.record(restoreSecret(idSecret, old, github, io))
          idSecret.holds = 'unknown'
          await setSecret(idSecret.name, key.accessKeyId, github, io)
          idSecret.holds = 'new'
          return idSecret.name
        },
        describe: name => `Stored the new key's id in the GitHub secret ${name}${where(github)}.`
      })
      // From here the secret key's secret may hold the new key: the key is never removed again.
      if (removeNew) runner.forget(removeNew)
      await runner.run({
        name: `gh secret set ${secretSecret.name}`,
        create: async () => {
          secretSecret.holds = 'unknown'
          await setSecret(secretSecret.name, key.secretAccessKey, github, io)
          secretSecret.holds = 'new'
          for (const undo of [...runner.journal]) runner.forget(undo)
          return secretSecret.name
        },
        describe: name => `Stored the new secret key in the GitHub secret ${name}${where(github)}.`
      })
    }
    const profile = state.profile
    if (profile) {
      await runner.run({
        name: `the profile ${profile.name} of ${profile.file}`,
        create: async () => {
          writeProfileKey(profile.file, profile.name, key)
          profile.holds = 'new'
          if (removeNew) runner.forget(removeNew)
          return profile.name
        },
        describe: name => `Wrote the new key into the profile ${name} of ${profile.file}.`
      })
    }
    if (old) {
      await runner.run({
        name: `UpdateAccessKey ${old} Inactive`,
        create: async () => {
          await iam.updateAccessKey(user, old, 'Inactive')
          state.oldInactive = true
          return old
        },
        describe: id =>
          `Made the old key ${id} Inactive (not deleted: the next rotation deletes it, or ` +
          `rotate access-key --delete-old once it has not been used for ${DELETE_OLD_GRACE_DAYS} days).`
      })
    }
    io.stdout.write(keyReport(state, github).join('\n') + '\n')
  } catch (error) {
    const failedAt = runner.current
    const notUndone = await runner.rollBack()
    if (removeNewJournaled(runner, notUndone, state)) state.newRemoved = true
    const lines = [`rotate access-key failed at ${failedAt}: ${describe(error)}`]
    lines.push('Now:', ...keyReport(state, github).map(line => `  ${line}`))
    if (notUndone.length > 0) {
      lines.push('Could not undo; by hand, in this order:')
      for (const u of notUndone) lines.push(...undoLines(u))
    }
    throw new ActionError(lines.join('\n'), { cause: error })
  } finally {
    runner.stop()
  }
}

/** Whether the rollback removed the new key (its undo was journaled and did not fail). */
function removeNewJournaled(runner: StepRunner, notUndone: Undo[], state: KeyState): boolean {
  const removed = runner.journal.find(
    u => u.what === `the access key ${state.created} of ${state.user}`
  )
  return removed !== undefined && !notUndone.includes(removed)
}

/** `gh secret set` is idempotent (same name, same value): a failure is tried twice more. */
async function setSecret(
  name: string,
  value: string,
  github: GithubTarget,
  io: RotateIo
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await setGithubSecret(name, value, github, io.env)
    } catch (error) {
      if (attempt >= 3) throw error
      io.info(`${describe(error)}: trying again.`)
    }
  }
}

function restoreSecret(
  secret: { name: string; holds: Holds },
  oldId: string,
  github: GithubTarget,
  io: RotateIo
): Undo {
  return {
    what: `the GitHub secret ${secret.name}${where(github)} (back to the old key's id)`,
    commands: [`printf %s ${oldId} | gh secret set ${secret.name}${targetText(github)}`],
    run: async () => {
      await setSecret(secret.name, oldId, github, io)
      secret.holds = 'old'
    }
  }
}

function targetText({ repo, environment }: GithubTarget): string {
  return `${repo ? ` --repo ${repo}` : ''}${environment ? ` --env ${environment}` : ''}`
}

/**
 * IAM is eventually consistent: a new key may be refused for a few seconds (IAM User Guide,
 * "Changes that I make are not always immediately visible"). Asked again for a bounded time;
 * the key must be the user's.
 */
async function untilStsAccepts(
  whoAmI: () => Promise<string>,
  user: string,
  io: RotateIo,
  runner: StepRunner
): Promise<string> {
  const deadline = io.clock.now() + NEW_KEY_WAIT_MS
  for (;;) {
    try {
      const arn = await whoAmI()
      if (!arn.includes(':user/') || !arn.endsWith(`/${user}`)) {
        throw new ActionError(`STS says the new key is ${arn}, not the IAM user ${user}.`)
      }
      io.info(`STS accepts the new key: ${arn}.`)
      return arn
    } catch (error) {
      const name = (error as { name?: string })?.name
      const notYet = name === 'InvalidClientTokenId' || name === 'AccessDenied'
      if (!notYet || io.clock.now() + NEW_KEY_POLL_MS > deadline) {
        throw new ActionError(
          `STS did not accept the new key within ${NEW_KEY_WAIT_MS / 1000} s (${describe(error)}).`,
          { cause: error }
        )
      }
      io.info('STS does not accept the new key yet (IAM takes a few seconds): asking again.')
      await io.clock.sleep(NEW_KEY_POLL_MS)
      runner.check()
    }
  }
}

function keyReport(state: KeyState, github: GithubTarget): string[] {
  const { user, old, created } = state
  const holdsText = (holds: Holds) =>
    holds === 'new'
      ? `the new key${created ? ` ${created}` : ''}`
      : holds === 'old'
        ? old
          ? `the old key ${old}`
          : 'what it held before'
        : 'unknown: gh failed, and may or may not have stored the new value; set it again'
  const lines: string[] = []
  if (created) {
    lines.push(
      state.newRemoved
        ? `access key ${created} of ${user}: deleted again`
        : `access key ${created} of ${user}: Active (new)`
    )
  }
  if (old)
    lines.push(`access key ${old} of ${user}: ${state.oldInactive ? 'Inactive' : 'Active'} (old)`)
  if (state.deletedInactive) {
    lines.push(`access key ${state.deletedInactive} of ${user}: deleted (it was Inactive)`)
  }
  for (const secret of state.secrets) {
    lines.push(`GitHub secret ${secret.name}${where(github)}: ${holdsText(secret.holds)}`)
  }
  if (state.profile) {
    lines.push(
      `profile ${state.profile.name} of ${state.profile.file}: ${holdsText(state.profile.holds)}`
    )
  }
  const unknown = state.secrets.find(s => s.holds === 'unknown')
  if (created && !state.newRemoved && unknown) {
    lines.push(
      `If gh did not store ${unknown.name} (most likely when it failed), nothing holds the new ` +
        `key: delete it (aws iam delete-access-key --user-name ${user} --access-key-id ` +
        `${created}) and run rotate again. Never leave the secrets naming two different keys.`
    )
  } else if (created && !state.newRemoved && old && !state.oldInactive) {
    lines.push(
      `Both keys are Active. Once every place above holds the new key, make the old one Inactive: ` +
        `aws iam update-access-key --user-name ${user} --access-key-id ${old} --status Inactive`
    )
  }
  return lines
}

/** `--delete-old`: the Inactive keys, deleted once unused for the grace period. */
async function deleteOldKeys(iam: Iam, options: AccessKeyRotation, io: RotateIo): Promise<void> {
  const user = options.userName
  await workingAs(iam, user, io)
  const keys = await reach(`list the access keys of ${user}`, () => iam.accessKeys(user))
  const inactive = keys.filter(k => k.status !== 'Active').map(k => k.accessKeyId)
  if (inactive.length === 0) {
    io.stdout.write(`No Inactive access key of ${user}: nothing to delete.\n`)
    return
  }
  const graceMs = DELETE_OLD_GRACE_DAYS * 24 * 3600 * 1000
  const problems: string[] = []
  for (const id of inactive) {
    const used = await reach(`read when ${id} was last used`, () => iam.accessKeyLastUsed(id))
    if (used && io.clock.now() - used.getTime() < graceMs) {
      problems.push(
        `The Inactive key ${id} of ${user} was last used ${used.toISOString()}, less than ` +
          `${DELETE_OLD_GRACE_DAYS} days ago: kept, so that it can be made Active again if ` +
          'something still needs it. Run --delete-old again later.'
      )
    }
  }
  if (problems.length > 0) throw new InputError(problems)
  const runner = newRunner(io)
  runner.start()
  try {
    for (const id of inactive) {
      await runner.run({
        name: `DeleteAccessKey ${id}`,
        create: async () => {
          await iam.deleteAccessKey(user, id)
          return id
        },
        describe: () => `Deleted the Inactive access key ${id} of ${user}.`
      })
    }
  } catch (error) {
    throw new ActionError(
      `rotate access-key --delete-old failed at ${runner.current}: ${describe(error)}`,
      {
        cause: error
      }
    )
  } finally {
    runner.stop()
  }
}

// ---------------------------------------------------------------------------------------------
// The shared credentials file: one profile's two keys replaced, everything else kept

/** The profile's aws_access_key_id; problems if the file cannot be used. */
function readProfileKey(file: string, profile: string, problems: string[]): string | undefined {
  const refuse = (why: string) => {
    problems.push(`--credentials-profile ${profile}: ${why}`)
    return undefined
  }
  try {
    checkPrivateFolder(dirname(file))
  } catch (error) {
    return refuse((error as Error).message)
  }
  let read
  try {
    read = readNoFollow(file)
  } catch (error) {
    return refuse(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error}).`)
  }
  if (read === undefined) return refuse(`${file} does not exist.`)
  const ini = splitIni(read.content)
  const parsed = parseIni(ini.lines)
  if (parsed.problems.length > 0) {
    return refuse(`${file} is not one the AWS CLI can read (${parsed.problems.join('; ')}).`)
  }
  const section = parsed.sections.find(s => credentialsProfile(profile)(s.name))
  if (!section) return refuse(`${file} has no profile [${profile}].`)
  const id = sectionValues(ini.lines, section)['aws_access_key_id']
  if (!id) return refuse(`the profile [${profile}] of ${file} has no aws_access_key_id.`)
  return id
}

const KEY_OPTION = /^\s*(aws_access_key_id|aws_secret_access_key)\s*[=:]/i

/**
 * The file with the profile's aws_access_key_id and aws_secret_access_key lines (and their
 * continuation lines) replaced, every other line and line end kept; written to a new file and
 * renamed over the old one (writeFileReplacing), with the old one's mode.
 */
function writeProfileKey(
  file: string,
  profile: string,
  key: { accessKeyId: string; secretAccessKey: string }
): void {
  const read = readNoFollow(file)
  if (read === undefined) throw new Error(`${file} is gone.`)
  const ini = splitIni(read.content)
  const section = parseIni(ini.lines).sections.find(s => credentialsProfile(profile)(s.name))
  if (!section) throw new Error(`${file} has no profile [${profile}] any more.`)
  const values: Record<string, string> = {
    aws_access_key_id: key.accessKeyId,
    aws_secret_access_key: key.secretAccessKey
  }
  const lines: string[] = []
  const ends: string[] = []
  const eol = ini.ends.find(end => end !== '') ?? '\n'
  const written = new Set<string>()
  for (let i = 0; i < ini.lines.length; i++) {
    const line = ini.lines[i]
    const match = i > section.header && i < section.last ? KEY_OPTION.exec(line) : null
    if (!match) {
      lines.push(line)
      ends.push(ini.ends[i])
      continue
    }
    const name = match[1].toLowerCase()
    lines.push(`${name} = ${values[name]}`)
    ends.push(ini.ends[i] || eol)
    written.add(name)
    // Its continuation lines (indented deeper) belonged to the old value.
    const indent = line.search(/\S/)
    while (
      i + 1 < section.last &&
      ini.lines[i + 1].trim() !== '' &&
      ini.lines[i + 1].search(/\S/) > indent
    ) {
      i++
    }
  }
  const missing = Object.keys(values).filter(name => !written.has(name))
  if (missing.length > 0) {
    const at = lines.indexOf(ini.lines[section.header]) + 1
    lines.splice(at, 0, ...missing.map(name => `${name} = ${values[name]}`))
    ends.splice(at, 0, ...missing.map(() => eol))
  }
  writeFileReplacing(file, lines.map((line, i) => line + ends[i]).join(''), read.mode ?? 0o600)
}

// ---------------------------------------------------------------------------------------------
// MFA devices

async function rotateDevice(iam: Iam, options: DeviceRotation, io: RotateIo): Promise<void> {
  const user = options.userName
  const seedFile = options.seedFile && resolve(options.seedFile)
  const github: GithubTarget = { repo: options.githubRepo, environment: options.githubEnvironment }
  const problems = seedFile ? seedFileProblems(seedFile) : []
  if (options.githubSecret) {
    const gh = await githubProblems(github, io.env)
    problems.push(...gh.problems)
    if (gh.names.includes(options.githubSecret)) {
      problems.push(
        `The GitHub secret ${options.githubSecret} exists already${where(github)}: the new seed ` +
          'goes under a new name, so that no job gets it before the workflow names the new ' +
          'device too. Give another --github-secret (e.g. with a date in it).'
      )
    }
  }
  if (problems.length > 0) throw new InputError(problems)
  await workingAs(iam, user, io)
  const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user))
  if (serials.length >= 8) {
    problems.push(
      `The IAM user ${user} has ${serials.length} MFA devices, the most IAM allows: retire one ` +
        'first (rotate mfa-device --retire SERIAL).'
    )
  }
  const devices = await reach('list the virtual MFA devices', () => iam.virtualMfaDevices())
  const taken = devices.find(d => d.serial.endsWith(`:mfa/${options.deviceName}`))
  if (taken) {
    problems.push(
      `An MFA device named ${options.deviceName} exists already (${taken.serial}): give another ` +
        '--device-name.'
    )
  }
  if (problems.length > 0) throw new InputError(problems)

  const runner = newRunner(io)
  runner.start()
  try {
    const device = await runner.run(deviceStep(iam, options, seedFile, io))
    await runner.run(enableStep(iam, user, device, io, runner))
    // Verified before anything points at it: IAM lists it as the user's.
    await runner.run({
      name: 'ListMFADevices',
      create: async () => {
        if (!(await iam.mfaDevices(user)).includes(device.serial)) {
          throw new ActionError(`IAM does not list ${device.serial} among ${user}'s devices.`)
        }
        return device.serial
      },
      describe: serial => `IAM lists ${serial} as a device of ${user}.`
    })
    if (options.githubSecret) {
      await runner.run(secretStep(options.githubSecret, device.seed, github, false, io, () => {}))
    }
    io.stdout.write(deviceReport(options, device.serial, serials, github).join('\n') + '\n')
  } catch (error) {
    const notUndone = await runner.rollBack()
    const lines = [`rotate mfa-device failed at ${runner.current}: ${describe(error)}`]
    if (runner.journal.length > 0 && notUndone.length === 0) {
      lines.push('Everything this run created was removed again; the old device is untouched.')
    }
    if (notUndone.length > 0) {
      lines.push('Could not undo; remove by hand, in this order:')
      for (const u of notUndone) lines.push(...undoLines(u))
    }
    throw new ActionError(lines.join('\n'), { cause: error })
  } finally {
    runner.stop()
  }
}

function deviceReport(
  options: DeviceRotation,
  serial: string,
  before: string[],
  github: GithubTarget
): string[] {
  const seed = options.githubSecret
    ? `\${{ secrets.${options.githubSecret} }}`
    : `\${{ secrets.NEW_NAME }} # gh secret set NEW_NAME < ${options.seedFile}`
  return [
    `mfa-serial: ${serial}`,
    '',
    '# Change both lines of the workflow step in ONE commit: a run uses the serial and the seed',
    '# secret its commit names, so no job ever gets one without the other.',
    `          mfa-serial: ${serial}`,
    `          mfa-seed: ${seed}`,
    '',
    '# Once no run of an older commit will start again (or be re-run), retire the old device:',
    ...before.map(
      old =>
        `aws-assume-role-mfa rotate mfa-device --user-name ${options.userName} --retire ${old}` +
        `${targetText(github)} --delete-secret OLD_SEED_SECRET`
    ),
    ''
  ]
}

async function retireDevice(
  iam: Iam,
  options: DeviceRotation,
  serial: string,
  io: RotateIo
): Promise<void> {
  const user = options.userName
  const github: GithubTarget = { repo: options.githubRepo, environment: options.githubEnvironment }
  const problems: string[] = []
  if (options.deleteSecret) {
    const gh = await githubProblems(github, io.env)
    problems.push(...gh.problems)
    if (gh.problems.length === 0 && !gh.names.includes(options.deleteSecret)) {
      problems.push(`No GitHub secret ${options.deleteSecret}${where(github)} to delete.`)
    }
  }
  const naming = workflowsNaming(serial, io.cwd)
  if (naming.length > 0) {
    problems.push(
      `${naming.join(', ')} still name${naming.length > 1 ? '' : 's'} ${serial}: switch them to the ` +
        "new device (its serial and its seed's secret, in one commit) before retiring the old one."
    )
  }
  if (problems.length > 0) throw new InputError(problems)
  await workingAs(iam, user, io)
  const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user))
  const enabled = serials.includes(serial)
  const unassigned = (await reach('list the virtual MFA devices', () => iam.virtualMfaDevices()))
    .filter(d => d.user === undefined)
    .some(d => d.serial === serial)
  if (!enabled && !unassigned) {
    problems.push(`${serial} is not a device of ${user}, nor an unassigned one: check --retire.`)
  } else if (enabled && serials.length < 2) {
    problems.push(
      `${serial} is the only MFA device of ${user}: without it the role cannot be assumed. Make ` +
        'the new device first (rotate mfa-device --github-secret NEW_NAME).'
    )
  }
  if (problems.length > 0) throw new InputError(problems)

  const runner = newRunner(io)
  runner.start()
  const done: string[] = []
  try {
    // No undo: a deactivated device comes back only with two codes from its seed.
    if (enabled) {
      await runner.run({
        name: 'DeactivateMFADevice',
        create: async () => {
          await iam.deactivateMfaDevice(user, serial)
          done.push(`deactivated ${serial}`)
          return serial
        },
        describe: () => `Deactivated ${serial} for ${user}.`
      })
    }
    await runner.run({
      name: 'DeleteVirtualMFADevice',
      create: async () => {
        await iam.deleteVirtualMfaDevice(serial)
        done.push(`deleted ${serial}`)
        return serial
      },
      describe: () => `Deleted the MFA device ${serial}.`
    })
    const secret = options.deleteSecret
    if (secret) {
      await runner.run({
        name: `gh secret delete ${secret}`,
        create: async () => {
          await deleteGithubSecret(secret, github, io.env)
          done.push(`deleted the GitHub secret ${secret}${where(github)}`)
          return secret
        },
        describe: () => `Deleted the GitHub secret ${secret}${where(github)}.`
      })
    }
    io.stdout.write(`Retired ${serial}.\n`)
  } catch (error) {
    const left: string[] = []
    if (!done.includes(`deleted ${serial}`)) {
      if (enabled && !done.includes(`deactivated ${serial}`)) {
        left.push(`aws iam deactivate-mfa-device --user-name ${user} --serial-number ${serial}`)
      }
      left.push(`aws iam delete-virtual-mfa-device --serial-number ${serial}`)
    }
    const secret = options.deleteSecret
    if (secret && !done.some(d => d.includes('GitHub secret'))) {
      left.push(deleteSecretCommand(secret, github))
    }
    throw new ActionError(
      [
        `rotate mfa-device --retire failed at ${runner.current}: ${describe(error)}`,
        `Done: ${done.length > 0 ? done.join('; ') : 'nothing'}.`,
        ...(left.length > 0 ? ['Left, to finish by hand in this order:'] : []),
        ...left.map(command => `  ${command}`)
      ].join('\n'),
      { cause: error }
    )
  } finally {
    runner.stop()
  }
}

/** The workflow files of the clone in `cwd` that name the serial (nothing else can be seen). */
function workflowsNaming(serial: string, cwd: string): string[] {
  const folder = join(cwd, '.github', 'workflows')
  if (!existsSync(folder)) return []
  // The serial whole: mfa/ci-deploy is not named by mfa/ci-deploy-2.
  const escaped = serial.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
  const named = new RegExp(`${escaped}(?![\\w+=,.@/-])`)
  try {
    return readdirSync(folder)
      .filter(name => /\.ya?ml$/.test(name))
      .filter(name => named.test(readFileSync(join(folder, name), 'utf8')))
      .map(name => join('.github', 'workflows', name))
  } catch {
    return []
  }
}
