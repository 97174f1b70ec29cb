/**
 * The cache lock across processes, as the AWS CLI, a script or Terraform start credential_process:
 * 12 processes at once at a lock left by a dead holder, for several rounds (bench/lock-stress.js
 * runs the same for as many rounds as asked). Never two holders at once; everyone gets its turn.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { buildChild, round } from '../../bench/lock-stress.js'

const ROUNDS = 15
const PROCESSES = 12

let folder: string
let bundle: string
beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'cache-lock-processes-'))
  bundle = (await buildChild(folder)) as string
}, 60_000)
afterAll(() => rmSync(folder, { recursive: true, force: true }))

test(`${PROCESSES} processes at a dead holder's lock, ${ROUNDS} rounds: one holder at a time`, async () => {
  const results: Array<{ most: number; entered: number; failed: number }> = []
  for (let i = 0; i < ROUNDS; i++) results.push(await round(bundle, folder, PROCESSES))
  expect(results.map(r => r.most)).toEqual(results.map(() => 1))
  expect(results.map(r => r.entered)).toEqual(results.map(() => PROCESSES))
  expect(results.map(r => r.failed)).toEqual(results.map(() => 0))
}, 180_000)
