// Each check function on small XML strings built here, table-driven. Asserts codes only.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Element } from '@xmldom/xmldom';
import { checkDestination } from '../src/saml/checks/check-destination.ts';
import { checkInResponseTo } from '../src/saml/checks/check-in-response-to.ts';
import { checkIssuers } from '../src/saml/checks/check-issuer.ts';
import { checkNotReplayed } from '../src/saml/checks/check-replay.ts';
import { checkSignatureAlgorithms } from '../src/saml/checks/check-signature-algorithms.ts';
import { checkStatusSuccess } from '../src/saml/checks/check-status.ts';
import { checkStructure } from '../src/saml/checks/check-structure.ts';
import { checkBearerRecipients, checkSubjectInResponseTo } from '../src/saml/checks/check-subject-confirmation.ts';
import { checkTimeWindow } from '../src/saml/checks/check-time-window.ts';
import { checkWellFormedResponse, decodeSamlResponseParam } from '../src/saml/checks/check-well-formed.ts';
import { extractEmail } from '../src/saml/checks/extract-email.ts';
import { parseStrictXml } from '../src/saml/xml.ts';
import { spErrorCode } from './helpers/sp-error-code.ts';

const ACS = 'http://127.0.0.1:7100/sso/saml/acs/org-1';
const NSDECL = 'xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:ds="http://www.w3.org/2000/09/xmldsig#"';

function el(xml: string): Element {
  return parseStrictXml(xml).documentElement!;
}
function response(attrs: string, inner = ''): Element {
  return el(`<samlp:Response ${NSDECL} ${attrs}>${inner}</samlp:Response>`);
}
function assertion(inner: string, attrs = 'ID="_a1" IssueInstant="2030-01-01T12:00:00Z"'): Element {
  return el(`<saml:Assertion ${NSDECL} ${attrs}>${inner}</saml:Assertion>`);
}
const bearer = (scd: string): string =>
  `<saml:Subject><saml:NameID>x</saml:NameID><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">${scd}</saml:SubjectConfirmation></saml:Subject>`;

void describe('checkDestination', () => {
  const cases: Array<[string, string, string | null]> = [
    ['exact ACS URL is accepted', `Destination="${ACS}"`, null],
    ['another org ACS is refused', 'Destination="http://127.0.0.1:7100/sso/saml/acs/org-2"', 'SSO_DESTINATION_MISMATCH'],
    ['path differing in case is refused', 'Destination="http://127.0.0.1:7100/SSO/saml/acs/org-1"', 'SSO_DESTINATION_MISMATCH'],
    ['empty Destination is refused', 'Destination=""', 'SSO_DESTINATION_MISMATCH'],
    ['missing Destination is refused', '', 'SSO_DESTINATION_MISMATCH'],
    ['another port is refused', 'Destination="http://127.0.0.1:7101/sso/saml/acs/org-1"', 'SSO_DESTINATION_MISMATCH'],
    ['a trailing query is refused', `Destination="${ACS}?x=1"`, 'SSO_DESTINATION_MISMATCH'],
  ];
  for (const [name, attrs, expected] of cases) {
    void it(name, () => assert.equal(spErrorCode(() => checkDestination(response(attrs), ACS)), expected));
  }
  void it('scheme and host letter case may differ', () => {
    assert.equal(spErrorCode(() => checkDestination(response('Destination="HTTP://LOCALHOST:7100/sso/saml/acs/org-1"'), 'http://localhost:7100/sso/saml/acs/org-1')), null);
  });
});

void describe('checkBearerRecipients', () => {
  const future = 'NotOnOrAfter="2030-01-01T12:05:00Z"';
  const cases: Array<[string, string, string | null]> = [
    ['matching Recipient is accepted', bearer(`<saml:SubjectConfirmationData Recipient="${ACS}" ${future}/>`), null],
    ['other Recipient is refused', bearer(`<saml:SubjectConfirmationData Recipient="${ACS}x" ${future}/>`), 'SSO_RECIPIENT_MISMATCH'],
    ['missing Recipient is refused', bearer(`<saml:SubjectConfirmationData ${future}/>`), 'SSO_RECIPIENT_MISMATCH'],
    ['missing SubjectConfirmationData is refused', bearer(''), 'SSO_SUBJECT_CONFIRMATION_INVALID'],
    ['missing NotOnOrAfter is refused', bearer(`<saml:SubjectConfirmationData Recipient="${ACS}"/>`), 'SSO_SUBJECT_CONFIRMATION_INVALID'],
    [
      'a non-bearer confirmation only is refused',
      `<saml:Subject><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:holder-of-key"><saml:SubjectConfirmationData Recipient="${ACS}" ${future}/></saml:SubjectConfirmation></saml:Subject>`,
      'SSO_SUBJECT_CONFIRMATION_INVALID',
    ],
    [
      'one bad bearer among two is refused',
      `<saml:Subject><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData Recipient="${ACS}" ${future}/></saml:SubjectConfirmation><saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer"><saml:SubjectConfirmationData Recipient="https://evil.test/acs" ${future}/></saml:SubjectConfirmation></saml:Subject>`,
      'SSO_RECIPIENT_MISMATCH',
    ],
    ['no Subject is refused', '', 'SSO_SUBJECT_CONFIRMATION_INVALID'],
  ];
  for (const [name, inner, expected] of cases) {
    void it(name, () => assert.equal(spErrorCode(() => checkBearerRecipients(assertion(inner), ACS)), expected));
  }
});

void describe('checkSubjectInResponseTo', () => {
  const scd = (irt: string): Element => assertion(bearer(`<saml:SubjectConfirmationData Recipient="${ACS}" ${irt}/>`));
  const cases: Array<[string, Element, string | null, string | null]> = [
    ['equal values are accepted', scd('InResponseTo="_r1"'), '_r1', null],
    ['absent on the subject is accepted', scd(''), '_r1', null],
    ['a different value is refused', scd('InResponseTo="_r2"'), '_r1', 'SSO_INRESPONSETO_MISMATCH'],
    ['a value on an unsolicited response is refused', scd('InResponseTo="_r1"'), null, 'SSO_INRESPONSETO_MISMATCH'],
    ['unsolicited without a value is accepted', scd(''), null, null],
  ];
  for (const [name, a, irt, expected] of cases) void it(name, () => assert.equal(spErrorCode(() => checkSubjectInResponseTo(a, irt)), expected));
});

void describe('checkIssuers', () => {
  const IDP = 'http://idp.test/exk1';
  const a = (inner: string): Element => assertion(inner);
  const cases: Array<[string, string, string, string | null]> = [
    ['both equal the configured issuer', `<saml:Issuer>${IDP}</saml:Issuer>`, `<saml:Issuer>${IDP}</saml:Issuer>`, null],
    ['response issuer differs', `<saml:Issuer>${IDP}1</saml:Issuer>`, `<saml:Issuer>${IDP}</saml:Issuer>`, 'SSO_ISSUER_MISMATCH'],
    ['assertion issuer differs', `<saml:Issuer>${IDP}</saml:Issuer>`, `<saml:Issuer>${IDP}1</saml:Issuer>`, 'SSO_ISSUER_MISMATCH'],
    ['assertion issuer missing', `<saml:Issuer>${IDP}</saml:Issuer>`, '', 'SSO_ISSUER_MISMATCH'],
    ['response issuer missing', '', `<saml:Issuer>${IDP}</saml:Issuer>`, 'SSO_ISSUER_MISMATCH'],
    ['two assertion issuers', `<saml:Issuer>${IDP}</saml:Issuer>`, `<saml:Issuer>${IDP}</saml:Issuer><saml:Issuer>${IDP}</saml:Issuer>`, 'SSO_ISSUER_MISMATCH'],
  ];
  for (const [name, r, asr, expected] of cases) {
    void it(name, () => assert.equal(spErrorCode(() => checkIssuers(response('', r), a(asr), IDP)), expected));
  }
});

void describe('checkStatusSuccess', () => {
  const status = (v: string, nested = ''): Element =>
    response('', `<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:${v}">${nested}</samlp:StatusCode></samlp:Status>`);
  const cases: Array<[string, Element, string | null]> = [
    ['Success is accepted', status('Success'), null],
    ['Responder is refused', status('Responder'), 'SSO_STATUS_NOT_SUCCESS'],
    ['Requester with a nested code is refused', status('Requester', '<samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'), 'SSO_STATUS_NOT_SUCCESS'],
    ['no Status is refused', response(''), 'SSO_STATUS_NOT_SUCCESS'],
  ];
  for (const [name, r, expected] of cases) void it(name, () => assert.equal(spErrorCode(() => checkStatusSuccess(r)), expected));
});

void describe('checkInResponseTo', () => {
  const now = Date.UTC(2030, 0, 1, 12);
  const pending = { requestId: '_r1', orgId: 'org-1', sessionId: 's1', relayState: 'rs', expiresAt: now + 60_000, invitationToken: null };
  const ctx = { orgId: 'org-1', sessionId: 's1', nowMs: now, allowIdpInitiated: false };
  const cases: Array<[string, () => unknown, string | null]> = [
    ['a pending request of this session and org is accepted', () => checkInResponseTo('_r1', pending, ctx), null],
    ['an unknown (or already used) request is refused', () => checkInResponseTo('_r1', undefined, ctx), 'SSO_INRESPONSETO_MISMATCH'],
    ['another org is refused', () => checkInResponseTo('_r1', { ...pending, orgId: 'org-2' }, ctx), 'SSO_INRESPONSETO_MISMATCH'],
    ['another browser session is refused', () => checkInResponseTo('_r1', pending, { ...ctx, sessionId: 's2' }), 'SSO_INRESPONSETO_MISMATCH'],
    ['no session at all is refused', () => checkInResponseTo('_r1', pending, { ...ctx, sessionId: null }), 'SSO_INRESPONSETO_MISMATCH'],
    ['an expired request is refused', () => checkInResponseTo('_r1', { ...pending, expiresAt: now }, ctx), 'SSO_INRESPONSETO_MISMATCH'],
    ['unsolicited is refused by default', () => checkInResponseTo(null, undefined, ctx), 'SSO_UNSOLICITED_RESPONSE'],
    ['unsolicited is accepted when the org allows IdP-initiated', () => checkInResponseTo(null, undefined, { ...ctx, allowIdpInitiated: true }), null],
  ];
  for (const [name, fn, expected] of cases) void it(name, () => assert.equal(spErrorCode(fn), expected));
  void it('reports which kind of sign-in it was', () => {
    assert.equal(checkInResponseTo(null, undefined, { ...ctx, allowIdpInitiated: true }), 'idp-initiated');
    assert.equal(checkInResponseTo('_r1', pending, ctx), 'sp-initiated');
  });
});

void describe('checkTimeWindow', () => {
  const now = Date.UTC(2030, 0, 1, 12);
  const opts = { nowMs: now, skewMs: 60_000, maxAgeMs: 10 * 60_000 };
  const iso = (deltaMs: number): string => new Date(now + deltaMs).toISOString();
  const make = (o: { issue?: string; nb?: string; noa?: string; conditions?: boolean }): Element =>
    assertion(
      o.conditions === false ? '' : `<saml:Conditions NotBefore="${o.nb ?? iso(-60_000)}" NotOnOrAfter="${o.noa ?? iso(300_000)}"/>`,
      `ID="_a1" IssueInstant="${o.issue ?? iso(0)}"`,
    );
  const scd = (noa: string, nb?: string): Element =>
    el(`<saml:SubjectConfirmationData xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" NotOnOrAfter="${noa}"${nb ? ` NotBefore="${nb}"` : ''}/>`);
  const cases: Array<[string, Element, Element[], string | null]> = [
    ['a current assertion is accepted', make({}), [scd(iso(300_000))], null],
    ['NotBefore 10 minutes ahead is refused', make({ nb: iso(600_000) }), [], 'SSO_ASSERTION_EXPIRED'],
    ['NotBefore within the skew is accepted', make({ nb: iso(30_000) }), [], null],
    ['NotOnOrAfter 10 minutes ago is refused', make({ noa: iso(-600_000) }), [], 'SSO_ASSERTION_EXPIRED'],
    ['NotOnOrAfter exactly now−skew is refused (boundary)', make({ noa: iso(-60_000) }), [], 'SSO_ASSERTION_EXPIRED'],
    ['an expired SubjectConfirmationData is refused', make({}), [scd(iso(-600_000))], 'SSO_ASSERTION_EXPIRED'],
    ['a not-yet-valid SubjectConfirmationData is refused', make({}), [scd(iso(900_000), iso(600_000))], 'SSO_ASSERTION_EXPIRED'],
    ['an unparseable timestamp is refused', make({ noa: 'tomorrow' }), [], 'SSO_ASSERTION_EXPIRED'],
    ['a stale IssueInstant (hours old) is refused', make({ issue: iso(-3 * 3600_000), nb: iso(-3 * 3600_000), noa: iso(24 * 3600_000) }), [], 'SSO_ASSERTION_EXPIRED'],
    ['an IssueInstant in the future is refused', make({ issue: iso(600_000) }), [], 'SSO_ASSERTION_EXPIRED'],
    ['missing Conditions is refused', make({ conditions: false }), [], 'SSO_RESPONSE_INVALID'],
  ];
  for (const [name, a, scds, expected] of cases) void it(name, () => assert.equal(spErrorCode(() => checkTimeWindow(a, scds, opts)), expected));
  void it('returns when the assertion stops passing these checks: the earliest NotOnOrAfter (the replay cache keeps its id that long)', () => {
    assert.equal(checkTimeWindow(make({ noa: iso(120_000) }), [scd(iso(300_000))], opts), now + 120_000);
    assert.equal(checkTimeWindow(make({ noa: iso(300_000) }), [scd(iso(200_000))], opts), now + 200_000);
  });
  void it('an assertion claiming years of validity is remembered only until IssueInstant + the maximum age', () => {
    assert.equal(checkTimeWindow(make({ noa: iso(365 * 86_400_000) }), [scd(iso(365 * 86_400_000))], opts), now + 10 * 60_000);
  });
});

void describe('checkNotReplayed', () => {
  void it('accepts an assertion id until it is remembered, then refuses it (per issuer)', () => {
    const seen = new Set<string>();
    const cache = { has: (i: string, id: string) => seen.has(`${i}|${id}`), remember: (i: string, id: string) => void seen.add(`${i}|${id}`) };
    const a = assertion('');
    assert.equal(spErrorCode(() => checkNotReplayed(a, 'idp', cache)), null);
    cache.remember('idp', '_a1');
    assert.equal(spErrorCode(() => checkNotReplayed(a, 'idp', cache)), 'SSO_ASSERTION_REPLAYED');
    assert.equal(spErrorCode(() => checkNotReplayed(a, 'other-idp', cache)), null);
  });
  void it('refuses an assertion without ID', () => {
    const cache = { has: () => false, remember: () => {} };
    assert.equal(spErrorCode(() => checkNotReplayed(assertion('', 'IssueInstant="x"'), 'idp', cache)), 'SSO_MALFORMED_RESPONSE');
  });
});

void describe('checkWellFormedResponse', () => {
  const A = '<saml:Assertion ID="_a1"><saml:Issuer>i</saml:Issuer></saml:Assertion>';
  const cases: Array<[string, string, string | null]> = [
    ['one assertion is accepted', `<samlp:Response ${NSDECL}>${A}</samlp:Response>`, null],
    ['no assertion is accepted here (node-saml and the status decide)', `<samlp:Response ${NSDECL}></samlp:Response>`, null],
    ['two assertions are refused', `<samlp:Response ${NSDECL}>${A}${A.replace('_a1', '_a1_attack')}</samlp:Response>`, 'SSO_MALFORMED_RESPONSE'],
    ['an assertion hidden in a Signature is refused', `<samlp:Response ${NSDECL}>${A}<ds:Signature><ds:Object>${A}</ds:Object></ds:Signature></samlp:Response>`, 'SSO_MALFORMED_RESPONSE'],
    ['an assertion not a direct child is refused', `<samlp:Response ${NSDECL}><samlp:Extensions>${A}</samlp:Extensions></samlp:Response>`, 'SSO_MALFORMED_RESPONSE'],
    ['a DOCTYPE is refused', `<!DOCTYPE r [<!ENTITY x "y">]><samlp:Response ${NSDECL}>${A}</samlp:Response>`, 'SSO_MALFORMED_RESPONSE'],
    ['a second root element is refused', `<samlp:Response ${NSDECL}>${A}</samlp:Response><samlp:Response ${NSDECL}/>`, 'SSO_MALFORMED_RESPONSE'],
    ['not XML is refused', 'hello', 'SSO_MALFORMED_RESPONSE'],
    ['another root element is refused', `<saml:Assertion ${NSDECL} ID="_a"/>`, 'SSO_MALFORMED_RESPONSE'],
    ['an EncryptedAssertion is refused', `<samlp:Response ${NSDECL}><saml:EncryptedAssertion/></samlp:Response>`, 'SSO_MALFORMED_RESPONSE'],
  ];
  for (const [name, xml, expected] of cases) void it(name, () => assert.equal(spErrorCode(() => checkWellFormedResponse(xml)), expected));
  void it('refuses a SAMLResponse parameter that is missing or not base64', () => {
    assert.equal(spErrorCode(() => decodeSamlResponseParam(undefined)), 'SSO_MALFORMED_RESPONSE');
    assert.equal(spErrorCode(() => decodeSamlResponseParam('<xml>')), 'SSO_MALFORMED_RESPONSE');
    assert.equal(spErrorCode(() => decodeSamlResponseParam(Buffer.from('<a/>').toString('base64'))), null);
  });
});

void describe('checkSignatureAlgorithms', () => {
  const sig = (o: { method?: string; digest?: string; c14n?: string; transforms?: string[]; extraSignedInfo?: boolean }): string => {
    const t = (o.transforms ?? ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#'])
      .map((a) => `<ds:Transform Algorithm="${a}"/>`)
      .join('');
    const si = `<ds:SignedInfo><ds:CanonicalizationMethod Algorithm="${o.c14n ?? 'http://www.w3.org/2001/10/xml-exc-c14n#'}"/><ds:SignatureMethod Algorithm="${o.method ?? 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256'}"/><ds:Reference URI="#_r"><ds:Transforms>${t}</ds:Transforms><ds:DigestMethod Algorithm="${o.digest ?? 'http://www.w3.org/2001/04/xmlenc#sha256'}"/><ds:DigestValue>x</ds:DigestValue></ds:Reference></ds:SignedInfo>`;
    return `<samlp:Response ${NSDECL} ID="_r"><ds:Signature>${si}${o.extraSignedInfo ? si : ''}<ds:SignatureValue>x</ds:SignatureValue></ds:Signature></samlp:Response>`;
  };
  const cases: Array<[string, string, string | null]> = [
    ['RSA-SHA256 with SHA-256 and the two standard transforms is accepted', sig({}), null],
    ['RSA-SHA1 is refused', sig({ method: 'http://www.w3.org/2000/09/xmldsig#rsa-sha1' }), 'SSO_SIGNATURE_INVALID'],
    ['HMAC-SHA1 is refused', sig({ method: 'http://www.w3.org/2000/09/xmldsig#hmac-sha1' }), 'SSO_SIGNATURE_INVALID'],
    ['a SHA-1 digest is refused', sig({ digest: 'http://www.w3.org/2000/09/xmldsig#sha1' }), 'SSO_SIGNATURE_INVALID'],
    ['c14n WithComments is refused', sig({ c14n: 'http://www.w3.org/2001/10/xml-exc-c14n#WithComments' }), 'SSO_SIGNATURE_INVALID'],
    ['an XSLT transform is refused', sig({ transforms: ['http://www.w3.org/TR/1999/REC-xslt-19991116'] }), 'SSO_SIGNATURE_INVALID'],
    ['three transforms are refused', sig({ transforms: ['http://www.w3.org/2000/09/xmldsig#enveloped-signature', 'http://www.w3.org/2001/10/xml-exc-c14n#', 'http://www.w3.org/2001/10/xml-exc-c14n#'] }), 'SSO_SIGNATURE_INVALID'],
    ['two SignedInfo elements are refused', sig({ extraSignedInfo: true }), 'SSO_SIGNATURE_INVALID'],
  ];
  for (const [name, xml, expected] of cases) void it(name, () => assert.equal(spErrorCode(() => checkSignatureAlgorithms(parseStrictXml(xml))), expected));
});

void describe('extractEmail', () => {
  const EMAIL_FMT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
  const subj = (nameId: string, format = EMAIL_FMT): string => `<saml:Subject><saml:NameID Format="${format}">${nameId}</saml:NameID></saml:Subject>`;
  const attrs = (...values: string[][]): string =>
    `<saml:AttributeStatement>${values.map((vs) => `<saml:Attribute Name="email">${vs.map((v) => `<saml:AttributeValue>${v}</saml:AttributeValue>`).join('')}</saml:Attribute>`).join('')}</saml:AttributeStatement>`;
  const cases: Array<[string, string, string]> = [
    ['the email attribute wins, lower-cased', subj('other@corp.example') + attrs(['Alice@Corp.Example']), 'alice@corp.example'],
    ['the emailAddress NameID is used without the attribute', subj('bob@corp.example'), 'bob@corp.example'],
    ['a comment inside the NameID never truncates it', subj('victim@corp.example<!---->.attacker.test'), 'victim@corp.example.attacker.test'],
    ['a comment inside the attribute never truncates it', attrs(['s<!-- attack! -->mith@corp.example']), 'smith@corp.example'],
  ];
  for (const [name, inner, expected] of cases) void it(name, () => assert.equal(extractEmail(assertion(inner)), expected));
  const refusals: Array<[string, string, string]> = [
    ['an unspecified-format NameID without attribute is refused', subj('carol', 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified'), 'SSO_EMAIL_MISSING'],
    ['an emailAddress NameID that is not an email is refused', subj('not-an-email'), 'SSO_EMAIL_MISSING'],
    ['two email attributes are refused', attrs(['a@corp.example'], ['b@corp.example']), 'SSO_MALFORMED_RESPONSE'],
    ['an email attribute with two values is refused', attrs(['a@corp.example', 'b@corp.example']), 'SSO_MALFORMED_RESPONSE'],
    ['nothing at all is refused', '', 'SSO_EMAIL_MISSING'],
  ];
  for (const [name, inner, expected] of refusals) void it(name, () => assert.equal(spErrorCode(() => extractEmail(assertion(inner))), expected));
});

void describe('checkStructure', () => {
  const ENTITY = 'http://127.0.0.1:7100/sso/saml/metadata/org-1';
  const now = Date.parse('2030-01-01T12:00:00Z');
  const goodResponse = 'ID="_r1" Version="2.0"';
  const subject = (nameId = '<saml:NameID>alice@example.com</saml:NameID>') => `<saml:Subject>${nameId}</saml:Subject>`;
  const authn = (attrs = '') => `<saml:AuthnStatement AuthnInstant="2030-01-01T11:59:00Z"${attrs}/>`;
  const check = (responseAttrs: string, assertionAttrs: string, inner: string) => () =>
    checkStructure(response(responseAttrs), assertion(inner, assertionAttrs), { spEntityId: ENTITY, nowMs: now, skewMs: 60_000 });
  const goodAssertion = 'ID="_a1" Version="2.0" IssueInstant="2030-01-01T12:00:00Z"';
  const cases: Array<[string, string, string, string, string | null]> = [
    ['a complete Response is accepted', goodResponse, goodAssertion, subject() + authn(), null],
    ['Response without ID', 'Version="2.0"', goodAssertion, subject() + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['Response Version 1.1', 'ID="_r1" Version="1.1"', goodAssertion, subject() + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['Response without Version', 'ID="_r1"', goodAssertion, subject() + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['Assertion without ID', goodResponse, 'Version="2.0"', subject() + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['Assertion Version 1.1', goodResponse, 'ID="_a1" Version="1.1"', subject() + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['no Subject', goodResponse, goodAssertion, authn(), 'SSO_MALFORMED_RESPONSE'],
    ['no NameID', goodResponse, goodAssertion, subject('') + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['empty NameID', goodResponse, goodAssertion, subject('<saml:NameID>  </saml:NameID>') + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['two NameIDs', goodResponse, goodAssertion, subject('<saml:NameID>a@x.test</saml:NameID><saml:NameID>b@x.test</saml:NameID>') + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['SPNameQualifier of this SP', goodResponse, goodAssertion, subject(`<saml:NameID SPNameQualifier="${ENTITY}">a@x.test</saml:NameID>`) + authn(), null],
    ['SPNameQualifier of another SP', goodResponse, goodAssertion, subject('<saml:NameID SPNameQualifier="https://other.test">a@x.test</saml:NameID>') + authn(), 'SSO_MALFORMED_RESPONSE'],
    ['no AuthnStatement', goodResponse, goodAssertion, subject(), 'SSO_MALFORMED_RESPONSE'],
    ['SessionNotOnOrAfter ahead', goodResponse, goodAssertion, subject() + authn(' SessionNotOnOrAfter="2030-01-01T13:00:00Z"'), null],
    ['SessionNotOnOrAfter passed', goodResponse, goodAssertion, subject() + authn(' SessionNotOnOrAfter="2030-01-01T11:58:00Z"'), 'SSO_ASSERTION_EXPIRED'],
    ['SessionNotOnOrAfter unparsable', goodResponse, goodAssertion, subject() + authn(' SessionNotOnOrAfter="soon"'), 'SSO_MALFORMED_RESPONSE'],
  ];
  for (const [name, responseAttrs, assertionAttrs, inner, expected] of cases) {
    void it(`${name} → ${expected ?? 'accepted'}`, () => assert.equal(spErrorCode(check(responseAttrs, assertionAttrs, inner)), expected));
  }
  void it('returns when the IdP session ends, the earliest of several statements', () => {
    const result = check(goodResponse, goodAssertion, subject() + authn(' SessionNotOnOrAfter="2030-01-01T14:00:00Z"') + authn(' SessionNotOnOrAfter="2030-01-01T13:00:00Z"'))();
    assert.equal(result.sessionNotOnOrAfter, Date.parse('2030-01-01T13:00:00Z'));
    assert.equal(check(goodResponse, goodAssertion, subject() + authn())().sessionNotOnOrAfter, null);
  });
});
