/** The Okta admin's part of the vendor guides: users, groups, app integrations, assignments. */
import { Given, type DataTable } from '@cucumber/cucumber';
import { DEFAULT_SAML_FIELDS, OktaAdmin, type SamlAppFields } from './tasks/okta-admin.ts';
import { SpAdmin } from './tasks/sp-admin.ts';
import type { Protocol } from './support/parameter-types.ts';
import type { ConformanceWorld } from './support/world.ts';

Given('{actor} is an Okta user', async function (this: ConformanceWorld, name: string) {
  await OktaAdmin.createUser(this, name);
});

Given('{actor} is an Okta user in the group {string}', async function (this: ConformanceWorld, name: string, group: string) {
  const userId = await OktaAdmin.createUser(this, name);
  await this.okta.addUserToGroup(await OktaAdmin.groupNamed(this, group), userId);
});

Given('the Okta admin creates the SAML 2.0 app {string} with:', async function (this: ConformanceWorld, label: string, table: DataTable) {
  await OktaAdmin.createSamlApp(this, label, table.raw() as SamlAppFields);
});

Given(
  'the Okta admin creates the SAML 2.0 app {string} with temporary SSO URL and Audience URI and:',
  async function (this: ConformanceWorld, label: string, table: DataTable) {
    await OktaAdmin.createSamlApp(this, label, table.raw() as SamlAppFields);
  },
);

Given('the Okta admin creates the OIDC web app {string}', async function (this: ConformanceWorld, label: string) {
  await OktaAdmin.createOidcWebApp(this, label);
});

Given('the Okta admin assigns {actor} to {string}', async function (this: ConformanceWorld, name: string, label: string) {
  await this.okta.assignUserToApp(this.oktaAppId(label), this.oktaUserId(name));
});

Given('the Okta admin assigns the group {string} to {string}', async function (this: ConformanceWorld, group: string, label: string) {
  await this.okta.assignGroupToApp(this.oktaAppId(label), await OktaAdmin.groupNamed(this, group));
});

Given("the Okta admin enters the SP's Entity ID and Callback URL in {string}", async function (this: ConformanceWorld, label: string) {
  await OktaAdmin.enterSpSamlValues(this, label);
});

Given("the Okta admin enters the SP's sign-in redirect URI in {string}", async function (this: ConformanceWorld, label: string) {
  await OktaAdmin.setRedirectUri(this, label, this.spOidcValues.get().redirectUri);
});

Given(
  'the Okta admin changes the sign-in redirect URI of {string} to {string}',
  async function (this: ConformanceWorld, label: string, redirectUri: string) {
    await OktaAdmin.setRedirectUri(this, label, redirectUri);
  },
);

Given(
  "the Okta admin lets Okta or the app start the login of {string}, redirecting to the SP's initiate login URI",
  async function (this: ConformanceWorld, label: string) {
    await OktaAdmin.letOktaStartLogin(this, label, 'OIDC Compliant');
  },
);

Given(
  'the Okta admin lets Okta or the app start the login of {string}, sending the ID token directly to the app',
  async function (this: ConformanceWorld, label: string) {
    await OktaAdmin.letOktaStartLogin(this, label, 'Okta Simplified');
  },
);

/**
 * The whole set-up of a guide in one step, for outlines that run a flow over both protocols: an app
 * with the guides' default settings, the SP configured from it, and the SP's values put back.
 */
Given(
  'the SP organization is connected to the Okta app {string} over {protocol} with the portal key {string}',
  async function (this: ConformanceWorld, label: string, protocol: Protocol, portalKey: string) {
    const admin = this.spAdmin.get();
    const options = { portalKey: this.names.portalKey(portalKey) };
    if (protocol === 'saml') {
      await OktaAdmin.createSamlApp(this, label, DEFAULT_SAML_FIELDS);
      await SpAdmin.configureSamlManually(this, admin, label, options);
      await OktaAdmin.enterSpSamlValues(this, label);
    } else {
      await OktaAdmin.createOidcWebApp(this, label);
      await SpAdmin.configureOidc(this, admin, label, options);
      await OktaAdmin.setRedirectUri(this, label, this.spOidcValues.get().redirectUri);
    }
  },
);
