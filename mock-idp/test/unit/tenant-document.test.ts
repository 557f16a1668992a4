/** Tenant files: the example loads; each class of broken file is IDP_TENANT_INVALID naming the field. */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { IdpError } from '../../src/errors.ts';
import { applyTenant, checkTenant, loadTenantFile } from '../../src/tenant/tenant-document.ts';
import { OrgStore } from '../../src/tenant/org-store.ts';

const EXAMPLE = fileURLToPath(new URL('../../examples/tenant.yaml', import.meta.url));

/** A fresh folder for one test's files, removed when that test ends so runs leave nothing in tmp. */
async function tempFolder(t: TestContext): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'tenant-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

function refusal(run: () => unknown): IdpError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof IdpError);
    return error;
  }
  assert.fail('the document was accepted');
}

const user = (email: string) => ({ profile: { email, firstName: 'F', lastName: 'L' }, credentials: { password: { value: 'pw' } } });
const samlApp = (signOn: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  label: 'App',
  signOnMode: 'SAML_2_0',
  settings: { signOn: { ssoAcsUrl: 'https://sp.test/acs', audience: 'urn:sp', ...signOn } },
  ...extra,
});

void describe('tenant documents', () => {
  void test('the example tenant loads and builds users, a group and an assigned app', async () => {
    const tenant = await loadTenantFile(EXAMPLE);
    const store = new OrgStore(tenant.org.name!, () => new Date());
    await applyTenant(store, tenant);
    const [app] = store.listApps();
    assert.ok(app);
    const assigned = store.appUsers(app).map(({ user: assignedUser, scope }) => `${assignedUser.profile.login}:${scope}`).sort();
    assert.deepEqual(assigned, ['alice@example.com:USER', 'carol@example.com:GROUP']);
    assert.equal(store.assignmentOf(app, store.findUserByLogin('bob@example.com')!), undefined);
  });

  void test('each class of mistake is IDP_TENANT_INVALID with the path of the bad field', () => {
    const cases: [unknown, string][] = [
      [[], '(document)'],
      [{ userz: [] }, 'userz'],
      [{ users: {} }, 'users'],
      [{ users: [{ profile: { firstName: 'F', lastName: 'L' }, credentials: { password: { value: 'p' } } }] }, 'users[0].profile.email'],
      [{ users: [{ ...user('a@example.com'), credentials: {} }] }, 'users[0].credentials.password.value'],
      [{ users: [{ ...user('a@example.com'), status: 'LOCKED' }] }, 'users[0].status'],
      [{ users: [user('a@example.com'), user('A@example.com')] }, 'users[1].profile.login'],
      [{ groups: [{ profile: { name: 'G' }, members: ['ghost@example.com'] }] }, 'groups[0].members[0]'],
      [{ apps: [samlApp({ ssoAcsUrl: 'relative/acs' })] }, 'apps[0].settings.signOn.ssoAcsUrl'],
      [{ apps: [samlApp({ audience: '' })] }, 'apps[0].settings.signOn.audience'],
      [{ apps: [samlApp({ subjectNameIdFormat: 'email' })] }, 'apps[0].settings.signOn.subjectNameIdFormat'],
      [{ apps: [samlApp({ responseSigned: 'yes' })] }, 'apps[0].settings.signOn.responseSigned'],
      [{ apps: [samlApp({ attributeStatements: [{ type: 'EXPRESSION', name: 'x', values: ['user.secret'] }] })] }, 'apps[0].settings.signOn.attributeStatements[0].values[0]'],
      [{ apps: [samlApp({ acsEndpoints: [{ url: 'nope', index: 0 }] })] }, 'apps[0].settings.signOn.acsEndpoints[0].url'],
      [{ apps: [samlApp({}, { signOnMode: 'WS_FEDERATION' })] }, 'apps[0].signOnMode'],
      [{ apps: [samlApp({}, { credentials: { userNameTemplate: { template: '${source.nope}' } } })] }, 'apps[0].credentials.userNameTemplate.template'],
      [{ apps: [samlApp({}, { assignments: { users: ['ghost@example.com'] } })] }, 'apps[0].assignments.users[0]'],
      [{ apps: [samlApp({}, { assignments: { groups: ['Ghosts'] } })] }, 'apps[0].assignments.groups[0]'],
      [{ org: { name: 'Not Valid' } }, 'org.name'],
    ];
    for (const [document, path] of cases) {
      const error = refusal(() => checkTenant(document));
      assert.equal(error.code, 'IDP_TENANT_INVALID', path);
      assert.ok(error.message.startsWith(`${path}:`), `expected the path ${path}, got "${error.message}"`);
    }
  });

  void test('a file that is missing or not YAML is IDP_TENANT_INVALID, never a crash', async (t) => {
    const folder = await tempFolder(t);
    const broken = join(folder, 'broken.yaml');
    await writeFile(broken, 'users: [\n  - {profile: \n');
    for (const path of [broken, join(folder, 'missing.yaml')]) {
      await assert.rejects(loadTenantFile(path), (error: unknown) => error instanceof IdpError && error.code === 'IDP_TENANT_INVALID');
    }
  });

  void test('a JSON tenant file loads too', async (t) => {
    const folder = await tempFolder(t);
    const path = join(folder, 'tenant.json');
    await writeFile(path, JSON.stringify({ users: [user('j@example.com')], apps: [samlApp({}, { assignments: { users: ['j@example.com'] } })] }));
    const tenant = await loadTenantFile(path);
    assert.equal(tenant.users[0]!.profile.login, 'j@example.com');
    const [app] = tenant.apps;
    assert.equal(app?.signOnMode, 'SAML_2_0');
    assert.equal(app.signOn.recipient, 'https://sp.test/acs');
  });

  void test('the example tenant has an OIDC web app, OIDC Compliant, assigned like the SAML app', async () => {
    const tenant = await loadTenantFile(EXAMPLE);
    const store = new OrgStore(tenant.org.name!, () => new Date());
    await applyTenant(store, tenant);
    const oidc = store.listApps().find((app) => app.signOnMode === 'OPENID_CONNECT');
    assert.ok(oidc && oidc.signOnMode === 'OPENID_CONNECT');
    assert.equal(oidc.oauthClient.idp_initiated_login.mode, 'SPEC');
    assert.equal(oidc.credentials.client_id, oidc.id);
    assert.ok(oidc.credentials.client_secret.length >= 40);
    const assigned = store.appUsers(oidc).map(({ user: assignedUser, scope }) => `${assignedUser.profile.login}:${scope}`).sort();
    assert.deepEqual(assigned, ['alice@example.com:USER', 'carol@example.com:GROUP']);
  });

  void test('a broken OIDC app in a tenant is IDP_TENANT_INVALID with the path of the bad field', () => {
    const oidcApp = (oauthClient: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
      label: 'RP',
      signOnMode: 'OPENID_CONNECT',
      settings: { oauthClient: { redirect_uris: ['https://rp.test/cb'], ...oauthClient } },
      ...extra,
    });
    assert.doesNotThrow(() => checkTenant({ apps: [oidcApp({}), oidcApp({})] }), 'two OIDC apps share Okta’s name oidc_client');
    const cases: [unknown, string][] = [
      [{ apps: [oidcApp({ redirect_uris: ['relative'] })] }, 'apps[0].settings.oauthClient.redirect_uris[0]'],
      [{ apps: [oidcApp({ idp_initiated_login: { mode: 'SPEC' } })] }, 'apps[0].settings.oauthClient.initiate_login_uri'],
      [{ apps: [oidcApp({ idp_initiated_login: { mode: 'OKTA' } })] }, 'apps[0].settings.oauthClient.grant_types'],
      [{ apps: [oidcApp({ response_types: ['token'] })] }, 'apps[0].settings.oauthClient.response_types'],
      [{ apps: [oidcApp({}, { settings: {} })] }, 'apps[0].settings.oauthClient'],
      [{ apps: [oidcApp({}, { credentials: { oauthClient: { client_id: 'my-own-id' } } })] }, 'apps[0].credentials.oauthClient.client_id'],
      [{ apps: [oidcApp({}, { credentials: { oauthClient: { client_secret: 'short' } } })] }, 'apps[0].credentials.oauthClient.client_secret'],
      [{ apps: [oidcApp({}, { assignments: { users: ['ghost@example.com'] } })] }, 'apps[0].assignments.users[0]'],
    ];
    for (const [document, path] of cases) {
      const error = refusal(() => checkTenant(document));
      assert.equal(error.code, 'IDP_TENANT_INVALID', path);
      assert.ok(error.message.startsWith(`${path}:`), `expected the path ${path}, got "${error.message}"`);
    }
  });
});
