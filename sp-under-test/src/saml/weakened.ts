// TEST ONLY: what the ACS does instead of a check when a mutation-testing variant switched it off
// (see ../weakenings.ts). Each function is the lax behaviour a vulnerable SP shows; none is used
// unless `weakenedForMutationTesting` named its weakening.
import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { ssoError } from '../errors.ts';
import { attr, childElements, CM_BEARER, descendants, NAMEID_EMAIL, NS, parseStrictXml } from './xml.ts';
import type { WellFormedResponse } from './checks/check-well-formed.ts';

/** Several assertions allowed (the first in document order is "the" assertion), a DOCTYPE too if asked. */
export function laxResponse(xml: string, o: { allowDoctype: boolean }): WellFormedResponse {
  let doc: Document;
  try {
    doc = o.allowDoctype ? new DOMParser({ onError: () => {} }).parseFromString(xml, 'text/xml') : parseStrictXml(xml);
  } catch {
    throw ssoError('SSO_MALFORMED_RESPONSE', 'not XML');
  }
  const response = doc.documentElement;
  if (!response || response.localName !== 'Response') throw ssoError('SSO_MALFORMED_RESPONSE', 'no Response');
  return { doc, response, assertion: descendants(doc, NS.saml, 'Assertion')[0] ?? null };
}

/** The document's first Assertion, wherever it is: what an SP that reads "the" assertion by tag name gets. */
export function firstAssertionOf(doc: Document): Element {
  const first = descendants(doc, NS.saml, 'Assertion')[0];
  if (!first) throw ssoError('SSO_MALFORMED_RESPONSE', 'no Assertion');
  return first;
}

/** The first certificate in the response's KeyInfo, as PEM: what an SP that trusts embedded keys verifies with. */
export function keyInfoCertificate(doc: Document): string | undefined {
  const text = descendants(doc, NS.ds, 'X509Certificate')[0]?.textContent?.replace(/\s+/g, '');
  return text ? `-----BEGIN CERTIFICATE-----\n${text.replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n` : undefined;
}

/** The bearer SubjectConfirmationData elements, with or without the recipient compared. */
export function bearerDataOf(assertion: Element): Element[] {
  const subject = childElements(assertion, NS.saml, 'Subject')[0];
  if (!subject) return [];
  return childElements(subject, NS.saml, 'SubjectConfirmation')
    .filter((sc) => attr(sc, 'Method') === CM_BEARER)
    .flatMap((sc) => childElements(sc, NS.saml, 'SubjectConfirmationData'));
}

/** The email from the first text node only, as libraries that read `firstChild.nodeValue` do. */
export function firstTextNodeEmail(assertion: Element): string {
  const firstText = (el: Element | undefined): string | null => (el?.firstChild?.nodeType === 3 ? (el.firstChild.nodeValue ?? '').trim() : null);
  const attribute = childElements(assertion, NS.saml, 'AttributeStatement')
    .flatMap((s) => childElements(s, NS.saml, 'Attribute'))
    .find((a) => attr(a, 'Name') === 'email');
  const value = attribute ? firstText(childElements(attribute, NS.saml, 'AttributeValue')[0]) : null;
  const subject = childElements(assertion, NS.saml, 'Subject')[0];
  const nameId = subject ? childElements(subject, NS.saml, 'NameID')[0] : undefined;
  const email = value || (nameId && attr(nameId, 'Format') === NAMEID_EMAIL ? firstText(nameId) : null);
  if (!email) throw ssoError('SSO_EMAIL_MISSING', 'no email');
  return email.toLowerCase();
}

/**
 * The verify-then-read-elsewhere bug (CVE-2025-47949, CVE-2025-54419 and their kind): the document
 * passes when any one of its signatures verifies with the configured certificate, and "the" assertion
 * is then simply the first one in document order.
 */
export function naiveSignedAssertion(xml: string, doc: Document, certificatePem: string): Element {
  const signatures = descendants(doc, NS.ds, 'Signature');
  const verifies = signatures.some((signature) => {
    try {
      const verifier = new SignedXml({ publicCert: certificatePem });
      verifier.loadSignature(signature as unknown as Parameters<SignedXml["loadSignature"]>[0]);
      return verifier.checkSignature(xml);
    } catch {
      return false;
    }
  });
  if (!verifies) throw ssoError('SSO_SIGNATURE_INVALID', 'no signature verifies');
  return firstAssertionOf(doc);
}
