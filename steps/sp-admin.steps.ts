/** What the SP's admin does in the SP, through the SP driver. */
import { Given } from '@cucumber/cucumber';
import type { ConformanceWorld } from './support/world.ts';

Given('{actor} owns the SP organization {string}', async function (this: ConformanceWorld, name: string, organization: string) {
  const actor = this.actor(name);
  const { page } = await this.browserOf(name, 'admin');
  this.spOrganization.set(
    await this.sp.createOrganization(page, { name: organization, adminEmail: actor.email, adminPassword: actor.password }),
  );
});

Given(
  '{actor} configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of {string} and the portal key {string}',
  async function (this: ConformanceWorld, name: string, label: string, portalKey: string) {
    // What the admin console shows under "View SAML setup instructions".
    const setup = await this.okta.getSamlSetup(this.oktaAppId(label));
    const { page } = await this.browserOf(name, 'admin');
    this.spSamlValues.set(
      await this.sp.configureSaml(
        page,
        this.spOrganization.get(),
        { kind: 'manual', ssoUrl: setup.ssoUrl, issuer: setup.issuer, certificatePem: setup.certificatePem },
        { portalKey: this.names.portalKey(portalKey) },
      ),
    );
  },
);

Given(
  '{actor} uploads the IdP metadata of {string} to the SP with the portal key {string}',
  async function (this: ConformanceWorld, name: string, label: string, portalKey: string) {
    // "View IdP metadata", then Save As: the file the admin uploads.
    const metadataXml = await this.okta.getSamlMetadata(this.oktaAppId(label));
    const { page } = await this.browserOf(name, 'admin');
    this.spSamlValues.set(
      await this.sp.configureSaml(page, this.spOrganization.get(), { kind: 'metadata', metadataXml }, {
        portalKey: this.names.portalKey(portalKey),
      }),
    );
  },
);

Given('{actor} invites {actor} to the SP organization', async function (this: ConformanceWorld, admin: string, invitee: string) {
  const { page } = await this.browserOf(admin, 'admin');
  await this.sp.inviteUser(page, this.spOrganization.get(), this.actor(invitee).email);
});
