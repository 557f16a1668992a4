/**
 * SP-initiated SAML sign-in, HTTP-Redirect binding, checked by an independent SP library:
 * @node-saml/node-saml in strict mode (both signatures required, audience, InResponseTo, the IdP
 * certificate taken from the app's metadata).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { TestBrowser } from '../support/browser.ts';
import { SP_ACS_URL, signInThrough, startFixture, type Fixture } from '../support/fixture.ts';
import { signedResponseSp } from '../support/node-saml-sp.ts';
import { changeNameId } from '../support/tamper.ts';

void describe('SP-initiated SSO validated by node-saml', () => {
  let fixture: Fixture;
  let sp: SAML;

  before(async () => {
    fixture = await startFixture();
    sp = signedResponseSp(fixture, {
      validateInResponseTo: ValidateInResponseTo.always,
      identifierFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
    });
  });
  after(() => fixture.idp.close());

  async function signIn(browser: TestBrowser, login: string, relayState = 'return-to-/home') {
    const authorizeUrl = await sp.getAuthorizeUrlAsync(relayState, undefined, {});
    return signInThrough(browser, authorizeUrl, login);
  }

  void test('an assigned user signs in and node-saml accepts the response with her NameID and email', async () => {
    const outcome = await signIn(new TestBrowser(), 'alice@example.com');
    assert.equal(outcome.askedForPassword, true);
    assert.ok(outcome.form, 'the IdP rendered no SAML form');
    assert.equal(outcome.form.action, SP_ACS_URL);
    assert.equal(outcome.form.RelayState, 'return-to-/home');
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: outcome.form.SAMLResponse, RelayState: outcome.form.RelayState! });
    assert.equal(profile?.nameID, 'alice@example.com');
    assert.equal(profile?.nameIDFormat, 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress');
    assert.equal(profile?.['email'], 'alice@example.com');
    assert.equal(profile?.['firstName'], 'Alice');
  });

  void test('a user assigned through a group signs in', async () => {
    const outcome = await signIn(new TestBrowser(), 'carol@example.com');
    assert.ok(outcome.form);
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: outcome.form.SAMLResponse });
    assert.equal(profile?.nameID, 'carol@example.com');
  });

  void test('node-saml refuses the response when the NameID was changed after signing', async () => {
    const outcome = await signIn(new TestBrowser(), 'alice@example.com');
    assert.ok(outcome.form);
    const forged = changeNameId(outcome.form.SAMLResponse, 'mallory@example.com');
    await assert.rejects(sp.validatePostResponseAsync({ SAMLResponse: forged }));
  });

  void test('a second sign-in in the same browser does not ask for the password', async () => {
    const browser = new TestBrowser();
    const first = await signIn(browser, 'alice@example.com');
    const second = await signIn(browser, 'alice@example.com');
    assert.equal(first.askedForPassword, true);
    assert.equal(second.askedForPassword, false);
    assert.ok(second.form);
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: second.form.SAMLResponse });
    assert.equal(profile?.nameID, 'alice@example.com');
  });

  void test('the same request over the HTTP-POST binding survives the sign-in page and is answered', async () => {
    const browser = new TestBrowser();
    const authorizeUrl = new URL(await sp.getAuthorizeUrlAsync('post-relay', undefined, {}));
    // Re-encode the HTTP-Redirect request as an HTTP-POST one (plain base64, no DEFLATE).
    const { inflateRawSync } = await import('node:zlib');
    const xml = inflateRawSync(Buffer.from(authorizeUrl.searchParams.get('SAMLRequest')!, 'base64'));
    const posted = await browser.post(fixture.ssoUrl, { SAMLRequest: xml.toString('base64'), RelayState: 'post-relay' });
    assert.equal(posted.status, 302);
    const location = posted.headers.get('location')!;
    assert.ok(!location.includes('SAMLRequest'), 'the POSTed request must not travel in the URL');
    const outcome = await signInThrough(browser, new URL(location, fixture.ssoUrl).href, 'alice@example.com');
    assert.ok(outcome.form);
    assert.equal(outcome.form.RelayState, 'post-relay');
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: outcome.form.SAMLResponse });
    assert.equal(profile?.nameID, 'alice@example.com');
  });
});
