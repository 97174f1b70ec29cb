// @ts-check
// What main.js records and post.js compares: each file's SHA-256 (or null when missing), and the
// RUNNER_TEMP entries with the prefix. Node built-ins only: the check needs no npm install.
import { createHash } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { homedir } from 'node:os'
import { join } from 'node:path'

/** @param {string} name */
const input = name => (process.env[`INPUT_${name.toUpperCase()}`] ?? '').trim()

/** @param {string} path */
const expand = path =>
  path === '~' || path.startsWith('~/') ? join(homedir(), path.slice(1)) : path

export function snapshot() {
  /** @type {Record<string, string | null>} */
  const files = {}
  for (const path of input('files')
    .split('\n')
    .map(line => line.trim())
    .filter(Boolean)) {
    const full = expand(path)
    files[path] = existsSync(full)
      ? createHash('sha256').update(readFileSync(full)).digest('hex')
      : null
  }
  const prefix = input('temp-prefix')
  const temp = process.env.RUNNER_TEMP ?? ''
  const leftovers = prefix && temp ? readdirSync(temp).filter(name => name.startsWith(prefix)) : []
  return { files, leftovers }
}
