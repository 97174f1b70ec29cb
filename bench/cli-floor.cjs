// @ts-check
/**
 * The floor for a `credential_process` cache hit in bench/cli.js: the least an ES module can do
 * to answer from a cache file, with the Node modules the command needs (fs, crypto, os, util) and
 * nothing else: parse the command line, hash a key, check the file and print its credentials. No
 * input checks, no messages. Its path is the argument after `--cache`.
 */
import { lstatSync, readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { homedir } from 'node:os'
import { parseArgs } from 'node:util'

const { values } = parseArgs({ options: { cache: { type: 'string' } }, strict: false })
createHash('sha256')
  .update(JSON.stringify([homedir(), values]))
  .digest('hex')
const file = String(values.cache)
if (!lstatSync(file).isFile()) process.exit(1)
const { accessKeyId, secretAccessKey, sessionToken, expiration } = JSON.parse(
  readFileSync(file, 'utf8')
)
const answer = { Version: 1, AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey }
process.stdout.write(
  JSON.stringify({ ...answer, SessionToken: sessionToken, Expiration: expiration })
)
