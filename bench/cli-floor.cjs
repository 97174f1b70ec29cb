// @ts-check
/**
 * The floor for a `credential_process` cache hit in bench/cli.js: the least a CommonJS script (as
 * dist/cli/index.js is) can do to answer from a cache file: parse the command line, check the
 * file and print its credentials on the descriptor. No input checks, no key, no messages. Its
 * path is the argument after `--cache`.
 */
'use strict'
const { lstatSync, readFileSync, writeSync } = require('node:fs')
const { parseArgs } = require('node:util')

const { values } = parseArgs({ options: { cache: { type: 'string' } }, strict: false })
const file = String(values.cache)
if (!lstatSync(file).isFile()) process.exit(1)
const { accessKeyId, secretAccessKey, sessionToken, expiration } = JSON.parse(
  readFileSync(file, 'utf8')
)
const answer = { Version: 1, AccessKeyId: accessKeyId, SecretAccessKey: secretAccessKey }
writeSync(1, JSON.stringify({ ...answer, SessionToken: sessionToken, Expiration: expiration }))
