// @ts-check
/**
 * Tiny loopback servers that misbehave as an STS endpoint might, one behaviour each: they answer
 * any request without checking it, and record what they were sent. Used by the hostile-endpoint
 * suite (__tests__/e2e/hostile.test.ts). Listens on 127.0.0.1, port chosen by the OS.
 */
import { createServer } from 'node:http'
import { STS_NAMESPACE, successDocument, textElement, element } from './emulator/xml.js'

/**
 * @typedef {'stall' | 'drip' | 'huge' | 'redirect' | 'error200' | 'badxml' | 'answer'} Behaviour
 * @typedef {object} HostileOptions
 * @property {Behaviour} behaviour
 * @property {number} [hugeBytes]     for huge: how much to send (default 300 MB)
 * @property {boolean} [chunked]      for huge: no Content-Length, so the size shows only as it comes
 * @property {number} [dripMs]        for drip: one byte every so often (default 2000 ms)
 * @property {number} [status]        for redirect: 301 or 302
 * @property {Partial<Answer>} [answer] for answer: the credentials to give
 * @typedef {{ accessKeyId: string, secretAccessKey: string, sessionToken: string,
 *   expiration: string, arn: string, assumedRoleId: string }} Answer
 */

/** A well-formed answer; tests override one field at a time to make it hostile. */
export function goodAnswer() {
  return {
    accessKeyId: 'ASIAHOSTILETEST00001',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYHOSTILE0001',
    sessionToken: 'FwoGZXIvYXdzEHOSTILE' + 'x'.repeat(300),
    expiration: new Date(Date.now() + 900_000).toISOString(),
    arn: 'arn:aws:sts::123456789012:assumed-role/deploy/GitHubActions-1658821493-1',
    assumedRoleId: 'AROAHOSTILETEST00001:GitHubActions-1658821493-1'
  }
}

/**
 * An AssumeRole answer with these values, placed in the XML as they are: a test that wants a
 * line break in a value writes `&#10;`, as a hostile server would.
 * @param {Answer} a
 */
export function assumeRoleXml(a) {
  const raw = (/** @type {string} */ name, /** @type {string} */ value) =>
    `<${name}>${value}</${name}>`
  return successDocument(
    'AssumeRole',
    [
      element('Credentials', [
        raw('AccessKeyId', a.accessKeyId),
        raw('SecretAccessKey', a.secretAccessKey),
        raw('SessionToken', a.sessionToken),
        raw('Expiration', a.expiration)
      ]),
      element('AssumedRoleUser', [raw('Arn', a.arn), raw('AssumedRoleId', a.assumedRoleId)])
    ],
    'c6104cbe-af31-11e0-8154-cbc7ccf896c7'
  )
}

/**
 * Starts one misbehaving endpoint.
 * @param {HostileOptions} options
 */
export async function startHostile(options) {
  /** @type {Set<import('node:net').Socket>} */
  const sockets = new Set()
  /** @type {Set<NodeJS.Timeout>} */
  const timers = new Set()
  /** What it was sent, and how many bytes of answers it got out (the huge one is cut short). */
  const requests = { count: 0, bodies: /** @type {string[]} */ ([]), sentBytes: 0 }
  const server = createServer((req, res) => {
    let body = ''
    req.setEncoding('utf8').on('data', chunk => (body += chunk))
    req.on('end', () => {
      requests.count++
      requests.bodies.push(body)
      behave(options, res, timers)
    })
  })
  server.on('connection', socket => {
    sockets.add(socket)
    socket.on('close', () => {
      requests.sentBytes += socket.bytesWritten
      sockets.delete(socket)
    })
  })
  await new Promise(resolve => server.listen(0, '127.0.0.1', () => resolve(undefined)))
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address())
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise(resolve => {
        for (const timer of timers) clearInterval(timer)
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve(undefined))
      })
  }
}

/**
 * @param {HostileOptions} options
 * @param {import('node:http').ServerResponse} res
 * @param {Set<NodeJS.Timeout>} timers
 */
function behave(options, res, timers) {
  const xml = { 'content-type': 'text/xml' }
  switch (options.behaviour) {
    case 'stall':
      // Headers, then silence: the request timeout alone stops counting once headers arrive.
      res.writeHead(200, { ...xml, 'content-length': '4096' })
      res.flushHeaders()
      return
    case 'drip': {
      res.writeHead(200, xml)
      res.write('<')
      const timer = setInterval(() => res.write(' '), options.dripMs ?? 2000)
      timers.add(timer)
      res.on('close', () => clearInterval(timer))
      return
    }
    case 'huge':
      return sendHuge(res, options.hugeBytes ?? 300 * 1024 * 1024, options.chunked ?? false)
    case 'redirect':
      res.writeHead(options.status ?? 301, { location: 'https://sts.amazonaws.com/' })
      res.end()
      return
    case 'error200':
      res.writeHead(200, xml)
      res.end(
        `<ErrorResponse xmlns="${STS_NAMESPACE}">` +
          element('Error', [
            textElement('Type', 'Sender'),
            textElement('Code', 'AccessDenied'),
            textElement('Message', 'Hostile: not authorized to perform sts:AssumeRole')
          ]) +
          textElement('RequestId', '0d1e2f3a-0000-4000-8000-hostile00001') +
          '</ErrorResponse>\n'
      )
      return
    case 'badxml':
      res.writeHead(200, xml)
      res.end('<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>')
      return
    case 'answer':
      res.writeHead(200, xml)
      res.end(assumeRoleXml({ ...goodAnswer(), ...options.answer }))
      return
  }
}

/**
 * Writes `total` bytes of an XML-looking body as fast as the client reads it.
 * @param {import('node:http').ServerResponse} res
 * @param {number} total
 * @param {boolean} chunked
 */
function sendHuge(res, total, chunked) {
  res.writeHead(200, {
    'content-type': 'text/xml',
    ...(chunked ? {} : { 'content-length': String(total) })
  })
  const chunk = Buffer.alloc(64 * 1024, 'A')
  let sent = 0
  const pump = () => {
    while (sent < total) {
      const size = Math.min(chunk.length, total - sent)
      sent += size
      if (!res.write(size === chunk.length ? chunk : chunk.subarray(0, size))) {
        res.once('drain', pump)
        return
      }
    }
    res.end()
  }
  res.on('close', () => (sent = total))
  pump()
}
