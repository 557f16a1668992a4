/**
 * What the SSO URL refuses, and that a refusal never carries a SAML Response and never stops the
 * server: unassigned users, unknown apps, malformed requests, unlisted ACS URLs, bad sign-ins,
 * open redirects. Also IdP-initiated sign-in.
 */
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import { TestBrowser, errorCodeOf, readAutoPostForm, signInErrorCodeOf } from '../support/browser.ts';
import { PASSWORD, SP_ACS_URL, SP_ENTITY_ID, signInThrough, startFixture, type Fixture } from '../support/fixture.ts';
import { nodeSamlSp } from '../support/node-saml-sp.ts';

const redirectEncode = (xml: string): string => deflateRawSync(Buffer.from(xml)).toString('base64');

function authnRequest(id: string, acsUrl?: string): string {
  return (
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ` +
    `ID="${id}" Version="2.0" IssueInstant="2030-01-01T00:00:00Z"${acsUrl ? ` AssertionConsumerServiceURL="${acsUrl}"` : ''}>` +
    `<saml:Issuer>${SP_ENTITY_ID}</saml:Issuer></samlp:AuthnRequest>`
  );
}

void describe('SSO refusals and IdP-initiated sign-in', () => {
  let fixture: Fixture;
  let signedIn: TestBrowser;

  before(async () => {
    fixture = await startFixture({ defaultRelayState: '/dashboard', acsEndpoints: [{ url: 'https://sp.example.test/saml/acs2', index: 1 }] });
    signedIn = new TestBrowser();
    await signInThrough(signedIn, `${fixture.idp.url}/login/login.htm`, 'alice@example.com');
  });
  after(() => fixture.idp.close());

  const ssoWith = (xml: string): string => `${fixture.ssoUrl}?SAMLRequest=${encodeURIComponent(redirectEncode(xml))}`;

  void test('an unassigned user gets 403 and Okta error page IDP_USER_NOT_ASSIGNED, with no SAML Response', async () => {
    const outcome = await signInThrough(new TestBrowser(), ssoWith(authnRequest('_unassigned1', SP_ACS_URL)), 'bob@example.com');
    assert.equal(outcome.askedForPassword, true);
    assert.equal(outcome.status, 403);
    assert.equal(errorCodeOf(outcome.html), 'IDP_USER_NOT_ASSIGNED');
    assert.match(outcome.html, /data-testid="okta-error-code">IDP_USER_NOT_ASSIGNED</);
    assert.equal(outcome.form, undefined);
    assert.ok(!outcome.html.includes('SAMLResponse'));
  });

  void test('an unknown external key or app name is IDP_APP_NOT_FOUND', async () => {
    const unknownKey = fixture.ssoUrl.replace(/exk\w+/, 'exk00000000000000000');
    const unknownName = fixture.ssoUrl.replace(/\/app\/[^/]+\//, '/app/someone_else_1/');
    for (const url of [unknownKey, unknownName]) {
      const response = await signedIn.get(url);
      assert.equal(response.status, 404);
      assert.equal(errorCodeOf(await response.text()), 'IDP_APP_NOT_FOUND');
    }
  });

  void test('malformed SAML requests get IDP_SAML_REQUEST_MALFORMED and the server answers the next request', async () => {
    const cases = [
      'not base64 at all!',
      Buffer.from('<samlp:AuthnRequest').toString('base64'),
      redirectEncode('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="x" Version="2.0"'),
      redirectEncode('<!DOCTYPE x [<!ENTITY a "b">]>' + authnRequest('_doctype')),
      redirectEncode('<foo xmlns="urn:example"/>'),
      redirectEncode(authnRequest('1-not-an-ncname')),
      redirectEncode('<a>' + 'x'.repeat(70 * 1024) + '</a>'),
    ];
    for (const samlRequest of cases) {
      const response = await signedIn.get(`${fixture.ssoUrl}?SAMLRequest=${encodeURIComponent(samlRequest)}`);
      assert.equal(response.status, 400, samlRequest.slice(0, 40));
      assert.equal(errorCodeOf(await response.text()), 'IDP_SAML_REQUEST_MALFORMED');
    }
    const posted = await signedIn.post(fixture.ssoUrl, { SAMLRequest: Buffer.from('<nope').toString('base64') });
    assert.equal(errorCodeOf(await posted.text()), 'IDP_SAML_REQUEST_MALFORMED');
    const next = await signedIn.get(ssoWith(authnRequest('_after_malformed', SP_ACS_URL)));
    assert.equal(next.status, 200);
    assert.ok(readAutoPostForm(await next.text()));
  });

  void test('an ACS URL the app does not list is IDP_SAML_REQUEST_UNKNOWN_ACS and nothing is sent', async () => {
    const response = await signedIn.get(ssoWith(authnRequest('_evil_acs', 'https://evil.example/acs')));
    const html = await response.text();
    assert.equal(response.status, 400);
    assert.equal(errorCodeOf(html), 'IDP_SAML_REQUEST_UNKNOWN_ACS');
    assert.equal(readAutoPostForm(html), undefined);
  });

  void test('an ACS URL from "Other requestable SSO URLs" is used as Destination', async () => {
    const response = await signedIn.get(ssoWith(authnRequest('_other_acs', 'https://sp.example.test/saml/acs2')));
    const form = readAutoPostForm(await response.text());
    assert.equal(form?.action, 'https://sp.example.test/saml/acs2');
    assert.match(Buffer.from(form!.SAMLResponse, 'base64').toString(), /Destination="https:\/\/sp\.example\.test\/saml\/acs2"/);
  });

  void test('a GET without SAMLRequest is IdP-initiated: an unsolicited response with the Default RelayState', async () => {
    const sp = nodeSamlSp(fixture.certificatePem, {
      wantAuthnResponseSigned: true,
      validateInResponseTo: ValidateInResponseTo.never,
    });
    const response = await signedIn.get(fixture.ssoUrl);
    const form = readAutoPostForm(await response.text());
    assert.ok(form);
    assert.equal(form.RelayState, '/dashboard');
    const xml = Buffer.from(form.SAMLResponse, 'base64').toString();
    assert.ok(!xml.includes('InResponseTo'));
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: form.SAMLResponse });
    assert.equal(profile?.nameID, 'alice@example.com');
  });

  void test('a wrong password shows the sign-in page again with IDP_SIGNIN_FAILED and status 401', async () => {
    const outcome = await signInThrough(new TestBrowser(), fixture.ssoUrl, 'alice@example.com', 'wrong password');
    assert.equal(outcome.status, 401);
    assert.equal(signInErrorCodeOf(outcome.html), 'IDP_SIGNIN_FAILED');
    assert.equal(outcome.form, undefined);
  });

  void test('a suspended user cannot sign in', async () => {
    const user = await fixture.idp.control.createUser({ email: 'sam@example.com', firstName: 'Sam', lastName: 'Example', password: PASSWORD, status: 'SUSPENDED' });
    assert.equal(user.status, 'SUSPENDED');
    const outcome = await signInThrough(new TestBrowser(), fixture.ssoUrl, 'sam@example.com');
    assert.equal(signInErrorCodeOf(outcome.html), 'IDP_USER_INACTIVE');
    assert.equal(outcome.form, undefined);
  });

  void test('the sign-in page refuses a fromURI that leaves the org', async () => {
    for (const fromURI of ['//evil.example/x', 'https://evil.example/', '/\\evil.example', 'javascript:alert(1)']) {
      const page = await new TestBrowser().get(`${fixture.idp.url}/login/login.htm?fromURI=${encodeURIComponent(fromURI)}`);
      assert.equal(page.status, 400, fromURI);
      assert.equal(errorCodeOf(await page.text()), 'IDP_SIGNIN_REDIRECT_INVALID');
      const posted = await new TestBrowser().post(`${fixture.idp.url}/login/login.htm`, { username: 'alice@example.com', password: PASSWORD, fromURI });
      assert.equal(posted.status, 400, fromURI);
      assert.equal(posted.headers.get('location'), null);
    }
  });

  void test('the session cookie is HttpOnly, SameSite=Lax and named for the org', async () => {
    const response = await new TestBrowser().post(`${fixture.idp.url}/login/login.htm`, { username: 'alice@example.com', password: PASSWORD, fromURI: '/app/UserHome' });
    const cookie = response.headers.getSetCookie().find((line) => line.startsWith(`sid_${fixture.idp.org.id}=`));
    assert.ok(cookie, 'no org session cookie');
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
  });

  void test('an unknown page is IDP_NOT_FOUND', async () => {
    const response = await signedIn.get(`${fixture.idp.url}/no/such/page`);
    assert.equal(response.status, 404);
    assert.equal(errorCodeOf(await response.text()), 'IDP_NOT_FOUND');
  });
});
