// Rules for the shape SAML 2.0 requires of a Web SSO Response (core §3.2.2, §2.3.3; profiles §4.1.4.2),
// read from the Response and the signed assertion:
//   - the Response and the Assertion have an ID and Version exactly "2.0";
//   - the Assertion has a Subject with exactly one non-empty NameID; an SPNameQualifier, when given,
//     names this SP;
//   - the Assertion has at least one AuthnStatement (the SSO profile's bearer assertion must);
//   - an AuthnStatement's SessionNotOnOrAfter, when given, is a valid instant still in the future:
//     the IdP says the session it vouches for has already ended otherwise.
// Code: SSO_MALFORMED_RESPONSE (SSO_ASSERTION_EXPIRED for a session that has ended). Returns when the
// IdP's session ends, if it says: the SP's own session must not outlive it.
import type { Element } from '@xmldom/xmldom';
import { ssoError } from '../../errors.ts';
import { attr, childElements, NS, textOf } from '../xml.ts';

const SAML_VERSION = '2.0';
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function checkIdAndVersion(el: Element, what: string): void {
  const id = attr(el, 'ID');
  if (!id || !id.trim()) throw ssoError('SSO_MALFORMED_RESPONSE', `the ${what} has no ID`);
  const version = attr(el, 'Version');
  if (version !== SAML_VERSION) throw ssoError('SSO_MALFORMED_RESPONSE', `the ${what} Version is ${version ?? 'missing'}, not ${SAML_VERSION}`);
}

function checkSubject(assertion: Element, spEntityId: string): void {
  const subjects = childElements(assertion, NS.saml, 'Subject');
  if (subjects.length !== 1) throw ssoError('SSO_MALFORMED_RESPONSE', `expected one Subject, found ${subjects.length}`);
  const nameIds = childElements(subjects[0]!, NS.saml, 'NameID');
  if (nameIds.length !== 1) throw ssoError('SSO_MALFORMED_RESPONSE', `expected one NameID in the Subject, found ${nameIds.length}`);
  const nameId = nameIds[0]!;
  if (!textOf(nameId)) throw ssoError('SSO_MALFORMED_RESPONSE', 'the NameID is empty');
  const qualifier = attr(nameId, 'SPNameQualifier');
  if (qualifier !== null && qualifier !== spEntityId) throw ssoError('SSO_MALFORMED_RESPONSE', `the NameID is qualified for another SP (${qualifier})`);
}

/** Checks the AuthnStatements; returns the earliest SessionNotOnOrAfter (ms), or null when none says. */
function checkAuthnStatements(assertion: Element, nowMs: number, skewMs: number): number | null {
  const statements = childElements(assertion, NS.saml, 'AuthnStatement');
  if (statements.length === 0) throw ssoError('SSO_MALFORMED_RESPONSE', 'the assertion has no AuthnStatement');
  let sessionEnd: number | null = null;
  for (const statement of statements) {
    const raw = attr(statement, 'SessionNotOnOrAfter');
    if (raw === null) continue;
    const ms = INSTANT.test(raw) ? Date.parse(raw) : Number.NaN;
    if (Number.isNaN(ms)) throw ssoError('SSO_MALFORMED_RESPONSE', `SessionNotOnOrAfter is not a valid instant: ${raw}`);
    if (nowMs - skewMs >= ms) throw ssoError('SSO_ASSERTION_EXPIRED', 'the IdP session this assertion vouches for has ended (SessionNotOnOrAfter)');
    sessionEnd = sessionEnd === null ? ms : Math.min(sessionEnd, ms);
  }
  return sessionEnd;
}

export function checkStructure(response: Element, assertion: Element, o: { spEntityId: string; nowMs: number; skewMs: number }): { sessionNotOnOrAfter: number | null } {
  checkIdAndVersion(response, 'Response');
  checkIdAndVersion(assertion, 'Assertion');
  checkSubject(assertion, o.spEntityId);
  return { sessionNotOnOrAfter: checkAuthnStatements(assertion, o.nowMs, o.skewMs) };
}
