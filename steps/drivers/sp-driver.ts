/**
 * The SP driver interface: the only way the steps reach an SP.
 *
 * The features describe what a person does (an admin configures SSO, a user clicks "Continue with
 * SSO") and what they see (signed in as whom, or refused with which code). A driver translates
 * that into one SP's pages or API. The reference SP's driver is the first implementation; gating
 * another SP means writing a driver for it (a module exporting `createSpDriver`), never editing steps.
 *
 * Drivers act in a browser that belongs to an actor (the admin's, Alice's), so sessions never mix.
 *
 * ## The outcome contract
 *
 * What the features read is fixed here, in the SP-neutral words below; a driver maps its SP's own
 * words onto them (its error codes onto `RefusalCode`, its role names onto `Role`, …). README.md,
 * "Gating your own SP", has the same contract in prose.
 *
 * - `readOutcome` → `SignInOutcome`: `signed-in` (as whom, in which organization, which role, which
 *   method), `refused` (with a `RefusalCode`), `join-prompt` (the SP asks a newcomer to join), or
 *   `elsewhere` (the browser is not on the SP: still at the IdP, say).
 * - A refusal never creates or changes an account or a session: the features check it with
 *   `probeSession` and `listMembers` after every refusal.
 * - Capabilities (`SpCapability`): a scenario tagged `@requires-<capability>` is skipped, with the
 *   missing capability named in the report, when the driver does not list it.
 */
import type { Page } from 'playwright-core';

/**
 * Things an SP may or may not support; scenarios tagged `@requires-<capability>` are skipped
 * otherwise. Each entry says what the SP must then do (and which driver methods must work).
 */
export const SP_CAPABILITIES = {
  saml: 'SAML 2.0 SSO (configureSaml)',
  'saml-manual-config': 'SAML configured from the Sign on URL, Issuer and Certificate',
  'saml-metadata-import': 'SAML configured by uploading the IdP metadata XML',
  'portal-key': '"Continue with SSO" on the sign-in page, then the portal key (entry point portal-key)',
  'direct-url': "the organization's direct SSO URL (entry point direct-url)",
  invitations: 'an admin invites people by email (inviteUser); invite-only organizations let only them in',
  'saml-idp-initiated': 'accepts an unsolicited SAML Response from a dashboard tile when the admin allows it, refuses it otherwise (SSO_UNSOLICITED_RESPONSE)',
  oidc: 'OpenID Connect SSO (configureOidc)',
  'login-with-okta': '"Login with Okta" on the sign-in page, then the portal key / customer id (entry point login-with-okta)',
  'oidc-initiate-login': 'an initiate login URI for "Redirect to app to initiate login (OIDC Compliant)"',
  'oidc-okta-simplified': 'accepts an id_token POSTed by the dashboard ("Okta Simplified") when the admin allows it, refuses it otherwise (SSO_UNSOLICITED_RESPONSE)',
  jit: 'Just-In-Time provisioning: with provisioning "jit", a person never invited gets a member account at the first SSO sign-in',
  'jit-first-owner':
    'the vendor sets up an SSO organization with no account (createSsoOrganization); the first person who signs in through SSO becomes its owner, everyone after a member',
  'join-prompt':
    'with JIT, a newcomer arriving from the Okta dashboard is asked to join first (outcome join-prompt, answerJoinPrompt); declining creates nothing',
  'enforced-sso': 'the admin can enforce SSO: password sign-in is then refused with SSO_REQUIRED for members and admins; the owner keeps a password (break-glass)',
  'password-sign-in': 'people sign in with a password (signInWithPassword); invited members get one by accepting the invitation with a password',
  'sign-out-on-enforce': 'a save that enforces SSO ends the existing password sessions of the organization (except the one that saved)',
  'domain-discovery':
    'organizations claim email domains (SsoOptions.domains, updateSsoPolicy), one organization per domain (SSO_DOMAIN_TAKEN); sign-in by email (entry point email) goes to the claimed organization, an unclaimed domain is SSO_DOMAIN_UNKNOWN; JIT only inside the claimed domains (SSO_EMAIL_OUTSIDE_DOMAINS)',
  'invitation-acceptance': "the admin's member list (listMembers) shows an invited person as invited, then active after their first SSO sign-in",
  'invitation-link':
    'an invitation has a link (SpInvitation.link) that starts SSO bound to that invitation (entry point invitation); another asserted email is SSO_EMAIL_MISMATCH',
  'oidc-subject-link': "OIDC accounts are linked to the IdP's subject: after the email changes at the IdP, the next sign-in finds the account and takes the new email",
} as const;
export type SpCapability = keyof typeof SP_CAPABILITIES;

/**
 * The refusal codes the features expect, the SP-neutral vocabulary a driver reports in
 * `{ kind: 'refused', code }`. A driver for another SP maps its own errors onto these.
 */
export const REFUSAL_CODES = {
  SSO_UNKNOWN_PORTAL_KEY: 'no organization has this portal key / customer id',
  SSO_USER_NOT_INVITED: 'the asserted email has no account in this organization and it does not provision one (invite-only), or the email belongs to another organization',
  SSO_UNSOLICITED_RESPONSE: 'a sign-in the IdP started (dashboard tile) that the organization does not accept',
  SSO_EMAIL_MISMATCH: 'a sign-in started from an invitation asserted another email than the invited one',
  SSO_EMAIL_MISSING: 'the IdP asserted no usable email (for SAML: no `email` attribute and no EmailAddress NameID, or not an email address)',
  SSO_REQUIRED: 'password sign-in refused because the organization enforces SSO',
  SSO_DOMAIN_UNKNOWN: 'sign-in by email: no organization claims the email domain',
  SSO_DOMAIN_TAKEN: 'another organization already claimed this email domain (a settings refusal)',
  SSO_EMAIL_OUTSIDE_DOMAINS: 'JIT would create an account for an email outside the domains the organization claimed',
  SSO_IDENTITY_MISMATCH: 'the account is linked to another identity at the IdP (OIDC subject): an email alone never takes it over',
  SSO_EMAIL_CONFLICT: "the IdP identity's new email belongs to another account",
} as const;
export type RefusalCode = keyof typeof REFUSAL_CODES;

/** What `readOutcome` reports, with what each kind carries. */
export const OUTCOME_KINDS = {
  'signed-in': 'the SP signed the person in: { email, organization, role, method } as the SP shows them',
  refused: 'the SP refused the sign-in: { code }, one of REFUSAL_CODES (the driver maps its SP\'s own error onto one)',
  'join-prompt': 'the SP asks a newcomer whether to join the organization: { organization, email } (capability join-prompt)',
  elsewhere: 'the browser is not on the SP (still at the IdP, say): { url }',
} as const;
export type OutcomeKind = keyof typeof OUTCOME_KINDS;

/** Roles a person has in an SP organization; a driver maps its SP's role names onto these. */
export const ROLES = {
  owner: 'the first account of the organization (its creator, or the first JIT sign-in of an organization the vendor set up); keeps a password when SSO is enforced',
  admin: 'manages the organization, but is not its owner',
  member: 'everyone else',
} as const;
export type Role = keyof typeof ROLES;

/** How a person signed in, as `signed-in` and `probeSession` report it. */
export const SIGN_IN_METHODS = {
  saml: 'SAML 2.0 SSO',
  oidc: 'OpenID Connect SSO',
  password: "the SP's own password",
} as const;
export type SignInMethod = keyof typeof SIGN_IN_METHODS;

/** A member as the admin's member list shows them (capability invitation-acceptance). */
export const MEMBER_STATUSES = {
  invited: 'invited, never signed in',
  active: 'has signed in at least once',
} as const;
export type MemberStatus = keyof typeof MEMBER_STATUSES;

/** The ways a sign-in starts at the SP (`startSignIn`), with the capability each needs. */
export const ENTRY_POINTS = {
  'portal-key': '"Continue with SSO" on the sign-in page, then the portal key (capability portal-key)',
  'direct-url': "the organization's direct SSO URL (capability direct-url)",
  'login-with-okta': '"Login with Okta", then the portal key / customer id (capability login-with-okta)',
  email: 'sign-in with a work email; the SP finds the organization by its domain (capability domain-discovery)',
  invitation: 'the invitation link, then SSO bound to that invitation (capability invitation-link)',
} as const;
export type EntryPointKind = keyof typeof ENTRY_POINTS;

/** An SP-side tenant made for one scenario: a workspace, account or organization, as the SP calls it. */
export interface SpOrganization {
  /** The name a person sees. A driver may return a subtype carrying its own ids. */
  name: string;
  /** The admin who set it up; null for an organization the vendor set up with no account yet. */
  adminEmail: string | null;
}

/** Values the admin copies from the IdP into the SP, in one of the two ways vendor guides show. */
export type SamlIdpSettings =
  | { kind: 'manual'; ssoUrl: string; issuer: string; certificatePem: string }
  | { kind: 'metadata'; metadataXml: string };

/** Settings every SSO connection has, whatever the protocol. */
export interface SsoOptions {
  portalKey: string;
  provisioning?: 'invite-only' | 'jit';
  enforcement?: 'mixed' | 'enforced';
  /** Email domains the organization claims (capability domain-discovery). */
  domains?: string[];
}

export interface SamlSsoOptions extends SsoOptions {
  /** Accept responses the IdP starts (dashboard tiles); off unless a scenario turns it on. */
  allowIdpInitiated?: boolean;
}

/** Values the admin copies from the Okta OIDC app into the SP (Insomnia, SpinOne, Inigo guides). */
export interface OidcIdpSettings {
  /** The issuer, or the Okta domain for SPs that ask for the domain. */
  issuer: string;
  clientId: string;
  clientSecret: string;
}

export interface OidcSsoOptions extends SsoOptions {
  /** Accept an id_token the dashboard POSTs ("Okta Simplified"); off unless a scenario turns it on. */
  acceptOktaSimplified?: boolean;
}

/** What the SP generated for the admin to put into the Okta OIDC app. */
export interface SpOidcValues {
  /** "Sign-in redirect URI". */
  redirectUri: string;
  /** "Initiate login URI", where the SP has one. */
  initiateLoginUri: string | undefined;
  portalUrl: string | undefined;
}

/** What the SP generated for the admin to put back into the IdP. */
export interface SpSamlValues {
  entityId: string;
  acsUrl: string;
  /** The direct sign-in URL for the organization, where the SP has one. */
  portalUrl: string | undefined;
}

/** An SSO organization the vendor's staff set up, with what the SP generated for the Okta app. */
export type SpSsoOrganization =
  | { protocol: 'saml'; organization: SpOrganization; values: SpSamlValues }
  | { protocol: 'oidc'; organization: SpOrganization; values: SpOidcValues };

/** The vendor-side set-up of an accountless SSO organization (capability jit-first-owner). */
export type SsoOrganizationInput =
  | { name: string; protocol: 'saml'; idp: SamlIdpSettings; options: SamlSsoOptions }
  | { name: string; protocol: 'oidc'; idp: OidcIdpSettings; options: OidcSsoOptions };

/** An invitation as the admin sees it after sending it. */
export interface SpInvitation {
  email: string;
  /** The link the invited person opens (capability invitation-link), where the SP has one. */
  link: string | undefined;
}

/** A row of the admin's member list. */
export interface SpMember {
  email: string;
  role: Role;
  status: MemberStatus;
}

/** Changes an admin makes to a configured SSO connection later (ngrok: "enable SSO Enforced" once it works). */
export interface SsoPolicyChanges {
  provisioning?: 'invite-only' | 'jit';
  enforcement?: 'mixed' | 'enforced';
  domains?: string[];
}

/** The SP saved the settings, or refused them with a code (e.g. SSO_DOMAIN_TAKEN). */
export type SettingsOutcome = { kind: 'saved' } | { kind: 'refused'; code: string };

export type SignInEntryPoint =
  /** The SP's sign-in page, "Continue with SSO", then the portal key. */
  | { kind: 'portal-key'; portalKey: string }
  /** The organization's direct SSO URL (e.g. /sso?key=…). */
  | { kind: 'direct-url'; portalKey: string }
  /** "Login with Okta" on the SP's sign-in page, then the portal key (SpinOne's customer id). */
  | { kind: 'login-with-okta'; portalKey: string }
  /** "Sign in with SSO" with a work email: the SP finds the organization by its domain (Insomnia). */
  | { kind: 'email'; email: string }
  /** The invitation link, then SSO bound to that invitation. */
  | { kind: 'invitation'; invitation: SpInvitation };

export type SignInOutcome =
  | { kind: 'signed-in'; email: string; organization: string; role: Role | string; method: SignInMethod | string }
  | { kind: 'refused'; code: RefusalCode | string }
  /** The SP asks a person who has no account whether to join the organization (capability join-prompt). */
  | { kind: 'join-prompt'; organization: string; email: string }
  /** Neither: the browser is somewhere else (still at the IdP, say). */
  | { kind: 'elsewhere'; url: string };

/**
 * Who the SP's own session says is signed in, read from a page only a signed-in person may see. The
 * features use it after every refused case: a refusal page is not enough, the browser must also
 * hold no new session.
 */
export type SessionProbe =
  | { signedIn: false }
  | { signedIn: true; email: string; organization: string; role: string; method: string };

/**
 * An SP as the features reach it. The first seven members every driver has; the rest are needed
 * only by the capabilities named on each (`DRIVER_METHODS_BY_CAPABILITY`): a driver that does not
 * list a capability may leave its methods out, and the scenarios that need them are skipped.
 */
export interface SpDriver {
  readonly name: string;
  readonly capabilities: ReadonlySet<SpCapability>;
  /** Creates a fresh organization with an admin account, signed in in `adminPage`. */
  createOrganization(adminPage: Page, input: { name: string; adminEmail: string; adminPassword: string }): Promise<SpOrganization>;
  /** Starts a sign-in at the SP; leaves the browser wherever the SP sent it (normally the IdP). */
  startSignIn(userPage: Page, entry: SignInEntryPoint): Promise<void>;
  /** Waits for the SP to settle and reads who is signed in, the refusal code, or the join prompt. */
  readOutcome(userPage: Page): Promise<SignInOutcome>;
  /** Opens a protected page in the browser and reports whether the SP holds a session for it. */
  probeSession(userPage: Page): Promise<SessionProbe>;
  /** Configures SAML SSO from the IdP's values and returns what the SP generated (capability saml). */
  configureSaml?(adminPage: Page, org: SpOrganization, idp: SamlIdpSettings, options: SamlSsoOptions): Promise<SpSamlValues>;
  /** Configures OIDC SSO from the Okta app's values and returns what the SP generated (capability oidc). */
  configureOidc?(adminPage: Page, org: SpOrganization, idp: OidcIdpSettings, options: OidcSsoOptions): Promise<SpOidcValues>;
  /**
   * The vendor's staff set up an SSO organization with no account (capability jit-first-owner),
   * with JIT on, and return what the SP generated for the customer's Okta app.
   */
  createSsoOrganization?(input: SsoOrganizationInput): Promise<SpSsoOrganization>;
  /**
   * Changes provisioning, enforcement or claimed domains of the configured connection; the rest stays
   * (capabilities jit, enforced-sso, domain-discovery).
   */
  updateSsoPolicy?(adminPage: Page, org: SpOrganization, changes: SsoPolicyChanges): Promise<SettingsOutcome>;
  /** Invites a person by email, so an invite-only organization lets them in (capability invitations). */
  inviteUser?(adminPage: Page, org: SpOrganization, email: string): Promise<SpInvitation>;
  /** The admin's member list (capability invitation-acceptance). */
  listMembers?(adminPage: Page, org: SpOrganization): Promise<SpMember[]>;
  /** Signs in with email and password on the SP's sign-in page (capability password-sign-in); then read the outcome. */
  signInWithPassword?(userPage: Page, email: string, password: string): Promise<void>;
  /** Accepts an invitation by setting a password (capabilities password-sign-in with invitations); then read the outcome. */
  acceptInvitationWithPassword?(userPage: Page, invitation: SpInvitation, password: string): Promise<void>;
  /** Answers the join prompt the browser shows (capability join-prompt). */
  answerJoinPrompt?(userPage: Page, answer: 'accept' | 'decline'): Promise<void>;
}

export type SpDriverMethod = Exclude<keyof SpDriver, 'name' | 'capabilities'>;

/** The methods a capability needs; a driver that lists the capability without them is refused at load. */
export const DRIVER_METHODS_BY_CAPABILITY: Readonly<Partial<Record<SpCapability, readonly SpDriverMethod[]>>> = {
  saml: ['configureSaml'],
  oidc: ['configureOidc'],
  'jit-first-owner': ['createSsoOrganization'],
  jit: ['updateSsoPolicy'],
  'enforced-sso': ['updateSsoPolicy', 'signInWithPassword'],
  'domain-discovery': ['updateSsoPolicy'],
  invitations: ['inviteUser'],
  'invitation-acceptance': ['listMembers'],
  'password-sign-in': ['signInWithPassword', 'acceptInvitationWithPassword'],
  'join-prompt': ['answerJoinPrompt'],
};

/** Methods every driver has. */
export const REQUIRED_DRIVER_METHODS: readonly SpDriverMethod[] = ['createOrganization', 'startSignIn', 'readOutcome', 'probeSession'];

/** A step reached a driver method the driver does not have: the scenario lacks a `@requires-…` tag, or the driver a method. */
export class SpDriverMethodMissingError extends Error {
  readonly code = 'HARNESS_DRIVER_METHOD_MISSING';
}

/**
 * The driver's method, bound, or a coded error naming what is missing. Steps call optional methods
 * through this, so a gap reads as "driver X has no inviteUser", never "undefined is not a function".
 */
export function driverMethod<M extends SpDriverMethod>(driver: SpDriver, method: M): NonNullable<SpDriver[M]> {
  const found = driver[method];
  if (typeof found !== 'function') {
    const needs = Object.entries(DRIVER_METHODS_BY_CAPABILITY)
      .filter(([, methods]) => methods.includes(method))
      .map(([capability]) => capability);
    throw new SpDriverMethodMissingError(
      `the SP driver "${driver.name}" has no ${method}; the scenario should be tagged @requires-${needs[0] ?? '…'}${needs.length > 1 ? ` (or one of ${needs.join(', ')})` : ''}`,
    );
  }
  return (found as (...args: never[]) => unknown).bind(driver) as NonNullable<SpDriver[M]>;
}

/**
 * What `configureSaml` / `configureOidc` / `createSsoOrganization` throw when the SP refuses the
 * settings (its admin saw an error). Any other error is a failure of the driver or the SP, never read
 * as a refusal. (`updateSsoPolicy` reports a refusal as its answer instead, for features that expect one.)
 */
export class SpConfigurationRefusedError extends Error {
  readonly code = 'HARNESS_SP_CONFIGURATION_REFUSED';
  constructor(readonly spErrorCode: string) {
    super(`the SP refused the SSO settings with ${spErrorCode}`);
  }
}

/** Timeouts the run was given (`--step-timeout`, `--outcome-timeout`), in milliseconds. */
export interface SpDriverTimeouts {
  /** A whole step; a driver's own waits should stay below it. */
  stepMs: number;
  /** How long the SP may take to show a result after the last redirect (readOutcome). */
  outcomeMs: number;
}

export interface SpDriverOptions {
  /** The SP's origin, from `--sp-url` (or the embedded reference SP's). */
  spUrl: string;
  /**
   * String values given with `--sp-setting key=value` (repeatable) or SSO_CONFORMANCE_SP_SETTINGS (a
   * JSON object); the embedded run gives the reference SP's driver `operatorToken`.
   */
  settings: Readonly<Record<string, string>>;
  timeouts: SpDriverTimeouts;
}

/**
 * A module that provides a driver for some SP exports this factory as `createSpDriver`. A driver
 * without a setting it needs should leave out the capabilities that depend on it, so their scenarios
 * are skipped with the reason shown.
 */
export type SpDriverFactory = (options: SpDriverOptions) => SpDriver | Promise<SpDriver>;
