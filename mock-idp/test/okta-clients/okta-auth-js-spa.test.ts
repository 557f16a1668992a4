/**
 * @okta/okta-auth-js, unchanged (its browser bundle from node_modules), as a single-page app in
 * Chromium: a tiny static page on its own https loopback origin signs in with PKCE against the mock
 * (redirect to the mock's sign-in page, back with a code, the code exchanged by the page through
 * CORS), then reads its tokens, the user (userinfo) and the Okta session (/api/v1/sessions/me).
 *
 * Chromium trusts the mock's local CA through --ignore-certificate-errors-spki-list with the CA's
 * key hash (the servers send the CA in their chain); a page whose certificate comes from another
 * CA is still refused, which the last test shows. The id_token is checked by okta-auth-js itself
 * (signature from the JWKS, issuer, audience, nonce, at_hash against the JWT access token).
 */
import assert from 'node:assert/strict';
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createMockIdp, type MockIdp } from '../../index.ts';
import { issueServerCertificate, loadOrCreateCa } from '../../src/tls/local-ca.ts';
import { findBrowser, launchBrowser } from '../../../steps/support/browser.ts';
import { PASSWORD } from '../support/fixture.ts';
import { trustCaInThisProcess } from '../support/trust-ca.ts';

const BUNDLE = join(process.cwd(), 'node_modules', '@okta', 'okta-auth-js', 'dist', 'okta-auth-js.min.js');

/** The SPA: one page that starts the sign-in, or finishes it on /login/callback and shows what it read. */
function spaPage(config: { issuer: string; clientId: string; redirectUri: string }): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>SPA</title><script src="/okta-auth-js.min.js"></script></head>
<body><pre id="out">starting</pre><script>
(async () => {
  const out = document.getElementById('out');
  try {
    const Ctor = window.OktaAuth.OktaAuth || window.OktaAuth;
    const authClient = new Ctor(Object.assign(${JSON.stringify(config)}, { scopes: ['openid', 'profile', 'email', 'offline_access'], pkce: true }));
    if (!authClient.isLoginRedirect()) {
      out.textContent = 'redirecting';
      await authClient.signInWithRedirect();
      return;
    }
    const { tokens } = await authClient.token.parseFromUrl();
    authClient.tokenManager.setTokens(tokens);
    const user = await authClient.getUser();
    const session = await authClient.session.get();
    window.__result = {
      idClaims: tokens.idToken.claims,
      accessToken: tokens.accessToken.accessToken,
      scopes: tokens.accessToken.scopes,
      hasRefreshToken: Boolean(tokens.refreshToken && tokens.refreshToken.refreshToken),
      userEmail: user.email,
      sessionStatus: session.status,
      sessionLogin: session.login,
    };
    out.textContent = 'done';
  } catch (error) {
    window.__result = { error: String(error && (error.errorCode || error.message || error)) };
    out.textContent = 'failed';
  }
})();
</script></body></html>`;
}

void describe('@okta/okta-auth-js as an SPA in Chromium, against the mock over https', () => {
  let dir: string;
  let idp: MockIdp;
  let spa: Server;
  let spaOrigin: string;
  let browser: Browser;
  let clientId: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-idp-spa-'));
    idp = await createMockIdp({
      https: true,
      stateDir: dir,
      tenant: { users: [{ profile: { email: 'alice@example.com', firstName: 'Alice', lastName: 'Example' }, credentials: { password: { value: PASSWORD } } }] },
    });
    trustCaInThisProcess(idp.ca!.certPem);
    // The SPA's own https origin, with a certificate from the same local CA.
    const ca = await loadOrCreateCa(join(dir, 'ca'));
    const tls = await issueServerCertificate(ca, 'spa');
    const bundle = await readFile(BUNDLE);
    let page = '';
    spa = createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
      const path = new URL(req.url ?? '/', 'https://spa.invalid').pathname;
      if (path === '/okta-auth-js.min.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(bundle);
      else if (path === '/' || path === '/login/callback') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => spa.listen(0, '127.0.0.1', resolve));
    spaOrigin = `https://127.0.0.1:${(spa.address() as AddressInfo).port}`;

    const app = await idp.control.createOidcApp({
      label: 'SPA',
      oauthClient: { application_type: 'browser', redirect_uris: [`${spaOrigin}/login/callback`], grant_types: ['authorization_code', 'refresh_token'] },
    });
    clientId = app.id;
    const alice = (await idp.control.listUsers())[0]!;
    await idp.control.assignUserToApp(app.id, alice.id);
    const trusted = await fetch(`${idp.url}/api/v1/trustedOrigins`, {
      method: 'POST',
      headers: { authorization: `SSWS ${idp.org.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'SPA', origin: spaOrigin, scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] }),
    });
    assert.equal(trusted.status, 200);
    page = spaPage({ issuer: `${idp.url}/oauth2/default`, clientId, redirectUri: `${spaOrigin}/login/callback` });
    browser = await launchBrowser(findBrowser(process.env['SSO_CONFORMANCE_BROWSER']), [idp.ca!.spkiSha256]);
  });
  after(async () => {
    await browser?.close();
    spa?.close();
    await idp?.close();
    await rm(dir, { recursive: true, force: true });
  });

  void test('signs in with PKCE through the mock sign-in page and reads its tokens, the user and the Okta session', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${spaOrigin}/`);
    await page.waitForURL((url) => url.pathname === '/login/login.htm', { timeout: 15_000 });
    await page.fill('input[name="username"]', 'alice@example.com');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL((url) => url.origin === spaOrigin, { timeout: 15_000 }), page.click('[type="submit"]')]);
    await page.waitForFunction(() => (window as { __result?: unknown }).__result !== undefined, undefined, { timeout: 15_000 });
    const result = (await page.evaluate(() => (window as { __result?: unknown }).__result)) as Record<string, unknown>;
    assert.equal(result['error'], undefined, `okta-auth-js failed: ${String(result['error'])}`);
    const idClaims = result['idClaims'] as Record<string, unknown>;
    const accessClaims = JSON.parse(Buffer.from(String(result['accessToken']).split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
    assert.equal(idClaims['email'], 'alice@example.com');
    assert.equal(idClaims['aud'], clientId);
    assert.equal(accessClaims['aud'], 'api://default');
    assert.equal(accessClaims['cid'], clientId);
    assert.equal(accessClaims['sub'], 'alice@example.com');
    assert.ok((accessClaims['scp'] as string[]).includes('openid'));
    assert.deepEqual(result['scopes'], ['openid', 'profile', 'email', 'offline_access']);
    assert.equal(result['hasRefreshToken'], true);
    assert.equal(result['userEmail'], 'alice@example.com');
    assert.deepEqual({ status: result['sessionStatus'], login: result['sessionLogin'] }, { status: 'ACTIVE', login: 'alice@example.com' });
    await context.close();
  });

  void test('the browser trusts only the local CA: a page with a certificate from another CA is refused', async () => {
    const otherDir = await mkdtemp(join(tmpdir(), 'mock-idp-other-ca-'));
    const other = await issueServerCertificate(await loadOrCreateCa(otherDir), 'stranger');
    const stranger = createServer({ key: other.key, cert: other.cert }, (_req, res) => res.end('hello'));
    await new Promise<void>((resolve) => stranger.listen(0, '127.0.0.1', resolve));
    const context = await browser.newContext();
    try {
      const page = await context.newPage();
      const outcome = await page.goto(`https://127.0.0.1:${(stranger.address() as AddressInfo).port}/`).then(() => 'loaded', (error: Error) => error.message);
      assert.match(outcome, /ERR_CERT_AUTHORITY_INVALID/);
    } finally {
      await context.close();
      stranger.close();
      await rm(otherDir, { recursive: true, force: true });
    }
  });
});
