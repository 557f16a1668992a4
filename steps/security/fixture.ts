/**
 * The security fixture: what the catalogue's cases run against, set up once per worker and shared by
 * every case (each case is then one sign-in), so the catalogue costs a browser sign-in per case and
 * no new org, app or key.
 *
 * One mock IdP org holds everything. It is built in parts, each on first use, so running only the
 * SAML cases builds no OIDC app:
 *
 *   saml        SAML app (Okta's defaults: EmailAddress NameID, email attribute) → SP organization A,
 *               invite-only, no sign-in from the dashboard; plus a second SAML app whose key is
 *               "trusted for another tenant" (the cross-tenant case)
 *   saml-idp    SAML app → SP organization B, which allows sign-in from the Okta dashboard
 *   oidc        OIDC web app that may also send the ID token from the tile (Okta Simplified) →
 *               SP organization C, accepting it
 *   oidc-config an OIDC web app and SP organization D left unconfigured: configuration cases save
 *               the settings there while the discovery document is faulted
 *
 * Every SP organization is owned by its own victim (the SP keeps emails unique across organizations).
 * The attacker is assigned to every app in Okta and is a member of no SP organization: an attack
 * that works signs the attacker in as someone else. The comment attacker's Okta email is organization
 * A's owner's with ".attacker.test" appended.
 */
import type { OrgControlClient, OrgInfo } from '../../mock-idp/index.ts';
import type { OidcIdpSettings, OidcSsoOptions, SamlIdpSettings, SamlSsoOptions, SpCapability, SpOidcValues, SpOrganization, SpSamlValues } from '../drivers/sp-driver.ts';
import type { Actor, ScenarioNames } from '../support/actors.ts';
import type { CaseFlow, CasePerson, SecurityCase } from './catalogue.ts';

export type FixturePartName = 'saml' | 'saml-idp' | 'oidc' | 'oidc-config';

/** The SP side of setting up, as the harness reaches it (the driver in a browser, or HTTP in tests). */
export interface SpSetupPort {
  readonly capabilities: ReadonlySet<SpCapability>;
  createOrganization(input: { name: string; adminEmail: string; adminPassword: string }): Promise<SpOrganization>;
  configureSaml(org: SpOrganization, idp: SamlIdpSettings, options: SamlSsoOptions): Promise<SpSamlValues>;
  configureOidc(org: SpOrganization, idp: OidcIdpSettings, options: OidcSsoOptions): Promise<SpOidcValues>;
  /** Only where the SP has the `invitations` capability. */
  inviteUser(org: SpOrganization, email: string): Promise<void>;
}

/** People of a fixture: unique per worker by name; an explicit email is also the Okta username. */
export function peopleOf(names: ScenarioNames): FixturePorts['person'] {
  return (name, email) => (email ? { ...names.actor(name), email, login: email } : names.actor(name));
}

export interface FixturePorts {
  idpOrg: OrgInfo;
  okta: OrgControlClient;
  sp: SpSetupPort;
  /** A person with an email unique to this worker, by the name the fixture gives them. */
  person(name: string, email?: string): Actor;
}

interface PartBase {
  name: FixturePartName;
  appId: string;
  appLabel: string;
  victim: Actor;
  /**
   * Someone invited to the SP organization who never signs in, so no IdP subject is linked to the
   * account yet: the victim of attacks that claim an email (nOAuth). Undefined when the SP has no
   * invitations; cases then aim at the owner.
   */
  dormant: Actor | undefined;
  /** A member of the SP organization (invited) with an Okta account assigned to the app; undefined without invitations. */
  insider: Actor | undefined;
  organization: SpOrganization;
  portalKey: string;
}

export interface SamlPart extends PartBase {
  protocol: 'saml';
  values: SpSamlValues;
  /** Another app of the org, assigned to nobody: its key is not this organization's. */
  otherAppId: string | undefined;
}

export interface OidcPart extends PartBase {
  protocol: 'oidc';
  /** undefined for oidc-config until a case configures it. */
  values: SpOidcValues | undefined;
  idp: OidcIdpSettings;
  options: OidcSsoOptions;
}

export type FixturePart = SamlPart | OidcPart;

export function partFor(flow: CaseFlow): FixturePartName {
  switch (flow) {
    case 'sp-initiated':
      return 'saml';
    case 'idp-initiated':
      return 'saml-idp';
    case 'code':
    case 'okta-simplified':
      return 'oidc';
    case 'configuration':
      return 'oidc-config';
  }
}

/** Capabilities an SP needs for a case: its flow's, and invitations for an insider. */
export function capabilitiesOf(securityCase: Pick<SecurityCase, 'flow' | 'as'>): SpCapability[] {
  return [...capabilitiesFor(securityCase.flow), ...(securityCase.as === 'insider' ? (['invitations'] as const) : [])];
}

/** Capabilities an SP needs for a flow; a case whose flow needs one the SP lacks is skipped. */
export function capabilitiesFor(flow: CaseFlow): SpCapability[] {
  switch (flow) {
    case 'sp-initiated':
      return ['saml', 'saml-manual-config'];
    case 'idp-initiated':
      return ['saml', 'saml-manual-config', 'saml-idp-initiated'];
    case 'code':
    case 'configuration':
      return ['oidc'];
    case 'okta-simplified':
      return ['oidc', 'oidc-okta-simplified'];
  }
}

const SAML_APP_FIELDS = {
  subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' as const,
  attributeStatements: [
    { type: 'EXPRESSION' as const, name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified' as const, values: ['user.email'] },
  ],
};
const TEMPORARY = 'https://example.com/temporary';

export class SecurityFixture {
  private readonly parts = new Map<FixturePartName, Promise<FixturePart>>();
  private readonly oktaUsers = new Map<string, Promise<string>>();
  readonly attacker: Actor;

  constructor(private readonly ports: FixturePorts) {
    this.attacker = ports.person('Mallory');
  }

  get idpOrg(): OrgInfo {
    return this.ports.idpOrg;
  }

  get okta(): OrgControlClient {
    return this.ports.okta;
  }

  /** How many times anything fetched the canary URL of `token` (the SP must never fetch one). */
  async canaryHits(token: string): Promise<number> {
    return this.okta.canaryHits(token);
  }

  get capabilities(): ReadonlySet<SpCapability> {
    return this.ports.sp.capabilities;
  }

  part(name: FixturePartName): Promise<FixturePart> {
    let made = this.parts.get(name);
    if (!made) {
      made = this.build(name);
      // A failed set-up is not cached: the next case tries again and reports its own error.
      made.catch(() => this.parts.delete(name));
      this.parts.set(name, made);
    }
    return made;
  }

  /** The Okta user id of a person, created on first use. */
  oktaUserId(person: Actor): Promise<string> {
    let id = this.oktaUsers.get(person.email);
    if (!id) {
      id = this.okta
        .createUser({ login: person.login, email: person.email, firstName: person.firstName, lastName: person.lastName, password: person.password })
        .then((user) => user.id);
      this.oktaUsers.set(person.email, id);
    }
    return id;
  }

  /** The person a case signs in as, within its part. */
  async personFor(as: CasePerson, part: FixturePart): Promise<Actor> {
    if (as === 'victim') return part.victim;
    if (as === 'attacker') return this.attacker;
    if (as === 'insider') {
      if (!part.insider) throw new Error('this SP has no invitations, so the fixture has no insider (the case should have been skipped)');
      return part.insider;
    }
    return this.commentAttacker((await this.part('saml')).victim);
  }

  /** An OIDC web app in Okta (code flow; with the tile's id_token when `simplified`), assigned to `people`. */
  private async oidcApp(label: string, simplified: boolean, people: Actor[]): Promise<{ appId: string; idp: OidcIdpSettings }> {
    const app = await this.okta.createOidcApp({
      label,
      oauthClient: {
        redirect_uris: [`${TEMPORARY}/callback`],
        grant_types: simplified ? ['authorization_code', 'implicit'] : ['authorization_code'],
        response_types: simplified ? ['code', 'id_token'] : ['code'],
        application_type: 'web',
      },
    });
    await this.assign(app.id, people);
    const setup = await this.okta.getOidcSetup(app.id);
    return { appId: app.id, idp: { issuer: setup.issuer, clientId: setup.clientId, clientSecret: setup.clientSecret } };
  }

  /**
   * The unconfigured part with an Okta app of its own (a new client id), for a strong-requests
   * configuration case: an SP that keeps discovery per issuer and client (as openid-client's users
   * often do) reads the faulted document afresh instead of an earlier case's.
   */
  async withOwnClient(part: OidcPart): Promise<OidcPart> {
    const people = [part.victim, this.attacker, ...(part.insider ? [part.insider] : [])];
    const { appId, idp } = await this.oidcApp(part.appLabel, false, people);
    return { ...part, appId, idp, values: undefined };
  }

  /**
   * After the admin saved an unconfigured part's settings (a strong-requests configuration case): the
   * part takes the SP's values and the Okta app its redirect URI, so people can sign in there.
   */
  async connect(part: OidcPart, values: SpOidcValues): Promise<void> {
    part.values = values;
    await this.okta.updateOidcApp(part.appId, { oauthClient: { redirect_uris: [values.redirectUri] } });
  }

  private commentAttacker(victim: Actor): Actor {
    return this.ports.person('Mallory (comment)', `${victim.email}.attacker.test`);
  }

  private async assign(appId: string, people: Actor[]): Promise<void> {
    for (const person of people) await this.okta.assignUserToApp(appId, await this.oktaUserId(person));
  }

  private async build(name: FixturePartName): Promise<FixturePart> {
    const victim = this.ports.person(`Owner ${name}`);
    const sp = this.ports.sp;
    const portalKey = `sec-${name}-${victim.email.split('@')[1]!.split('.')[0]}`.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 60);
    const organization = await sp.createOrganization({ name: `Security ${name}`, adminEmail: victim.email, adminPassword: victim.password });
    const invitations = sp.capabilities.has('invitations');
    const dormant = invitations ? this.ports.person(`Dormant ${name}`) : undefined;
    const insider = invitations ? this.ports.person(`Insider ${name}`) : undefined;
    for (const member of [dormant, insider]) if (member) await sp.inviteUser(organization, member.email);
    if (name === 'saml' || name === 'saml-idp') {
      const appLabel = `Security ${name}`;
      const app = await this.okta.createSamlApp({
        label: appLabel,
        signOn: { ssoAcsUrl: `${TEMPORARY}/acs`, recipient: `${TEMPORARY}/acs`, destination: `${TEMPORARY}/acs`, audience: `${TEMPORARY}/audience`, ...SAML_APP_FIELDS },
        userNameTemplate: { template: '${source.email}', type: 'BUILT_IN' },
      });
      const people = [victim, this.attacker, ...(name === 'saml' ? [this.commentAttacker(victim)] : []), ...(insider ? [insider] : [])];
      await this.assign(app.id, people);
      const setup = await this.okta.getSamlSetup(app.id);
      const values = await sp.configureSaml(
        organization,
        { kind: 'manual', ssoUrl: setup.ssoUrl, issuer: setup.issuer, certificatePem: setup.certificatePem },
        { portalKey, provisioning: 'invite-only', enforcement: 'mixed', allowIdpInitiated: name === 'saml-idp' },
      );
      await this.okta.updateSamlApp(app.id, { signOn: { ssoAcsUrl: values.acsUrl, recipient: values.acsUrl, destination: values.acsUrl, audience: values.entityId } });
      const otherAppId =
        name === 'saml'
          ? (await this.okta.createSamlApp({ label: 'Another tenant', signOn: { ...SAML_APP_FIELDS, ssoAcsUrl: values.acsUrl, recipient: values.acsUrl, destination: values.acsUrl, audience: values.entityId } })).id
          : undefined;
      return { name, protocol: 'saml', appId: app.id, appLabel, victim, dormant, insider, organization, portalKey, values, otherAppId };
    }
    const appLabel = `Security ${name}`;
    const simplified = name === 'oidc';
    const { appId, idp } = await this.oidcApp(appLabel, simplified, [victim, this.attacker, ...(insider ? [insider] : [])]);
    const options: OidcSsoOptions = { portalKey, provisioning: 'invite-only', enforcement: 'mixed', acceptOktaSimplified: simplified };
    if (!simplified) return { name, protocol: 'oidc', appId, appLabel, victim, dormant, insider, organization, portalKey, values: undefined, idp, options };
    const values = await sp.configureOidc(organization, idp, options);
    await this.okta.updateOidcApp(appId, {
      oauthClient: { redirect_uris: [values.redirectUri], idp_initiated_login: { mode: 'OKTA', default_scope: [] } },
    });
    return { name, protocol: 'oidc', appId, appLabel, victim, dormant, insider, organization, portalKey, values, idp, options };
  }
}
