/**
 * The response builder on a fake clock, the subject (NameID and attributes) from templates, and the
 * signatures checked by xml-crypto with the app's certificate.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import { SignedXml } from 'xml-crypto';
import { buildSamlResponse, type ResponseInput } from '../../src/saml/build-response.ts';
import { createSigningCredentials } from '../../src/saml/signing-credentials.ts';
import { signSamlResponse } from '../../src/saml/sign-response.ts';
import { attributesFor, nameIdFor } from '../../src/saml/subject.ts';
import { defaultSignOn } from '../../src/tenant/inputs.ts';
import { NAME_ID_FORMATS, type SamlApp, type SigningCredentials, type User } from '../../src/tenant/model.ts';

const NOW = new Date('2030-05-06T07:08:09.000Z');
const DSIG = 'http://www.w3.org/2000/09/xmldsig#';

const input = (overrides: Partial<ResponseInput> = {}): ResponseInput => ({
  issuer: 'http://www.okta.com/exk0000000000000000a',
  destination: 'https://sp.test/acs',
  recipient: 'https://sp.test/acs-recipient',
  audience: 'urn:sp',
  inResponseTo: '_request1',
  nameId: { format: NAME_ID_FORMATS.emailAddress, value: 'alice@example.com' },
  sessionIndex: 'idSESSION',
  attributes: [{ name: 'email', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['alice@example.com'] }],
  now: NOW,
  authnInstant: new Date('2030-05-06T07:00:00.000Z'),
  ...overrides,
});

const parse = (xml: string) => new DOMParser().parseFromString(xml, 'text/xml');
const one = (xml: string, name: string) => parse(xml).getElementsByTagNameNS('*', name)[0];

const alice: User = {
  id: '00u0000000000000000a',
  status: 'ACTIVE',
  profile: { login: 'alice.login@example.com', email: 'alice@example.com', firstName: 'Alice', lastName: 'Doe' },
  password: 'x',
  created: NOW,
  lastUpdated: NOW,
};

void describe('buildSamlResponse', () => {
  void test('writes Okta default fields with times from the clock: 5 minutes either side', () => {
    const { xml, responseId, assertionId } = buildSamlResponse(input());
    const response = parse(xml).documentElement!;
    assert.equal(response.localName, 'Response');
    assert.equal(response.getAttribute('ID'), responseId);
    assert.equal(response.getAttribute('Version'), '2.0');
    assert.equal(response.getAttribute('IssueInstant'), '2030-05-06T07:08:09.000Z');
    assert.equal(response.getAttribute('Destination'), 'https://sp.test/acs');
    assert.equal(response.getAttribute('InResponseTo'), '_request1');
    assert.equal(one(xml, 'Issuer')!.getAttribute('Format'), 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity');
    assert.equal(one(xml, 'StatusCode')!.getAttribute('Value'), 'urn:oasis:names:tc:SAML:2.0:status:Success');
    assert.equal(one(xml, 'Assertion')!.getAttribute('ID'), assertionId);
    assert.notEqual(responseId, assertionId);
    const conditions = one(xml, 'Conditions')!;
    assert.equal(conditions.getAttribute('NotBefore'), '2030-05-06T07:03:09.000Z');
    assert.equal(conditions.getAttribute('NotOnOrAfter'), '2030-05-06T07:13:09.000Z');
    assert.equal(one(xml, 'Audience')!.textContent, 'urn:sp');
    const confirmation = one(xml, 'SubjectConfirmationData')!;
    assert.equal(confirmation.getAttribute('Recipient'), 'https://sp.test/acs-recipient');
    assert.equal(confirmation.getAttribute('InResponseTo'), '_request1');
    assert.equal(confirmation.getAttribute('NotOnOrAfter'), '2030-05-06T07:13:09.000Z');
    const authn = one(xml, 'AuthnStatement')!;
    assert.equal(authn.getAttribute('AuthnInstant'), '2030-05-06T07:00:00.000Z');
    assert.equal(authn.getAttribute('SessionIndex'), 'idSESSION');
    assert.equal(one(xml, 'AuthnContextClassRef')!.textContent, 'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport');
    const value = one(xml, 'AttributeValue')!;
    assert.equal(value.getAttributeNS('http://www.w3.org/2001/XMLSchema-instance', 'type'), 'xs:string');
    assert.equal(one(xml, 'Attribute')!.getAttribute('NameFormat'), 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic');
  });

  void test('leaves InResponseTo out of an unsolicited (IdP-initiated) response', () => {
    const unsolicited = input();
    delete unsolicited.inResponseTo;
    const { xml } = buildSamlResponse(unsolicited);
    assert.ok(!xml.includes('InResponseTo'));
  });

  void test('escapes values so a profile cannot inject XML', () => {
    const { xml } = buildSamlResponse(input({ nameId: { format: NAME_ID_FORMATS.unspecified, value: 'a</saml2:NameID><x>' } }));
    assert.equal(one(xml, 'NameID')!.textContent, 'a</saml2:NameID><x>');
  });
});

void describe('NameID and attributes from the app settings', () => {
  const app = (template: string, signOn = {}) => ({
    userNameTemplate: { template, type: 'BUILT_IN' as const },
    signOn: { ...defaultSignOn(), ...signOn },
  });

  void test('Okta username, Email and custom templates give the NameID in the chosen format', () => {
    assert.deepEqual(nameIdFor(app('${source.login}'), alice), { format: NAME_ID_FORMATS.unspecified, value: 'alice.login@example.com' });
    assert.equal(nameIdFor(app('${source.email}', { subjectNameIdFormat: NAME_ID_FORMATS.emailAddress }), alice).value, 'alice@example.com');
    assert.equal(nameIdFor(app('${user.firstName}'), alice).value, 'Alice');
    assert.equal(nameIdFor(app('user.email'), alice).value, 'alice@example.com');
    assert.equal(nameIdFor(app('${source.login}', { subjectNameIdFormat: NAME_ID_FORMATS.persistent }), alice).format, NAME_ID_FORMATS.persistent);
  });

  void test('attribute statements take their values from expressions', () => {
    const attributes = attributesFor(
      app('${source.login}', {
        attributeStatements: [
          { type: 'EXPRESSION', name: 'mail', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri', values: ['user.email'] },
          { type: 'EXPRESSION', name: 'name', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.firstName + " " + user.lastName', 'user.login'] },
        ],
      }),
      alice,
    );
    assert.deepEqual(attributes, [
      { name: 'mail', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:uri', values: ['alice@example.com'] },
      { name: 'name', nameFormat: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['Alice Doe', 'alice.login@example.com'] },
    ]);
  });
});

void describe('signSamlResponse', () => {
  let signing: SigningCredentials;
  before(async () => {
    signing = await createSigningCredentials('dev-12345678', NOW);
  });
  const appWith = (signOn = {}): Pick<SamlApp, 'signOn' | 'signing'> => ({ signing, signOn: { ...defaultSignOn(), ssoAcsUrl: 'https://sp.test/acs', audience: 'urn:sp', ...signOn } });

  function signatures(xml: string): Element[] {
    return [...parse(xml).getElementsByTagNameNS(DSIG, 'Signature')] as unknown as Element[];
  }

  function verify(xml: string, signature: Element): boolean {
    const verifier = new SignedXml({ publicCert: signing.certificatePem });
    verifier.loadSignature(signature as never);
    try {
      return verifier.checkSignature(xml);
    } catch {
      return false;
    }
  }

  void test('signs the Assertion and the Response, each verifiable with the app certificate', () => {
    const xml = signSamlResponse(buildSamlResponse(input()).xml, appWith());
    const found = signatures(xml);
    assert.equal(found.length, 2);
    const parents = found.map((signature) => (signature.parentNode as Element).localName).sort();
    assert.deepEqual(parents, ['Assertion', 'Response']);
    for (const signature of found) {
      assert.equal(verify(xml, signature), true);
      assert.equal((signature.previousSibling as Element).localName, 'Issuer', 'Signature right after Issuer');
      const algorithm = (name: string) => signature.getElementsByTagNameNS(DSIG, name)[0]!.getAttribute('Algorithm');
      assert.equal(algorithm('SignatureMethod'), 'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256');
      assert.equal(algorithm('CanonicalizationMethod'), 'http://www.w3.org/2001/10/xml-exc-c14n#');
      assert.equal(algorithm('DigestMethod'), 'http://www.w3.org/2001/04/xmlenc#sha256');
      assert.ok(signature.getElementsByTagNameNS(DSIG, 'X509Certificate')[0]!.textContent!.length > 100);
    }
  });

  void test('a signature does not verify once the signed NameID changes', () => {
    const xml = signSamlResponse(buildSamlResponse(input()).xml, appWith());
    const forged = xml.replace('>alice@example.com</saml2:NameID>', '>mallory@example.com</saml2:NameID>');
    assert.notEqual(forged, xml);
    for (const signature of signatures(forged)) assert.equal(verify(forged, signature), false);
  });

  void test('signs only what the app asks for', () => {
    const assertionOnly = signSamlResponse(buildSamlResponse(input()).xml, appWith({ responseSigned: false }));
    assert.deepEqual(signatures(assertionOnly).map((signature) => (signature.parentNode as Element).localName), ['Assertion']);
    const responseOnly = signSamlResponse(buildSamlResponse(input()).xml, appWith({ assertionSigned: false }));
    assert.deepEqual(signatures(responseOnly).map((signature) => (signature.parentNode as Element).localName), ['Response']);
  });

  void test('the certificate is Okta-like: subject, ten years, SHA-256', async () => {
    const { X509Certificate } = await import('node:crypto');
    const certificate = new X509Certificate(signing.certificatePem);
    assert.match(certificate.subject, /O=Okta/);
    assert.match(certificate.subject, /OU=SSOProvider/);
    assert.match(certificate.subject, /CN=dev-12345678/);
    assert.match(certificate.subject, /emailAddress=info@okta.com/);
    const years = (Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)) / (365.25 * 24 * 3600 * 1000);
    assert.ok(Math.abs(years - 10) < 0.01);
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.modulusLength, 2048);
  });
});
