import type { Agent } from 'node:http'
import * as tunnel from 'tunnel'
import type { ProxyRoute } from './proxy.js'

/*
 * The CONNECT tunnel for a proxy route (proxy.ts picks the route): apart from the route, since
 * `tunnel` loads node:tls, node:https and node:net, which only a call to STS needs.
 */

/** The agents for the SDK's request handler: a CONNECT tunnel through the proxy. */
export function proxyAgents(route: ProxyRoute | undefined): {
  httpAgent?: Agent
  httpsAgent?: Agent
} {
  if (!route) return {}
  const url = new URL(route.url)
  const options = {
    proxy: {
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
      proxyAuth: url.username
        ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`
        : undefined
    }
  }
  const overHttps = url.protocol === 'https:'
  return {
    httpAgent: agent(overHttps ? tunnel.httpOverHttps(options) : tunnel.httpOverHttp(options)),
    httpsAgent: agent(overHttps ? tunnel.httpsOverHttps(options) : tunnel.httpsOverHttp(options))
  }
}

/**
 * The SDK takes an agent as it is only if it is an http.Agent or has destroy(); anything else it
 * reads as agent options, and would connect directly. A tunnel agent is neither: give it destroy().
 */
function agent(tunnelAgent: Agent): Agent {
  const sockets = (tunnelAgent as unknown as { sockets: { destroy(): void }[] }).sockets
  return Object.assign(tunnelAgent, {
    destroy: () => sockets.splice(0).forEach(socket => socket.destroy())
  })
}
