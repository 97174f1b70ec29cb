import { spawnSync } from 'node:child_process'
import { describe, expect, it } from '@jest/globals'
import {
  dotenvQuote,
  fishQuote,
  formatCredentials,
  powershellQuote,
  shellQuote
} from '../../src/cli/formats.js'
import { makeCredentials } from '../helpers/fixtures.js'

const credentials = makeCredentials()
const REGION = 'eu-central-1'
const EXPIRATION = '2030-01-02T03:04:05.000Z'

/** Values no credential holds, but that a quoting bug would turn into a command or a mangled value. */
const AWKWARD = [
  "it's",
  "''",
  '$HOME',
  '${HOME}',
  '$(touch /tmp/pwned)',
  '`id`',
  '"double"',
  'back\\slash',
  'trailing\\',
  'two\nlines',
  'a#b c',
  '!event',
  ''
]

describe('the environment formats', () => {
  it('set the same six variables as the action exports', () => {
    const dotenv = formatCredentials('dotenv', credentials, REGION)
    const pairs = dotenv
      .trimEnd()
      .split('\n')
      .map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    expect(pairs).toEqual([
      ['AWS_ACCESS_KEY_ID', credentials.accessKeyId],
      ['AWS_SECRET_ACCESS_KEY', credentials.secretAccessKey],
      ['AWS_SESSION_TOKEN', credentials.sessionToken],
      ['AWS_CREDENTIAL_EXPIRATION', EXPIRATION],
      ['AWS_REGION', REGION],
      ['AWS_DEFAULT_REGION', REGION]
    ])
  })

  it('sh: export lines with single-quoted values', () => {
    expect(formatCredentials('sh', credentials, REGION)).toBe(
      `export AWS_ACCESS_KEY_ID='${credentials.accessKeyId}'\n` +
        `export AWS_SECRET_ACCESS_KEY='${credentials.secretAccessKey}'\n` +
        `export AWS_SESSION_TOKEN='${credentials.sessionToken}'\n` +
        `export AWS_CREDENTIAL_EXPIRATION='${EXPIRATION}'\n` +
        `export AWS_REGION='${REGION}'\n` +
        `export AWS_DEFAULT_REGION='${REGION}'\n`
    )
  })

  it('fish: set -gx lines', () => {
    const text = formatCredentials('fish', credentials, REGION)
    expect(text.split('\n')[0]).toBe(`set -gx AWS_ACCESS_KEY_ID '${credentials.accessKeyId}'`)
    expect(text.split('\n')).toHaveLength(7)
  })

  it('powershell: $Env: assignments', () => {
    const text = formatCredentials('powershell', credentials, REGION)
    expect(text.split('\n')[5]).toBe(`$Env:AWS_DEFAULT_REGION = '${REGION}'`)
    expect(text.split('\n')).toHaveLength(7)
  })

  it('dotenv: NAME=value lines, bare for the characters of credentials', () => {
    expect(formatCredentials('dotenv', credentials, REGION)).toBe(
      `AWS_ACCESS_KEY_ID=${credentials.accessKeyId}\n` +
        `AWS_SECRET_ACCESS_KEY=${credentials.secretAccessKey}\n` +
        `AWS_SESSION_TOKEN=${credentials.sessionToken}\n` +
        `AWS_CREDENTIAL_EXPIRATION=${EXPIRATION}\n` +
        `AWS_REGION=${REGION}\n` +
        `AWS_DEFAULT_REGION=${REGION}\n`
    )
  })
})

describe('the JSON formats', () => {
  it('json: the shape aws sts assume-role prints', () => {
    expect(JSON.parse(formatCredentials('json', credentials, REGION))).toEqual({
      Credentials: {
        AccessKeyId: credentials.accessKeyId,
        SecretAccessKey: credentials.secretAccessKey,
        SessionToken: credentials.sessionToken,
        Expiration: EXPIRATION
      },
      AssumedRoleUser: { Arn: credentials.arn }
    })
  })

  it('credential-process: version 1 of the AWS CLI credential_process output', () => {
    expect(JSON.parse(formatCredentials('credential-process', credentials, REGION))).toEqual({
      Version: 1,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: EXPIRATION
    })
  })

  it('escape what JSON needs escaped', () => {
    const awkward = makeCredentials({ sessionToken: 'a"b\\c\nd' })
    const parsed = JSON.parse(formatCredentials('credential-process', awkward, REGION))
    expect(parsed.SessionToken).toBe('a"b\\c\nd')
  })
})

describe('shellQuote', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", `'it'\\''s'`],
    ['$HOME', "'$HOME'"],
    ['"x"', `'"x"'`],
    ['', "''"]
  ])('quotes %j as %s', (value, quoted) => {
    expect(shellQuote(value)).toBe(quoted)
  })

  it.each(AWKWARD)('gives %j back unchanged through eval in bash and sh', value => {
    for (const shell of ['bash', 'sh']) {
      const script = 'eval "$1"; printf %s "$X"'
      const line = `export X=${shellQuote(value)}`
      const result = spawnSync(shell, ['-c', script, '-', line], { encoding: 'utf8' })
      expect(result.stderr).toBe('')
      expect(result.stdout).toBe(value)
    }
  })

  it('runs nothing inside a value, through a whole sh output', () => {
    const hostile = makeCredentials({ sessionToken: "'; echo INJECTED; '$(echo INJECTED)" })
    const text = formatCredentials('sh', hostile, REGION)
    const result = spawnSync(
      'bash',
      ['-c', `eval "$1"; printf %s "$AWS_SESSION_TOKEN"`, '-', text],
      {
        encoding: 'utf8'
      }
    )
    expect(result.stdout).toBe(hostile.sessionToken)
  })
})

describe('fishQuote', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it\\'s'"],
    ['back\\slash', "'back\\\\slash'"],
    ['$HOME', "'$HOME'"],
    ['two\nlines', "'two\nlines'"]
  ])('quotes %j as %s', (value, quoted) => {
    expect(fishQuote(value)).toBe(quoted)
  })
})

describe('powershellQuote', () => {
  it.each([
    ['plain', "'plain'"],
    ["it's", "'it''s'"],
    ['$Env:HOME', "'$Env:HOME'"],
    ['curly\u2019quote', "'curly\u2019\u2019quote'"],
    ['"x"', `'"x"'`]
  ])('quotes %j as %s', (value, quoted) => {
    expect(powershellQuote(value)).toBe(quoted)
  })
})

describe('dotenvQuote', () => {
  it.each([
    ['ASIAQWERTYUIOPASDFGH', 'ASIAQWERTYUIOPASDFGH'],
    ['a/b+c=', 'a/b+c='],
    ['2030-01-02T03:04:05.000Z', '2030-01-02T03:04:05.000Z'],
    ['$HOME', "'$HOME'"],
    ['a#b c', "'a#b c'"],
    ['"double"', `'"double"'`],
    ["it's", `"it's"`],
    ["it's $HOME", `"it's \\$HOME"`],
    ['two\nlines', '"two\\nlines"'],
    ['', '']
  ])('quotes %j as %s', (value, quoted) => {
    expect(dotenvQuote(value)).toBe(quoted)
  })
})
