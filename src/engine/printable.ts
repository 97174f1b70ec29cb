/* Text from the network or the environment is escaped before it reaches a log line. */

/**
 * Text from outside, safe on one log line: control and format characters (line breaks, escape
 * sequences, bidirectional overrides) shown as \u escapes, and cut to `max` characters.
 */
export function printable(text: string, max = 200): string {
  const escaped = text.replace(
    /[\p{Cc}\p{Cf}\u2028\u2029]/gu,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`
  )
  return escaped.length > max ? `${escaped.slice(0, max)}…` : escaped
}
