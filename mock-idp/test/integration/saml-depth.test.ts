/**
 * SAML beyond the default app, each proven by an SP library that does not share the mock's code:
 * assertion encryption with each of Okta's algorithm choices (node-saml and samlify decrypt), ForceAuthn
 * honoured (a new password prompt), GROUP attribute statements with Okta's filter types, and several
 * ACS URLs chosen by AssertionConsumerServiceIndex.
 */
import assert from 'node:assert/strict';
import { X509Certificate, createDecipheriv } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import forge from 'node-forge';
import * as samlify from 'samlify';
import * as xmllint from '@authenio/samlify-node-xmllint';
import type { SamlSignOn } from '../../index.ts';
import { createSigningCredentials } from '../../src/saml/signing-credentials.ts';
import { certificateBody } from '../../src/saml/signing-credentials.ts';
import { TestBrowser, errorCodeOf } from '../support/browser.ts';
import { SP_ACS_URL, SP_ENTITY_ID, signInThrough, startFixture, type Fixture } from '../support/fixture.ts';
import { oktaIssuerOf } from '../support/node-saml-sp.ts';

const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';

void describe('SAML depth', () => {
  let fixture: Fixture;
  let encryption: { privateKeyPem: string; certificatePem: string };
  const control = () => fixture.idp.control;
  const issuer = () => oktaIssuerOf(fixture.ssoUrl);

  before(async () => {
    fixture = await startFixture({ subjectNameIdFormat: EMAIL_FORMAT });
    encryption = await createSigningCredentials('sp.example.test', new Date());
  });
  after(() => fixture.idp.close());

  const nodeSaml = (extra: Partial<ConstructorParameters<typeof SAML>[0]> = {}) =>
    new SAML({
      issuer: SP_ENTITY_ID,
      callbackUrl: SP_ACS_URL,
      audience: SP_ENTITY_ID,
      idpCert: fixture.certificatePem,
      idpIssuer: issuer(),
      entryPoint: fixture.ssoUrl,
      wantAssertionsSigned: true,
      wantAuthnResponseSigned: true,
      identifierFormat: EMAIL_FORMAT,
      validateInResponseTo: ValidateInResponseTo.never,
      ...extra,
    });

  async function setSignOn(signOn: Partial<SamlSignOn>): Promise<void> {
    await control().updateSamlApp(fixture.app.id, { signOn });
  }

  void describe('assertion encryption', () => {
    const x5c = () => [certificateBody(encryption.certificatePem)];
    after(() => setSignOn({ assertionEncryption: { enabled: false, encryptionAlgorithm: 'AES256_CBC', keyTransportAlgorithm: 'RSA_OAEP', x5c: [] } }));

    for (const encryptionAlgorithm of ['AES128_CBC', 'AES256_CBC', 'AES128_GCM', 'AES256_GCM'] as const) {
      void test(`${encryptionAlgorithm} with RSA-OAEP: node-saml decrypts, verifies both signatures and reads the subject`, async () => {
        await setSignOn({ assertionEncryption: { enabled: true, encryptionAlgorithm, keyTransportAlgorithm: 'RSA_OAEP', x5c: x5c() } });
        const sp = nodeSaml({ decryptionPvk: encryption.privateKeyPem });
        const outcome = await signInThrough(new TestBrowser(), await sp.getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
        const xml = Buffer.from(outcome.form!.SAMLResponse, 'base64').toString('utf8');
        assert.ok(xml.includes('<saml2:EncryptedAssertion') && !xml.includes('<saml2:Assertion'), 'only the encrypted form is sent');
        assert.ok(xml.includes(`#${encryptionAlgorithm.toLowerCase().replace('_', '-')}"`), 'the EncryptionMethod is the one chosen');
        const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse });
        assert.equal(profile?.nameID, 'alice@example.com');
        assert.equal(profile?.['email'], 'alice@example.com');
        // Without the SP's key the assertion cannot be read.
        await assert.rejects(nodeSaml().validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse }));
      });
    }

    void test('samlify (another decrypter) reads AES256-GCM and AES128-CBC assertions, configured from the metadata', async () => {
      samlify.setSchemaValidator(xmllint);
      const idp = samlify.IdentityProvider({ metadata: fixture.metadataXml, isAssertionEncrypted: true });
      const sp = samlify.ServiceProvider({
        entityID: SP_ENTITY_ID,
        assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: SP_ACS_URL }],
        wantAssertionsSigned: true,
        isAssertionEncrypted: true,
        encPrivateKey: encryption.privateKeyPem,
        nameIDFormat: [EMAIL_FORMAT],
      });
      for (const encryptionAlgorithm of ['AES256_GCM', 'AES128_CBC'] as const) {
        await setSignOn({ assertionEncryption: { enabled: true, encryptionAlgorithm, keyTransportAlgorithm: 'RSA_OAEP', x5c: x5c() } });
        const { context } = sp.createLoginRequest(idp, 'redirect');
        const outcome = await signInThrough(new TestBrowser(), context, 'alice@example.com');
        const result = await sp.parseLoginResponse(idp, 'post', { body: { SAMLResponse: outcome.form!.SAMLResponse } });
        assert.equal(result.extract.nameID, 'alice@example.com', encryptionAlgorithm);
      }
    });

    void test('RSA-1_5 key transport (Okta\'s RSA_15): the key unwraps with PKCS#1 v1.5 and the Assertion decrypts', async () => {
      // Node 20 refuses to decrypt PKCS#1 v1.5 (CVE-2023-46809), so node-saml and samlify cannot;
      // node-forge's own RSAES-PKCS1-v1_5 unwraps the key and node:crypto the AES content.
      await setSignOn({ assertionEncryption: { enabled: true, encryptionAlgorithm: 'AES128_CBC', keyTransportAlgorithm: 'RSA_15', x5c: x5c() } });
      const outcome = await signInThrough(new TestBrowser(), fixture.ssoUrl, 'alice@example.com');
      const xml = Buffer.from(outcome.form!.SAMLResponse, 'base64').toString('utf8');
      assert.ok(xml.includes('http://www.w3.org/2001/04/xmlenc#rsa-1_5'));
      const [wrapped, content] = [...xml.matchAll(/<xenc:CipherValue>([^<]+)<\/xenc:CipherValue>/g)].map((match) => Buffer.from(match[1]!, 'base64'));
      const key = Buffer.from(forge.pki.privateKeyFromPem(encryption.privateKeyPem).decrypt(wrapped!.toString('binary'), 'RSAES-PKCS1-V1_5'), 'binary');
      const decipher = createDecipheriv('aes-128-cbc', key, content!.subarray(0, 16));
      const assertion = Buffer.concat([decipher.update(content!.subarray(16)), decipher.final()]).toString('utf8');
      assert.match(assertion, /<saml2:NameID[^>]*>alice@example.com<\/saml2:NameID>/);
      assert.match(assertion, /<ds:SignatureValue>/, 'the Assertion was signed before it was encrypted');
    });

    void test('turning encryption on without a certificate, or with one that is not RSA, is E0000001 on the field', async () => {
      for (const bad of [[], ['not a certificate'], [new X509Certificate(encryption.certificatePem).raw.toString('base64').slice(0, 40)]]) {
        await assert.rejects(
          setSignOn({ assertionEncryption: { enabled: true, encryptionAlgorithm: 'AES128_CBC', keyTransportAlgorithm: 'RSA_OAEP', x5c: bad } }),
          (error: { errorCode?: string; errorCauses?: string[] }) => error.errorCode === 'E0000001' && (error.errorCauses ?? []).some((cause) => cause.startsWith('settings.signOn.assertionEncryption.x5c')),
        );
      }
    });
  });

  void describe('ForceAuthn', () => {
    void test('a request with ForceAuthn asks for the password again though the browser has a session', async () => {
      const browser = new TestBrowser();
      const first = await signInThrough(browser, await nodeSaml().getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
      assert.equal(first.askedForPassword, true);
      const again = await signInThrough(browser, await nodeSaml().getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
      assert.equal(again.askedForPassword, false, 'a plain request rides the session');
      const forced = nodeSaml({ forceAuthn: true });
      const outcome = await signInThrough(browser, await forced.getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
      assert.equal(outcome.askedForPassword, true, 'ForceAuthn brings the password prompt back');
      const { profile } = await forced.validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse });
      assert.equal(profile?.nameID, 'alice@example.com');
      const authnInstant = /AuthnInstant="([^"]+)"/.exec(Buffer.from(outcome.form!.SAMLResponse, 'base64').toString('utf8'))![1]!;
      const firstInstant = /AuthnInstant="([^"]+)"/.exec(Buffer.from(first.form!.SAMLResponse, 'base64').toString('utf8'))![1]!;
      assert.ok(new Date(authnInstant) >= new Date(firstInstant));
    });

    void test('coming back without signing in again meets the sign-in page again', async () => {
      const browser = new TestBrowser();
      await signInThrough(browser, fixture.ssoUrl, 'alice@example.com');
      const first = await browser.get(await nodeSaml({ forceAuthn: true }).getAuthorizeUrlAsync('', undefined, {}));
      const signInPage = new URL(first.headers.get('location')!, fixture.idp.url);
      assert.equal(signInPage.pathname, '/login/login.htm');
      // Straight back to the held request, skipping the password: the sign-in page once more.
      const back = await browser.get(new URL(signInPage.searchParams.get('fromURI')!, fixture.idp.url).href);
      assert.equal(new URL(back.headers.get('location')!, fixture.idp.url).pathname, '/login/login.htm');
    });

    void test('with "Honor Force Authentication" off the session answers', async () => {
      await setSignOn({ honorForceAuthn: false });
      try {
        const browser = new TestBrowser();
        await signInThrough(browser, fixture.ssoUrl, 'alice@example.com');
        const outcome = await signInThrough(browser, await nodeSaml({ forceAuthn: true }).getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
        assert.equal(outcome.askedForPassword, false);
        assert.ok(outcome.form);
      } finally {
        await setSignOn({ honorForceAuthn: true });
      }
    });
  });

  void describe('GROUP attribute statements', () => {
    void test("each filter type sends the names of the user's groups that pass it, and no attribute when none does", async () => {
      for (const name of ['Eng-Platform', 'Eng-Data', 'Sales', 'Platform Ops']) {
        const group = await control().createGroup({ name });
        await control().addUserToGroup(group.id, fixture.users.alice);
      }
      const namespace = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic' as const;
      await setSignOn({
        attributeStatements: [
          { type: 'EXPRESSION', name: 'email', namespace, values: ['user.email'] },
          { type: 'GROUP', name: 'startsWith', namespace, filterType: 'STARTS_WITH', filterValue: 'Eng-' },
          { type: 'GROUP', name: 'equals', namespace, filterType: 'EQUALS', filterValue: 'Sales' },
          { type: 'GROUP', name: 'contains', namespace, filterType: 'CONTAINS', filterValue: 'Platform' },
          { type: 'GROUP', name: 'regex', namespace, filterType: 'REGEX', filterValue: 'Eng-.*|Sal' },
          { type: 'GROUP', name: 'none', namespace, filterType: 'EQUALS', filterValue: 'Nobody' },
        ],
      });
      const sp = nodeSaml();
      const outcome = await signInThrough(new TestBrowser(), await sp.getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
      const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse });
      assert.deepEqual(profile?.['startsWith'], ['Eng-Data', 'Eng-Platform']);
      assert.equal(profile?.['equals'], 'Sales');
      assert.deepEqual(profile?.['contains'], ['Eng-Platform', 'Platform Ops']);
      assert.deepEqual(profile?.['regex'], ['Eng-Data', 'Eng-Platform'], 'REGEX matches whole names only ("Sal" is not "Sales")');
      assert.equal(profile?.['none'], undefined);
      const app = await control().getApp(fixture.app.id);
      assert.deepEqual((app as { settings: { signOn: SamlSignOn } }).settings.signOn.attributeStatements[1], { type: 'GROUP', name: 'startsWith', namespace, filterType: 'STARTS_WITH', filterValue: 'Eng-' });
    });

    void test('a GROUP statement without filterType, or with a REGEX that does not compile, is E0000001 on the field', async () => {
      const namespace = 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic' as const;
      for (const [statement, field] of [
        [{ type: 'GROUP', name: 'g', namespace, filterValue: 'x' }, 'filterType'],
        [{ type: 'GROUP', name: 'g', namespace, filterType: 'REGEX', filterValue: '(' }, 'filterValue'],
      ] as const) {
        await assert.rejects(
          setSignOn({ attributeStatements: [statement as never] }),
          (error: { errorCode?: string; errorCauses?: string[] }) => error.errorCode === 'E0000001' && (error.errorCauses ?? []).some((cause) => cause.startsWith(`settings.signOn.attributeStatements[0].${field}`)),
        );
      }
    });
  });

  void describe('several ACS URLs', () => {
    const SECOND_ACS = 'https://sp.example.test/saml/acs/eu';
    const requestWithIndex = (index: number): string => {
      const xml =
        `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_idx${index}" Version="2.0" ` +
        `IssueInstant="${new Date().toISOString()}" AssertionConsumerServiceIndex="${index}"><saml:Issuer>${SP_ENTITY_ID}</saml:Issuer></samlp:AuthnRequest>`;
      return `${fixture.ssoUrl}?SAMLRequest=${encodeURIComponent(deflateRawSync(Buffer.from(xml)).toString('base64'))}`;
    };

    void test('AssertionConsumerServiceIndex picks the endpoint with that index; node-saml accepts the Response there', async () => {
      await setSignOn({ allowMultipleAcsEndpoints: true, acsEndpoints: [{ url: SP_ACS_URL, index: 0 }, { url: SECOND_ACS, index: 1 }] });
      const outcome = await signInThrough(new TestBrowser(), requestWithIndex(1), 'alice@example.com');
      assert.equal(outcome.form?.action, SECOND_ACS);
      const sp = nodeSaml({ callbackUrl: SECOND_ACS });
      const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse });
      assert.equal(profile?.nameID, 'alice@example.com');
      const xml = Buffer.from(outcome.form!.SAMLResponse, 'base64').toString('utf8');
      assert.ok(xml.includes(`Destination="${SECOND_ACS}"`) && xml.includes(`Recipient="${SECOND_ACS}"`));
      assert.equal((await signInThrough(new TestBrowser(), requestWithIndex(0), 'alice@example.com')).form?.action, SP_ACS_URL);
    });

    void test('an unknown index, or any index while "Allow this app to request other SSO URLs" is off, is IDP_SAML_REQUEST_UNKNOWN_ACS', async () => {
      await setSignOn({ allowMultipleAcsEndpoints: true, acsEndpoints: [{ url: SECOND_ACS, index: 1 }] });
      assert.equal(errorCodeOf((await signInThrough(new TestBrowser(), requestWithIndex(7), 'alice@example.com')).html), 'IDP_SAML_REQUEST_UNKNOWN_ACS');
      await setSignOn({ allowMultipleAcsEndpoints: false });
      assert.equal(errorCodeOf((await signInThrough(new TestBrowser(), requestWithIndex(1), 'alice@example.com')).html), 'IDP_SAML_REQUEST_UNKNOWN_ACS');
    });
  });
});
