// OpenID Connect sign-in over HTTP: a real SP (port 0) and, as the OP, the mock IdP's OIDC module
// (oidc-provider) — settings with discovery, the code flow (PKCE, state, nonce), state tampering,
// OP error responses, initiate login (OIDC Compliant) and account resolution.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ReferenceSp } from '../index.ts';
import { Browser, testIdAttr, testIdText } from './helpers/http.ts';
import { inviteTo, memberStatus, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';
import { startSpWithOp, stopSpWithOp } from './helpers/sp-with-op.ts';
import type { TestOp } from './helpers/test-op.ts';

let sp: ReferenceSp;
let op: TestOp;
before(async () => ({ sp, op } = await startSpWithOp()));
after(() => stopSpWithOp({ sp, op }));

interface OidcOrg extends SpOrg {
  portalKey: string;
  redirectUri: string;
  issuer: string;
}

/** An org whose SSO is an Okta OIDC app on `server` (redirect URI registered first, as in Insomnia's guide). */
async function oidcOrg(settings: Record<string, unknown> = {}, server: 'org' | 'default' = 'org'): Promise<OidcOrg> {
  const org = await signupOrg(sp.url, 'oidc');
  const { oidcRedirectUri } = (await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as { oidcRedirectUri: string };
  const client = op.addClient(oidcRedirectUri);
  const portalKey = `oidc-${org.orgId.slice(0, 8)}`;
  const issuer = op.oidc.issuer(server);
  const res = await orgApi(sp.url, org, 'PUT', '/sso', {
    protocol: 'oidc',
    portalKey,
    oidcIssuer: issuer,
    oidcClientId: client.client_id,
    oidcClientSecret: client.client_secret,
    ...settings,
  });
  assert.equal(res.status, 200, await res.clone().text());
  return { ...org, portalKey, redirectUri: oidcRedirectUri, issuer };
}

/** An Okta user whose email is unique to the org. */
function oktaUser(org: SpOrg, name: string): { email: string; id: string } {
  const email = `${name}-${org.orgId.slice(0, 8)}@oidc.example`;
  return { email, id: op.addUser(email) };
}

/** /sso?key=… in `browser`, then through the OP (signed in as `userId`) back to the callback URL. */
async function throughOp(browser: Browser, org: OidcOrg, userId: string, start = `${sp.url}/sso?key=${org.portalKey}`): Promise<{ authorizeUrl: URL; callbackUrl: string }> {
  op.signInAs(userId);
  const res = await browser.get(start);
  assert.equal(res.status, 302);
  const authorizeUrl = new URL(res.headers.get('location')!);
  const { location } = await browser.followUntil(authorizeUrl.href, sp.url);
  assert.ok(location?.startsWith(org.redirectUri), `expected the OP to redirect to the SP, got ${location}`);
  return { authorizeUrl, callbackUrl: location! };
}

async function refusal(res: Response): Promise<string | undefined> {
  return testIdAttr(await res.text(), 'sso-error', 'data-error-code');
}

void describe('OIDC settings', () => {
  async function postSettings(org: SpOrg, fields: Record<string, string>): Promise<{ status: number; html: string }> {
    const csrf = await org.owner.csrf(`${sp.url}/settings/sso`);
    const res = await org.owner.postForm(`${sp.url}/settings/sso`, { _csrf: csrf, protocol: 'oidc', portalKey: `k-${org.orgId.slice(0, 8)}`, ...fields });
    return { status: res.status, html: await res.text() };
  }

  void it('saving a reachable issuer shows the redirect URI, the initiate login URI and the portal URL', async () => {
    const org = await signupOrg(sp.url, 'oidcsettings');
    const client = op.addClient(`${sp.url}/sso/oidc/callback/${org.orgId}`);
    const { status, html } = await postSettings(org, {
      oidcIssuer: op.oidc.issuer('default'),
      oidcClientId: client.client_id,
      oidcClientSecret: client.client_secret,
      acceptOktaSimplified: 'on',
    });
    assert.equal(status, 200);
    assert.ok(html.includes('data-testid="sso-settings-saved"'));
    assert.equal(testIdText(html, 'sso-oidc-redirect-uri'), `${sp.url}/sso/oidc/callback/${org.orgId}`);
    assert.equal(testIdText(html, 'sso-oidc-initiate-login-uri'), `${sp.url}/sso/oidc/initiate/${org.orgId}`);
    assert.equal(testIdText(html, 'sso-sp-portal-url'), `${sp.url}/sso?key=k-${org.orgId.slice(0, 8)}`);
    assert.ok(!html.includes(client.client_secret), 'the client secret is never shown again');
    const j = (await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as Record<string, unknown>;
    assert.equal(j.protocol, 'oidc');
    assert.equal(j.oidcIssuer, op.oidc.issuer('default'));
    assert.equal(j.acceptOktaSimplified, true);
    assert.equal(JSON.stringify(j).includes(client.client_secret), false);
  });

  void it('an unreachable issuer is refused with SSO_OIDC_DISCOVERY_FAILED and the input is kept', async () => {
    const org = await signupOrg(sp.url, 'oidcsettings');
    const { status, html } = await postSettings(org, { oidcIssuer: 'http://127.0.0.1:9', oidcClientId: '0oa-unreachable', oidcClientSecret: 's3cret' });
    assert.equal(status, 400);
    assert.equal(testIdAttr(html, 'sso-settings-error', 'data-error-code'), 'SSO_OIDC_DISCOVERY_FAILED');
    assert.equal(testIdAttr(html, 'sso-oidc-issuer', 'value'), 'http://127.0.0.1:9');
    assert.equal(testIdAttr(html, 'sso-oidc-client-id', 'value'), '0oa-unreachable');
    assert.equal(((await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as { configured: boolean }).configured, false);
  });

  void it('a plain-http issuer off loopback is refused with SSO_OIDC_ISSUER_INSECURE (form and API)', async () => {
    const org = await signupOrg(sp.url, 'oidcsettings');
    const { status, html } = await postSettings(org, { oidcIssuer: 'http://dev-123.okta.com', oidcClientId: '0oa1', oidcClientSecret: 's' });
    assert.equal(status, 400);
    assert.equal(testIdAttr(html, 'sso-settings-error', 'data-error-code'), 'SSO_OIDC_ISSUER_INSECURE');
    const res = await orgApi(sp.url, org, 'PUT', '/sso', { protocol: 'oidc', portalKey: 'insecure-1', oidcIssuer: 'http://10.0.0.1/oauth2/default', oidcClientId: '0oa1', oidcClientSecret: 's' });
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'SSO_OIDC_ISSUER_INSECURE');
  });

  void it('discovery whose issuer differs from the configured one is refused (rp-discovery-issuer-not-matching-config)', async () => {
    const org = await signupOrg(sp.url, 'oidcsettings');
    const elsewhere = op.forgeIssuer.replace('127.0.0.1', 'localhost');
    const { html } = await postSettings(org, { oidcIssuer: elsewhere, oidcClientId: '0oa1', oidcClientSecret: 's' });
    assert.equal(testIdAttr(html, 'sso-settings-error', 'data-error-code'), 'SSO_OIDC_DISCOVERY_FAILED');
  });

  void it('a blank secret keeps the saved one when issuer and client id are unchanged', async () => {
    const org = await oidcOrg();
    const j = (await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as { oidcClientId: string };
    const res = await orgApi(sp.url, org, 'PUT', '/sso', { protocol: 'oidc', portalKey: org.portalKey, oidcIssuer: org.issuer, oidcClientId: j.oidcClientId, provisioning: 'jit' });
    assert.equal(res.status, 200);
    const user = oktaUser(org, 'keeps');
    const browser = new Browser();
    const { callbackUrl } = await throughOp(browser, org, user.id);
    assert.equal((await browser.get(callbackUrl)).status, 303);
    assert.equal((await whoAmI(sp.url, browser))?.method, 'oidc');
  });

  void it('the settings page offers oidc in sso-protocol and every OIDC field', async () => {
    const org = await signupOrg(sp.url, 'oidcsettings');
    const html = await (await org.owner.get(`${sp.url}/settings/sso`)).text();
    assert.match(html, /<option value="oidc"/);
    for (const id of ['sso-oidc-issuer', 'sso-oidc-client-id', 'sso-oidc-client-secret', 'sso-accept-okta-simplified', 'sso-idp-sso-url', 'sso-allow-idp-initiated']) {
      assert.ok(html.includes(`data-testid="${id}"`), id);
    }
    assert.equal((await org.owner.get(`${sp.url}/assets/settings.js`)).status, 200);
  });
});

void describe('OIDC code flow', () => {
  void it('an invited user signs in through the OP: PKCE S256, state, nonce, and the session method is oidc', async () => {
    const org = await oidcOrg();
    const alice = oktaUser(org, 'alice');
    await inviteTo(sp.url, org, alice.email);
    const browser = new Browser();
    const { authorizeUrl, callbackUrl } = await throughOp(browser, org, alice.id);
    const q = authorizeUrl.searchParams;
    assert.equal(q.get('code_challenge_method'), 'S256');
    assert.equal(q.get('scope'), 'openid profile email');
    assert.equal(q.get('redirect_uri'), org.redirectUri);
    assert.equal(q.get('response_type'), 'code');
    assert.ok((q.get('state') ?? '').length >= 32 && (q.get('nonce') ?? '').length >= 32 && (q.get('code_challenge') ?? '').length >= 43);
    const calls = op.tokenCalls();
    const res = await browser.get(callbackUrl);
    assert.equal(op.tokenCalls(), calls + 1, 'the code was exchanged at the token endpoint');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/home');
    assert.deepEqual(await whoAmI(sp.url, browser), { email: alice.email, method: 'oidc', role: 'member' });
    assert.equal(await memberStatus(sp.url, org, alice.email), 'active');
  });

  void it('works against the custom `default` authorization server too, and state and nonce are fresh each time', async () => {
    const org = await oidcOrg({ provisioning: 'jit' }, 'default');
    const user = oktaUser(org, 'dflt');
    const browser = new Browser();
    const first = await throughOp(browser, org, user.id);
    const second = await throughOp(browser, org, user.id);
    assert.notEqual(first.authorizeUrl.searchParams.get('state'), second.authorizeUrl.searchParams.get('state'));
    assert.notEqual(first.authorizeUrl.searchParams.get('nonce'), second.authorizeUrl.searchParams.get('nonce'));
    assert.equal((await browser.get(second.callbackUrl)).status, 303);
    assert.equal((await whoAmI(sp.url, browser))?.method, 'oidc');
  });

  void it('a changed, missing or foreign state is refused with SSO_OIDC_STATE_MISMATCH and no token call', async () => {
    const org = await oidcOrg({ provisioning: 'jit' });
    const user = oktaUser(org, 'state');
    const browser = new Browser();
    const { callbackUrl } = await throughOp(browser, org, user.id);
    const tampered = new URL(callbackUrl);
    tampered.searchParams.set('state', `${tampered.searchParams.get('state')}1`);
    const missing = new URL(callbackUrl);
    missing.searchParams.delete('state');
    const calls = op.tokenCalls();
    for (const url of [tampered.href, missing.href]) {
      const res = await browser.get(url);
      assert.equal(res.status, 401);
      assert.equal(await refusal(res), 'SSO_OIDC_STATE_MISMATCH');
    }
    // Another browser (login CSRF): the genuine code and state, delivered to a victim's browser.
    const victim = new Browser();
    await victim.get(`${sp.url}/signin`);
    assert.equal(await refusal(await victim.get(callbackUrl)), 'SSO_OIDC_STATE_MISMATCH');
    assert.equal(op.tokenCalls(), calls);
    assert.equal(await whoAmI(sp.url, browser), null);
    assert.equal(await whoAmI(sp.url, victim), null);
  });

  void it('a state is single use: the same callback a second time is refused without a token call', async () => {
    const org = await oidcOrg({ provisioning: 'jit' });
    const user = oktaUser(org, 'once');
    const browser = new Browser();
    const { callbackUrl } = await throughOp(browser, org, user.id);
    assert.equal((await browser.get(callbackUrl)).status, 303);
    const calls = op.tokenCalls();
    assert.equal(await refusal(await browser.get(callbackUrl)), 'SSO_OIDC_STATE_MISMATCH');
    assert.equal(op.tokenCalls(), calls);
  });

  void it('an error response from the OP is refused with SSO_OIDC_ERROR_RESPONSE and no token call', async () => {
    const org = await oidcOrg({ provisioning: 'jit' });
    const browser = new Browser();
    const start = await browser.get(`${sp.url}/sso?key=${org.portalKey}`);
    const state = new URL(start.headers.get('location')!).searchParams.get('state')!;
    const calls = op.tokenCalls();
    const res = await browser.get(`${org.redirectUri}?error=access_denied&error_description=no&state=${encodeURIComponent(state)}`);
    assert.equal(res.status, 401);
    assert.equal(await refusal(res), 'SSO_OIDC_ERROR_RESPONSE');
    assert.equal(op.tokenCalls(), calls);
    assert.equal(await whoAmI(sp.url, browser), null);
  });

  void it('a callback for an org that uses SAML, or for no org, is refused', async () => {
    const org = await signupOrg(sp.url, 'oidcsaml');
    assert.equal(await refusal(await new Browser().get(`${sp.url}/sso/oidc/callback/${org.orgId}?code=x&state=y`)), 'SSO_NOT_CONFIGURED');
    assert.equal(await refusal(await new Browser().get(`${sp.url}/sso/oidc/callback/no-such-org?code=x&state=y`)), 'SSO_UNKNOWN_ORGANIZATION');
  });
});

void describe('OIDC account resolution', () => {
  void it('invite-only: an Okta user the SP never invited is refused with SSO_USER_NOT_INVITED', async () => {
    const org = await oidcOrg();
    const stranger = oktaUser(org, 'stranger');
    const browser = new Browser();
    const { callbackUrl } = await throughOp(browser, org, stranger.id);
    const res = await browser.get(callbackUrl);
    assert.equal(res.status, 403);
    assert.equal(await refusal(res), 'SSO_USER_NOT_INVITED');
    assert.equal(await whoAmI(sp.url, browser), null);
  });

  void it('jit: an Okta user becomes an active member on first sign-in', async () => {
    const org = await oidcOrg({ provisioning: 'jit' });
    const newcomer = oktaUser(org, 'newcomer');
    const browser = new Browser();
    const { callbackUrl } = await throughOp(browser, org, newcomer.id);
    assert.equal((await browser.get(callbackUrl)).status, 303);
    assert.deepEqual(await whoAmI(sp.url, browser), { email: newcomer.email, method: 'oidc', role: 'member' });
    assert.equal(await memberStatus(sp.url, org, newcomer.email), 'active');
  });

  void it('an email that belongs to another org is never signed into, even with jit', async () => {
    const other = await oidcOrg();
    const org = await oidcOrg({ provisioning: 'jit' });
    const taken = op.addUser(other.ownerEmail);
    const browser = new Browser();
    const { callbackUrl } = await throughOp(browser, org, taken);
    assert.equal(await refusal(await browser.get(callbackUrl)), 'SSO_USER_NOT_INVITED');
  });
});

void describe('OIDC initiate login (OIDC Compliant, "Either Okta or App")', () => {
  void it('with the configured iss it starts a normal code flow (login_hint passed on) and signs in', async () => {
    // Invited: a newcomer from the dashboard tile would get the join prompt instead (join-prompt.test.ts).
    const org = await oidcOrg();
    const user = oktaUser(org, 'tile');
    await inviteTo(sp.url, org, user.email);
    const browser = new Browser();
    const start = `${sp.url}/sso/oidc/initiate/${org.orgId}?iss=${encodeURIComponent(org.issuer)}&login_hint=${encodeURIComponent(user.email)}`;
    const { authorizeUrl, callbackUrl } = await throughOp(browser, org, user.id, start);
    assert.equal(authorizeUrl.searchParams.get('login_hint'), user.email);
    assert.equal(authorizeUrl.searchParams.get('code_challenge_method'), 'S256');
    assert.equal((await browser.get(callbackUrl)).status, 303);
    assert.equal((await whoAmI(sp.url, browser))?.method, 'oidc');
  });

  void it('a wrong or missing iss is refused with SSO_OIDC_ISSUER_MISMATCH and starts nothing', async () => {
    const org = await oidcOrg({ provisioning: 'jit' });
    for (const query of [`?iss=${encodeURIComponent(`${org.issuer}1`)}`, `?iss=${encodeURIComponent(op.oidc.issuer('default'))}`, '']) {
      const res = await new Browser().get(`${sp.url}/sso/oidc/initiate/${org.orgId}${query}`);
      assert.equal(res.status, 401);
      assert.equal(res.headers.get('location'), null);
      assert.equal(await refusal(res), 'SSO_OIDC_ISSUER_MISMATCH');
    }
  });

  void it('target_link_uri is followed only when it stays on the SP', async () => {
    const org = await oidcOrg();
    const user = oktaUser(org, 'target');
    await inviteTo(sp.url, org, user.email);
    const cases: Array<[string, string]> = [
      [`${sp.url}/home?from=okta`, '/home?from=okta'],
      ['/home?tab=1', '/home?tab=1'],
      ['https://evil.example/phish', '/home'],
      ['//evil.example/phish', '/home'],
      // Forms the URL parser normalizes into a scheme-relative path (issue 8's open redirect).
      ['/.//evil.example/phish', '/home'],
      ['/%2e//evil.example', '/home'],
      ['/a/..//evil.example', '/home'],
      ['/\t/evil.example', '/home'],
      ['/./\\evil.example', '/home'],
      [`${sp.url}/.//evil.example`, '/home'],
    ];
    for (const [target, expected] of cases) {
      const browser = new Browser();
      const start = `${sp.url}/sso/oidc/initiate/${org.orgId}?iss=${encodeURIComponent(org.issuer)}&target_link_uri=${encodeURIComponent(target)}`;
      const { callbackUrl } = await throughOp(browser, org, user.id, start);
      const location = (await browser.get(callbackUrl)).headers.get('location');
      assert.equal(location, expected, target);
      // What the browser does with it: resolved against the callback URL, it stays on the SP.
      assert.equal(new URL(location!, callbackUrl).origin, sp.url, target);
      assert.equal((await whoAmI(sp.url, browser))?.method, 'oidc');
    }
  });

  void it('the initiate login URI also accepts a form POST', async () => {
    const org = await oidcOrg({ provisioning: 'jit' });
    const res = await new Browser().postForm(`${sp.url}/sso/oidc/initiate/${org.orgId}`, { iss: org.issuer });
    assert.equal(res.status, 302);
    assert.ok(res.headers.get('location')?.startsWith(`${org.issuer}/oauth2/v1/authorize?`));
  });
});

void describe('sign-in page', () => {
  void it('"Login with Okta" leads to the portal key / Customer ID page', async () => {
    const html = await (await new Browser().get(`${sp.url}/signin`)).text();
    assert.equal(testIdAttr(html, 'signin-login-with-okta', 'href'), '/sso');
    const portal = await (await new Browser().get(`${sp.url}/sso`)).text();
    assert.ok(portal.includes('data-testid="sso-portal-key"') && portal.includes('data-testid="sso-portal-submit"'));
  });
});
