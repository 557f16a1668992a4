/**
 * OktaAdmin: what the Okta admin does in the admin console, done through the mock IdP's
 * Management API (Okta's /api/v1 shapes) in the scenario's own org.
 */
import type { SamlSignOn, UserLifecycleAction } from '../../mock-idp/index.ts';
import type { ConformanceWorld } from '../support/world.ts';
import { nameIdFormatFor, userNameTemplateFor } from '../support/vocabulary.ts';

/** How a feature says an Okta user differs from the usual one (email = Okta username, in the company domain). */
export type OktaUserVariant = 'usual' | 'capitalised email' | 'username not an email' | 'email elsewhere';

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

/** Reads the SAML settings rows of "Create app integration" / "Edit SAML settings" into Okta's fields. */
function samlFields(fields: SamlAppFields): { signOn: Partial<SamlSignOn>; template: string | undefined; pushStatus: 'PUSH' | 'DONT_PUSH' | undefined } {
  const signOn: Partial<SamlSignOn> = {};
  let template: string | undefined;
  let pushStatus: 'PUSH' | 'DONT_PUSH' | undefined;
  for (const [field, value] of fields) {
    const attribute = /^Attribute statement (.+)$/.exec(field);
    if (attribute) {
      signOn.attributeStatements = [
        ...(signOn.attributeStatements ?? []),
        { type: 'EXPRESSION', name: attribute[1]!, namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified', values: [value] },
      ];
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
      case 'Attribute statements':
        if (value !== 'none') throw new Error('"Attribute statements" takes only "none"; add statements as "Attribute statement <name>"');
        signOn.attributeStatements = [];
        break;
      default:
        throw new Error(`unknown SAML setting "${field}"`);
    }
  }
  return { signOn, template, pushStatus };
}

export const OktaAdmin = {
  async createUser(world: ConformanceWorld, actorName: string, variant: OktaUserVariant = 'usual'): Promise<string> {
    const actor = world.actor(actorName);
    switch (variant) {
      case 'capitalised email':
        // Okta keeps what the admin typed; the SP must compare emails without regard to case.
        actor.login = actor.email.replace(/(^|[.@-])([a-z])/g, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
        break;
      case 'username not an email':
        actor.login = actor.email.split('@')[0]!;
        break;
      case 'email elsewhere':
        actor.email = actor.email.replace(world.names.domain, world.names.otherDomain);
        actor.login = actor.email;
        break;
      case 'usual':
        break;
    }
    const user = await world.okta.createUser({
      login: actor.login,
      email: variant === 'capitalised email' ? actor.login : actor.email,
      firstName: actor.firstName,
      lastName: actor.lastName,
      password: actor.password,
    });
    world.oktaUserIds.set(actorName, user.id);
    return user.id;
  },

  /** The admin console's "Edit profile": a new primary email; the Okta username stays. */
  async changeEmail(world: ConformanceWorld, actorName: string): Promise<void> {
    const actor = world.actor(actorName);
    const [local, domain] = actor.email.split('@') as [string, string];
    const email = `${local}.renamed@${domain}`;
    await world.okta.updateUser(world.oktaUserId(actorName), { profile: { email } });
    actor.email = email;
  },

  changeStatus(world: ConformanceWorld, actorName: string, action: UserLifecycleAction): Promise<void> {
    return world.okta.changeUserStatus(world.oktaUserId(actorName), action);
  },

  unassign(world: ConformanceWorld, actorName: string, label: string): Promise<void> {
    return world.okta.unassignUserFromApp(world.oktaAppId(label), world.oktaUserId(actorName));
  },

  async removeFromGroup(world: ConformanceWorld, actorName: string, group: string): Promise<void> {
    await world.okta.removeUserFromGroup(await OktaAdmin.groupNamed(world, group), world.oktaUserId(actorName));
  },

  async addToGroup(world: ConformanceWorld, actorName: string, group: string): Promise<void> {
    await world.okta.addUserToGroup(await OktaAdmin.groupNamed(world, group), world.oktaUserId(actorName));
  },

  /** "Edit SAML settings" on the General tab, with the same rows as "Create app integration". */
  async editSamlApp(world: ConformanceWorld, label: string, fields: SamlAppFields): Promise<void> {
    const { signOn, template, pushStatus } = samlFields(fields);
    const current = (await world.okta.getApp(world.oktaAppId(label))).credentials.userNameTemplate;
    await world.okta.updateSamlApp(world.oktaAppId(label), {
      signOn,
      ...(template || pushStatus ? { userNameTemplate: { ...current, ...(template ? { template } : {}), ...(pushStatus ? { pushStatus } : {}) } } : {}),
    });
  },

  async groupNamed(world: ConformanceWorld, name: string): Promise<string> {
    const known = world.oktaGroupIds.get(name);
    if (known) return known;
    const group = await world.okta.createGroup({ name });
    world.oktaGroupIds.set(name, group.id);
    return group.id;
  },

  async createSamlApp(world: ConformanceWorld, label: string, fields: SamlAppFields): Promise<void> {
    const read = samlFields(fields);
    const signOn: Partial<SamlSignOn> = {
      ssoAcsUrl: `${TEMPORARY_URL}/acs`,
      recipient: `${TEMPORARY_URL}/acs`,
      destination: `${TEMPORARY_URL}/acs`,
      audience: `${TEMPORARY_URL}/audience`,
      attributeStatements: [],
      ...read.signOn,
    };
    // Unset rows take the console's defaults: "Okta username", updated on "Create and update".
    const userNameTemplate = { template: read.template ?? userNameTemplateFor('Okta username'), type: 'BUILT_IN' as const, pushStatus: read.pushStatus ?? 'PUSH' };
    const app = await world.okta.createSamlApp({ label, signOn, userNameTemplate });
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
