/**
 * What the Okta admin does in the admin console, done through the mock IdP's Management API
 * (Okta's /api/v1 shapes), in the scenario's own org.
 */
import { Given, type DataTable } from '@cucumber/cucumber';
import type { SamlSignOn } from '../mock-idp/index.ts';
import { nameIdFormatFor, userNameTemplateFor } from './support/vocabulary.ts';
import type { ConformanceWorld } from './support/world.ts';

/** What the admin types into "Single sign on URL" and "Audience URI" before the SP has generated its values (ngrok guide). */
const TEMPORARY_ACS_URL = 'https://example.com/temporary/acs';
const TEMPORARY_AUDIENCE = 'https://example.com/temporary/audience';

Given('{actor} is an Okta user', async function (this: ConformanceWorld, name: string) {
  const actor = this.actor(name);
  const user = await this.okta.createUser({
    login: actor.email,
    email: actor.email,
    firstName: actor.firstName,
    lastName: actor.lastName,
    password: actor.password,
  });
  this.oktaUserIds.set(name, user.id);
});

Given('the Okta admin creates the SAML 2.0 app {string} with:', async function (this: ConformanceWorld, label: string, table: DataTable) {
  await createSamlApp(this, label, table);
});

Given(
  'the Okta admin creates the SAML 2.0 app {string} with temporary SSO URL and Audience URI and:',
  async function (this: ConformanceWorld, label: string, table: DataTable) {
    await createSamlApp(this, label, table);
  },
);

Given('the Okta admin assigns {actor} to {string}', async function (this: ConformanceWorld, name: string, label: string) {
  await this.okta.assignUserToApp(this.oktaAppId(label), this.oktaUserId(name));
});

Given("the Okta admin enters the SP's Entity ID and Callback URL in {string}", async function (this: ConformanceWorld, label: string) {
  const { acsUrl, entityId } = this.spSamlValues.get();
  // "Use this for Recipient URL and Destination URL" stays checked, as in the guides.
  await this.okta.updateSamlApp(this.oktaAppId(label), {
    signOn: { ssoAcsUrl: acsUrl, recipient: acsUrl, destination: acsUrl, audience: entityId },
  });
});

/**
 * The SAML settings page of "Create app integration", one row per field in the vendor's words. The
 * SSO URL and Audience URI start with temporary values: the SP's real ones are entered later.
 */
async function createSamlApp(world: ConformanceWorld, label: string, table: DataTable): Promise<void> {
  const signOn: Partial<SamlSignOn> = {
    ssoAcsUrl: TEMPORARY_ACS_URL,
    recipient: TEMPORARY_ACS_URL,
    destination: TEMPORARY_ACS_URL,
    audience: TEMPORARY_AUDIENCE,
    attributeStatements: [],
  };
  let template = userNameTemplateFor('Okta username');
  let pushStatus: 'PUSH' | 'DONT_PUSH' = 'DONT_PUSH';
  for (const [field, value] of table.raw() as [string, string][]) {
    const attribute = /^Attribute statement (.+)$/.exec(field);
    if (attribute) {
      signOn.attributeStatements!.push({
        type: 'EXPRESSION',
        name: attribute[1]!,
        namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
        values: [value],
      });
      continue;
    }
    switch (field) {
      case 'Name ID format':
        signOn.subjectNameIdFormat = nameIdFormatFor(value);
        break;
      case 'Application username':
        template = userNameTemplateFor(value);
        break;
      case 'Update application username on':
        pushStatus = value === 'Create and update' ? 'PUSH' : 'DONT_PUSH';
        break;
      default:
        throw new Error(`unknown SAML setting "${field}"`);
    }
  }
  const app = await world.okta.createSamlApp({
    label,
    signOn,
    userNameTemplate: { template, type: 'BUILT_IN', pushStatus },
  });
  world.oktaAppIds.set(label, app.id);
}
