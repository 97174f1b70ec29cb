/**
 * http-proxy and no-proxy end to end: a real forward proxy on loopback (CONNECT tunnels piped to
 * the target with node:net) carries the AssumeRole, or is bypassed.
 */
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'
import { afterEach, describe, expect, test } from '@jest/globals'
import { expectFailure, job, start } from './harness.js'
import { inputsFor, world } from './fixtures.js'

const PROXY_USER = 'ci-proxy'
const PROXY_PASSWORD = 'proxy-pa55word-never-logged'

interface Proxy {
  url: string
  /** The `host:port` of every tunnel opened, in order. */
  tunnels: string[]
  close(): Promise<void>
}

/** A forward proxy that only tunnels (CONNECT), optionally asking for Basic credentials. */
async function startProxy(auth?: string): Promise<Proxy> {
  const tunnels: string[] = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((_req, res) => res.writeHead(405).end())
  server.on('connect', (req, client: Socket, head: Buffer) => {
    sockets.add(client)
    const expected = auth && `Basic ${Buffer.from(auth).toString('base64')}`
    if (expected && req.headers['proxy-authorization'] !== expected) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n')
      return
    }
    tunnels.push(req.url ?? '')
    const [host, port] = (req.url ?? '').split(':')
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
      upstream.write(head)
      upstream.pipe(client)
      client.pipe(upstream)
    })
    sockets.add(upstream)
    upstream.on('error', () => client.destroy())
    client.on('error', () => upstream.destroy())
  })
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise(resolve => {
        for (const socket of sockets) socket.destroy()
        server.close(() => resolve())
      })
  }
}

let proxy: Proxy | undefined
afterEach(async () => {
  await proxy?.close()
  proxy = undefined
})

describe('http-proxy', () => {
  test('carries the AssumeRole through a CONNECT tunnel, its password masked', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    proxy = await startProxy(`${PROXY_USER}:${PROXY_PASSWORD}`)
    const withAuth = proxy.url.replace('//', `//${PROXY_USER}:${PROXY_PASSWORD}@`)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'http-proxy': withAuth },
      { seed, 'user secret key': user.secretAccessKey, 'proxy password': PROXY_PASSWORD }
    )
    expect(result.main.exitCode).toBe(0)
    expect(result.main.env.AWS_ACCESS_KEY_ID).toMatch(/^ASIA/)
    expect(proxy.tunnels).toEqual([new URL(emu.url).host])
    expect(emu.requests.map(r => r.action)).toEqual(['AssumeRole'])
    expect(result.main.stdout).toContain(`::add-mask::${PROXY_PASSWORD}`)
    expect(result.main.stdout).toContain(
      `STS requests go through the proxy ${proxy.url} (http-proxy).`
    )
  })

  test('no-proxy lets the endpoint bypass it', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    proxy = await startProxy()
    const result = await job({
      ...inputsFor(emu.url, user, seed),
      'http-proxy': proxy.url,
      'no-proxy': 'example.com,127.0.0.1'
    })
    expect(result.main.exitCode).toBe(0)
    expect(proxy.tunnels).toEqual([])
    expect(emu.requests).toHaveLength(1)
    expect(result.main.stdout).not.toContain('go through the proxy')
  })

  test('HTTP_PROXY from the environment applies, except to a loopback endpoint', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    proxy = await startProxy()
    const result = await job(
      inputsFor(emu.url, user, seed),
      { seed, 'user secret key': user.secretAccessKey },
      { env: { HTTP_PROXY: proxy.url, http_proxy: proxy.url } }
    )
    expect(result.main.exitCode).toBe(0)
    expect(proxy.tunnels).toEqual([])
  })

  test('a proxy that refuses the credentials: the step fails, says so, exports nothing', async () => {
    const { user, seed, config } = world()
    const emu = await start(config)
    proxy = await startProxy(`${PROXY_USER}:${PROXY_PASSWORD}`)
    const wrong = proxy.url.replace('//', `//${PROXY_USER}:not-${PROXY_PASSWORD}@`)
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'http-proxy': wrong, 'retry-max-attempts': '1' },
      {
        seed,
        'user secret key': user.secretAccessKey,
        'proxy password': `not-${PROXY_PASSWORD}`
      }
    )
    expectFailure(result, /The proxy did not open a tunnel.*statusCode=407/s)
    expect(emu.requests).toHaveLength(0)
  })

  test('an http-proxy that is not a URL is an input error, not quoted', async () => {
    const emu = await start()
    const { user, seed } = world()
    const result = await job(
      { ...inputsFor(emu.url, user, seed), 'http-proxy': 'ftp://user:secret-in-url@proxy:21' },
      { seed, 'user secret key': user.secretAccessKey, 'url password': 'secret-in-url' }
    )
    expectFailure(result, /Invalid http-proxy: expected an http:\/\/ or https:\/\/ proxy URL/)
    expect(emu.requests).toHaveLength(0)
  })
})
