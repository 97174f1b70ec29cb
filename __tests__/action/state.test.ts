/**
 * The state between the main and the post step: what one saves, the other reads back as it was,
 * and anything else is refused before the post step acts on it.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { parseFileCommand } from '../support/runner.js'
import {
  State,
  StateError,
  isPost,
  markPost,
  readEndpoint,
  readProfileSnapshot,
  saveEndpoint,
  saveProfileSnapshot
} from '../../src/action/state.js'

let dir: string
const saved = { ...process.env }

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'state-test-'))
  for (const name of Object.keys(process.env)) {
    if (name.startsWith('STATE_')) delete process.env[name]
  }
  process.env.GITHUB_STATE = join(dir, 'state')
  writeFileSync(process.env.GITHUB_STATE, '')
})

afterEach(() => {
  process.env = { ...saved }
  rmSync(dir, { recursive: true, force: true })
})

/** What the runner hands the post step: STATE_<key> from the main step's state file. */
function handOver(): Record<string, string> {
  const state = parseFileCommand(readFileSync(join(dir, 'state'), 'utf8'))
  for (const [key, value] of Object.entries(state)) process.env[`STATE_${key}`] = value
  return state
}

const ENDPOINT = {
  pid: 4242,
  port: 45678,
  dir: join(tmpdir(), 'aws-assume-role-mfa-AbC123'),
  hideAccounts: true
}

describe('the post flag', () => {
  it('is unset in the main step, set once the main step marked it', () => {
    expect(isPost()).toBe(false)
    markPost()
    handOver()
    expect(isPost()).toBe(true)
  })
})

describe('the credentials endpoint', () => {
  it('reads back what the main step saved, mask-aws-account-id among it, and no token', () => {
    saveEndpoint(ENDPOINT)
    const state = handOver()
    expect(Object.keys(state)).toEqual([State.Endpoint])
    expect(readEndpoint()).toEqual(ENDPOINT)
    saveEndpoint({ ...ENDPOINT, hideAccounts: false })
    handOver()
    expect(readEndpoint()?.hideAccounts).toBe(false)
  })

  it('is undefined when the main step started none', () => {
    expect(readEndpoint()).toBeUndefined()
  })

  it.each([
    ['not JSON', '{pid'],
    ['null', 'null'],
    ['no pid', JSON.stringify({ ...ENDPOINT, pid: undefined })],
    ['pid 0', JSON.stringify({ ...ENDPOINT, pid: 0 })],
    ['a negative pid (a process group)', JSON.stringify({ ...ENDPOINT, pid: -1 })],
    ['a pid as text', JSON.stringify({ ...ENDPOINT, pid: '4242' })],
    ['port 0', JSON.stringify({ ...ENDPOINT, port: 0 })],
    ['port 65536', JSON.stringify({ ...ENDPOINT, port: 65536 })],
    ['a relative folder', JSON.stringify({ ...ENDPOINT, dir: 'aws-assume-role-mfa-x' })],
    ['a folder not of ours', JSON.stringify({ ...ENDPOINT, dir: '/home/runner' })],
    ['no mask decision', JSON.stringify({ ...ENDPOINT, hideAccounts: undefined })],
    ['a mask decision as text', JSON.stringify({ ...ENDPOINT, hideAccounts: 'false' })]
  ])('refuses %s, naming the state', (_, text) => {
    process.env[`STATE_${State.Endpoint}`] = text
    expect(() => readEndpoint()).toThrow(StateError)
    expect(() => readEndpoint()).toThrow(
      `the state ${State.Endpoint} is not what the main step saves`
    )
  })
})

describe('the profile snapshot', () => {
  it('reads back the path the main step saved', () => {
    const path = join(dir, 'aws-assume-role-mfa-x', 'profile-files.json')
    saveProfileSnapshot(path)
    handOver()
    expect(readProfileSnapshot()).toBe(path)
  })

  it('is undefined when aws-profile wrote none', () => {
    expect(readProfileSnapshot()).toBeUndefined()
  })

  it.each([
    ['a relative path', 'aws-assume-role-mfa-x/profile-files.json'],
    ['another file', '/home/runner/.aws/credentials']
  ])('refuses %s', (_, path) => {
    process.env[`STATE_${State.ProfileSnapshot}`] = path
    expect(() => readProfileSnapshot()).toThrow(StateError)
  })
})
