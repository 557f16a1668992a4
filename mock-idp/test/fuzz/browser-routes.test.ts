/**
 * Fuzz: the routes a browser reaches. SAMLRequest (deflated, base64, garbage, XML fragments) and
 * RelayState on both bindings, signed in or not; the sign-in form and fromURI; the dashboard and its
 * tile links; every route with path segments of any kind; any content type on the POST routes.
 * Every answer is a success or a coded 4xx (fuzz-support.ts assertCodedAnswer); a redirect never
 * leaves the org unless it goes to a registered ACS or redirect URI.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { TestBrowser } from '../support/browser.ts';
import { answerOf, assertCodedAnswer, checkProperty, nastyString, pathSegment, samlRequestParam } from './fuzz-support.ts';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.ts';

void describe('fuzz: browser routes', () => {
  let target: FuzzTarget;
  before(async () => {
    target = await startFuzzTarget();
  });
  after(() => target.idp.close());

  const browserOf = (signedIn: boolean): TestBrowser => (signedIn ? target.signedIn : new TestBrowser());

  /** A redirect stays on the org, or goes to the sign-in page's own origin. */
  const assertStaysHome = (location: string | null, what: string): void => {
    if (!location) return;
    const to = new URL(location, target.idp.url);
    assert.equal(to.origin, target.idp.url, `redirected off the org: ${what} → ${location}`);
  };

  void test('SAMLRequest and RelayState on the HTTP-Redirect binding', async () => {
    await checkProperty(
      80,
      [samlRequestParam('redirect', target.acsUrls), fc.option(nastyString(80)), fc.boolean()],
      async (samlRequest, relayState, signedIn) => {
        const query = new URLSearchParams({ SAMLRequest: samlRequest, ...(relayState === null ? {} : { RelayState: relayState }) });
        const response = await browserOf(signedIn).get(`${target.saml.ssoUrl}?${query.toString()}`);
        const answer = await answerOf(response);
        assertCodedAnswer(answer, `GET SSO ${query.toString().slice(0, 200)}`);
        assertStaysHome(answer.location, 'SSO redirect binding');
      },
    );
  });

  void test('Single Logout: any SAMLRequest or SAMLResponse, RelayState, SigAlg and Signature on both bindings', async () => {
    const message = fc.oneof(samlRequestParam('redirect', target.acsUrls), samlRequestParam('post', target.acsUrls), nastyString(60));
    await checkProperty(
      80,
      [fc.constantFrom('SAMLRequest', 'SAMLResponse'), message, fc.option(nastyString(40)), fc.option(nastyString(60)), fc.option(nastyString(60)), fc.boolean(), fc.boolean()],
      async (field, value, relayState, sigAlg, signature, post, signedIn) => {
        const fields = { [field]: value, ...(relayState === null ? {} : { RelayState: relayState }), ...(sigAlg === null ? {} : { SigAlg: sigAlg }), ...(signature === null ? {} : { Signature: signature }) };
        const browser = browserOf(signedIn);
        const response = post ? await browser.post(target.saml.sloUrl, fields) : await browser.get(`${target.saml.sloUrl}?${new URLSearchParams(fields).toString()}`);
        const answer = await answerOf(response);
        assertCodedAnswer(answer, `${post ? 'POST' : 'GET'} SLO ${JSON.stringify(fields).slice(0, 200)}`);
        // Nothing unsigned is acted on: no answer leaves the org, and the session survives.
        assertStaysHome(answer.location, 'SLO');
      },
    );
  });

  void test('SAMLRequest and RelayState on the HTTP-POST binding, and the held request it leaves', async () => {
    await checkProperty(
      70,
      [samlRequestParam('post', target.acsUrls), fc.option(nastyString(80)), fc.boolean(), fc.boolean()],
      async (samlRequest, relayState, signedIn, repeatField) => {
        const browser = browserOf(signedIn);
        const body = new URLSearchParams({ SAMLRequest: samlRequest, ...(relayState === null ? {} : { RelayState: relayState }) });
        if (repeatField) body.append('SAMLRequest', samlRequest);
        const response = await fetch(target.saml.ssoUrl, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
          body: body.toString(),
        });
        const answer = await answerOf(response);
        assertCodedAnswer(answer, `POST SSO ${body.toString().slice(0, 200)}`);
        assertStaysHome(answer.location, 'SSO post binding');
        // The held request's key, fetched twice: the second is a coded refusal, never a 5xx.
        if (answer.location) {
          for (let i = 0; i < 2; i++) assertCodedAnswer(await answerOf(await browser.get(new URL(answer.location, target.idp.url).href)), 'held request');
        }
      },
    );
  });

  void test('the sign-in form: any fields, any fromURI, any repetition', async () => {
    const field = fc.oneof(fc.constantFrom('alice@example.com', 'bob@example.com', 'ALICE@EXAMPLE.COM', ''), nastyString(40));
    await checkProperty(
      80,
      [field, fc.oneof(fc.constant('correct horse battery staple'), nastyString(40)), fc.option(nastyString(80)), fc.dictionary(nastyString(10), nastyString(20), { maxKeys: 3 })],
      async (username, password, fromURI, extra) => {
        const body = new URLSearchParams({ ...extra, username, password, ...(fromURI === null ? {} : { fromURI }) });
        const response = await fetch(`${target.idp.url}/login/login.htm`, {
          method: 'POST',
          redirect: 'manual',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: body.toString(),
        });
        const answer = await answerOf(response);
        assertCodedAnswer(answer, `POST sign-in ${body.toString().slice(0, 200)}`);
        assertStaysHome(answer.location, 'sign-in');
        const page = await answerOf(await fetch(`${target.idp.url}/login/login.htm?${new URLSearchParams(fromURI === null ? {} : { fromURI }).toString()}`, { redirect: 'manual' }));
        assertCodedAnswer(page, `GET sign-in fromURI=${String(fromURI)}`);
      },
    );
  });

  void test('any path segments on every route, any method, signed in or not', async () => {
    const templates = [
      (a: string, b: string) => `/app/${a}/${b}/sso/saml`,
      (a: string) => `/app/${a}/sso/saml/metadata`,
      (a: string, b: string, c: string) => `/home/${a}/${b}/${c}`,
      (a: string) => `/oauth2/v1/interaction/${a}`,
      (a: string) => `/oauth2/default/v1/interaction/${a}`,
      (a: string, b: string) => `/oauth2/${a}/v1/${b}`,
      (a: string) => `/login/${a}`,
      (a: string, b: string) => `/${a}/${b}`,
      (a: string) => `/app/UserHome/${a}`,
      (a: string) => `/mock/v1/orgs/${a}`,
      (a: string, b: string) => `/mock/v1/faults/${a}/${b}`,
      (a: string) => `/mock/v1/canary/${a}`,
    ];
    const known = fc.constantFrom(target.saml.name, target.saml.id, target.saml.externalKey, target.oidc.clientId, 'launch', 'authorize', 'token');
    const segment = fc.oneof(known, pathSegment());
    await checkProperty(
      140,
      [fc.nat({ max: templates.length - 1 }), segment, segment, segment, fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'), fc.boolean()],
      async (index, a, b, c, method, signedIn) => {
        const path = templates[index]!(a, b, c);
        const browser = browserOf(signedIn);
        const response = await fetch(`${target.idp.url}${path}`, {
          method,
          redirect: 'manual',
          headers: { cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '), ...(method === 'POST' || method === 'PUT' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
          ...(method === 'POST' || method === 'PUT' ? { body: 'a=b' } : {}),
        });
        const answer = await answerOf(response);
        // HEAD has no body to read a code from; its status is what counts.
        if (method === 'HEAD') assert.ok(answer.status < 500, `HEAD ${path} → ${answer.status}`);
        else assertCodedAnswer(answer, `${method} ${path}`);
      },
    );
  });

  void test('any content type and body on the POST routes', async () => {
    const paths = () => [target.saml.ssoUrl, `${target.idp.url}/login/login.htm`, `${target.idp.url}/mock/v1/orgs`, `${target.idp.url}/oauth2/v1/token`, `${target.idp.url}/oauth2/v1/introspect`];
    const contentType = fc.oneof(
      fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=utf-16', 'application/json; charset=latin1', 'application/xml', ''),
      nastyString(40).filter((value) => /^[\t\x20-\x7e]*$/.test(value)),
    );
    const body = fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 3 }).map((value) => JSON.stringify(value)), fc.constantFrom('SAMLRequest=%ZZ', 'a=%', 'a[b]=c&a[b]=d', '{"', '\u0000'));
    await checkProperty(80, [fc.nat({ max: 4 }), contentType, body], async (index, type, payload) => {
      const url = paths()[index]!;
      const response = await fetch(url, { method: 'POST', redirect: 'manual', headers: type ? { 'content-type': type } : {}, body: payload });
      const answer = await answerOf(response);
      assertCodedAnswer(answer, `POST ${url} (${type}) ${payload.slice(0, 100)}`);
      if (answer.status === 201) {
        // An org was made (a JSON body the host accepts): remove it, the fuzzer keeps going.
        const { id } = JSON.parse(answer.body) as { id: string };
        await target.idp.deleteOrg(id);
      }
    });
  });

  void test('the dashboard and its tiles with any query and headers', async () => {
    const header = fc.dictionary(
      fc.constantFrom('accept', 'accept-language', 'x-forwarded-for', 'x-forwarded-host', 'host-override', 'referer', 'origin', 'sec-fetch-site', 'cookie'),
      nastyString(60).filter((value) => /^[\t\x20-\x7e]*$/.test(value)),
      { maxKeys: 4 },
    );
    await checkProperty(60, [fc.constantFrom('/app/UserHome', `/home/${target.saml.name}/${target.saml.id}/launch`, `/home/oidc_client/${target.oidc.clientId}/launch`, `/home/oidc_client/${target.oidc.publicClientId}/oidc_client_link`, '/login/signout'), fc.dictionary(nastyString(10), nastyString(30), { maxKeys: 3 }), header, fc.boolean()], async (path, query, headers, signedIn) => {
      const browser = browserOf(signedIn);
      const cookie = [headers['cookie'], ...[...browser.cookies].map(([k, v]) => `${k}=${v}`)].filter(Boolean).join('; ');
      const url = `${target.idp.url}${path}?${new URLSearchParams(query).toString()}`;
      // Sign-out would end the shared signed-in browser's session: only anonymous ones go there.
      if (path === '/login/signout' && signedIn) return;
      const response = await fetch(url, { redirect: 'manual', headers: { ...headers, cookie } });
      assertCodedAnswer(await answerOf(response), `GET ${url}`);
    });
  });
});
