import type { Format } from './options.js'
import { regionVariables, sessionVariables, type RoleCredentials } from '../engine/credentials.js'

/**
 * The credentials as text for a shell, a tool or a file. Pure: the same credentials give the same
 * text. Every value is quoted for its format even though credentials are only letters, digits and
 * `+/=`: a quoting bug must not become a command run by `eval`.
 */
export function formatCredentials(
  format: Format,
  credentials: RoleCredentials,
  region: string
): string {
  const variables = [...sessionVariables(credentials), ...regionVariables(region)]
  switch (format) {
    case 'json':
      return json(awsCliShape(credentials))
    case 'credential-process':
      return json(credentialProcessShape(credentials))
    default:
      return formatVariables(format, variables)
  }
}

/**
 * Variables other than credentials (serve's endpoint and token) in a shell or dotenv format, or as
 * one JSON object. credential-process has no such shape.
 */
export function formatVariables(
  format: Exclude<Format, 'credential-process'>,
  variables: Array<[string, string]>
): string {
  switch (format) {
    case 'sh':
      return lines(variables, (name, value) => `export ${name}=${shellQuote(value)}`)
    case 'fish':
      return lines(variables, (name, value) => `set -gx ${name} ${fishQuote(value)}`)
    case 'powershell':
      return lines(variables, (name, value) => `$Env:${name} = ${powershellQuote(value)}`)
    case 'dotenv':
      return lines(variables, (name, value) => `${name}=${dotenvQuote(value)}`)
    case 'json':
      return json(Object.fromEntries(variables))
  }
}

/** The shape `aws sts assume-role` prints, so scripts written for it (jq …) keep working. */
function awsCliShape(credentials: RoleCredentials) {
  return {
    Credentials: {
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      SessionToken: credentials.sessionToken,
      Expiration: credentials.expiration.toISOString()
    },
    AssumedRoleUser: { Arn: credentials.arn }
  }
}

/**
 * What the AWS CLI and SDKs expect from a `credential_process` (version 1). Expiration tells them
 * when to run the process again.
 */
function credentialProcessShape(credentials: RoleCredentials) {
  return {
    Version: 1,
    AccessKeyId: credentials.accessKeyId,
    SecretAccessKey: credentials.secretAccessKey,
    SessionToken: credentials.sessionToken,
    Expiration: credentials.expiration.toISOString()
  }
}

function lines(
  variables: Array<[string, string]>,
  line: (name: string, value: string) => string
): string {
  return variables.map(([name, value]) => line(name, value) + '\n').join('')
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) + '\n'
}

/** POSIX sh: inside '…' nothing is special; a ' ends the quote, is escaped, and reopens it. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`
}

/** fish: inside '…', only \\ and \' are escapes. */
export function fishQuote(value: string): string {
  return `'${value.replace(/[\\']/g, char => `\\${char}`)}'`
}

/** PowerShell: inside '…', a quote is doubled; the typographic single quotes count as quotes too. */
export function powershellQuote(value: string): string {
  return `'${value.replace(/['\u2018\u2019\u201a\u201b]/g, char => char + char)}'`
}

/**
 * dotenv has no single standard: plain values stay bare (docker --env-file takes them as they are),
 * others go in single quotes, which dotenv, python-dotenv and Compose take literally (no `$`
 * expansion), or, when they hold a quote or a line break, in double quotes with escapes.
 */
export function dotenvQuote(value: string): string {
  if (/^[\w./+=:@-]*$/.test(value)) return value
  if (!/['\r\n]/.test(value)) return `'${value}'`
  const escaped = value.replace(/[\\"$]/g, char => `\\${char}`)
  return `"${escaped.replace(/\r/g, '\\r').replace(/\n/g, '\\n')}"`
}
