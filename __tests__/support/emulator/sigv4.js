// @ts-check
// AWS Signature Version 4, checked the way the service does it: rebuild the canonical request
// from what arrived on the wire, sign it with the caller's secret, compare.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
import { createHash, createHmac, timingSafeEqual } from 'node:crypto'
import { incompleteSignature, signatureDoesNotMatch } from './errors.js'

export const ALGORITHM = 'AWS4-HMAC-SHA256'
const TERMINATOR = 'aws4_request'
/** AWS refuses a request whose signing time is more than 15 minutes off its own clock. */
const MAX_SKEW_MS = 15 * 60 * 1000

/**
 * @typedef {object} Authorization
 * @property {string} accessKeyId
 * @property {string} scopeDate YYYYMMDD
 * @property {string} region
 * @property {string} service
 * @property {string} terminator
 * @property {string[]} signedHeaders lower-case names, in the order signed
 * @property {string} signature hex
 */

/**
 * @typedef {object} WireRequest what arrived, untouched
 * @property {string} method
 * @property {string} rawUrl path and query exactly as sent
 * @property {Record<string, string[]>} headers lower-case names, every occurrence kept
 * @property {Buffer} body
 */

/**
 * Parses `AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=…,
 * Signature=…`, naming every missing part as AWS does.
 * @param {string} header
 * @returns {Authorization}
 */
export function parseAuthorization(header) {
  const [algorithm, ...rest] = header.trim().split(/\s+/)
  if (algorithm !== ALGORITHM) {
    throw incompleteSignature(`Unsupported AWS 'algorithm': '${algorithm}'.`)
  }
  /** @type {Record<string, string>} */
  const fields = {}
  for (const part of rest.join(' ').split(',')) {
    const [key, ...value] = part.trim().split('=')
    fields[key] = value.join('=')
  }
  const missing = ['Credential', 'SignedHeaders', 'Signature'].filter(key => !fields[key])
  if (missing.length > 0) {
    const needs = missing.map(key => `Authorization header requires '${key}' parameter.`)
    throw incompleteSignature(`${needs.join(' ')} Authorization=${header}`)
  }
  const credential = fields.Credential.split('/')
  if (credential.length !== 5) {
    throw incompleteSignature(
      `Authorization header has a malformed Credential: ${fields.Credential}`
    )
  }
  const [accessKeyId, scopeDate, region, service, terminator] = credential
  const signedHeaders = fields.SignedHeaders.split(';')
  return {
    accessKeyId,
    scopeDate,
    region,
    service,
    terminator,
    signedHeaders,
    signature: fields.Signature
  }
}

/**
 * The signing time: `X-Amz-Date` (ISO 8601 basic) or else `Date`, as the request carries it.
 * @param {WireRequest} request
 * @returns {string} YYYYMMDDTHHMMSSZ
 */
export function signingTime(request) {
  const amzDate = request.headers['x-amz-date']?.[0]
  if (amzDate !== undefined) {
    if (!/^\d{8}T\d{6}Z$/.test(amzDate)) {
      throw incompleteSignature(`Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`)
    }
    return amzDate
  }
  const date = Date.parse(request.headers.date?.[0] ?? '')
  if (Number.isNaN(date)) {
    throw incompleteSignature(
      "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
    )
  }
  return formatAmzDate(date)
}

/**
 * @param {number} epochMs
 * @returns {string} YYYYMMDDTHHMMSSZ
 */
export function formatAmzDate(epochMs) {
  return new Date(epochMs)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** @param {string} amzDate */
function parseAmzDate(amzDate) {
  const [, y, mo, d, h, mi, s] = /^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/.exec(amzDate) ?? []
  return Date.UTC(+y, +mo - 1, +d, +h, +mi, +s)
}

/**
 * The credential scope must name the service called (`sts`, or `iam` for IAM's actions), the
 * endpoint's region, the standard terminator and the signing day. A regional STS endpoint refuses
 * a scope for another region with SignatureDoesNotMatch "Credential should be scoped to a valid
 * region, not 'us-east-2'. " (reported in cloud-custodian #4874, aws-sdk-net #73,
 * cognitect-labs/aws-api #27; AWS documents only that the scope names the region the request is
 * for: IAM User Guide, "Elements of an AWS API request signature"). `regions`: the STS regions
 * this emulator serves; absent, any region name. IAM's endpoint is global, signed for us-east-1
 * in the aws partition: its region is not checked.
 * @param {Authorization} auth
 * @param {string} amzDate
 * @param {string} service
 * @param {readonly string[]} [regions]
 */
export function checkScope(auth, amzDate, service, regions) {
  const validRegion =
    service !== 'sts' ||
    (regions ? regions.includes(auth.region) : /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(auth.region))
  if (!validRegion) {
    throw signatureDoesNotMatch(
      `Credential should be scoped to a valid region, not '${auth.region}'. `
    )
  }
  if (auth.service !== service) {
    throw signatureDoesNotMatch(`Credential should be scoped to correct service: '${service}'. `)
  }
  if (auth.terminator !== TERMINATOR) {
    throw signatureDoesNotMatch(
      `Credential should be scoped with a valid terminator: '${TERMINATOR}', not '${auth.terminator}'. `
    )
  }
  const day = amzDate.slice(0, 8)
  if (auth.scopeDate !== day) {
    throw signatureDoesNotMatch(
      `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${auth.scopeDate}' != '${day}', from '${amzDate}'.`
    )
  }
}

/**
 * Replay protection: a signature is only good within 15 minutes either side of the service
 * clock. The messages quote both bounds the way AWS prints them.
 * @param {string} amzDate
 * @param {number} nowMs the service clock
 */
export function checkRequestTime(amzDate, nowMs) {
  const signedAt = parseAmzDate(amzDate)
  const now = formatAmzDate(nowMs)
  if (signedAt < nowMs - MAX_SKEW_MS) {
    const bound = formatAmzDate(nowMs - MAX_SKEW_MS)
    throw signatureDoesNotMatch(
      `Signature expired: ${amzDate} is now earlier than ${bound} (${now} - 15 min.)`
    )
  }
  if (signedAt > nowMs + MAX_SKEW_MS) {
    const bound = formatAmzDate(nowMs + MAX_SKEW_MS)
    throw signatureDoesNotMatch(
      `Signature not yet current: ${amzDate} is still later than ${bound} (${now} + 15 min.)`
    )
  }
}

/**
 * Recomputes the signature and compares it in constant time.
 * @param {WireRequest} request
 * @param {Authorization} auth
 * @param {string} amzDate
 * @param {string} secretAccessKey
 */
export function checkSignature(request, auth, amzDate, secretAccessKey) {
  const expected = Buffer.from(computeSignature(request, auth, amzDate, secretAccessKey))
  const given = Buffer.from(auth.signature)
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
    throw signatureDoesNotMatch(
      'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.'
    )
  }
}

/**
 * @param {WireRequest} request
 * @param {Authorization} auth
 * @param {string} amzDate
 * @param {string} secretAccessKey
 */
export function computeSignature(request, auth, amzDate, secretAccessKey) {
  const scope = [auth.scopeDate, auth.region, auth.service, auth.terminator].join('/')
  const stringToSign = [ALGORITHM, amzDate, scope, sha256Hex(canonicalRequest(request, auth))]
  let key = hmac(`AWS4${secretAccessKey}`, auth.scopeDate)
  for (const part of [auth.region, auth.service, auth.terminator]) {
    key = hmac(key, part)
  }
  return hmac(key, stringToSign.join('\n')).toString('hex')
}

/**
 * @param {WireRequest} request
 * @param {Authorization} auth
 */
export function canonicalRequest(request, auth) {
  const [path, query = ''] = request.rawUrl.split(/\?(.*)/s)
  const headerLines = auth.signedHeaders.map(
    name => `${name}:${canonicalHeaderValue(request.headers[name] ?? [])}\n`
  )
  return [
    request.method,
    canonicalUri(path),
    canonicalQuery(query),
    headerLines.join(''),
    auth.signedHeaders.join(';'),
    sha256Hex(request.body)
  ].join('\n')
}

/**
 * Every service but S3 encodes the (already encoded) path a second time, after dropping empty,
 * `.` and `..` segments.
 * @param {string} path
 */
function canonicalUri(path) {
  /** @type {string[]} */
  const segments = []
  for (const segment of path.split('/')) {
    if (segment === '..') segments.pop()
    else if (segment !== '' && segment !== '.') segments.push(segment)
  }
  const trailing = segments.length > 0 && path.endsWith('/') ? '/' : ''
  return uriEncode(`/${segments.join('/')}${trailing}`).replace(/%2F/g, '/')
}

/**
 * Parameters sorted by encoded name then value, each RFC 3986-encoded; a presigned URL's own
 * signature is left out.
 * @param {string} query
 */
function canonicalQuery(query) {
  const pairs = query
    .split('&')
    .filter(pair => pair !== '')
    .map(pair => {
      const [name, value = ''] = pair.split(/=(.*)/s).map(formDecode)
      return [uriEncode(name), uriEncode(value)]
    })
    .filter(([name]) => name !== 'X-Amz-Signature')
  pairs.sort(([a, x], [b, y]) => compareStrings(a, b) || compareStrings(x, y))
  return pairs.map(pair => pair.join('=')).join('&')
}

/**
 * Repeated headers are joined with commas; runs of spaces collapse and ends are trimmed.
 * @param {string[]} values
 */
function canonicalHeaderValue(values) {
  return values.map(value => value.replace(/\s+/g, ' ').trim()).join(',')
}

/** @param {string} text */
function formDecode(text) {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '))
  } catch {
    return text
  }
}

/** RFC 3986 unreserved characters stay, everything else is percent-encoded. @param {string} text */
function uriEncode(text) {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    char => `%${char.charCodeAt(0).toString(16).toUpperCase()}`
  )
}

/** Code-unit order, as SigV4 sorts (not locale order). @param {string} a @param {string} b */
function compareStrings(a, b) {
  return a < b ? -1 : a > b ? 1 : 0
}

/** @param {string | Buffer} data */
function sha256Hex(data) {
  return createHash('sha256').update(data).digest('hex')
}

/** @param {string | Buffer} key @param {string} data */
function hmac(key, data) {
  return createHmac('sha256', key).update(data).digest()
}
