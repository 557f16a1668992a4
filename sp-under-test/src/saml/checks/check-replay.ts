// Rule (SAML profiles §4.1.4.5): an assertion id is accepted once. Accepted ids are remembered
// (per IdP issuer) until the assertion's NotOnOrAfter. node-saml 5.1 keeps no such cache.
// The check runs on the signed assertion before InResponseTo is looked at, so re-posting an
// accepted response is reported as a replay (its request id is long consumed by then).
// Codes: SSO_ASSERTION_REPLAYED; SSO_MALFORMED_RESPONSE when the assertion has no ID.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr } from '../xml.ts';

export interface ReplayCache {
  has(issuer: string, assertionId: string): boolean;
  remember(issuer: string, assertionId: string, keepUntilMs: number): void;
}

export function assertionIdOf(assertion: Element): string {
  const id = attr(assertion, 'ID');
  if (!id) throw ssoError('SSO_MALFORMED_RESPONSE', 'assertion has no ID');
  return id;
}

export function checkNotReplayed(assertion: Element, issuer: string, cache: ReplayCache): void {
  const id = assertionIdOf(assertion);
  if (cache.has(issuer, id)) throw ssoError('SSO_ASSERTION_REPLAYED', `assertion ${id} was already used`);
}
