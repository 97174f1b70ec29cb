import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { ActionError, InputError } from '../engine/errors.js'
import type { Iam } from './iam.js'
import { deviceStep, enableStep, secretStep, where } from './init.js'
import type { DeviceRotation } from './rotate-options.js'
import { newRunner, reach, targetText, workingAs, type RotateIo } from './rotate-admin.js'
import {
  deleteGithubSecret,
  deleteSecretCommand,
  githubProblems,
  seedFileProblems,
  type GithubTarget
} from './seed-store.js'
import { describe, notUndoneLines } from './steps.js'

/**
 * `rotate mfa-device`: a new device under a new name, enabled with two consecutive codes and
 * checked with ListMFADevices, its seed under a new secret name: nothing points at it until the
 * workflow's serial and seed's secret change in one commit, so no job ever holds a serial and a
 * seed that do not match. `--retire SERIAL` then deactivates and deletes the old device.
 */

export async function rotateDevice(iam: Iam, options: DeviceRotation, io: RotateIo): Promise<void> {
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
    lines.push(...notUndoneLines(notUndone))
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
    '# Once no run of an older commit will start again (or be re-run), retire the device it',
    '# replaces (one of these):',
    ...before.map(
      old =>
        `aws-assume-role-mfa rotate mfa-device --user-name ${options.userName} --retire ${old}` +
        `${targetText(github)} --delete-secret OLD_SEED_SECRET`
    ),
    ''
  ]
}

export async function retireDevice(
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
