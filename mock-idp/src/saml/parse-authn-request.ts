/**
 * Step 1 of the SSO pipeline: read the SAMLRequest a browser carried, on either binding.
 *
 * Rules:
 * - HTTP-Redirect: base64 of raw-DEFLATE; HTTP-POST: plain base64 (RFC 4648 alphabet only).
 * - At most maxSamlRequestBytes encoded (32 KiB) and maxSamlRequestXmlBytes of XML after inflating
 *   (64 KiB: no zip bombs); RelayState at most maxRelayStateBytes (4 KiB). See src/limits/limits.ts.
 * - No DOCTYPE or entity declarations (no XXE, no billion laughs); well-formed XML only.
 * - The root is samlp:AuthnRequest in the SAML 2.0 protocol namespace, Version 2.0, with an ID.
 * - ProtocolBinding, when given, is HTTP-POST: the only binding the mock answers on.
 * Every refusal is IDP_SAML_REQUEST_MALFORMED.
 */
import { inflateRawSync } from 'node:zlib';
import { DOMParser } from '@xmldom/xmldom';
import { IdpError } from '../errors.ts';
import { LIMITS, type MockIdpLimits } from '../limits/limits.ts';

export const SAML_PROTOCOL_NS = 'urn:oasis:names:tc:SAML:2.0:protocol';
export const SAML_ASSERTION_NS = 'urn:oasis:names:tc:SAML:2.0:assertion';
export const HTTP_POST_BINDING = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST';

export type SamlRequestBounds = Pick<MockIdpLimits, 'maxSamlRequestBytes' | 'maxSamlRequestXmlBytes' | 'maxRelayStateBytes'>;

const DEFAULT_BOUNDS: SamlRequestBounds = {
  maxSamlRequestBytes: LIMITS.maxSamlRequestBytes.default,
  maxSamlRequestXmlBytes: LIMITS.maxSamlRequestXmlBytes.default,
  maxRelayStateBytes: LIMITS.maxRelayStateBytes.default,
};

export type SamlBinding = 'HTTP-Redirect' | 'HTTP-POST';

/** What the browser sent, before decoding. */
export interface IncomingSamlRequest {
  binding: SamlBinding;
  samlRequest: string;
  relayState?: string;
  /**
   * Set when a ForceAuthn request was held for a new password: the session the request met (or ''
   * for none). Only a session made after the request may answer it (authenticate-request.ts).
   */
  sessionAtRequest?: string;
}

/** The fields of an AuthnRequest the IdP acts on. */
export interface AuthnRequestInfo {
  id: string;
  issuer?: string;
  assertionConsumerServiceUrl?: string;
  assertionConsumerServiceIndex?: number;
  forceAuthn: boolean;
}

const malformed = (detail: string): IdpError =>
  new IdpError('IDP_SAML_REQUEST_MALFORMED', 400, `The SAML request is not valid: ${detail}`, 'Bad request');

export function decodeSamlRequest({ binding, samlRequest, relayState }: IncomingSamlRequest, bounds: SamlRequestBounds = DEFAULT_BOUNDS): string {
  if (relayState !== undefined && Buffer.byteLength(relayState) > bounds.maxRelayStateBytes) throw malformed('RelayState is too long');
  if (samlRequest.length > bounds.maxSamlRequestBytes) throw malformed('SAMLRequest is too large');
  const compact = samlRequest.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(compact) || compact.length % 4 === 1) throw malformed('SAMLRequest is not base64');
  const bytes = Buffer.from(compact, 'base64');
  if (binding === 'HTTP-POST') {
    if (bytes.length > bounds.maxSamlRequestXmlBytes) throw malformed('SAMLRequest is too large');
    return bytes.toString('utf8');
  }
  try {
    return inflateRawSync(bytes, { maxOutputLength: bounds.maxSamlRequestXmlBytes }).toString('utf8');
  } catch {
    throw malformed('SAMLRequest is not DEFLATE-compressed, or inflates too large');
  }
}

export function parseAuthnRequest(xml: string): AuthnRequestInfo {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformed('DOCTYPE and entity declarations are not allowed');
  let document: Document;
  try {
    document = new DOMParser({
      onError: (level) => {
        if (level !== 'warning') throw new Error('not well-formed');
      },
    }).parseFromString(xml, 'text/xml') as unknown as Document;
  } catch {
    throw malformed('not well-formed XML');
  }
  const root = document.documentElement;
  if (!root || root.localName !== 'AuthnRequest' || root.namespaceURI !== SAML_PROTOCOL_NS) {
    throw malformed('the root element is not samlp:AuthnRequest');
  }
  if (root.getAttribute('Version') !== '2.0') throw malformed('Version is not 2.0');
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw malformed('ID is missing or not an NCName');
  const binding = root.getAttribute('ProtocolBinding');
  if (binding && binding !== HTTP_POST_BINDING) throw malformed('only the HTTP-POST ProtocolBinding is supported');
  const issuer = [...childElements(root)].find((child) => child.localName === 'Issuer' && child.namespaceURI === SAML_ASSERTION_NS);
  const acsUrl = root.getAttribute('AssertionConsumerServiceURL');
  const acsIndex = root.getAttribute('AssertionConsumerServiceIndex');
  if (acsIndex && !/^\d{1,5}$/.test(acsIndex)) throw malformed('AssertionConsumerServiceIndex is not a number');
  return {
    id,
    ...(issuer?.textContent ? { issuer: issuer.textContent.trim() } : {}),
    ...(acsUrl ? { assertionConsumerServiceUrl: acsUrl } : {}),
    ...(acsIndex ? { assertionConsumerServiceIndex: Number(acsIndex) } : {}),
    forceAuthn: root.getAttribute('ForceAuthn') === 'true',
  };
}

function* childElements(element: Element): Generator<Element> {
  for (let node = element.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === 1) yield node as Element;
  }
}
