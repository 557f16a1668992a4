// Rule: the Response and the Assertion each carry exactly one Issuer, equal to the configured IdP
// issuer (entityID). node-saml 5.1 does not compare the issuer of a login response.
// Code: SSO_ISSUER_MISMATCH.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { childElements, NS, textOf } from '../xml.ts';

export function checkIssuer(element: Element, expectedIssuer: string): void {
  const issuers = childElements(element, NS.saml, 'Issuer');
  const where = element.localName;
  if (issuers.length !== 1) {
    throw ssoError('SSO_ISSUER_MISMATCH', `${where} must carry exactly one Issuer, found ${issuers.length}`);
  }
  const received = textOf(issuers[0]!);
  if (received !== expectedIssuer) {
    throw ssoError('SSO_ISSUER_MISMATCH', `${where} Issuer mismatch. Expected: ${expectedIssuer} Received: ${received}`);
  }
}

export function checkIssuers(response: Element, assertion: Element, expectedIssuer: string): void {
  checkIssuer(response, expectedIssuer);
  checkIssuer(assertion, expectedIssuer);
}
