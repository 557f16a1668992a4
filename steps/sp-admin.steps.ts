/** The SP admin's part of the vendor guides (and the vendor's own staff), through the SP driver. */
import { Given, Then, When, type DataTable } from '@cucumber/cucumber';
import { SpAdmin } from './tasks/sp-admin.ts';
import type { Protocol } from './support/parameter-types.ts';
import { connectionPlan, enforcementLabel } from './support/vocabulary.ts';
import type { ConformanceWorld } from './support/world.ts';

type World = ConformanceWorld;
const rows = (table: DataTable): [string, string][] => table.raw() as [string, string][];
const withKey = (portalKey: string) => connectionPlan([], { portalKey });

Given('{actor} owns the SP organization {string}', async function (this: World, name: string, organization: string) {
  await SpAdmin.createOrganization(this, name, organization);
});

Given('{actor} owns another SP organization {string}', async function (this: World, name: string, organization: string) {
  await SpAdmin.createOtherOrganization(this, name, organization);
});

Given(
  '{actor} configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of {string} and the portal key {string}',
  async function (this: World, name: string, label: string, portalKey: string) {
    await SpAdmin.configure(this, name, label, 'saml', withKey(portalKey));
  },
);

Given(
  '{actor} configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of {string} and the portal key {string}, allowing sign-in from the Okta dashboard',
  async function (this: World, name: string, label: string, portalKey: string) {
    await SpAdmin.configure(this, name, label, 'saml', connectionPlan([], { portalKey, dashboard: 'allowed' }));
  },
);

Given('{actor} configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of {string} and:', async function (this: World, name: string, label: string, table: DataTable) {
  await SpAdmin.configure(this, name, label, 'saml', connectionPlan(rows(table)));
});

Given('{actor} uploads the IdP metadata of {string} to the SP with the portal key {string}', async function (this: World, name: string, label: string, portalKey: string) {
  await SpAdmin.configureSamlFromMetadata(this, name, label, { portalKey: this.names.portalKey(portalKey) });
});

Given('{actor} uploads the IdP metadata of {string} to the SP with:', async function (this: World, name: string, label: string, table: DataTable) {
  await SpAdmin.configureFromMetadata(this, name, label, connectionPlan(rows(table)));
});

Given(
  '{actor} configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of {string} and the portal key {string}',
  async function (this: World, name: string, label: string, portalKey: string) {
    await SpAdmin.configure(this, name, label, 'oidc', withKey(portalKey));
  },
);

Given(
  '{actor} configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of {string} and the portal key {string}, accepting ID tokens from the Okta dashboard',
  async function (this: World, name: string, label: string, portalKey: string) {
    await SpAdmin.configure(this, name, label, 'oidc', connectionPlan([], { portalKey, dashboard: 'allowed' }));
  },
);

Given('{actor} configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of {string} and:', async function (this: World, name: string, label: string, table: DataTable) {
  await SpAdmin.configure(this, name, label, 'oidc', connectionPlan(rows(table)));
});

Given(
  'the SP organization is connected to the Okta app {string} over {protocol} with the portal key {string}',
  async function (this: World, label: string, protocol: Protocol, portalKey: string) {
    await SpAdmin.connect(this, label, protocol, withKey(portalKey));
  },
);

Given('the SP organization is connected to the Okta app {string} over {protocol} with:', async function (this: World, label: string, protocol: Protocol, table: DataTable) {
  await SpAdmin.connect(this, label, protocol, connectionPlan(rows(table)));
});

Given(
  'the vendor sets up the SP organization {string} for the Okta app {string} over {protocol} with:',
  async function (this: World, organization: string, label: string, protocol: Protocol, table: DataTable) {
    await SpAdmin.vendorConnect(this, organization, label, protocol, connectionPlan(rows(table), { provisioning: 'jit' }));
  },
);

Given(
  'the vendor sets up the SP organization {string} from the Client ID, Client Secret and Okta domain of {string}, accepting ID tokens from the Okta dashboard',
  async function (this: World, organization: string, label: string) {
    await SpAdmin.vendorSetUp(this, organization, label, 'oidc', connectionPlan([], { provisioning: 'jit', dashboard: 'allowed' }));
  },
);

Given('{actor} invites {actor} to the SP organization', async function (this: World, admin: string, invitee: string) {
  await SpAdmin.invite(this, admin, invitee);
});

When('{actor} turns on {string} in the SP', async function (this: World, admin: string, label: string) {
  await SpAdmin.changePolicy(this, admin, { enforcement: enforcementLabel(label) });
});

When('{actor} connects {string} to the Okta app {string} and claims the company domain', async function (this: World, admin: string, organization: string, label: string) {
  await SpAdmin.otherOrganizationClaimsCompanyDomain(this, admin, organization, label);
});

Then('the SP refuses the claim with {string}', function (this: World, code: string) {
  SpAdmin.expectClaimRefused(this, code);
});
