/**
 * The parsing rules of botocore (Python's configparser.RawConfigParser, then build_profile_map),
 * as the AWS CLI applies them to the shared files; __tests__/e2e/profile-files.test.ts checks the
 * same cases against the AWS CLI itself.
 */
import { describe, expect, it } from '@jest/globals'
import {
  configProfile,
  credentialsProfile,
  parseIni,
  replaceProfile,
  shellWords,
  splitIni
} from '../../src/settings/profile-ini.js'

const names = (text: string) => parseIni(splitIni(text).lines).sections.map(s => s.name)
const problems = (text: string) => parseIni(splitIni(text).lines).problems

describe('parseIni', () => {
  it.each([
    ['[deploy]   # production keys', 'deploy'],
    ['[deploy] ; production keys', 'deploy'],
    ['[deploy]trailing text', 'deploy'],
    ['   [deploy]', 'deploy'],
    ['[ deploy ]', ' deploy '],
    ['[a]b]', 'a]b']
  ])('reads the header %j as the section %j', (line, name) => {
    expect(names(`${line}\nkey = value\n`)).toEqual([name])
  })

  it('skips # and ; comment lines, indented or not, and takes = or : with any spacing', () => {
    const text = '# c\n; c\n[a]\n  # c\nx=1\n\t; c\ny :2\n[b]\n'
    expect(names(text)).toEqual(['a', 'b'])
    expect(problems(text)).toEqual([])
  })

  it('continues a value on deeper-indented lines, even one that looks like a header', () => {
    expect(names('[a]\nnote = one\n  [b]\n\n  more\n[c]\n')).toEqual(['a', 'c'])
    expect(parseIni(splitIni('[a]\nnote = one\n  [b]\n# c\n\n[c]\n').lines).sections[0]).toEqual({
      name: 'a',
      header: 0,
      last: 3
    })
  })

  it('splits lines at LF, CRLF and CR', () => {
    expect(names('[a]\r\nx = 1\r[b]\ny = 2')).toEqual(['a', 'b'])
  })

  it('leaves out configparser’s DEFAULT section', () => {
    expect(names('[DEFAULT]\nx = 1\n[a]\n')).toEqual(['a'])
  })

  it.each([
    ['a section twice', '[a]\n[a]\n', 'line 2: section [a] a second time'],
    ['an option twice', '[a]\nx = 1\nX = 2\n', 'line 3: x a second time in [a]'],
    ['a value before any section', 'x = 1\n[a]\n', 'line 1: a value before any [section]'],
    [
      'a line with no =',
      '[a]\njust words\n',
      'line 2: neither a [section], a comment nor a key = value'
    ]
  ])('reports %s, which makes the AWS CLI refuse the file', (_name, text, problem) => {
    expect(problems(text)).toEqual([problem])
  })
})

describe('which section is the profile', () => {
  it.each([
    ['profile deploy', true],
    ['profile   deploy', true],
    ['profile "deploy"', true],
    ["profile 'deploy'", true],
    ['profile\tdeploy', true],
    ['profiles deploy', true], // botocore checks the prefix only
    ['deploy', false],
    ['profile deploy x', false],
    ['profile "deploy', false],
    [' profile deploy', false]
  ])('in the config file, [%s] is deploy: %s', (section, expected) => {
    expect(configProfile('deploy')(section)).toBe(expected)
  })

  it('takes [default] and [profile default] for the default profile in config', () => {
    expect(configProfile('default')('default')).toBe(true)
    expect(configProfile('default')('profile default')).toBe(true)
  })

  it('takes the section name as it is in the credentials file', () => {
    expect(credentialsProfile('deploy')('deploy')).toBe(true)
    expect(credentialsProfile('deploy')('profile deploy')).toBe(false)
    expect(credentialsProfile('deploy')(' deploy ')).toBe(false)
  })

  it('splits words as Python’s shlex does', () => {
    expect(shellWords(`a "b c" 'd e' f\\ g "h\\"i"`)).toEqual(['a', 'b c', 'd e', 'f g', 'h"i'])
    expect(shellWords('a "b')).toBeUndefined()
  })
})

describe('replaceProfile', () => {
  const block = ['[deploy]', 'x = new']
  const isDeploy = credentialsProfile('deploy')

  it('replaces the section in place, keeping comments and blank lines around it', () => {
    const text = '[a]\ny = 1\n\n# about deploy\n[deploy]   # prod\nx = old\n# trailing\n\n[b]\n'
    expect(replaceProfile(text, isDeploy, block)).toBe(
      '[a]\ny = 1\n\n# about deploy\n[deploy]\nx = new\n# trailing\n\n[b]\n'
    )
  })

  it('takes the continuation lines of the section with it', () => {
    expect(replaceProfile('[deploy]\nx = old\n  more\n[b]\n', isDeploy, block)).toBe(
      '[deploy]\nx = new\n[b]\n'
    )
  })

  it('keeps one section for the profile when the config file had several', () => {
    const text = '[profile deploy]\nregion = a\n\n[profile "deploy"]\nregion = b\n'
    expect(replaceProfile(text, configProfile('deploy'), ['[profile deploy]', 'region = c'])).toBe(
      '[profile deploy]\nregion = c\n\n'
    )
  })

  it('appends after a blank line, with the file’s own line ends', () => {
    expect(replaceProfile('[a]\r\ny = 1', isDeploy, block)).toBe(
      '[a]\r\ny = 1\r\n\r\n[deploy]\r\nx = new\r\n'
    )
    expect(replaceProfile('', isDeploy, block)).toBe('[deploy]\nx = new\n')
  })
})
