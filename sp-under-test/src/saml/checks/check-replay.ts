// Rule (SAML profiles §4.1.4.5): an assertion id is accepted once. The id is remembered (per IdP
// issuer) until the assertion's NotOnOrAfter. node-saml 5.1 keeps no such cache.
// Codes: SSO_ASSERTION_REPLAYED; SSO_MALFORMED_RESPONSE when the assertion has no ID.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr } from '../xml.ts';

/** Records the id and returns false the first time; returns true when already recorded. */
export type SeenAssertion = (issuer: string, assertionId: string, keepUntilMs: number) => boolean;

export function checkNotReplayed(assertion: Element, issuer: string, keepUntilMs: number, seen: SeenAssertion): void {
  const id = attr(assertion, 'ID');
  if (!id) throw ssoError('SSO_MALFORMED_RESPONSE', 'assertion has no ID');
  if (seen(issuer, id, keepUntilMs)) throw ssoError('SSO_ASSERTION_REPLAYED', `assertion ${id} was already used`);
}
