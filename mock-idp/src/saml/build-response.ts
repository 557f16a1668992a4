/**
 * Builds the unsigned SAML Response Okta sends by default: one Assertion with the user's NameID, a
 * bearer SubjectConfirmation, Conditions valid from 5 minutes before to 5 minutes after issue, an
 * AuthnStatement (PasswordProtectedTransport) and the app's attribute statements.
 *
 * Okta's own element prefixes (saml2p, saml2) and layout are kept, so an SP that works against the
 * mock sees what it will see from Okta. Pure: every time comes from `now`, every id from the input
 * or a random source, nothing is read from the app store.
 */
import { randomBytes } from 'node:crypto';
import { escapeXml } from '../xml.ts';

export const ENTITY_FORMAT = 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity';
export const PASSWORD_PROTECTED_TRANSPORT = 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport';
export const ASSERTION_VALIDITY_MS = 5 * 60 * 1000;

export interface SamlAttribute {
  name: string;
  nameFormat: string;
  values: string[];
}

export interface ResponseInput {
  issuer: string;
  /** Response/@Destination. */
  destination: string;
  /** SubjectConfirmationData/@Recipient. */
  recipient: string;
  audience: string;
  /** The AuthnRequest's ID; absent for IdP-initiated sign-in. */
  inResponseTo?: string;
  nameId: { format: string; value: string };
  sessionIndex: string;
  attributes: SamlAttribute[];
  now: Date;
  /** When the user typed the password; the AuthnInstant. */
  authnInstant: Date;
  responseId?: string;
  assertionId?: string;
}

export interface BuiltResponse {
  xml: string;
  responseId: string;
  assertionId: string;
}

/** An XML ID (an NCName) in Okta's style: `id` and digits. */
export function newSamlId(): string {
  return 'id' + [...randomBytes(20)].map((byte) => String(byte % 10)).join('');
}

export function buildSamlResponse(input: ResponseInput): BuiltResponse {
  const responseId = input.responseId ?? newSamlId();
  const assertionId = input.assertionId ?? newSamlId();
  const at = (offsetMs: number): string => new Date(input.now.getTime() + offsetMs).toISOString();
  const attr = (name: string, value: string | undefined): string => (value === undefined ? '' : ` ${name}="${escapeXml(value)}"`);
  const issuer = `<saml2:Issuer Format="${ENTITY_FORMAT}">${escapeXml(input.issuer)}</saml2:Issuer>`;

  const attributes = input.attributes.length
    ? '<saml2:AttributeStatement>' +
      input.attributes
        .map(
          (attribute) =>
            `<saml2:Attribute Name="${escapeXml(attribute.name)}" NameFormat="${escapeXml(attribute.nameFormat)}">` +
            attribute.values
              .map(
                (value) =>
                  '<saml2:AttributeValue xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="xs:string">' +
                  `${escapeXml(value)}</saml2:AttributeValue>`,
              )
              .join('') +
            '</saml2:Attribute>',
        )
        .join('') +
      '</saml2:AttributeStatement>'
    : '';

  const assertion =
    `<saml2:Assertion xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" ID="${assertionId}" IssueInstant="${at(0)}" Version="2.0">` +
    issuer +
    '<saml2:Subject>' +
    `<saml2:NameID Format="${escapeXml(input.nameId.format)}">${escapeXml(input.nameId.value)}</saml2:NameID>` +
    '<saml2:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">' +
    `<saml2:SubjectConfirmationData${attr('InResponseTo', input.inResponseTo)} NotOnOrAfter="${at(ASSERTION_VALIDITY_MS)}"${attr('Recipient', input.recipient)}/>` +
    '</saml2:SubjectConfirmation></saml2:Subject>' +
    `<saml2:Conditions NotBefore="${at(-ASSERTION_VALIDITY_MS)}" NotOnOrAfter="${at(ASSERTION_VALIDITY_MS)}">` +
    `<saml2:AudienceRestriction><saml2:Audience>${escapeXml(input.audience)}</saml2:Audience></saml2:AudienceRestriction>` +
    '</saml2:Conditions>' +
    `<saml2:AuthnStatement AuthnInstant="${input.authnInstant.toISOString()}" SessionIndex="${escapeXml(input.sessionIndex)}">` +
    `<saml2:AuthnContext><saml2:AuthnContextClassRef>${PASSWORD_PROTECTED_TRANSPORT}</saml2:AuthnContextClassRef></saml2:AuthnContext>` +
    '</saml2:AuthnStatement>' +
    attributes +
    '</saml2:Assertion>';

  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>' +
    `<saml2p:Response xmlns:saml2p="urn:oasis:names:tc:SAML:2.0:protocol" Destination="${escapeXml(input.destination)}" ID="${responseId}"` +
    `${attr('InResponseTo', input.inResponseTo)} IssueInstant="${at(0)}" Version="2.0">` +
    `<saml2:Issuer xmlns:saml2="urn:oasis:names:tc:SAML:2.0:assertion" Format="${ENTITY_FORMAT}">${escapeXml(input.issuer)}</saml2:Issuer>` +
    '<saml2p:Status><saml2p:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></saml2p:Status>' +
    assertion +
    '</saml2p:Response>';
  return { xml, responseId, assertionId };
}
