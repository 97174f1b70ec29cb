/**
 * The committed dist/cli/index.js as a person runs it: a child process with a clean environment
 * (HOME, the cache and the AWS config files in a scratch folder), against the STS emulator. Every
 * format's output, sourced or parsed, must be credentials that STS takes for the role; failures
 * must leave standard output empty; standard error must never hold a secret.
 */
import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AssumeRoleCommand, STSClient } from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { startEmulator, totpCode } from '../support/emulator/sts-emulator.js'
import {
  cacheDirectory,
  cacheEntry,
  endpointVariables,
  prepareCacheDirectory,
  readCachedCredentials,
  writeCachedCredentials
} from '../../src/cli/cache.js'
import { shellQuote } from '../../src/cli/formats.js'
import { inputReader, parseCommandLine } from '../../src/cli/options.js'
import { readSettings } from '../../src/settings/read.js'
import { ACCOUNT, ROLE_ARN, SERIAL, callerArn, newSeed, world } from './fixtures.js'
import { CLI, cleanEnv as personEnv, cli as runCli, node, start, type Run } from './harness.js'
import { run as runProcess } from '../support/processes.js'

const REGION = 'eu-central-1'
const SESSION = 'laptop'
const ASSUMED = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/${SESSION}`

/** Which of the optional programs this machine has: the tests say which path they took. */
const has = (program: string) =>
  spawnSync('sh', ['-c', `command -v ${program}`], { encoding: 'utf8' }).status === 0
const HAS = { fish: has('fish'), pwsh: has('pwsh'), aws: has('aws'), script: has('script') }

type World = ReturnType<typeof world>
type Emulator = Awaited<ReturnType<typeof start>>

let scratch: string
let home: string

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-e2e-'))
  home = join(scratch, 'home')
  for (const file of ['config', 'credentials']) writeFileSync(join(scratch, file), '')
})

/** An emulator the harness does not start (one with options of its own): closed here. */
let skewed: Emulator | undefined

afterEach(async () => {
  await skewed?.close()
  skewed = undefined
  rmSync(scratch, { recursive: true, force: true })
})

/** A person's clean environment (harness.ts), the home in the scratch folder's home/. */
function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return personEnv(scratch, extra, { home })
}

/** The IAM user's keys and the seed, as a person exports them. */
function userEnv(w: World): Record<string, string> {
  return cleanEnv({
    AWS_ACCESS_KEY_ID: w.user.accessKeyId,
    AWS_SECRET_ACCESS_KEY: w.user.secretAccessKey,
    AWS_MFA_SEED: w.seed
  })
}

/** The IAM user's keys, and no seed. */
function keysOnlyEnv(w: World): Record<string, string> {
  const env = userEnv(w)
  delete env.AWS_MFA_SEED
  return env
}

function roleArgs(emu: Emulator, ...more: string[]): string[] {
  return [
    '--role-to-assume',
    ROLE_ARN,
    '--mfa-serial',
    SERIAL,
    '--aws-region',
    REGION,
    '--sts-endpoint',
    emu.url,
    '--role-session-name',
    SESSION,
    ...more
  ]
}

/** Another program (a shell, the AWS CLI), in the scratch folder. */
const run = (command: string, args: string[], env: Record<string, string>, stdin = '') =>
  runProcess(command, args, { env, cwd: scratch, stdin })

const cli = (args: string[], env: Record<string, string>, stdin = '') =>
  runCli(args, env, { cwd: scratch, stdin })

const assumeRoles = (emu: Emulator) => emu.requests.filter(r => r.action === 'AssumeRole')

/** Standard error holds no seed, key, code or token: not the user's, not the role's. */
function expectNoSecrets(result: Run, emu: Emulator, w: World, issued: string[] = []): void {
  const codes = emu.requests.map(r => r.params.TokenCode).filter(Boolean)
  const secrets = [w.seed, w.user.secretAccessKey, ...codes, ...issued].filter(Boolean)
  for (const secret of secrets) expect(result.stderr).not.toContain(secret)
}

/** Exit 1, nothing on standard output, and the reason on standard error. */
function expectFailure(result: Run, reason: RegExp): void {
  expect(result.stdout).toBe('')
  expect(result.code).toBe(1)
  expect(result.stderr).toMatch(reason)
}

/** The role's credentials work: STS says who they are. */
async function expectRole(emu: Emulator, env: Record<string, string>): Promise<void> {
  expect(env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
  expect(env.AWS_REGION).toBe(REGION)
  expect(env.AWS_DEFAULT_REGION).toBe(REGION)
  expect(Date.parse(env.AWS_CREDENTIAL_EXPIRATION)).toBeGreaterThan(Date.now())
  await expect(callerArn(emu.url, env)).resolves.toBe(ASSUMED)
}

/** `env` output as variables. */
function parseEnv(text: string): Record<string, string> {
  return Object.fromEntries(
    text
      .split('\n')
      .filter(line => /^\w+=/.test(line))
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
  )
}

/** Reads `set -gx NAME 'value'` lines as fish would (only \\ and \' are escapes). */
function parseFish(text: string): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const [, name, quoted] of text.matchAll(/^set -gx (\w+) '((?:[^'\\]|\\.)*)'$/gm)) {
    variables[name] = quoted.replace(/\\([\\'])/g, '$1')
  }
  return variables
}

/** Reads `$Env:NAME = 'value'` lines as PowerShell would ('' is a quote). */
function parsePowershell(text: string): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const [, name, quoted] of text.matchAll(/^\$Env:(\w+) = '((?:[^']|'')*)'$/gm)) {
    variables[name] = quoted.replace(/''/g, "'")
  }
  return variables
}

/** The variables once fish has sourced the text; where fish is absent, as fish would read it. */
async function fishEnv(text: string): Promise<Record<string, string>> {
  if (!HAS.fish) return parseFish(text)
  const script = join(scratch, 'credentials.fish')
  writeFileSync(script, text)
  const sourced = await run('fish', ['-c', `source ${script}; env`], cleanEnv())
  if (sourced.code !== 0) throw new Error(`fish failed: ${sourced.stderr}`)
  return parseEnv(sourced.stdout)
}

/** The variables once pwsh has run the text; where pwsh is absent, as PowerShell would read it. */
async function powershellEnv(text: string): Promise<Record<string, string>> {
  if (!HAS.pwsh) return parsePowershell(text)
  const script = join(scratch, 'credentials.ps1')
  const list = 'Get-ChildItem Env: | ForEach-Object { "$($_.Name)=$($_.Value)" }'
  writeFileSync(script, `${text}${list}\n`)
  const ran = await run('pwsh', ['-NoProfile', '-NonInteractive', '-File', script], cleanEnv())
  if (ran.code !== 0) throw new Error(`pwsh failed: ${ran.stderr}`)
  return parseEnv(ran.stdout)
}

/** Reads NAME=value lines, values bare or single-quoted. */
function parseDotenv(text: string): Record<string, string> {
  const variables: Record<string, string> = {}
  for (const [, name, value] of text.matchAll(/^(\w+)=(.*)$/gm)) {
    variables[name] = value.replace(/^'(.*)'$/, '$1')
  }
  return variables
}

/** The variables a credential_process answer stands for. */
function fromCredentialProcess(text: string): Record<string, string> {
  const answer = JSON.parse(text)
  expect(answer.Version).toBe(1)
  return {
    AWS_ACCESS_KEY_ID: answer.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: answer.SecretAccessKey,
    AWS_SESSION_TOKEN: answer.SessionToken,
    AWS_CREDENTIAL_EXPIRATION: answer.Expiration,
    AWS_REGION: REGION,
    AWS_DEFAULT_REGION: REGION
  }
}

const issuedSecrets = (env: Record<string, string>) => [
  env.AWS_SECRET_ACCESS_KEY,
  env.AWS_SESSION_TOKEN
]

/** `aws sts get-caller-identity` twice with a credential_process profile: one AssumeRole. */
async function awsCliRunsCredentialProcess(): Promise<void> {
  const w = world()
  const emu = await start(w.config)
  const seedFile = join(scratch, 'mfa-seed')
  writeFileSync(seedFile, `${w.seed}\n`)
  chmodSync(seedFile, 0o600)
  writeFileSync(
    join(scratch, 'credentials'),
    `[alice]\naws_access_key_id = ${w.user.accessKeyId}\naws_secret_access_key = ${w.user.secretAccessKey}\n`
  )
  const command = [node, CLI, '--format', 'credential-process', '--profile', 'alice']
  command.push(...roleArgs(emu, '--mfa-seed-file', seedFile))
  writeFileSync(
    join(scratch, 'config'),
    `[profile deploy]\nregion = ${REGION}\ncredential_process = ${command.join(' ')}\n`
  )
  const ask = () =>
    run(
      'aws',
      ['sts', 'get-caller-identity', '--profile', 'deploy', '--endpoint-url', emu.url],
      cleanEnv()
    )
  const first = await ask()
  const second = await ask()
  expect(first.stderr).toBe('')
  expect([first.code, second.code]).toEqual([0, 0])
  expect(JSON.parse(first.stdout).Arn).toBe(ASSUMED)
  expect(JSON.parse(second.stdout).Arn).toBe(ASSUMED)
  expect(assumeRoles(emu)).toHaveLength(1)
  expect(emu.requests.filter(r => r.action === 'GetCallerIdentity')).toHaveLength(2)
}

/**
 * Runs the CLI in a terminal (util-linux `script` makes one), and types the code once the
 * question is on the screen. The terminal mixes standard output and error.
 */
function runInTerminal(args: string[], env: Record<string, string>, code: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const command = [node, CLI, ...args].map(shellQuote).join(' ')
    const child = spawn('script', ['-qefc', command, '/dev/null'], { env, cwd: scratch })
    let screen = ''
    let typed = false
    child.stdout.on('data', chunk => {
      screen += chunk
      if (!typed && screen.includes('MFA code for')) {
        typed = true
        child.stdin.write(`${code}\r`)
      }
    })
    child.on('error', reject)
    child.on('close', exit => resolve({ code: exit, stdout: screen, stderr: screen }))
  })
}

/** No seed, a terminal: the person is asked, and types the code; nothing shows it. */
async function promptsInATerminal(): Promise<void> {
  const w = world()
  const emu = await start(w.config)
  const code = totpCode(w.seed, emu.now() / 1000)
  const env = { ...keysOnlyEnv(w), TERM: 'dumb' }
  const result = await runInTerminal(roleArgs(emu, '--format', 'json'), env, code)
  expect(result.code).toBe(0)
  expect(result.stdout).toMatch(/^MFA code for arn:aws:iam::\d+:mfa\/ci-deploy: \r?\n/)
  expect(result.stdout).not.toContain(code)
  expect(assumeRoles(emu).map(r => r.params.TokenCode)).toEqual([code])
  const json = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')))
  expect(json.AssumedRoleUser.Arn).toBe(ASSUMED)
}

describe('each format gives credentials that work', () => {
  test('sh: eval "$(aws-assume-role-mfa …)" in bash exports the role', async () => {
    const w = world()
    const emu = await start(w.config)
    const result = await run(
      'bash',
      ['-c', 'eval "$("$@")" && env', 'bash', node, CLI, ...roleArgs(emu)],
      userEnv(w)
    )
    expect(result.code).toBe(0)
    const env = parseEnv(result.stdout)
    await expectRole(emu, env)
    expect(result.stderr).toContain(`Assumed ${ASSUMED} until`)
    expectNoSecrets(result, emu, w, issuedSecrets(env))
  })

  test(`fish: ${HAS.fish ? 'sourced by fish' : 'parsed as fish reads it (no fish here)'}`, async () => {
    console.log(HAS.fish ? 'fish found: sourcing with fish' : 'fish not installed: parsing')
    const w = world()
    const emu = await start(w.config)
    const result = await cli(roleArgs(emu, '--format', 'fish'), userEnv(w))
    expect(result.code).toBe(0)
    const env = await fishEnv(result.stdout)
    await expectRole(emu, env)
    expectNoSecrets(result, emu, w, issuedSecrets(env))
  })

  test(`powershell: ${HAS.pwsh ? 'run by pwsh' : 'parsed as PowerShell reads it (no pwsh here)'}`, async () => {
    console.log(HAS.pwsh ? 'pwsh found: running with pwsh' : 'pwsh not installed: parsing')
    const w = world()
    const emu = await start(w.config)
    const result = await cli(roleArgs(emu, '--format', 'powershell'), userEnv(w))
    expect(result.code).toBe(0)
    const env = await powershellEnv(result.stdout)
    await expectRole(emu, env)
    expectNoSecrets(result, emu, w, issuedSecrets(env))
  })

  test('dotenv: NAME=value lines', async () => {
    const w = world()
    const emu = await start(w.config)
    const result = await cli(roleArgs(emu, '--format', 'dotenv'), userEnv(w))
    expect(result.code).toBe(0)
    const env = parseDotenv(result.stdout)
    expect(Object.keys(env)).toHaveLength(6)
    await expectRole(emu, env)
    expectNoSecrets(result, emu, w, issuedSecrets(env))
  })

  test('json: what aws sts assume-role prints', async () => {
    const w = world()
    const emu = await start(w.config)
    const result = await cli(roleArgs(emu, '--format', 'json'), userEnv(w))
    expect(result.code).toBe(0)
    const { Credentials, AssumedRoleUser } = JSON.parse(result.stdout)
    expect(AssumedRoleUser.Arn).toBe(ASSUMED)
    const env = {
      AWS_ACCESS_KEY_ID: Credentials.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: Credentials.SecretAccessKey,
      AWS_SESSION_TOKEN: Credentials.SessionToken,
      AWS_CREDENTIAL_EXPIRATION: Credentials.Expiration,
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION
    }
    await expectRole(emu, env)
    // The person's default: an hour, where the action defaults to 15 minutes.
    expect(assumeRoles(emu)[0].params.DurationSeconds).toBe('3600')
    expectNoSecrets(result, emu, w, issuedSecrets(env))
  })
})

describe('credential-process', () => {
  test('answers version 1, then from its cache (mode 600 in a 700 folder): one AssumeRole', async () => {
    const w = world()
    const emu = await start(w.config)
    const args = roleArgs(emu, '--format', 'credential-process')
    const first = await cli(args, userEnv(w))
    const second = await cli(args, userEnv(w))

    expect([first.code, second.code]).toEqual([0, 0])
    expect(second.stdout).toBe(first.stdout)
    expect(assumeRoles(emu)).toHaveLength(1)
    expect(second.stderr).toContain(`Cached credentials of ${ASSUMED}`)
    const env = fromCredentialProcess(first.stdout)
    await expectRole(emu, env)

    const folder = join(scratch, 'cache', 'aws-assume-role-mfa')
    const files = readdirSync(folder)
    expect(files).toEqual([expect.stringMatching(/^[0-9a-f]{8}\.json$/)])
    expect(statSync(folder).mode & 0o777).toBe(0o700)
    expect(statSync(join(folder, files[0])).mode & 0o777).toBe(0o600)
    for (const result of [first, second]) expectNoSecrets(result, emu, w, issuedSecrets(env))
  })

  test('refreshes credentials that expire within 5 minutes, with a fresh code', async () => {
    // The emulator's clock runs 11 minutes behind, so that a 15-minute session it issues ends 4
    // minutes from now; it accepts codes that far off (driftWindows) for this test.
    const w = world()
    const emu = await startEmulator({ ...w.config, clockSkewMs: -11 * 60_000, driftWindows: 24 })
    skewed = emu
    // An earlier run, in the previous 30-second window, left short-lived credentials in the cache.
    const earlier = await new STSClient({
      region: REGION,
      endpoint: emu.url,
      credentials: { accessKeyId: w.user.accessKeyId, secretAccessKey: w.user.secretAccessKey }
    }).send(
      new AssumeRoleCommand({
        RoleArn: ROLE_ARN,
        RoleSessionName: SESSION,
        SerialNumber: SERIAL,
        DurationSeconds: 900,
        TokenCode: totpCode(w.seed, Date.now() / 1000 - 30)
      })
    )
    const stale = {
      accessKeyId: earlier.Credentials?.AccessKeyId ?? '',
      secretAccessKey: earlier.Credentials?.SecretAccessKey ?? '',
      sessionToken: earlier.Credentials?.SessionToken ?? '',
      expiration: earlier.Credentials?.Expiration ?? new Date(0),
      arn: ASSUMED,
      accountId: ACCOUNT
    }
    const minutesLeft = (stale.expiration.getTime() - Date.now()) / 60_000
    expect(minutesLeft).toBeGreaterThan(3)
    expect(minutesLeft).toBeLessThan(5)
    const args = roleArgs(emu, '--format', 'credential-process', '--role-duration-seconds', '900')
    // The entry the CLI will look for: its settings from these very arguments.
    const settings = readSettings(
      inputReader(parseCommandLine(args), { seed: w.seed }, userEnv(w), 'unused'),
      () => {},
      userEnv(w)
    )
    const directory = cacheDirectory(cleanEnv(), home)
    prepareCacheDirectory(directory)
    const entry = cacheEntry(directory, {
      ...settings,
      endpointVariables: endpointVariables(userEnv(w))
    })
    writeCachedCredentials(entry, stale)

    const result = await cli(args, userEnv(w))
    expect(result.code).toBe(0)
    const env = fromCredentialProcess(result.stdout)
    expect(env.AWS_ACCESS_KEY_ID).not.toBe(stale.accessKeyId)
    expect(assumeRoles(emu)).toHaveLength(2)
    expect(emu.usedCodes(SERIAL)).toHaveLength(2)
    await expectRole(emu, env)
    expect(readCachedCredentials(entry, Date.now() - 60 * 60_000)?.accessKeyId).toBe(
      env.AWS_ACCESS_KEY_ID
    )
    expectNoSecrets(result, emu, w, [...issuedSecrets(env), stale.secretAccessKey])
  })

  // Chosen when the file loads: a machine without the AWS CLI skips this test, and says why.
  if (!HAS.aws)
    console.log('aws (the AWS CLI) is not installed: skipping its credential_process test')
  ;(HAS.aws ? test : test.skip)(
    'the AWS CLI runs it from a profile of ~/.aws/config, the second time from the cache',
    awsCliRunsCredentialProcess
  )
})

describe('the seed, the code and the base credentials', () => {
  test('--profile takes the IAM user’s keys from ~/.aws/credentials, over keys left in the environment', async () => {
    const w = world()
    const emu = await start(w.config)
    writeFileSync(
      join(scratch, 'credentials'),
      `[alice]\naws_access_key_id = ${w.user.accessKeyId}\naws_secret_access_key = ${w.user.secretAccessKey}\n`
    )
    // As an earlier eval in the same shell leaves them.
    const leftOver = {
      AWS_ACCESS_KEY_ID: 'ASIAEARLIERSESSION01',
      AWS_SECRET_ACCESS_KEY: 'earlier-session-secret',
      AWS_SESSION_TOKEN: 'earlier-session-token'
    }
    const result = await cli(
      roleArgs(emu, '--profile', 'alice', '--format', 'json'),
      cleanEnv({ AWS_MFA_SEED: w.seed, ...leftOver })
    )
    expect(result.code).toBe(0)
    expect(result.stderr).not.toContain('WARNING')
    expect(JSON.parse(result.stdout).AssumedRoleUser.Arn).toBe(ASSUMED)
    expect(assumeRoles(emu)[0].accessKeyId).toBe(w.user.accessKeyId)
    expectNoSecrets(result, emu, w)
  })

  test('--mfa-seed-stdin reads the seed from a pipe', async () => {
    const w = world()
    const emu = await start(w.config)
    const env = keysOnlyEnv(w)
    const result = await cli(roleArgs(emu, '--mfa-seed-stdin', '--format', 'json'), env, w.seed)
    expect(result.code).toBe(0)
    expect(JSON.parse(result.stdout).AssumedRoleUser.Arn).toBe(ASSUMED)
    expectNoSecrets(result, emu, w)
  })

  test('--mfa-code sends the typed code, once', async () => {
    const w = world()
    const emu = await start(w.config)
    const env = keysOnlyEnv(w)
    const code = totpCode(w.seed, emu.now() / 1000)
    const result = await cli(roleArgs(emu, '--mfa-code', code, '--format', 'json'), env)
    expect(result.code).toBe(0)
    expect(assumeRoles(emu).map(r => r.params.TokenCode)).toEqual([code])
    expect(result.stderr).not.toContain(code)
  })

  // Chosen when the file loads: a machine without util-linux `script` has no terminal to offer.
  if (!HAS.script) console.log('script (util-linux) is not installed: skipping the prompt test')
  ;(HAS.script ? test : test.skip)(
    'in a terminal, with no seed, asks for the code on standard error without echo',
    promptsInATerminal
  )
})

describe('failures: exit 1, nothing on standard output, the reason on standard error', () => {
  test('bad options are all named as options, before any request', async () => {
    const w = world()
    const emu = await start(w.config)
    const result = await cli(
      ['--role-to-assume', 'deploy', '--mfa-serial', SERIAL, '--aws-region', 'Frankfurt'],
      userEnv(w)
    )
    expectFailure(result, /Invalid --aws-region 'Frankfurt'/)
    expect(result.stderr).toContain("Invalid --role-to-assume 'deploy'")
    expect(result.stderr).toContain('--help')
    expect(emu.requests).toHaveLength(0)
    expectNoSecrets(result, emu, w)
  })

  test('eval of a failed run changes nothing in the shell; a script can stop on it', async () => {
    const script =
      'export AWS_ACCESS_KEY_ID=before; eval "$("$@")"; echo "key=$AWS_ACCESS_KEY_ID"; ' +
      'creds=$("$@") && eval "$creds" || echo "stopped with $?"'
    const result = await run(
      'bash',
      ['-c', script, 'bash', node, CLI, '--role-arn', ROLE_ARN],
      cleanEnv()
    )
    expect(result.stdout).toBe('key=before\nstopped with 1\n')
    expect(result.stderr).toContain("Unknown option '--role-arn'")
  })

  test('the seed as an argument is refused, and not repeated', async () => {
    const w = world()
    const emu = await start(w.config)
    const result = await cli(roleArgs(emu, '--mfa-seed', w.seed), cleanEnv())
    expectFailure(result, /--mfa-seed is not accepted.*AWS_MFA_SEED/)
    expectNoSecrets(result, emu, w)
  })

  test('a seed file others can read is refused, with the chmod that fixes it', async () => {
    const w = world()
    const emu = await start(w.config)
    const seedFile = join(scratch, 'mfa-seed')
    writeFileSync(seedFile, w.seed)
    chmodSync(seedFile, 0o644)
    const result = await cli(roleArgs(emu, '--mfa-seed-file', seedFile), userEnv(w))
    expectFailure(result, new RegExp(`mode 644.*chmod 600 '${seedFile}'`))
    expect(emu.requests).toHaveLength(0)
    expectNoSecrets(result, emu, w)
  })

  test('no seed and no code, with no terminal to ask on', async () => {
    const w = world()
    const emu = await start(w.config)
    const env = keysOnlyEnv(w)
    const result = await cli(roleArgs(emu), env)
    expectFailure(result, /AWS_MFA_SEED, --mfa-seed-file or --mfa-seed-stdin \(or --mfa-code/)
  })

  test('a wrong seed: the refused code is explained under the seed’s name', async () => {
    const w = world()
    const emu = await start(w.config)
    const wrong = newSeed()
    const result = await cli(
      roleArgs(emu, '--mfa-retry-windows', '0'),
      userEnv({ ...w, seed: wrong })
    )
    expectFailure(
      result,
      /refused the one-time code .* Check that AWS_MFA_SEED is this device's seed/s
    )
    expect(result.stderr).toContain('AWS said: AccessDenied')
    expectNoSecrets(result, emu, { ...w, seed: wrong })
  })

  test('a wrong typed code: one request, and a fresh code is asked for', async () => {
    const w = world()
    const emu = await start(w.config)
    const env = keysOnlyEnv(w)
    const near = new Set(
      [-2, -1, 0, 1, 2].map(steps => totpCode(w.seed, emu.now() / 1000 + steps * 30))
    )
    const wrong = ['111111', '222222', '333333'].find(code => !near.has(code)) ?? '444444'
    const result = await cli(roleArgs(emu, '--mfa-code', wrong), env)
    expectFailure(result, /A fresh code is needed: .* give it as --mfa-code/)
    expect(assumeRoles(emu)).toHaveLength(1)
    expectNoSecrets(result, emu, w)
  })

  test('no base credentials: where the CLI looked for them', async () => {
    const w = world()
    const emu = await start(w.config)
    const result = await cli(roleArgs(emu), cleanEnv({ AWS_MFA_SEED: w.seed }))
    expectFailure(result, /No base credentials were found: set AWS_ACCESS_KEY_ID/)
    expect(result.stderr).toContain('--profile or AWS_PROFILE')
  })

  test('a profile whose credential_process is this CLI cannot give the base credentials', async () => {
    const w = world()
    const emu = await start(w.config)
    writeFileSync(
      join(scratch, 'config'),
      `[profile loop]\ncredential_process = ${node} ${CLI} --format credential-process ${roleArgs(emu).join(' ')}\n`
    )
    const result = await cli(roleArgs(emu), cleanEnv({ AWS_MFA_SEED: w.seed, AWS_PROFILE: 'loop' }))
    expectFailure(result, /No base credentials were found/)
    expect(emu.requests).toHaveLength(0)
  })
})

test('--help prints the usage and examples on standard output', async () => {
  const result = await cli(['--help'], cleanEnv())
  expect(result.code).toBe(0)
  expect(result.stdout).toMatch(/^Usage: aws-assume-role-mfa/)
  expect(result.stdout).toContain('eval "$(aws-assume-role-mfa')
  expect(result.stderr).toBe('')
})
