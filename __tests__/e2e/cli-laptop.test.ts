/**
 * The built dist/cli/index.js as a person uses it on a laptop, against the STS emulator: a role
 * profile of ~/.aws/config, `exec`, and one MFA session for the day (--mfa-session). Each run is a
 * child process with a clean environment; the emulator's request log says which calls spent a code.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import {
  ACCOUNT,
  REGION,
  ROLE_ARN,
  SERIAL,
  SHORT_PERIOD,
  USER_ARN,
  callerArn,
  mfaTrustPolicy,
  newSeed,
  otpauthUri,
  world
} from './fixtures.js'
import { CLI, cleanEnv, cli as runCli, node, start, type Run } from './harness.js'
import { makeCertificate, startTerminatingProxy } from './terminating-proxy.js'
import { shellQuote } from '../../src/cli/formats.js'
import { startEmulator } from '../support/emulator/sts-emulator.js'
import { run as runProcess } from '../support/processes.js'

const AUDIT_ARN = `arn:aws:iam::${ACCOUNT}:role/audit`
const READ_ARN = `arn:aws:iam::${ACCOUNT}:role/read`
/** A role whose trust policy refuses MFA sessions 5 s old or more (aws:MultiFactorAuthAge). */
const BOUNDED_ARN = `arn:aws:iam::${ACCOUNT}:role/bounded`
/** A role that trusts someone else: AccessDenied to any MFA session of the user. */
const FOREIGN_ARN = `arn:aws:iam::${ACCOUNT}:role/foreign`

type World = ReturnType<typeof world>
type Emulator = Awaited<ReturnType<typeof start>>

let scratch: string
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'cli-laptop-'))
})
afterEach(() => rmSync(scratch, { recursive: true, force: true }))

/** The user's world, with more roles: two like deploy, one bounded, one for someone else. */
function laptopWorld(period = 30): World {
  const w = world(newSeed(), period)
  const [deploy] = w.config.roles
  w.config.roles.push(
    { ...deploy, arn: AUDIT_ARN },
    { ...deploy, arn: READ_ARN },
    { ...deploy, arn: BOUNDED_ARN, trustPolicy: mfaTrustPolicy(USER_ARN, { maxMfaAgeSeconds: 5 }) },
    {
      ...deploy,
      arn: FOREIGN_ARN,
      trustPolicy: mfaTrustPolicy(`arn:aws:iam::${ACCOUNT}:user/other`)
    }
  )
  return w
}

/**
 * ~/.aws/config with a role profile per role and the user's keys in ~/.aws/credentials; the seed
 * in a file of mode 600 named by the profiles. `extra` is added to every role profile.
 */
function writeProfiles(w: World, extra = '', withSeed = true): void {
  const seedFile = join(scratch, 'mfa-seed')
  // The device's period (SHORT_PERIOD for some worlds) travels in an otpauth:// URI.
  writeFileSync(seedFile, otpauthUri(w.seed, w.user.mfaDevices[0].period))
  chmodSync(seedFile, 0o600)
  const profile = (name: string, arn: string) =>
    `[profile ${name}]\nrole_arn = ${arn}\nmfa_serial = ${SERIAL}\nsource_profile = alice\n` +
    `region = ${REGION}\nrole_session_name = laptop\n` +
    (withSeed ? `mfa_seed_file = ${seedFile}\n` : '') +
    extra
  writeFileSync(
    join(scratch, 'config'),
    [
      profile('deploy', ROLE_ARN),
      profile('audit', AUDIT_ARN),
      profile('read', READ_ARN),
      profile('bounded', BOUNDED_ARN),
      profile('foreign', FOREIGN_ARN)
    ].join('\n')
  )
  writeFileSync(
    join(scratch, 'credentials'),
    `[alice]\naws_access_key_id = ${w.user.accessKeyId}\n` +
      `aws_secret_access_key = ${w.user.secretAccessKey}\n`
  )
}

/** A person's clean environment (harness.ts), with the files of writeProfiles, home in home/. */
function env(extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv(scratch, extra, { home: join(scratch, 'home') })
}

/** The CLI (harness.ts) in the scratch folder; its standard input given and closed. */
function cli(
  args: string[],
  environment: Record<string, string>,
  options: Omit<Parameters<typeof runCli>[2], 'cwd'> = {}
): Promise<Run> {
  return runCli(args, environment, { ...options, cwd: scratch })
}

/** A command for exec: prints the AWS variables it got and its standard input, as JSON. */
const PRINT_ENV = [
  node,
  '-e',
  `let input = ''
process.stdin.on('data', c => (input += c)).on('end', () => {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => /^AWS_/.test(k)))
  process.stdout.write(JSON.stringify({ env, input }))
  process.exit(Number(process.argv[1] ?? 0))
})`
]

const HAS_SCRIPT = spawnSync('sh', ['-c', 'command -v script']).status === 0

/** Codes STS accepted; and that it refused none. */
function codesSpent(emu: Emulator): number {
  const sent = emu.requests.filter(r => r.params.TokenCode)
  expect(sent.filter(r => r.status !== 200)).toEqual([])
  return sent.filter(r => r.status === 200).length
}
const count = (emu: Emulator, action: string) =>
  emu.requests.filter(r => r.action === action && r.status === 200).length

function expectNoSecrets(run: Run, emu: Emulator, w: World): void {
  const codes = emu.requests.map(r => r.params.TokenCode).filter(Boolean)
  for (const secret of [w.seed, w.user.secretAccessKey, ...codes]) {
    expect(run.stderr).not.toContain(secret)
  }
}

/** exec in a terminal (util-linux `script`), and a Ctrl-C typed there: the command counts SIGINTs. */
async function ctrlCOnce(): Promise<void> {
  const w = laptopWorld()
  const emu = await start(w.config)
  writeProfiles(w)
  const counter =
    "let n = 0; process.on('SIGINT', () => { if (n++ === 0) setTimeout(() => " +
    "{ process.stdout.write('sigints=' + n + '\\n'); process.exit(0) }, 700) }); " +
    "process.stdout.write('ready\\n'); setInterval(() => {}, 1000)"
  const command = [
    node,
    CLI,
    'exec',
    'deploy',
    '--sts-endpoint',
    emu.url,
    '--',
    node,
    '-e',
    counter
  ]
  const screen = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
    const child = spawn('script', ['-qefc', command.map(shellQuote).join(' '), '/dev/null'], {
      // bash runs a lone command in its own place: no shell between the terminal and the CLI
      // (dash waits, takes the Ctrl-C itself, and exits 130).
      env: { ...env(), TERM: 'dumb', SHELL: '/bin/bash' },
      cwd: scratch
    })
    let text = ''
    let pressed = false
    child.stdout.on('data', chunk => {
      text += chunk
      if (!pressed && text.includes('ready')) {
        pressed = true
        child.stdin.write('\x03')
      }
    })
    child.on('error', reject)
    child.on('close', code => resolve({ code, text }))
  })
  expect(screen.text.replace(/\r/g, '')).toContain('sigints=1')
  expect(screen.code).toBe(0)
}

describe('exec PROFILE -- COMMAND', () => {
  test("runs the command as the profile's role, without the user's keys, seed or profile", async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const shell = env({
      // What a shell may hold: another user's keys, a profile, a seed: none may reach the command.
      AWS_ACCESS_KEY_ID: 'AKIAE2EOTHERUSER0002',
      AWS_SECRET_ACCESS_KEY: 'not-the-right-one',
      AWS_PROFILE: 'alice',
      AWS_MFA_SEED: w.seed
    })
    const args = ['exec', 'deploy', '--sts-endpoint', emu.url, '--', ...PRINT_ENV, '7']
    const run = await cli(args, shell, { stdin: 'piped in' })
    expect(run.stderr).toContain(`Assumed arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`)
    expect(run.code).toBe(7)
    const { env: got, input } = JSON.parse(run.stdout) as {
      env: Record<string, string>
      input: string
    }
    expect(input).toBe('piped in')
    expect(Object.keys(got).sort()).toEqual(
      [
        'AWS_ACCESS_KEY_ID',
        'AWS_CONFIG_FILE',
        'AWS_CREDENTIAL_EXPIRATION',
        'AWS_DEFAULT_REGION',
        'AWS_EC2_METADATA_DISABLED',
        'AWS_REGION',
        // Set by the CLI for the SDK it loads (src/cli/index.ts): news for maintainers only.
        'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
        'AWS_SECRET_ACCESS_KEY',
        'AWS_SESSION_TOKEN',
        'AWS_SHARED_CREDENTIALS_FILE'
      ].sort()
    )
    expect(got.AWS_REGION).toBe(REGION)
    await expect(callerArn(emu.url, got)).resolves.toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`
    )
    // The user's keys came from source_profile = alice, not from the environment's.
    expect(emu.requests.find(r => r.action === 'AssumeRole')?.accessKeyId).toBe(w.user.accessKeyId)
    expectNoSecrets(run, emu, w)

    // Again: the cached credentials, no code.
    const again = await cli(args, shell)
    expect(again.code).toBe(7)
    expect(again.stderr).toContain('Cached credentials of')
    expect(codesSpent(emu)).toBe(1)
  })

  test('flags win over the profile; a command that is not there exits 127', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const args = ['exec', 'deploy', '--role-to-assume', AUDIT_ARN, '--sts-endpoint', emu.url]
    const run = await cli([...args, '--', ...PRINT_ENV], env())
    expect(run.code).toBe(0)
    const { env: got } = JSON.parse(run.stdout) as { env: Record<string, string> }
    await expect(callerArn(emu.url, got)).resolves.toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/audit/laptop`
    )
    const missing = await cli([...args, '--', 'no-such-command-here'], env())
    expect(missing.code).toBe(127)
    expect(missing.stderr).toContain('cannot run no-such-command-here: no such command')
  })

  test.each([
    ['SIGTERM', 'exits 42 on its own', "process.on('SIGTERM', () => process.exit(42))", 42],
    ['SIGTERM', 'is ended by it', '', 128 + 15],
    ['SIGINT', 'is ended by it', '', 128 + 2]
  ])('passes %s on to the command, which %s', async (signal, _what, handler, expected) => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const script = `${handler}; process.stdout.write('ready'); setInterval(() => {}, 1000)`
    const args = ['exec', 'deploy', '--sts-endpoint', emu.url, '--', node, '-e', script]
    let sent = false
    const run = await cli(args, env(), {
      // Run from a terminal, jest's children share its foreground group, where the CLI leaves a
      // SIGINT to the terminal; here the signal comes from kill, as from another process.
      detached: true,
      onStdout: (text, child) => {
        if (!sent && text.includes('ready')) {
          sent = true
          child.kill(signal as NodeJS.Signals)
        }
      }
    })
    expect(run.code).toBe(expected)
  })

  // A terminal's Ctrl-C reaches its whole foreground group: the command must get it once, not
  // twice (a second one makes Terraform stop at once). util-linux `script` gives the terminal.
  ;(HAS_SCRIPT ? test : test.skip)('a Ctrl-C in a terminal reaches the command once', ctrlCOnce)

  test('needs the command after --', async () => {
    const run = await cli(['exec', 'deploy'], env())
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('exec needs the command to run after --')
  })
})

describe('a profile as the first argument of the main command', () => {
  test('prints the credentials of the role it names', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const run = await cli(['audit', '--format', 'json', '--sts-endpoint', emu.url], env())
    expect(run.code).toBe(0)
    const { AssumedRoleUser } = JSON.parse(run.stdout) as { AssumedRoleUser: { Arn: string } }
    expect(AssumedRoleUser.Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/audit/laptop`)
  })
})

describe('one MFA session for the day', () => {
  test('one code for the day: each role then comes from the cached MFA session', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w, 'mfa_session_duration_seconds = 43200\n')
    for (const profile of ['deploy', 'audit']) {
      const run = await cli(['exec', profile, '--sts-endpoint', emu.url, '--', ...PRINT_ENV], env())
      expect(run.code).toBe(0)
      const { env: got } = JSON.parse(run.stdout) as { env: Record<string, string> }
      await expect(callerArn(emu.url, got)).resolves.toBe(
        `arn:aws:sts::${ACCOUNT}:assumed-role/${profile}/laptop`
      )
      expectNoSecrets(run, emu, w)
    }
    expect(codesSpent(emu)).toBe(1)
    expect(count(emu, 'GetSessionToken')).toBe(1)
    const session = emu.requests.find(r => r.action === 'GetSessionToken')
    expect(session?.params.DurationSeconds).toBe('43200')
    // Both roles assumed with the session's key, no code.
    const assumed = emu.requests.filter(r => r.action === 'AssumeRole')
    expect(
      assumed.map(r => [r.params.RoleArn, r.params.TokenCode, r.accessKeyId?.slice(0, 4)])
    ).toEqual([
      [ROLE_ARN, undefined, 'ASIA'],
      [AUDIT_ARN, undefined, 'ASIA']
    ])

    // Without any code source, the cached session still serves (a credential_process, say).
    writeProfiles(w, 'mfa_session_duration_seconds = 43200\n', false)
    const args = ['read', '--format', 'credential-process', '--sts-endpoint', emu.url]
    const run = await cli(args, env())
    expect(run.stderr).toContain('no code needed')
    expect(run.code).toBe(0)
    expect(codesSpent(emu)).toBe(1)
  })

  test("a role that bounds aws:MultiFactorAuthAge below the session's age gets one fresh code", async () => {
    // 10-second codes: the fallback's code is of a later window than the session's.
    const w = laptopWorld(SHORT_PERIOD)
    const emu = await start(w.config)
    writeProfiles(w)
    const exec = (profile: string, ...command: string[]) =>
      cli(['exec', profile, '--mfa-session', '--sts-endpoint', emu.url, '--', ...command], env())
    const first = await exec('deploy', 'true')
    expect(first.stderr).toContain(
      `Assumed arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop from the MFA session`
    )
    expect(first.code).toBe(0)
    expect(codesSpent(emu)).toBe(1)
    // Older than the role's bound (5 s), and in the next window: AWS takes each code once.
    const period = SHORT_PERIOD * 1000
    const wait = Math.max(6_000, period - (Date.now() % period) + 500)
    await new Promise(resolve => setTimeout(resolve, wait))
    const run = await exec('bounded', ...PRINT_ENV)
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(
      /cached MFA session, which is \d+ s old \(AccessDenied\).*aws:MultiFactorAuthAge.*fresh one-time code/s
    )
    const { env: got } = JSON.parse(run.stdout) as { env: Record<string, string> }
    await expect(callerArn(emu.url, got)).resolves.toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/bounded/laptop`
    )
    // One extra code, sent with AssumeRole itself (age 0) by the user's keys.
    expect(codesSpent(emu)).toBe(2)
    const last = emu.requests.filter(r => r.action === 'AssumeRole').at(-1)
    expect([last?.params.TokenCode !== undefined, last?.accessKeyId]).toEqual([
      true,
      w.user.accessKeyId
    ])
    // The session is still good for the roles without the bound: no code.
    expect((await exec('audit', 'true')).code).toBe(0)
    expect(codesSpent(emu)).toBe(2)
  }, 30_000)

  test('without a code source, the refusal names the bound, the age and what to do', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const exec = (profile: string) =>
      cli(['exec', profile, '--mfa-session', '--sts-endpoint', emu.url, '--', 'true'], env())
    expect((await exec('deploy')).code).toBe(0)
    await new Promise(resolve => setTimeout(resolve, 6_000))
    writeProfiles(w, '', false)
    const refused = await exec('bounded')
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(
      /is \d+ s old \(AccessDenied\).*aws:MultiFactorAuthAge.*Give a code source/s
    )
    expect(codesSpent(emu)).toBe(1)
  }, 30_000)

  test('an AccessDenied to a session just made is not about its age: no second code', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const args = ['exec', 'foreign', '--mfa-session', '--sts-endpoint', emu.url, '--', 'true']
    const run = await cli(args, env())
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('AccessDenied')
    expect(run.stderr).not.toContain('fresh one-time code')
    expect(codesSpent(emu)).toBe(1)
  })

  test('a new session needs a code source, and says where one comes from', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w, '', false)
    const run = await cli(
      ['exec', 'deploy', '--mfa-session', '--sts-endpoint', emu.url, '--', 'true'],
      env()
    )
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('The MFA session for the day is missing or has ended')
    expect(emu.requests).toEqual([])
  })

  test('refuses a role session longer than role chaining allows, before any code', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const args = ['exec', 'deploy', '--mfa-session', '--role-duration-seconds', '7200']
    const run = await cli([...args, '--sts-endpoint', emu.url, '--', 'true'], env())
    expect(run.code).toBe(1)
    expect(run.stderr).toContain("Invalid --role-duration-seconds '7200': with --mfa-session")
    expect(emu.requests).toEqual([])
  })
})

describe('serve PROFILE', () => {
  /** Stops (SIGKILL) a serve left running by a failed test. */
  let serving: AbortController
  beforeEach(() => {
    serving = new AbortController()
  })
  afterEach(() => serving.abort())

  test('serves the role on 127.0.0.1, renews it from the MFA session, and stops on Ctrl-C', async () => {
    const w = laptopWorld()
    // Role sessions of 9 s: the server renews them after 6 (a third left), without a code.
    const emu = await start({ ...w.config, roleSessionSeconds: 9 })
    writeProfiles(w)
    let variables: Record<string, string> | undefined
    let ready: () => void = () => {}
    const printed = new Promise<void>(resolve => (ready = resolve))
    let stdout = ''
    let stderr = ''
    let child: ChildProcess | undefined
    const check = (running: ChildProcess) => {
      child = running
      try {
        variables = JSON.parse(stdout) as Record<string, string>
      } catch {
        return // not all of it yet
      }
      if (stderr.includes('Ctrl-C stops it')) ready()
    }
    const exited = cli(['serve', 'deploy', '--format', 'json', '--sts-endpoint', emu.url], env(), {
      signal: serving.signal,
      onStdout: (text, running) => {
        stdout = text
        check(running)
      },
      onStderr: (text, running) => {
        stderr = text
        check(running)
      }
    }).then(run => run.code)
    await Promise.race([printed, exited])
    expect(stderr).toContain('Serving arn:aws:sts::123456789012:assumed-role/deploy/laptop')
    const uri = variables?.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? ''
    const token = variables?.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? ''
    expect(uri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/credentials$/)
    expect(token.length).toBeGreaterThanOrEqual(43)

    const ask = async () => {
      const response = await fetch(uri, { headers: { Authorization: token } })
      expect(response.status).toBe(200)
      return (await response.json()) as Record<string, string>
    }
    const first = await ask()
    const asRole = (c: Record<string, string>) => ({
      AWS_REGION: REGION,
      AWS_ACCESS_KEY_ID: c.AccessKeyId,
      AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
      AWS_SESSION_TOKEN: c.Token
    })
    await expect(callerArn(emu.url, asRole(first))).resolves.toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`
    )
    expect((await fetch(uri, { headers: { Authorization: 'wrong' } })).status).toBe(403)

    // The AWS CLI itself, through the container provider, with nothing else to find.
    const aws = await runProcess('aws', ['sts', 'get-caller-identity', '--endpoint-url', emu.url], {
      env: cleanEnv(
        scratch,
        {
          AWS_CONFIG_FILE: join(scratch, 'none'),
          AWS_SHARED_CREDENTIALS_FILE: join(scratch, 'none'),
          AWS_REGION: REGION,
          AWS_DEFAULT_REGION: REGION,
          AWS_CONTAINER_CREDENTIALS_FULL_URI: uri,
          AWS_CONTAINER_AUTHORIZATION_TOKEN: token
        },
        { home: join(scratch, 'empty-home') }
      ),
      cwd: scratch
    })
    expect(aws.stderr).toBe('')
    expect(JSON.parse(aws.stdout).Arn).toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`)

    // Renewed from the session once a third of the 9 s is left: new keys, no new code.
    // The server answers from what it holds and renews in the background: ask until it has.
    await new Promise(resolve => setTimeout(resolve, 6_000))
    let renewed = await ask()
    for (let i = 0; i < 20 && renewed.AccessKeyId === first.AccessKeyId; i++) {
      await new Promise(resolve => setTimeout(resolve, 250))
      renewed = await ask()
    }
    expect(renewed.AccessKeyId).not.toBe(first.AccessKeyId)
    await expect(callerArn(emu.url, asRole(renewed))).resolves.toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`
    )
    expect(codesSpent(emu)).toBe(1)
    expect(emu.requests.find(r => r.action === 'GetSessionToken')?.params.DurationSeconds).toBe(
      '43200'
    )

    child?.kill('SIGINT')
    expect(await exited).toBe(0)
    await expect(fetch(uri, { headers: { Authorization: token } })).rejects.toThrow()
    for (const secret of [w.seed, w.user.secretAccessKey, token, first.SecretAccessKey]) {
      expect(stderr).not.toContain(secret)
    }
  }, 40_000)

  test('with --mfa-session, serves from the day session: no code at all', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const first = await cli(
      ['exec', 'deploy', '--mfa-session', '--sts-endpoint', emu.url, '--', 'true'],
      env()
    )
    expect(first.code).toBe(0)
    expect(codesSpent(emu)).toBe(1)
    let stdout = ''
    let stderr = ''
    let child: ChildProcess | undefined
    let printed: () => void = () => {}
    const exited = cli(
      ['serve', 'audit', '--mfa-session', '--format', 'dotenv', '--sts-endpoint', emu.url],
      env(),
      {
        signal: serving.signal,
        onStderr: text => (stderr = text),
        onStdout: (text, running) => {
          child = running
          stdout = text
          if (stdout.split('\n').length > 2) printed()
        }
      }
    ).then(run => run.code)
    await new Promise<void>(resolve => {
      printed = resolve
      void exited.then(() => resolve())
    })
    expect(stderr).toContain('no code needed')
    const variables = Object.fromEntries(
      stdout
        .trim()
        .split('\n')
        .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    )
    const response = await fetch(variables.AWS_CONTAINER_CREDENTIALS_FULL_URI, {
      headers: { Authorization: variables.AWS_CONTAINER_AUTHORIZATION_TOKEN }
    })
    const served = (await response.json()) as Record<string, string>
    await expect(
      callerArn(emu.url, {
        AWS_REGION: REGION,
        AWS_ACCESS_KEY_ID: served.AccessKeyId,
        AWS_SECRET_ACCESS_KEY: served.SecretAccessKey,
        AWS_SESSION_TOKEN: served.Token
      })
    ).resolves.toBe(`arn:aws:sts::${ACCOUNT}:assumed-role/audit/laptop`)
    expect(codesSpent(emu)).toBe(1)
    child?.kill('SIGTERM')
    expect(await exited).toBe(0)
  })

  test('refuses --role-duration-seconds, which does not apply', async () => {
    const run = await cli(['serve', 'deploy', '--role-duration-seconds', '7200'], env())
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('Option --role-duration-seconds does not apply to serve')
  })
})

describe('login PROFILE', () => {
  test('prints a console sign-in URL made through the federation endpoint, and nothing else', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const args = ['login', 'deploy', '--sts-endpoint', emu.url, '--signin-endpoint', emu.url]
    const run = await cli(args, env())
    expect(run.code).toBe(0)
    const url = new URL(run.stdout.trim())
    expect(`${url.origin}${url.pathname}`).toBe(`${emu.url}/federation`)
    const destination = `https://${REGION}.console.aws.amazon.com/console/home?region=${REGION}`
    expect(Object.fromEntries(url.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'aws-assume-role-mfa',
      Destination: destination,
      SigninToken: expect.any(String)
    })
    const token = url.searchParams.get('SigninToken') ?? ''
    expect(emu.federation.signedIn(token)?.arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`
    )
    // The console session lasts what is left of the one-hour role session.
    const asked = emu.requests.find(r => r.action === 'getSigninToken')
    expect(Number(asked?.params.SessionDuration)).toBeGreaterThan(3500)
    expect(Number(asked?.params.SessionDuration)).toBeLessThanOrEqual(3600)
    // Opening it signs in and lands on the region's console.
    const opened = await fetch(url, { redirect: 'manual' })
    expect([opened.status, opened.headers.get('location')]).toEqual([302, destination])
    // The URL and its token appear nowhere but on standard output.
    expect(run.stderr).not.toContain(token)
    expectNoSecrets(run, emu, w)

    // Again: the cached role credentials, no second code.
    const again = await cli(args, env())
    expect(again.code).toBe(0)
    expect(again.stdout).toMatch(/^http:.*SigninToken=/)
    expect(codesSpent(emu)).toBe(1)
  })

  test('--open hands the URL to the system opener, not to standard output', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    // A stand-in xdg-open that writes down what it was given.
    const bin = join(scratch, 'bin')
    mkdirSync(bin)
    const opened = join(scratch, 'opened')
    writeFileSync(join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s' "$1" > '${opened}'\n`)
    chmodSync(join(bin, 'xdg-open'), 0o755)
    const args = [
      'login',
      'deploy',
      '--open',
      '--sts-endpoint',
      emu.url,
      '--signin-endpoint',
      emu.url
    ]
    const run = await cli(args, env({ PATH: `${bin}:${process.env.PATH ?? ''}` }))
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect(run.stderr).toContain('Opened in your browser.')
    const url = new URL(readFileSync(opened, 'utf8'))
    const token = url.searchParams.get('SigninToken') ?? ''
    expect(emu.federation.signedIn(token)?.arn).toBe(
      `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`
    )
    expect(run.stderr).not.toContain(token)
  })

  test('reaches the federation endpoint through HTTPS_PROXY, as the STS calls do', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    // The region's own endpoint, signin.aws.amazon.com, reached only through the proxy, which
    // hands the tunnel's requests to the emulator.
    const proxy = await startTerminatingProxy(
      emu.url,
      makeCertificate(['signin.aws.amazon.com'], scratch)
    )
    try {
      const run = await cli(
        ['login', 'deploy', '--sts-endpoint', emu.url],
        env({ HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: join(scratch, 'cert.pem') })
      )
      expect(run.code).toBe(0)
      const url = new URL(run.stdout.trim())
      expect(`${url.origin}${url.pathname}`).toBe('https://signin.aws.amazon.com/federation')
      expect(emu.federation.signedIn(url.searchParams.get('SigninToken') ?? '')?.arn).toBe(
        `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`
      )
      // STS, on loopback, went direct; the federation endpoint through the proxy.
      expect(proxy.tunnels).toEqual(['signin.aws.amazon.com:443'])
    } finally {
      await proxy.close()
    }
  })

  test('refuses an answer larger than a sign-in token can be, and prints nothing', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    const flood = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' })
      res.end(`{"SigninToken":"${'A'.repeat(100 * 1024)}"}`)
    })
    await new Promise<void>(resolve => flood.listen(0, '127.0.0.1', resolve))
    try {
      const endpoint = `http://127.0.0.1:${(flood.address() as AddressInfo).port}`
      const args = ['login', 'deploy', '--sts-endpoint', emu.url, '--signin-endpoint', endpoint]
      const run = await cli(args, env())
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain('did not answer (the answer is too large)')
    } finally {
      flood.closeAllConnections()
      await new Promise(resolve => flood.close(resolve))
    }
  })

  test('says why when the federation endpoint refuses, with nothing on standard output', async () => {
    const w = laptopWorld()
    const emu = await start(w.config)
    writeProfiles(w)
    // A federation endpoint that is not the emulator's: it knows none of the credentials.
    const other = await startEmulator(w.config)
    try {
      const args = ['login', 'deploy', '--sts-endpoint', emu.url, '--signin-endpoint', other.url]
      const run = await cli(args, env())
      expect(run.code).toBe(1)
      expect(run.stdout).toBe('')
      expect(run.stderr).toContain('refused to make a sign-in token (HTTP 400)')
    } finally {
      await other.close()
    }
  })
})
