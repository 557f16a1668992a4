/**
 * SAML Single Logout at Okta's SLO URL with real SP libraries: node-saml on the HTTP-Redirect binding
 * and samlify on HTTP-POST, SP-initiated (the app's "Enable Single Logout": SLO URL, SP issuer and
 * signature certificate) and IdP-initiated (another app's "Participate in Single Logout"), every
 * message signed both ways. Refusals are coded pages, and they leave the Okta session as it was.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAML, ValidateInResponseTo, type Profile } from '@node-saml/node-saml';
import * as samlify from 'samlify';
import * as xmllint from '@authenio/samlify-node-xmllint';
import type { OktaSamlApp, SamlSignOn } from '../../index.ts';
import { certificateBody, createSigningCredentials } from '../../src/saml/signing-credentials.ts';
import { TestBrowser, errorCodeOf, isSignInPage, samlPostFields } from '../support/browser.ts';
import { PASSWORD, SP_ACS_URL, SP_ENTITY_ID, signInThrough, startFixture, type Fixture } from '../support/fixture.ts';
import { oktaIssuerOf } from '../support/node-saml-sp.ts';

const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
const SP_SLO_URL = 'https://sp.example.test/saml/slo';
const SP2_ENTITY_ID = 'https://sp2.example.test/saml';
const SP2_ACS_URL = 'https://sp2.example.test/saml/acs';
const SP2_SLO_URL = 'https://sp2.example.test/saml/slo';

type Credentials = { privateKeyPem: string; certificatePem: string };

void describe('SAML Single Logout', () => {
  let fixture: Fixture;
  let spKeys: Credentials;
  let sp2Keys: Credentials;
  let second: OktaSamlApp;
  let secondSsoUrl: string;
  let secondCertificate: string;
  const sloUrlOf = (ssoUrl: string): string => ssoUrl.replace(/\/sso\/saml$/, '/slo/saml');

  before(async () => {
    [spKeys, sp2Keys] = await Promise.all([createSigningCredentials('sp.example.test', new Date()), createSigningCredentials('sp2.example.test', new Date())]);
    fixture = await startFixture({
      subjectNameIdFormat: EMAIL_FORMAT,
      slo: { enabled: true, issuer: SP_ENTITY_ID, logoutUrl: SP_SLO_URL },
      spCertificate: { x5c: [certificateBody(spKeys.certificatePem)] },
    });
    const control = fixture.idp.control;
    second = await control.createSamlApp({
      label: 'Second SP',
      signOn: {
        ssoAcsUrl: SP2_ACS_URL,
        audience: SP2_ENTITY_ID,
        subjectNameIdFormat: EMAIL_FORMAT,
        participateSlo: { enabled: true, logoutRequestUrl: SP2_SLO_URL, sessionIndexRequired: true, bindingType: 'REDIRECT' },
        spCertificate: { x5c: [certificateBody(sp2Keys.certificatePem)] },
      },
      userNameTemplate: '${source.email}',
    });
    await control.assignUserToApp(second.id, fixture.users.alice);
    await control.assignUserToApp(second.id, fixture.users.bob);
    await control.assignUserToApp(fixture.app.id, fixture.users.bob);
    const setup = await control.getSamlSetup(second.id);
    secondSsoUrl = setup.ssoUrl;
    secondCertificate = setup.certificatePem;
  });
  after(() => fixture.idp.close());

  /** node-saml as the first app's SP: signs its logout requests with its key, on HTTP-Redirect. */
  const firstSp = (keys: Credentials = spKeys) =>
    new SAML({
      issuer: SP_ENTITY_ID,
      callbackUrl: SP_ACS_URL,
      audience: SP_ENTITY_ID,
      entryPoint: fixture.ssoUrl,
      logoutUrl: sloUrlOf(fixture.ssoUrl),
      logoutCallbackUrl: SP_SLO_URL,
      idpCert: fixture.certificatePem,
      idpIssuer: oktaIssuerOf(fixture.ssoUrl),
      privateKey: keys.privateKeyPem,
      signatureAlgorithm: 'sha256',
      wantAssertionsSigned: true,
      identifierFormat: EMAIL_FORMAT,
      validateInResponseTo: ValidateInResponseTo.never,
    });
  /** node-saml as the second app's SP (it participates in SLO). */
  const secondSp = () =>
    new SAML({
      issuer: SP2_ENTITY_ID,
      callbackUrl: SP2_ACS_URL,
      audience: SP2_ENTITY_ID,
      entryPoint: secondSsoUrl,
      logoutUrl: sloUrlOf(secondSsoUrl),
      idpCert: secondCertificate,
      idpIssuer: oktaIssuerOf(secondSsoUrl),
      privateKey: sp2Keys.privateKeyPem,
      signatureAlgorithm: 'sha256',
      wantAssertionsSigned: true,
      identifierFormat: EMAIL_FORMAT,
      validateInResponseTo: ValidateInResponseTo.never,
    });

  async function signInToFirst(browser: TestBrowser, login = 'alice@example.com'): Promise<Profile> {
    const sp = firstSp();
    const outcome = await signInThrough(browser, await sp.getAuthorizeUrlAsync('', undefined, {}), login);
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse });
    return profile!;
  }

  async function signInToSecond(browser: TestBrowser): Promise<void> {
    const sp = secondSp();
    const outcome = await signInThrough(browser, await sp.getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
    await sp.validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse });
  }

  /** Whether this browser still has an Okta session (a tile launch would skip the password). */
  async function hasOktaSession(browser: TestBrowser): Promise<boolean> {
    const response = await browser.get(`${fixture.idp.url}/login/login.htm?fromURI=%2Fapp%2FUserHome`);
    return response.status === 303;
  }

  const queryOf = (url: string): { query: Record<string, string>; raw: string } => {
    const parsed = new URL(url);
    return { query: Object.fromEntries(parsed.searchParams), raw: parsed.search.slice(1) };
  };

  void test('SP-initiated on HTTP-Redirect: node-saml\'s signed LogoutRequest ends the Okta session and gets a signed LogoutResponse', async () => {
    const browser = new TestBrowser();
    const profile = await signInToFirst(browser);
    assert.equal(await hasOktaSession(browser), true);
    const logoutUrl = await firstSp().getLogoutUrlAsync(profile, 'after-logout', {});
    const answer = await browser.get(logoutUrl);
    assert.equal(answer.status, 302);
    const location = answer.headers.get('location')!;
    assert.ok(location.startsWith(`${SP_SLO_URL}?SAMLResponse=`));
    const { query, raw } = queryOf(location);
    assert.ok(query['Signature'] && query['SigAlg'], 'the LogoutResponse is signed on the query');
    assert.equal(query['RelayState'], 'after-logout');
    const result = await firstSp().validateRedirectAsync(query, raw);
    assert.equal(result.loggedOut, true);
    assert.equal(await hasOktaSession(browser), false);
    // Signing in again asks for the password.
    assert.equal((await signInThrough(browser, fixture.ssoUrl, 'alice@example.com')).askedForPassword, true);
  });

  void test('SP-initiated on HTTP-POST: samlify\'s signed LogoutRequest, answered by a signed LogoutResponse form samlify accepts', async () => {
    samlify.setSchemaValidator(xmllint);
    const metadata = await fixture.idp.control.getSamlMetadata(fixture.app.id);
    assert.match(metadata, /SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"/);
    const idp = samlify.IdentityProvider({ metadata, wantLogoutRequestSigned: true });
    const sp = samlify.ServiceProvider({
      entityID: SP_ENTITY_ID,
      assertionConsumerService: [{ Binding: samlify.Constants.namespace.binding.post, Location: SP_ACS_URL }],
      singleLogoutService: [{ Binding: samlify.Constants.namespace.binding.post, Location: SP_SLO_URL }],
      privateKey: spKeys.privateKeyPem,
      signingCert: spKeys.certificatePem,
      wantLogoutResponseSigned: true,
      nameIDFormat: [EMAIL_FORMAT],
    });
    const browser = new TestBrowser();
    const profile = await signInToFirst(browser);
    const request = sp.createLogoutRequest(idp, 'post', { logoutNameID: profile.nameID, sessionIndex: profile.sessionIndex }) as { context: string; entityEndpoint: string; relayState?: string };
    assert.equal(request.entityEndpoint, sloUrlOf(fixture.ssoUrl));
    const answer = await browser.post(request.entityEndpoint, { SAMLRequest: request.context, RelayState: 'post-relay' });
    assert.equal(answer.status, 200);
    const html = await answer.text();
    const fields = samlPostFields(html);
    assert.match(html, new RegExp(`action="${SP_SLO_URL}"`));
    assert.equal(fields['RelayState'], 'post-relay');
    const parsed = await sp.parseLogoutResponse(idp, 'post', { body: { SAMLResponse: fields['SAMLResponse']! } });
    assert.equal(parsed.extract.response?.inResponseTo !== undefined, true);
    assert.match(Buffer.from(fields['SAMLResponse']!, 'base64').toString('utf8'), /StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/);
    assert.equal(await hasOktaSession(browser), false);
  });

  void test('the other app that participates in SLO gets a signed LogoutRequest (with SessionIndex) and its answer leads on to the first SP\'s LogoutResponse', async () => {
    const browser = new TestBrowser();
    const profile = await signInToFirst(browser);
    await signInToSecond(browser);
    const first = await browser.get(await firstSp().getLogoutUrlAsync(profile, 'chain', {}));
    const toSecond = first.headers.get('location')!;
    assert.ok(toSecond.startsWith(`${SP2_SLO_URL}?SAMLRequest=`), 'the participant is visited first');
    const { query, raw } = queryOf(toSecond);
    const received = await secondSp().validateRedirectAsync(query, raw);
    assert.equal(received.loggedOut, true);
    assert.equal(received.profile?.nameID, 'alice@example.com');
    assert.ok(received.profile?.sessionIndex, 'sessionIndexRequired: the SessionIndex is sent');
    const answerUrl = await secondSp().getLogoutResponseUrlAsync(received.profile!, query['RelayState']!, {}, true);
    const last = await browser.get(answerUrl);
    const location = last.headers.get('location')!;
    assert.ok(location.startsWith(`${SP_SLO_URL}?SAMLResponse=`), 'then the first SP gets its LogoutResponse');
    const done = queryOf(location);
    assert.equal(done.query['RelayState'], 'chain');
    assert.equal((await firstSp().validateRedirectAsync(done.query, done.raw)).loggedOut, true);
    assert.equal(await hasOktaSession(browser), false);
  });

  void test('IdP-initiated: signing out of Okta sends each participating app a LogoutRequest, then ends on the sign-in page', async () => {
    const browser = new TestBrowser();
    await signInToFirst(browser);
    await signInToSecond(browser);
    const signOut = await browser.get(`${fixture.idp.url}/login/signout`);
    const toSecond = signOut.headers.get('location')!;
    assert.ok(toSecond.startsWith(`${SP2_SLO_URL}?SAMLRequest=`));
    assert.equal(await hasOktaSession(browser), false, 'the Okta session ends at once');
    const { query, raw } = queryOf(toSecond);
    const received = await secondSp().validateRedirectAsync(query, raw);
    const last = await browser.get(await secondSp().getLogoutResponseUrlAsync(received.profile!, query['RelayState']!, {}, true));
    assert.equal(new URL(last.headers.get('location')!, fixture.idp.url).pathname, '/login/login.htm');
    // The answer cannot be replayed: the logout it belonged to is over.
    const replay = await browser.get(await secondSp().getLogoutResponseUrlAsync(received.profile!, query['RelayState']!, {}, true));
    assert.equal(errorCodeOf(await replay.text()), 'IDP_SAML_LOGOUT_UNEXPECTED');
  });

  void test('the participant\'s binding POST: an auto-posting form with the enveloped-signed LogoutRequest', async () => {
    await fixture.idp.control.updateSamlApp(second.id, { signOn: { participateSlo: { enabled: true, logoutRequestUrl: SP2_SLO_URL, sessionIndexRequired: false, bindingType: 'POST' } } as Partial<SamlSignOn> });
    try {
      const browser = new TestBrowser();
      await signInToFirst(browser);
      await signInToSecond(browser);
      const signOut = await browser.get(`${fixture.idp.url}/login/signout`);
      const html = await signOut.text();
      assert.match(html, new RegExp(`action="${SP2_SLO_URL}"`));
      const fields = samlPostFields(html);
      const received = await secondSp().validatePostRequestAsync({ SAMLRequest: fields['SAMLRequest']!, RelayState: fields['RelayState']! });
      assert.equal(received.loggedOut, true);
      assert.equal(received.profile?.nameID, 'alice@example.com');
      assert.doesNotMatch(Buffer.from(fields['SAMLRequest']!, 'base64').toString('utf8'), /SessionIndex/, 'no SessionIndex unless required');
    } finally {
      await fixture.idp.control.updateSamlApp(second.id, { signOn: { participateSlo: { enabled: true, logoutRequestUrl: SP2_SLO_URL, sessionIndexRequired: true, bindingType: 'REDIRECT' } } as Partial<SamlSignOn> });
    }
  });

  void describe('refusals leave the Okta session as it was', () => {
    void test('unsigned, or signed by a key that is not the app\'s SP certificate: IDP_SAML_LOGOUT_SIGNATURE_INVALID', async () => {
      const browser = new TestBrowser();
      const profile = await signInToFirst(browser);
      const signed = new URL(await firstSp().getLogoutUrlAsync(profile, '', {}));
      signed.searchParams.delete('Signature');
      signed.searchParams.delete('SigAlg');
      assert.equal(errorCodeOf(await (await browser.get(signed.href)).text()), 'IDP_SAML_LOGOUT_SIGNATURE_INVALID');
      const attacker = await createSigningCredentials('attacker.example', new Date());
      const forged = await firstSp(attacker).getLogoutUrlAsync(profile, '', {});
      assert.equal(errorCodeOf(await (await browser.get(forged)).text()), 'IDP_SAML_LOGOUT_SIGNATURE_INVALID');
      // A SigAlg naming what every object inherits (found by fuzzing: it was a 500).
      for (const sigAlg of ['valueOf', 'constructor', '__proto__', 'toString']) {
        const odd = new URL(await firstSp().getLogoutUrlAsync(profile, '', {}));
        odd.searchParams.set('SigAlg', sigAlg);
        const answer = await browser.get(odd.href);
        assert.equal(answer.status, 403, sigAlg);
        assert.equal(errorCodeOf(await answer.text()), 'IDP_SAML_LOGOUT_SIGNATURE_INVALID', sigAlg);
      }
      assert.equal(await hasOktaSession(browser), true);
    });

    void test('a LogoutRequest naming another person is answered Requester; the session stays', async () => {
      const browser = new TestBrowser();
      const alice = await signInToFirst(browser);
      const answer = await browser.get(await firstSp().getLogoutUrlAsync({ ...alice, nameID: 'bob@example.com' }, '', {}));
      const { query } = queryOf(answer.headers.get('location')!);
      const xml = (await import('node:zlib')).inflateRawSync(Buffer.from(query['SAMLResponse']!, 'base64')).toString('utf8');
      assert.match(xml, /StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Requester"/);
      assert.equal(await hasOktaSession(browser), true);
    });

    void test('an app without SLO enabled, a message that is not SAML, or a stray LogoutResponse are coded pages', async () => {
      const browser = new TestBrowser();
      const profile = await signInToFirst(browser);
      const viaSecond = (await firstSp().getLogoutUrlAsync(profile, '', {})).replace(sloUrlOf(fixture.ssoUrl), sloUrlOf(secondSsoUrl));
      assert.equal(errorCodeOf(await (await browser.get(viaSecond)).text()), 'IDP_SAML_LOGOUT_NOT_ENABLED');
      assert.equal(errorCodeOf(await (await browser.get(`${sloUrlOf(fixture.ssoUrl)}?SAMLRequest=not-base64!`)).text()), 'IDP_SAML_LOGOUT_MALFORMED');
      assert.equal(errorCodeOf(await (await browser.get(sloUrlOf(fixture.ssoUrl))).text()), 'IDP_SAML_LOGOUT_MALFORMED');
      const stray = await secondSp().getLogoutResponseUrlAsync({ ...profile, ID: '_nothing' } as Profile, 'no-such-logout', {}, true);
      assert.equal(errorCodeOf(await (await browser.get(stray)).text()), 'IDP_SAML_LOGOUT_UNEXPECTED');
      assert.equal(await hasOktaSession(browser), true);
    });

    void test('without an Okta session the SP still gets a Success LogoutResponse (nothing left to end)', async () => {
      const browser = new TestBrowser();
      const profile = await signInToFirst(browser);
      const fresh = new TestBrowser();
      const answer = await fresh.get(await firstSp().getLogoutUrlAsync(profile, '', {}));
      const { query, raw } = queryOf(answer.headers.get('location')!);
      assert.equal((await firstSp().validateRedirectAsync(query, raw)).loggedOut, true);
      assert.equal(await hasOktaSession(browser), true, 'the other browser keeps its session');
      assert.ok(isSignInPage(await (await fresh.get(`${fixture.idp.url}/login/login.htm`)).text()));
      void PASSWORD;
    });
  });
});
