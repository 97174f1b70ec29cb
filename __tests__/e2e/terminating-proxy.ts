/**
 * A forward proxy, as HTTPS_PROXY names one, that ends TLS itself with a certificate for AWS's host
 * names (made here with openssl; the client trusts it through NODE_EXTRA_CA_CERTS) and hands each
 * tunnel's requests to a loopback server: it sees which host each CONNECT was for, as a proxy on
 * the way to AWS would, while the requests reach the emulator.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { join } from 'node:path'
import { TLSSocket } from 'node:tls'

/** A self-signed certificate for `hosts`, written in `folder`: its CA file is the certificate. */
export interface Certificate {
  key: string
  cert: string
  caFile: string
}

export function makeCertificate(hosts: string[], folder: string): Certificate {
  const keyFile = join(folder, 'key.pem')
  const caFile = join(folder, 'cert.pem')
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '1',
      '-subj',
      '/CN=aws-assume-role-mfa test proxy',
      '-addext',
      `subjectAltName=${hosts.map(host => `DNS:${host}`).join(',')}`,
      '-keyout',
      keyFile,
      '-out',
      caFile
    ],
    { stdio: 'ignore' }
  )
  return { key: readFileSync(keyFile, 'utf8'), cert: readFileSync(caFile, 'utf8'), caFile }
}

export interface TerminatingProxy {
  url: string
  /** The `host:port` of every tunnel opened, in order. */
  tunnels: string[]
  close(): Promise<void>
}

/** The proxy, on loopback, for requests to `target` (an http:// URL of a loopback server). */
export async function startTerminatingProxy(
  target: string,
  { key, cert }: Certificate
): Promise<TerminatingProxy> {
  const tunnels: string[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req, client: Socket, head: Buffer) => {
    tunnels.push(req.url ?? '')
    sockets.add(client)
    client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
    if (head.length > 0) client.unshift(head)
    const tls = new TLSSocket(client, { isServer: true, key, cert })
    const { hostname, port } = new URL(target)
    const upstream = connect(Number(port), hostname)
    sockets.add(upstream)
    tls.pipe(upstream).pipe(tls)
    upstream.on('error', () => tls.destroy())
    tls.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    tunnels,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}
