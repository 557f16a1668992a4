/**
 * What the OpenID Connect part needs from the rest of the org, and nothing more. The org (tenant
 * store, sign-in session, error page) implements these; the OIDC part never reaches past them, so
 * oidc-provider stays an implementation detail of this folder.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** An OIDC app integration as oidc-provider needs it (Okta's `oauthClient` settings). */
export interface OidcClientRecord {
  client_id: string;
  client_secret: string;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  grant_types: string[];
  response_types: string[];
  token_endpoint_auth_method: 'client_secret_basic' | 'client_secret_post' | 'none';
  /** Okta's "Require PKCE as additional verification". */
  require_pkce: boolean;
}

/** The user as the claims see it. */
export interface OidcUserRecord {
  id: string;
  login: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Names of the groups the user is in, for the `groups` claim. */
  groups: string[];
}

export interface OidcErrorPage {
  status: number;
  code: string;
  title: string;
  detail: string;
}

export interface OidcPorts {
  /** The org's origin, e.g. http://127.0.0.1:41234; the org authorization server's issuer. */
  origin: string;
  /**
   * The Okta org id (`00o…`): the id_token's `idp` claim, and the prefix of oidc-provider's cookie
   * names, which must be unique per org because every org shares the host 127.0.0.1 and cookies
   * ignore ports.
   */
  orgId: string;
  findClient(clientId: string): OidcClientRecord | undefined;
  /** An ACTIVE user, or undefined. */
  findUser(userId: string): OidcUserRecord | undefined;
  /** The ACTIVE user of the org's sign-in session (the one SAML uses too), if any. */
  currentUserId(req: IncomingMessage): string | undefined;
  /**
   * Whether the browser holds an org session whose user is no longer ACTIVE (suspended or
   * deactivated since signing in): such a person gets Okta's IDP_USER_INACTIVE page, as over SAML.
   */
  sessionUserInactive(req: IncomingMessage): boolean;
  /** Ends the org's sign-in session (RP-initiated logout signs out of Okta, not only of the app). */
  endSession(req: IncomingMessage, res: ServerResponse): void;
  /** Where to send a browser without a session; it comes back to `returnTo` after signing in. */
  signInPath(returnTo: string): string;
  /** Whether the user may use the app (directly or through a group). */
  isAssigned(userId: string, clientId: string): boolean;
  /** Okta's error page, as HTML. */
  renderErrorPage(error: OidcErrorPage): string;
  /** Seconds since the epoch; a fake clock in tests. */
  now(): number;
}
