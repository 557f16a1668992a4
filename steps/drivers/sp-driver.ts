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
  | 'invitations';

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

export interface SamlSsoOptions {
  portalKey: string;
  /** Accept responses the IdP starts (dashboard tiles); off unless a scenario turns it on. */
  allowIdpInitiated?: boolean;
  provisioning?: 'invite-only' | 'jit';
  enforcement?: 'mixed' | 'enforced';
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
  | { kind: 'direct-url'; portalKey: string };

export type SignInOutcome =
  | { kind: 'signed-in'; email: string; organization: string; role: string; method: string }
  | { kind: 'refused'; code: string }
  /** Neither: the browser is somewhere else (still at the IdP, say). */
  | { kind: 'elsewhere'; url: string };

export interface SpDriver {
  readonly name: string;
  readonly capabilities: ReadonlySet<SpCapability>;
  /** Creates a fresh organization with an admin account, signed in in `adminPage`. */
  createOrganization(adminPage: Page, input: { name: string; adminEmail: string; adminPassword: string }): Promise<SpOrganization>;
  /** Configures SAML SSO from the IdP's values and returns what the SP generated. */
  configureSaml(adminPage: Page, org: SpOrganization, idp: SamlIdpSettings, options: SamlSsoOptions): Promise<SpSamlValues>;
  /** Invites a person by email, so an invite-only organization lets them in. */
  inviteUser(adminPage: Page, org: SpOrganization, email: string): Promise<void>;
  /** Starts a sign-in at the SP; leaves the browser wherever the SP sent it (normally the IdP). */
  startSignIn(userPage: Page, entry: SignInEntryPoint): Promise<void>;
  /** Waits for the SP to settle and reads who is signed in, or the refusal code. */
  readOutcome(userPage: Page): Promise<SignInOutcome>;
}

/** A module that provides a driver for some SP exports this factory. */
export type SpDriverFactory = (options: { spUrl: string }) => SpDriver;
