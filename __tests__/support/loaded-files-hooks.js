// @ts-check
/** The module hooks of loaded-files.js: each file: URL loaded is recorded, then loaded as usual. */
import { appendFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * @param {string} url
 * @param {object} context
 * @param {(url: string, context: object) => Promise<unknown>} nextLoad
 */
export async function load(url, context, nextLoad) {
  const record = process.env.LOADED_FILES
  if (record && url.startsWith('file:')) appendFileSync(record, `${fileURLToPath(url)}\n`)
  return nextLoad(url, context)
}
