/**
 * The Okta SDK's PrivateKey mode, unchanged: a service app with private_key_jwt gets an access token
 * from the org authorization server (client_credentials, okta.* scopes) and calls /api/v1 with
 * `Authorization: Bearer …`, which the mock honours as Okta does — the scopes decide what the token
 * may do (okta.X.read for reads, okta.X.manage for everything), and a token that is not the org
 * server's, has expired or was revoked is refused with Okta's codes.
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import okta from '@okta/okta-sdk-nodejs';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { createMockIdp, type MockIdp, type TenantDocument } from '../../index.ts';

const KID = 'sdk-service-key';

void describe("@okta/okta-sdk-nodejs in PrivateKey mode: /api/v1 with the org authorization server's access tokens", () => {
  let idp: MockIdp;
  let privateKey: CryptoKey;
  let privateJwk: JWK;
  let serviceClientId: string;
  let defaultServiceClientId: string;
  let defaultServiceSecret: string;
  let now = Date.now();

  before(async () => {
    const keys = await generateKeyPair('RS256', { extractable: true });
    privateKey = keys.privateKey;
    privateJwk = { ...(await exportJWK(keys.privateKey)), kid: KID, alg: 'RS256' };
    const publicJwk = { ...(await exportJWK(keys.publicKey)), kty: 'RSA', kid: KID, alg: 'RS256', use: 'sig' };
    const tenant: TenantDocument = {
      org: { name: 'dev-sdk-keys' },
      users: [{ profile: { login: 'alice@example.com', email: 'alice@example.com', firstName: 'Alice', lastName: 'Example' }, credentials: { password: { value: 'Alice-Password-1!' } } }],
      apps: [
        {
          label: 'Provisioning service',
          signOnMode: 'OPENID_CONNECT',
          settings: { oauthClient: { application_type: 'service', jwks: { keys: [publicJwk] } } },
          credentials: { oauthClient: { token_endpoint_auth_method: 'private_key_jwt' } },
        },
        { label: 'Orders service', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { application_type: 'service' } } },
      ],
      authorizationServers: { default: { scopes: [{ name: 'orders:read' }] } },
    };
    idp = await createMockIdp({ tenant, clock: () => new Date(now) });
    const byLabel = new Map((await idp.control.listApps()).map((app) => [app.label, app.id]));
    serviceClientId = (await idp.control.getOidcSetup(byLabel.get('Provisioning service')!)).clientId;
    const orders = await idp.control.getOidcSetup(byLabel.get('Orders service')!);
    defaultServiceClientId = orders.clientId;
    defaultServiceSecret = orders.clientSecret;
  });
  after(async () => {
    await idp.close();
  });

  const sdkClient = (scopes: string): okta.Client =>
    new okta.Client({ orgUrl: idp.url, authorizationMode: 'PrivateKey', clientId: serviceClientId, scopes: scopes.split(' '), privateKey: privateJwk, keyId: KID });

  /** The service app's private_key_jwt client assertion for an endpoint of the org server. */
  const clientAssertion = (endpoint: 'token' | 'revoke'): Promise<string> =>
    new SignJWT({ jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid: KID })
      .setIssuer(serviceClientId)
      .setSubject(serviceClientId)
      .setAudience(`${idp.url}/oauth2/v1/${endpoint}`)
      .setIssuedAt()
      .setExpirationTime('5m')
      .sign(privateKey);

  /** An access token of the org server for the service app, as the SDK gets one. */
  async function orgAccessToken(scope: string): Promise<string> {
    const assertion = await clientAssertion('token');
    const answer = await fetch(`${idp.url}/oauth2/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
    });
    const body = (await answer.json()) as { access_token?: string; error?: string };
    assert.equal(answer.status, 200, JSON.stringify(body));
    return body.access_token!;
  }

  async function api(path: string, authorization: string, init: RequestInit = {}): Promise<{ status: number; code: unknown; challenge: string | null }> {
    const answer = await fetch(`${idp.url}${path}`, { ...init, headers: { accept: 'application/json', 'content-type': 'application/json', authorization } });
    const body = (await answer.json().catch(() => ({}))) as { errorCode?: string };
    return { status: answer.status, code: body.errorCode, challenge: answer.headers.get('www-authenticate') };
  }

  void test('the SDK lists users and makes groups with okta.users.read okta.groups.manage, and is refused what its scopes do not cover', async () => {
    const client = sdkClient('okta.users.read okta.groups.manage');
    const users: okta.User[] = [];
    await (await client.userApi.listUsers()).each((user) => {
      users.push(user);
    });
    assert.deepEqual(users.map((user) => user.profile?.login), ['alice@example.com']);
    const group = await client.groupApi.createGroup({ group: { profile: { name: 'Made by the SDK', description: 'PrivateKey mode' } } });
    assert.equal(group.profile?.name, 'Made by the SDK');
    const refused = await client.userApi
      .createUser({ body: { profile: { firstName: 'No', lastName: 'Scope', email: 'no@example.com', login: 'no@example.com' } } })
      .then(() => undefined, (error: { status?: number; errorCode?: string }) => error);
    assert.equal(refused?.status, 403);
    assert.equal(refused?.errorCode, 'E0000006');
  });

  void test('okta.X.read allows reads only; okta.X.manage allows reads too; Okta answers insufficient_scope with the scope it needs', async () => {
    const reader = `Bearer ${await orgAccessToken('okta.apps.read')}`;
    assert.equal((await api('/api/v1/apps', reader)).status, 200);
    const write = await api('/api/v1/groups', reader, { method: 'POST', body: JSON.stringify({ profile: { name: 'x' } }) });
    assert.deepEqual({ status: write.status, code: write.code }, { status: 403, code: 'E0000006' });
    assert.match(write.challenge ?? '', /error="insufficient_scope"/);
    assert.match(write.challenge ?? '', /scope="okta\.groups\.manage"/);
    const manager = `Bearer ${await orgAccessToken('okta.groups.manage')}`;
    assert.equal((await api('/api/v1/groups', manager)).status, 200);
    assert.equal((await api('/api/v1/users', manager)).status, 403);
  });

  void test('a token the org server did not issue, one from the default server, a revoked one and an expired one are E0000011', async () => {
    const token = await orgAccessToken('okta.users.read');
    const edited = `${token.slice(0, -6)}AAAAAA`;
    for (const authorization of [`Bearer ${edited}`, 'Bearer not-a-token', 'Bearer ', `SSWS ${token}`]) {
      const answer = await api('/api/v1/users', authorization);
      assert.deepEqual({ status: answer.status, code: answer.code }, { status: 401, code: 'E0000011' }, authorization.slice(0, 20));
    }

    const fromDefault = await fetch(`${idp.url}/oauth2/default/v1/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${defaultServiceClientId}:${defaultServiceSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials', scope: 'orders:read' }),
    });
    const { access_token: customToken } = (await fromDefault.json()) as { access_token: string };
    assert.equal((await api('/api/v1/users', `Bearer ${customToken}`)).status, 401, 'an access token for api://default is not for the Management API');

    const revoked = await orgAccessToken('okta.users.read');
    assert.equal((await api('/api/v1/users', `Bearer ${revoked}`)).status, 200);
    const assertion = await clientAssertion('revoke');
    const revocation = await fetch(`${idp.url}/oauth2/v1/revoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: revoked, client_id: serviceClientId, client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion }),
    });
    assert.equal(revocation.status, 200);
    assert.equal((await api('/api/v1/users', `Bearer ${revoked}`)).status, 401, 'a revoked token');

    const expiring = await orgAccessToken('okta.users.read');
    assert.equal((await api('/api/v1/users', `Bearer ${expiring}`)).status, 200);
    now += 3601_000;
    assert.equal((await api('/api/v1/users', `Bearer ${expiring}`)).status, 401, 'an expired token');
  });

  void test("the mock's own control API (/mock/v1) takes only the SSWS token", async () => {
    now = Date.now();
    const token = await orgAccessToken('okta.users.manage okta.apps.manage');
    assert.equal((await api('/mock/v1/faults', `Bearer ${token}`)).status, 401);
    assert.equal((await api('/mock/v1/faults', `SSWS ${idp.org.apiToken}`)).status, 200);
  });
});
