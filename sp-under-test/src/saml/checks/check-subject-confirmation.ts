// Rules (SAML profiles §4.1.4.2-3), on the signed assertion:
// - the Subject has at least one bearer SubjectConfirmation (else SSO_SUBJECT_CONFIRMATION_INVALID);
// - every bearer SubjectConfirmation has SubjectConfirmationData with a NotOnOrAfter
//   (else SSO_SUBJECT_CONFIRMATION_INVALID) and a Recipient equal to the ACS URL
//   (else SSO_RECIPIENT_MISMATCH; node-saml 5.1 does not check Recipient);
// - SubjectConfirmationData/@InResponseTo, when the Response has one, equals it; when the Response is
//   unsolicited it is absent (else SSO_INRESPONSETO_MISMATCH).
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr, childElements, CM_BEARER, NS } from '../xml.ts';
import { sameEndpoint } from './urls.ts';

export function bearerConfirmations(assertion: Element): Element[] {
  const subject = childElements(assertion, NS.saml, 'Subject');
  if (subject.length !== 1) throw ssoError('SSO_SUBJECT_CONFIRMATION_INVALID', 'exactly one Subject expected');
  return childElements(subject[0]!, NS.saml, 'SubjectConfirmation').filter((sc) => attr(sc, 'Method') === CM_BEARER);
}

/** Returns the bearer SubjectConfirmationData elements (all checked). */
export function checkBearerRecipients(assertion: Element, acsUrl: string): Element[] {
  const bearers = bearerConfirmations(assertion);
  if (bearers.length === 0) throw ssoError('SSO_SUBJECT_CONFIRMATION_INVALID', 'no bearer SubjectConfirmation');
  return bearers.map((sc) => {
    const data = childElements(sc, NS.saml, 'SubjectConfirmationData');
    if (data.length !== 1) throw ssoError('SSO_SUBJECT_CONFIRMATION_INVALID', 'bearer SubjectConfirmation without SubjectConfirmationData');
    const scd = data[0]!;
    const recipient = attr(scd, 'Recipient');
    if (!recipient || !sameEndpoint(recipient, acsUrl)) {
      throw ssoError('SSO_RECIPIENT_MISMATCH', `Recipient mismatch. Expected: ${acsUrl} Received: ${recipient ?? '(none)'}`);
    }
    if (!attr(scd, 'NotOnOrAfter')) throw ssoError('SSO_SUBJECT_CONFIRMATION_INVALID', 'SubjectConfirmationData without NotOnOrAfter');
    return scd;
  });
}

export function checkSubjectInResponseTo(assertion: Element, responseInResponseTo: string | null): void {
  for (const sc of bearerConfirmations(assertion)) {
    for (const scd of childElements(sc, NS.saml, 'SubjectConfirmationData')) {
      const value = attr(scd, 'InResponseTo');
      if (responseInResponseTo === null ? value !== null : value !== null && value !== responseInResponseTo) {
        throw ssoError('SSO_INRESPONSETO_MISMATCH', 'SubjectConfirmationData InResponseTo does not match the Response');
      }
    }
  }
}
