// @ts-check
/**
 * A preload, `node --import ./loaded-files.js ENTRY`, that appends the path of every JavaScript
 * file the process loads as a module to the file named by LOADED_FILES, one a line, and then each
Node module it loaded as `node:NAME` (process.moduleLoadList, this preload's own included): ES modules
 * as they load (the hooks of loaded-files-hooks.js, run in Node's loader thread; Node 20.6 and
 * later), CommonJS ones (dist/cli/ is CommonJS: the entry and each chunk `require` brings in) from
 * require's cache when the process exits. For tests and the benchmark that check what a run of a
 * bundle read: a `credential_process` cache hit must read no chunk of the AWS SDK.
 */
import { appendFileSync } from 'node:fs'
import { createRequire, register } from 'node:module'

register('./loaded-files-hooks.js', import.meta.url)

const record = process.env.LOADED_FILES
const { cache } = createRequire(import.meta.url)
if (record) {
  process.on('exit', () => {
    const files = Object.keys(cache).filter(file => file.startsWith('/'))
    // Node's own record of what it loaded: long-standing, though undocumented (a test that
    // expects node:crypto after a miss notices if it goes).
    const loadList = /** @type {{ moduleLoadList?: string[] }} */ (process).moduleLoadList ?? []
    const builtins = loadList
      .map(entry => /^NativeModule ((?!internal\/)\S+)$/.exec(entry)?.[1])
      .filter(name => name !== undefined)
      .map(name => `node:${name}`)
    appendFileSync(record, [...files, ...builtins].map(line => `${line}\n`).join(''))
  })
}
