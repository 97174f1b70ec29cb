/**
 * The README documents the interface declared in action.yml. These tests keep the two from
 * drifting: the inputs and outputs tables list exactly what action.yml declares, in its order, with
 * its required flags, defaults and descriptions; and src/ reads every input and sets every output.
 */
import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { regionVariables, sessionVariables } from '../src/engine/credentials.js'
import { STS_ADVICE } from '../src/engine/errors.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const read = (path: string) => readFileSync(join(root, path), 'utf8')

interface ActionInput {
  description: string
  required?: boolean
  default?: string
}
interface ActionYml {
  inputs: Record<string, ActionInput>
  outputs: Record<string, { description: string }>
  runs: { using: string; main: string; post?: string; 'post-if'?: string }
}

const action = parse(read('action.yml')) as ActionYml
const readme = read('README.md')
const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' })
  .filter(name => name.endsWith('.ts'))
  .map(name => read(join('src', name)))
  .join('\n')

/** The rows of the Markdown table between `<!-- NAME:start -->` and `<!-- NAME:end -->`. */
function tableRows(name: string): string[][] {
  const start = readme.indexOf(`<!-- ${name}:start -->`)
  const end = readme.indexOf(`<!-- ${name}:end -->`)
  if (start < 0 || end < start) throw new Error(`README.md has no <!-- ${name}:start/end --> pair`)
  const lines = readme
    .slice(start, end)
    .split('\n')
    .map(line => line.trim())
    .filter(line => line.startsWith('|'))
  // lines[0] is the header, lines[1] the |---| separator.
  return lines.slice(2).map(line =>
    line
      .replace(/^\||\|$/g, '')
      .split(/(?<!\\)\|/)
      .map(cell => cell.trim().replace(/\\\|/g, '|'))
  )
}

/** Markdown cell text as plain text: code spans unwrapped, whitespace collapsed. */
const plain = (text: string) => text.replace(/`/g, '').replace(/\s+/g, ' ').trim()

/** action.yml's text as the runner shows it (folded scalars, trimmed). */
const yamlText = (text: string | undefined) => (text ?? '').replace(/\s+/g, ' ').trim()

describe('README inputs table', () => {
  const rows = tableRows('inputs')
  const documented = rows.map(([name, required, fallback, description]) => ({
    name: plain(name),
    required: required,
    default: plain(fallback),
    description: plain(description)
  }))
  const declared = Object.entries(action.inputs).map(([name, input]) => ({
    name,
    required: input.required === true ? 'yes' : 'no',
    default: yamlText(input.default),
    description: yamlText(input.description)
  }))

  test('has four columns in every row', () => {
    expect(rows.filter(row => row.length !== 4)).toEqual([])
  })

  test('lists exactly the inputs of action.yml, in the same order', () => {
    expect(documented.map(row => row.name)).toEqual(declared.map(row => row.name))
  })

  test.each(declared)('documents $name as in action.yml', input => {
    const row = documented.find(r => r.name === input.name)
    expect(row).toEqual(input)
  })
})

describe('README outputs table', () => {
  const rows = tableRows('outputs')
  const documented = rows.map(([name, description]) => ({
    name: plain(name),
    description: plain(description)
  }))
  const declared = Object.entries(action.outputs).map(([name, output]) => ({
    name,
    description: yamlText(output.description)
  }))

  test('has two columns in every row', () => {
    expect(rows.filter(row => row.length !== 2)).toEqual([])
  })

  test('lists exactly the outputs of action.yml, in the same order', () => {
    expect(documented.map(row => row.name)).toEqual(declared.map(row => row.name))
  })

  test.each(declared)('documents $name as in action.yml', output => {
    expect(documented.find(r => r.name === output.name)).toEqual(output)
  })
})

describe('action.yml and src/', () => {
  test.each(Object.keys(action.inputs))('src/ reads the input %s', name => {
    expect(sources).toContain(`'${name}'`)
  })

  test.each(Object.keys(action.outputs))('src/ sets the output %s', name => {
    expect(sources).toContain(`setOutput('${name}'`)
  })

  test('runs on node24, with main and post both dist/index.js', () => {
    expect(action.runs.using).toBe('node24')
    expect(action.runs.main).toBe('dist/index.js')
    expect(action.runs.post).toBe('dist/index.js')
  })

  test('the README names every environment variable that src/ exports', () => {
    const credentials = { accessKeyId: '', secretAccessKey: '', sessionToken: '', arn: '' }
    const exported = [
      ...sessionVariables({ ...credentials, accountId: '', expiration: new Date(0) }),
      ...regionVariables('us-east-1')
    ].map(([name]) => name)
    expect(exported.filter(name => !readme.includes(`\`${name}\``))).toEqual([])
  })
})

describe('Troubleshooting', () => {
  // The guide may live in the README or under docs/: every heading of either counts.
  const guides = [
    readme,
    ...(existsSync(join(root, 'docs'))
      ? readdirSync(join(root, 'docs'))
          .filter(name => name.endsWith('.md'))
          .map(name => read(join('docs', name)))
      : [])
  ]
  const headings = guides.flatMap(text =>
    [...text.matchAll(/^#{2,4} `(.+?)`/gm)].map(match => match[1])
  )

  test.each(STS_ADVICE.map(entry => entry.heading))(
    'has a heading for the STS failure "%s"',
    heading => {
      expect(headings.filter(text => text.startsWith(heading))).toHaveLength(1)
    }
  )
})
