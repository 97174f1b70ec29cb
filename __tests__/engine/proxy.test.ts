import { describe, expect, it } from '@jest/globals'
import { proxyAgents } from '../../src/engine/proxy-agents.js'
import { bypasses, displayUrl, proxyRoute } from '../../src/engine/proxy.js'

const STS = 'https://sts.eu-central-1.amazonaws.com'
const EMULATOR = 'http://127.0.0.1:4566'

function route(
  inputs: { httpProxy?: string; noProxy?: string; endpoint?: string },
  env: NodeJS.ProcessEnv = {}
) {
  const problems: string[] = []
  const masked: string[] = []
  const result = proxyRoute(
    { httpProxy: '', noProxy: '', endpoint: STS, ...inputs },
    env,
    problems,
    secret => masked.push(secret)
  )
  return { result, problems, masked }
}

describe('proxyRoute', () => {
  it('goes direct without a proxy', () => {
    expect(route({}).result).toBeUndefined()
  })

  it('takes http-proxy for any endpoint, loopback included', () => {
    expect(route({ httpProxy: 'http://proxy:3128', endpoint: EMULATOR }).result).toEqual({
      url: 'http://proxy:3128/',
      source: 'http-proxy'
    })
  })

  it('prefers http-proxy to the variables', () => {
    const { result } = route({ httpProxy: 'http://a:1' }, { HTTPS_PROXY: 'http://b:2' })
    expect(result?.source).toBe('http-proxy')
  })

  it.each([
    [{ https_proxy: 'http://a:1', HTTPS_PROXY: 'http://b:2' }, 'https_proxy'],
    [{ HTTPS_PROXY: 'http://b:2', HTTP_PROXY: 'http://c:3' }, 'HTTPS_PROXY'],
    [{ HTTP_PROXY: 'http://c:3' }, 'HTTP_PROXY']
  ])('for https endpoints reads %j as %s', (env, source) => {
    expect(route({}, env).result?.source).toBe(source)
  })

  it('for http endpoints reads only the http variables, and skips loopback hosts', () => {
    const env = { HTTPS_PROXY: 'http://b:2', http_proxy: 'http://c:3' }
    expect(route({ endpoint: 'http://sts.internal:80' }, env).result?.source).toBe('http_proxy')
    expect(route({ endpoint: EMULATOR }, env).result).toBeUndefined()
    expect(route({ endpoint: 'http://localhost:1' }, env).result).toBeUndefined()
  })

  it('no-proxy, else NO_PROXY, exempts the endpoint', () => {
    expect(route({ httpProxy: 'http://p:1', noProxy: 'amazonaws.com' }).result).toBeUndefined()
    expect(
      route({ httpProxy: 'http://p:1' }, { NO_PROXY: '.amazonaws.com' }).result
    ).toBeUndefined()
    expect(route({ httpProxy: 'http://p:1' }, { no_proxy: '*' }).result).toBeUndefined()
    expect(
      route({ httpProxy: 'http://p:1', noProxy: 'example.com' }, { NO_PROXY: '*' }).result
    ).toBeDefined()
  })

  it('takes a bare host:port as http://', () => {
    expect(route({ httpProxy: 'proxy.corp:3128' }).result?.url).toBe('http://proxy.corp:3128/')
  })

  it('masks the password and never quotes the URL', () => {
    const { result, masked } = route({ httpProxy: 'http://me:p%40ss@proxy:3128' })
    expect(masked).toEqual(['p%40ss', 'p@ss'])
    expect(displayUrl(result?.url ?? '')).toBe('http://proxy:3128')
    const bad = route({ httpProxy: 'socks5://me:secret@proxy:1080' })
    expect(bad.problems).toEqual([
      'Invalid http-proxy: expected an http:// or https:// proxy URL such as http://proxy:3128.'
    ])
    expect(bad.masked).toEqual(['secret'])
  })

  it.each(['http://me:50%off@proxy:3128', 'http://m%e:secret@proxy:3128'])(
    'reports a bad %% escape in %s as a problem, never quoting it',
    httpProxy => {
      const { result, problems } = route({ httpProxy })
      expect(result).toBeUndefined()
      expect(problems).toEqual([
        expect.stringMatching(/^Invalid http-proxy: a bad % escape in its user or password/)
      ])
      expect(problems[0]).not.toContain('proxy:3128')
    }
  )

  it('names the variable when it is not a URL', () => {
    expect(route({}, { HTTPS_PROXY: 'http://[bad' }).problems).toEqual([
      'Invalid environment variable HTTPS_PROXY: not a URL. Expected a proxy URL such as http://proxy:3128.'
    ])
  })
})

describe('bypasses', () => {
  const sts = new URL(STS)
  it.each([
    ['sts.eu-central-1.amazonaws.com', true],
    ['amazonaws.com', true],
    ['.amazonaws.com', true],
    ['*.amazonaws.com', true],
    ['AMAZONAWS.COM', true],
    ['amazonaws.com:443', true],
    ['amazonaws.com:8443', false],
    ['ws.com', false],
    ['example.com, amazonaws.com', true],
    ['', false]
  ])('%s → %s', (noProxy, expected) => {
    expect(bypasses(noProxy, sts)).toBe(expected)
  })

  it('matches IPv6 literals', () => {
    expect(bypasses('[::1]', new URL('http://[::1]:8080'))).toBe(true)
  })
})

describe('proxyAgents', () => {
  it('has no agents without a route', () => {
    expect(proxyAgents(undefined)).toEqual({})
  })

  it('gives tunnelling agents the SDK takes as agents (they have destroy())', () => {
    const agents = proxyAgents({ url: 'http://me:pw@proxy:3128', source: 'http-proxy' })
    for (const agent of [agents.httpAgent, agents.httpsAgent]) {
      expect(typeof agent?.destroy).toBe('function')
      expect((agent as unknown as { proxyOptions: object }).proxyOptions).toEqual({
        host: 'proxy',
        port: 3128,
        proxyAuth: 'me:pw'
      })
      agent?.destroy()
    }
  })
})

describe('a variable that does not apply', () => {
  it('is not checked: an odd http_proxy set for other tools does not fail a loopback run', () => {
    const { result, problems } = route({ endpoint: EMULATOR }, { http_proxy: 'http://[bad' })
    expect(result).toBeUndefined()
    expect(problems).toEqual([])
  })
})
