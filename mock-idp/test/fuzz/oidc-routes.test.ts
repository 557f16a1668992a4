/**
 * Fuzz: the OpenID Connect endpoints of both authorization servers. authorize with any mix of
 * known and unknown parameters (signed in or not), token / introspect / revoke with any form and
 * client authentication, userinfo with any bearer, logout with any parameters. Every answer is a
 * success, an OAuth error (JSON or a redirect to a registered URI) or a coded page; never a 5xx.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { TestBrowser } from '../support/browser.ts';
import { answerOf, assertCodedAnswer, checkProperty, nastyString } from './fuzz-support.ts';
import { RP_REDIRECT_URI, startFuzzTarget, type FuzzTarget } from './fuzz-target.ts';

const SERVERS = ['/oauth2/v1', '/oauth2/default/v1'] as const;

void describe('fuzz: OIDC endpoints', () => {
  let target: FuzzTarget;
  before(async () => {
    target = await startFuzzTarget();
  });
  after(() => target.idp.close());

  const cookieOf = (signedIn: boolean): string => (signedIn ? [...target.signedIn.cookies].map(([k, v]) => `${k}=${v}`).join('; ') : '');

  /**
   * A parameter set: a valid one (`base`) with up to four changes: a parameter dropped, set to
   * another plausible value or to anything, repeated, or an unknown one added. Mostly valid sets
   * reach the steps after the first check; random ones would be refused at it.
   */
  const params = (base: Record<string, string>, plausible: Record<string, fc.Arbitrary<string>>) => {
    const names = Object.keys(plausible);
    const change = fc.oneof(
      fc.constantFrom(...names).map((name) => ({ kind: 'drop' as const, name, value: '' })),
      fc.constantFrom(...names).chain((name) => fc.oneof(plausible[name]!, nastyString(40)).map((value) => ({ kind: 'set' as const, name, value }))),
      fc.constantFrom(...names).map((name) => ({ kind: 'repeat' as const, name, value: '' })),
      fc.tuple(fc.constantFrom('request', 'request_uri', 'claims', 'max_age', 'acr_values', 'login_hint', 'id_token_hint', 'resource', 'x'), nastyString(60)).map(([name, value]) => ({ kind: 'set' as const, name, value })),
    );
    return fc.array(change, { maxLength: 4 }).map((changes) => {
      const query = new URLSearchParams(base);
      for (const { kind, name, value } of changes) {
        if (kind === 'drop') query.delete(name);
        else if (kind === 'set') query.set(name, value);
        else if (query.has(name)) query.append(name, query.get(name)!);
      }
      return query;
    });
  };

  /** A fresh authorization code for the confidential client, from the signed-in browser. */
  const freshCode = async (server: string): Promise<string> => {
    const query = new URLSearchParams({ client_id: target.oidc.clientId, redirect_uri: RP_REDIRECT_URI, response_type: 'code', scope: 'openid offline_access', state: 's', nonce: 'n', prompt: 'consent' });
    let url = `${target.idp.url}${server}/authorize?${query.toString()}`;
    for (let hop = 0; hop < 5; hop++) {
      const response = await target.signedIn.get(url);
      const location = response.headers.get('location');
      if (!location) break;
      url = new URL(location, url).href;
      if (url.startsWith(RP_REDIRECT_URI)) return new URL(url).searchParams.get('code') ?? '';
    }
    return '';
  };

  void test('authorize, signed in or not, on both servers', async () => {
    const authorize = params({ client_id: target.oidc.clientId, redirect_uri: RP_REDIRECT_URI, response_type: 'code', scope: 'openid profile', state: 'st', nonce: 'no' }, {
      client_id: fc.constantFrom(target.oidc.clientId, target.oidc.publicClientId, '0oa00000000000000000'),
      redirect_uri: fc.constantFrom(RP_REDIRECT_URI, 'https://evil.example/cb', `${RP_REDIRECT_URI}/x`),
      response_type: fc.constantFrom('code', 'id_token', 'id_token token', 'code id_token', 'token', 'none', ''),
      scope: fc.constantFrom('openid', 'openid profile email groups', 'openid offline_access', 'profile', 'openid unknown_scope', ''),
      state: fc.string({ maxLength: 20 }),
      nonce: fc.string({ maxLength: 20 }),
      prompt: fc.constantFrom('none', 'login', 'consent', 'select_account', 'none login'),
      response_mode: fc.constantFrom('query', 'fragment', 'form_post', 'jwt', 'web_message'),
      code_challenge: fc.constantFrom('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', 'short'),
      code_challenge_method: fc.constantFrom('S256', 'plain', 'S512'),
      idp: fc.string({ maxLength: 10 }),
      sessionToken: fc.string({ maxLength: 10 }),
    });
    await checkProperty(130, [fc.constantFrom(...SERVERS), authorize, fc.boolean(), fc.constantFrom('GET', 'POST')], async (server, query, signedIn, method) => {
      const url = `${target.idp.url}${server}/authorize`;
      const response = await fetch(method === 'GET' ? `${url}?${query.toString()}` : url, {
        method,
        redirect: 'manual',
        headers: { cookie: cookieOf(signedIn), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { body: query.toString() } : {}),
      });
      const answer = await answerOf(response);
      assertCodedAnswer(answer, `${method} ${server}/authorize ${query.toString().slice(0, 300)}`);
      // Followed with a cookie jar, the request ends within a few hops (a page, or the app's
      // redirect URI): never a loop, and every hop is coded.
      if (method === 'GET' && answer.location) {
        const browser = new TestBrowser();
        if (signedIn) for (const [name, value] of target.signedIn.cookies) browser.cookies.set(name, value);
        let next = `${url}?${query.toString()}`;
        let hops = 0;
        for (; hops < 8; hops++) {
          const hop = await answerOf(await browser.get(next));
          assertCodedAnswer(hop, `hop ${hops} ${next.slice(0, 200)}`);
          if (!hop.location) break;
          next = new URL(hop.location, next).href;
          if (!next.startsWith(target.idp.url)) break;
        }
        assert.ok(hops < 8, `a redirect loop: ${server}/authorize ${query.toString()}`);
      }
    });
  });

  void test('token, introspect and revoke with any form and client authentication', async () => {
    const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
    const authorization = fc.oneof(
      fc.constant(undefined),
      fc.constantFrom(basic(target.oidc.clientId, target.oidc.clientSecret), basic(target.oidc.clientId, 'wrong'), basic('%ZZ', 'x'), 'Basic !!!', 'Basic ', 'Bearer x'),
      fc.tuple(nastyString(20), nastyString(20)).map(([id, secret]) => basic(id, secret)),
    );
    const form = params({ grant_type: 'authorization_code', code: 'CODE', redirect_uri: RP_REDIRECT_URI, token: 'CODE' }, {
      grant_type: fc.constantFrom('authorization_code', 'refresh_token', 'client_credentials', 'password', 'implicit', 'urn:ietf:params:oauth:grant-type:device_code'),
      code: fc.string({ maxLength: 40 }),
      refresh_token: fc.string({ maxLength: 40 }),
      redirect_uri: fc.constantFrom(RP_REDIRECT_URI, 'https://evil.example/cb'),
      code_verifier: fc.string({ minLength: 43, maxLength: 60 }),
      client_id: fc.constantFrom(target.oidc.clientId, target.oidc.publicClientId),
      client_secret: fc.constantFrom(target.oidc.clientSecret, 'wrong'),
      token: fc.string({ maxLength: 40 }),
      token_type_hint: fc.constantFrom('access_token', 'refresh_token', 'id_token', 'x'),
      scope: fc.constantFrom('openid', 'offline_access', ''),
    });
    await checkProperty(100, [fc.constantFrom(...SERVERS), fc.constantFrom('token', 'introspect', 'revoke'), form, authorization, fc.constantFrom('application/x-www-form-urlencoded', 'application/json', 'text/plain')], async (server, endpoint, body, auth, type) => {
      // CODE stands for a real, fresh authorization code, so the checks after "is it a code" run too.
      if ([...body.values()].includes('CODE')) {
        const code = await freshCode(server);
        for (const [name, value] of [...body.entries()]) if (value === 'CODE') body.set(name, code);
      }
      const response = await fetch(`${target.idp.url}${server}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': type, ...(auth ? { authorization: auth } : {}) },
        body: type === 'application/json' ? JSON.stringify(Object.fromEntries(body)) : body.toString(),
      });
      assertCodedAnswer(await answerOf(response), `POST ${server}/${endpoint} (${type}, ${auth ?? 'no auth'}) ${body.toString().slice(0, 300)}`);
    });
  });

  void test('userinfo with any bearer, logout and keys with any parameters', async () => {
    const bearer = fc.oneof(fc.constant(undefined), fc.constantFrom('Bearer ', 'Bearer x', 'Basic x', 'DPoP x', 'bearer abc'), nastyString(60).filter((value) => /^[\t\x20-\x7e]*$/.test(value)).map((value) => `Bearer ${value}`));
    const logout = params({ client_id: target.oidc.clientId, post_logout_redirect_uri: 'http://127.0.0.1:9/signed-out', state: 's' }, {
      id_token_hint: fc.constantFrom('eyJhbGciOiJub25lIn0.e30.', 'x.y.z', ''),
      post_logout_redirect_uri: fc.constantFrom('http://127.0.0.1:9/signed-out', 'https://evil.example/out'),
      state: fc.string({ maxLength: 20 }),
      client_id: fc.constantFrom(target.oidc.clientId, '0oa00000000000000000'),
      logout: fc.constantFrom('yes', 'no'),
      xsrf: fc.string({ maxLength: 20 }),
    });
    await checkProperty(130, [fc.constantFrom(...SERVERS), fc.constantFrom('userinfo', 'logout', 'logout/confirm', 'keys'), bearer, logout, fc.constantFrom('GET', 'POST'), fc.boolean()], async (server, endpoint, auth, query, method, signedIn) => {
      // Logging out signed in would end the shared browser's session for the other properties.
      const cookie = endpoint.startsWith('logout') ? '' : cookieOf(signedIn);
      const url = `${target.idp.url}${server}/${endpoint}`;
      const response = await fetch(method === 'GET' ? `${url}?${query.toString()}` : url, {
        method,
        redirect: 'manual',
        headers: { cookie, ...(auth ? { authorization: auth } : {}), ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { body: query.toString() } : {}),
      });
      assertCodedAnswer(await answerOf(response), `${method} ${server}/${endpoint} ${auth ?? ''} ${query.toString().slice(0, 200)}`);
    });
  });
});
