// Rules, with the SP's clock and a small skew: the assertion's IssueInstant is parseable, not in the
// future and not older than maxAgeMs; Conditions is present (exactly one) and NotBefore ≤ now+skew,
// now−skew < NotOnOrAfter; every bearer SubjectConfirmationData NotBefore/NotOnOrAfter likewise.
// Unparseable timestamps refuse. Code: SSO_ASSERTION_EXPIRED (SSO_RESPONSE_INVALID without Conditions).
// Returns the instant after which this assertion fails these checks anyway: the earliest of its
// NotOnOrAfters and IssueInstant + maxAgeMs. Its id stays in the replay cache until then (+ skew),
// and not a moment longer: an assertion claiming to be valid for years costs no more memory.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr, childElements, NS } from '../xml.ts';

export interface TimeWindowOptions {
  nowMs: number;
  skewMs: number;
  maxAgeMs: number;
}

function instant(el: Element, name: string): number | null {
  const raw = attr(el, name);
  if (raw === null) return null;
  // xs:dateTime with a time zone (SAML requires UTC); Date.parse alone accepts too much.
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/.test(raw)) {
    throw ssoError('SSO_ASSERTION_EXPIRED', `${name} is not a valid timestamp: ${raw}`);
  }
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw ssoError('SSO_ASSERTION_EXPIRED', `${name} is not a valid timestamp: ${raw}`);
  return ms;
}

function checkWindow(el: Element, what: string, o: TimeWindowOptions): number | null {
  const notBefore = instant(el, 'NotBefore');
  const notOnOrAfter = instant(el, 'NotOnOrAfter');
  if (notBefore !== null && o.nowMs + o.skewMs < notBefore) throw ssoError('SSO_ASSERTION_EXPIRED', `${what} not yet valid`);
  if (notOnOrAfter !== null && o.nowMs - o.skewMs >= notOnOrAfter) throw ssoError('SSO_ASSERTION_EXPIRED', `${what} expired`);
  return notOnOrAfter;
}

export function checkTimeWindow(assertion: Element, subjectConfirmationData: Element[], o: TimeWindowOptions): number {
  const issued = instant(assertion, 'IssueInstant');
  if (issued === null) throw ssoError('SSO_ASSERTION_EXPIRED', 'assertion has no IssueInstant');
  if (issued > o.nowMs + o.skewMs) throw ssoError('SSO_ASSERTION_EXPIRED', 'assertion issued in the future');
  if (o.nowMs - o.skewMs >= issued + o.maxAgeMs) throw ssoError('SSO_ASSERTION_EXPIRED', 'assertion too old');
  const conditions = childElements(assertion, NS.saml, 'Conditions');
  if (conditions.length !== 1) throw ssoError('SSO_RESPONSE_INVALID', 'exactly one Conditions element expected');
  const limits = [checkWindow(conditions[0]!, 'Conditions', o)];
  for (const scd of subjectConfirmationData) limits.push(checkWindow(scd, 'SubjectConfirmationData', o));
  const known = limits.filter((x): x is number => x !== null);
  return Math.min(issued + o.maxAgeMs, ...known);
}
