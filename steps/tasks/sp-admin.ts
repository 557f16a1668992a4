/**
 * SpAdmin: what the SP's admin (or the vendor's staff, for an organization set up for a customer)
 * does in the SP, with values read from the Okta admin console, through the SP driver in the
 * admin's own browser.
 */
import assert from 'node:assert/strict';
import type { OidcSsoOptions, SamlSsoOptions, SpMember, SsoOptions, SsoPolicyChanges } from '../drivers/sp-driver.ts';
import { driverMethod } from '../drivers/sp-driver.ts';
import type { Protocol } from '../support/parameter-types.ts';
import type { ConnectionPlan } from '../support/vocabulary.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { DEFAULT_SAML_FIELDS, OktaAdmin } from './okta-admin.ts';

/** The SSO options a plan stands for, with the scenario's unique portal key and domain. */
function ssoOptions(world: ConformanceWorld, plan: ConnectionPlan): SsoOptions {
  return {
    portalKey: world.names.portalKey(plan.portalKey),
    provisioning: plan.provisioning,
    enforcement: plan.enforcement,
    domains: plan.claimsCompanyDomain ? [world.names.domain] : [],
  };
}

const samlOptions = (world: ConformanceWorld, plan: ConnectionPlan): SamlSsoOptions => ({ ...ssoOptions(world, plan), allowIdpInitiated: plan.dashboard === 'allowed' });
const oidcOptions = (world: ConformanceWorld, plan: ConnectionPlan): OidcSsoOptions => ({ ...ssoOptions(world, plan), acceptOktaSimplified: plan.dashboard === 'allowed' });

/**
 * The Okta side of "Sign-in from the Okta dashboard" for an OIDC app: the tile POSTs an id_token
 * (Okta Simplified, which the SP allows or not), or goes through the SP's initiate login URI.
 */
async function oidcDashboard(world: ConformanceWorld, label: string, plan: ConnectionPlan): Promise<void> {
  if (plan.dashboard === null) return;
  await OktaAdmin.letOktaStartLogin(world, label, plan.dashboard === 'initiate-login' ? 'OIDC Compliant' : 'Okta Simplified');
}

function refuseSamlInitiateLogin(protocol: Protocol, plan: ConnectionPlan): void {
  if (protocol === 'saml' && plan.dashboard === 'initiate-login') throw new Error('a SAML app has no initiate login URI');
}

export const SpAdmin = {
  async createOrganization(world: ConformanceWorld, adminName: string, organization: string): Promise<void> {
    const actor = world.actor(adminName);
    const { page } = await world.browserOf(adminName, 'admin');
    world.spOrganization.set(await world.sp.createOrganization(page, { name: organization, adminEmail: actor.email, adminPassword: actor.password }));
    world.spAdmin.set(adminName);
  },

  /** Sign on URL, Issuer and Certificate, as "View SAML setup instructions" shows them. */
  async configureSamlManually(world: ConformanceWorld, adminName: string, label: string, options: SamlSsoOptions): Promise<void> {
    const setup = await world.okta.getSamlSetup(world.oktaAppId(label));
    const { page } = await world.browserOf(adminName, 'admin');
    const values = await driverMethod(world.sp, 'configureSaml')(
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
    const values = await driverMethod(world.sp, 'configureSaml')(page, world.spOrganization.get(), { kind: 'metadata', metadataXml }, options);
    world.spSamlValues.set(values);
    world.spCallbackUrl.set(values.acsUrl);
  },

  /** Client ID, Client Secret and issuer from the app's General tab. */
  async configureOidc(world: ConformanceWorld, adminName: string, label: string, options: OidcSsoOptions): Promise<void> {
    const setup = await world.okta.getOidcSetup(world.oktaAppId(label));
    const { page } = await world.browserOf(adminName, 'admin');
    const values = await driverMethod(world.sp, 'configureOidc')(
      page,
      world.spOrganization.get(),
      { issuer: setup.issuer, clientId: setup.clientId, clientSecret: setup.clientSecret },
      options,
    );
    world.spOidcValues.set(values);
    world.spCallbackUrl.set(values.redirectUri);
  },

  /** ngrok: the metadata upload, with the options of the same page. */
  async configureFromMetadata(world: ConformanceWorld, adminName: string, label: string, plan: ConnectionPlan): Promise<void> {
    refuseSamlInitiateLogin('saml', plan);
    await SpAdmin.configureSamlFromMetadata(world, adminName, label, samlOptions(world, plan));
  },

  /** A plan's SSO settings configured in the SP from an existing Okta app of `protocol`. */
  async configure(world: ConformanceWorld, adminName: string, label: string, protocol: Protocol, plan: ConnectionPlan): Promise<void> {
    refuseSamlInitiateLogin(protocol, plan);
    if (protocol === 'saml') await SpAdmin.configureSamlManually(world, adminName, label, samlOptions(world, plan));
    else await SpAdmin.configureOidc(world, adminName, label, oidcOptions(world, plan));
  },

  /**
   * The whole set-up of a guide, for outlines that run a flow over both protocols: an app with the
   * guides' default settings, the SP configured from it, the SP's values put back, the dashboard tile.
   */
  async connect(world: ConformanceWorld, label: string, protocol: Protocol, plan: ConnectionPlan): Promise<void> {
    const admin = world.spAdmin.get();
    if (protocol === 'saml') {
      await OktaAdmin.createSamlApp(world, label, DEFAULT_SAML_FIELDS);
      await SpAdmin.configure(world, admin, label, protocol, plan);
      await OktaAdmin.enterSpSamlValues(world, label);
    } else {
      await OktaAdmin.createOidcWebApp(world, label);
      await SpAdmin.configure(world, admin, label, protocol, plan);
      await OktaAdmin.setRedirectUri(world, label, world.spOidcValues.get().redirectUri);
      await oidcDashboard(world, label, plan);
    }
  },

  /**
   * Inigo's "Share Client ID with Inigo": the vendor's staff set up an SSO organization with no
   * account from the existing Okta app's values; the customer's admin puts the SP's values back.
   */
  async vendorSetUp(world: ConformanceWorld, organization: string, label: string, protocol: Protocol, plan: ConnectionPlan): Promise<void> {
    refuseSamlInitiateLogin(protocol, plan);
    const appId = world.oktaAppId(label);
    if (protocol === 'saml') {
      const setup = await world.okta.getSamlSetup(appId);
      const made = await driverMethod(world.sp, 'createSsoOrganization')({
        name: organization,
        protocol: 'saml',
        idp: { kind: 'manual', ssoUrl: setup.ssoUrl, issuer: setup.issuer, certificatePem: setup.certificatePem },
        options: samlOptions(world, plan),
      });
      if (made.protocol !== 'saml') throw new Error('the driver made an OIDC organization for SAML');
      world.spOrganization.set(made.organization);
      world.spSamlValues.set(made.values);
      world.spCallbackUrl.set(made.values.acsUrl);
      await OktaAdmin.enterSpSamlValues(world, label);
    } else {
      const setup = await world.okta.getOidcSetup(appId);
      const made = await driverMethod(world.sp, 'createSsoOrganization')({
        name: organization,
        protocol: 'oidc',
        idp: { issuer: setup.issuer, clientId: setup.clientId, clientSecret: setup.clientSecret },
        options: oidcOptions(world, plan),
      });
      if (made.protocol !== 'oidc') throw new Error('the driver made a SAML organization for OIDC');
      world.spOrganization.set(made.organization);
      world.spOidcValues.set(made.values);
      world.spCallbackUrl.set(made.values.redirectUri);
      await OktaAdmin.setRedirectUri(world, label, made.values.redirectUri);
      await oidcDashboard(world, label, plan);
    }
  },

  /** A new app of `protocol` with the guides' defaults, then the vendor's set-up. */
  async vendorConnect(world: ConformanceWorld, organization: string, label: string, protocol: Protocol, plan: ConnectionPlan): Promise<void> {
    if (protocol === 'saml') await OktaAdmin.createSamlApp(world, label, DEFAULT_SAML_FIELDS);
    else await OktaAdmin.createOidcWebApp(world, label);
    await SpAdmin.vendorSetUp(world, organization, label, protocol, plan);
  },

  /** A change to the saved connection that must be accepted. */
  async changePolicy(world: ConformanceWorld, adminName: string, changes: SsoPolicyChanges): Promise<void> {
    const { page } = await world.browserOf(adminName, 'admin');
    assert.deepEqual(await driverMethod(world.sp, 'updateSsoPolicy')(page, world.spOrganization.get(), changes), { kind: 'saved' });
  },

  async invite(world: ConformanceWorld, adminName: string, inviteeName: string): Promise<void> {
    const { page } = await world.browserOf(adminName, 'admin');
    world.invitations.set(inviteeName, await driverMethod(world.sp, 'inviteUser')(page, world.spOrganization.get(), world.actor(inviteeName).email));
  },

  /** A second organization of the scenario, with its own admin. */
  async createOtherOrganization(world: ConformanceWorld, adminName: string, organization: string): Promise<void> {
    const actor = world.actor(adminName);
    const { page } = await world.browserOf(adminName, 'admin');
    const made = await world.sp.createOrganization(page, { name: organization, adminEmail: actor.email, adminPassword: actor.password });
    world.otherSpOrganizations.set(organization, { organization: made, adminName });
  },

  /**
   * The other organization's admin connects it to its own Okta OIDC app, then claims the company
   * domain too; what the SP answered is kept for the Then step.
   */
  async otherOrganizationClaimsCompanyDomain(world: ConformanceWorld, adminName: string, organization: string, label: string): Promise<void> {
    const other = world.otherSpOrganizations.get(organization);
    if (!other || other.adminName !== adminName) throw new Error(`${adminName} owns no other SP organization "${organization}" in this scenario`);
    await OktaAdmin.createOidcWebApp(world, label);
    const setup = await world.okta.getOidcSetup(world.oktaAppId(label));
    const { page } = await world.browserOf(adminName, 'admin');
    const idp = { issuer: setup.issuer, clientId: setup.clientId, clientSecret: setup.clientSecret };
    await driverMethod(world.sp, 'configureOidc')(page, other.organization, idp, { portalKey: world.names.portalKey(`${organization}_SSO`) });
    world.lastSettingsOutcome.set(await driverMethod(world.sp, 'updateSsoPolicy')(page, other.organization, { domains: [world.names.domain] }));
  },

  expectClaimRefused(world: ConformanceWorld, code: string): void {
    assert.deepEqual(world.lastSettingsOutcome.get(), { kind: 'refused', code });
  },
};

/** The admin's member list, read through the driver (capability invitation-acceptance). */
export const Members = {
  async list(world: ConformanceWorld): Promise<SpMember[]> {
    const { page } = await world.spAdminBrowser();
    return driverMethod(world.sp, 'listMembers')(page, world.spOrganization.get());
  },

  async expect(world: ConformanceWorld, actorName: string, status: string, role: string): Promise<void> {
    const email = world.actor(actorName).email;
    const found = (await Members.list(world)).filter((member) => member.email === email);
    assert.deepEqual(found, [{ email, role, status }], `${actorName} in the member list`);
  },

  async expectAbsent(world: ConformanceWorld, actorName: string): Promise<void> {
    const email = world.actor(actorName).email;
    const members = await Members.list(world);
    assert.ok(!members.some((member) => member.email === email), `${actorName} is in the member list: ${JSON.stringify(members)}`);
  },
};
