// Identity: the `email` attribute, else the NameID when its Format is emailAddress. Read from the
// signed assertion with full text content (a comment inside the value never truncates it). Two
// `email` attributes, or several values, refuse (SSO_MALFORMED_RESPONSE). No usable email →
// SSO_EMAIL_MISSING. Returned lower-cased.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr, childElements, NAMEID_EMAIL, NS, textOf } from '../xml.ts';

const EMAIL_SHAPE = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;

export function extractEmail(assertion: Element): string {
  const attributes = childElements(assertion, NS.saml, 'AttributeStatement')
    .flatMap((s) => childElements(s, NS.saml, 'Attribute'))
    .filter((a) => attr(a, 'Name') === 'email');
  if (attributes.length > 1) throw ssoError('SSO_MALFORMED_RESPONSE', 'duplicate email attribute');
  let candidate: string | null = null;
  if (attributes.length === 1) {
    const values = childElements(attributes[0]!, NS.saml, 'AttributeValue');
    if (values.length > 1) throw ssoError('SSO_MALFORMED_RESPONSE', 'the email attribute has several values');
    if (values.length === 1) candidate = textOf(values[0]!) || null;
  }
  if (candidate === null) {
    const subject = childElements(assertion, NS.saml, 'Subject')[0];
    const nameIds = subject ? childElements(subject, NS.saml, 'NameID') : [];
    if (nameIds.length === 1 && attr(nameIds[0]!, 'Format') === NAMEID_EMAIL) candidate = textOf(nameIds[0]!) || null;
  }
  if (candidate === null) throw ssoError('SSO_EMAIL_MISSING', 'no email attribute and no emailAddress NameID');
  if (!EMAIL_SHAPE.test(candidate)) throw ssoError('SSO_EMAIL_MISSING', 'the email value is not an email address');
  return candidate.toLowerCase();
}
