import { NodeHttpHandler } from '@smithy/node-http-handler'
import type { IncomingMessage } from 'node:http'

/**
 * Bounds on every STS request, whatever the endpoint does. STS answers in well under a second,
 * with a few KB; the official action sets no timeout and its users report hung jobs. The SDK's own
 * request timeout stops counting once the headers arrive, so an endpoint that sends headers and
 * then stalls, or drips a byte at a time, would hold the step for ever; and it reads any answer
 * whole into memory.
 */
export const CONNECT_TIMEOUT_MS = 5_000
/** Per attempt, all of it: connecting, sending, and reading the whole answer. */
export const REQUEST_TIMEOUT_MS = 10_000
/** STS's largest answers (AssumeRole with a session token and a packed policy) are about 3 KB. */
export const MAX_ANSWER_BYTES = 64 * 1024

type Handle = NodeHttpHandler['handle']

/**
 * The SDK's Node handler with one deadline per attempt over the whole exchange, and the answer
 * read here, at most MAX_ANSWER_BYTES of it, so the SDK parses a buffer, never a stream. A missed
 * deadline is a TimeoutError, which the SDK's standard strategy retries like any network error; a
 * too large answer is not retried. A 2xx answer holding an ErrorResponse is that error (the SDK
 * would read it as a success without credentials, and lose STS's code and message).
 */
export class BoundedHttpHandler extends NodeHttpHandler {
  override async handle(...[request, options]: Parameters<Handle>): ReturnType<Handle> {
    // The SDK passes a signal of its own only when send() is given one, which this project never does.
    const deadline = new AbortController()
    const timer = setTimeout(() => deadline.abort(timeoutError()), REQUEST_TIMEOUT_MS)
    try {
      const { response } = await super.handle(request, { ...options, abortSignal: deadline.signal })
      const body = await readCapped(response.body as IncomingMessage, deadline.signal)
      const error =
        response.statusCode < 300 ? errorResponseIn(body, response.statusCode) : undefined
      if (error) throw error
      response.body = body
      return { response }
    } catch (error) {
      // The handler reports its abort as an AbortError, which the SDK never retries.
      throw deadline.signal.aborted ? deadline.signal.reason : error
    } finally {
      clearTimeout(timer)
    }
  }
}

/** The whole body, or an error as soon as it passes the cap or the deadline. */
async function readCapped(body: IncomingMessage, signal: AbortSignal): Promise<Buffer> {
  const stop = () => body.destroy(signal.reason)
  signal.addEventListener('abort', stop, { once: true })
  try {
    if (Number(body.headers['content-length']) > MAX_ANSWER_BYTES) throw tooLarge()
    const chunks: Buffer[] = []
    let size = 0
    for await (const chunk of body) {
      size += (chunk as Buffer).length
      if (size > MAX_ANSWER_BYTES) throw tooLarge()
      chunks.push(chunk as Buffer)
    }
    return Buffer.concat(chunks)
  } catch (error) {
    body.destroy() // and with it the connection: the rest of the answer is not wanted
    throw error
  } finally {
    signal.removeEventListener('abort', stop)
  }
}

/**
 * STS's `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>` as the SDK raises it
 * for an error status: named by its Code, with its Message, request id and HTTP status kept.
 */
function errorResponseIn(body: Buffer, status: number): Error | undefined {
  const text = body.toString('utf8')
  if (!/^\s*(?:<\?xml[^>]*\?>\s*)?<ErrorResponse[\s>]/.test(text)) return undefined
  const field = (name: string) => xmlText(new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1])
  const error = new Error(field('Message') || 'no message')
  error.name = field('Code') || 'Unknown'
  return Object.assign(error, {
    $fault: field('Type') === 'Receiver' ? 'server' : 'client',
    $metadata: { httpStatusCode: status, requestId: field('RequestId') || undefined }
  })
}

/** XML character data: the five named entities and numeric references. */
function xmlText(raw = ''): string {
  const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
  return raw.replace(/&(#x[\da-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (!ref.startsWith('#')) return named[ref] ?? whole
    const code = Number(ref.startsWith('#x') ? `0${ref.slice(1)}` : ref.slice(1))
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

function timeoutError(): Error {
  const error = new Error(
    `no complete answer within ${REQUEST_TIMEOUT_MS / 1000} s (connecting, sending and reading it)`
  )
  error.name = 'TimeoutError'
  return error
}

function tooLarge(): Error {
  const error = new Error(
    `the answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB; STS answers with a few KB`
  )
  error.name = 'AnswerTooLarge'
  return error
}
