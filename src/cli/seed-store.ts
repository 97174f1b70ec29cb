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
  /** Standard output, kept only when asked for (bounded by GH_OUTPUT_LIMIT). */
  stdout: string
  /** Set when gh could not be started at all (ENOENT: not installed). */
  error?: NodeJS.ErrnoException
}

/** gh is bounded: a hung login prompt or network must not hold `init` (and its rollback) forever. */
export const GH_TIMEOUT_MS = 60_000

/** The most of gh's standard output kept: a list of secrets' names is far smaller. */
export const GH_OUTPUT_LIMIT = 1024 * 1024

/**
 * gh's environment: the caller's, without any AWS_ variable. gh needs none, and `init` runs with
 * an administrator's keys in the environment: gh and its extensions must not inherit them.
 */
export function ghEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^AWS_/i.test(name)))
}

/**
 * Runs gh with `input` on standard input, without AWS_ variables (ghEnvironment); its standard
 * output is dropped unless `keepStdout`, its errors kept.
 */
export function runGh(
  args: string[],
  env: NodeJS.ProcessEnv,
  input = '',
  timeoutMs = GH_TIMEOUT_MS,
  keepStdout = false
): Promise<GhResult> {
  return new Promise(resolve => {
    const child = spawn('gh', args, {
      env: { ...ghEnvironment(env), GH_PROMPT_DISABLED: '1' },
      stdio: ['pipe', keepStdout ? 'pipe' : 'ignore', 'pipe'],
      timeout: timeoutMs
    })
    let stderr = ''
    let stdout = ''
    child.stderr?.on('data', chunk => (stderr += chunk))
    child.stdout?.on('data', chunk => {
      stdout += chunk
      if (stdout.length > GH_OUTPUT_LIMIT) child.kill()
    })
    child.on('error', error => resolve({ code: null, stderr, stdout, error }))
    child.on('close', code => resolve({ code, stderr: stderr.trim(), stdout }))
    child.stdin?.on('error', () => {}) // gh may exit before reading: its exit code says why
    child.stdin?.end(input)
  })
}

const targetArgs = ({ repo, environment }: GithubTarget) => [
  ...(repo ? ['--repo', repo] : []),
  ...(environment ? ['--env', environment] : [])
]

/**
 * Problems found before anything is created: gh missing, not signed in, or unable to list the
 * secrets of the target (no access to the repository, or no repository in this folder); and the
 * names of the target's secrets, as `gh secret list --json name` reports them, and, for an
 * environment, those of its repository.
 */
export async function githubProblems(
  target: GithubTarget,
  env: NodeJS.ProcessEnv
): Promise<{ problems: string[]; names: string[]; repoNames: string[] }> {
  const refuse = (problem: string) => ({ problems: [problem], names: [], repoNames: [] })
  const auth = await runGh(['auth', 'status'], env)
  if (auth.error?.code === 'ENOENT') {
    return refuse(
      '--github-secret needs the GitHub CLI, gh, which is not on PATH: install it ' +
        '(https://cli.github.com), run gh auth login, or use --seed-file alone.'
    )
  }
  if (auth.code !== 0) {
    return refuse(`gh is not signed in to GitHub (gh auth status failed): run gh auth login first.`)
  }
  const list = await listSecrets(target, env)
  const where = target.repo ? `repository ${target.repo}` : "this folder's repository"
  const place = `${where}${target.environment ? `, environment ${target.environment}` : ''}`
  if (list.code !== 0) {
    return refuse(
      `gh cannot list the secrets of ${place} (${lastLine(list.stderr)}): check ` +
        '--github-repo, --github-environment and your access.'
    )
  }
  const names = secretNames(list.stdout)
  if (names === undefined) {
    return refuse(`gh secret list --json name answered what is not a list of secrets (${place}).`)
  }
  if (!target.environment) return { problems: [], names, repoNames: [] }
  // An environment's secret takes the place of the repository's of the same name in that
  // environment's jobs (GitHub docs, "Using secrets in GitHub Actions"): those count too.
  const repoNames = await githubSecretNames({ repo: target.repo }, env)
  if (repoNames === undefined) {
    return refuse(
      `gh cannot list the secrets of ${where}, which the environment's would take the place of: ` +
        'check --github-repo and your access.'
    )
  }
  return { problems: [], names, repoNames }
}

/** `[{"name": "A"}, ...]` → ["A", ...]; undefined for anything else. */
function secretNames(text: string): string[] | undefined {
  try {
    const list = JSON.parse(text) as unknown
    if (!Array.isArray(list)) return undefined
    const names = list.map(entry => (entry as { name?: unknown } | null)?.name)
    return names.every(name => typeof name === 'string') ? (names as string[]) : undefined
  } catch {
    return undefined
  }
}

/** The target's secrets' names now (for reconciling a `gh secret set` that failed). */
export async function githubSecretNames(
  target: GithubTarget,
  env: NodeJS.ProcessEnv
): Promise<string[] | undefined> {
  const list = await listSecrets(target, env)
  return list.code === 0 ? secretNames(list.stdout) : undefined
}

/** `gh secret list --json name` of the target, its output kept for secretNames. */
function listSecrets(target: GithubTarget, env: NodeJS.ProcessEnv): Promise<GhResult> {
  return runGh(
    ['secret', 'list', '--json', 'name', ...targetArgs(target)],
    env,
    '',
    GH_TIMEOUT_MS,
    true
  )
}

/** `gh secret delete NAME`: the command, for a person, and the call. */
export function deleteSecretCommand(name: string, target: GithubTarget): string {
  return ['gh', 'secret', 'delete', name, ...targetArgs(target)].join(' ')
}

export async function deleteGithubSecret(
  name: string,
  target: GithubTarget,
  env: NodeJS.ProcessEnv
): Promise<void> {
  const result = await runGh(['secret', 'delete', name, ...targetArgs(target)], env)
  if (result.code !== 0) {
    throw new Error(`gh secret delete ${name} failed: ${lastLine(result.stderr) || 'no message'}`)
  }
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
