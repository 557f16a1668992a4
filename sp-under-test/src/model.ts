// The SP's domain model. An organization has at most one SSO connection, a discriminated union on
// `protocol` so an OIDC connection can be added beside SAML without touching the SAML code paths.

export type Role = 'owner' | 'admin' | 'member';
export type AccountStatus = 'invited' | 'active';
export type AuthMethod = 'password' | 'saml';
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

/** Reserved for the OIDC issue; not configurable yet. */
export interface OidcConnection {
  protocol: 'oidc';
  issuer: string;
  clientId: string;
  clientSecret: string;
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
  createdAt: number;
}

/** An AuthnRequest this SP sent, bound to the browser session and the org. Single use. */
export interface PendingSamlRequest {
  requestId: string;
  orgId: string;
  sessionId: string;
  relayState: string;
  expiresAt: number;
}
