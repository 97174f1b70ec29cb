// @ts-check
/**
 * `npm run package`: dist/ from the sources, with ncc (each build minified, its licences beside it).
 *
 * - dist/index.js, the action (main and post steps), and dist/server/index.js, the credentials
 *   endpoint: ES modules, as the sources are.
 * - dist/cli/index.js, the command-line tool: CommonJS. As a profile's credential_process it starts
 *   before every AWS CLI command, and Node 20 spends about 4 ms more starting an ES module than a
 *   CommonJS script (its ESM loader alone; docs/design.md, Performance). ncc's `esm: false` (an
 *   option of its API, not of its command line) bundles the same ES module sources as CommonJS;
 *   dist/cli/package.json says so to Node, over the package's "type": "module". Its module
 *   factories are then made parenthesized function expressions (eager-factories.js).
 */
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { compiledWithTheFile } from './eager-factories.js'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const load = createRequire(import.meta.url)
/** @type {(entry: string, options: object) => Promise<{ code: string, assets: Record<string, { source: string | Buffer }> }>} */
const ncc = load('@vercel/ncc')
const NCC_CLI = load.resolve('@vercel/ncc/dist/ncc/cli.js')
const LICENSES = 'licenses.txt'

rmSync(join(ROOT, 'dist'), { recursive: true, force: true })
for (const [entry, out] of [
  ['src/action/index.ts', 'dist'],
  ['src/server/index.ts', 'dist/server']
]) {
  execFileSync(
    process.execPath,
    [
      NCC_CLI,
      'build',
      entry,
      '-o',
      out,
      '--license',
      LICENSES,
      '--transpile-only',
      '--minify',
      '-q'
    ],
    { cwd: ROOT, stdio: 'inherit' }
  )
}

const cli = join(ROOT, 'dist/cli')
const { code, assets } = await ncc(join(ROOT, 'src/cli/index.ts'), {
  esm: false,
  minify: true,
  transpileOnly: true,
  license: LICENSES,
  quiet: true
})
mkdirSync(cli, { recursive: true })
writeFileSync(join(cli, 'index.js'), compiledWithTheFile(code))
chmodSync(join(cli, 'index.js'), 0o755)
for (const [name, asset] of Object.entries(assets)) {
  mkdirSync(dirname(join(cli, name)), { recursive: true })
  writeFileSync(join(cli, name), asset.source)
}
writeFileSync(join(cli, 'package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`)
