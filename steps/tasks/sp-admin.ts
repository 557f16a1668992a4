/**
 * SpAdmin: what the SP's admin does in the SP, with values read from the Okta admin console,
 * through the SP driver in the admin's own browser.
 */
import type { OidcSsoOptions, SamlSsoOptions } from '../drivers/sp-driver.ts';
import type { ConformanceWorld } from '../support/world.ts';

export const SpAdmin = {
  /** Sign on URL, Issuer and Certificate, as "View SAML setup instructions" shows them. */
  async configureSamlManually(world: ConformanceWorld, adminName: string, label: string, options: SamlSsoOptions): Promise<void> {
    const setup = await world.okta.getSamlSetup(world.oktaAppId(label));
    const { page } = await world.browserOf(adminName, 'admin');
    const values = await world.sp.configureSaml(
      page,
      world.spOrganization.get(),
      { kind: 'manual', ssoUrl: setup.ssoUrl, issuer: setup.issuer, certificatePem: setup.certificatePem },
      options,
    );
    world.spSamlValues.set(values);
    world.spCallbackUrl.set(values.acsUrl);
  },

  /** "View IdP metadata", Save As, then the upload. */
  async configureSamlFromMetadata(world: ConformanceWorld, adminName: string, label: string, options: SamlSsoOptions): Promise<void> {
    const metadataXml = await world.okta.getSamlMetadata(world.oktaAppId(label));
    const { page } = await world.browserOf(adminName, 'admin');
    const values = await world.sp.configureSaml(page, world.spOrganization.get(), { kind: 'metadata', metadataXml }, options);
    world.spSamlValues.set(values);
    world.spCallbackUrl.set(values.acsUrl);
  },

  /** Client ID, Client Secret and issuer from the app's General tab. */
  async configureOidc(world: ConformanceWorld, adminName: string, label: string, options: OidcSsoOptions): Promise<void> {
    const setup = await world.okta.getOidcSetup(world.oktaAppId(label));
    const { page } = await world.browserOf(adminName, 'admin');
    const values = await world.sp.configureOidc(
      page,
      world.spOrganization.get(),
      { issuer: setup.issuer, clientId: setup.clientId, clientSecret: setup.clientSecret },
      options,
    );
    world.spOidcValues.set(values);
    world.spCallbackUrl.set(values.redirectUri);
  },
};
