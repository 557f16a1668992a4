/**
 * The org's two authorization servers against an independent RP (openid-client) and an independent
 * verifier (jose), with the org side (users, session, assignments) replaced by a small fake: this
 * tests the OIDC folder on its own. The whole mock IdP is tested end to end elsewhere.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import express from 'express';
import * as oidcClient from 'openid-client';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { createOrgOidc, type OidcClientRecord, type OidcPorts } from '../../src/oidc/index.ts';
import { TestBrowser } from '../support/browser.ts';
import { codeRequest, finishCodeFlow } from '../support/code-flow.ts';

const REDIRECT = 'http://127.0.0.1:9/callback';
const CLIENT: OidcClientRecord = {
  client_id: '0oaclient00000000001',
  client_secret: 'secret-0123456789-0123456789-0123456789',
  redirect_uris: [REDIRECT],
  post_logout_redirect_uris: ['http://127.0.0.1:9/signed-out'],
  grant_types: ['authorization_code'],
  response_types: ['code'],
  token_endpoint_auth_method: 'client_secret_basic',
  require_pkce: false,
};
const USERS = {
  '00ualice000000000001': { id: '00ualice000000000001', login: 'alice@example.com', email: 'alice@example.com', firstName: 'Alice', lastName: 'Doe', groups: ['Engineering'] },
  '00ubob00000000000001': { id: '00ubob00000000000001', login: 'bob@example.com', email: 'bob@example.com', firstName: 'Bob', lastName: 'Roe', groups: [] },
};
const ASSIGNED = new Set(['00ualice000000000001']);

let origin = '';
let server: ReturnType<ReturnType<typeof express>['listen']>;
const sessions = new Map<string, string>();

before(async () => {
  const app = express();
  const ports: OidcPorts = {
    get origin() {
      return origin;
    },
    orgId: 'testorg',
    findClient: (id) => (id === CLIENT.client_id ? CLIENT : undefined),
    findUser: (id) => USERS[id as keyof typeof USERS],
    currentUserId: (req) => sessions.get(/test_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? ''),
    currentSessionId: (req) => /test_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1],
    sessionUserInactive: () => false,
    endSession: (req) => sessions.delete(/test_sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1] ?? ''),
    signInPath: (returnTo) => `/test-sign-in?as=${encodeURIComponent(signInAs)}&fromURI=${encodeURIComponent(returnTo)}`,
    isAssigned: (userId) => ASSIGNED.has(userId),
    renderErrorPage: (error) => `<div data-testid="okta-error" data-error-code="${error.code}">${error.title}</div>`,
    now: () => Math.floor(Date.now() / 1000),
  };
  const oidc = createOrgOidc(ports);
  app.use(oidc.router);
  app.get('/test-sign-in', (req, res) => {
    const sid = `s${sessions.size + 1}`;
    sessions.set(sid, String(req.query['as']));
    res.setHeader('set-cookie', `test_sid=${sid}; Path=/; HttpOnly`);
    res.redirect(String(req.query['fromURI']));
  });
  server = app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

after(() => {
  server.closeAllConnections();
  server.close();
});

let signInAs = '00ualice000000000001';

async function discover(issuer: string): Promise<oidcClient.Configuration> {
  return oidcClient.discovery(new URL(issuer), CLIENT.client_id, CLIENT.client_secret, undefined, {
    execute: [oidcClient.allowInsecureRequests],
  });
}

async function codeFlow(config: oidcClient.Configuration, browser: TestBrowser) {
  const { url, ...secrets } = await codeRequest(config, REDIRECT);
  return { ...(await browser.followWithin(url.href, origin)), ...secrets };
}

for (const [name, path] of [['org', ''], ['default', '/oauth2/default']] as const) {
  void describe(`the ${name} authorization server`, () => {
    void test('publishes discovery with Okta’s endpoint layout', async () => {
      const config = await discover(`${origin}${path}`);
      const metadata = config.serverMetadata();
      assert.equal(metadata.issuer, `${origin}${path}`);
      assert.equal(metadata.authorization_endpoint, `${origin}${path}/${name === 'org' ? 'oauth2/v1' : 'v1'}/authorize`);
      assert.equal(metadata.jwks_uri, `${origin}${path}/${name === 'org' ? 'oauth2/v1' : 'v1'}/keys`);
    });

    void test('runs a code flow with PKCE for an assigned user, with claims in the id_token and userinfo', async () => {
      signInAs = '00ualice000000000001';
      const config = await discover(`${origin}${path}`);
      const flow = await codeFlow(config, new TestBrowser());
      assert.ok(flow.location?.startsWith(REDIRECT), `expected a redirect to the app, got ${flow.response.status}`);
      const tokens = await finishCodeFlow(config, flow);
      const claims = tokens.claims()!;
      assert.equal(claims.sub, '00ualice000000000001');
      assert.equal(claims['email'], 'alice@example.com');
      assert.equal(claims['preferred_username'], 'alice@example.com');

      const verified = await jwtVerify(tokens.id_token!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), {
        issuer: `${origin}${path}`,
        audience: CLIENT.client_id,
      });
      assert.equal(verified.protectedHeader.alg, 'RS256');

      const userinfo = await oidcClient.fetchUserInfo(config, tokens.access_token, '00ualice000000000001');
      assert.deepEqual(userinfo['groups'], ['Engineering']);
    });

    void test('shows Okta’s error to an unassigned user and never redirects to the app', async () => {
      signInAs = '00ubob00000000000001';
      const flow = await codeFlow(await discover(`${origin}${path}`), new TestBrowser());
      assert.equal(flow.location, undefined);
      assert.equal(flow.response.status, 403);
      assert.match(await flow.response.text(), /data-error-code="IDP_USER_NOT_ASSIGNED"/);
    });

    void test('refuses an unregistered redirect URI on its own page', async () => {
      const config = await discover(`${origin}${path}`);
      const url = oidcClient.buildAuthorizationUrl(config, { redirect_uri: 'http://127.0.0.1:9/evil', scope: 'openid', state: 'x', nonce: 'y' });
      const { location, response } = await new TestBrowser().followWithin(url.href, origin);
      assert.equal(location, undefined);
      assert.equal(response.status, 400);
      assert.match(await response.text(), /data-error-code="IDP_OIDC_REDIRECT_URI_NOT_REGISTERED"/);
    });
  });
}

void test('a browser signed in once is not sent to the sign-in page again', async () => {
  signInAs = '00ualice000000000001';
  const browser = new TestBrowser();
  const config = await discover(origin);
  await codeFlow(config, browser);
  signInAs = '00ubob00000000000001'; // would be refused if the sign-in page were visited again
  const second = await codeFlow(config, browser);
  assert.ok(second.location?.startsWith(REDIRECT));
});
