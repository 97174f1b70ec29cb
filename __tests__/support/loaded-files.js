// @ts-check
/**
 * A preload, `node --import ./loaded-files.js ENTRY`, that appends the path of every JavaScript
 * file the process loads as a module (the entry, and each chunk `import()` brings in) to the file
 * named by LOADED_FILES, one a line. For tests and the benchmark that check what a run of a bundle
 * read: a `credential_process` cache hit must read no chunk of the AWS SDK. The hooks run in
 * Node's loader thread (loaded-files-hooks.js); Node 20.6 and later.
 */
import { register } from 'node:module'

register('./loaded-files-hooks.js', import.meta.url)
