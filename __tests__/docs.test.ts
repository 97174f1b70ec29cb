/**
 * The README documents the interface declared in action.yml. These tests keep the two from
 * drifting: the inputs and outputs tables list exactly what action.yml declares, in its order, with
 * its required flags, defaults and descriptions; and src/ reads every input and sets every output.
 * They also keep the rest of the docs honest: the README stays short, links lead somewhere, the
 * troubleshooting headings quote real messages, and the workflows shown follow the security advice.
 */
import { describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, normalize } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { regionVariables, sessionVariables } from '../src/engine/credentials.js'
import { STS_ADVICE } from '../src/engine/sts-errors.js'

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

/**
 * The Markdown files a reader of the repository gets: the README, SECURITY.md, CONTRIBUTING.md,
 * CHANGELOG.md, docs/ and the test support's README.
 */
const markdownFiles = [
  'README.md',
  'SECURITY.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  '__tests__/support/README.md',
  ...readdirSync(join(root, 'docs'))
    .filter(name => name.endsWith('.md'))
    .map(name => join('docs', name))
]
const exampleFiles = readdirSync(join(root, 'examples'))
  .filter(name => /\.ya?ml$/.test(name))
  .map(name => join('examples', name))

/** Markdown without its fenced code blocks, whose brackets and hashes are not links or headings. */
const prose = (markdown: string) => markdown.replace(/^(\s*)```[^\n]*\n[\s\S]*?^\1```$/gm, '')

/** The contents of the fenced code blocks of one language. */
const codeBlocks = (markdown: string, language: string) =>
  [
    ...markdown.matchAll(new RegExp(`^(\\s*)\`\`\`${language}\\n([\\s\\S]*?)^\\1\`\`\`$`, 'gm'))
  ].map(match => match[2].replace(new RegExp(`^${match[1]}`, 'gm'), ''))

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens. */
const slug = (heading: string) =>
  heading
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .toLowerCase()
    .trim()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '')
    .replace(/ /g, '-')

/** Every anchor a Markdown file has: one per heading, repeated ones numbered as GitHub does. */
function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>()
  const result = new Set<string>()
  for (const [, heading] of prose(markdown).matchAll(/^#{1,6} +(.+?) *#*$/gm)) {
    const base = slug(heading)
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    result.add(count === 0 ? base : `${base}-${count}`)
  }
  return result
}

describe('the docs', () => {
  test('the README stays within 20 KB: the rest belongs in docs/', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(20 * 1024)
  })

  const links = markdownFiles.flatMap(file =>
    [
      ...prose(read(file))
        .replace(/`[^`\n]*`/g, '')
        .matchAll(/\]\(([^)\s]+)\)/g)
    ]
      .map(match => match[1])
      .filter(target => !/^[a-z][a-z0-9+.-]*:/i.test(target))
      .map(target => ({ file, target }))
  )

  test('link to one another', () => {
    expect(links.length).toBeGreaterThan(20)
  })

  const resolve = ({ file, target }: { file: string; target: string }) => {
    const path = target.split('#')[0]
    return path ? normalize(join(dirname(file), decodeURIComponent(path))) : file
  }

  test.each(links)('$file: $target leads to a file in the repository', link => {
    expect(resolve(link).startsWith('..')).toBe(false)
    expect(existsSync(join(root, resolve(link)))).toBe(true)
  })

  test.each(links.filter(link => link.target.includes('#')))(
    '$file: $target leads to a heading that exists',
    link => {
      const anchor = link.target.split('#')[1]
      expect(resolve(link)).toMatch(/\.md$/)
      expect([...anchors(read(resolve(link)))]).toContain(anchor)
    }
  )
})

describe('docs/design.md', () => {
  const layout = read('docs/design.md').split('## Source layout')[1] ?? ''
  const folders = readdirSync(join(root, 'src'), { withFileTypes: true })
    .filter(entry => entry.isDirectory())
    .map(entry => entry.name)

  test('describes every folder of src/', () => {
    expect(folders.length).toBeGreaterThan(0)
    expect(folders.filter(folder => !layout.includes(`**\`src/${folder}/\`**`))).toEqual([])
  })

  test.each(folders)('lists exactly the files of src/%s/', folder => {
    const item = layout.split('\n- ').find(text => text.startsWith(`**\`src/${folder}/\`**`)) ?? ''
    const listed = [
      ...new Set([...item.matchAll(/`([\w.-]+\.ts)`/g)].map(match => match[1]))
    ].sort()
    const present = readdirSync(join(root, 'src', folder)).filter(name => name.endsWith('.ts'))
    expect(listed).toEqual(present.sort())
  })

  test('names only source files that exist', () => {
    const named = markdownFiles.flatMap(file => [...read(file).matchAll(/`(src\/[\w/.-]+\.ts)`/g)])
    expect(named.length).toBeGreaterThan(0)
    expect(named.map(match => match[1]).filter(path => !existsSync(join(root, path)))).toEqual([])
  })
})

describe('docs/troubleshooting.md', () => {
  const troubleshooting = read('docs/troubleshooting.md')
  // Messages are template literals joined with `+` across lines: join them, drop the ${…}.
  const messages = sources.replace(/(['"`])\s*\+\s*(['"`])/g, '').replace(/\$\{[^}]*\}/g, '')
  // The docs quote messages as a reader sees them, with placeholders (<role>, N, FILE, …) for
  // what src/ interpolates; input names are often interpolated too.
  const names = Object.keys(action.inputs).sort((a, b) => b.length - a.length)
  const placeholder = new RegExp(`<[^>]+>|…|\\b(?:N|FILE|${names.join('|')})\\b`)
  const quoted = [
    ...[...troubleshooting.matchAll(/^## `([^`]+)`$/gm)].map(match => match[1]),
    ...[...troubleshooting.matchAll(/^\| `([^`]+)`/gm)].map(match => match[1])
  ]
  const fragments = (message: string) =>
    message
      .split(placeholder)
      .map(part => part.trim())
      .filter(part => part.length >= 4)

  test('has a heading for each failure', () => {
    expect(quoted.length).toBeGreaterThan(25)
  })

  test.each(quoted)('quotes a message that src/ produces: %s', message => {
    expect(fragments(message).length).toBeGreaterThan(0)
    expect(fragments(message).filter(part => !messages.includes(part))).toEqual([])
  })
})

describe('the workflows shown', () => {
  const yamlBlocks = markdownFiles.flatMap(file =>
    codeBlocks(read(file), 'yaml').map(text => ({ file, text }))
  )
  const workflows = exampleFiles.map(file => ({ file, text: read(file) }))
  const uses = [...workflows, ...yamlBlocks].flatMap(({ file, text }) =>
    [...text.matchAll(/uses: *(\S+)(.*)$/gm)].map(([, action, rest]) => ({ file, action, rest }))
  )

  test('include at least four complete examples', () => {
    expect(exampleFiles.length).toBeGreaterThanOrEqual(4)
  })

  test("the README's workflow is examples/single-job.yml, which actionlint checks", () => {
    const example = read('examples/single-job.yml').replace(/^(#.*\n)+/, '')
    expect(codeBlocks(readme, 'yaml')[0]).toBe(example)
  })

  test.each(uses)('$file pins $action to a commit, its tag in a comment', ({ action, rest }) => {
    expect(action).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/)
    expect(rest).toMatch(/^ # v\d/)
  })

  test.each(workflows)('$file follows the security advice', ({ text }) => {
    const workflow = parse(text) as {
      permissions?: Record<string, string>
      jobs: Record<string, { permissions?: unknown; environment?: unknown; steps: Step[] }>
    }
    interface Step {
      uses?: string
      with?: Record<string, unknown>
    }
    for (const job of Object.values(workflow.jobs)) {
      expect(job.permissions ?? workflow.permissions).toEqual({ contents: 'read' })
      for (const step of job.steps.filter(s => s.uses?.startsWith('actions/checkout@'))) {
        expect(step.with?.['persist-credentials']).toBe(false)
      }
    }
    const secretsOutsideEnvironment = Object.entries(workflow.jobs)
      .filter(([, job]) => JSON.stringify(job).includes('secrets.') && !job.environment)
      .map(([name]) => name)
    expect(secretsOutsideEnvironment).toEqual([])
  })
})
