// Rules: the message is XML without a DOCTYPE; its single root is samlp:Response; it holds at most
// one saml:Assertion in the whole tree (none hidden in Signature/Object/Extensions/Advice/SCD), and
// that one is a direct child of the Response; no EncryptedAssertion (this SP does not decrypt).
// Code: SSO_MALFORMED_RESPONSE; SSO_RESPONSE_TOO_LARGE over the size limit (limits.samlResponseBytes).
import type { Document, Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { descendants, NS, parseStrictXml, XmlParseError } from '../xml.ts';

export interface WellFormedResponse {
  doc: Document;
  response: Element;
  /** null when the Response carries no assertion (e.g. an IdP error status). */
  assertion: Element | null;
}

/** The default limit on the decoded SAMLResponse (limits.samlResponseBytes). */
export const MAX_RESPONSE_BYTES = 256 * 1024;

export function decodeSamlResponseParam(value: unknown, maxBytes = MAX_RESPONSE_BYTES): string {
  if (typeof value !== 'string' || value.length === 0) throw ssoError('SSO_MALFORMED_RESPONSE', 'SAMLResponse is missing');
  const compact = value.replace(/\s+/g, '');
  // Refused before decoding: base64 of maxBytes is at most this long.
  if (compact.length > Math.ceil(maxBytes / 3) * 4) throw ssoError('SSO_RESPONSE_TOO_LARGE', `SAMLResponse is larger than ${maxBytes} bytes`);
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact)) throw ssoError('SSO_MALFORMED_RESPONSE', 'SAMLResponse is not base64');
  const bytes = Buffer.from(compact, 'base64');
  if (bytes.length > maxBytes) throw ssoError('SSO_RESPONSE_TOO_LARGE', `SAMLResponse is larger than ${maxBytes} bytes`);
  return bytes.toString('utf8');
}

export function checkWellFormedResponse(xml: string): WellFormedResponse {
  let doc: Document;
  try {
    doc = parseStrictXml(xml);
  } catch (err) {
    const why = err instanceof XmlParseError ? err.message : 'not XML';
    throw ssoError('SSO_MALFORMED_RESPONSE', `SAMLResponse is not acceptable XML: ${why}`);
  }
  const response = doc.documentElement;
  if (!response || response.namespaceURI !== NS.samlp || response.localName !== 'Response') {
    throw ssoError('SSO_MALFORMED_RESPONSE', 'root element must be samlp:Response');
  }
  if (descendants(doc, NS.saml, 'EncryptedAssertion').length > 0) {
    throw ssoError('SSO_MALFORMED_RESPONSE', 'encrypted assertions are not supported');
  }
  const assertions = descendants(doc, NS.saml, 'Assertion');
  if (assertions.length > 1) {
    throw ssoError('SSO_MALFORMED_RESPONSE', `expected exactly one Assertion, found ${assertions.length}`);
  }
  const assertion = assertions[0] ?? null;
  if (assertion && assertion.parentNode !== response) {
    throw ssoError('SSO_MALFORMED_RESPONSE', 'the Assertion must be a direct child of the Response');
  }
  return { doc, response, assertion };
}
