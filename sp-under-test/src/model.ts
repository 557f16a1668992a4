// The SP's domain model. An organization has at most one SSO connection, a discriminated union on
// `protocol` so an OIDC connection can be added beside SAML without touching the SAML code paths.
import type { ReturnPath } from './oidc/checks/return-path.ts';

export type Role = 'owner' | 'admin' | 'member';
export type AccountStatus = 'invited' | 'active';
export type AuthMethod = 'password' | 'saml' | 'oidc';
export type Provisioning = 'invite-only' | 'jit';
export type Enforcement = 'mixed' | 'enforced';

export interface SamlConnection {
  protocol: 'saml';
  /** IdP "Sign on URL" (SingleSignOnService, HTTP-Redirect binding). */
  idpSsoUrl: string;
  /** IdP entityID ("Issuer" in Okta's setup instructions). */
  idpIssuer: string;
  /** IdP signing certificate, normalised to PEM with BEGIN/END lines. */
  idpCertificatePem: string;
  /** Accept IdP-initiated (unsolicited) responses, e.g. from the Okta dashboard. Default off. */
  allowIdpInitiated: boolean;
}

/** An Okta OIDC app integration (Web Application, client secret), as the Insomnia/SpinOne/Inigo guides set it up. */
export interface OidcConnection {
  protocol: 'oidc';
  /** Issuer identifier, normalised (no trailing slash); discovery confirmed the OP states exactly this. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Accept an id_token the Okta dashboard POSTs to the redirect URI ("Okta Simplified"). Default off. */
  acceptOktaSimplified: boolean;
}

export type SsoConnection = SamlConnection | OidcConnection;

export interface SsoSettings {
  portalKey: string;
  connection: SsoConnection;
  provisioning: Provisioning;
  enforcement: Enforcement;
  /**
   * Email domains the organization claims (Insomnia's "domain identifier"), lower-cased. A domain
   * belongs to one organization only. "Sign in with SSO" with an email of a claimed domain goes to
   * this organization's IdP; when any are claimed, JIT creates accounts only for these domains.
   */
  domains: string[];
}

export interface Organization {
  id: string;
  name: string;
  /** Bearer token for the JSON admin API. */
  apiToken: string;
  sso: SsoSettings | null;
}

export interface Account {
  id: string;
  orgId: string;
  /** Lower-cased. Unique across the whole SP. */
  email: string;
  role: Role;
  status: AccountStatus;
  /** scrypt hash; absent for invited and JIT accounts. */
  passwordHash: string | null;
  /**
   * OpenID Connect identities linked at the account's first SSO sign-in with each issuer: issuer →
   * `sub`. Later sign-ins from that issuer find the account by `sub` first (so an email changed in
   * Okta follows), and an account linked to another `sub` is never signed into by email.
   */
  oidcSubjects: Record<string, string>;
  /** The secret of the invitation link (`/invitations/{token}`) while invited; null once accepted. */
  invitationToken: string | null;
}

/** What an SSO sign-in proved about the person, after every protocol check passed. */
export interface SsoIdentity {
  /** As asserted; the account policy compares it lower-cased. */
  email: string;
  /** OIDC only: the issuer and `sub` of the id_token. SAML has none (the email is the identity). */
  subject: { issuer: string; sub: string } | null;
}

/** Who started an SSO sign-in: the SP (portal key, direct URL, domain, invitation) or the IdP (a dashboard tile). */
export type SsoStart = 'sp' | 'idp';

/**
 * ngrok's prompt: a person who arrived from the Okta dashboard with no account is asked to join
 * first. Held in their browser session only, single use, short-lived, and only the already
 * validated identity: accepting runs the account policy again.
 */
export interface PendingJoin {
  orgId: string;
  identity: SsoIdentity;
  method: Exclude<AuthMethod, 'password'>;
  expiresAt: number;
  idpSessionEndsAt: number | null;
}

export interface Session {
  id: string;
  csrfToken: string;
  accountId: string | null;
  authMethod: AuthMethod | null;
  /** When the session was made (for a signed-in one: the sign-in), ms of the SP's clock. */
  createdAt: number;
  /** Last request that used it: idle sessions end (limits.*SessionIdleMs). */
  lastSeenAt: number;
  /** A join prompt waiting for this browser's answer (see PendingJoin). */
  pendingJoin: PendingJoin | null;
  /** When the IdP said its own session ends (SAML SessionNotOnOrAfter): this one ends then too. */
  idpSessionEndsAt: number | null;
}

/** An AuthnRequest this SP sent, bound to the browser session and the org. Single use. */
export interface PendingSamlRequest {
  requestId: string;
  orgId: string;
  sessionId: string;
  relayState: string;
  expiresAt: number;
  /** Set when the sign-in was started from an invitation link: the response must be for that invitation's email. */
  invitationToken: string | null;
}

/** An authorization request this SP sent (code flow), keyed by `state`. Bound to the browser session and org; single use. */
export interface PendingOidcLogin {
  state: string;
  nonce: string;
  /** undefined only in the test-only variants that send no PKCE (src/weakenings.ts). */
  codeVerifier: string | undefined;
  orgId: string;
  sessionId: string;
  /** The issuer the request went to: a callback after the org changed its OP is refused. */
  issuer: string;
  /** Where to go after sign-in: a same-origin path (from an initiate-login target_link_uri), else /home. */
  returnTo: ReturnPath;
  expiresAt: number;
  /** Set when the sign-in was started from an invitation link. */
  invitationToken: string | null;
  /** `idp` when the Okta dashboard started it through the initiate login URI. */
  startedBy: SsoStart;
}
