// Metadata parsing, certificate normalisation, portal keys, settings input, node-saml error mapping.
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { SamlStatusError } from '@node-saml/node-saml';
import { normalizeCertificate } from '../src/saml/certificate.ts';
import { parseIdpMetadata } from '../src/saml/idp-metadata.ts';
import { codeForNodeSamlError } from '../src/saml/node-saml-errors.ts';
import { validatePortalKey } from '../src/saml/portal-key.ts';
import { buildSsoSettings } from '../src/settings.ts';
import { makeTestIdpKey, type TestIdpKey } from './helpers/test-idp.ts';
import { spErrorCode } from './helpers/sp-error-code.ts';


let key: TestIdpKey;
before(() => {
  key = makeTestIdpKey();
});

function metadata(o: { cert?: string | null; bindings?: Array<[string, string]>; use?: string; doctype?: boolean } = {}): string {
  const services = (o.bindings ?? [
    ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'http://idp.test/app/x/sso/saml?post'],
    ['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect', 'http://idp.test/app/x/sso/saml'],
  ])
    .map(([b, l]) => `<md:SingleSignOnService Binding="${b}" Location="${l}"/>`)
    .join('');
  const cert = o.cert === null ? '' : `<md:KeyDescriptor${o.use ? ` use="${o.use}"` : ' use="signing"'}><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${o.cert ?? key.certificateBody}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>`;
  return `${o.doctype ? '<!DOCTYPE x>' : ''}<?xml version="1.0" encoding="UTF-8"?><md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="http://idp.test/exk123"><md:IDPSSODescriptor WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">${cert}<md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>${services}</md:IDPSSODescriptor></md:EntityDescriptor>`;
}

void describe('parseIdpMetadata', () => {
  void it('extracts entityID, the HTTP-Redirect SSO URL and the signing certificate', () => {
    const md = parseIdpMetadata(metadata());
    assert.equal(md.entityId, 'http://idp.test/exk123');
    assert.equal(md.ssoUrl, 'http://idp.test/app/x/sso/saml');
    assert.equal(md.certificatePem, normalizeCertificate(key.certificatePem));
  });
  void it('falls back to the HTTP-POST binding', () => {
    const md = parseIdpMetadata(metadata({ bindings: [['urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST', 'http://idp.test/post']] }));
    assert.equal(md.ssoUrl, 'http://idp.test/post');
  });
  const refusals: Array<[string, string]> = [
    ['metadata without a certificate', metadata({ cert: null })],
    ['metadata with only an encryption key', metadata({ use: 'encryption' })],
    ['metadata with a broken certificate', metadata({ cert: 'bm90IGEgY2VydA==' })],
    ['metadata without a SingleSignOnService', metadata({ bindings: [] })],
    ['metadata with a DOCTYPE', metadata({ doctype: true })],
    ['text that is not XML', 'this is not xml'],
    ['XML that is not metadata', '<html><body>Sign in</body></html>'],
  ];
  for (const [name, xml] of refusals) void it(`refuses ${name}`, () => assert.equal(spErrorCode(() => parseIdpMetadata(xml)), 'SSO_METADATA_INVALID'));
});

void describe('normalizeCertificate', () => {
  void it('accepts a PEM with BEGIN/END lines', () => assert.match(normalizeCertificate(key.certificatePem), /^-----BEGIN CERTIFICATE-----\n/));
  void it('accepts the bare base64 body, as copied from Okta, with the same result', () => {
    assert.equal(normalizeCertificate(key.certificateBody), normalizeCertificate(key.certificatePem));
  });
  void it('accepts a body broken over lines with stray spaces', () => {
    const messy = `  ${key.certificateBody.slice(0, 50)}\r\n ${key.certificateBody.slice(50)}  `;
    assert.equal(normalizeCertificate(messy), normalizeCertificate(key.certificatePem));
  });
  const refusals: Array<[string, string]> = [
    ['an empty value', ''],
    ['text that is not base64', 'not a certificate!'],
    ['base64 that is not a certificate', Buffer.from('hello world').toString('base64')],
    ['a private key', key?.privateKeyPem ?? '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----'],
  ];
  for (const [name, input] of refusals) void it(`refuses ${name}`, () => assert.equal(spErrorCode(() => normalizeCertificate(input)), 'SSO_CERTIFICATE_INVALID'));
});

void describe('validatePortalKey', () => {
  const ok = ['abc', 'acme_SSO', 'A-b_9', 'x'.repeat(64)];
  const bad = ['', 'ab', 'x'.repeat(65), 'has space', 'dot.key', 'slash/key', 'ünï', 'key?x=1'];
  for (const k of ok) void it(`accepts ${JSON.stringify(k.slice(0, 20))}`, () => assert.equal(spErrorCode(() => validatePortalKey(k)), null));
  for (const k of bad) void it(`refuses ${JSON.stringify(k.slice(0, 20))}`, () => assert.equal(spErrorCode(() => validatePortalKey(k)), 'SSO_PORTAL_KEY_INVALID'));
});

void describe('buildSsoSettings', () => {
  const manual = () => ({ portalKey: 'acme', idpSsoUrl: 'http://idp.test/sso', idpIssuer: 'http://idp.test/exk1', idpCertificate: key.certificateBody });
  const free = (): boolean => false;
  void it('builds a SAML connection with the safe defaults', () => {
    const s = buildSsoSettings(manual(), free);
    assert.equal(s.connection.protocol, 'saml');
    assert.equal(s.provisioning, 'invite-only');
    assert.equal(s.enforcement, 'mixed');
    assert.equal(s.connection.protocol === 'saml' && s.connection.allowIdpInitiated, false);
  });
  void it('lets metadata win over the manual fields', () => {
    const s = buildSsoSettings({ ...manual(), idpMetadataXml: metadata() }, free);
    assert.equal(s.connection.protocol === 'saml' && s.connection.idpIssuer, 'http://idp.test/exk123');
  });
  const refusals: Array<[string, object, string, (k: string) => boolean]> = [
    ['a taken portal key', {}, 'SSO_PORTAL_KEY_TAKEN', () => true],
    ['an invalid portal key', { portalKey: 'a b' }, 'SSO_PORTAL_KEY_INVALID', free],
    ['invalid metadata', { idpMetadataXml: '<nope/>' }, 'SSO_METADATA_INVALID', free],
    ['a bad certificate', { idpCertificate: 'xyz' }, 'SSO_CERTIFICATE_INVALID', free],
    ['a Sign on URL that is not http(s)', { idpSsoUrl: 'javascript:alert(1)' }, 'SSO_SETTINGS_INVALID', free],
    ['a missing issuer', { idpIssuer: '' }, 'SSO_SETTINGS_INVALID', free],
    ['an unknown provisioning', { provisioning: 'auto' }, 'SSO_SETTINGS_INVALID', free],
    ['an unknown enforcement', { enforcement: 'always' }, 'SSO_SETTINGS_INVALID', free],
    ['an unsupported protocol', { protocol: 'ws-fed' }, 'SSO_PROTOCOL_UNSUPPORTED', free],
  ];
  for (const [name, patch, expected, taken] of refusals) {
    void it(`refuses ${name}`, () => assert.equal(spErrorCode(() => buildSsoSettings({ ...manual(), ...patch }, taken)), expected));
  }
});

void describe('codeForNodeSamlError', () => {
  const cases: Array<[string, string]> = [
    ['Invalid document signature', 'SSO_SIGNATURE_INVALID'],
    ['Invalid signature', 'SSO_SIGNATURE_INVALID'],
    ['Invalid signature: multiple assertions', 'SSO_MALFORMED_RESPONSE'],
    ['Too many signatures found for this element', 'SSO_SIGNATURE_INVALID'],
    ['Invalid signature: Referenced node does not refer to it\'s parent element', 'SSO_SIGNATURE_INVALID'],
    ['InResponseTo is not valid', 'SSO_INRESPONSETO_MISMATCH'],
    ['InResponseTo is missing from response', 'SSO_INRESPONSETO_MISMATCH'],
    ['SAML assertion expired: clocks skewed too much', 'SSO_ASSERTION_EXPIRED'],
    ['SAML assertion not yet valid', 'SSO_ASSERTION_EXPIRED'],
    ["Error parsing NotOnOrAfter: 'x' is not a valid date", 'SSO_ASSERTION_EXPIRED'],
    ['SAML assertion audience mismatch. Expected: a Received: b', 'SSO_AUDIENCE_MISMATCH'],
    ['SAML assertion has no AudienceRestriction', 'SSO_AUDIENCE_MISMATCH'],
    ['Unknown SAML issuer. Expected: a Received: b', 'SSO_ISSUER_MISMATCH'],
    ['Missing SAML assertion', 'SSO_MALFORMED_RESPONSE'],
    ['something nobody expected', 'SSO_RESPONSE_INVALID'],
  ];
  for (const [message, expected] of cases) void it(`maps "${message}" to ${expected}`, () => assert.equal(codeForNodeSamlError(new Error(message)), expected));
  void it('maps a SamlStatusError to SSO_STATUS_NOT_SUCCESS', () => {
    assert.equal(codeForNodeSamlError(new SamlStatusError('SAML provider returned Responder error', '<x/>')), 'SSO_STATUS_NOT_SUCCESS');
  });
  void it('maps a non-Error throw to the fallback', () => assert.equal(codeForNodeSamlError('boom'), 'SSO_RESPONSE_INVALID'));
});
