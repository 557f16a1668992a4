/**
 * Okta's own Node clients, unchanged, against the mock over https (the local CA trusted as a Node
 * program would, never a switch that skips checks):
 * - @okta/jwt-verifier verifies the mock's id_tokens and access tokens WITHOUT `testing.disableHttpsCheck`;
 * - openid-client WITHOUT `allowInsecureRequests`: the code flow of a web app with refresh tokens,
 *   a public SPA client with PKCE and refresh token rotation, client_credentials with a custom scope,
 *   and private_key_jwt at the org authorization server (what Okta's SDK PrivateKey mode does);
 * plus what those clients rely on, in Okta's shapes: JWT access tokens, introspection fields (the
 * names checked against Okta's OpenAPI), userinfo and revocation with the JWT, prompt=none, CORS
 * for trusted origins and /api/v1/sessions/me.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import OktaJwtVerifier from '@okta/jwt-verifier';
import { exportJWK, generateKeyPair, type CryptoKey } from 'jose';
import * as oidcClient from 'openid-client';
import { parse as parseYaml } from 'yaml';
import { createMockIdp, type MockIdp, type TenantDocument } from '../../index.ts';
import { TestBrowser } from '../support/browser.ts';
import { PASSWORD, browse } from '../support/fixture.ts';
import { trustCaInThisProcess } from '../support/trust-ca.ts';

const WEB_REDIRECT = 'https://rp.example.test/callback';
const SPA_ORIGIN = 'https://spa.example.test';
const SPA_REDIRECT = `${SPA_ORIGIN}/login/callback`;
const NATIVE_REDIRECT = 'com.example.app:/callback';

/** Okta's IntrospectionResponse property names (okta-oauth.yaml), checked against the file when it is beside the repo. */
const OKTA_INTROSPECTION_FIELDS = ['active', 'aud', 'client_id', 'device_id', 'exp', 'iat', 'iss', 'jti', 'nbf', 'scope', 'sub', 'token_type', 'uid', 'username'];
const OKTA_OAUTH_SPEC = join(process.cwd(), '..', 'shared', 'reference', 'okta-openapi', 'okta-oauth.yaml');

interface Apps {
  web: { clientId: string; clientSecret: string };
  spa: { clientId: string };
  native: { clientId: string };
  service: { clientId: string; clientSecret: string };
  keyed: { clientId: string };
}

void describe("Okta's Node clients against the mock over https", () => {
  let dir: string;
  let idp: MockIdp;
  let apps: Apps;
  let servicePrivateKey: CryptoKey;
  const defaultIssuer = () => `${idp.url}/oauth2/default`;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-idp-clients-'));
    const keys = await generateKeyPair('RS256', { extractable: true });
    servicePrivateKey = keys.privateKey;
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kty: 'RSA', kid: 'service-key-1', use: 'sig', alg: 'RS256' };
    const tenant: TenantDocument = {
      users: [{ profile: { email: 'alice@example.com', firstName: 'Alice', lastName: 'Example' }, credentials: { password: { value: PASSWORD } } }],
      trustedOrigins: [{ name: 'SPA', origin: SPA_ORIGIN, scopes: [{ type: 'CORS' }, { type: 'REDIRECT' }] }],
      authorizationServers: { default: { scopes: [{ name: 'orders:read' }] } },
      apps: [
        {
          label: 'Web',
          signOnMode: 'OPENID_CONNECT',
          settings: { oauthClient: { redirect_uris: [WEB_REDIRECT], grant_types: ['authorization_code', 'refresh_token'] } },
          assignments: { users: ['alice@example.com'] },
        },
        {
          label: 'SPA',
          signOnMode: 'OPENID_CONNECT',
          settings: { oauthClient: { application_type: 'browser', redirect_uris: [SPA_REDIRECT], grant_types: ['authorization_code', 'refresh_token'] } },
          assignments: { users: ['alice@example.com'] },
        },
        {
          label: 'Native',
          signOnMode: 'OPENID_CONNECT',
          settings: { oauthClient: { application_type: 'native', redirect_uris: [NATIVE_REDIRECT] } },
          assignments: { users: ['alice@example.com'] },
        },
        { label: 'Service', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { application_type: 'service' } } },
        {
          label: 'Keyed service',
          signOnMode: 'OPENID_CONNECT',
          settings: { oauthClient: { application_type: 'service', jwks: { keys: [publicJwk] } } },
          credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
        },
      ],
    };
    idp = await createMockIdp({ https: true, stateDir: dir, tenant });
    trustCaInThisProcess(idp.ca!.certPem);
    const byLabel = new Map((await idp.control.listApps()).map((app) => [app.label, app.id]));
    const setupOf = (label: string) => idp.control.getOidcSetup(byLabel.get(label)!);
    const [web, spa, native, service, keyed] = await Promise.all([setupOf('Web'), setupOf('SPA'), setupOf('Native'), setupOf('Service'), setupOf('Keyed service')]);
    apps = { web: web!, spa: { clientId: spa!.clientId }, native: { clientId: native!.clientId }, service: service!, keyed: { clientId: keyed!.clientId } };
  });
  after(async () => {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** A code flow with PKCE in a test browser, signing in as Alice; returns the tokens. */
  async function signIn(config: oidcClient.Configuration, redirectUri: string, scope: string) {
    const verifier = oidcClient.randomPKCECodeVerifier();
    const state = oidcClient.randomState();
    const nonce = oidcClient.randomNonce();
    const url = oidcClient.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope,
      code_challenge: await oidcClient.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    const browser = new TestBrowser();
    const outcome = await browse(browser, url.href, 'alice@example.com');
    assert.ok(outcome.location?.startsWith(redirectUri), `the flow reached the app (${outcome.status} ${outcome.html.replace(/<style[\s\S]*<\/style>/, '').replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').slice(0, 300)})`);
    if (!outcome.location) throw new Error('no redirect');
    const tokens = await oidcClient.authorizationCodeGrant(config, new URL(outcome.location), { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce });
    return { tokens, nonce, browser };
  }

  const claimsOf = (jwt: string): Record<string, unknown> => JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;

  void test('web app: openid-client code flow with offline_access gets Okta JWT access tokens and a refresh token (STATIC: the same one again)', async () => {
    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.web.clientId, apps.web.clientSecret);
    const { tokens } = await signIn(config, WEB_REDIRECT, 'openid profile email offline_access');
    assert.ok(tokens.refresh_token, 'a refresh token for offline_access');
    const claims = claimsOf(tokens.access_token);
    assert.equal(claims['ver'], 1);
    assert.match(String(claims['jti']), /^AT\./);
    assert.equal(claims['iss'], defaultIssuer());
    assert.equal(claims['aud'], 'api://default');
    assert.equal(claims['cid'], apps.web.clientId);
    assert.equal(claims['sub'], 'alice@example.com');
    assert.match(String(claims['uid']), /^00u/);
    assert.deepEqual(claims['scp'], ['openid', 'profile', 'email', 'offline_access'].filter((scope) => (claims['scp'] as string[]).includes(scope)));
    assert.ok((claims['scp'] as string[]).includes('openid'));
    assert.ok(Number(claims['exp']) > Number(claims['iat']));
    const refreshed = await oidcClient.refreshTokenGrant(config, tokens.refresh_token);
    assert.notEqual(refreshed.access_token, tokens.access_token);
    assert.equal(refreshed.refresh_token ?? tokens.refresh_token, tokens.refresh_token, 'STATIC rotation keeps the refresh token (Okta web app default)');
    const userinfo = await oidcClient.fetchUserInfo(config, refreshed.access_token, claimsOf(tokens.id_token!)['sub'] as string);
    assert.equal(userinfo.email, 'alice@example.com');
  });

  void test('@okta/jwt-verifier verifies the id_token and the access token over https, without its test switch', async () => {
    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.web.clientId, apps.web.clientSecret);
    const { tokens, nonce } = await signIn(config, WEB_REDIRECT, 'openid profile email');
    const verifier = new OktaJwtVerifier({ issuer: defaultIssuer() });
    const access = await verifier.verifyAccessToken(tokens.access_token, 'api://default');
    assert.equal(access.claims['cid'], apps.web.clientId);
    assert.equal(access.claims.sub, 'alice@example.com');
    const id = await verifier.verifyIdToken(tokens.id_token!, apps.web.clientId, nonce);
    assert.equal(id.claims['email'], 'alice@example.com');
    await assert.rejects(verifier.verifyAccessToken(tokens.access_token, 'api://other'), 'another audience is refused');
    const [header, payload] = tokens.access_token.split('.');
    await assert.rejects(verifier.verifyAccessToken(`${header}.${payload}.${'A'.repeat(342)}`, 'api://default'), 'a bad signature is refused');
  });

  void test('SPA (browser app): a public client with PKCE and no secret; refresh tokens rotate at every use and an old one is refused', async () => {
    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.spa.clientId, undefined, oidcClient.None());
    const { tokens } = await signIn(config, SPA_REDIRECT, 'openid profile offline_access');
    assert.ok(tokens.refresh_token);
    const first = await oidcClient.refreshTokenGrant(config, tokens.refresh_token);
    assert.ok(first.refresh_token && first.refresh_token !== tokens.refresh_token, 'ROTATE: a new refresh token (Okta SPA default)');
    const again = await oidcClient.refreshTokenGrant(config, tokens.refresh_token).then(() => 'accepted', (error: { error?: string }) => error.error);
    assert.equal(again, 'invalid_grant');
    // Without PKCE the public client is refused at the authorization endpoint.
    const url = oidcClient.buildAuthorizationUrl(config, { redirect_uri: SPA_REDIRECT, scope: 'openid', state: 's' });
    const refused = await browse(new TestBrowser(), url.href, 'alice@example.com');
    assert.ok(refused.location?.includes('error=invalid_request'), `refused: ${refused.location ?? refused.status}`);
  });

  void test('native app: a public client with PKCE signs in to its private-use scheme redirect, and is not made to interact again', async () => {
    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.native.clientId, undefined, oidcClient.None());
    const { tokens, browser } = await signIn(config, NATIVE_REDIRECT, 'openid email');
    assert.equal(claimsOf(tokens.id_token!)['email'], 'alice@example.com');
    const url = oidcClient.buildAuthorizationUrl(config, {
      redirect_uri: NATIVE_REDIRECT,
      scope: 'openid',
      code_challenge: await oidcClient.calculatePKCECodeChallenge(oidcClient.randomPKCECodeVerifier()),
      code_challenge_method: 'S256',
      state: 's',
    });
    const second = await browse(browser, url.href);
    assert.ok(second.location?.startsWith(`${NATIVE_REDIRECT}?code=`), 'the Okta session answers at once, no consent step');
  });

  void test('service app: client_credentials with a custom scope of the default server; no user in the token; unknown scopes refused', async () => {
    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.service.clientId, apps.service.clientSecret);
    const tokens = await oidcClient.clientCredentialsGrant(config, { scope: 'orders:read' });
    const claims = claimsOf(tokens.access_token);
    assert.deepEqual({ sub: claims['sub'], cid: claims['cid'], scp: claims['scp'], uid: claims['uid'], aud: claims['aud'] }, { sub: apps.service.clientId, cid: apps.service.clientId, scp: ['orders:read'], uid: undefined, aud: 'api://default' });
    const verified = await new OktaJwtVerifier({ issuer: defaultIssuer() }).verifyAccessToken(tokens.access_token, 'api://default');
    assert.deepEqual(verified.claims['scp'], ['orders:read']);
    const unknown = await oidcClient.clientCredentialsGrant(config, { scope: 'orders:write' }).then(() => 'accepted', (error: { error?: string }) => error.error);
    assert.equal(unknown, 'invalid_scope');
  });

  void test('private_key_jwt at the org authorization server (the Okta SDK PrivateKey mode): okta.* scopes, the org as audience', async () => {
    const config = await oidcClient.discovery(new URL(idp.url), apps.keyed.clientId, undefined, oidcClient.PrivateKeyJwt({ key: servicePrivateKey, kid: 'service-key-1' }));
    const tokens = await oidcClient.clientCredentialsGrant(config, { scope: 'okta.users.read' }).catch((error: { error?: string; error_description?: string }) => {
      throw new Error(`${error.error}: ${error.error_description}`);
    });
    const verified = await new OktaJwtVerifier({ issuer: idp.url, jwksUri: `${idp.url}/oauth2/v1/keys` }).verifyAccessToken(tokens.access_token, idp.url);
    assert.deepEqual(verified.claims['scp'], ['okta.users.read']);
    // A key the app did not register is not accepted.
    const stranger = await generateKeyPair('RS256');
    const other = await oidcClient.discovery(new URL(idp.url), apps.keyed.clientId, undefined, oidcClient.PrivateKeyJwt({ key: stranger.privateKey, kid: 'service-key-1' }));
    const refused = await oidcClient.clientCredentialsGrant(other, { scope: 'okta.users.read' }).then(() => 'accepted', (error: { error?: string }) => error.error);
    assert.equal(refused, 'invalid_client');
  });

  void test("introspection answers Okta's fields for the JWT access token and the refresh token; revoking the JWT ends it", async () => {
    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.web.clientId, apps.web.clientSecret);
    const { tokens } = await signIn(config, WEB_REDIRECT, 'openid email offline_access');
    const access = await oidcClient.tokenIntrospection(config, tokens.access_token).catch((error: { error?: string; error_description?: string }) => {
      throw new Error(`${error.error}: ${error.error_description}`);
    });
    const jwtClaims = claimsOf(tokens.access_token);
    assert.equal(access.active, true);
    assert.deepEqual(
      { username: access['username'], sub: access.sub, uid: access['uid'], aud: access.aud, jti: access.jti, token_type: access.token_type, client_id: access.client_id, iss: access.iss },
      { username: 'alice@example.com', sub: 'alice@example.com', uid: jwtClaims['uid'], aud: 'api://default', jti: jwtClaims['jti'], token_type: 'Bearer', client_id: apps.web.clientId, iss: defaultIssuer() },
    );
    const refresh = await oidcClient.tokenIntrospection(config, tokens.refresh_token!);
    assert.equal(refresh.active, true);
    assert.equal(refresh['username'], 'alice@example.com');
    for (const answer of [access, refresh]) {
      for (const field of Object.keys(answer)) assert.ok(OKTA_INTROSPECTION_FIELDS.includes(field), `${field} is one of Okta's introspection fields`);
    }
    await oidcClient.tokenRevocation(config, tokens.access_token);
    assert.equal((await oidcClient.tokenIntrospection(config, tokens.access_token)).active, false);
    const edited = `${tokens.access_token.slice(0, -4)}AAAA`;
    assert.equal((await oidcClient.tokenIntrospection(config, edited)).active, false, 'a JWT the server did not issue is unknown');
  });

  void test("Okta's OpenAPI lists the introspection fields the test holds the mock to", { skip: existsSync(OKTA_OAUTH_SPEC) ? false : `no ${OKTA_OAUTH_SPEC}` }, () => {
    const spec = parseYaml(readFileSync(OKTA_OAUTH_SPEC, 'utf8')) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    assert.deepEqual(Object.keys(spec.components.schemas['IntrospectionResponse']?.properties ?? {}).sort(), [...OKTA_INTROSPECTION_FIELDS].sort());
  });

  void test('prompt=none without an Okta session answers login_required at the redirect URI', async () => {
    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.web.clientId, apps.web.clientSecret);
    const url = oidcClient.buildAuthorizationUrl(config, { redirect_uri: WEB_REDIRECT, scope: 'openid', state: 's', nonce: 'n', prompt: 'none' });
    const outcome = await browse(new TestBrowser(), url.href);
    assert.equal(new URL(outcome.location!).searchParams.get('error'), 'login_required');
  });

  void test('CORS: the token endpoint and /api/v1/sessions/me answer a trusted origin with credentials, and nothing to another origin', async () => {
    const preflight = (url: string, origin: string) =>
      fetch(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,x-okta-user-agent-extended' } });
    const trusted = await preflight(`${defaultIssuer()}/v1/token`, SPA_ORIGIN);
    assert.equal(trusted.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    assert.equal(trusted.headers.get('access-control-allow-credentials'), 'true');
    assert.match(trusted.headers.get('access-control-allow-headers') ?? '', /x-okta-user-agent-extended/);
    const stranger = await preflight(`${defaultIssuer()}/v1/token`, 'https://evil.example');
    assert.equal(stranger.headers.get('access-control-allow-origin'), null);
    const keys = await fetch(`${defaultIssuer()}/v1/keys`, { headers: { origin: 'https://evil.example' } });
    assert.equal(keys.status, 200);
    assert.equal(keys.headers.get('access-control-allow-origin'), null);

    const config = await oidcClient.discovery(new URL(defaultIssuer()), apps.web.clientId, apps.web.clientSecret);
    const { browser } = await signIn(config, WEB_REDIRECT, 'openid');
    const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const me = await fetch(`${idp.url}/api/v1/sessions/me`, { headers: { origin: SPA_ORIGIN, cookie } });
    assert.equal(me.status, 200);
    assert.equal(me.headers.get('access-control-allow-origin'), SPA_ORIGIN);
    const session = (await me.json()) as { status: string; login: string; userId: string };
    assert.deepEqual({ status: session.status, login: session.login }, { status: 'ACTIVE', login: 'alice@example.com' });
    const elsewhere = await fetch(`${idp.url}/api/v1/sessions/me`, { headers: { origin: 'https://evil.example', cookie } });
    assert.equal(elsewhere.headers.get('access-control-allow-origin'), null);
    const none = await fetch(`${idp.url}/api/v1/sessions/me`, { headers: { origin: SPA_ORIGIN } });
    assert.equal(none.status, 404);
    assert.equal(((await none.json()) as { errorCode: string }).errorCode, 'E0000007');
    assert.equal((await fetch(`${idp.url}/api/v1/sessions/me`, { method: 'DELETE', headers: { cookie } })).status, 204);
    assert.equal((await fetch(`${idp.url}/api/v1/sessions/me`, { headers: { cookie } })).status, 404, 'the session ended');
  });
});
