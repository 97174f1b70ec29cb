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
import { CREDENTIAL_VARIABLES } from '../engine/credentials.js'
import {
  githubProblems,
  seedFileProblems,
  setGithubSecret,
  writeSeedFile,
  type GithubTarget
} from './seed-store.js'
import { assumeRolePolicy, trustFits, trustPolicy, userPolicyName } from './trust-policy.js'

/**
 * `aws-assume-role-mfa init`: checks → creates (device, seed file, user, role, policy, enabled
 * device, key) → stores the seed → prints the ARNs and a workflow step. Everything that can be
 * checked is checked before the first creation, so a refusal leaves nothing; a failure after it
 * undoes what this run created, newest first, and names what it could not undo.
 */
export interface InitIo {
  /** The process's environment: gh inherits it; the AWS SDK reads process.env itself. */
  env: NodeJS.ProcessEnv
  stdout: NodeJS.WritableStream
  clock: Clock
  /** Standard error, masking what it is told to (the seed, the secret key). */
  info(message: string): void
  mask(secret: string): void
}

/** Something this run created, and how to remove it (by the run, or by hand). */
interface Undo {
  what: string
  command: string
  run(): Promise<void>
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
  if (options.githubSecret) problems.push(...(await githubProblems(github, io.env)))
  if (problems.length > 0) throw new InputError(problems)

  const region =
    options.region || io.env.AWS_REGION || io.env.AWS_DEFAULT_REGION || IAM_DEFAULT_REGION
  const iam = iamCalls(adminClients(region, options.profile))
  const plan = await lookUp(iam, options, io)

  const undo: Undo[] = []
  const secretsSet: string[] = []
  let seedWritten = false
  let step = 'CreateVirtualMFADevice'
  const interruption = new Interruption(io.info)
  /** The next step: unless interrupted, which stops here and undoes. */
  const at = (name: string) => {
    interruption.check()
    step = name
  }
  interruption.start()
  try {
    const device = await createDevice(iam, options)
    io.mask(device.seed)
    const { serial } = device
    undo.push({
      what: `the MFA device ${serial}`,
      command: `aws iam delete-virtual-mfa-device --serial-number ${serial}`,
      run: () => iam.deleteVirtualMfaDevice(serial)
    })
    io.info(`Created the virtual MFA device ${serial}.`)
    if (seedFile) {
      at(`writing ${seedFile}`)
      writeSeedFile(seedFile, device.seed)
      seedWritten = true
      io.info(`Wrote its seed to ${seedFile} (mode 600).`)
    }
    const user = options.userName
    let userArn = plan.userArn
    if (!plan.userExists) {
      at('CreateUser')
      userArn = await iam.createUser(user)
      undo.push({
        what: `the IAM user ${user}`,
        command: `aws iam delete-user --user-name ${user}`,
        run: () => iam.deleteUser(user)
      })
      io.info(`Created the IAM user ${userArn} (it had none).`)
    }
    let roleArn = plan.roleArn
    const roleName = options.roleName
    if (roleName) {
      if (!roleArn) {
        at('CreateRole')
        const policy = trustPolicy(userArn, options.mfaMaxAgeSeconds)
        roleArn = await untilPrincipalVisible(
          () => iam.createRole(roleName, policy),
          io,
          () => interruption.check()
        )
        undo.push({
          what: `the role ${roleName}`,
          command: `aws iam delete-role --role-name ${roleName}`,
          run: () => iam.deleteRole(roleName)
        })
        io.info(`Created the role ${roleArn}: it trusts ${userArn}, with MFA only.`)
      }
      at('PutUserPolicy')
      const policy = userPolicyName(roleName)
      await iam.putUserPolicy(user, policy, assumeRolePolicy(roleArn))
      undo.push({
        what: `the policy ${policy} of ${user}`,
        command: `aws iam delete-user-policy --user-name ${user} --policy-name ${policy}`,
        run: () => iam.deleteUserPolicy(user, policy)
      })
      io.info(`Allowed ${user} sts:AssumeRole on ${roleArn} only (inline policy ${policy}).`)
    }

    at('EnableMFADevice')
    const totp: TotpParams = { secret: device.seed, ...AWS_TOTP_DEFAULTS }
    const [code1, code2] = await consecutiveCodes(totp, io, () => interruption.check())
    await iam.enableMfaDevice(user, serial, code1, code2)
    undo.push({
      what: `the MFA device ${serial} enabled for ${user}`,
      command: `aws iam deactivate-mfa-device --user-name ${user} --serial-number ${serial}`,
      run: () => iam.deactivateMfaDevice(user, serial)
    })
    io.info(`Enabled ${serial} for ${user}.`)

    let key: { accessKeyId: string; secretAccessKey: string } | undefined
    if (options.createAccessKey) {
      at('CreateAccessKey')
      key = await iam.createAccessKey(user)
      io.mask(key.secretAccessKey)
      const { accessKeyId } = key
      undo.push({
        what: `the access key ${accessKeyId} of ${user}`,
        command: `aws iam delete-access-key --user-name ${user} --access-key-id ${accessKeyId}`,
        run: () => iam.deleteAccessKey(user, accessKeyId)
      })
      io.info(`Created the access key ${accessKeyId} for ${user}.`)
    }
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
        at(`gh secret set ${name}`)
        await setGithubSecret(name, value, github, io.env)
        secretsSet.push(name)
        io.info(`Stored GitHub secret ${name}${where(github)}.`)
      }
    }
    io.stdout.write(
      summary({ serial, roleArn, userArn, region, options, keySecrets: key !== undefined })
    )
  } catch (error) {
    const notUndone = await rollBack(undo, io)
    const lines = [`init failed at ${step}: ${describe(error)}`]
    if (undo.length > 0 && notUndone.length === 0) {
      lines.push('Everything this run created in AWS was removed again.')
    }
    const deviceKept = notUndone.some(u => u.what.startsWith('the MFA device'))
    if (seedWritten && seedFile) {
      if (deviceKept) {
        lines.push(`The seed is kept in ${seedFile}: the device it belongs to still exists.`)
      } else {
        try {
          unlinkSync(seedFile)
        } catch {
          notUndone.push({
            what: `the seed file ${seedFile}`,
            command: `rm ${seedFile}`,
            run: noop
          })
        }
      }
    }
    for (const name of secretsSet) {
      notUndone.push({
        what: `the GitHub secret ${name}, which now holds a value that no longer works`,
        command: `gh secret delete ${name}${github.repo ? ` --repo ${github.repo}` : ''}${github.environment ? ` --env ${github.environment}` : ''}`,
        run: noop
      })
    }
    if (notUndone.length > 0) {
      lines.push('Could not undo, do it by hand:')
      for (const u of notUndone) lines.push(`  ${u.what}: ${u.command}`)
    }
    throw new ActionError(lines.join('\n'), { cause: error })
  } finally {
    interruption.stop()
  }
}

/**
 * Ctrl-C (or SIGTERM) while things are being created: the run stops at the next step (within a
 * second while it waits for a window) and undoes what it created. A second signal is not caught:
 * it ends the process at once, undoing nothing more.
 */
class Interruption {
  private signal?: string
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.stop()
    this.signal = signal
    this.info(`${signal}: stopping, and undoing what this run created (again to stop at once).`)
  }

  constructor(private readonly info: (message: string) => void) {}

  start() {
    process.on('SIGINT', this.onSignal)
    process.on('SIGTERM', this.onSignal)
  }

  stop() {
    process.off('SIGINT', this.onSignal)
    process.off('SIGTERM', this.onSignal)
  }

  check() {
    if (this.signal) throw new ActionError(`Interrupted by ${this.signal}.`)
  }
}

const noop = async () => {}

/** What exists already, found without changing anything. Refuses what init cannot do cleanly. */
async function lookUp(iam: Iam, options: InitOptions, io: InitIo) {
  const reach = async <T>(what: string, call: () => Promise<T>): Promise<T> => {
    try {
      return await call()
    } catch (error) {
      throw new ActionError(
        `Cannot ${what} (${describe(error)}). Nothing was created. init needs an administrator's ` +
          'credentials (the AWS SDK default chain, or --profile) allowed to manage IAM users, MFA ' +
          'devices and roles.',
        { cause: error }
      )
    }
  }
  const caller = await reach('reach AWS as the administrator', () => iam.callerArn())
  io.info(`Working as ${caller.arn}.`)
  const partition = caller.arn.split(':')[1] || 'aws'
  const user = options.userName
  const existing = await reach(`read the IAM user ${user}`, () => iam.userArn(user))
  const userArn = existing ?? `arn:${partition}:iam::${caller.account}:user/${user}`
  const problems: string[] = []
  if (existing) {
    const serials = await reach(`list the MFA devices of ${user}`, () => iam.mfaDevices(user))
    const same = serials.find(serial => serial.endsWith(`:mfa/${options.deviceName}`))
    if (same) {
      problems.push(
        `The IAM user ${user} already has the MFA device ${same}: a device's seed cannot be read ` +
          'back, so init does not reuse it. Give another --device-name, or remove that device ' +
          `first (aws iam deactivate-mfa-device --user-name ${user} --serial-number ${same}, ` +
          `then aws iam delete-virtual-mfa-device --serial-number ${same}).`
      )
    } else if (serials.length >= 8) {
      problems.push(`The IAM user ${user} has 8 MFA devices, the most IAM allows.`)
    }
  }
  let roleArn: string | undefined
  if (options.roleName) {
    const roleName = options.roleName
    const role = await reach(`read the role ${roleName}`, () => iam.role(roleName))
    if (role && !trustFits(role.trustPolicy, userArn)) {
      problems.push(
        `The role ${role.arn} exists, and its trust policy does not let ${userArn} assume it ` +
          'with MFA. init leaves an existing role alone: add this statement to its trust policy ' +
          `(IAM > Roles > ${roleName} > Trust relationships), then run init again:\n` +
          trustStatement(userArn, options.mfaMaxAgeSeconds)
      )
    }
    roleArn = role?.arn
  }
  if (problems.length > 0) throw new InputError(problems)
  return { userExists: existing !== undefined, userArn, roleArn }
}

function trustStatement(userArn: string, maxAge: number): string {
  const policy = JSON.parse(trustPolicy(userArn, maxAge)) as { Statement: unknown[] }
  return JSON.stringify(policy.Statement[0], null, 2)
}

async function createDevice(iam: Iam, options: InitOptions) {
  try {
    return await iam.createVirtualMfaDevice(options.deviceName)
  } catch (error) {
    if (!isAlreadyExists(error)) throw error
    throw new InputError([
      `An MFA device named ${options.deviceName} exists in this account already (left unassigned ` +
        'by an earlier attempt, or assigned to another user). Give another --device-name, or ' +
        'delete that device (aws iam list-virtual-mfa-devices shows it; ' +
        'aws iam delete-virtual-mfa-device removes it).'
    ])
  }
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

function where({ repo, environment }: GithubTarget): string {
  const place = repo ? ` of ${repo}` : ''
  return environment ? `${place} (environment ${environment})` : place
}

/** Undoes newest first; returns what could not be undone. */
async function rollBack(undo: Undo[], io: InitIo): Promise<Undo[]> {
  const failed: Undo[] = []
  for (const step of [...undo].reverse()) {
    try {
      await step.run()
      io.info(`Rolled back: removed ${step.what}.`)
    } catch (error) {
      io.info(`Could not remove ${step.what}: ${describe(error)}`)
      failed.push(step)
    }
  }
  return failed
}

function describe(error: unknown): string {
  if (error instanceof InputError) return error.problems.join(' ')
  if (error instanceof ActionError) return error.message
  const e = error as { name?: string; message?: string; code?: string }
  const name = e?.name && e.name !== 'Error' ? `${e.name}: ` : ''
  return `${name}${e?.message ?? String(error)}`
}
