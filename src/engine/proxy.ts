/**
 * The proxy the STS requests go through: the http-proxy input, else the usual variables. Requests
 * are tunnelled with CONNECT (`tunnel`, the agents @actions/http-client uses: proxy-agents.ts), so
 * TLS runs end to end between the action and STS and the proxy sees only the host name.
 */
export interface ProxyRoute {
  /** The proxy's URL, credentials included. */
  url: string
  /** Where it came from, for the log: `http-proxy` or the variable's name. */
  source: string
}

/** The inputs and variables that decide the route. */
export interface ProxyInputs {
  httpProxy: string
  noProxy: string
  /** The STS endpoint the SDK will call. */
  endpoint: string
}

/**
 * Picks the proxy for the STS endpoint, or undefined to go direct. The http-proxy input applies
 * to any host, loopback included (an explicit choice); proxies from the environment skip
 * loopback hosts, as @actions/http-client does. no-proxy (else NO_PROXY) exempts hosts.
 */
export function proxyRoute(
  inputs: ProxyInputs,
  env: NodeJS.ProcessEnv,
  problems: string[],
  mask: (secret: string) => void
): ProxyRoute | undefined {
  let target: URL
  try {
    target = new URL(inputs.endpoint)
  } catch {
    return undefined // the endpoint's own problem is reported where it is parsed
  }
  const https = target.protocol === 'https:'
  // configure-aws-credentials reads HTTP_PROXY for its (https) STS calls: honoured after HTTPS_PROXY.
  const variables = https
    ? ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY']
    : ['http_proxy', 'HTTP_PROXY']
  const fromEnv = variables.find(name => env[name])
  const source = inputs.httpProxy ? 'http-proxy' : fromEnv
  if (!source) return undefined
  const raw = inputs.httpProxy || (env[source] as string)
  const explicit = source === 'http-proxy'
  // The input is always checked; a variable set for other tools, only when it applies here.
  const checked = explicit ? parseProxyUrl(source, raw, problems, mask) : undefined
  const noProxy = inputs.noProxy || env.no_proxy || env.NO_PROXY || ''
  if (bypasses(noProxy, target) || (!explicit && isLoopback(target.hostname))) return undefined
  const url = explicit ? checked : parseProxyUrl(source, raw, problems, mask)
  return url ? { url, source } : undefined
}

/** The proxy's URL with any credentials left out, for the log. */
export function displayUrl(url: string): string {
  const parsed = new URL(url)
  parsed.username = ''
  parsed.password = ''
  return parsed.origin
}

/**
 * NO_PROXY as curl and @actions/http-client read it: `*`, host names matching themselves and
 * their subdomains (a leading `.` or `*.` is optional), optionally with `:port`.
 */
export function bypasses(noProxy: string, target: URL): boolean {
  const host = target.hostname.replace(/^\[|\]$/g, '').toLowerCase()
  const port = target.port || (target.protocol === 'https:' ? '443' : '80')
  return noProxy
    .split(/[,\s]+/)
    .map(entry => entry.trim().toLowerCase())
    .filter(Boolean)
    .some(entry => {
      if (entry === '*') return true
      // [v6]:port, a bare v6 address (two colons or more), or name:port.
      const match =
        /^\[([^\]]+)\](?::(\d+))?$/.exec(entry) ??
        (/:.*:/.test(entry) ? [entry, entry] : /^(.*?)(?::(\d+))?$/.exec(entry)) ??
        []
      const name = (match[1] ?? '').replace(/^\*?\./, '')
      if (match[2] && match[2] !== port) return false
      return host === name || host.endsWith(`.${name}`)
    })
}

function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase()
  return host === 'localhost' || host === '::1' || /^127\./.test(host)
}

/** http:// or https://, with a host; its credentials masked. Never quoted: it may hold a password. */
function parseProxyUrl(
  source: string,
  raw: string,
  problems: string[],
  mask: (secret: string) => void
): string | undefined {
  const name = source === 'http-proxy' ? 'http-proxy' : `environment variable ${source}`
  let url: URL
  try {
    // A bare host:port, as some set HTTP_PROXY, means http://host:port.
    url = new URL(/^[a-z][a-z\d+.-]*:\/\//i.test(raw) ? raw : `http://${raw}`)
  } catch {
    problems.push(`Invalid ${name}: not a URL. Expected a proxy URL such as http://proxy:3128.`)
    return undefined
  }
  if (url.password) mask(url.password)
  let password: string
  try {
    decodeURIComponent(url.username)
    password = decodeURIComponent(url.password)
  } catch {
    // proxyAgents decodes them: a lone or bad % would fail there, after the checks.
    problems.push(
      `Invalid ${name}: a bad % escape in its user or password. Write % as %25, and other ` +
        'special characters as % and two hexadecimal digits (@ as %40, : as %3A).'
    )
    return undefined
  }
  if (password !== url.password) mask(password)
  if (!['http:', 'https:'].includes(url.protocol) || !url.hostname) {
    problems.push(
      `Invalid ${name}: expected an http:// or https:// proxy URL such as http://proxy:3128.`
    )
    return undefined
  }
  return url.href
}
