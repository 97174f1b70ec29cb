import { InputError } from '../engine/errors.js'
import type { Iam } from './iam.js'
import type { InitIo } from './init.js'
import type { GithubTarget } from './seed-store.js'
import { readBeforeSteps, StepRunner } from './steps.js'

/** What both rotations (rotate.ts, rotate-device.ts) share: their surroundings and first checks. */
export interface RotateIo extends InitIo {
  /** For the shared credentials file's default place, ~/.aws/credentials. */
  home: string
  /** Where to look for workflows that still name a device (.github/workflows). */
  cwd: string
}

/** An IAM read before anything changed: a failure says that nothing was. */
export function reach<T>(what: string, call: () => Promise<T>): Promise<T> {
  return readBeforeSteps(
    what,
    call,
    "Nothing was changed. rotate needs an administrator's credentials (the AWS SDK default " +
      'chain, or --profile) allowed to manage IAM users, their access keys and MFA devices.'
  )
}

export async function workingAs(iam: Iam, user: string, io: RotateIo): Promise<void> {
  const caller = await reach('reach AWS as the administrator', () => iam.callerArn())
  io.info(`Working as ${caller.arn}.`)
  if ((await reach(`read the IAM user ${user}`, () => iam.userArn(user))) === undefined) {
    throw new InputError([`There is no IAM user ${user} in this account: check --user-name.`])
  }
}

export function newRunner(io: RotateIo): StepRunner {
  return new StepRunner({ info: io.info, exit: io.exit ?? (code => process.exit(code)) })
}

/** ` --repo R --env E`, as gh takes them, for commands a person runs. */
export function targetText({ repo, environment }: GithubTarget): string {
  return `${repo ? ` --repo ${repo}` : ''}${environment ? ` --env ${environment}` : ''}`
}
