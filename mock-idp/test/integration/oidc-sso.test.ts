/**
 * OpenID Connect against the whole mock IdP, in process over real HTTP: the app and users made
 * through the control API, openid-client as an independent RP, jose verifying id_tokens with the
 * published JWKS. One sign-in session serves SAML and OIDC, and RP-initiated logout ends it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAML, ValidateInResponseTo } from '@node-saml/node-saml';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidcClient from 'openid-client';
import { TestBrowser, errorCodeOf } from '../support/browser.ts';
import { browse } from '../support/fixture.ts';
import { nodeSamlSp } from '../support/node-saml-sp.ts';
import { codeRequest, finishCodeFlow } from '../support/code-flow.ts';
import { RP_REDIRECT_URI, RP_SIGNED_OUT_URI, discover, startCodeFlow, startOidcFixture, type OidcFixture } from '../support/oidc-fixture.ts';

void describe('OpenID Connect on a mock org', () => {
  let fixture: OidcFixture;
  let sp: SAML;
  const servers = () => [
    ['org', fixture.idp.url, `${fixture.idp.url}/oauth2/v1`],
    ['default', `${fixture.idp.url}/oauth2/default`, `${fixture.idp.url}/oauth2/default/v1`],
  ] as const;

  before(async () => {
    fixture = await startOidcFixture();
    sp = nodeSamlSp(fixture.certificatePem, {
      entryPoint: fixture.ssoUrl,
      validateInResponseTo: ValidateInResponseTo.never,
    });
  });
  after(() => fixture.idp.close());

  const samlSignIn = async (browser: TestBrowser, login?: string) => browse(browser, await sp.getAuthorizeUrlAsync('relay', undefined, {}), login);

  void test('both authorization servers publish discovery with Okta’s layout', async () => {
    for (const [, issuer, endpoints] of servers()) {
      const metadata = (await discover(fixture, issuer)).serverMetadata();
      assert.equal(metadata.issuer, issuer);
      assert.equal(metadata.authorization_endpoint, `${endpoints}/authorize`);
      assert.equal(metadata.token_endpoint, `${endpoints}/token`);
      assert.equal(metadata.jwks_uri, `${endpoints}/keys`);
      assert.equal(metadata.userinfo_endpoint, `${endpoints}/userinfo`);
      assert.equal(metadata.end_session_endpoint, `${endpoints}/logout`);
    }
  });

  void test('getOidcSetup gives the app’s client id and secret and the org issuer', async () => {
    const setup = await fixture.idp.control.getOidcSetup(fixture.oidcApp.id);
    assert.equal(setup.clientId, fixture.oidcApp.id);
    assert.match(setup.clientSecret, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(setup.issuer, fixture.idp.url);
    assert.equal(setup.oktaDomain, new URL(fixture.idp.url).host);
  });

  void test('a directly assigned user completes a code flow with PKCE on both servers', async () => {
    for (const [name, issuer] of servers()) {
      const config = await discover(fixture, issuer);
      const flow = await startCodeFlow(config, new TestBrowser(), 'alice@example.com');
      assert.equal(flow.askedForPassword, true, name);
      assert.ok(flow.location?.startsWith(`${RP_REDIRECT_URI}?`), `${name}: expected a redirect to the app, got ${flow.status}`);
      const tokens = await finishCodeFlow(config, flow);
      const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), { issuer, audience: fixture.clientId });
      assert.equal(verified.payload.sub, fixture.users.alice);
      assert.equal(verified.payload['email'], 'alice@example.com');
    }
  });

  void test('a user assigned only through a group gets in, with the group in userinfo', async () => {
    const config = await discover(fixture, fixture.idp.url);
    const flow = await startCodeFlow(config, new TestBrowser(), 'carol@example.com');
    assert.ok(flow.location?.startsWith(`${RP_REDIRECT_URI}?`));
    const tokens = await finishCodeFlow(config, flow);
    assert.equal(tokens.claims()?.sub, fixture.users.carol);
    const userinfo = await oidcClient.fetchUserInfo(config, tokens.access_token, fixture.users.carol);
    assert.deepEqual(userinfo['groups'], ['Engineering']);
    assert.equal(userinfo['preferred_username'], 'carol@example.com');
  });

  void test('an app that also allows the implicit grant (an Okta Simplified tile) keeps its http loopback redirect URI, as in Okta', async () => {
    await fixture.idp.control.updateOidcApp(fixture.oidcApp.id, { oauthClient: { grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'id_token'] } });
    try {
      const flow = await startCodeFlow(await discover(fixture, fixture.idp.url), new TestBrowser(), 'alice@example.com');
      assert.ok(flow.location?.startsWith(`${RP_REDIRECT_URI}?code=`), `expected a code at the http redirect URI, got ${flow.status}`);
    } finally {
      await fixture.idp.control.updateOidcApp(fixture.oidcApp.id, { oauthClient: { grant_types: ['authorization_code'], response_types: ['code'] } });
    }
  });

  void test('an unassigned user gets Okta’s 403 page and is never sent to the app', async () => {
    const flow = await startCodeFlow(await discover(fixture, fixture.idp.url), new TestBrowser(), 'bob@example.com');
    assert.equal(flow.location, undefined);
    assert.equal(flow.status, 403);
    assert.equal(errorCodeOf(flow.html), 'IDP_USER_NOT_ASSIGNED');
  });

  void test('an unregistered redirect URI is refused on the IdP’s own page', async () => {
    const flow = await startCodeFlow(await discover(fixture, fixture.idp.url), new TestBrowser(), 'alice@example.com', 'http://127.0.0.1:9/evil');
    assert.equal(flow.location, undefined);
    assert.equal(flow.status, 400);
    assert.equal(errorCodeOf(flow.html), 'IDP_OIDC_REDIRECT_URI_NOT_REGISTERED');
  });

  void test('a deactivated app is an unknown client', async () => {
    const config = await discover(fixture, fixture.idp.url);
    await fetch(`${fixture.idp.url}/api/v1/apps/${fixture.oidcApp.id}/lifecycle/deactivate`, { method: 'POST', headers: { authorization: `SSWS ${fixture.idp.org.apiToken}` } });
    try {
      const flow = await startCodeFlow(config, new TestBrowser(), 'alice@example.com');
      assert.equal(flow.location, undefined);
      assert.equal(errorCodeOf(flow.html), 'IDP_OIDC_CLIENT_UNKNOWN');
    } finally {
      await fetch(`${fixture.idp.url}/api/v1/apps/${fixture.oidcApp.id}/lifecycle/activate`, { method: 'POST', headers: { authorization: `SSWS ${fixture.idp.org.apiToken}` } });
    }
  });

  void test('a SAML sign-in serves a later OIDC request without the password', async () => {
    const browser = new TestBrowser();
    const saml = await samlSignIn(browser, 'alice@example.com');
    assert.equal(saml.askedForPassword, true);
    assert.match(saml.html, /data-testid="saml-post-form"/);
    const flow = await startCodeFlow(await discover(fixture, fixture.idp.url), browser);
    assert.equal(flow.askedForPassword, false);
    assert.ok(flow.location?.startsWith(`${RP_REDIRECT_URI}?`));
  });

  void test('an OIDC sign-in serves a later SAML request without the password', async () => {
    const browser = new TestBrowser();
    const flow = await startCodeFlow(await discover(fixture, `${fixture.idp.url}/oauth2/default`), browser, 'alice@example.com');
    assert.equal(flow.askedForPassword, true);
    assert.ok(flow.location?.startsWith(`${RP_REDIRECT_URI}?`));
    const saml = await samlSignIn(browser);
    assert.equal(saml.askedForPassword, false);
    assert.match(saml.html, /data-testid="saml-post-form"/);
  });

  void test('RP-initiated logout ends the Okta session and redirects at once, as Okta: the next SAML request asks for the password', async () => {
    const browser = new TestBrowser();
    const config = await discover(fixture, fixture.idp.url);
    const flow = await startCodeFlow(config, browser, 'alice@example.com');
    const tokens = await finishCodeFlow(config, flow);
    const logoutUrl = oidcClient.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: RP_SIGNED_OUT_URI, state: 'bye' });
    const done = await browser.get(logoutUrl.href);
    assert.equal(done.status, 302);
    assert.equal(done.headers.get('location'), `${RP_SIGNED_OUT_URI}?state=bye`);
    const saml = await samlSignIn(browser);
    assert.equal(saml.askedForPassword, true);
  });

  void test('logout refuses a post-logout URI the app does not list, and an id_token_hint the server did not sign, with a coded page', async () => {
    const browser = new TestBrowser();
    const config = await discover(fixture, fixture.idp.url);
    const tokens = await finishCodeFlow(config, await startCodeFlow(config, browser, 'alice@example.com'));
    const elsewhere = await browser.get(oidcClient.buildEndSessionUrl(config, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: 'https://evil.example/' }).href);
    assert.equal(elsewhere.status, 400);
    assert.equal(errorCodeOf(await elsewhere.text()), 'IDP_OIDC_REQUEST_INVALID');
    const [header, payload] = tokens.id_token!.split('.');
    const forged = await browser.get(oidcClient.buildEndSessionUrl(config, { id_token_hint: `${header}.${payload}.AAAA`, post_logout_redirect_uri: RP_SIGNED_OUT_URI }).href);
    assert.equal(forged.status, 400);
    assert.equal(errorCodeOf(await forged.text()), 'IDP_OIDC_REQUEST_INVALID');
    const saml = await samlSignIn(browser);
    assert.equal(saml.askedForPassword, false, 'a refused logout leaves the session alone');
  });

  void test('prompt=consent asks nothing; prompt=login and an exceeded max_age ask for the password again, as Okta does, then end in a code', async () => {
    const config = await discover(fixture, fixture.idp.url);
    const browser = new TestBrowser();
    const first = await finishCodeFlow(config, await startCodeFlow(config, browser, 'alice@example.com'));
    const firstAuthTime = Number(first.claims()?.auth_time);
    const cases: [string, Record<string, string>, boolean][] = [
      ['prompt=consent', { prompt: 'consent' }, false],
      ['no prompt', {}, false],
      ['prompt=login', { prompt: 'login' }, true],
      ['prompt=login consent', { prompt: 'login consent' }, true],
      ['max_age=3600', { max_age: '3600' }, false],
      ['max_age=0', { max_age: '0' }, true],
    ];
    for (const [name, params, asksPassword] of cases) {
      const { url, ...secrets } = await codeRequest(config, RP_REDIRECT_URI);
      for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
      // A second apart, so a fresh sign-in's auth_time is later than the first one's.
      if (asksPassword) await new Promise((resolve) => setTimeout(resolve, 1100));
      const outcome = await browse(browser, url.href, 'alice@example.com');
      assert.ok(outcome.location?.startsWith(RP_REDIRECT_URI), `${name}: ${outcome.status} ${errorCodeOf(outcome.html) ?? ''}`);
      assert.equal(outcome.askedForPassword, asksPassword, name);
      const tokens = await finishCodeFlow(config, { location: outcome.location, ...secrets });
      assert.equal(tokens.claims()?.email, 'alice@example.com', name);
      if (asksPassword) assert.ok(Number(tokens.claims()?.auth_time) > firstAuthTime, `${name}: auth_time is the new sign-in's`);
    }
  });

  void test('prompt=login: coming back to the request without signing in meets the sign-in page again', async () => {
    const config = await discover(fixture, fixture.idp.url);
    const browser = new TestBrowser();
    await finishCodeFlow(config, await startCodeFlow(config, browser, 'alice@example.com'));
    const { url } = await codeRequest(config, RP_REDIRECT_URI);
    url.searchParams.set('prompt', 'login');
    const toInteraction = await browser.get(url.href);
    const interaction = new URL(toInteraction.headers.get('location')!, url).href;
    const first = await browser.get(interaction);
    assert.match(first.headers.get('location') ?? '', /\/login\/login\.htm\?.*reauthenticate=true/);
    const again = await browser.get(interaction);
    assert.match(again.headers.get('location') ?? '', /\/login\/login\.htm\?.*reauthenticate=true/, 'no code without a new sign-in');
  });
});
