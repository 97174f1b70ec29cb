#!/usr/bin/env node
/**
 * The command-line tool (package.json `bin`, built to dist/cli/index.js): the action's engine for
 * a person at a terminal. main.ts picks the command; assume.ts is the default one's flow.
 */
import { readFileSync } from 'node:fs'
import { homedir, userInfo } from 'node:os'
import { runCli } from './main.js'
import { descriptorOutput } from './output.js'
import { systemClock } from '../engine/clock.js'

// The SDK warns, once per run, that its 2027 releases will need Node 22: news for this project's
// maintainers, noise on every run of a command a person types.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true'

process.exitCode = await runCli({
  argv: process.argv.slice(2),
  env: process.env,
  // Made on first use: a call given its seed by a file or variable never reads it.
  get stdin() {
    return process.stdin
  },
  // Written to the descriptors, and the streams made only if a write fails there (output.ts).
  stdout: descriptorOutput(1, () => process.stdout),
  stderr: descriptorOutput(2, () => process.stderr),
  clock: systemClock,
  home: homedir(),
  username: localUser(),
  // Read for --version alone: every other call, a cache hit above all, does without the file.
  get version() {
    return packageVersion()
  }
})

/**
 * From the package.json two folders up: the repository's from src/cli/, and the installed
 * package's from dist/cli/ (npm always packs package.json).
 */
function packageVersion(): string {
  try {
    // Built at run time, so that ncc does not copy package.json into dist/ as an asset.
    const file = new URL(['..', '..', 'package.json'].join('/'), import.meta.url)
    return String((JSON.parse(readFileSync(file, 'utf8')) as { version?: unknown }).version)
  } catch {
    return 'unknown'
  }
}

function localUser(): string {
  try {
    return userInfo().username
  } catch {
    // A container user without a passwd entry.
    return process.env.USER ?? process.env.USERNAME ?? ''
  }
}
