/**
 * The shared credentials and config files read as the AWS CLI reads them, so that the profile the
 * action finds, replaces or adds is the one `aws --profile NAME` will use, and a file the AWS CLI
 * can read stays one it can read.
 *
 * The AWS CLI (botocore's configloader, "Configuration and credential file settings" in the AWS
 * CLI User Guide) reads both files with Python's configparser.RawConfigParser, defaults kept:
 * - a line whose first non-blank character is `#` or `;` is a comment; there are no comments after
 *   a value, but a section header ends at its last `]`, so `[deploy]   # production keys` is the
 *   section `deploy` (the header pattern is `\[(.+)\]`, matched from the start of the stripped line);
 * - the name between the brackets is taken as it is: `[ deploy ]` is the section ` deploy `;
 * - `key = value` or `key: value`, names without case; a line indented deeper than the option above
 *   it continues that option's value (even one that looks like a header), blank lines included;
 * - a section or an option given twice, a line before any section, or a line that is none of the
 *   above makes the whole file unreadable ("Unable to parse config file");
 * - in the config file, a profile is `[default]`, or a section whose name starts with `profile` and
 *   splits, as a shell would (Python's shlex), into two words: `[profile x]`, `[profile  "x"]`
 *   (and, botocore's own quirk, `[profiles x]`); in the credentials file, the section name is the
 *   profile name.
 * Lines end with LF, CRLF or CR (Python's universal newlines).
 */

/** A file cut into lines, keeping each line's end, so that an edit changes nothing else. */
export interface IniText {
  lines: string[]
  ends: string[]
}

/** A section: its name, and lines [header, last) from its header to its last option line. */
export interface IniSection {
  name: string
  header: number
  last: number
}

/** The sections, and why the AWS CLI would refuse the file (empty when it reads it). */
export interface ParsedIni {
  sections: IniSection[]
  problems: string[]
  /** configparser's [DEFAULT] section: its values are every other section's defaults. */
  defaults?: IniSection
}

export function splitIni(text: string): IniText {
  const lines: string[] = []
  const ends: string[] = []
  const pattern = /\r\n|\r|\n/g
  let from = 0
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    lines.push(text.slice(from, match.index))
    ends.push(match[0])
    from = match.index + match[0].length
  }
  if (from < text.length) {
    lines.push(text.slice(from))
    ends.push('')
  }
  return { lines, ends }
}

export function joinIni({ lines, ends }: IniText): string {
  return lines.map((line, i) => line + ends[i]).join('')
}

const HEADER = /^\[(.+)\]/
const OPTION = /^(.*?)\s*[=:]\s*(.*)$/

export function parseIni(lines: string[]): ParsedIni {
  const sections: IniSection[] = []
  const problems: string[] = []
  const seen = new Set<string>()
  let current: (IniSection & { options: Set<string> }) | undefined
  let option: string | undefined
  let indentOfOption = 0
  let defaults: IniSection | undefined
  for (const [i, line] of lines.entries()) {
    const value = line.trim()
    if (value === '' || value.startsWith('#') || value.startsWith(';')) continue
    const indent = line.search(/\S/)
    if (current && option !== undefined && indent > indentOfOption) {
      current.last = i + 1
      continue
    }
    indentOfOption = indent
    const header = HEADER.exec(value)
    if (header) {
      const name = header[1]
      if (seen.has(name)) problems.push(`line ${i + 1}: section [${name}] a second time`)
      seen.add(name)
      current = { name, header: i, last: i + 1, options: new Set() }
      // configparser's DEFAULT section holds defaults for the others: no profile.
      if (name !== 'DEFAULT') sections.push(current)
      else defaults = current
      option = undefined
    } else if (!current) {
      problems.push(`line ${i + 1}: a value before any [section]`)
    } else {
      const match = OPTION.exec(value)
      const name = match?.[1].trimEnd().toLowerCase()
      if (!name) {
        problems.push(`line ${i + 1}: neither a [section], a comment nor a key = value`)
        continue
      }
      if (current.options.has(name)) {
        problems.push(`line ${i + 1}: ${name} a second time in [${current.name}]`)
      }
      current.options.add(name)
      option = name
      current.last = i + 1
    }
  }
  const plain = ({ name, header, last }: IniSection) => ({ name, header, last })
  return {
    sections: sections.map(plain),
    problems,
    ...(defaults && { defaults: plain(defaults) })
  }
}

/**
 * A section's values by lower-case key, as configparser gives them: the value after `=` or `:`
 * stripped, continuation lines (indented deeper) joined with line breaks, and the [DEFAULT]
 * section's values for the keys the section does not set.
 */
export function sectionValues(
  lines: string[],
  section: IniSection,
  defaults?: IniSection
): Record<string, string> {
  const own = (from: IniSection) => {
    const values: Record<string, string[]> = {}
    let option: string | undefined
    let indentOfOption = 0
    for (let i = from.header + 1; i < from.last; i++) {
      const line = lines[i]
      const value = line.trim()
      const indent = line.search(/\S/)
      if (value.startsWith('#') || value.startsWith(';')) continue
      if (value === '') {
        if (option !== undefined) values[option].push('')
        continue
      }
      if (option !== undefined && indent > indentOfOption) {
        values[option].push(value)
        continue
      }
      const match = OPTION.exec(value)
      if (!match) continue
      option = match[1].trimEnd().toLowerCase()
      indentOfOption = indent
      values[option] = [match[2]]
    }
    // Blank lines after a value are not part of it.
    return Object.fromEntries(
      Object.entries(values).map(([key, parts]) => [key, parts.join('\n').trimEnd()])
    )
  }
  return { ...(defaults && own(defaults)), ...own(section) }
}

/** Whether a section of the credentials file is this profile. */
export const credentialsProfile = (profile: string) => (section: string) => section === profile

/** Whether a section of the config file is this profile (botocore's build_profile_map). */
export const configProfile = (profile: string) => (section: string) => {
  if (profile === 'default' && section === 'default') return true
  if (!section.startsWith('profile')) return false
  const words = shellWords(section)
  return words?.length === 2 && words[1] === profile
}

/**
 * Python's shlex.split (POSIX mode, no comments): words split at blanks, quotes and backslashes
 * as a shell reads them. Undefined for an unclosed quote, which botocore skips.
 */
export function shellWords(text: string): string[] | undefined {
  const words: string[] = []
  let word: string | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]
    if (/\s/.test(char)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else if (char === "'") {
      const end = text.indexOf("'", i + 1)
      if (end < 0) return undefined
      word = (word ?? '') + text.slice(i + 1, end)
      i = end
    } else if (char === '"') {
      let quoted = ''
      for (i++; i < text.length && text[i] !== '"'; i++) {
        const escaped = text[i] === '\\' && '\\"$`\n'.includes(text[i + 1] ?? '')
        quoted += escaped ? text[++i] : text[i]
      }
      if (i >= text.length) return undefined
      word = (word ?? '') + quoted
    } else if (char === '\\') {
      if (i + 1 >= text.length) return undefined
      word = (word ?? '') + text[++i]
    } else word = (word ?? '') + char
  }
  if (word !== undefined) words.push(word)
  return words
}

/**
 * The text with the profile's section(s) replaced by `block` (header and lines): the first in
 * place, any further one that is the same profile removed, or the block appended after a blank
 * line. Comments and blank lines around sections stay; the file's line ends are kept.
 */
export function replaceProfile(
  text: string,
  isProfile: (section: string) => boolean,
  block: string[]
): string {
  const ini = splitIni(text)
  const eol = ini.ends.find(end => end !== '') ?? '\n'
  const found = parseIni(ini.lines).sections.filter(section => isProfile(section.name))
  if (found.length === 0) {
    if (ini.lines.length > 0 && ini.ends[ini.lines.length - 1] === '') {
      ini.ends[ini.lines.length - 1] = eol
    }
    const lastLine = ini.lines[ini.lines.length - 1]
    const separator = ini.lines.length > 0 && lastLine.trim() !== '' ? [''] : []
    const added = [...separator, ...block]
    return joinIni({
      lines: [...ini.lines, ...added],
      ends: [...ini.ends, ...added.map(() => eol)]
    })
  }
  // From the last section up, so that the line numbers of the ones above stay right.
  for (const [k, section] of [...found].reverse().entries()) {
    const first = k === found.length - 1
    const count = section.last - section.header
    const ends = ini.ends.slice(section.header, section.last)
    const lastEnd = ends[ends.length - 1]
    const replacement = first ? block : []
    ini.lines.splice(section.header, count, ...replacement)
    ini.ends.splice(
      section.header,
      count,
      ...replacement.map((_, j) => (j === replacement.length - 1 ? lastEnd || eol : eol))
    )
  }
  return joinIni(ini)
}
