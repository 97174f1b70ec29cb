import { spawn } from 'node:child_process'
import { closeSync, constants, fchmodSync, lstatSync, openSync, statSync, writeSync } from 'node:fs'
import { dirname } from 'node:path'

/**
 * Where `init` puts the seed (and, when asked, the new access key): a file of the caller's own,
 * and GitHub secrets through the GitHub CLI. The seed is never an argument of a command (`ps`
 * and shell history would keep it): gh reads it on standard input.
 */

/** Problems with --seed-file that are known before anything is created; none when it is usable. */
export function seedFileProblems(path: string): string[] {
  try {
    lstatSync(path)
    return [
      `--seed-file ${path} exists, and is never overwritten: name a file that does not exist yet ` +
        '(it may hold the seed of another device).'
    ]
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      return [`Cannot check --seed-file ${path} (${(error as NodeJS.ErrnoException).code}).`]
    }
  }
  try {
    if (!statSync(dirname(path)).isDirectory()) throw new Error('ENOTDIR')
  } catch {
    return [`--seed-file ${path}: its folder ${dirname(path)} does not exist; create it first.`]
  }
  return []
}

/**
 * Creates the file, readable and writable by its owner only, and writes the seed. It must not
 * exist: O_EXCL refuses an existing file and any symlink (even one to nowhere, which O_CREAT
 * would otherwise follow), so two runs cannot both write it and a planted link cannot redirect it.
 */
export function writeSeedFile(path: string, seed: string): void {
  // Windows has neither the flag nor the mode bits; O_EXCL alone is honoured there.
  const noFollow = constants.O_NOFOLLOW ?? 0
  const fd = openSync(
    path,
    constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | noFollow,
    0o600
  )
  try {
    // The mode given to open is reduced by the umask, never raised: set it outright.
    if (process.platform !== 'win32') fchmodSync(fd, 0o600)
    writeSync(fd, `${seed}\n`)
  } finally {
    closeSync(fd)
  }
}

/** Where the GitHub secrets go: the repository (gh's default: the clone's), and an environment. */
export interface GithubTarget {
  repo?: string
  environment?: string
}

export interface GhResult {
  code: number | null
  stderr: string
  /** Set when gh could not be started at all (ENOENT: not installed). */
  error?: NodeJS.ErrnoException
}

/** gh is bounded: a hung login prompt or network must not hold `init` (and its rollback) forever. */
export const GH_TIMEOUT_MS = 60_000

/** Runs gh with `input` on standard input; its standard output is dropped, its errors kept. */
export function runGh(
  args: string[],
  env: NodeJS.ProcessEnv,
  input = '',
  timeoutMs = GH_TIMEOUT_MS
): Promise<GhResult> {
  return new Promise(resolve => {
    const child = spawn('gh', args, {
      env: { ...env, GH_PROMPT_DISABLED: '1' },
      stdio: ['pipe', 'ignore', 'pipe'],
      timeout: timeoutMs
    })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('error', error => resolve({ code: null, stderr, error }))
    child.on('close', code => resolve({ code, stderr: stderr.trim() }))
    child.stdin.on('error', () => {}) // gh may exit before reading: its exit code says why
    child.stdin.end(input)
  })
}

const targetArgs = ({ repo, environment }: GithubTarget) => [
  ...(repo ? ['--repo', repo] : []),
  ...(environment ? ['--env', environment] : [])
]

/**
 * Problems found before anything is created: gh missing, not signed in, or unable to list the
 * secrets of the target (no access to the repository, or no repository in this folder).
 */
export async function githubProblems(target: GithubTarget, env: NodeJS.ProcessEnv) {
  const auth = await runGh(['auth', 'status'], env)
  if (auth.error?.code === 'ENOENT') {
    return [
      '--github-secret needs the GitHub CLI, gh, which is not on PATH: install it ' +
        '(https://cli.github.com), run gh auth login, or use --seed-file alone.'
    ]
  }
  if (auth.code !== 0) {
    return [`gh is not signed in to GitHub (gh auth status failed): run gh auth login first.`]
  }
  const list = await runGh(['secret', 'list', ...targetArgs(target)], env)
  if (list.code !== 0) {
    const where = target.repo ? `repository ${target.repo}` : "this folder's repository"
    return [
      `gh cannot list the secrets of ${where}${target.environment ? `, environment ${target.environment}` : ''}` +
        ` (${lastLine(list.stderr)}): check --github-repo, --github-environment and your access.`
    ]
  }
  return []
}

/** `gh secret set NAME` with the value on standard input. Throws with gh's last line on failure. */
export async function setGithubSecret(
  name: string,
  value: string,
  target: GithubTarget,
  env: NodeJS.ProcessEnv
): Promise<void> {
  const result = await runGh(['secret', 'set', name, ...targetArgs(target)], env, value)
  if (result.code !== 0) {
    throw new Error(`gh secret set ${name} failed: ${lastLine(result.stderr) || 'no message'}`)
  }
}

function lastLine(text: string): string {
  return text.trim().split('\n').pop() ?? ''
}
