/** The Okta admin's part of the vendor guides: users and their states, groups, app integrations, assignments. */
import { Given, When, type DataTable } from '@cucumber/cucumber';
import { OktaAdmin, type SamlAppFields } from './tasks/okta-admin.ts';
import type { OktaLifecycleWord } from './support/parameter-types.ts';
import type { ConformanceWorld } from './support/world.ts';

type World = ConformanceWorld;

Given('{actor} is an Okta user', async function (this: World, name: string) {
  await OktaAdmin.createUser(this, name);
});

Given('{actor} is an Okta user whose email Okta keeps with capital letters', async function (this: World, name: string) {
  await OktaAdmin.createUser(this, name, 'capitalised email');
});

Given('{actor} is an Okta user whose Okta username is not an email address', async function (this: World, name: string) {
  await OktaAdmin.createUser(this, name, 'username not an email');
});

Given('{actor} is an Okta user with an email outside the company domain', async function (this: World, name: string) {
  await OktaAdmin.createUser(this, name, 'email elsewhere');
});

Given('{actor} is an Okta user in the group {string}', async function (this: World, name: string, group: string) {
  await OktaAdmin.createUser(this, name);
  await OktaAdmin.addToGroup(this, name, group);
});

Given('the Okta admin creates the SAML 2.0 app {string} with:', async function (this: World, label: string, table: DataTable) {
  await OktaAdmin.createSamlApp(this, label, table.raw() as SamlAppFields);
});

Given('the Okta admin creates the SAML 2.0 app {string} with temporary SSO URL and Audience URI and:', async function (this: World, label: string, table: DataTable) {
  await OktaAdmin.createSamlApp(this, label, table.raw() as SamlAppFields);
});

Given('the Okta admin edits the SAML settings of {string}:', async function (this: World, label: string, table: DataTable) {
  await OktaAdmin.editSamlApp(this, label, table.raw() as SamlAppFields);
});

Given('the Okta admin creates the OIDC web app {string}', async function (this: World, label: string) {
  await OktaAdmin.createOidcWebApp(this, label);
});

Given('the Okta admin assigns {actor} to {string}', async function (this: World, name: string, label: string) {
  await this.okta.assignUserToApp(this.oktaAppId(label), this.oktaUserId(name));
});

Given('the Okta admin assigns the group {string} to {string}', async function (this: World, group: string, label: string) {
  await this.okta.assignGroupToApp(this.oktaAppId(label), await OktaAdmin.groupNamed(this, group));
});

Given("the Okta admin enters the SP's Entity ID and Callback URL in {string}", async function (this: World, label: string) {
  await OktaAdmin.enterSpSamlValues(this, label);
});

Given("the Okta admin enters the SP's sign-in redirect URI in {string}", async function (this: World, label: string) {
  await OktaAdmin.setRedirectUri(this, label, this.spOidcValues.get().redirectUri);
});

Given('the Okta admin changes the sign-in redirect URI of {string} to {string}', async function (this: World, label: string, redirectUri: string) {
  await OktaAdmin.setRedirectUri(this, label, redirectUri);
});

Given("the Okta admin lets Okta or the app start the login of {string}, redirecting to the SP's initiate login URI", async function (this: World, label: string) {
  await OktaAdmin.letOktaStartLogin(this, label, 'OIDC Compliant');
});

Given('the Okta admin lets Okta or the app start the login of {string}, sending the ID token directly to the app', async function (this: World, label: string) {
  await OktaAdmin.letOktaStartLogin(this, label, 'Okta Simplified');
});

When('the Okta admin {oktaLifecycle} {actor}', async function (this: World, action: OktaLifecycleWord, name: string) {
  await OktaAdmin.changeStatus(this, name, action);
});

When('the Okta admin unassigns {actor} from {string}', async function (this: World, name: string, label: string) {
  await OktaAdmin.unassign(this, name, label);
});

When('the Okta admin removes {actor} from the group {string}', async function (this: World, name: string, group: string) {
  await OktaAdmin.removeFromGroup(this, name, group);
});

When('the Okta admin adds {actor} to the group {string}', async function (this: World, name: string, group: string) {
  await OktaAdmin.addToGroup(this, name, group);
});

When("the Okta admin changes {actor}'s email in Okta", async function (this: World, name: string) {
  await OktaAdmin.changeEmail(this, name);
});
