import { join, resolve } from 'node:path'
import { CREDENTIAL_VARIABLES } from '../engine/credentials.js'
import { ActionError, InputError } from '../engine/errors.js'
import { readProfileKey, writeProfileKey } from './credentials-file.js'
import { adminClients, callerWithKey, IAM_DEFAULT_REGION, iamCalls, type Iam } from './iam.js'
import { keyStep, where } from './init.js'
import { newRunner, reach, targetText, workingAs, type RotateIo } from './rotate-admin.js'
import { retireDevice, rotateDevice } from './rotate-device.js'
import {
  DELETE_OLD_GRACE_DAYS,
  parseRotateCommandLine,
  ROTATE_HELP,
  type AccessKeyRotation,
  type DeviceRotation
} from './rotate-options.js'
import { githubProblems, setGithubSecret, type GithubTarget } from './seed-store.js'
import { describe, notUndoneLines, StepRunner, type Undo } from './steps.js'
import type { CommandContext } from './command.js'

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
 * mfa-device: rotate-device.ts. One profile of the shared credentials file: credentials-file.ts.
 */

/** The command (`rotate access-key …`, `rotate mfa-device …`), as main.ts runs it. */
export async function run(argv: string[], { io, log }: CommandContext): Promise<number> {
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
    // Not only removals: a secret may have to be set back to the old key's id.
    lines.push(...notUndoneLines(notUndone, 'Could not undo; by hand, in this order:'))
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
