/**
 * What the committed bundle loads. @actions/core imports @actions/http-client (and undici with it)
 * only for core.getIDToken(); tsconfig.json maps that package to scripts/stubs/ for the bundle, so
 * a start of the action does not load 0.9 MB it never uses. These tests keep that true and safe:
 * nothing calls getIDToken, dist/ holds neither package, and the stub fails loudly if ever used
 * (while getIDToken is unused, webpack leaves even the stub out).
 */
import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from '@jest/globals'
import { BearerCredentialHandler, HttpClient } from '../../scripts/stubs/actions-http-client.js'

const root = fileURLToPath(new URL('../..', import.meta.url))
const dist = join(root, 'dist')
const bundle = readdirSync(dist)
  .filter(name => name.endsWith('.js'))
  .map(name => readFileSync(join(dist, name), 'utf8'))
  .join('\n')

describe('the action bundle without @actions/http-client', () => {
  test('no source asks @actions/core for an OIDC token', () => {
    const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
      .filter(name => name.endsWith('.ts'))
      .filter(name => readFileSync(join(root, 'src', name), 'utf8').includes('getIDToken'))
    expect(sources).toEqual([])
  })

  test('dist/ holds neither undici nor the HTTP client', () => {
    expect(bundle).not.toMatch(/undici/i)
    // @actions/http-client, by one of its messages (the old bundle held it).
    expect(bundle).not.toContain('Client has already been disposed')
  })

  test('the stub refuses to be used, saying why', () => {
    expect(() => new HttpClient()).toThrow(/makes no OIDC request/)
    expect(() => new BearerCredentialHandler()).toThrow(/makes no OIDC request/)
  })
})
