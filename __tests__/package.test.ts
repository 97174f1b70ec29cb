/**
 * The npm package as users get it: what `npm pack` ships (the action, the built CLI, the docs, and
 * no development file), and the packed tarball installed globally, offline, into a scratch prefix,
 * as the README's `npm install --global aws-assume-role-mfa` does.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)))
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  name: string
  version: string
  private?: boolean
  bin: Record<string, string>
  files: string[]
  engines: { node: string }
  dependencies?: Record<string, string>
  repository: { url: string }
}
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'
const NPM_OPTIONS = ['--no-audit', '--no-fund', '--loglevel=error']

/** What a user may receive. Everything else in the repository is for its developers. */
const SHIPPED =
  /^(package\.json|README\.md|LICENSE|CHANGELOG\.md|SECURITY\.md|action\.yml|dist\/.+|docs\/[\w.-]+\.md)$/

let packed: string[]
let scratch: string

beforeAll(() => {
  scratch = mkdtempSync(join(tmpdir(), 'package-test-'))
  const [result] = JSON.parse(
    execFileSync(npm, ['pack', '--dry-run', '--json', ...NPM_OPTIONS], {
      cwd: ROOT,
      encoding: 'utf8',
      shell: process.platform === 'win32'
    })
  ) as [{ files: { path: string }[] }]
  packed = result.files.map(file => file.path).sort()
}, 60_000)

afterAll(() => rmSync(scratch, { recursive: true, force: true }))

describe('npm pack', () => {
  test('ships the action, the built CLI, the docs and the changelog', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'CHANGELOG.md',
      'action.yml',
      'dist/index.js',
      'dist/cli/index.js',
      'docs/cli.md'
    ]) {
      expect(packed).toContain(file)
    }
  })

  test('ships every committed file of dist/, or the action would miss a chunk', () => {
    const committed = execFileSync('git', ['ls-files', 'dist'], { cwd: ROOT, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
    expect(committed.length).toBeGreaterThan(2)
    expect(packed).toEqual(expect.arrayContaining(committed))
  })

  test('ships no development file: sources, tests, emulator, scripts, benchmarks, CI', () => {
    expect(packed.filter(file => !SHIPPED.test(file))).toEqual([])
    expect(packed.filter(file => /__tests__|emulator|^src\/|^bench\//.test(file))).toEqual([])
  })
})

describe('package.json', () => {
  test('is publishable, with the CLI as its bin and the Node versions it supports', () => {
    expect(pkg.private).toBeUndefined()
    expect(pkg.bin).toEqual({ 'aws-assume-role-mfa': 'dist/cli/index.js' })
    expect(pkg.engines.node).toBe('>=20')
    expect(pkg.repository.url).toMatch(/^git\+https:\/\/github\.com\/.+\/aws-assume-role-mfa\.git$/)
  })

  test('has no runtime dependency: ncc bundles them all into dist/, so installs fetch nothing', () => {
    expect(pkg.dependencies ?? {}).toEqual({})
  })
})

test('the packed tarball installs globally, offline, and its command runs', () => {
  execFileSync(npm, ['pack', '--pack-destination', scratch, ...NPM_OPTIONS], {
    cwd: ROOT,
    shell: process.platform === 'win32'
  })
  const tarball = join(scratch, `${pkg.name}-${pkg.version}.tgz`)
  const prefix = join(scratch, 'prefix')
  // --offline: there is nothing to fetch. (npm's cache could still serve a dependency here; the
  // test of package.json above is what keeps them out.)
  execFileSync(
    npm,
    ['install', '--global', '--offline', '--prefix', prefix, tarball, ...NPM_OPTIONS],
    { cwd: scratch, shell: process.platform === 'win32' }
  )
  const bin =
    process.platform === 'win32'
      ? join(prefix, 'aws-assume-role-mfa.cmd')
      : join(prefix, 'bin', 'aws-assume-role-mfa')
  const run = (...args: string[]) =>
    spawnSync(bin, args, {
      cwd: scratch,
      encoding: 'utf8',
      // All of this system's variables (Windows needs SystemRoot and more), with a scratch home.
      env: { ...process.env, HOME: scratch, USERPROFILE: scratch },
      shell: process.platform === 'win32'
    })

  expect(run('--version')).toMatchObject({ status: 0, stdout: `${pkg.version}\n`, stderr: '' })
  expect(run('-V').stdout).toBe(`${pkg.version}\n`)
  const help = run('--help')
  expect(help.status).toBe(0)
  expect(help.stdout).toMatch(/^Usage: aws-assume-role-mfa /)
  // A real failure path, to show the installed bundle loads its whole engine without node_modules.
  const failed = run('--role-to-assume', 'nope')
  expect(failed.status).toBe(1)
  expect(failed.stdout).toBe('')
  expect(failed.stderr).toContain('--role-to-assume')
}, 120_000)
