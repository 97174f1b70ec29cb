/**
 * @aws-sdk/client-iam is for `init`, in the CLI's bundle (dist/cli/) only: every workflow run loads
 * the action's bundle (dist/index.js and its chunks), which must not carry it, nor grow for it.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from '@jest/globals'

const DIST = resolve(fileURLToPath(new URL('../../dist', import.meta.url)))
/** The action's files: the entry and the chunks it loads, all beside it. */
const actionFiles = readdirSync(DIST)
  .filter(name => name.endsWith('.js'))
  .map(name => join(DIST, name))

/**
 * dist/index.js and its chunks as committed before client-iam was added (issue 11), in bytes.
 * Lower it when the action shrinks; raising it is a decision for the action, never for the CLI.
 */
const ACTION_BUNDLE_BYTES = 1_738_572

/** Strings that only IAM's client has: its operations, its endpoint, its package name. */
const IAM_MARKERS = ['CreateVirtualMFADeviceCommand', 'EnableMFADeviceCommand', 'iam.amazonaws.com']

describe('bundles', () => {
  test('the CLI bundle has the IAM client (so the markers below mean something)', () => {
    // The entry and its chunks: init's module, with the IAM client, is one of those.
    const cli = readdirSync(join(DIST, 'cli'))
      .filter(name => name.endsWith('.js'))
      .map(name => readFileSync(join(DIST, 'cli', name), 'utf8'))
      .join('\n')
    for (const marker of IAM_MARKERS) expect(cli).toContain(marker)
    expect(readFileSync(join(DIST, 'cli/licenses.txt'), 'utf8')).toContain('@aws-sdk/client-iam')
  })

  test("the action's entry and chunks have none of it", () => {
    expect(actionFiles.map(file => file.slice(DIST.length + 1))).toContain('index.js')
    for (const file of actionFiles) {
      const text = readFileSync(file, 'utf8')
      for (const marker of IAM_MARKERS)
        expect({ file, has: text.includes(marker) }).toEqual({ file, has: false })
    }
    expect(readFileSync(join(DIST, 'licenses.txt'), 'utf8')).not.toContain('@aws-sdk/client-iam')
  })

  test('the CLI is CommonJS (it starts sooner), the action and the endpoint ES modules', () => {
    const type = (folder: string) =>
      JSON.parse(readFileSync(join(DIST, folder, 'package.json'), 'utf8')).type
    expect(type('cli')).toBe('commonjs')
    expect(readFileSync(join(DIST, 'cli/index.js'), 'utf8')).toMatch(/^#!\/usr\/bin\/env node\n/)
    expect(statSync(join(DIST, 'cli/index.js')).mode & 0o111).toBe(0o111)
    // Its modules compiled with the file (scripts/eager-factories.js).
    expect(readFileSync(join(DIST, 'cli/index.js'), 'utf8')).toMatch(/var \w+=\{\d+:\(function\(/)
    expect(type('')).toBe('module')
    expect(type('server')).toBe('module')
  })

  test("the action's bundle did not grow", () => {
    const bytes = actionFiles.reduce((sum, file) => sum + statSync(file).size, 0)
    expect(bytes).toBeLessThanOrEqual(ACTION_BUNDLE_BYTES)
  })
})
