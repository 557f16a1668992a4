/**
 * SAML Single Logout messages (SAML 2.0 core §3.7): the LogoutRequest and LogoutResponse the IdP
 * writes, in Okta's prefixes and layout, and the fields it reads from an SP's.
 *
 * Reading rules (every refusal IDP_SAML_LOGOUT_MALFORMED): well-formed XML without DOCTYPE, the
 * root samlp:LogoutRequest or samlp:LogoutResponse in the protocol namespace, Version 2.0, an ID
 * that is an NCName, an Issuer; a LogoutRequest names its subject with a NameID; a LogoutResponse
 * carries a StatusCode. The caller reads these only from the XML the signature covered.
 */
import { IdpError } from '../errors.ts';
import { escapeXml } from '../xml.ts';
import { ENTITY_FORMAT, newSamlId } from './build-response.ts';
import { SAML_ASSERTION_NS, SAML_PROTOCOL_NS, XmlNotWellFormed, childElements, firstChildNamed, parseXml } from './dom.ts';

export const STATUS = {
  success: 'urn:oasis:names:tc:SAML:2.0:status:Success',
  requester: 'urn:oasis:names:tc:SAML:2.0:status:Requester',
  responder: 'urn:oasis:names:tc:SAML:2.0:status:Responder',
} as const;

export const malformedLogout = (detail: string): IdpError =>
  new IdpError('IDP_SAML_LOGOUT_MALFORMED', 400, `The SAML logout message is not valid: ${detail}`, 'Bad request');

const issuerXml = (issuer: string): string => `<saml2:Issuer xmlns:saml2="${SAML_ASSERTION_NS}" Format="${ENTITY_FORMAT}">${escapeXml(issuer)}</saml2:Issuer>`;

export interface LogoutRequestInput {
  issuer: string;
  destination: string;
  nameId: { format: string; value: string };
  /** Included when the app asks for it (participateSlo.sessionIndexRequired) or the SP sent one. */
  sessionIndex?: string;
  now: Date;
}

export function buildLogoutRequest(input: LogoutRequestInput): { xml: string; id: string } {
  const id = newSamlId();
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<saml2p:LogoutRequest xmlns:saml2p="${SAML_PROTOCOL_NS}" Destination="${escapeXml(input.destination)}" ID="${id}" IssueInstant="${input.now.toISOString()}" Version="2.0">` +
    issuerXml(input.issuer) +
    `<saml2:NameID xmlns:saml2="${SAML_ASSERTION_NS}" Format="${escapeXml(input.nameId.format)}">${escapeXml(input.nameId.value)}</saml2:NameID>` +
    (input.sessionIndex ? `<saml2p:SessionIndex>${escapeXml(input.sessionIndex)}</saml2p:SessionIndex>` : '') +
    '</saml2p:LogoutRequest>';
  return { xml, id };
}

export interface LogoutResponseInput {
  issuer: string;
  destination: string;
  inResponseTo: string;
  status: string;
  now: Date;
}

export function buildLogoutResponse(input: LogoutResponseInput): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<saml2p:LogoutResponse xmlns:saml2p="${SAML_PROTOCOL_NS}" Destination="${escapeXml(input.destination)}" ID="${newSamlId()}" ` +
    `InResponseTo="${escapeXml(input.inResponseTo)}" IssueInstant="${input.now.toISOString()}" Version="2.0">` +
    issuerXml(input.issuer) +
    `<saml2p:Status><saml2p:StatusCode Value="${escapeXml(input.status)}"/></saml2p:Status>` +
    '</saml2p:LogoutResponse>'
  );
}

interface CommonFields {
  id: string;
  issuer: string;
  destination: string | undefined;
}

export interface IncomingLogoutRequest extends CommonFields {
  kind: 'LogoutRequest';
  nameId: string;
  sessionIndexes: string[];
  notOnOrAfter: Date | undefined;
}

export interface IncomingLogoutResponse extends CommonFields {
  kind: 'LogoutResponse';
  inResponseTo: string | undefined;
  status: string;
}

export type IncomingLogoutMessage = IncomingLogoutRequest | IncomingLogoutResponse;

const text = (element: { textContent: string | null } | undefined): string => (element?.textContent ?? '').trim();

/** The fields of a logout message, from XML the caller has already verified the signature of. */
export function readLogoutMessage(xml: string, expected: 'LogoutRequest' | 'LogoutResponse'): IncomingLogoutMessage {
  if (/<!DOCTYPE|<!ENTITY/i.test(xml)) throw malformedLogout('DOCTYPE and entity declarations are not allowed');
  let root;
  try {
    root = parseXml(xml).documentElement!;
  } catch (error) {
    if (error instanceof XmlNotWellFormed) throw malformedLogout('not well-formed XML');
    throw error;
  }
  if (root.localName !== expected || root.namespaceURI !== SAML_PROTOCOL_NS) throw malformedLogout(`the root element is not samlp:${expected}`);
  if (root.getAttribute('Version') !== '2.0') throw malformedLogout('Version is not 2.0');
  const id = root.getAttribute('ID') ?? '';
  if (!/^[A-Za-z_][\w.-]{0,255}$/.test(id)) throw malformedLogout('ID is missing or not an NCName');
  const issuer = text(childElements(root).find((child) => child.localName === 'Issuer' && child.namespaceURI === SAML_ASSERTION_NS));
  if (!issuer) throw malformedLogout('there is no Issuer');
  const common = { id, issuer, destination: root.getAttribute('Destination') || undefined };
  if (expected === 'LogoutRequest') {
    const nameId = text(childElements(root).find((child) => child.localName === 'NameID' && child.namespaceURI === SAML_ASSERTION_NS));
    if (!nameId) throw malformedLogout('there is no NameID');
    const notOnOrAfter = root.getAttribute('NotOnOrAfter');
    const time = notOnOrAfter ? new Date(notOnOrAfter) : undefined;
    if (time && Number.isNaN(time.getTime())) throw malformedLogout('NotOnOrAfter is not a time');
    const sessionIndexes = childElements(root)
      .filter((child) => child.localName === 'SessionIndex' && child.namespaceURI === SAML_PROTOCOL_NS)
      .map((child) => text(child));
    return { kind: 'LogoutRequest', ...common, nameId, sessionIndexes, notOnOrAfter: time };
  }
  const statusCode = firstChildNamed(firstChildNamed(root, 'Status') ?? root, 'StatusCode')?.getAttribute('Value');
  if (!statusCode) throw malformedLogout('there is no StatusCode');
  return { kind: 'LogoutResponse', ...common, inResponseTo: root.getAttribute('InResponseTo') || undefined, status: statusCode };
}
