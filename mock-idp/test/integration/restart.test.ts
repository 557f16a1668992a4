/**
 * After the mock IdP restarts on the same port (everything it held was in memory), what a browser or
 * an SP still has from the previous run gets a coded answer that says what to do, never a 5xx: an
 * old session cookie, an old OIDC interaction, an old held SAML request, an old SSO or metadata URL,
 * an old dashboard link, an old client id, code, access token, API token.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import * as oidcClient from 'openid-client';
import { createMockIdp, type MockIdp, type TenantDocument } from '../../index.ts';
import { TestBrowser, errorCodeOf, isSignInPage } from '../support/browser.ts';
import { codeRequest } from '../support/code-flow.ts';
import { PASSWORD, SP_ACS_URL, SP_ENTITY_ID, browse } from '../support/fixture.ts';
import { RP_REDIRECT_URI } from '../support/oidc-fixture.ts';

const TENANT: TenantDocument = {
  users: [{ profile: { email: 'alice@example.com', firstName: 'Alice', lastName: 'Example' }, credentials: { password: { value: PASSWORD } } }],
  apps: [
    { label: 'SP', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID } }, assignments: { users: ['alice@example.com'] } },
    {
      label: 'RP',
      signOnMode: 'OPENID_CONNECT',
      settings: { oauthClient: { redirect_uris: [RP_REDIRECT_URI], grant_types: ['authorization_code'], idp_initiated_login: { mode: 'SPEC', default_scope: [] }, initiate_login_uri: 'http://127.0.0.1:9/initiate' } },
      assignments: { users: ['alice@example.com'] },
    },
  ],
};

/** What a browser and an SP kept from the first run. */
interface Leftovers {
  browser: TestBrowser;
  ssoUrl: string;
  metadataUrl: string;
  launchUrl: string;
  heldRequestUrl: string;
  interactionUrl: string;
  authorizeUrl: string;
  clientId: string;
  clientSecret: string;
  code: string;
  accessToken: string;
  apiToken: string;
}

async function firstRun(idp: MockIdp): Promise<Leftovers> {
  const apps = await idp.control.listApps();
  const saml = apps.find((app) => app.signOnMode === 'SAML_2_0')!;
  const rp = apps.find((app) => app.signOnMode === 'OPENID_CONNECT')!;
  const setup = await idp.control.getSamlSetup(saml.id);
  const oidc = await idp.control.getOidcSetup(rp.id);
  const config = await oidcClient.discovery(new URL(idp.url), oidc.clientId, oidc.clientSecret, undefined, { execute: [oidcClient.allowInsecureRequests] });

  // An authorization left at the sign-in step, and a POSTed AuthnRequest left waiting.
  const anonymous = new TestBrowser();
  const pending = await codeRequest(config, RP_REDIRECT_URI);
  const interaction = await anonymous.get(pending.url.href);
  const held = await anonymous.post(setup.ssoUrl, { SAMLRequest: Buffer.from('<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_r1" Version="2.0"/>').toString('base64') });
  const heldSignIn = new URL(held.headers.get('location')!, idp.url);

  // A complete sign-in: a session cookie, OIDC cookies, a code and an access token.
  const browser = new TestBrowser();
  const flow = await codeRequest(config, RP_REDIRECT_URI);
  const done = await browse(browser, flow.url.href, 'alice@example.com');
  const tokens = await oidcClient.authorizationCodeGrant(config, new URL(done.location!), { pkceCodeVerifier: flow.verifier, expectedState: flow.state, expectedNonce: flow.nonce });
  const second = await codeRequest(config, RP_REDIRECT_URI);
  const unused = await browse(browser, second.url.href);
  for (const [name, value] of anonymous.cookies) browser.cookies.set(name, value);
  return {
    browser,
    ssoUrl: setup.ssoUrl,
    metadataUrl: setup.metadataUrl,
    launchUrl: `${idp.url}/home/${saml.name}/${saml.id}/launch`,
    heldRequestUrl: new URL(heldSignIn.searchParams.get('fromURI')!, idp.url).href,
    interactionUrl: new URL(interaction.headers.get('location')!, idp.url).href,
    authorizeUrl: second.url.href,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    code: new URL(unused.location!).searchParams.get('code')!,
    accessToken: tokens.access_token,
    apiToken: idp.org.apiToken,
  };
}

void describe('after a restart, what belonged to the previous run gets a coded answer', () => {
  let idp: MockIdp;
  let old: Leftovers;
  before(async () => {
    const first = await createMockIdp({ tenant: TENANT });
    old = await firstRun(first);
    const port = Number(new URL(first.url).port);
    await first.close();
    idp = await createMockIdp({ tenant: TENANT, port });
  });
  after(() => idp.close());

  const page = async (url: string): Promise<{ status: number; code: string | undefined; html: string }> => {
    const response = await old.browser.get(url);
    const html = await response.text();
    return { status: response.status, code: errorCodeOf(html), html };
  };

  void test('an old session cookie is no session: the dashboard asks to sign in again', async () => {
    const response = await old.browser.get(`${idp.url}/app/UserHome`);
    assert.equal(response.status, 303);
    assert.match(response.headers.get('location')!, /^\/login\/login\.htm/);
  });

  void test('an old SSO URL, metadata URL or dashboard link is 404 IDP_APP_NOT_FOUND, telling to import the metadata again', async () => {
    for (const url of [old.ssoUrl, `${old.ssoUrl}?SAMLRequest=abc`, old.metadataUrl, old.launchUrl]) {
      const { status, code, html } = await page(url);
      assert.equal(status, 404, url);
      assert.equal(code, 'IDP_APP_NOT_FOUND', url);
      assert.match(html, /metadata/);
    }
  });

  void test('an old held SAML request is 400 IDP_SIGNIN_REQUIRED (start again from the app)', async () => {
    // The old app id is gone too, so the address is checked first: either code tells the person what to do.
    const { status, code } = await page(old.heldRequestUrl);
    assert.ok(status === 400 || status === 404, String(status));
    assert.ok(code === 'IDP_SIGNIN_REQUIRED' || code === 'IDP_APP_NOT_FOUND', code);
  });

  void test('an old OIDC interaction is 400 IDP_OIDC_INTERACTION_EXPIRED, an old client id IDP_OIDC_CLIENT_UNKNOWN', async () => {
    const interaction = await page(old.interactionUrl);
    assert.deepEqual([interaction.status, interaction.code], [400, 'IDP_OIDC_INTERACTION_EXPIRED']);
    const authorize = await page(old.authorizeUrl);
    assert.deepEqual([authorize.status, authorize.code], [400, 'IDP_OIDC_CLIENT_UNKNOWN']);
    assert.match(authorize.html, /configure the app again/);
  });

  void test('an old code, access token or API token is a coded 4xx', async () => {
    const basic = `Basic ${Buffer.from(`${old.clientId}:${old.clientSecret}`).toString('base64')}`;
    const token = await fetch(`${idp.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'authorization_code', code: old.code, redirect_uri: RP_REDIRECT_URI }).toString(),
    });
    assert.equal(token.status, 401);
    assert.equal(((await token.json()) as { error: string }).error, 'invalid_client');
    const userinfo = await fetch(`${idp.url}/oauth2/v1/userinfo`, { headers: { authorization: `Bearer ${old.accessToken}` } });
    assert.equal(userinfo.status, 401);
    const api = await fetch(`${idp.url}/api/v1/apps`, { headers: { authorization: `SSWS ${old.apiToken}` } });
    assert.deepEqual([api.status, ((await api.json()) as { errorCode: string }).errorCode], [401, 'E0000011']);
  });

  void test('with its old cookies the browser signs in to the new run normally', async () => {
    const [app] = (await idp.control.listApps()).filter((candidate) => candidate.signOnMode === 'OPENID_CONNECT');
    const setup = await idp.control.getOidcSetup(app!.id);
    const config = await oidcClient.discovery(new URL(idp.url), setup.clientId, setup.clientSecret, undefined, { execute: [oidcClient.allowInsecureRequests] });
    const flow = await codeRequest(config, RP_REDIRECT_URI);
    const outcome = await browse(old.browser, flow.url.href, 'alice@example.com');
    assert.ok(outcome.askedForPassword);
    assert.ok(outcome.location?.startsWith(RP_REDIRECT_URI), outcome.html.slice(0, 200));
    assert.ok(!isSignInPage(outcome.html));
  });
});
