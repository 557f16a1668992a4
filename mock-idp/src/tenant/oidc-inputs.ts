/**
 * The reader for an OpenID Connect app integration, in Okta's JSON shape (OpenIdConnectApplication in
 * okta-mgmt.yaml): `settings.oauthClient` and `credentials.oauthClient`. Defaults are those of a new
 * "OIDC - OpenID Connect / Web Application" in the admin console, written next to their fields.
 *
 * Rules it enforces (each broken one is an issue under the field's path):
 * - application_type is web (default), browser (SPA), native or service, each with Okta's defaults
 *   and Okta's allowed grants: client_credentials only for web and service apps, and a service app
 *   has nothing but client_credentials (no redirect URI, response type `token`);
 * - redirect and sign-out redirect URIs are absolute http(s) URLs without a fragment (a native app's
 *   may use its own scheme, `com.example.app:/callback`); at least one redirect URI, except for a
 *   service app;
 * - grant types ⊆ authorization_code, implicit, refresh_token, client_credentials; response types ⊆
 *   code, token, id_token, and the two agree (code ⇔ authorization_code, token/id_token ⇔ implicit);
 *   refresh_token needs authorization_code;
 * - a browser app is a public client (`none`); private_key_jwt needs the app's public keys in
 *   `settings.oauthClient.jwks.keys`; refresh token rotation defaults to ROTATE for browser apps and
 *   STATIC for the rest, with a 30 s leeway, as Okta's;
 * - "Login initiated by: Either Okta or App" with the OIDC Compliant flow (mode SPEC) needs an
 *   initiate login URI; the Okta Simplified flow (mode OKTA) needs the implicit grant with id_token,
 *   as Okta's admin console demands;
 * - client authentication `none` needs PKCE (Okta's own rule); the client id is the app id.
 */
import {
  Issues,
  isAbsoluteUrl,
  isObject,
  join,
  readArray,
  readBoolean,
  readObject,
  readOneOf,
  readString,
  type Fields,
} from './fields.ts';
import { readUserNameTemplate, readVisibility } from './inputs.ts';
import {
  OIDC_APPLICATION_TYPES,
  OIDC_GRANT_TYPES,
  REFRESH_TOKEN_ROTATION_TYPES,
  type ClientJwk,
  type OidcApplicationType,
  type OidcRefreshTokenSettings,
  OIDC_LOGIN_MODES,
  OIDC_RESPONSE_TYPES,
  TOKEN_ENDPOINT_AUTH_METHODS,
  type AppVisibility,
  type OidcClientSettings,
  type OidcGrantType,
  type OidcIdpInitiatedLogin,
  type OidcResponseType,
  type TokenEndpointAuthMethod,
  type UserNameTemplate,
} from './model.ts';

/** Okta's name for every custom OIDC app (the key in its app catalogue), not unique in the org. */
export const OIDC_APP_NAME = 'oidc_client';

/** Scopes a dashboard launch may ask for; the org authorization server's own. */
const KNOWN_SCOPES = ['openid', 'profile', 'email', 'address', 'phone', 'groups', 'offline_access'] as const;

export interface OidcCredentialsInput {
  token_endpoint_auth_method: TokenEndpointAuthMethod;
  pkce_required: boolean;
  /** Given by the admin (14–100 characters); otherwise the store makes one when the method needs it. */
  client_secret?: string;
}

export interface OidcAppInput {
  signOnMode: 'OPENID_CONNECT';
  label: string;
  name: string;
  oauthClient: OidcClientSettings;
  credentials: OidcCredentialsInput;
  userNameTemplate: UserNameTemplate;
  visibility: AppVisibility;
}

/** A new app's settings of the given type, before the admin's values (Okta's console defaults). */
export function defaultOauthClient(type: OidcApplicationType = 'web'): OidcClientSettings {
  const service = type === 'service';
  return {
    redirect_uris: [],
    post_logout_redirect_uris: [],
    response_types: service ? ['token'] : ['code'],
    grant_types: service ? ['client_credentials'] : ['authorization_code'],
    application_type: type,
    consent_method: 'TRUSTED',
    initiate_login_uri: '',
    idp_initiated_login: { mode: 'DISABLED', default_scope: [] },
    refresh_token: { rotation_type: type === 'browser' ? 'ROTATE' : 'STATIC', leeway: 30 },
    jwks: { keys: [] },
  };
}

/** Okta's client authentication default for each app type: public clients for SPAs and native apps. */
const defaultAuthMethod = (type: OidcApplicationType): TokenEndpointAuthMethod => (type === 'browser' || type === 'native' ? 'none' : 'client_secret_basic');

function readEnumList<T extends string>(input: Fields, key: string, path: string, issues: Issues, allowed: readonly T[]): T[] | undefined {
  if (input[key] === undefined || input[key] === null) return undefined;
  const out: T[] = [];
  readArray(input, key, path, issues).forEach((item, index) => {
    if (typeof item === 'string' && (allowed as readonly string[]).includes(item)) {
      if (!out.includes(item as T)) out.push(item as T);
    } else issues.add(join(join(path, key), index), `must be one of ${allowed.join(', ')}`);
  });
  return out;
}

/** A native app's own-scheme redirect (RFC 8252 §7.1): `com.example.app:/callback`. */
function isPrivateSchemeUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:\/?[^/]/i.test(value) && URL.canParse(value);
}

function readUrlList(input: Fields, key: string, path: string, issues: Issues, privateSchemes = false): string[] | undefined {
  if (input[key] === undefined || input[key] === null) return undefined;
  return readArray(input, key, path, issues).flatMap((item, index) => {
    const at = join(join(path, key), index);
    if (typeof item !== 'string' || item.length > 1024 || !(isAbsoluteUrl(item) || (privateSchemes && isPrivateSchemeUrl(item)))) {
      issues.add(at, privateSchemes ? 'must be an absolute http(s) URL or a private-use scheme URL (com.example.app:/callback)' : 'must be an absolute http(s) URL');
      return [];
    }
    if (item.includes('#')) {
      issues.add(at, 'must not have a fragment');
      return [];
    }
    return [item];
  });
}

/** What the grants imply when the admin gave grants but no response types. */
function responseTypesFor(grants: OidcGrantType[]): OidcResponseType[] {
  if (grants.length > 0 && grants.every((grant) => grant === 'client_credentials')) return ['token'];
  return [...(grants.includes('authorization_code') ? ['code' as const] : []), ...(grants.includes('implicit') ? ['id_token' as const] : [])];
}

function readIdpInitiatedLogin(input: Fields, path: string, issues: Issues, base: OidcIdpInitiatedLogin): OidcIdpInitiatedLogin {
  if (input['idp_initiated_login'] === undefined || input['idp_initiated_login'] === null) return base;
  const login = readObject(input, 'idp_initiated_login', path, issues);
  const at = join(path, 'idp_initiated_login');
  return {
    mode: readOneOf(login, 'mode', at, issues, OIDC_LOGIN_MODES) ?? base.mode,
    default_scope: readEnumList(login, 'default_scope', at, issues, KNOWN_SCOPES) ?? base.default_scope,
  };
}

function readRefreshToken(input: Fields, path: string, issues: Issues, base: OidcRefreshTokenSettings): OidcRefreshTokenSettings {
  if (input['refresh_token'] === undefined || input['refresh_token'] === null) return base;
  const refresh = readObject(input, 'refresh_token', path, issues);
  const at = join(path, 'refresh_token');
  const leeway = refresh['leeway'];
  if (leeway !== undefined && (typeof leeway !== 'number' || !Number.isInteger(leeway) || leeway < 0 || leeway > 60)) {
    issues.add(join(at, 'leeway'), 'must be a whole number of seconds from 0 to 60');
  }
  return {
    rotation_type: readOneOf(refresh, 'rotation_type', at, issues, REFRESH_TOKEN_ROTATION_TYPES) ?? base.rotation_type,
    leeway: typeof leeway === 'number' && Number.isInteger(leeway) && leeway >= 0 && leeway <= 60 ? leeway : base.leeway,
  };
}

/** `jwks.keys`: public keys only (a private member such as `d` is refused), at most 50, unique kids. */
function readJwks(input: Fields, path: string, issues: Issues, base: { keys: ClientJwk[] }): { keys: ClientJwk[] } {
  if (input['jwks'] === undefined || input['jwks'] === null) return base;
  const jwks = readObject(input, 'jwks', path, issues);
  const at = join(path, 'jwks');
  const keys: ClientJwk[] = [];
  const items = readArray(jwks, 'keys', at, issues);
  if (items.length > 50) issues.add(join(at, 'keys'), 'must hold at most 50 keys');
  const kids = new Set<string>();
  items.slice(0, 50).forEach((item, index) => {
    const keyAt = join(join(at, 'keys'), index);
    if (!isObject(item) || typeof item['kty'] !== 'string' || !['RSA', 'EC'].includes(item['kty'])) {
      issues.add(keyAt, 'must be a public JWK with kty RSA or EC');
      return;
    }
    if (['d', 'p', 'q', 'dp', 'dq', 'qi', 'k'].some((member) => member in item)) {
      issues.add(keyAt, 'must be a public key: the private members (d, p, q, …) stay with the app');
      return;
    }
    if (typeof item['kid'] === 'string') {
      if (kids.has(item['kid'])) issues.add(join(keyAt, 'kid'), "All keys in the 'jwks' must have a unique `kid`.");
      kids.add(item['kid']);
    }
    keys.push({ ...item, kty: item['kty'] });
  });
  return { keys };
}

/**
 * `settings.oauthClient`, laid over `base` (the defaults for a create, the stored value for a merge).
 * A create that names an application_type starts from that type's defaults.
 */
export function readOauthClientSettings(input: Fields, path: string, issues: Issues, base?: OidcClientSettings): OidcClientSettings {
  const applicationType = readOneOf(input, 'application_type', path, issues, OIDC_APPLICATION_TYPES);
  const from = base ?? defaultOauthClient(applicationType ?? 'web');
  const type = applicationType ?? from.application_type;
  const grantTypes = readEnumList(input, 'grant_types', path, issues, OIDC_GRANT_TYPES);
  const responseTypes = readEnumList(input, 'response_types', path, issues, OIDC_RESPONSE_TYPES);
  const initiateLoginUri = readString(input, 'initiate_login_uri', path, issues, { absoluteUrl: true });
  const grants = grantTypes ?? from.grant_types;
  const settings: OidcClientSettings = {
    redirect_uris: readUrlList(input, 'redirect_uris', path, issues, type === 'native') ?? from.redirect_uris,
    post_logout_redirect_uris: readUrlList(input, 'post_logout_redirect_uris', path, issues, type === 'native') ?? from.post_logout_redirect_uris,
    grant_types: grants,
    response_types: responseTypes ?? (grantTypes ? responseTypesFor(grantTypes) : from.response_types),
    application_type: type,
    consent_method: readOneOf(input, 'consent_method', path, issues, ['TRUSTED'] as const) ?? from.consent_method,
    initiate_login_uri: initiateLoginUri ?? from.initiate_login_uri,
    idp_initiated_login: readIdpInitiatedLogin(input, path, issues, from.idp_initiated_login),
    refresh_token: readRefreshToken(input, path, issues, from.refresh_token),
    jwks: readJwks(input, path, issues, from.jwks),
  };
  checkOauthClient(settings, path, issues);
  return settings;
}

/** The rules between fields, once each field is read. */
function checkOauthClient(settings: OidcClientSettings, path: string, issues: Issues): void {
  const grants = settings.grant_types;
  const responses = settings.response_types;
  const type = settings.application_type;
  if (type === 'service') {
    // Machine to machine: no user, so no redirect, no browser flow (Okta's rule).
    if (grants.some((grant) => grant !== 'client_credentials') || !grants.includes('client_credentials')) {
      issues.add(join(path, 'grant_types'), 'must be [client_credentials] for a service app');
    }
    if (responses.some((response) => response !== 'token')) issues.add(join(path, 'response_types'), 'must be [token] for a service app');
    if (settings.idp_initiated_login.mode !== 'DISABLED') issues.add(join(path, 'idp_initiated_login.mode'), 'must be DISABLED for a service app');
    return;
  }
  if (grants.includes('client_credentials') && type !== 'web') {
    issues.add(join(path, 'grant_types'), `client_credentials is for web and service apps, not ${type} apps`);
  }
  if (settings.redirect_uris.length === 0) issues.add(join(path, 'redirect_uris'), 'needs at least one sign-in redirect URI');
  if (grants.length === 0) issues.add(join(path, 'grant_types'), 'needs at least one grant type');
  if (responses.length === 0) issues.add(join(path, 'response_types'), 'needs at least one response type');
  if (responses.includes('code') !== grants.includes('authorization_code')) {
    issues.add(join(path, 'response_types'), 'code goes with the authorization_code grant, and only with it');
  }
  const implicitResponses = responses.includes('token') || responses.includes('id_token');
  if (implicitResponses !== grants.includes('implicit')) {
    issues.add(join(path, 'response_types'), 'token and id_token go with the implicit grant, and the implicit grant needs one of them');
  }
  if (grants.includes('refresh_token') && !grants.includes('authorization_code')) {
    issues.add(join(path, 'grant_types'), 'refresh_token needs the authorization_code grant');
  }
  const { mode } = settings.idp_initiated_login;
  if (mode === 'SPEC' && !settings.initiate_login_uri) {
    issues.add(join(path, 'initiate_login_uri'), 'is required when idp_initiated_login.mode is SPEC');
  }
  if (mode === 'OKTA' && !(grants.includes('implicit') && responses.includes('id_token'))) {
    issues.add(join(path, 'grant_types'), 'must include implicit (with the id_token response type) when idp_initiated_login.mode is OKTA');
  }
}

function readOauthCredentials(credentials: Fields, path: string, issues: Issues, appId: string | undefined, settings: OidcClientSettings, base?: OidcCredentialsInput): OidcCredentialsInput {
  const input = readObject(credentials, 'oauthClient', path, issues);
  const at = join(path, 'oauthClient');
  const clientId = readString(input, 'client_id', at, issues);
  if (clientId && clientId !== appId) issues.add(join(at, 'client_id'), 'is the app id, set by Okta; it cannot be chosen or changed');
  const type = settings.application_type;
  const method = readOneOf(input, 'token_endpoint_auth_method', at, issues, TOKEN_ENDPOINT_AUTH_METHODS) ?? base?.token_endpoint_auth_method ?? defaultAuthMethod(type);
  if (type === 'browser' && method !== 'none') issues.add(join(at, 'token_endpoint_auth_method'), 'must be none for a browser app (an SPA cannot keep a secret)');
  if (type === 'service' && method === 'none') issues.add(join(at, 'token_endpoint_auth_method'), 'cannot be none for a service app (client_credentials needs client authentication)');
  if (method === 'private_key_jwt' && settings.jwks.keys.length === 0) {
    issues.add(join(at, 'token_endpoint_auth_method'), 'private_key_jwt needs the public keys in settings.oauthClient.jwks.keys');
  }
  // Okta's default is false for web apps and true for public clients (`none`).
  const pkceRequired = readBoolean(input, 'pkce_required', at, issues) ?? (base && base.token_endpoint_auth_method === method ? base.pkce_required : method === 'none');
  if (method === 'none' && !pkceRequired) issues.add(join(at, 'pkce_required'), 'must be true when token_endpoint_auth_method is none');
  const secret = readString(input, 'client_secret', at, issues, { maxLength: 100 }) || base?.client_secret;
  if (secret !== undefined && secret.length < 14) issues.add(join(at, 'client_secret'), 'must be at least 14 characters');
  return { token_endpoint_auth_method: method, pkce_required: pkceRequired, ...(secret ? { client_secret: secret } : {}) };
}

/**
 * Okta's app body for an OIDC app: label, signOnMode, settings.oauthClient, credentials.oauthClient,
 * visibility. `appId` is the app being replaced (a PUT), so its own client_id may be sent back.
 */
export function readOidcAppInput(body: Fields, path: string, issues: Issues, base?: OidcAppInput, appId?: string): OidcAppInput {
  const label = readString(body, 'label', path, issues, { required: !base, maxLength: 100 }) || base?.label || '';
  const name = readString(body, 'name', path, issues, { maxLength: 100 });
  if (name && name !== OIDC_APP_NAME) issues.add(join(path, 'name'), `must be ${OIDC_APP_NAME} for an OpenID Connect app`);
  const settings = readObject(body, 'settings', path, issues, !base);
  const oauthClient = readOauthClientSettings(
    readObject(settings, 'oauthClient', join(path, 'settings'), issues, !base),
    join(path, 'settings.oauthClient'),
    issues,
    base?.oauthClient,
  );
  const credentials = readObject(body, 'credentials', path, issues);
  const credentialsPath = join(path, 'credentials');
  return {
    signOnMode: 'OPENID_CONNECT',
    label,
    name: OIDC_APP_NAME,
    oauthClient,
    credentials: readOauthCredentials(credentials, credentialsPath, issues, appId, oauthClient, base?.credentials),
    userNameTemplate: readUserNameTemplate(credentials, credentialsPath, issues, base?.userNameTemplate),
    visibility: readVisibility(body, path, issues, base?.visibility),
  };
}
