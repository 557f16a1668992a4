/** The SP admin's part of the vendor guides, through the SP driver. */
import { Given } from '@cucumber/cucumber';
import { SpAdmin } from './tasks/sp-admin.ts';
import type { ConformanceWorld } from './support/world.ts';

Given('{actor} owns the SP organization {string}', async function (this: ConformanceWorld, name: string, organization: string) {
  const actor = this.actor(name);
  const { page } = await this.browserOf(name, 'admin');
  this.spOrganization.set(
    await this.sp.createOrganization(page, { name: organization, adminEmail: actor.email, adminPassword: actor.password }),
  );
  this.spAdmin.set(name);
});

Given(
  '{actor} configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of {string} and the portal key {string}',
  async function (this: ConformanceWorld, name: string, label: string, portalKey: string) {
    await SpAdmin.configureSamlManually(this, name, label, { portalKey: this.names.portalKey(portalKey) });
  },
);

Given(
  '{actor} configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of {string} and the portal key {string}, allowing sign-in from the Okta dashboard',
  async function (this: ConformanceWorld, name: string, label: string, portalKey: string) {
    await SpAdmin.configureSamlManually(this, name, label, { portalKey: this.names.portalKey(portalKey), allowIdpInitiated: true });
  },
);

Given(
  '{actor} uploads the IdP metadata of {string} to the SP with the portal key {string}',
  async function (this: ConformanceWorld, name: string, label: string, portalKey: string) {
    await SpAdmin.configureSamlFromMetadata(this, name, label, { portalKey: this.names.portalKey(portalKey) });
  },
);

Given(
  '{actor} configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of {string} and the portal key {string}',
  async function (this: ConformanceWorld, name: string, label: string, portalKey: string) {
    await SpAdmin.configureOidc(this, name, label, { portalKey: this.names.portalKey(portalKey) });
  },
);

Given(
  '{actor} configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of {string} and the portal key {string}, accepting ID tokens from the Okta dashboard',
  async function (this: ConformanceWorld, name: string, label: string, portalKey: string) {
    await SpAdmin.configureOidc(this, name, label, { portalKey: this.names.portalKey(portalKey), acceptOktaSimplified: true });
  },
);

Given('{actor} invites {actor} to the SP organization', async function (this: ConformanceWorld, admin: string, invitee: string) {
  const { page } = await this.browserOf(admin, 'admin');
  await this.sp.inviteUser(page, this.spOrganization.get(), this.actor(invitee).email);
});
