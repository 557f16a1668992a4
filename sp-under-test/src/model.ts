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
}

/** An AuthnRequest this SP sent, bound to the browser session and the org. Single use. */
export interface PendingSamlRequest {
  requestId: string;
  orgId: string;
  sessionId: string;
  relayState: string;
  expiresAt: number;
}

/** An authorization request this SP sent (code flow), keyed by `state`. Bound to the browser session and org; single use. */
export interface PendingOidcLogin {
  state: string;
  nonce: string;
  codeVerifier: string;
  orgId: string;
  sessionId: string;
  /** The issuer the request went to: a callback after the org changed its OP is refused. */
  issuer: string;
  /** Where to go after sign-in: a same-origin path (from an initiate-login target_link_uri), else /home. */
  returnTo: ReturnPath;
  expiresAt: number;
}
