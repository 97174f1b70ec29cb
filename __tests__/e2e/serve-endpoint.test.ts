/**
 * `serve` hands the credentials server the STS endpoint its own requests went to, resolved once
 * (issue 19, point 3, as the action's refresh-credentials does): the server runs with a stripped
 * environment, so an endpoint from AWS_ENDPOINT_URL_STS alone would otherwise be lost, and every
 * renewal would go to the public regional host. The built dist/cli/index.js against the emulator.
 */
import { spawn } from 'node:child_process'
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, test } from '@jest/globals'
import { ACCOUNT, ROLE_ARN, SERIAL, callerArn, otpauthUri, world } from './fixtures.js'
import { CLI, cleanEnv, node, start } from './harness.js'

const REGION = 'eu-central-1'
const DEPLOY = `arn:aws:sts::${ACCOUNT}:assumed-role/deploy/laptop`

let scratch: string
let stopServe: (() => void) | undefined
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'serve-endpoint-'))
})
afterEach(() => {
  stopServe?.()
  stopServe = undefined
  rmSync(scratch, { recursive: true, force: true })
})

test('with AWS_ENDPOINT_URL_STS and no --sts-endpoint, serve renews against that endpoint', async () => {
  const w = world()
  // Role sessions of 9 s: the server renews them after 6 (a third left), from the MFA session.
  const emu = await start({ ...w.config, roleSessionSeconds: 9 })
  const seedFile = join(scratch, 'mfa-seed')
  writeFileSync(seedFile, otpauthUri(w.seed, 30))
  chmodSync(seedFile, 0o600)
  writeFileSync(
    join(scratch, 'config'),
    `[profile deploy]\nrole_arn = ${ROLE_ARN}\nmfa_serial = ${SERIAL}\nsource_profile = alice\n` +
      `region = ${REGION}\nrole_session_name = laptop\nmfa_seed_file = ${seedFile}\n`
  )
  writeFileSync(
    join(scratch, 'credentials'),
    `[alice]\naws_access_key_id = ${w.user.accessKeyId}\n` +
      `aws_secret_access_key = ${w.user.secretAccessKey}\n`
  )
  const child = spawn(node, [CLI, 'serve', 'deploy', '--format', 'json'], {
    env: cleanEnv(scratch, { AWS_ENDPOINT_URL_STS: emu.url }),
    cwd: scratch
  })
  stopServe = () => child.kill('SIGKILL')
  let stdout = ''
  let stderr = ''
  child.stderr.on('data', chunk => (stderr += chunk))
  const exited = new Promise<number | null>(resolve => child.on('close', resolve))
  const variables = await new Promise<Record<string, string> | undefined>(resolve => {
    child.stdout.on('data', chunk => {
      stdout += chunk
      try {
        resolve(JSON.parse(stdout) as Record<string, string>)
      } catch {
        // not all of it yet
      }
    })
    void exited.then(() => resolve(undefined))
  })
  expect({ variables: variables !== undefined, stderr }).toEqual({ variables: true, stderr })
  const uri = variables?.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? ''
  const token = variables?.AWS_CONTAINER_AUTHORIZATION_TOKEN ?? ''
  const ask = async () => {
    const response = await fetch(uri, { headers: { Authorization: token } })
    return { status: response.status, body: (await response.json()) as Record<string, string> }
  }
  const asRole = (c: Record<string, string>) => ({
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: c.AccessKeyId,
    AWS_SECRET_ACCESS_KEY: c.SecretAccessKey,
    AWS_SESSION_TOKEN: c.Token
  })
  const first = await ask()
  expect(first.status).toBe(200)
  await expect(callerArn(emu.url, asRole(first.body))).resolves.toBe(DEPLOY)

  // Renewed once a third of the 9 s is left; the server renews in the background: ask until it has.
  await new Promise(resolve => setTimeout(resolve, 6_000))
  let renewed = await ask()
  for (let i = 0; i < 20 && renewed.body.AccessKeyId === first.body.AccessKeyId; i++) {
    await new Promise(resolve => setTimeout(resolve, 250))
    renewed = await ask()
  }
  expect({ status: renewed.status, answer: renewed.status === 200 || renewed.body }).toEqual({
    status: 200,
    answer: true
  })
  expect(renewed.body.AccessKeyId).not.toBe(first.body.AccessKeyId)
  await expect(callerArn(emu.url, asRole(renewed.body))).resolves.toBe(DEPLOY)
  // The first role session from the command, the renewal from the server: both at the emulator.
  const assumed = emu.requests.filter(r => r.action === 'AssumeRole' && r.status === 200)
  expect(assumed.length).toBe(2)

  child.kill('SIGTERM')
  expect(await exited).toBe(0)
}, 40_000)
