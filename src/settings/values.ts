import type { InputReader } from './settings.js'

/* How an input's text becomes a value, by the rules every input shares: invalid is an error. */

/** The non-empty lines of a list input, trimmed. */
export function lines(value: string): string[] {
  return value
    .split(/\r?\n/)
    .map(line => line.trim())
    .filter(Boolean)
}

export function integer(
  read: InputReader,
  name: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[]
): number {
  const raw = read(name)
  if (!raw) return fallback
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN
  if (!(value >= min && value <= max)) {
    problems.push(`Invalid ${name} '${raw}'. Expected a whole number from ${min} to ${max}.`)
    return fallback
  }
  return value
}

export function boolean(
  read: InputReader,
  name: string,
  fallback: boolean,
  problems: string[]
): boolean {
  const raw = read(name)
  if (!raw) return fallback
  if (['true', 'True', 'TRUE'].includes(raw)) return true
  if (['false', 'False', 'FALSE'].includes(raw)) return false
  problems.push(`Invalid ${name} '${raw}'. Expected true or false.`)
  return fallback
}

/** A URL; plain http only to this machine, since STS's answer carries credentials. */
export function parseEndpoint(name: string, raw: string, problems: string[]): string | undefined {
  if (!raw) return undefined
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    problems.push(
      `Invalid ${name} '${raw}'. Expected a URL such as https://sts.us-east-1.amazonaws.com.`
    )
    return undefined
  }
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname)
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
    problems.push(
      `Invalid ${name} '${raw}'. Use an https:// URL: STS answers with credentials, ` +
        'which must not cross the network in clear text (http:// is allowed for localhost only).'
    )
    return undefined
  }
  return raw
}
