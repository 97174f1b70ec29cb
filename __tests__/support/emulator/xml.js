// @ts-check
// The XML documents STS answers with (query protocol, API version 2011-06-15).

export const STS_NAMESPACE = 'https://sts.amazonaws.com/doc/2011-06-15/'

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
 * @param {string} action
 * @param {string[]} resultChildren
 * @param {string} requestId
 */
export function successDocument(action, resultChildren, requestId) {
  const result = element(`${action}Result`, resultChildren)
  const metadata = element('ResponseMetadata', [textElement('RequestId', requestId)])
  return `<${action}Response xmlns="${STS_NAMESPACE}">${result}${metadata}</${action}Response>\n`
}

/**
 * `<ErrorResponse>`: unlike success documents, RequestId sits directly under the root.
 * @param {{ type: string, code: string, message: string }} error
 * @param {string} requestId
 */
export function errorDocument(error, requestId) {
  const details = element('Error', [
    textElement('Type', error.type),
    textElement('Code', error.code),
    textElement('Message', error.message)
  ])
  return `<ErrorResponse xmlns="${STS_NAMESPACE}">${details}${textElement('RequestId', requestId)}</ErrorResponse>\n`
}
