/**
 * Okta-side user states and access changes, at run time, over real HTTP: lifecycle (suspend,
 * unsuspend, deactivate, activate, delete), partial profile updates and what the next sign-in then
 * asserts (app usernames with "Create and update" versus "Create only"), unassigning a user from an
 * app and removing them from the group that gave access. Every refusal is Okta's page, the same code
 * over SAML and OIDC, and nothing reaches the app.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { OktaSamlApp } from '../../index.ts';
import { TestBrowser, errorCodeOf, readAutoPostForm, signInErrorCodeOf } from '../support/browser.ts';
import { browse, PASSWORD, SP_ACS_URL, SP_ENTITY_ID, signInThrough } from '../support/fixture.ts';
import { finishCodeFlow } from '../support/code-flow.ts';
import { RP_REDIRECT_URI, discover, startCodeFlow, startOidcFixture, type OidcFixture } from '../support/oidc-fixture.ts';
import { codeOf } from '../support/refusal.ts';

/** The NameID and the `email` attribute of a base64 SAML Response (read, not verified: other tests verify). */
function subjectOf(samlResponse: string): { nameId: string | undefined; email: string | undefined } {
  const xml = Buffer.from(samlResponse, 'base64').toString('utf8');
  return {
    nameId: /<saml2:NameID[^>]*>([^<]*)<\/saml2:NameID>/.exec(xml)?.[1],
    email: /<saml2:Attribute Name="email"[^>]*>\s*<saml2:AttributeValue[^>]*>([^<]*)</.exec(xml)?.[1],
  };
}

void describe('Okta-side user states and access changes', () => {
  let fixture: OidcFixture;
  const control = () => fixture.idp.control;
  let counter = 0;

  before(async () => {
    fixture = await startOidcFixture();
  });
  after(() => fixture.idp.close());

  /** A fresh ACTIVE user assigned directly to both apps, so tests never share a user's state. */
  async function freshUser(prefix: string): Promise<{ id: string; login: string }> {
    counter += 1;
    const login = `${prefix}${counter}@example.com`;
    const user = await control().createUser({ email: login, firstName: prefix, lastName: 'Example', password: PASSWORD });
    await control().assignUserToApp(fixture.app.id, user.id);
    await control().assignUserToApp(fixture.oidcApp.id, user.id);
    return { id: user.id, login };
  }

  const samlIdpInitiated = (browser: TestBrowser, login?: string) => signInThrough(browser, fixture.ssoUrl, login ?? '');
  const oidcFlow = async (browser: TestBrowser, login?: string) => startCodeFlow(await discover(fixture, fixture.idp.url), browser, login);

  void describe('lifecycle', () => {
    void test('suspend, unsuspend, deactivate and activate move the status as Okta does', async () => {
      const { id } = await freshUser('life');
      await control().suspendUser(id);
      assert.equal((await control().getUser(id)).status, 'SUSPENDED');
      await control().unsuspendUser(id);
      assert.equal((await control().getUser(id)).status, 'ACTIVE');
      await control().deactivateUser(id);
      assert.equal((await control().getUser(id)).status, 'DEPROVISIONED');
      await control().activateUser(id);
      assert.equal((await control().getUser(id)).status, 'ACTIVE');
    });

    void test('a transition Okta does not allow is 400 E0000001, and the status stays', async () => {
      const { id } = await freshUser('badlife');
      assert.deepEqual(await codeOf(control().unsuspendUser(id)), { status: 400, errorCode: 'E0000001' });
      assert.deepEqual(await codeOf(control().activateUser(id)), { status: 400, errorCode: 'E0000001' });
      await control().deactivateUser(id);
      assert.deepEqual(await codeOf(control().suspendUser(id)), { status: 400, errorCode: 'E0000001' });
      assert.deepEqual(await codeOf(control().deactivateUser(id)), { status: 400, errorCode: 'E0000001' });
      assert.equal((await control().getUser(id)).status, 'DEPROVISIONED');
    });

    void test('an unknown action or user is 404 E0000007', async () => {
      const { id } = await freshUser('unknown');
      const response = await fetch(`${fixture.idp.url}/api/v1/users/${id}/lifecycle/explode`, {
        method: 'POST',
        headers: { authorization: `SSWS ${fixture.idp.org.apiToken}` },
      });
      assert.equal(response.status, 404);
      assert.equal(((await response.json()) as { errorCode: string }).errorCode, 'E0000007');
      assert.deepEqual(await codeOf(control().suspendUser('00u00000000000000000')), { status: 404, errorCode: 'E0000007' });
    });

    void test('DELETE deactivates an active user first and deletes on the second call', async () => {
      const { id } = await freshUser('delete');
      await control().deleteUser(id);
      assert.equal((await control().getUser(id)).status, 'DEPROVISIONED');
      await control().deleteUser(id);
      assert.deepEqual(await codeOf(control().getUser(id)), { status: 404, errorCode: 'E0000007' });
      assert.ok(!(await control().listAppUsers(fixture.app.id)).some((appUser) => appUser.id === id), 'the deleted user is still an app user');
    });
  });

  void describe('a suspended or deactivated user gets Okta\u2019s page and nothing reaches the app', () => {
    for (const action of ['suspend', 'deactivate'] as const) {
      void test(`${action}: with a live Okta session, SAML and OIDC both show IDP_USER_INACTIVE`, async () => {
        const { id, login } = await freshUser(action);
        const browser = new TestBrowser();
        assert.ok((await samlIdpInitiated(browser, login)).form, 'the user signs in before the change');
        await control().changeUserStatus(id, action);

        const saml = await samlIdpInitiated(browser);
        assert.equal(saml.askedForPassword, false, 'the session is still there');
        assert.equal(errorCodeOf(saml.html), 'IDP_USER_INACTIVE');
        assert.equal(saml.form, undefined);

        const oidc = await oidcFlow(browser);
        assert.equal(oidc.location, undefined, 'the browser was sent to the app');
        assert.equal(oidc.status, 403);
        assert.equal(errorCodeOf(oidc.html), 'IDP_USER_INACTIVE');
      });

      void test(`${action}: without a session, the sign-in page refuses with IDP_USER_INACTIVE over SAML and OIDC`, async () => {
        const { id, login } = await freshUser(`${action}-nosession`);
        await control().changeUserStatus(id, action);
        const saml = await samlIdpInitiated(new TestBrowser(), login);
        assert.equal(signInErrorCodeOf(saml.html), 'IDP_USER_INACTIVE');
        assert.equal(saml.form, undefined);
        const oidc = await oidcFlow(new TestBrowser(), login);
        assert.equal(oidc.location, undefined);
        assert.equal(signInErrorCodeOf(oidc.html), 'IDP_USER_INACTIVE');
      });
    }

    void test('unsuspended, the same session signs in again', async () => {
      const { id, login } = await freshUser('back');
      const browser = new TestBrowser();
      await samlIdpInitiated(browser, login);
      await control().suspendUser(id);
      assert.equal(errorCodeOf((await samlIdpInitiated(browser)).html), 'IDP_USER_INACTIVE');
      await control().unsuspendUser(id);
      assert.ok((await samlIdpInitiated(browser)).form);
    });
  });

  void describe('assignments change at run time', () => {
    void test('a user unassigned from the app loses it at the next sign-in, over SAML and OIDC', async () => {
      const { id, login } = await freshUser('unassign');
      const browser = new TestBrowser();
      assert.ok((await samlIdpInitiated(browser, login)).form);
      await control().unassignUserFromApp(fixture.app.id, id);
      await control().unassignUserFromApp(fixture.oidcApp.id, id);
      const saml = await samlIdpInitiated(browser);
      assert.equal(errorCodeOf(saml.html), 'IDP_USER_NOT_ASSIGNED');
      assert.equal(saml.form, undefined);
      const oidc = await oidcFlow(browser);
      assert.equal(oidc.location, undefined);
      assert.equal(errorCodeOf(oidc.html), 'IDP_USER_NOT_ASSIGNED');
    });

    void test('unassigning a user who has no direct assignment: 404, or 400 when a group gives the access', async () => {
      const stranger = await control().createUser({ email: 'stranger@example.com', firstName: 'S', lastName: 'X', password: PASSWORD });
      assert.deepEqual(await codeOf(control().unassignUserFromApp(fixture.app.id, stranger.id)), { status: 404, errorCode: 'E0000007' });
      assert.deepEqual(await codeOf(control().unassignUserFromApp(fixture.app.id, fixture.users.carol)), { status: 400, errorCode: 'E0000001' });
      assert.deepEqual(await codeOf(control().removeUserFromGroup(fixture.groupId, stranger.id)), { status: 404, errorCode: 'E0000007' });
    });

    void test('removed from the group that gave access, a user loses the app; added back, has it again, without a restart', async () => {
      const user = await control().createUser({ email: 'grouped@example.com', firstName: 'G', lastName: 'X', password: PASSWORD });
      await control().addUserToGroup(fixture.groupId, user.id);
      const browser = new TestBrowser();
      assert.ok((await samlIdpInitiated(browser, 'grouped@example.com')).form, 'the group gives access');

      await control().removeUserFromGroup(fixture.groupId, user.id);
      assert.equal(errorCodeOf((await samlIdpInitiated(browser)).html), 'IDP_USER_NOT_ASSIGNED');
      assert.equal(errorCodeOf((await oidcFlow(browser)).html), 'IDP_USER_NOT_ASSIGNED');
      assert.ok(!(await control().listAppUsers(fixture.app.id)).some((appUser) => appUser.id === user.id));

      await control().addUserToGroup(fixture.groupId, user.id);
      assert.ok((await samlIdpInitiated(browser)).form, 'access is back');
      assert.ok((await oidcFlow(browser)).location?.startsWith(`${RP_REDIRECT_URI}?`));
    });
  });

  void describe('profile updates and app usernames', () => {
    let createOnly: OktaSamlApp;

    beforeEach(async () => {
      createOnly = await control().createSamlApp({
        label: `Create only ${++counter}`,
        signOn: {
          ssoAcsUrl: SP_ACS_URL,
          audience: SP_ENTITY_ID,
          subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
          attributeStatements: [{ type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.email'] }],
        },
        userNameTemplate: { template: '${source.email}', type: 'BUILT_IN', pushStatus: 'DONT_PUSH' },
      });
    });

    void test('POST /api/v1/users/{id} changes only the fields given', async () => {
      const { id } = await freshUser('partial');
      const updated = await control().updateUser(id, { profile: { firstName: 'Renamed' } });
      assert.equal(updated.profile.firstName, 'Renamed');
      assert.equal(updated.profile.lastName, 'Example');
      assert.match(updated.profile.email, /^partial\d+@example\.com$/);
    });

    void test('with "Create and update" the next SAML sign-in asserts the new app username; with "Create only" it keeps the old one', async () => {
      await control().updateSamlApp(fixture.app.id, { userNameTemplate: { template: '${source.email}', type: 'BUILT_IN', pushStatus: 'PUSH' } });
      const { id, login } = await freshUser('mover');
      await control().assignUserToApp(createOnly.id, id);
      const createOnlySso = (await control().getSamlSetup(createOnly.id)).ssoUrl;
      const browser = new TestBrowser();
      const before = subjectOf((await samlIdpInitiated(browser, login)).form!.SAMLResponse);
      assert.deepEqual(before, { nameId: login, email: login });

      const newEmail = login.replace('@', '.new@');
      await control().updateUser(id, { profile: { email: newEmail, login: newEmail } });

      const pushed = subjectOf((await samlIdpInitiated(browser)).form!.SAMLResponse);
      assert.deepEqual(pushed, { nameId: newEmail, email: newEmail });
      const kept = subjectOf((await signInThrough(browser, createOnlySso, '')).form!.SAMLResponse);
      assert.deepEqual(kept, { nameId: login, email: newEmail }, 'Create only keeps the app username; the email attribute is the profile\u2019s');

      const appUsers = await control().listAppUsers(createOnly.id);
      assert.equal(appUsers.find((appUser) => appUser.id === id)?.credentials.userName, login);
    });

    void test('the next OIDC sign-in carries the new email, with the same subject', async () => {
      const { id, login } = await freshUser('oidcmover');
      const config = await discover(fixture, fixture.idp.url);
      const browser = new TestBrowser();
      const first = await finishCodeFlow(config, await startCodeFlow(config, browser, login));
      assert.equal(first.claims()?.['email'], login);
      const newEmail = login.replace('@', '.renamed@');
      await control().updateUser(id, { profile: { email: newEmail } });
      const second = await finishCodeFlow(config, await startCodeFlow(config, browser));
      assert.equal(second.claims()?.['email'], newEmail);
      assert.equal(second.claims()?.sub, first.claims()?.sub);
    });

    void test('a bad update is 400 E0000001 and changes nothing', async () => {
      const { id, login } = await freshUser('badupdate');
      const other = await freshUser('taken');
      for (const body of [
        { profile: { email: 'not-an-email' } },
        { profile: { login: other.login } },
        { profile: { favouriteColour: 'blue' } },
        { profile: { firstName: 42 } },
      ]) {
        const response = await fetch(`${fixture.idp.url}/api/v1/users/${id}`, {
          method: 'POST',
          headers: { authorization: `SSWS ${fixture.idp.org.apiToken}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        assert.equal(response.status, 400, JSON.stringify(body));
        assert.equal(((await response.json()) as { errorCode: string }).errorCode, 'E0000001');
      }
      const unchanged = await control().getUser(id);
      assert.equal(unchanged.profile.email, login);
      assert.equal(unchanged.profile.login, login);
      await control().deactivateUser(id);
      assert.deepEqual(await codeOf(control().updateUser(id, { profile: { firstName: 'Late' } })), { status: 400, errorCode: 'E0000001' });
    });

    void test('a new password signs in; the old one no longer does', async () => {
      const { id, login } = await freshUser('password');
      await control().updateUser(id, { password: 'a brand new passphrase' });
      assert.equal(signInErrorCodeOf((await browse(new TestBrowser(), fixture.ssoUrl, login)).html), 'IDP_SIGNIN_FAILED');
      const outcome = await signInThrough(new TestBrowser(), fixture.ssoUrl, login, 'a brand new passphrase');
      assert.ok(readAutoPostForm(outcome.html));
    });
  });
});
