/**
 * What express itself refuses is answered with a code, on every route: a path segment with bad
 * percent-encoding (each route with a `:param`), a body that is malformed, too large or in another
 * charset. And app names: many OIDC apps share `oidc_client`, a SAML app's chosen name is unique.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ControlApiError, createMockIdp, type MockIdp } from '../../index.ts';
import { errorCodeOf } from '../support/browser.ts';

/** Every route of an org with a `:param`, with a segment of bad percent-encoding in its place. */
const BAD = ['%ZZ', '%E0%A4%A', '%', '%C0%AF'];
const BROWSER_PATHS = (bad: string, app: { name: string; id: string; externalKey: string }): string[] => [
  `/app/${bad}/${app.externalKey}/sso/saml`,
  `/app/${app.name}/${bad}/sso/saml`,
  `/app/${bad}/sso/saml/metadata`,
  `/home/${bad}/${app.id}/launch`,
  `/home/${app.name}/${bad}/launch`,
  `/home/${app.name}/${app.id}/${bad}`,
  `/oauth2/v1/interaction/${bad}`,
  `/oauth2/default/v1/interaction/${bad}`,
];
const API_PATHS = (bad: string, appId: string): [string, string][] => [
  ['GET', `/api/v1/apps/${bad}`],
  ['PUT', `/api/v1/apps/${bad}`],
  ['POST', `/api/v1/apps/${bad}/lifecycle/activate`],
  ['POST', `/api/v1/apps/${appId}/lifecycle/${bad}`],
  ['GET', `/api/v1/apps/${bad}/users`],
  ['POST', `/api/v1/apps/${bad}/users`],
  ['GET', `/api/v1/apps/${appId}/users/${bad}`],
  ['PUT', `/api/v1/apps/${appId}/groups/${bad}`],
  ['GET', `/api/v1/apps/${bad}/groups`],
  ['GET', `/api/v1/apps/${bad}/sso/saml/metadata`],
  ['GET', `/api/v1/users/${bad}`],
  ['GET', `/api/v1/groups/${bad}`],
  ['GET', `/api/v1/groups/${bad}/users`],
  ['PUT', `/api/v1/groups/${bad}/users/${bad}`],
];

void describe('requests express refuses get a coded answer on every route', () => {
  let idp: MockIdp;
  let app: { name: string; id: string; externalKey: string };
  before(async () => {
    idp = await createMockIdp();
    const saml = await idp.control.createSamlApp({ label: 'Bad requests', signOn: { ssoAcsUrl: 'https://sp.test/acs', audience: 'https://sp.test' } });
    app = { name: saml.name, id: saml.id, externalKey: saml.settings.signOn.idpIssuer.split('/').pop()! };
  });
  after(() => idp.close());

  void test('a path segment with bad percent-encoding is 400 IDP_REQUEST_INVALID on every browser route', async () => {
    for (const bad of BAD) {
      for (const path of BROWSER_PATHS(bad, app)) {
        const response = await fetch(idp.url + path, { redirect: 'manual' });
        assert.equal(response.status, 400, path);
        assert.equal(errorCodeOf(await response.text()), 'IDP_REQUEST_INVALID', path);
      }
    }
  });

  void test('a path segment with bad percent-encoding is 400 E0000001 on every /api/v1 resource', async () => {
    for (const bad of BAD) {
      for (const [method, path] of API_PATHS(bad, app.id)) {
        const response = await fetch(idp.url + path, {
          method,
          headers: { authorization: `SSWS ${idp.org.apiToken}`, 'content-type': 'application/json' },
          ...(method === 'GET' ? {} : { body: '{}' }),
        });
        assert.equal(response.status, 400, `${method} ${path}`);
        assert.equal(((await response.json()) as { errorCode: string }).errorCode, 'E0000001', `${method} ${path}`);
      }
    }
  });

  void test('a JSON body too large is 413 E0000001, and one in an unknown charset 415 E0000001', async () => {
    const post = (body: string, type = 'application/json') =>
      fetch(`${idp.url}/api/v1/groups`, { method: 'POST', headers: { authorization: `SSWS ${idp.org.apiToken}`, 'content-type': type }, body });
    const large = await post(JSON.stringify({ profile: { name: 'x'.repeat(300 * 1024) } }));
    assert.deepEqual([large.status, ((await large.json()) as { errorCode: string }).errorCode], [413, 'E0000001']);
    const charset = await post('{}', 'application/json; charset=klingon');
    assert.deepEqual([charset.status, ((await charset.json()) as { errorCode: string }).errorCode], [415, 'E0000001']);
  });

  void test('a sign-in form too large is 413 IDP_REQUEST_TOO_LARGE', async () => {
    const response = await fetch(`${idp.url}/login/login.htm`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: `username=a&password=${'x'.repeat(100 * 1024)}`,
    });
    assert.equal(response.status, 413);
    assert.equal(errorCodeOf(await response.text()), 'IDP_REQUEST_TOO_LARGE');
  });
});

void describe('app names', () => {
  let idp: MockIdp;
  before(async () => {
    idp = await createMockIdp();
  });
  after(() => idp.close());

  const errorOf = async (promise: Promise<unknown>): Promise<{ status: number; errorCode: string | undefined; causes: string }> => {
    try {
      await promise;
    } catch (error) {
      assert.ok(error instanceof ControlApiError, String(error));
      return { status: error.status, errorCode: error.errorCode, causes: error.errorCauses.join("\n") };
    }
    assert.fail('the call succeeded');
  };

  void test('many OIDC apps share the name oidc_client, as in Okta', async () => {
    const oauthClient = { redirect_uris: ['https://sp.test/callback'] };
    const first = await idp.control.createOidcApp({ label: 'One', oauthClient });
    const second = await idp.control.createOidcApp({ label: 'Two', oauthClient });
    assert.equal(first.name, 'oidc_client');
    assert.equal(second.name, 'oidc_client');
    assert.notEqual(first.id, second.id);
  });

  void test('a SAML app given a name another SAML app has is 400 E0000001 on name, and the API keeps answering', async () => {
    const signOn = { ssoAcsUrl: 'https://sp.test/acs', audience: 'https://sp.test' };
    await idp.control.createSamlApp({ label: 'First', name: 'acme_saml', signOn });
    const duplicate = await errorOf(idp.control.createSamlApp({ label: 'Second', name: 'acme_saml', signOn }));
    assert.equal(duplicate.status, 400);
    assert.equal(duplicate.errorCode, 'E0000001');
    assert.match(duplicate.causes, /^name: /m);
    // oidc_client is the OIDC apps' name, not one a SAML app can take.
    const reserved = await errorOf(idp.control.createSamlApp({ label: 'Third', name: 'oidc_client', signOn }));
    assert.deepEqual([reserved.status, reserved.errorCode], [400, 'E0000001']);
    assert.equal((await idp.control.listApps()).filter((app) => app.label !== 'One' && app.label !== 'Two').length, 1);
  });
});
