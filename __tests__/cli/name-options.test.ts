/**
 * The names init and rotate both take (init-options.ts, rotate-options.ts): the same rules and
 * the same messages, whichever command is given them.
 */
import { describe, expect, it } from '@jest/globals'
import { InputError } from '../../src/engine/errors.js'
import { parseInitCommandLine } from '../../src/cli/init-options.js'
import { parseRotateCommandLine } from '../../src/cli/rotate-options.js'

const TODAY = new Date('2026-01-31T12:00:00Z')

/** Every problem the parser reports, all at once; none when it accepts. */
function problems(parse: () => unknown): string[] {
  try {
    parse()
    return []
  } catch (error) {
    if (!(error instanceof InputError)) throw error
    return error.problems
  }
}

const init = (...argv: string[]) => problems(() => parseInitCommandLine(argv))
const accessKey = (...argv: string[]) =>
  problems(() => parseRotateCommandLine(['access-key', ...argv], TODAY))
const device = (...argv: string[]) =>
  problems(() => parseRotateCommandLine(['mfa-device', ...argv], TODAY))

describe('the names init and rotate share', () => {
  it('accept valid names, trimmed', () => {
    expect(
      init('--user-name', ' ci ', '--github-secret', 'AWS_MFA_SEED', '--github-repo', 'o/r')
    ).toEqual([])
    expect(accessKey('--user-name', 'ci', '--github-repo', 'o/r')).toEqual([])
    expect(device('--user-name', 'ci', '--github-secret', 'AWS_MFA_SEED_2')).toEqual([])
  })

  it.each([
    ['init', () => init('--github-secret', 'S')],
    ['rotate access-key', () => accessKey()],
    ['rotate mfa-device', () => device('--github-secret', 'S')]
  ])('%s: --user-name is required', (_name, run) => {
    expect(run()).toEqual([
      'Option --user-name is required: the IAM user the workflow signs in as.'
    ])
  })

  it.each([
    ['init', () => init('--user-name', 'a b', '--device-name', 'd', '--github-secret', 'S')],
    ['rotate access-key', () => accessKey('--user-name', 'a b')],
    [
      'rotate mfa-device',
      () => device('--user-name', 'a b', '--device-name', 'd', '--github-secret', 'S')
    ]
  ])("%s: --user-name follows IAM's rule for user names", (_name, run) => {
    expect(run()).toEqual(["Invalid --user-name 'a b': 1 to 64 letters, digits and +=,.@_- only."])
  })

  it.each([
    ['init', () => init('--user-name', 'ci', '--device-name', 'd/1', '--github-secret', 'S')],
    [
      'rotate mfa-device',
      () => device('--user-name', 'ci', '--device-name', 'd/1', '--github-secret', 'S')
    ]
  ])("%s: --device-name follows IAM's rule for device names", (_name, run) => {
    expect(run()).toEqual([
      "Invalid --device-name 'd/1': 1 to 226 letters, digits and +=,.@_- only."
    ])
  })

  it.each([
    ['init', 'github-secret', () => init('--user-name', 'ci', '--github-secret', 'GITHUB_X')],
    [
      'rotate mfa-device',
      'github-secret',
      () => device('--user-name', 'ci', '--github-secret', 'GITHUB_X')
    ],
    [
      'rotate access-key',
      'access-key-id-secret',
      () => accessKey('--user-name', 'ci', '--access-key-id-secret', 'GITHUB_X')
    ],
    [
      'rotate access-key',
      'secret-access-key-secret',
      () => accessKey('--user-name', 'ci', '--secret-access-key-secret', 'GITHUB_X')
    ],
    [
      'rotate mfa-device',
      'delete-secret',
      () =>
        device(
          '--user-name',
          'ci',
          '--retire',
          'arn:aws:iam::123456789012:mfa/old',
          '--delete-secret',
          'GITHUB_X'
        )
    ]
  ])('%s: --%s is a GitHub secret name', (_name, option, run) => {
    expect(run()).toEqual([
      `Invalid --${option} 'GITHUB_X': letters, digits and _, not starting with a digit or GITHUB_.`
    ])
  })

  it.each([
    ['init', () => init('--user-name', 'ci', '--github-secret', 'S', '--github-repo', 'repo')],
    ['rotate access-key', () => accessKey('--user-name', 'ci', '--github-repo', 'repo')]
  ])('%s: --github-repo is OWNER/REPO', (_name, run) => {
    expect(run()).toEqual(["Invalid --github-repo 'repo'. Expected OWNER/REPO."])
  })

  it('reports them together, in the order of the options', () => {
    expect(accessKey('--user-name', 'a b', '--github-repo', 'repo')).toEqual([
      "Invalid --user-name 'a b': 1 to 64 letters, digits and +=,.@_- only.",
      "Invalid --github-repo 'repo'. Expected OWNER/REPO."
    ])
  })
})
