/**
 * Okta's own Management API client, @okta/okta-sdk-nodejs, unchanged, against the mock: a full
 * lifecycle of users, groups, apps, assignments, queries, key credentials and deletion, the way a
 * provisioning script does it. Every call is counted; the test prints how many of them work and
 * fails on any that does not (the baseline was 21 of 32).
 *
 * Nothing is stubbed: the SDK speaks HTTP to the org's origin with `Authorization: SSWS …`, parses
 * the JSON (and the SAML metadata as text/xml) into its own models and follows `Link` headers.
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import okta from '@okta/okta-sdk-nodejs';
import { createMockIdp, type MockIdp } from '../../index.ts';

const PASSWORD = 'Sdk-Password-1!';

/** Collects every item of an SDK Collection (the SDK follows `rel="next"` links itself). */
async function all<T>(collection: { each(callback: (item: T) => void): Promise<unknown> }): Promise<T[]> {
  const items: T[] = [];
  await collection.each((item) => {
    items.push(item);
  });
  return items;
}

void describe('@okta/okta-sdk-nodejs against the mock', () => {
  let idp: MockIdp;
  let client: okta.Client;
  const worked: string[] = [];
  const failed: string[] = [];

  /** Runs one SDK call, counting it; a failure is recorded and rethrown (later calls need its result). */
  async function call<T>(name: string, run: () => Promise<T>): Promise<T> {
    try {
      const result = await run();
      worked.push(name);
      return result;
    } catch (error) {
      failed.push(`${name}: ${error instanceof Error ? error.message : String(error)}`);
      throw error;
    }
  }

  before(async () => {
    idp = await createMockIdp();
    client = new okta.Client({ orgUrl: idp.url, token: idp.org.apiToken });
  });
  after(async () => {
    const operations = (names: string[]): number => new Set(names.map((name) => name.split(' ')[0])).size;
    console.log(
      `okta-sdk-nodejs: ${worked.length} of ${worked.length + failed.length} calls work ` +
        `(${operations(worked)} distinct SDK operations worked, ${operations(failed.map((line) => line.split(':')[0]!))} failed)`,
    );
    for (const line of failed) console.log(`  failed: ${line}`);
    await idp.close();
  });

  void test('users, groups, apps, assignments, queries, keys and deletion work through the SDK', async () => {
    const { userApi, groupApi, applicationApi } = client;

    // Users ------------------------------------------------------------------------------------
    const names = ['Ada', 'Alan', 'Grace', 'Edsger', 'Barbara'];
    const users = [];
    for (const first of names) {
      users.push(
        await call('userApi.createUser', () =>
          userApi.createUser({
            body: { profile: { firstName: first, lastName: 'Sdk', email: `${first.toLowerCase()}@sdk.example`, login: `${first.toLowerCase()}@sdk.example` }, credentials: { password: { value: PASSWORD } } },
            activate: true,
          }),
        ),
      );
    }
    const staged = await call('userApi.createUser (activate=false)', () =>
      userApi.createUser({ body: { profile: { firstName: 'Stan', lastName: 'Staged', email: 'stan@sdk.example', login: 'stan@sdk.example' } }, activate: false }),
    );
    assert.equal(staged.status, 'STAGED');
    const [ada, alan, grace] = users as [okta.User, okta.User, okta.User];

    const fetched = await call('userApi.getUser', () => userApi.getUser({ userId: ada.id! }));
    assert.equal(fetched.profile?.login, 'ada@sdk.example');
    const byLogin = await call('userApi.getUser (by login)', () => userApi.getUser({ userId: 'alan@sdk.example' }));
    assert.equal(byLogin.id, alan.id);

    const everyone = await call('userApi.listUsers (paged, limit 2)', async () => all(await userApi.listUsers({ limit: 2 })));
    assert.equal(everyone.length, 6, 'the SDK followed the Link headers through three pages');
    const byFilter = await call('userApi.listUsers (filter profile.login eq)', async () => all(await userApi.listUsers({ filter: 'profile.login eq "grace@sdk.example"' })));
    assert.deepEqual(byFilter.map((user) => user.id), [grace.id]);
    const bySearch = await call('userApi.listUsers (search sw, and/or)', async () =>
      all(await userApi.listUsers({ search: 'profile.firstName sw "a" and (status eq "ACTIVE" or status eq "STAGED")' })),
    );
    assert.deepEqual(bySearch.map((user) => user.profile?.firstName).sort(), ['Ada', 'Alan']);
    const byQ = await call('userApi.listUsers (q)', async () => all(await userApi.listUsers({ q: 'Gr' })));
    assert.deepEqual(byQ.map((user) => user.id), [grace.id]);
    const byDate = await call('userApi.listUsers (filter lastUpdated gt)', async () =>
      all(await userApi.listUsers({ filter: `lastUpdated gt "${new Date(Date.now() - 3_600_000).toISOString()}"` })),
    );
    assert.equal(byDate.length, 6);

    const updated = await call('userApi.updateUser (partial)', () => userApi.updateUser({ userId: ada.id!, user: { profile: { lastName: 'Lovelace' } } }));
    assert.equal(updated.profile?.lastName, 'Lovelace');
    assert.equal(updated.profile?.email, 'ada@sdk.example');
    const replaced = await call('userApi.replaceUser (PUT)', () =>
      userApi.replaceUser({ userId: alan.id!, user: { profile: { firstName: 'Alan', lastName: 'Turing', email: 'alan.turing@sdk.example', login: 'alan@sdk.example' } } }),
    );
    assert.equal(replaced.profile?.email, 'alan.turing@sdk.example');

    await call('userApi.suspendUser', () => userApi.suspendUser({ userId: grace.id! }));
    assert.equal((await userApi.getUser({ userId: grace.id! })).status, 'SUSPENDED');
    await call('userApi.unsuspendUser', () => userApi.unsuspendUser({ userId: grace.id! }));
    const activation = await call('userApi.activateUser', () => userApi.activateUser({ userId: staged.id!, sendEmail: false }));
    assert.ok(activation.activationToken, 'sendEmail=false answers the activation token');
    // No password yet: Okta leaves the user PROVISIONED, waiting for the activation link.
    assert.equal((await userApi.getUser({ userId: staged.id! })).status, 'PROVISIONED');
    await call('userApi.reactivateUser', () => userApi.reactivateUser({ userId: staged.id!, sendEmail: false }));

    // Groups -----------------------------------------------------------------------------------
    const engineering = await call('groupApi.createGroup', () => groupApi.createGroup({ group: { profile: { name: 'Engineering', description: 'builders' } } }));
    const research = await call('groupApi.createGroup', () => groupApi.createGroup({ group: { profile: { name: 'Research' } } }));
    await call('groupApi.getGroup', () => groupApi.getGroup({ groupId: engineering.id! }));
    const renamed = await call('groupApi.replaceGroup', () => groupApi.replaceGroup({ groupId: research.id!, group: { profile: { name: 'Research Lab', description: 'renamed' } } }));
    assert.equal(renamed.profile?.name, 'Research Lab');
    const groupsByQ = await call('groupApi.listGroups (q)', async () => all(await groupApi.listGroups({ q: 'Eng' })));
    assert.deepEqual(groupsByQ.map((group) => group.id), [engineering.id]);
    const groupsBySearch = await call('groupApi.listGroups (search)', async () => all(await groupApi.listGroups({ search: 'profile.name sw "research"' })));
    assert.deepEqual(groupsBySearch.map((group) => group.id), [research.id]);
    await call('groupApi.assignUserToGroup', () => groupApi.assignUserToGroup({ groupId: engineering.id!, userId: grace.id! }));
    await call('groupApi.assignUserToGroup', () => groupApi.assignUserToGroup({ groupId: research.id!, userId: grace.id! }));
    const members = await call('groupApi.listGroupUsers', async () => all(await groupApi.listGroupUsers({ groupId: engineering.id! })));
    assert.deepEqual(members.map((user) => user.id), [grace.id]);
    const graceGroups = await call('userApi.listUserGroups', async () => all(await userApi.listUserGroups({ userId: grace.id! })));
    assert.equal(graceGroups.length, 2);
    await call('groupApi.unassignUserFromGroup', () => groupApi.unassignUserFromGroup({ groupId: research.id!, userId: grace.id! }));

    // Apps -------------------------------------------------------------------------------------
    const saml = (await call('applicationApi.createApplication (SAML 2.0)', () =>
      applicationApi.createApplication({
        application: {
          label: 'SDK SAML app',
          signOnMode: 'SAML_2_0',
          settings: { signOn: { ssoAcsUrl: 'https://sp.sdk.example/acs', audience: 'https://sp.sdk.example', recipient: 'https://sp.sdk.example/acs', destination: 'https://sp.sdk.example/acs' } },
        } as okta.SamlApplication,
      }),
    )) as okta.SamlApplication;
    const oidc = await call('applicationApi.createApplication (OIDC)', () =>
      applicationApi.createApplication({
        application: {
          label: 'SDK OIDC app',
          signOnMode: 'OPENID_CONNECT',
          name: 'oidc_client',
          settings: { oauthClient: { redirect_uris: ['https://rp.sdk.example/cb'], response_types: ['code'], grant_types: ['authorization_code'], application_type: 'web' } },
          credentials: { oauthClient: { token_endpoint_auth_method: 'client_secret_basic' } },
        } as okta.OpenIdConnectApplication,
      }),
    );
    const got = (await call('applicationApi.getApplication', () => applicationApi.getApplication({ appId: saml.id! }))) as okta.SamlApplication;
    assert.equal(got.settings?.signOn?.audience, 'https://sp.sdk.example');
    const active = await call('applicationApi.listApplications (filter status eq)', async () => all(await applicationApi.listApplications({ filter: 'status eq "ACTIVE"' })));
    assert.equal(active.length, 2);
    const byLabel = await call('applicationApi.listApplications (q)', async () => all(await applicationApi.listApplications({ q: 'SDK SAML' })));
    assert.deepEqual(byLabel.map((app) => app.id), [saml.id]);

    got.label = 'SDK SAML app (renamed)';
    got.settings!.signOn!.defaultRelayState = '/home';
    const replacedApp = (await call('applicationApi.replaceApplication', () => applicationApi.replaceApplication({ appId: saml.id!, application: got }))) as okta.SamlApplication;
    assert.equal(replacedApp.label, 'SDK SAML app (renamed)');
    assert.equal(replacedApp.settings?.signOn?.defaultRelayState, '/home');

    await call('applicationApi.assignUserToApplication', () => applicationApi.assignUserToApplication({ appId: saml.id!, appUser: { id: ada.id!, scope: 'USER' } }));
    await call('applicationApi.assignGroupToApplication', () => applicationApi.assignGroupToApplication({ appId: saml.id!, groupId: engineering.id! }));
    await call('applicationApi.getApplicationGroupAssignment', () => applicationApi.getApplicationGroupAssignment({ appId: saml.id!, groupId: engineering.id! }));
    const groupAssignments = await call('applicationApi.listApplicationGroupAssignments', async () => all(await applicationApi.listApplicationGroupAssignments({ appId: saml.id! })));
    assert.deepEqual(groupAssignments.map((assignment) => assignment.id), [engineering.id]);
    const appUser = await call('applicationApi.getApplicationUser', () => applicationApi.getApplicationUser({ appId: saml.id!, userId: grace.id! }));
    assert.equal(appUser.scope, 'GROUP');
    const appUsers = await call('applicationApi.listApplicationUsers', async () => all(await applicationApi.listApplicationUsers({ appId: saml.id! })));
    assert.deepEqual(appUsers.map((user) => user.id).sort(), [ada.id, grace.id].sort());
    const renamedAppUser = await call('applicationApi.updateApplicationUser', () =>
      applicationApi.updateApplicationUser({ appId: saml.id!, userId: ada.id!, appUser: { credentials: { userName: 'ada.lovelace' } } }),
    );
    assert.equal(renamedAppUser.credentials?.userName, 'ada.lovelace');
    const assigned = await call('applicationApi.listApplications (filter user.id eq)', async () => all(await applicationApi.listApplications({ filter: `user.id eq "${ada.id}"` })));
    assert.deepEqual(assigned.map((app) => app.id), [saml.id]);
    const groupApps = await call('groupApi.listAssignedApplicationsForGroup', async () => all(await groupApi.listAssignedApplicationsForGroup({ groupId: engineering.id! })));
    assert.deepEqual(groupApps.map((app) => app.id), [saml.id]);
    const links = await call('userApi.listAppLinks', async () => all(await userApi.listAppLinks({ userId: grace.id! })));
    assert.deepEqual(links.map((link) => link.appInstanceId), [saml.id]);

    // Key credentials and rotation, seen in the SAML metadata -----------------------------------
    const keys = await call('applicationApi.listApplicationKeys', async () => all(await applicationApi.listApplicationKeys({ appId: saml.id! })));
    assert.equal(keys.length, 1);
    assert.equal(keys[0]!.kid, got.credentials?.signing?.kid);
    const fresh = await call('applicationApi.generateApplicationKey', () => applicationApi.generateApplicationKey({ appId: saml.id!, validityYears: 2 }));
    await call('applicationApi.getApplicationKey', () => applicationApi.getApplicationKey({ appId: saml.id!, keyId: fresh.kid! }));
    const preview = await call('applicationApi.previewSAMLmetadataForApplication', () => applicationApi.previewSAMLmetadataForApplication({ appId: saml.id!, kid: fresh.kid! }));
    assert.ok(preview.includes(fresh.x5c![0]!), 'the preview carries the new certificate');
    const rotated = (await applicationApi.getApplication({ appId: saml.id! })) as okta.SamlApplication;
    rotated.credentials!.signing = { kid: fresh.kid! };
    await call('applicationApi.replaceApplication (credentials.signing.kid)', () => applicationApi.replaceApplication({ appId: saml.id!, application: rotated }));
    const current = await call('applicationApi.previewSAMLmetadataForApplication', () => applicationApi.previewSAMLmetadataForApplication({ appId: saml.id!, kid: fresh.kid! }));
    const publicMetadata = await (await fetch((await idp.control.getSamlSetup(saml.id!)).metadataUrl)).text();
    assert.ok(current.includes(fresh.x5c![0]!) && publicMetadata.includes(fresh.x5c![0]!), 'after rotation the metadata publishes the new key');
    const clone = await call('applicationApi.cloneApplicationKey', () => applicationApi.cloneApplicationKey({ appId: saml.id!, keyId: fresh.kid!, targetAid: oidc.id! }));
    assert.equal(new X509Certificate(Buffer.from(clone.x5c![0]!, 'base64')).publicKey.asymmetricKeyType, 'rsa');
    const bySigningKid = await call('applicationApi.listApplications (filter credentials.signing.kid)', async () =>
      all(await applicationApi.listApplications({ filter: `credentials.signing.kid eq "${fresh.kid}"` })),
    );
    assert.deepEqual(bySigningKid.map((app) => app.id), [saml.id]);

    // Unassignment, deactivation and deletion ---------------------------------------------------
    await call('applicationApi.unassignApplicationFromGroup', () => applicationApi.unassignApplicationFromGroup({ appId: saml.id!, groupId: engineering.id! }));
    await call('applicationApi.unassignUserFromApplication', () => applicationApi.unassignUserFromApplication({ appId: saml.id!, userId: ada.id! }));
    assert.equal((await all(await applicationApi.listApplicationUsers({ appId: saml.id! }))).length, 0);
    await call('applicationApi.deactivateApplication', () => applicationApi.deactivateApplication({ appId: oidc.id! }));
    await call('applicationApi.activateApplication', () => applicationApi.activateApplication({ appId: oidc.id! }));
    await call('applicationApi.deactivateApplication', () => applicationApi.deactivateApplication({ appId: saml.id! }));
    await call('applicationApi.deleteApplication', () => applicationApi.deleteApplication({ appId: saml.id! }));
    await assert.rejects(applicationApi.getApplication({ appId: saml.id! }), (error: { status?: number }) => error.status === 404);

    await call('groupApi.deleteGroup', () => groupApi.deleteGroup({ groupId: research.id! }));
    await call('userApi.deactivateUser', () => userApi.deactivateUser({ userId: alan.id! }));
    const deprovisioned = await call('userApi.listUsers (filter status eq DEPROVISIONED)', async () => all(await userApi.listUsers({ filter: 'status eq "DEPROVISIONED"' })));
    assert.deepEqual(deprovisioned.map((user) => user.id), [alan.id]);
    await call('userApi.deleteUser', () => userApi.deleteUser({ userId: alan.id! }));
    await assert.rejects(userApi.getUser({ userId: alan.id! }), (error: { status?: number }) => error.status === 404);

    assert.deepEqual(failed, []);
  });
});
