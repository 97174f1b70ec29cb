/**
 * `npm run emulator` (scripts/emulator.js) as a person or a workflow step runs it: a child process
 * that must print a ready endpoint with inputs that work against it, serve until SIGTERM and then
 * exit 0; or, with --background, leave a detached server behind and exit at once.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { once } from 'node:events'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  AssumeRoleCommand,
  GetCallerIdentityCommand,
  GetSessionTokenCommand,
  STSClient
} from '@aws-sdk/client-sts'
import { afterEach, beforeEach, describe, expect, test } from '@jest/globals'
import { totpCode } from './emulator/sts-emulator.js'

const SCRIPT = join(
  resolve(fileURLToPath(new URL('../..', import.meta.url))),
  'scripts/emulator.js'
)

interface Ready {
  endpoint: string
  pid: number
  inputs: Record<string, string>
  arns: { user: string; role: string }
}

let scratch: string
let foreground: ChildProcess | undefined
let backgroundPid: number | undefined

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'emulator-command-'))
})

afterEach(async () => {
  if (foreground && foreground.exitCode === null) {
    foreground.kill('SIGKILL')
    await once(foreground, 'exit')
  }
  foreground = undefined
  if (backgroundPid !== undefined && alive(backgroundPid)) process.kill(backgroundPid, 'SIGKILL')
  backgroundPid = undefined
  rmSync(scratch, { recursive: true, force: true })
})

/** Starts the command in the foreground; resolves with what it printed once ready. */
async function startForeground(...args: string[]): Promise<{ child: ChildProcess; text: string }> {
  const child = spawn(process.execPath, [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  foreground = child
  let text = ''
  child.stdout?.setEncoding('utf8')
  await new Promise<void>((done, fail) => {
    const timer = setTimeout(() => fail(new Error(`not ready in 15 s: ${text}`)), 15_000)
    child.stdout?.on('data', chunk => {
      text += chunk
      // The text ends with the AWS CLI line, the JSON with a newline.
      if (/get-caller-identity .*\n$|^\{.*\}\n$/s.test(text)) {
        clearTimeout(timer)
        done()
      }
    })
    child.once('exit', code => fail(new Error(`exited with ${code}: ${text}`)))
  })
  return { child, text }
}

function run(...args: string[]) {
  return spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8', timeout: 30_000 })
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs
  while (Date.now() < deadline) {
    if (!alive(pid)) return true
    await new Promise(resolveWait => setTimeout(resolveWait, 50))
  }
  return !alive(pid)
}

/** Does what the action does with the printed inputs: AssumeRole with the device's code. */
async function assumeWith(inputs: Record<string, string>): Promise<string | undefined> {
  const sts = new STSClient({
    endpoint: inputs['sts-endpoint'],
    region: inputs['aws-region'],
    maxAttempts: 1,
    credentials: {
      accessKeyId: inputs['aws-access-key-id'],
      secretAccessKey: inputs['aws-secret-access-key']
    }
  })
  const out = await sts.send(
    new AssumeRoleCommand({
      RoleArn: inputs['role-to-assume'],
      RoleSessionName: 'manual-try',
      SerialNumber: inputs['mfa-serial'],
      TokenCode: totpCode(inputs['mfa-seed'], Date.now() / 1000)
    })
  )
  return out.AssumedRoleUser?.Arn
}

describe('in the foreground', () => {
  test('prints an endpoint and inputs that assume the role, then exits 0 on SIGTERM', async () => {
    const { child, text } = await startForeground('--json')
    const ready = JSON.parse(text) as Ready
    expect(ready.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(ready.pid).toBe(child.pid)
    expect(Object.keys(ready.inputs).sort()).toEqual(
      [
        'aws-access-key-id',
        'aws-region',
        'aws-secret-access-key',
        'mfa-seed',
        'mfa-serial',
        'role-to-assume',
        'sts-endpoint'
      ].sort()
    )
    expect(ready.inputs['sts-endpoint']).toBe(ready.endpoint)
    expect(await assumeWith(ready.inputs)).toBe(
      'arn:aws:sts::123456789012:assumed-role/deploy/manual-try'
    )

    const started = Date.now()
    child.kill('SIGTERM')
    const [code, signal] = (await once(child, 'exit')) as [number | null, string | null]
    expect({ code, signal }).toEqual({ code: 0, signal: null })
    expect(Date.now() - started).toBeLessThan(5_000)
  })

  test('as text: the endpoint, every input as a line of with:, the CLI and AWS CLI commands', async () => {
    const { text } = await startForeground()
    const endpoint = /ready at (http:\/\/127\.0\.0\.1:\d+)/.exec(text)?.[1]
    expect(endpoint).toBeDefined()
    for (const name of ['aws-region', 'role-to-assume', 'mfa-serial', 'mfa-seed']) {
      expect(text).toMatch(new RegExp(`^  ${name}: \\S+$`, 'm'))
    }
    expect(text).toContain(`  sts-endpoint: ${endpoint}\n`)
    expect(text).toContain(
      `node dist/cli/index.js --aws-region eu-central-1 --sts-endpoint ${endpoint}`
    )
    expect(text).toContain(`aws sts get-caller-identity --endpoint-url ${endpoint}`)
    expect(text).toContain('Serving until Ctrl-C.')
  })
})

describe('--background', () => {
  test('exits 0 at once, leaving a detached emulator that serves until SIGTERM', async () => {
    const outputs = join(scratch, 'github-output')
    const result = run('--background', '--json', '--github-output', outputs)
    expect(result.status).toBe(0)
    const ready = JSON.parse(result.stdout) as Ready
    backgroundPid = ready.pid
    expect(ready.pid).not.toBe(result.pid)
    expect(alive(ready.pid)).toBe(true)

    // What a workflow step reads: name=value lines, one per input, the endpoint and the pid.
    const lines = Object.fromEntries(
      readFileSync(outputs, 'utf8')
        .trim()
        .split('\n')
        .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    )
    expect(lines).toEqual({ endpoint: ready.endpoint, pid: String(ready.pid), ...ready.inputs })
    expect(await assumeWith(lines)).toMatch(/assumed-role\/deploy\/manual-try$/)

    process.kill(ready.pid, 'SIGTERM')
    expect(await gone(ready.pid, 5_000)).toBe(true)
  })
})

describe('options', () => {
  let taken: Server | undefined
  afterEach(() => {
    taken?.close()
    taken = undefined
  })

  test('--port: a port in use fails with exit 1 and says so', async () => {
    taken = createServer()
    taken.listen(0, '127.0.0.1')
    await once(taken, 'listening')
    const { port } = taken.address() as { port: number }
    const result = run('--port', String(port))
    expect(result.status).toBe(1)
    expect(result.stdout).toBe('')
    expect(result.stderr).toContain('EADDRINUSE')
  })

  test('--port: not a port is a usage error, exit 2', () => {
    const result = run('--port', 'eighty')
    expect(result.status).toBe(2)
    expect(result.stderr).toContain("--port must be a whole number from 0 to 65535, got 'eighty'")
  })

  test('--background: a failure to start is reported, exit 1', async () => {
    taken = createServer()
    taken.listen(0, '127.0.0.1')
    await once(taken, 'listening')
    const { port } = taken.address() as { port: number }
    const result = run('--background', '--port', String(port))
    expect(result.status).toBe(1)
    expect(result.stderr).toMatch(/exited with code 1 before it was ready: .*EADDRINUSE/)
  })

  test('--secret: the same text gives the same user and device; another text, others', () => {
    const inputs = (secret: string) => {
      const result = run('--background', '--json', '--secret', secret)
      const ready = JSON.parse(result.stdout) as Ready
      process.kill(ready.pid, 'SIGTERM')
      // The port differs from run to run; everything else must not.
      return { ...ready.inputs, 'sts-endpoint': '' } as Record<string, string>
    }
    const first = inputs('run-42')
    expect(inputs('run-42')).toEqual(first)
    const other = inputs('run-43')
    expect(other['mfa-seed']).not.toBe(first['mfa-seed'])
    expect(other['aws-access-key-id']).not.toBe(first['aws-access-key-id'])
    expect(first['aws-access-key-id']).toMatch(/^AKIA[A-Z2-7]{16}$/)
    expect(first['mfa-seed']).toMatch(/^[A-Z2-7]{64}$/)
  })

  test('--help prints the usage, exit 0', () => {
    const result = run('--help')
    expect(result.status).toBe(0)
    expect(result.stdout).toMatch(/^Usage: npm run emulator -- \[options\]/)
    for (const option of ['--port', '--background', '--secret', '--json', '--github-output']) {
      expect(result.stdout).toContain(option)
    }
  })
})

test('the GetCallerIdentity of the user keys it prints answers the user', async () => {
  const result = run('--background', '--json')
  const ready = JSON.parse(result.stdout) as Ready
  backgroundPid = ready.pid
  const sts = new STSClient({
    endpoint: ready.endpoint,
    region: 'eu-central-1',
    maxAttempts: 1,
    credentials: {
      accessKeyId: ready.inputs['aws-access-key-id'],
      secretAccessKey: ready.inputs['aws-secret-access-key']
    }
  })
  expect((await sts.send(new GetCallerIdentityCommand({}))).Arn).toBe(ready.arns.user)
})

describe('lifetimes for trying renewal by hand', () => {
  test('--role-session-seconds and --mfa-session-seconds end sessions that early, and are in --help', async () => {
    const help = run('--help').stdout
    expect(help).toContain('--role-session-seconds N')
    expect(help).toContain('--mfa-session-seconds N')
    const { text } = await startForeground('--json', '--role-session-seconds', '5')
    const ready = JSON.parse(text) as Ready
    const sts = new STSClient({
      endpoint: ready.endpoint,
      region: 'eu-central-1',
      maxAttempts: 1,
      credentials: {
        accessKeyId: ready.inputs['aws-access-key-id'],
        secretAccessKey: ready.inputs['aws-secret-access-key']
      }
    })
    const asked = Date.now()
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: ready.inputs['role-to-assume'],
        RoleSessionName: 'manual-try',
        DurationSeconds: 3600,
        SerialNumber: ready.inputs['mfa-serial'],
        TokenCode: totpCode(ready.inputs['mfa-seed'], Date.now() / 1000)
      })
    )
    const left = (out.Credentials?.Expiration?.getTime() ?? 0) - asked
    expect(left).toBeGreaterThan(2_000)
    expect(left).toBeLessThanOrEqual(6_000)
  })

  test('--mfa-max-age-seconds: the role refuses an MFA session older than the bound', async () => {
    expect(run('--help').stdout).toContain('--mfa-max-age-seconds N')
    const { text } = await startForeground('--json', '--mfa-max-age-seconds', '2')
    const ready = JSON.parse(text) as Ready
    const client = (credentials: {
      accessKeyId: string
      secretAccessKey: string
      sessionToken?: string
    }) =>
      new STSClient({
        endpoint: ready.endpoint,
        region: 'eu-central-1',
        maxAttempts: 1,
        credentials
      })
    const user = client({
      accessKeyId: ready.inputs['aws-access-key-id'],
      secretAccessKey: ready.inputs['aws-secret-access-key']
    })
    const { Credentials: c } = await user.send(
      new GetSessionTokenCommand({
        SerialNumber: ready.inputs['mfa-serial'],
        TokenCode: totpCode(ready.inputs['mfa-seed'], Date.now() / 1000)
      })
    )
    const session = client({
      accessKeyId: c?.AccessKeyId ?? '',
      secretAccessKey: c?.SecretAccessKey ?? '',
      sessionToken: c?.SessionToken
    })
    const assume = () =>
      session.send(
        new AssumeRoleCommand({ RoleArn: ready.inputs['role-to-assume'], RoleSessionName: 'aged' })
      )
    expect((await assume()).AssumedRoleUser?.Arn).toMatch(/assumed-role\/deploy\/aged$/)
    await new Promise(resolveWait => setTimeout(resolveWait, 3_000))
    await expect(assume()).rejects.toMatchObject({ name: 'AccessDenied' })
  })

  test.each(['0', '1.5', 'ten', '200000'])(
    '--mfa-session-seconds %s is a usage error, exit 2',
    value => {
      const result = run('--mfa-session-seconds', value)
      expect(result.status).toBe(2)
      expect(result.stderr).toContain(
        `--mfa-session-seconds must be a whole number of seconds from 1 to 129600, got '${value}'`
      )
    }
  )
})
