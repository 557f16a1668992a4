/**
 * The SP driver interface: the only way the steps reach an SP.
 *
 * The features describe what a person does (an admin configures SSO, a user clicks "Continue with
 * SSO") and what they see (signed in as whom, or refused with which code). A driver translates
 * that into one SP's pages or API. The reference SP's driver is the first implementation; gating
 * another SP means writing a driver for it (a module exporting `createSpDriver`), never editing steps.
 *
 * Drivers act in a browser that belongs to an actor (the admin's, Alice's), so sessions never mix.
 */
import type { Page } from 'playwright-core';

/** Things an SP may or may not support; scenarios tagged `@requires-<capability>` are skipped otherwise. */
export type SpCapability =
  | 'saml'
  | 'saml-manual-config'
  | 'saml-metadata-import'
  | 'portal-key'
  | 'direct-url'
  | 'invitations'
  /** Accepts an unsolicited SAML Response from a dashboard tile when the admin allows it. */
  | 'saml-idp-initiated'
  | 'oidc'
  /** "Login with Okta" on the sign-in page, then the portal key / customer id. */
  | 'login-with-okta'
  /** An initiate-login URI for "Redirect to app to initiate login (OIDC Compliant)". */
  | 'oidc-initiate-login'
  /** Accepts an id_token POSTed by the dashboard ("Send ID Token directly to app (Okta Simplified)"). */
  | 'oidc-okta-simplified';

/** An SP-side tenant made for one scenario: a workspace, account or organization, as the SP calls it. */
export interface SpOrganization {
  /** The name a person sees. A driver may return a subtype carrying its own ids. */
  name: string;
  /** The admin who set it up; the steps use the admin's browser for every configuration task. */
  adminEmail: string;
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

export type SignInEntryPoint =
  /** The SP's sign-in page, "Continue with SSO", then the portal key. */
  | { kind: 'portal-key'; portalKey: string }
  /** The organization's direct SSO URL (e.g. /sso?key=…). */
  | { kind: 'direct-url'; portalKey: string }
  /** "Login with Okta" on the SP's sign-in page, then the portal key (SpinOne's customer id). */
  | { kind: 'login-with-okta'; portalKey: string };

export type SignInOutcome =
  | { kind: 'signed-in'; email: string; organization: string; role: string; method: 'saml' | 'oidc' | 'password' | string }
  | { kind: 'refused'; code: string }
  /** Neither: the browser is somewhere else (still at the IdP, say). */
  | { kind: 'elsewhere'; url: string };

/**
 * Who the SP's own session says is signed in, read from a page only a signed-in person may see. The
 * security catalogue uses it after every refused case: a refusal page is not enough, the browser must
 * also hold no session.
 */
export type SessionProbe =
  | { signedIn: false }
  | { signedIn: true; email: string; organization: string; role: string; method: string };

export interface SpDriver {
  readonly name: string;
  readonly capabilities: ReadonlySet<SpCapability>;
  /** Creates a fresh organization with an admin account, signed in in `adminPage`. */
  createOrganization(adminPage: Page, input: { name: string; adminEmail: string; adminPassword: string }): Promise<SpOrganization>;
  /** Configures SAML SSO from the IdP's values and returns what the SP generated. */
  configureSaml(adminPage: Page, org: SpOrganization, idp: SamlIdpSettings, options: SamlSsoOptions): Promise<SpSamlValues>;
  /** Configures OIDC SSO from the Okta app's values and returns what the SP generated. */
  configureOidc(adminPage: Page, org: SpOrganization, idp: OidcIdpSettings, options: OidcSsoOptions): Promise<SpOidcValues>;
  /** Invites a person by email, so an invite-only organization lets them in. */
  inviteUser(adminPage: Page, org: SpOrganization, email: string): Promise<void>;
  /** Starts a sign-in at the SP; leaves the browser wherever the SP sent it (normally the IdP). */
  startSignIn(userPage: Page, entry: SignInEntryPoint): Promise<void>;
  /** Waits for the SP to settle and reads who is signed in, or the refusal code. */
  readOutcome(userPage: Page): Promise<SignInOutcome>;
  /** Opens a protected page in the browser and reports whether the SP holds a session for it. */
  probeSession(userPage: Page): Promise<SessionProbe>;
}

/**
 * What `configureSaml` / `configureOidc` throw when the SP refuses the settings (its admin saw an
 * error). Any other error is a failure of the driver or the SP, never read as a refusal.
 */
export class SpConfigurationRefusedError extends Error {
  readonly code = 'HARNESS_SP_CONFIGURATION_REFUSED';
  constructor(readonly spErrorCode: string) {
    super(`the SP refused the SSO settings with ${spErrorCode}`);
  }
}

/** A module that provides a driver for some SP exports this factory. */
export type SpDriverFactory = (options: { spUrl: string }) => SpDriver;
