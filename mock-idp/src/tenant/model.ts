/**
 * The in-memory org as Okta models it: users, groups, apps, and who is assigned to which app.
 * Field names follow Okta's Management API (okta-mgmt.yaml) so the JSON the API returns is a plain
 * projection of these records.
 */

/** PROVISIONED: activated without a password (Okta would have mailed an activation link); cannot sign in. */
export type UserStatus = 'ACTIVE' | 'STAGED' | 'PROVISIONED' | 'SUSPENDED' | 'DEPROVISIONED';
export const USER_STATUSES: readonly UserStatus[] = ['ACTIVE', 'STAGED', 'PROVISIONED', 'SUSPENDED', 'DEPROVISIONED'];

export interface UserProfile {
  /** The Okta username; usually an email address. */
  login: string;
  email: string;
  firstName: string;
  lastName: string;
}

export interface User {
  id: string;
  status: UserStatus;
  profile: UserProfile;
  /** A user created without one gets an unguessable secret here (and `passwordless`): nobody can sign in as them. */
  password: string;
  passwordless?: true;
  created: Date;
  lastUpdated: Date;
}

export interface Group {
  id: string;
  profile: { name: string; description: string };
  memberIds: Set<string>;
  created: Date;
  lastUpdated: Date;
}

export const NAME_ID_FORMATS = {
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  x509SubjectName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
} as const;
export type NameIdFormat = (typeof NAME_ID_FORMATS)[keyof typeof NAME_ID_FORMATS];

export const ATTRIBUTE_NAME_FORMATS = [
  'urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified',
  'urn:oasis:names:tc:SAML:2.0:attrname-format:basic',
  'urn:oasis:names:tc:SAML:2.0:attrname-format:uri',
] as const;
export type AttributeNameFormat = (typeof ATTRIBUTE_NAME_FORMATS)[number];

/** Okta's EXPRESSION attribute statement: each value an expression over the user (`user.email`). */
export interface SamlExpressionStatement {
  type: 'EXPRESSION';
  name: string;
  namespace: AttributeNameFormat;
  values: string[];
}

export const GROUP_FILTER_TYPES = ['STARTS_WITH', 'EQUALS', 'CONTAINS', 'REGEX'] as const;
export type GroupFilterType = (typeof GROUP_FILTER_TYPES)[number];

/**
 * Okta's GROUP attribute statement: one value per group of the user whose name passes the filter
 * (STARTS_WITH, EQUALS and CONTAINS compare text; REGEX must match the whole name, as Java's
 * String.matches does in Okta).
 */
export interface SamlGroupStatement {
  type: 'GROUP';
  name: string;
  namespace: AttributeNameFormat;
  filterType: GroupFilterType;
  filterValue: string;
}

export type SamlAttributeStatement = SamlExpressionStatement | SamlGroupStatement;

export interface AcsEndpoint {
  url: string;
  index: number;
}

/**
 * "Enable Single Logout" (SP-initiated): the SP's SLO URL where Okta sends the LogoutResponse, and
 * the SP's issuer its LogoutRequests carry. Okta then requires the SP's signature certificate
 * (`spCertificate`), which verifies the SP's requests and responses.
 */
export interface SamlSingleLogout {
  enabled: boolean;
  issuer: string;
  logoutUrl: string;
}

/**
 * "Participate in Single Logout" (IdP-initiated): when the person signs out of Okta, or out of
 * another app through SLO, Okta sends this app a LogoutRequest at `logoutRequestUrl` on the binding
 * given, with the SessionIndex when `sessionIndexRequired`.
 */
export interface SamlSloParticipation {
  enabled: boolean;
  logoutRequestUrl: string;
  sessionIndexRequired: boolean;
  bindingType: 'POST' | 'REDIRECT';
}

export const ASSERTION_ENCRYPTION_ALGORITHMS = ['AES128_CBC', 'AES256_CBC', 'AES128_GCM', 'AES256_GCM'] as const;
export const KEY_TRANSPORT_ALGORITHMS = ['RSA_OAEP', 'RSA_15'] as const;

/** "Assertion Encryption": the SP's encryption certificate (one base64 DER in x5c) and Okta's algorithm choices. */
export interface SamlAssertionEncryption {
  enabled: boolean;
  encryptionAlgorithm: (typeof ASSERTION_ENCRYPTION_ALGORITHMS)[number];
  keyTransportAlgorithm: (typeof KEY_TRANSPORT_ALGORITHMS)[number];
  x5c: string[];
}

/** Mirrors Okta's SamlApplicationSettingsSignOn (the fields the mock acts on). */
export interface SamlSignOn {
  ssoAcsUrl: string;
  recipient: string;
  destination: string;
  audience: string;
  defaultRelayState: string;
  subjectNameIdFormat: NameIdFormat;
  subjectNameIdTemplate: string;
  responseSigned: boolean;
  assertionSigned: boolean;
  signatureAlgorithm: 'RSA_SHA256' | 'RSA_SHA1';
  digestAlgorithm: 'SHA256' | 'SHA1';
  honorForceAuthn: boolean;
  attributeStatements: SamlAttributeStatement[];
  acsEndpoints: AcsEndpoint[];
  /** "Allow this app to request other SSO URLs": acsEndpoints are used only when true. */
  allowMultipleAcsEndpoints: boolean;
  slo: SamlSingleLogout;
  participateSlo: SamlSloParticipation;
  /** The SP's signature certificate for SLO (base64 DER in x5c), or none. */
  spCertificate: { x5c: string[] } | undefined;
  assertionEncryption: SamlAssertionEncryption;
}

/**
 * Okta's `credentials.userNameTemplate`: what "Application username" is. `pushStatus` is "Update
 * application username on": PUSH = "Create and update" (the console's default, and the mock's when
 * absent), DONT_PUSH = "Create only".
 */
export interface UserNameTemplate {
  template: string;
  type: 'BUILT_IN' | 'CUSTOM';
  pushStatus?: 'PUSH' | 'DONT_PUSH';
}

export interface AppVisibility {
  autoSubmitToolbar: boolean;
  hide: { iOS: boolean; web: boolean };
}

/**
 * A key pair and self-signed certificate made with the app, as Okta does; an app may hold several
 * (Okta's key credentials: generated, or cloned from another app) and signs with the one
 * `credentials.signing.kid` names.
 */
export interface SigningCredentials {
  kid: string;
  privateKeyPem: string;
  certificatePem: string;
  created: Date;
  expiresAt: Date;
}

export interface Assignment {
  created: Date;
}

interface AppBase {
  id: string;
  /** Okta's app name, used in the SSO URL; unique in the org. */
  name: string;
  label: string;
  status: 'ACTIVE' | 'INACTIVE';
  visibility: AppVisibility;
  created: Date;
  lastUpdated: Date;
  /** Direct assignments (scope USER), by user id. */
  userAssignments: Map<string, Assignment>;
  /** Group assignments (scope GROUP), by group id. */
  groupAssignments: Map<string, Assignment>;
  /**
   * Okta's app username (AppUser `credentials.userName`) of each user who has the app, by user id:
   * computed from `userNameTemplate` when the user gets the app (directly or through a group), then
   * recomputed on a profile change only when the template's pushStatus is PUSH ("Update application
   * username on: Create and update"); with DONT_PUSH ("Create only") it keeps its first value.
   */
  userNames: Map<string, string>;
  /** The app's key credentials (`/api/v1/apps/{id}/credentials/keys`), oldest first. */
  keys: SigningCredentials[];
}

export interface SamlApp extends AppBase {
  signOnMode: 'SAML_2_0';
  externalKey: string;
  signOn: SamlSignOn;
  userNameTemplate: UserNameTemplate;
  /** The key credential `credentials.signing.kid` names: what signs and what the metadata publishes. */
  signing: SigningCredentials;
}

export const OIDC_GRANT_TYPES = ['authorization_code', 'implicit', 'refresh_token', 'client_credentials'] as const;
export type OidcGrantType = (typeof OIDC_GRANT_TYPES)[number];
export const OIDC_RESPONSE_TYPES = ['code', 'token', 'id_token'] as const;
export type OidcResponseType = (typeof OIDC_RESPONSE_TYPES)[number];
export const OIDC_LOGIN_MODES = ['DISABLED', 'SPEC', 'OKTA'] as const;
/**
 * "Login initiated by" and "Login flow" in the admin console: DISABLED = App Only; SPEC = Either Okta
 * or App, Redirect to app to initiate login (OIDC Compliant); OKTA = Either Okta or App, Send ID Token
 * directly to app (Okta Simplified).
 */
export type OidcLoginMode = (typeof OIDC_LOGIN_MODES)[number];
export const TOKEN_ENDPOINT_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'] as const;
export type TokenEndpointAuthMethod = (typeof TOKEN_ENDPOINT_AUTH_METHODS)[number];
/**
 * Okta's app types: web (a server with a secret), browser (an SPA: public, PKCE), native (a mobile or
 * desktop app: public with PKCE, custom-scheme redirects) and service (machine to machine:
 * client_credentials only, no user, no redirect).
 */
export const OIDC_APPLICATION_TYPES = ['web', 'browser', 'native', 'service'] as const;
export type OidcApplicationType = (typeof OIDC_APPLICATION_TYPES)[number];
export const REFRESH_TOKEN_ROTATION_TYPES = ['ROTATE', 'STATIC'] as const;

/** Okta's OpenIdConnectApplicationSettingsRefreshToken: ROTATE for SPAs, STATIC for the rest by default. */
export interface OidcRefreshTokenSettings {
  rotation_type: (typeof REFRESH_TOKEN_ROTATION_TYPES)[number];
  /** Seconds the previous token stays valid after a rotation (0–60, default 30). */
  leeway: number;
}

/** A public key of the client's own (private_key_jwt), as a JWK. */
export type ClientJwk = Record<string, unknown> & { kty: string };

/** Okta's OpenIdConnectApplicationIdpInitiatedLogin. */
export interface OidcIdpInitiatedLogin {
  mode: OidcLoginMode;
  default_scope: string[];
}

/** Okta's `settings.oauthClient` (OpenIdConnectApplicationSettingsClient), the fields the mock acts on. */
export interface OidcClientSettings {
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
  response_types: OidcResponseType[];
  grant_types: OidcGrantType[];
  application_type: OidcApplicationType;
  consent_method: 'TRUSTED';
  /** '' when not set. Kept in the Okta model only: oidc-provider refuses an http one. */
  initiate_login_uri: string;
  idp_initiated_login: OidcIdpInitiatedLogin;
  refresh_token: OidcRefreshTokenSettings;
  /** The client's public keys, for private_key_jwt client authentication. */
  jwks: { keys: ClientJwk[] };
}

/** Okta's `credentials.oauthClient` (ApplicationCredentialsOAuthClient). client_id is the app id. */
export interface OidcClientCredentials {
  client_id: string;
  client_secret: string;
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  pkce_required: boolean;
}

export interface OidcApp extends AppBase {
  signOnMode: 'OPENID_CONNECT';
  oauthClient: OidcClientSettings;
  credentials: OidcClientCredentials;
  /** OIDC apps have one too in Okta (the app username the AppUser shows). */
  userNameTemplate: UserNameTemplate;
  /**
   * `credentials.signing.kid`: none until an admin generates a key and selects it. Okta's org
   * authorization server then signs this client's id_tokens with it (a hook for src/oidc/: see
   * `appSigningKey` in ../api/app-keys.ts).
   */
  signingKid: string | null;
}

/**
 * Apps are a union on `signOnMode`, as in Okta's API; code that handles apps switches on signOnMode
 * so the compiler lists every place a new mode must reach.
 */
export type App = SamlApp | OidcApp;
export type SignOnMode = App['signOnMode'];
