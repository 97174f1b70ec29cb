// @ts-check
/**
 * The floor for `npm run bench`: the least a process can do to get the role. One TOTP code and one
 * SigV4-signed AssumeRole over node:http, with node:crypto and nothing else: no validation, no
 * retries, no masking, no XML parsing beyond a status check. Configured through the environment.
 */
import { createHash, createHmac } from 'node:crypto'
import { request } from 'node:http'
import { totp } from './totp.js'

const env = /** @type {Record<string, string>} */ (process.env)
const now = new Date()

const code = totp(env.FLOOR_SEED, now.getTime())

const body = new URLSearchParams({
  Action: 'AssumeRole',
  Version: '2011-06-15',
  RoleArn: env.FLOOR_ROLE_ARN,
  RoleSessionName: 'floor',
  DurationSeconds: '900',
  SerialNumber: env.FLOOR_SERIAL,
  TokenCode: code
}).toString()

// SigV4 (service sts), signing host, content type and date.
const url = new URL(env.FLOOR_ENDPOINT)
const amzDate = now.toISOString().replace(/[-:]|\.\d{3}/g, '')
const day = amzDate.slice(0, 8)
const scope = `${day}/us-east-1/sts/aws4_request`
const sha256 = (/** @type {string} */ text) => createHash('sha256').update(text).digest('hex')
const headers = {
  'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
  host: url.host,
  'x-amz-date': amzDate
}
const signedHeaders = Object.keys(headers).join(';')
const canonicalHeaders = Object.entries(headers).map(([name, value]) => `${name}:${value}\n`)
const canonical = ['POST', '/', '', canonicalHeaders.join(''), signedHeaders, sha256(body)].join(
  '\n'
)
const hmac = (/** @type {Buffer | string} */ k, /** @type {string} */ data) =>
  createHmac('sha256', k).update(data).digest()
let signingKey = hmac(`AWS4${env.FLOOR_SECRET_ACCESS_KEY}`, day)
for (const part of ['us-east-1', 'sts', 'aws4_request']) signingKey = hmac(signingKey, part)
const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')
const signature = createHmac('sha256', signingKey).update(toSign).digest('hex')

const req = request(url, {
  method: 'POST',
  headers: {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${env.FLOOR_ACCESS_KEY_ID}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`
  }
})
req.on('response', res => {
  let xml = ''
  res.setEncoding('utf8').on('data', chunk => (xml += chunk))
  res.on('end', () => {
    if (res.statusCode !== 200 || !xml.includes('<SessionToken>')) {
      console.error(`floor: HTTP ${res.statusCode}`)
      process.exitCode = 1
    }
  })
})
req.end(body)
