/**
 * OIDC app integrations through the Management API and the control client: Okta's JSON shape and
 * defaults, read-merge-PUT updates, assignments, and E0000001 naming the bad field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMockIdp, type CreateOidcAppInput, type MockIdp } from '../../index.ts';
import { refusalOf } from '../support/refusal.ts';

const REDIRECT = 'https://rp.example.test/callback';

async function causeOf(promise: Promise<unknown>): Promise<{ status: number; errorCode: string | undefined; causes: string[] }> {
  const { status, errorCode, errorCauses } = await refusalOf(promise);
  return { status, errorCode, causes: errorCauses };
}

void describe('OIDC apps in the Management API', () => {
  let idp: MockIdp;
  before(async () => {
    idp = await createMockIdp();
  });
  after(() => idp.close());

  const create = (oauthClient: CreateOidcAppInput['oauthClient'], extra: Partial<CreateOidcAppInput> = {}) =>
    idp.control.createOidcApp({ label: 'RP', oauthClient: { redirect_uris: [REDIRECT], ...oauthClient }, ...extra });

  void test('a new web app has Okta’s shape, its id as client id, a generated secret and Okta’s defaults', async () => {
    const app = await create({});
    assert.match(app.id, /^0oa[0-9A-Za-z]{17}$/);
    assert.equal(app.signOnMode, 'OPENID_CONNECT');
    assert.equal(app.name, 'oidc_client');
    assert.equal(app.credentials.oauthClient.client_id, app.id);
    assert.match(app.credentials.oauthClient.client_secret ?? '', /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(app.credentials.oauthClient.token_endpoint_auth_method, 'client_secret_basic');
    assert.equal(app.credentials.oauthClient.pkce_required, false);
    const { oauthClient } = app.settings;
    assert.deepEqual(oauthClient.grant_types, ['authorization_code']);
    assert.deepEqual(oauthClient.response_types, ['code']);
    assert.equal(oauthClient.application_type, 'web');
    assert.equal(oauthClient.consent_method, 'TRUSTED');
    assert.deepEqual(oauthClient.idp_initiated_login, { mode: 'DISABLED', default_scope: [] });
    assert.deepEqual(await idp.control.getApp(app.id), app);
    assert.ok((await idp.control.listApps()).some((listed) => listed.id === app.id));
  });

  void test('updateOidcApp merges: a new redirect URI keeps the secret, then the SPEC and OKTA login flows', async () => {
    const app = await create({ post_logout_redirect_uris: ['https://rp.example.test/bye'] });
    const moved = await idp.control.updateOidcApp(app.id, { oauthClient: { redirect_uris: ['https://rp.example.test/cb2'] } });
    assert.deepEqual(moved.settings.oauthClient.redirect_uris, ['https://rp.example.test/cb2']);
    assert.deepEqual(moved.settings.oauthClient.post_logout_redirect_uris, ['https://rp.example.test/bye']);
    assert.equal(moved.credentials.oauthClient.client_secret, app.credentials.oauthClient.client_secret);
    const spec = await idp.control.updateOidcApp(app.id, {
      label: 'RP renamed',
      oauthClient: { initiate_login_uri: 'http://127.0.0.1:9/login', idp_initiated_login: { mode: 'SPEC', default_scope: [] } },
    });
    assert.equal(spec.label, 'RP renamed');
    assert.equal(spec.settings.oauthClient.initiate_login_uri, 'http://127.0.0.1:9/login');
    assert.equal(spec.settings.oauthClient.idp_initiated_login.mode, 'SPEC');
    const okta = await idp.control.updateOidcApp(app.id, {
      oauthClient: { grant_types: ['authorization_code', 'implicit'], response_types: ['code', 'id_token'], idp_initiated_login: { mode: 'OKTA', default_scope: [] } },
    });
    assert.equal(okta.settings.oauthClient.idp_initiated_login.mode, 'OKTA');
    assert.deepEqual(okta.settings.oauthClient.grant_types, ['authorization_code', 'implicit']);
    const publicClient = await idp.control.updateOidcApp(app.id, { credentials: { token_endpoint_auth_method: 'none' } });
    assert.equal(publicClient.credentials.oauthClient.pkce_required, true);
    assert.equal(publicClient.credentials.oauthClient.client_secret, undefined);
  });

  void test('users and groups are assigned to an OIDC app as to a SAML app; it has no SAML metadata', async () => {
    const app = await create({});
    const user = await idp.control.createUser({ email: 'oidc-user@example.com', firstName: 'O', lastName: 'U', password: 'pw-123456' });
    const member = await idp.control.createUser({ email: 'oidc-member@example.com', firstName: 'O', lastName: 'M', password: 'pw-123456' });
    const group = await idp.control.createGroup({ name: 'OIDC people' });
    await idp.control.addUserToGroup(group.id, member.id);
    assert.equal((await idp.control.assignUserToApp(app.id, user.id)).scope, 'USER');
    await idp.control.assignGroupToApp(app.id, group.id);
    const scopes = (await idp.control.listAppUsers(app.id)).map((assigned) => `${assigned.credentials.userName}:${assigned.scope}`).sort();
    assert.deepEqual(scopes, ['oidc-member@example.com:GROUP', 'oidc-user@example.com:USER']);
    assert.deepEqual(await causeOf(idp.control.getSamlMetadata(app.id)).then(({ status, errorCode }) => ({ status, errorCode })), { status: 404, errorCode: 'E0000007' });
    assert.equal((await causeOf(idp.control.updateSamlApp(app.id, { label: 'x' }))).status, 400);
  });

  void test('each invalid OIDC setting is 400 E0000001 naming its field', async () => {
    const at = 'settings.oauthClient';
    const cases: [Promise<unknown>, string][] = [
      [create({ redirect_uris: ['not-a-url'] }), `${at}.redirect_uris[0]`],
      [create({ redirect_uris: ['https://rp.example.test/cb#fragment'] }), `${at}.redirect_uris[0]`],
      [create({ redirect_uris: [] }), `${at}.redirect_uris`],
      [create({ post_logout_redirect_uris: ['/relative'] }), `${at}.post_logout_redirect_uris[0]`],
      [create({ grant_types: ['password'] }), `${at}.grant_types[0]`],
      [create({ grant_types: ['authorization_code'], response_types: ['code', 'id_token'] }), `${at}.response_types`],
      [create({ grant_types: ['implicit', 'refresh_token'], response_types: ['id_token'] }), `${at}.grant_types`],
      [create({ application_type: 'desktop' as 'web' }), `${at}.application_type`],
      [create({ application_type: 'browser' }, { credentials: { token_endpoint_auth_method: 'client_secret_basic' } }), 'credentials.oauthClient.token_endpoint_auth_method'],
      [create({ application_type: 'browser', grant_types: ['authorization_code', 'client_credentials'] }), `${at}.grant_types`],
      [create({ application_type: 'service', grant_types: ['client_credentials', 'authorization_code'] }), `${at}.grant_types`],
      [create({}, { credentials: { token_endpoint_auth_method: 'private_key_jwt' } }), 'credentials.oauthClient.token_endpoint_auth_method'],
      [create({ jwks: { keys: [{ kty: 'RSA', n: 'x', e: 'AQAB', d: 'secret' }] } }), `${at}.jwks.keys[0]`],
      [create({ refresh_token: { rotation_type: 'SOMETIMES' as 'ROTATE', leeway: 30 } }), `${at}.refresh_token.rotation_type`],
      [create({ refresh_token: { rotation_type: 'ROTATE', leeway: 61 } }), `${at}.refresh_token.leeway`],
      [create({ idp_initiated_login: { mode: 'SPEC', default_scope: [] } }), `${at}.initiate_login_uri`],
      [create({ initiate_login_uri: 'relative/login', idp_initiated_login: { mode: 'SPEC', default_scope: [] } }), `${at}.initiate_login_uri`],
      [create({ idp_initiated_login: { mode: 'OKTA', default_scope: [] } }), `${at}.grant_types`],
      [create({ idp_initiated_login: { mode: 'SOMETIMES' as 'SPEC', default_scope: [] } }), `${at}.idp_initiated_login.mode`],
      [create({}, { credentials: { token_endpoint_auth_method: 'none', pkce_required: false } }), 'credentials.oauthClient.pkce_required'],
      [create({}, { name: 'my_app' }), 'name'],
    ];
    for (const [call, path] of cases) {
      const { status, errorCode, causes } = await causeOf(call);
      assert.equal(status, 400, path);
      assert.equal(errorCode, 'E0000001', path);
      assert.ok(causes.some((cause) => cause.startsWith(`${path}:`)), `expected a cause at ${path}, got ${JSON.stringify(causes)}`);
    }
  });

  void test('a PUT cannot change the kind of an app, and a bad update names the field', async () => {
    const app = await create({});
    const changeKind = await fetch(`${idp.url}/api/v1/apps/${app.id}`, {
      method: 'PUT',
      headers: { authorization: `SSWS ${idp.org.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: 'https://sp.test/acs', audience: 'a' } } }),
    });
    assert.equal(changeKind.status, 400);
    const body = (await changeKind.json()) as { errorCode: string; errorCauses: { errorSummary: string }[] };
    assert.equal(body.errorCode, 'E0000001');
    assert.ok(body.errorCauses[0]?.errorSummary.startsWith('signOnMode:'));
    const bad = await causeOf(idp.control.updateOidcApp(app.id, { oauthClient: { idp_initiated_login: { mode: 'SPEC', default_scope: [] } } }));
    assert.equal(bad.errorCode, 'E0000001');
    assert.ok(bad.causes.some((cause) => cause.startsWith('settings.oauthClient.initiate_login_uri:')));
    assert.equal((await idp.control.getApp(app.id)).label, 'RP', 'a refused update changes nothing');
  });
});
