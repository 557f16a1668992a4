/**
 * OktaAdmin: what the Okta admin does in the admin console, done through the mock IdP's
 * Management API (Okta's /api/v1 shapes) in the scenario's own org.
 */
import type { SamlSignOn } from '../../mock-idp/index.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { nameIdFormatFor, userNameTemplateFor } from '../support/vocabulary.ts';

/**
 * What the admin types into "Single sign on URL", "Audience URI" or "Sign-in redirect URIs" before
 * the SP has generated its values (the ngrok guide does exactly this).
 */
const TEMPORARY_URL = 'https://example.com/temporary';

/** The SAML settings page of "Create app integration", one field per row in the console's words. */
export type SamlAppFields = [field: string, value: string][];

/** The settings the vendor guides use unless they say otherwise. */
export const DEFAULT_SAML_FIELDS: SamlAppFields = [
  ['Name ID format', 'EmailAddress'],
  ['Application username', 'Email'],
  ['Attribute statement email', 'user.email'],
];

export const OktaAdmin = {
  async createUser(world: ConformanceWorld, actorName: string): Promise<string> {
    const actor = world.actor(actorName);
    const user = await world.okta.createUser({
      login: actor.email,
      email: actor.email,
      firstName: actor.firstName,
      lastName: actor.lastName,
      password: actor.password,
    });
    world.oktaUserIds.set(actorName, user.id);
    return user.id;
  },

  async groupNamed(world: ConformanceWorld, name: string): Promise<string> {
    const known = world.oktaGroupIds.get(name);
    if (known) return known;
    const group = await world.okta.createGroup({ name });
    world.oktaGroupIds.set(name, group.id);
    return group.id;
  },

  async createSamlApp(world: ConformanceWorld, label: string, fields: SamlAppFields): Promise<void> {
    const signOn: Partial<SamlSignOn> = {
      ssoAcsUrl: `${TEMPORARY_URL}/acs`,
      recipient: `${TEMPORARY_URL}/acs`,
      destination: `${TEMPORARY_URL}/acs`,
      audience: `${TEMPORARY_URL}/audience`,
      attributeStatements: [],
    };
    let template = userNameTemplateFor('Okta username');
    let pushStatus: 'PUSH' | 'DONT_PUSH' = 'DONT_PUSH';
    for (const [field, value] of fields) {
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
    const app = await world.okta.createSamlApp({ label, signOn, userNameTemplate: { template, type: 'BUILT_IN', pushStatus } });
    world.oktaAppIds.set(label, app.id);
  },

  /** "Create app integration" → OIDC - OpenID Connect → Web Application, Okta's defaults. */
  async createOidcWebApp(world: ConformanceWorld, label: string): Promise<void> {
    const app = await world.okta.createOidcApp({
      label,
      oauthClient: {
        redirect_uris: [`${TEMPORARY_URL}/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
        application_type: 'web',
      },
    });
    world.oktaAppIds.set(label, app.id);
  },

  /** The SP's Entity ID and Callback URL into the SAML app ("Use this for Recipient URL and Destination URL" checked). */
  async enterSpSamlValues(world: ConformanceWorld, label: string): Promise<void> {
    const { acsUrl, entityId } = world.spSamlValues.get();
    await world.okta.updateSamlApp(world.oktaAppId(label), {
      signOn: { ssoAcsUrl: acsUrl, recipient: acsUrl, destination: acsUrl, audience: entityId },
    });
  },

  async setRedirectUri(world: ConformanceWorld, label: string, redirectUri: string): Promise<void> {
    await world.okta.updateOidcApp(world.oktaAppId(label), { oauthClient: { redirect_uris: [redirectUri] } });
  },

  /**
   * "Login initiated by: Either Okta or App". OIDC Compliant sends the browser to the app's
   * initiate login URI; Okta Simplified POSTs an id_token, which needs the implicit grant.
   */
  async letOktaStartLogin(world: ConformanceWorld, label: string, flow: 'OIDC Compliant' | 'Okta Simplified'): Promise<void> {
    const appId = world.oktaAppId(label);
    if (flow === 'OIDC Compliant') {
      await world.okta.updateOidcApp(appId, {
        oauthClient: {
          initiate_login_uri: world.spOidcValues.get().initiateLoginUri ?? '',
          idp_initiated_login: { mode: 'SPEC', default_scope: [] },
        },
      });
    } else {
      await world.okta.updateOidcApp(appId, {
        oauthClient: {
          grant_types: ['authorization_code', 'implicit'],
          response_types: ['code', 'id_token'],
          idp_initiated_login: { mode: 'OKTA', default_scope: [] },
        },
      });
    }
  },
};
