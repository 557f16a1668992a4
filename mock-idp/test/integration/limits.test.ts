/**
 * The host's bounds, end to end: orgs per host (and deleting one), sign-in sessions and held SAML
 * requests (bounded, expiring, swept), OIDC records (bounded, expiring), objects per org, and the
 * cross-site and content-type rules of the mock's own state-changing routes.
 */
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { ControlApiError, IdpError, createMockIdp, type MockIdp, type MockIdpOptions } from '../../index.ts';
import { TestBrowser, errorCodeOf, fromUriOf, isSignInPage } from '../support/browser.ts';
import { PASSWORD, SP_ACS_URL, SP_ENTITY_ID, signInThrough } from '../support/fixture.ts';
import { RP_REDIRECT_URI } from '../support/oidc-fixture.ts';

const authnRequest = (id: string): string =>
  `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" ` +
  `IssueInstant="2030-01-01T00:00:00Z"><saml:Issuer>${SP_ENTITY_ID}</saml:Issuer></samlp:AuthnRequest>`;

interface Started {
  idp: MockIdp;
  ssoUrl: string;
  oidcClientId: string;
  advance(ms: number): void;
}

/** A host with a fake clock, one user (alice) assigned to a SAML and an OIDC app. */
async function start(limits: MockIdpOptions['limits']): Promise<Started> {
  let now = Date.now();
  const idp = await createMockIdp({ clock: () => new Date(now), limits });
  const alice = await idp.control.createUser({ email: 'alice@example.com', firstName: 'Alice', lastName: 'Example', password: PASSWORD });
  const saml = await idp.control.createSamlApp({ label: 'SP', signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID } });
  await idp.control.assignUserToApp(saml.id, alice.id);
  const oidc = await idp.control.createOidcApp({ label: 'RP', oauthClient: { redirect_uris: [RP_REDIRECT_URI] } });
  await idp.control.assignUserToApp(oidc.id, alice.id);
  return { idp, ssoUrl: (await idp.control.getSamlSetup(saml.id)).ssoUrl, oidcClientId: oidc.id, advance: (ms) => (now += ms) };
}

const postOrg = (idp: MockIdp, init: RequestInit = {}) =>
  fetch(`${idp.url}/mock/v1/orgs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}', ...init });

const errorCodeIn = async (response: Response): Promise<string> => ((await response.json()) as { errorCode: string }).errorCode;

void describe('orgs per host', () => {
  let idp: MockIdp;
  before(async () => {
    idp = await createMockIdp({ limits: { maxOrgs: 2 } });
  });
  after(() => idp.close());

  void test('at maxOrgs a new org is 429 E0000047 over HTTP and IDP_LIMIT_REACHED in the library; deleting one frees its place', async () => {
    const second = await postOrg(idp);
    assert.equal(second.status, 201);
    const { id, baseUrl } = (await second.json()) as { id: string; baseUrl: string };
    const third = await postOrg(idp);
    assert.equal(third.status, 429);
    const body = (await third.json()) as { errorCode: string; errorCauses: { errorSummary: string }[] };
    assert.equal(body.errorCode, 'E0000047');
    assert.match(body.errorCauses[0]!.errorSummary, /^maxOrgs: /);
    await assert.rejects(idp.createOrg(), (error: unknown) => error instanceof IdpError && error.code === 'IDP_LIMIT_REACHED');

    const deleted = await fetch(`${idp.url}/mock/v1/orgs/${id}`, { method: 'DELETE' });
    assert.equal(deleted.status, 204);
    await assert.rejects(fetch(`${baseUrl}/login/login.htm`), 'the deleted org no longer listens');
    assert.equal(idp.stats().orgs, 1);
    assert.equal((await postOrg(idp)).status, 201);
  });

  void test('deleting an unknown org is 404 E0000007, and the host org cannot be deleted (400 E0000001)', async () => {
    const unknown = await fetch(`${idp.url}/mock/v1/orgs/00o00000000000000000`, { method: 'DELETE' });
    assert.deepEqual([unknown.status, await errorCodeIn(unknown)], [404, 'E0000007']);
    const hostOrg = await fetch(`${idp.url}/mock/v1/orgs/${idp.org.id}`, { method: 'DELETE' });
    assert.deepEqual([hostOrg.status, await errorCodeIn(hostOrg)], [400, 'E0000001']);
  });
});

void describe('cross-site writes to the mock', () => {
  let idp: MockIdp;
  before(async () => {
    idp = await createMockIdp();
  });
  after(() => idp.close());

  void test('POST /mock/v1/orgs needs application/json: text/plain, a form or no type is 415 and makes no org', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', undefined]) {
      const response = await postOrg(idp, { headers: type ? { 'content-type': type } : {} });
      assert.deepEqual([response.status, await errorCodeIn(response)], [415, 'E0000001'], String(type));
    }
    assert.equal(idp.stats().orgs, 1);
  });

  void test('a browser request from another site is 403 E0000006 on /mock/v1, even with a JSON body', async () => {
    const cases: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'http://127.0.0.1:1' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
    ];
    for (const headers of cases) {
      const response = await postOrg(idp, { headers: { 'content-type': 'application/json', ...headers } });
      assert.deepEqual([response.status, await errorCodeIn(response)], [403, 'E0000006'], JSON.stringify(headers));
      const deleted = await fetch(`${idp.url}/mock/v1/orgs/${idp.org.id}`, { method: 'DELETE', headers });
      assert.equal(deleted.status, 403);
    }
    assert.equal(idp.stats().orgs, 1);
    const own = await postOrg(idp, { headers: { 'content-type': 'application/json', origin: idp.url, 'sec-fetch-site': 'same-origin' } });
    assert.equal(own.status, 201);
  });

  void test('the sign-in form posted from another site is 403 IDP_CROSS_SITE_REQUEST and signs nobody in', async () => {
    await idp.control.createUser({ email: 'csrf@example.com', firstName: 'C', lastName: 'S', password: PASSWORD });
    const response = await fetch(`${idp.url}/login/login.htm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      body: new URLSearchParams({ username: 'csrf@example.com', password: PASSWORD, fromURI: '/app/UserHome' }).toString(),
    });
    assert.equal(response.status, 403);
    assert.equal(errorCodeOf(await response.text()), 'IDP_CROSS_SITE_REQUEST');
    assert.equal(response.headers.getSetCookie().length, 0);
  });

  void test('the sign-in form posted by the sign-in page itself passes: Sec-Fetch-Site same-origin, Origin null (its no-referrer policy)', async () => {
    const response = await fetch(`${idp.url}/login/login.htm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'null', 'sec-fetch-site': 'same-origin' },
      body: new URLSearchParams({ username: 'csrf@example.com', password: PASSWORD, fromURI: '/app/UserHome' }).toString(),
    });
    assert.equal(response.status, 303);
  });
});

void describe('sessions and held SAML requests', () => {
  let started: Started;
  before(async () => {
    started = await start({ maxSessionsPerOrg: 1, sessionLifetimeSeconds: 60, maxHeldRequestsPerOrg: 1, heldRequestLifetimeSeconds: 30 });
  });
  after(() => started.idp.close());

  const signIn = (browser: TestBrowser) =>
    browser.post(`${started.idp.url}/login/login.htm`, { username: 'alice@example.com', password: PASSWORD, fromURI: '/app/UserHome' });

  void test('at maxSessionsPerOrg a sign-in is refused with IDP_LIMIT_REACHED; once the session expires it is swept and there is room', async () => {
    const first = new TestBrowser();
    assert.equal((await signIn(first)).status, 303);
    const refused = await signIn(new TestBrowser());
    assert.equal(refused.status, 429);
    assert.equal(errorCodeOf(await refused.text()), 'IDP_LIMIT_REACHED');
    assert.equal(started.idp.stats().sessions, 1);

    started.advance(61_000);
    const dashboard = await first.get(`${started.idp.url}/app/UserHome`);
    assert.equal(dashboard.status, 303, 'the expired session no longer signs the browser in');
    assert.equal((await signIn(new TestBrowser())).status, 303);
    assert.equal(started.idp.stats().sessions, 1, 'the expired session was swept, not kept');
  });

  void test('at maxHeldRequestsPerOrg a posted AuthnRequest is refused with IDP_LIMIT_REACHED; an expired one is IDP_SIGNIN_REQUIRED', async () => {
    const post = (browser: TestBrowser, id: string) => browser.post(started.ssoUrl, { SAMLRequest: Buffer.from(authnRequest(id)).toString('base64') });
    const waiting = new TestBrowser();
    const held = await post(waiting, '_held1');
    assert.equal(held.status, 302);
    const refused = await post(new TestBrowser(), '_held2');
    assert.equal(refused.status, 429);
    assert.equal(errorCodeOf(await refused.text()), 'IDP_LIMIT_REACHED');

    // Past both lifetimes: the held request, and the session the test above left (maxSessionsPerOrg is 1).
    started.advance(61_000);
    const signInPage = await waiting.follow(held, started.ssoUrl);
    const html = await signInPage.response.text();
    assert.ok(isSignInPage(html));
    const back = await waiting.post(`${started.idp.url}/login/login.htm`, { username: 'alice@example.com', password: PASSWORD, fromURI: fromUriOf(html) });
    const outcome = await waiting.follow(back, started.idp.url);
    assert.equal(outcome.response.status, 400);
    assert.equal(errorCodeOf(await outcome.response.text()), 'IDP_SIGNIN_REQUIRED');
    assert.equal(started.idp.stats().heldRequests, 0);
    // A request on the redirect binding is never held, so the bound does not touch it.
    const redirect = `${started.ssoUrl}?SAMLRequest=${encodeURIComponent(deflateRawSync(authnRequest('_redirect1')).toString('base64'))}`;
    assert.equal((await signInThrough(waiting, redirect, 'alice@example.com')).form?.action, SP_ACS_URL);
  });
});

void describe('OIDC records', () => {
  let started: Started;
  before(async () => {
    started = await start({ maxOidcRecordsPerOrg: 10, oidcInteractionLifetimeSeconds: 1 });
  });
  after(() => started.idp.close());

  const authorize = (server = '/oauth2/v1') =>
    `${started.idp.url}${server}/authorize?` +
    new URLSearchParams({ client_id: started.oidcClientId, redirect_uri: RP_REDIRECT_URI, response_type: 'code', scope: 'openid', state: 's1', nonce: 'n1' }).toString();

  void test('an abandoned authorization expires after oidcInteractionLifetimeSeconds: IDP_OIDC_INTERACTION_EXPIRED, and its record goes', async () => {
    const browser = new TestBrowser();
    const first = await browser.get(authorize());
    assert.equal(first.status, 303);
    const interaction = new URL(first.headers.get('location')!, started.idp.url).href;
    assert.ok(started.idp.stats().oidcRecords >= 1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    started.advance(1100);
    const expired = await browser.get(interaction);
    assert.equal(expired.status, 400);
    assert.equal(errorCodeOf(await expired.text()), 'IDP_OIDC_INTERACTION_EXPIRED');
    assert.equal(started.idp.stats().oidcRecords, 0);
  });

  void test('at maxOidcRecordsPerOrg an authorization is IDP_LIMIT_REACHED (429) and the token endpoint 429 E0000047; discovery still answers', async () => {
    for (let i = 0; i < 10; i++) assert.equal((await fetch(authorize(i % 2 ? '/oauth2/v1' : '/oauth2/default/v1'), { redirect: 'manual' })).status, 303);
    const refused = await fetch(authorize(), { redirect: 'manual' });
    assert.equal(refused.status, 429);
    assert.equal(errorCodeOf(await refused.text()), 'IDP_LIMIT_REACHED');
    const token = await fetch(`${started.idp.url}/oauth2/v1/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'grant_type=authorization_code&code=x' });
    assert.equal(token.status, 429);
    assert.equal(await errorCodeIn(token), 'E0000047');
    assert.equal((await fetch(`${started.idp.url}/.well-known/openid-configuration`)).status, 200);
    // After the interactions' lifetime the sweep makes room again.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    started.advance(1100);
    assert.equal((await fetch(authorize(), { redirect: 'manual' })).status, 303);
  });
});

void describe('objects per org', () => {
  void test('at maxObjectsPerOrg creating a user, group or app is 429 E0000047', async () => {
    const idp = await createMockIdp({ limits: { maxObjectsPerOrg: 2 } });
    try {
      await idp.control.createUser({ email: 'one@example.com', firstName: 'O', lastName: 'N', password: PASSWORD });
      await idp.control.createGroup({ name: 'G' });
      for (const make of [
        () => idp.control.createUser({ email: 'two@example.com', firstName: 'T', lastName: 'W', password: PASSWORD }),
        () => idp.control.createGroup({ name: 'H' }),
        () => idp.control.createOidcApp({ label: 'RP', oauthClient: { redirect_uris: [RP_REDIRECT_URI] } }),
      ]) {
        await assert.rejects(make(), (error: unknown) => error instanceof ControlApiError && error.status === 429 && error.errorCode === 'E0000047');
      }
    } finally {
      await idp.close();
    }
  });
});

