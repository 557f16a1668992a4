/**
 * The end-user dashboard (/app/UserHome) and its tile links: which tiles a person sees, and what a
 * launch does per app kind — an unsolicited SAML Response node-saml accepts, the OIDC Compliant
 * redirect to the app's initiate login URI, the Okta Simplified id_token POST jose verifies.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { TestBrowser, errorCodeOf, readAutoPostForm, readIdTokenForm, tilesOf } from '../support/browser.ts';
import { SP_ACS_URL, browse } from '../support/fixture.ts';
import { nodeSamlSp } from '../support/node-saml-sp.ts';
import { RP_REDIRECT_URI, startOidcFixture, type OidcFixture } from '../support/oidc-fixture.ts';

const INITIATE_LOGIN_URI = 'http://127.0.0.1:9/oidc/login?from=okta';
const SIMPLIFIED_REDIRECT_URI = 'http://127.0.0.1:9/oidc/id-token';

void describe('the end-user dashboard', () => {
  let fixture: OidcFixture;
  const apps: Record<'spec' | 'simplified' | 'appOnly' | 'hidden' | 'unassigned', string> = { spec: '', simplified: '', appOnly: '', hidden: '', unassigned: '' };

  before(async () => {
    fixture = await startOidcFixture();
    const { control } = fixture.idp;
    // The fixture's OIDC app ("Reference SP (OIDC)") is App Only: it must have no tile.
    await control.updateSamlApp(fixture.app.id, { signOn: { defaultRelayState: '/after-dashboard' } });
    const spec = await control.createOidcApp({
      label: 'OIDC Compliant App',
      oauthClient: { redirect_uris: [RP_REDIRECT_URI], initiate_login_uri: INITIATE_LOGIN_URI, idp_initiated_login: { mode: 'SPEC', default_scope: [] } },
    });
    const simplified = await control.createOidcApp({
      label: 'Okta Simplified App',
      oauthClient: {
        redirect_uris: [SIMPLIFIED_REDIRECT_URI, RP_REDIRECT_URI],
        grant_types: ['authorization_code', 'implicit'],
        response_types: ['code', 'id_token'],
        idp_initiated_login: { mode: 'OKTA', default_scope: ['openid', 'email'] },
      },
    });
    const hidden = await control.createSamlApp({
      label: 'Hidden SP',
      signOn: { ssoAcsUrl: 'https://hidden.example.test/acs', audience: 'urn:hidden' },
      visibility: { hide: { iOS: true, web: true } },
    });
    const unassigned = await control.createSamlApp({ label: 'Nobody’s SP', signOn: { ssoAcsUrl: 'https://nobody.example.test/acs', audience: 'urn:nobody' } });
    await control.assignUserToApp(spec.id, fixture.users.alice);
    await control.assignUserToApp(hidden.id, fixture.users.alice);
    await control.assignGroupToApp(simplified.id, fixture.groupId);
    Object.assign(apps, { spec: spec.id, simplified: simplified.id, appOnly: fixture.oidcApp.id, hidden: hidden.id, unassigned: unassigned.id });
  });
  after(() => fixture.idp.close());

  const dashboard = (browser: TestBrowser, login?: string) => browse(browser, `${fixture.idp.url}/app/UserHome`, login);
  const launchUrl = (appName: string, appId: string) => `${fixture.idp.url}/home/${appName}/${appId}/launch`;

  void test('a signed-out visitor signs in and comes back to My Apps', async () => {
    const page = await dashboard(new TestBrowser(), 'alice@example.com');
    assert.equal(page.askedForPassword, true);
    assert.equal(page.status, 200);
    assert.match(page.html, /data-testid="okta-dashboard"/);
    assert.match(page.html, /data-testid="okta-dashboard-user">alice@example\.com</);
    assert.match(page.html, /href="\/login\/signout"/);
  });

  void test('tiles: direct and group assignments; no unassigned, hidden or App Only apps', async () => {
    const alice = tilesOf((await dashboard(new TestBrowser(), 'alice@example.com')).html).map((tile) => tile.appId).sort();
    assert.deepEqual(alice, [fixture.app.id, apps.spec].sort());
    const carol = tilesOf((await dashboard(new TestBrowser(), 'carol@example.com')).html).map((tile) => tile.appId).sort();
    assert.deepEqual(carol, [fixture.app.id, apps.simplified].sort());
    assert.deepEqual(tilesOf((await dashboard(new TestBrowser(), 'bob@example.com')).html), []);
  });

  void test('a SAML tile yields an unsolicited Response node-saml accepts, with the Default RelayState', async () => {
    const browser = new TestBrowser();
    const [tile] = tilesOf((await dashboard(browser, 'alice@example.com')).html).filter((candidate) => candidate.appId === fixture.app.id);
    assert.ok(tile);
    const launched = await browse(browser, new URL(tile.href, fixture.idp.url).href);
    const form = readAutoPostForm(launched.html);
    assert.ok(form, 'the launch rendered no SAML form');
    assert.equal(form.action, SP_ACS_URL);
    assert.equal(form.RelayState, '/after-dashboard');
    const sp = nodeSamlSp(fixture.certificatePem, { validateInResponseTo: ValidateInResponseTo.never });
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: form.SAMLResponse });
    assert.equal(profile?.nameID, 'alice@example.com');
    assert.equal(profile?.inResponseTo, undefined);
  });

  void test('an OIDC Compliant tile redirects to the initiate login URI with the org issuer', async () => {
    const launched = await browse(new TestBrowser(), launchUrl('oidc_client', apps.spec), 'alice@example.com');
    assert.ok(launched.location);
    const url = new URL(launched.location);
    assert.equal(`${url.origin}${url.pathname}`, 'http://127.0.0.1:9/oidc/login');
    assert.equal(url.searchParams.get('iss'), fixture.idp.url);
    assert.equal(url.searchParams.get('from'), 'okta');
  });

  void test('an Okta Simplified tile POSTs an id_token the org JWKS verifies to the first redirect URI', async () => {
    const launched = await browse(new TestBrowser(), launchUrl('oidc_client', apps.simplified), 'carol@example.com');
    const form = readIdTokenForm(launched.html);
    assert.ok(form, 'the launch rendered no id_token form');
    assert.equal(form.action, SIMPLIFIED_REDIRECT_URI);
    const { payload } = await jwtVerify(form.idToken, createRemoteJWKSet(new URL(`${fixture.idp.url}/oauth2/v1/keys`)), {
      issuer: fixture.idp.url,
      audience: apps.simplified,
    });
    assert.equal(payload.sub, fixture.users.carol);
    assert.equal(payload['email'], 'carol@example.com');
  });

  void test('launch refusals are coded: App Only, not assigned, unknown app', async () => {
    const browser = new TestBrowser();
    const appOnly = await browse(browser, launchUrl('oidc_client', apps.appOnly), 'alice@example.com');
    assert.equal(appOnly.location, undefined);
    assert.equal(appOnly.status, 400);
    assert.equal(errorCodeOf(appOnly.html), 'IDP_APP_LOGIN_NOT_INITIATED_BY_OKTA');
    const unassigned = await browse(browser, launchUrl(fixture.app.name, apps.unassigned));
    assert.equal(unassigned.status, 404);
    assert.equal(errorCodeOf(unassigned.html), 'IDP_APP_NOT_FOUND', 'the app name in the path must match');
    const notAssigned = await browse(browser, launchUrl((await fixture.idp.control.getApp(apps.unassigned)).name, apps.unassigned));
    assert.equal(notAssigned.status, 403);
    assert.equal(errorCodeOf(notAssigned.html), 'IDP_USER_NOT_ASSIGNED');
    const unknown = await browse(browser, launchUrl('oidc_client', '0oa00000000000000000'));
    assert.equal(unknown.status, 404);
    assert.equal(errorCodeOf(unknown.html), 'IDP_APP_NOT_FOUND');
  });
});
