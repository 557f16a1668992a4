/**
 * The Management API's lifecycle over plain HTTP: every answer's shape checked against Okta's own
 * schema (okta-mgmt.yaml via ajv, ../support/okta-openapi.ts), the query grammar (q, filter, search),
 * paging with Link headers, deletion rules, key credentials and their rotation into what the SAML
 * SSO endpoint signs with. Refusals are asserted by Okta's error code, never by text.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SAML } from '@node-saml/node-saml';
import { createMockIdp, type MockIdp } from '../../index.ts';
import { TestBrowser } from '../support/browser.ts';
import { PASSWORD, SP_ACS_URL, SP_ENTITY_ID, signInThrough } from '../support/fixture.ts';
import { OKTA_OPENAPI_PATH, OktaSchemas } from '../support/okta-openapi.ts';

interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

const schemas = OktaSchemas.load();
if (!schemas) console.log(`Okta's OpenAPI file is not at ${OKTA_OPENAPI_PATH}: response shapes are not checked (set OKTA_OPENAPI)`);

/** Asserts `value` has the shape of Okta's components/schemas/`name` (when the spec is at hand). */
function assertShape(name: string, value: unknown): void {
  if (!schemas) return;
  assert.deepEqual(schemas.problems(name, value), [], `${name} does not match Okta's schema`);
}

const APP_SCHEMA = { SAML_2_0: 'SamlApplication', OPENID_CONNECT: 'OpenIdConnectApplication' } as const;
const assertApp = (app: unknown): void => assertShape(APP_SCHEMA[(app as { signOnMode: keyof typeof APP_SCHEMA }).signOnMode], app);

void describe('Management API lifecycle', () => {
  let idp: MockIdp;
  let now = new Date('2026-03-01T10:00:00.000Z');

  async function api(method: string, path: string, body?: unknown): Promise<Answer> {
    const response = await fetch(new URL(path, idp.url), {
      method,
      headers: { authorization: `SSWS ${idp.org.apiToken}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    let parsed: unknown = undefined;
    if (response.headers.get('content-type')?.includes('json') && text) parsed = JSON.parse(text);
    if (response.status >= 400) assertShape('Error', parsed);
    return { status: response.status, headers: response.headers, body: parsed, text };
  }

  const ok = async (method: string, path: string, body?: unknown, status = 200): Promise<Record<string, unknown> & { id: string }> => {
    const answer = await api(method, path, body);
    assert.equal(answer.status, status, `${method} ${path}: ${answer.text}`);
    return answer.body as Record<string, unknown> & { id: string };
  };
  const list = async (path: string): Promise<(Record<string, unknown> & { id: string })[]> => (await ok('GET', path)) as unknown as (Record<string, unknown> & { id: string })[];
  const code = async (method: string, path: string, body?: unknown): Promise<[number, string]> => {
    const answer = await api(method, path, body);
    return [answer.status, (answer.body as { errorCode: string }).errorCode];
  };
  const q = (expression: string): string => encodeURIComponent(expression);
  const tick = (): void => {
    now = new Date(now.getTime() + 60_000);
  };

  const user = (first: string, extra: Record<string, unknown> = {}) => ({
    profile: { firstName: first, lastName: 'Api', email: `${first.toLowerCase()}@api.example`, login: `${first.toLowerCase()}@api.example` },
    credentials: { password: { value: PASSWORD } },
    ...extra,
  });

  before(async () => {
    idp = await createMockIdp({ clock: () => now });
  });
  after(() => idp.close());

  void test('the shape check itself refuses what Okta\'s schema does not allow', (t) => {
    if (!schemas) return t.skip(`no OpenAPI file at ${OKTA_OPENAPI_PATH}`);
    assert.notDeepEqual(schemas.problems('User', { id: 7, status: 'SLEEPING', created: 'yesterday' }), []);
    assert.notDeepEqual(schemas.problems('JsonWebKey', { x5c: 'not-a-list' }), []);
    assert.deepEqual(schemas.problems('Group', { id: '00g1', profile: { name: 'x' } }), []);
  });

  void describe('users', () => {
    let ada: { id: string };
    let bob: { id: string };
    let cy: { id: string };

    before(async () => {
      ada = await ok('POST', '/api/v1/users', user('Ada'));
      tick();
      bob = await ok('POST', '/api/v1/users', user('Bob'));
      tick();
      cy = await ok('POST', '/api/v1/users?activate=false', user('Cy'));
      assertShape('User', ada);
    });

    void test('every user answer has the shape of Okta\'s User', async () => {
      assertShape('User', await ok('GET', `/api/v1/users/${ada.id}`));
      for (const listed of await list('/api/v1/users')) assertShape('User', listed);
    });

    void test('filter: Okta\'s properties, eq with exact values, lastUpdated compared as time, and/or', async () => {
      const ids = async (expression: string) => (await list(`/api/v1/users?filter=${q(expression)}`)).map((found) => found.id);
      assert.deepEqual(await ids('profile.login eq "bob@api.example"'), [bob.id]);
      assert.deepEqual(await ids('profile.login eq "BOB@api.example"'), [], 'filter values are case-sensitive');
      assert.deepEqual(await ids('status eq "STAGED"'), [cy.id]);
      assert.deepEqual(await ids('lastUpdated gt "2026-03-01T10:00:30.000Z"'), [bob.id, cy.id]);
      assert.deepEqual(await ids('lastUpdated gt "2026-03-01T10:00:30.000Z" and lastUpdated lt "2026-03-01T10:01:30.000Z"'), [bob.id]);
      assert.deepEqual(await ids('id eq "' + ada.id + '" or status eq "STAGED"'), [ada.id, cy.id]);
    });

    void test('search: most properties, sw / co / pr, values without case, parentheses, sortBy', async () => {
      const ids = async (expression: string, extra = '') => (await list(`/api/v1/users?search=${q(expression)}${extra}`)).map((found) => found.id);
      assert.deepEqual(await ids('profile.email sw "BO"'), [bob.id]);
      assert.deepEqual(await ids('profile.firstName co "d"'), [ada.id]);
      assert.deepEqual(await ids('profile.lastName eq "api" and (status eq "STAGED" or profile.firstName eq "ada")'), [ada.id, cy.id]);
      assert.deepEqual(await ids('profile.login pr', '&sortBy=profile.firstName&sortOrder=desc'), [cy.id, bob.id, ada.id]);
      assert.deepEqual(await ids('created lt "2026-03-01T10:00:30.000Z"'), [ada.id]);
    });

    void test('q: a prefix of a name or email, DEPROVISIONED left out, ten a page by default', async () => {
      assert.deepEqual((await list('/api/v1/users?q=ad')).map((found) => found.id), [ada.id]);
      const extra = await ok('POST', '/api/v1/users', user('Dora'));
      await ok('POST', `/api/v1/users/${extra.id}/lifecycle/deactivate`);
      assert.deepEqual(await list('/api/v1/users?q=dora'), []);
      assert.deepEqual((await list('/api/v1/users?filter=' + q('status eq "DEPROVISIONED"'))).map((found) => found.id), [extra.id]);
      assert.ok(!(await list('/api/v1/users')).some((found) => found.id === extra.id), 'a plain list leaves DEPROVISIONED users out');
      for (let index = 0; index < 11; index++) await ok('POST', '/api/v1/users', user(`Many${index}`));
      assert.equal((await list('/api/v1/users?q=many')).length, 10);
    });

    void test('what Okta refuses in a query is 400 E0000031', async () => {
      for (const [parameter, expression] of [
        ['filter', 'profile.login ne "x"'],
        ['filter', 'profile.login sw "x"'],
        ['filter', 'profile.department eq "x"'],
        ['filter', 'not (status eq "ACTIVE")'],
        ['filter', 'lastUpdated gt "yesterday"'],
        ['search', 'profile.login eq'],
        ['search', 'emails[type eq "work"]'],
        ['search', 'profile.city co "x"'],
        ['search', 'x'.repeat(5000) + ' eq "y"'],
      ]) {
        assert.deepEqual(await code('GET', `/api/v1/users?${parameter}=${q(expression!)}`), [400, 'E0000031'], `${parameter}=${expression}`);
      }
      assert.deepEqual(await code('GET', '/api/v1/users?q=a&q=b'), [400, 'E0000001']);
    });

    void test('paging: limit and after, a Link rel="next" while more remain, followed to the end', async () => {
      const seen: string[] = [];
      let next: string | undefined = '/api/v1/users?limit=4';
      while (next) {
        const answer = await api('GET', next);
        assert.equal(answer.status, 200);
        seen.push(...(answer.body as { id: string }[]).map((found) => found.id));
        const link: string = answer.headers.get('link') ?? '';
        assert.match(link, /rel="self"/);
        next = /<([^>]+)>; rel="next"/.exec(link)?.[1];
      }
      const all = (await list('/api/v1/users')).map((found) => found.id);
      assert.deepEqual(seen, all);
      assert.ok(all.length > 8);
    });

    void test('PUT replaces the whole profile; a left-out property is named', async () => {
      const replaced = await ok('PUT', `/api/v1/users/${bob.id}`, { profile: { firstName: 'Robert', lastName: 'Api', email: 'robert@api.example', login: 'bob@api.example' } });
      assertShape('User', replaced);
      assert.deepEqual(replaced['profile'], { firstName: 'Robert', lastName: 'Api', email: 'robert@api.example', login: 'bob@api.example', mobilePhone: null, secondEmail: null });
      const missing = await api('PUT', `/api/v1/users/${bob.id}`, { profile: { email: 'robert@api.example' } });
      assert.equal(missing.status, 400);
      assert.ok((missing.body as { errorCauses: { errorSummary: string }[] }).errorCauses.some((cause) => cause.errorSummary.startsWith('profile.firstName')));
    });

    void test('a user made without a password is PROVISIONED on activation and cannot sign in; reactivate answers a token', async () => {
      const noPassword = await ok('POST', '/api/v1/users', { profile: user('Nopass').profile });
      assert.equal(noPassword['status'], 'PROVISIONED');
      const token = await ok('POST', `/api/v1/users/${noPassword.id}/lifecycle/reactivate?sendEmail=false`);
      assertShape('UserActivationToken', token);
      assert.ok(token['activationToken']);
      assert.deepEqual(await code('POST', `/api/v1/users/${ada.id}/lifecycle/reactivate`), [400, 'E0000001']);
      const outcome = await signInThrough(new TestBrowser(), `${idp.url}/app/UserHome`, 'nopass@api.example', '');
      assert.equal(outcome.status, 401);
    });

    void test('groupIds on create put the user in those groups; an unknown one refuses the user', async () => {
      const group = await ok('POST', '/api/v1/groups', { profile: { name: 'Founders' } });
      const founder = await ok('POST', '/api/v1/users', user('Founder', { groupIds: [group.id] }));
      const groups = await list(`/api/v1/users/${founder.id}/groups`);
      assert.deepEqual(groups.map((found) => found.id), [group.id]);
      for (const found of groups) assertShape('Group', found);
      assert.deepEqual(await code('POST', '/api/v1/users', user('Ghost', { groupIds: ['00gnotagroup00000000'] })), [400, 'E0000001']);
      assert.deepEqual(await code('GET', '/api/v1/users/ghost@api.example'), [404, 'E0000007']);
    });
  });

  void describe('groups', () => {
    void test('create, read, replace, list with q / filter / search, delete; shapes are Okta\'s Group', async () => {
      const ops = await ok('POST', '/api/v1/groups', { profile: { name: 'Operations', description: 'ops' } });
      const sales = await ok('POST', '/api/v1/groups', { profile: { name: 'Sales' } });
      assertShape('Group', ops);
      assertShape('Group', await ok('GET', `/api/v1/groups/${ops.id}`));
      const renamed = await ok('PUT', `/api/v1/groups/${sales.id}`, { profile: { name: 'Sales EMEA', description: 'renamed' } });
      assert.equal((renamed['profile'] as { name: string }).name, 'Sales EMEA');
      assert.deepEqual(await code('PUT', `/api/v1/groups/${sales.id}`, { profile: { name: 'Operations' } }), [400, 'E0000001']);
      assert.deepEqual((await list('/api/v1/groups?q=sal')).map((group) => group.id), [sales.id]);
      assert.deepEqual((await list(`/api/v1/groups?filter=${q(`id eq "${ops.id}"`)}`)).map((group) => group.id), [ops.id]);
      assert.deepEqual((await list(`/api/v1/groups?search=${q('profile.name co "emea"')}`)).map((group) => group.id), [sales.id]);
      assert.deepEqual(await code('GET', `/api/v1/groups?filter=${q('profile.name eq "Sales"')}`), [400, 'E0000031']);
      assert.equal((await api('DELETE', `/api/v1/groups/${sales.id}`)).status, 204);
      assert.deepEqual(await code('GET', `/api/v1/groups/${sales.id}`), [404, 'E0000007']);
    });

    void test('deleting a group takes away the apps its members reached only through it', async () => {
      const member = await ok('POST', '/api/v1/users', user('Member'));
      const group = await ok('POST', '/api/v1/groups', { profile: { name: 'Temporary' } });
      const app = await ok('POST', '/api/v1/apps', { label: 'Group app', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID } } });
      assert.equal((await api('PUT', `/api/v1/groups/${group.id}/users/${member.id}`)).status, 204);
      assertShape('ApplicationGroupAssignment', await ok('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`));
      const groupApps = await list(`/api/v1/groups/${group.id}/apps`);
      assert.deepEqual(groupApps.map((found) => found.id), [app.id]);
      assertShape('AppUser', await ok('GET', `/api/v1/apps/${app.id}/users/${member.id}`));
      assert.equal((await api('DELETE', `/api/v1/groups/${group.id}`)).status, 204);
      assert.deepEqual(await code('GET', `/api/v1/apps/${app.id}/users/${member.id}`), [404, 'E0000007']);
      assert.deepEqual(await list(`/api/v1/apps/${app.id}/groups`), []);
    });
  });

  void describe('apps and assignments', () => {
    const samlBody = (label: string) => ({ label, signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID } } });

    void test('activate=false, filter and q, deletion only once deactivated', async () => {
      const inactive = await ok('POST', '/api/v1/apps?activate=false', samlBody('Billing'));
      assert.equal(inactive['status'], 'INACTIVE');
      assertApp(inactive);
      const oidc = await ok('POST', '/api/v1/apps', { label: 'Portal', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { redirect_uris: ['https://rp.example/cb'] } } });
      assertApp(oidc);
      for (const app of await list('/api/v1/apps')) assertApp(app);
      assert.deepEqual((await list(`/api/v1/apps?filter=${q('status eq "INACTIVE"')}`)).map((app) => app.id), [inactive.id]);
      assert.deepEqual((await list(`/api/v1/apps?filter=${q(`name eq "${String(inactive['name'])}"`)}`)).map((app) => app.id), [inactive.id]);
      assert.deepEqual((await list('/api/v1/apps?q=bill')).map((app) => app.id), [inactive.id]);
      assert.deepEqual(await code('GET', `/api/v1/apps?filter=${q('label eq "Billing"')}`), [400, 'E0000031']);

      assert.deepEqual(await code('DELETE', `/api/v1/apps/${oidc.id}`), [400, 'E0000056']);
      assert.equal((await api('DELETE', `/api/v1/apps/${inactive.id}`)).status, 204);
      assert.deepEqual(await code('GET', `/api/v1/apps/${inactive.id}`), [404, 'E0000007']);
    });

    void test('assignments: user and group, read, list with q, username update, unassign; filter user.id and group.id', async () => {
      const app = await ok('POST', '/api/v1/apps', samlBody('Assignments'));
      const direct = await ok('POST', '/api/v1/users', user('Direct'));
      const grouped = await ok('POST', '/api/v1/users', user('Grouped'));
      const group = await ok('POST', '/api/v1/groups', { profile: { name: 'Assigned group' } });
      await api('PUT', `/api/v1/groups/${group.id}/users/${grouped.id}`);
      assertShape('AppUser', await ok('POST', `/api/v1/apps/${app.id}/users`, { id: direct.id }));
      assertShape('ApplicationGroupAssignment', await ok('PUT', `/api/v1/apps/${app.id}/groups/${group.id}`));
      assertShape('ApplicationGroupAssignment', await ok('GET', `/api/v1/apps/${app.id}/groups/${group.id}`));
      const users = await list(`/api/v1/apps/${app.id}/users`);
      for (const appUser of users) assertShape('AppUser', appUser);
      assert.deepEqual(users.map((appUser) => [appUser.id, appUser['scope']]).sort(), [[direct.id, 'USER'], [grouped.id, 'GROUP']].sort());
      assert.deepEqual((await list(`/api/v1/apps/${app.id}/users?q=grou`)).map((appUser) => appUser.id), [grouped.id]);
      const renamed = await ok('POST', `/api/v1/apps/${app.id}/users/${direct.id}`, { credentials: { userName: 'direct.renamed' } });
      assert.equal((renamed['credentials'] as { userName: string }).userName, 'direct.renamed');
      assert.deepEqual(await code('POST', `/api/v1/apps/${app.id}/users/${direct.id}`, { credentials: { userName: 7 } }), [400, 'E0000001']);
      assert.deepEqual((await list(`/api/v1/apps?filter=${q(`user.id eq "${grouped.id}"`)}`)).map((found) => found.id), [app.id]);
      assert.deepEqual((await list(`/api/v1/apps?filter=${q(`group.id eq "${group.id}"`)}`)).map((found) => found.id), [app.id]);

      assert.equal((await api('DELETE', `/api/v1/apps/${app.id}/groups/${group.id}`)).status, 204);
      assert.deepEqual(await code('DELETE', `/api/v1/apps/${app.id}/groups/${group.id}`), [404, 'E0000007']);
      assert.deepEqual(await code('GET', `/api/v1/apps/${app.id}/users/${grouped.id}`), [404, 'E0000007']);
      assert.equal((await api('DELETE', `/api/v1/apps/${app.id}/users/${direct.id}`)).status, 204);
      assert.deepEqual(await list(`/api/v1/apps/${app.id}/users`), []);
    });

    void test('appLinks: one per app the user has, Okta\'s AssignedAppLink', async () => {
      const app = await ok('POST', '/api/v1/apps', samlBody('Linked'));
      const person = await ok('POST', '/api/v1/users', user('Linked'));
      await ok('POST', `/api/v1/apps/${app.id}/users`, { id: person.id });
      const links = await list(`/api/v1/users/${person.id}/appLinks`);
      assert.deepEqual(links.map((link) => link['appInstanceId']), [app.id]);
      assertShape('AssignedAppLink', links[0]);
    });
  });

  void test('the control client offers the same: queries, key rotation, app and group deletion', async () => {
    const control = idp.control;
    const person = await control.createUser({ email: 'client@api.example', firstName: 'Client', lastName: 'Api', password: PASSWORD });
    assert.deepEqual((await control.listUsers({ filter: 'profile.login eq "client@api.example"' })).map((found) => found.id), [person.id]);
    const app = await control.createSamlApp({ label: 'Client app', signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID } });
    const key = await control.generateAppKey(app.id, 2);
    assert.equal((await control.listAppKeys(app.id)).length, 2);
    assert.ok((await control.getSamlMetadata(app.id, key.kid)).includes(key.x5c[0]!));
    await control.selectAppSigningKey(app.id, key.kid);
    assert.equal((await control.getSamlSetup(app.id)).certificatePem.replace(/-----[^-]+-----|\s/g, ''), key.x5c[0]);
    const group = await control.createGroup({ name: 'Client group' });
    await control.assignGroupToApp(app.id, group.id);
    await control.unassignGroupFromApp(app.id, group.id);
    await control.deleteGroup(group.id);
    await assert.rejects(control.deleteApp(app.id), (error: { errorCode?: string }) => error.errorCode === 'E0000056');
    await control.changeAppStatus(app.id, 'deactivate');
    await control.deleteApp(app.id);
    assert.ok(!(await control.listApps({ q: 'Client' })).some((found) => found.id === app.id));
  });

  void describe('key credentials and rotation', () => {
    void test('list, read, generate, preview, select, clone: what signs the next Response changes with the kid', async () => {
      const person = await ok('POST', '/api/v1/users', user('Rotator'));
      const app = await ok('POST', '/api/v1/apps', { label: 'Rotating', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID } } });
      await ok('POST', `/api/v1/apps/${app.id}/users`, { id: person.id });
      const other = await ok('POST', '/api/v1/apps', { label: 'Other', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID } } });

      const [original] = (await list(`/api/v1/apps/${app.id}/credentials/keys`)) as unknown as { kid: string; x5c: string[] }[];
      assertShape('JsonWebKey', original);
      assert.equal((app['credentials'] as { signing: { kid: string } }).signing.kid, original!.kid);
      assert.deepEqual(await code('POST', `/api/v1/apps/${app.id}/credentials/keys/generate?validityYears=1`), [400, 'E0000001']);
      const fresh = (await ok('POST', `/api/v1/apps/${app.id}/credentials/keys/generate?validityYears=3`, undefined, 201)) as unknown as { kid: string; x5c: string[]; expiresAt: string };
      assertShape('JsonWebKey', fresh);
      assert.equal(new Date(fresh.expiresAt).getUTCFullYear(), now.getUTCFullYear() + 3);
      assertShape('JsonWebKey', await ok('GET', `/api/v1/apps/${app.id}/credentials/keys/${fresh.kid}`));
      assert.deepEqual(await code('GET', `/api/v1/apps/${app.id}/credentials/keys/nokid`), [404, 'E0000007']);

      const setup = await idp.control.getSamlSetup(app.id);
      const preview = await api('GET', `/api/v1/apps/${app.id}/sso/saml/metadata?kid=${fresh.kid}`);
      assert.equal(preview.headers.get('content-type')?.split(';')[0], 'text/xml');
      assert.ok(preview.text.includes(fresh.x5c[0]!), 'the preview has the new certificate');
      assert.ok((await (await fetch(setup.metadataUrl)).text()).includes(original!.x5c[0]!), 'the public metadata keeps the signing one until rotation');

      const signedBy = async (): Promise<'original' | 'fresh'> => {
        const outcome = await signInThrough(new TestBrowser(), setup.ssoUrl, 'rotator@api.example');
        const verifies = async (x5c: string) =>
          // The org runs on a fixed clock: node-saml's time window is switched off (-1), signatures are what matter here.
          new SAML({ issuer: SP_ENTITY_ID, callbackUrl: SP_ACS_URL, audience: SP_ENTITY_ID, idpCert: x5c, wantAssertionsSigned: true, acceptedClockSkewMs: -1 })
            .validatePostResponseAsync({ SAMLResponse: outcome.form!.SAMLResponse })
            .then(
              () => true,
              () => false,
            );
        const [byOriginal, byFresh] = [await verifies(original!.x5c[0]!), await verifies(fresh.x5c[0]!)];
        assert.notEqual(byOriginal, byFresh, 'exactly one of the keys verifies the Response');
        return byOriginal ? 'original' : 'fresh';
      };
      assert.equal(await signedBy(), 'original');

      assert.deepEqual(await code('PUT', `/api/v1/apps/${app.id}`, { credentials: { signing: { kid: 'not-a-key' } } }), [400, 'E0000001']);
      const rotated = await ok('PUT', `/api/v1/apps/${app.id}`, { credentials: { signing: { kid: fresh.kid } } });
      assertApp(rotated);
      assert.equal((rotated['credentials'] as { signing: { kid: string } }).signing.kid, fresh.kid);
      assert.equal(await signedBy(), 'fresh');
      assert.ok((await (await fetch(setup.metadataUrl)).text()).includes(fresh.x5c[0]!), 'the public metadata now publishes the new key');
      assert.deepEqual((await list(`/api/v1/apps?filter=${q(`credentials.signing.kid eq "${fresh.kid}"`)}`)).map((found) => found.id), [app.id]);

      assertShape('JsonWebKey', await ok('POST', `/api/v1/apps/${app.id}/credentials/keys/${fresh.kid}/clone?targetAid=${other.id}`, undefined, 201));
      assert.deepEqual(await code('POST', `/api/v1/apps/${app.id}/credentials/keys/${fresh.kid}/clone?targetAid=${other.id}`), [400, 'E0000001']);
      assert.deepEqual((await list(`/api/v1/apps/${other.id}/credentials/keys`)).map((key) => key['kid']).slice(-1), [fresh.kid]);
      assert.deepEqual(await code('POST', `/api/v1/apps/${app.id}/credentials/keys/${fresh.kid}/clone?targetAid=0oanotanapp00000000`), [404, 'E0000007']);
    });
  });
});
