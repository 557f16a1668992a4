/**
 * The Management API subset over HTTP: Okta's shapes, SSWS auth, and Okta's error codes for bad
 * tokens, bad input and unknown ids. Plus POST /mock/v1/orgs on the host.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ControlApiError, OrgControlClient, createMockIdp, type MockIdp } from '../../index.ts';
import { codeOf } from '../support/refusal.ts';

void describe('Management API and org creation', () => {
  let idp: MockIdp;
  before(async () => {
    idp = await createMockIdp();
  });
  after(() => idp.close());

  void test('creates users, groups and a SAML app in Okta shapes with Okta ids', async () => {
    const user = await idp.control.createUser({ email: 'dana@example.com', firstName: 'Dana', lastName: 'Example', password: 'pw-123456' });
    assert.match(user.id, /^00u[0-9A-Za-z]{17}$/);
    assert.equal(user.status, 'ACTIVE');
    assert.equal(user.profile.login, 'dana@example.com');
    const group = await idp.control.createGroup({ name: 'Sales' });
    assert.match(group.id, /^00g[0-9A-Za-z]{17}$/);
    const app = await idp.control.createSamlApp({ label: 'My SP', signOn: { ssoAcsUrl: 'https://sp.test/acs', audience: 'https://sp.test' } });
    assert.match(app.id, /^0oa[0-9A-Za-z]{17}$/);
    assert.equal(app.signOnMode, 'SAML_2_0');
    assert.equal(app.status, 'ACTIVE');
    assert.equal(app.settings.signOn.recipient, 'https://sp.test/acs');
    assert.equal(app.settings.signOn.responseSigned, true);
    assert.equal(app.credentials.userNameTemplate.template, '${source.login}');
    assert.match(app._links.metadata.href, new RegExp(`/api/v1/apps/${app.id}/sso/saml/metadata$`));
    const appUser = await idp.control.assignUserToApp(app.id, user.id);
    assert.equal(appUser.scope, 'USER');
    assert.equal(appUser.credentials.userName, 'dana@example.com');
    await idp.control.addUserToGroup(group.id, (await idp.control.createUser({ email: 'eve@example.com', firstName: 'Eve', lastName: 'X', password: 'pw-123456' })).id);
    await idp.control.assignGroupToApp(app.id, group.id);
    const scopes = (await idp.control.listAppUsers(app.id)).map((assigned) => `${assigned.credentials.userName}:${assigned.scope}`).sort();
    assert.deepEqual(scopes, ['dana@example.com:USER', 'eve@example.com:GROUP']);
    assert.ok((await idp.control.listApps()).some((listed) => listed.id === app.id));
    assert.ok((await idp.control.listUsers()).some((listed) => listed.id === user.id));
  });

  void test('updateSamlApp changes the SSO URL and audience and keeps the rest', async () => {
    const app = await idp.control.createSamlApp({
      label: 'Temp SP',
      signOn: { ssoAcsUrl: 'https://example.com/temporary/acs', audience: 'https://example.com/temporary/audience', defaultRelayState: '/keep' },
    });
    const updated = await idp.control.updateSamlApp(app.id, { signOn: { ssoAcsUrl: 'https://sp.test/real/acs', recipient: 'https://sp.test/real/acs', destination: 'https://sp.test/real/acs', audience: 'urn:sp' } });
    assert.equal(updated.settings.signOn.ssoAcsUrl, 'https://sp.test/real/acs');
    assert.equal(updated.settings.signOn.destination, 'https://sp.test/real/acs');
    assert.equal(updated.settings.signOn.audience, 'urn:sp');
    assert.equal(updated.settings.signOn.defaultRelayState, '/keep');
    const setup = await idp.control.getSamlSetup(app.id);
    assert.match(setup.issuer, /^http:\/\/www\.okta\.com\/exk[0-9A-Za-z]{17}$/);
    assert.ok(setup.ssoUrl.startsWith(`${idp.url}/app/`));
    assert.match(setup.certificatePem, /^-----BEGIN CERTIFICATE-----\n/);
    const metadata = await fetch(setup.metadataUrl);
    assert.equal(metadata.status, 200);
    assert.match(await metadata.text(), /WantAuthnRequestsSigned="false"/);
  });

  void test('a missing or wrong token is 401 E0000011', async () => {
    assert.deepEqual(await codeOf(new OrgControlClient(idp.url, 'wrong-token').listUsers()), { status: 401, errorCode: 'E0000011' });
    const bare = await fetch(`${idp.url}/api/v1/users`);
    assert.equal(bare.status, 401);
    const body = (await bare.json()) as Record<string, unknown>;
    assert.equal(body['errorCode'], 'E0000011');
    assert.deepEqual(Object.keys(body).sort(), ['errorCauses', 'errorCode', 'errorId', 'errorLink', 'errorSummary']);
  });

  void test('invalid input is 400 E0000001 naming the field', async () => {
    try {
      await idp.control.createSamlApp({ label: 'Bad', signOn: { ssoAcsUrl: 'not a url', audience: 'x' } });
      assert.fail('accepted a relative ssoAcsUrl');
    } catch (error) {
      assert.ok(error instanceof ControlApiError);
      assert.equal(error.status, 400);
      assert.equal(error.errorCode, 'E0000001');
      assert.ok(error.errorCauses.some((cause) => cause.startsWith('settings.signOn.ssoAcsUrl')));
    }
    assert.deepEqual(await codeOf(idp.control.createUser({ email: 'not-an-email', firstName: 'A', lastName: 'B', password: 'x' })), { status: 400, errorCode: 'E0000001' });
    assert.deepEqual(await codeOf(idp.control.createUser({ email: 'dup@example.com', firstName: 'A', lastName: 'B', password: 'x' }).then(() => idp.control.createUser({ email: 'dup@example.com', firstName: 'A', lastName: 'B', password: 'x' }))), {
      status: 400,
      errorCode: 'E0000001',
    });
  });

  void test('malformed JSON is 400 E0000001 and the server keeps answering', async () => {
    const response = await fetch(`${idp.url}/api/v1/users`, {
      method: 'POST',
      headers: { authorization: `SSWS ${idp.org.apiToken}`, 'content-type': 'application/json' },
      body: '{"profile": ',
    });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { errorCode: string }).errorCode, 'E0000001');
    assert.ok(Array.isArray(await idp.control.listUsers()));
  });

  void test('unknown ids are 404 E0000007', async () => {
    assert.deepEqual(await codeOf(idp.control.getApp('0oa00000000000000000')), { status: 404, errorCode: 'E0000007' });
    assert.deepEqual(await codeOf(idp.control.getUser('00u00000000000000000')), { status: 404, errorCode: 'E0000007' });
    const app = (await idp.control.listApps())[0]!;
    assert.deepEqual(await codeOf(idp.control.assignUserToApp(app.id, '00u00000000000000000')), { status: 404, errorCode: 'E0000007' });
    assert.deepEqual(await codeOf(idp.control.assignGroupToApp(app.id, '00g00000000000000000')), { status: 404, errorCode: 'E0000007' });
  });

  void test('POST /mock/v1/orgs makes an isolated org on its own origin with its own token', async () => {
    const response = await fetch(`${idp.url}/mock/v1/orgs`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'dev-a1b2c3d4' }) });
    assert.equal(response.status, 201);
    const org = (await response.json()) as { id: string; name: string; baseUrl: string; apiToken: string };
    assert.equal(org.name, 'dev-a1b2c3d4');
    assert.match(org.id, /^00o/);
    assert.notEqual(new URL(org.baseUrl).port, new URL(idp.url).port);
    assert.equal(new URL(org.baseUrl).hostname, '127.0.0.1');
    const client = new OrgControlClient(org.baseUrl, org.apiToken);
    assert.deepEqual(await client.listUsers(), []);
    await client.createUser({ email: 'only-here@example.com', firstName: 'O', lastName: 'H', password: 'pw' });
    assert.ok(!(await idp.control.listUsers()).some((user) => user.profile.login === 'only-here@example.com'));
    assert.deepEqual(await codeOf(new OrgControlClient(org.baseUrl, idp.org.apiToken).listUsers()), { status: 401, errorCode: 'E0000011' });
  });

  void test('POST /mock/v1/orgs with a tenant document builds it, and refuses a broken one with E0000001', async () => {
    const tenant = {
      users: [{ profile: { email: 't@example.com', firstName: 'T', lastName: 'U' }, credentials: { password: { value: 'pw' } } }],
      apps: [{ label: 'App', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: 'https://sp.test/acs', audience: 'urn:sp' } }, assignments: { users: ['t@example.com'] } }],
    };
    const org = await idp.createOrg({ tenant: tenant as never });
    const client = new OrgControlClient(org.baseUrl, org.apiToken);
    const [app] = await client.listApps();
    assert.equal((await client.listAppUsers(app!.id)).length, 1);
    const broken = await fetch(`${idp.url}/mock/v1/orgs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ tenant: { apps: [{ label: 'App', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: '/relative', audience: 'a' } } }] } }),
    });
    assert.equal(broken.status, 400);
    assert.equal(((await broken.json()) as { errorCode: string }).errorCode, 'E0000001');
  });
});
