import { dirname } from 'node:path'
import { checkPrivateFolder, readNoFollow, writeFileReplacing } from '../engine/private-files.js'
import { credentialsProfile, parseIni, sectionValues, splitIni } from '../settings/profile-ini.js'

/**
 * One profile of the shared credentials file (~/.aws/credentials), for `rotate access-key
 * --credentials-profile`: read as the AWS CLI reads it (profile-ini.ts), its two key lines
 * replaced, every other line and line end kept, the file replaced atomically (private-files.ts).
 */

/** The profile's aws_access_key_id; problems if the file cannot be used. */
export function readProfileKey(
  file: string,
  profile: string,
  problems: string[]
): string | undefined {
  const refuse = (why: string) => {
    problems.push(`--credentials-profile ${profile}: ${why}`)
    return undefined
  }
  try {
    checkPrivateFolder(dirname(file))
  } catch (error) {
    return refuse((error as Error).message)
  }
  let read
  try {
    read = readNoFollow(file)
  } catch (error) {
    return refuse(`cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? error}).`)
  }
  if (read === undefined) return refuse(`${file} does not exist.`)
  const ini = splitIni(read.content)
  const parsed = parseIni(ini.lines)
  if (parsed.problems.length > 0) {
    return refuse(`${file} is not one the AWS CLI can read (${parsed.problems.join('; ')}).`)
  }
  const section = parsed.sections.find(s => credentialsProfile(profile)(s.name))
  if (!section) return refuse(`${file} has no profile [${profile}].`)
  const id = sectionValues(ini.lines, section)['aws_access_key_id']
  if (!id) return refuse(`the profile [${profile}] of ${file} has no aws_access_key_id.`)
  return id
}

const KEY_OPTION = /^\s*(aws_access_key_id|aws_secret_access_key)\s*[=:]/i

/**
 * The file with the profile's aws_access_key_id and aws_secret_access_key lines (and their
 * continuation lines) replaced, every other line and line end kept; written to a new file and
 * renamed over the old one (writeFileReplacing), with the old one's mode.
 */
export function writeProfileKey(
  file: string,
  profile: string,
  key: { accessKeyId: string; secretAccessKey: string }
): void {
  const read = readNoFollow(file)
  if (read === undefined) throw new Error(`${file} is gone.`)
  const ini = splitIni(read.content)
  const section = parseIni(ini.lines).sections.find(s => credentialsProfile(profile)(s.name))
  if (!section) throw new Error(`${file} has no profile [${profile}] any more.`)
  const values: Record<string, string> = {
    aws_access_key_id: key.accessKeyId,
    aws_secret_access_key: key.secretAccessKey
  }
  const lines: string[] = []
  const ends: string[] = []
  const eol = ini.ends.find(end => end !== '') ?? '\n'
  const written = new Set<string>()
  for (let i = 0; i < ini.lines.length; i++) {
    const line = ini.lines[i]
    const match = i > section.header && i < section.last ? KEY_OPTION.exec(line) : null
    if (!match) {
      lines.push(line)
      ends.push(ini.ends[i])
      continue
    }
    const name = match[1].toLowerCase()
    lines.push(`${name} = ${values[name]}`)
    ends.push(ini.ends[i] || eol)
    written.add(name)
    // Its continuation lines (indented deeper) belonged to the old value.
    const indent = line.search(/\S/)
    while (
      i + 1 < section.last &&
      ini.lines[i + 1].trim() !== '' &&
      ini.lines[i + 1].search(/\S/) > indent
    ) {
      i++
    }
  }
  const missing = Object.keys(values).filter(name => !written.has(name))
  if (missing.length > 0) {
    const at = lines.indexOf(ini.lines[section.header]) + 1
    lines.splice(at, 0, ...missing.map(name => `${name} = ${values[name]}`))
    ends.splice(at, 0, ...missing.map(() => eol))
  }
  // It holds a secret key: never readable by others, whatever it was before.
  writeFileReplacing(
    file,
    lines.map((line, i) => line + ends[i]).join(''),
    (read.mode ?? 0o600) & 0o600
  )
}
