// @ts-check
// The XML documents STS answers with (query protocol, API version 2011-06-15).

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'
/** IAM's query protocol, API version 2010-05-08. */
export const IAM_NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/'

/** @type {Record<string, string>} */
const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }

/**
 * Escapes text for element content and attribute values alike.
 * @param {string | number} value
 */
export function escapeXml(value) {
  return String(value).replace(/[&<>"']/g, char => ENTITIES[char])
}

/**
 * `<name>value</name>` with the value escaped.
 * @param {string} name
 * @param {string | number} value
 */
export function textElement(name, value) {
  return `<${name}>${escapeXml(value)}</${name}>`
}

/**
 * `<name>…</name>` around children that are already XML.
 * @param {string} name
 * @param {string[]} children
 */
export function element(name, children) {
  return `<${name}>${children.join('')}</${name}>`
}

/**
 * `<ActionResponse><ActionResult>…</ActionResult><ResponseMetadata>…` as every STS action answers.
 * IAM actions with no output (EnableMFADevice, PutUserPolicy…) answer with no Result element:
 * `resultChildren` is null for them.
 * @param {string} action
 * @param {string[] | null} resultChildren
 * @param {string} requestId
 * @param {string} [namespace]
 */
export function successDocument(action, resultChildren, requestId, namespace = STS_NAMESPACE) {
  const result = resultChildren === null ? '' : element(`${action}Result`, resultChildren)
  const metadata = element('ResponseMetadata', [textElement('RequestId', requestId)])
  return `<${action}Response xmlns="${namespace}">${result}${metadata}</${action}Response>\n`
}

/**
 * `<ErrorResponse>`: unlike success documents, RequestId sits directly under the root.
 * @param {{ type: string, code: string, message: string }} error
 * @param {string} requestId
 * @param {string} [namespace]
 */
export function errorDocument(error, requestId, namespace = STS_NAMESPACE) {
  const details = element('Error', [
    textElement('Type', error.type),
    textElement('Code', error.code),
    textElement('Message', error.message)
  ])
  return `<ErrorResponse xmlns="${namespace}">${details}${textElement('RequestId', requestId)}</ErrorResponse>\n`
}
