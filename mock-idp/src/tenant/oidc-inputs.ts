/**
 * The reader for an OpenID Connect app integration, in Okta's JSON shape (OpenIdConnectApplication in
 * okta-mgmt.yaml): `settings.oauthClient` and `credentials.oauthClient`. Defaults are those of a new
 * "OIDC - OpenID Connect / Web Application" in the admin console, written next to their fields.
 *
 * Rules it enforces (each broken one is an issue under the field's path):
 * - redirect and sign-out redirect URIs are absolute http(s) URLs without a fragment; at least one
 *   redirect URI;
 * - grant types ⊆ authorization_code, implicit, refresh_token; response types ⊆ code, token, id_token,
 *   and the two agree (code ⇔ authorization_code, token/id_token ⇔ implicit); refresh_token needs
 *   authorization_code;
 * - "Login initiated by: Either Okta or App" with the OIDC Compliant flow (mode SPEC) needs an
 *   initiate login URI; the Okta Simplified flow (mode OKTA) needs the implicit grant with id_token,
 *   as Okta's admin console demands;
 * - client authentication `none` needs PKCE (Okta's own rule); the client id is the app id.
 */
import {
  Issues,
  isAbsoluteUrl,
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
  OIDC_GRANT_TYPES,
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

/** A new Web Application's settings, before the admin's values. */
export function defaultOauthClient(): OidcClientSettings {
  return {
    redirect_uris: [],
    post_logout_redirect_uris: [],
    response_types: ['code'],
    grant_types: ['authorization_code'],
    application_type: 'web',
    consent_method: 'TRUSTED',
    initiate_login_uri: '',
    idp_initiated_login: { mode: 'DISABLED', default_scope: [] },
  };
}

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

function readUrlList(input: Fields, key: string, path: string, issues: Issues): string[] | undefined {
  if (input[key] === undefined || input[key] === null) return undefined;
  return readArray(input, key, path, issues).flatMap((item, index) => {
    const at = join(join(path, key), index);
    if (typeof item !== 'string' || !isAbsoluteUrl(item)) {
      issues.add(at, 'must be an absolute http(s) URL');
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

/** `settings.oauthClient`, laid over `base` (the defaults for a create, the stored value for a merge). */
export function readOauthClientSettings(input: Fields, path: string, issues: Issues, base: OidcClientSettings = defaultOauthClient()): OidcClientSettings {
  const grantTypes = readEnumList(input, 'grant_types', path, issues, OIDC_GRANT_TYPES);
  const responseTypes = readEnumList(input, 'response_types', path, issues, OIDC_RESPONSE_TYPES);
  const initiateLoginUri = readString(input, 'initiate_login_uri', path, issues, { absoluteUrl: true });
  const settings: OidcClientSettings = {
    redirect_uris: readUrlList(input, 'redirect_uris', path, issues) ?? base.redirect_uris,
    post_logout_redirect_uris: readUrlList(input, 'post_logout_redirect_uris', path, issues) ?? base.post_logout_redirect_uris,
    grant_types: grantTypes ?? base.grant_types,
    response_types: responseTypes ?? (grantTypes ? responseTypesFor(grantTypes) : base.response_types),
    // Native, SPA and service apps come later; saying so beats pretending to be one.
    application_type: readOneOf(input, 'application_type', path, issues, ['web'] as const) ?? base.application_type,
    consent_method: readOneOf(input, 'consent_method', path, issues, ['TRUSTED'] as const) ?? base.consent_method,
    initiate_login_uri: initiateLoginUri ?? base.initiate_login_uri,
    idp_initiated_login: readIdpInitiatedLogin(input, path, issues, base.idp_initiated_login),
  };
  checkOauthClient(settings, path, issues);
  return settings;
}

/** The rules between fields, once each field is read. */
function checkOauthClient(settings: OidcClientSettings, path: string, issues: Issues): void {
  const grants = settings.grant_types;
  const responses = settings.response_types;
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

function readOauthCredentials(credentials: Fields, path: string, issues: Issues, appId: string | undefined, base?: OidcCredentialsInput): OidcCredentialsInput {
  const input = readObject(credentials, 'oauthClient', path, issues);
  const at = join(path, 'oauthClient');
  const clientId = readString(input, 'client_id', at, issues);
  if (clientId && clientId !== appId) issues.add(join(at, 'client_id'), 'is the app id, set by Okta; it cannot be chosen or changed');
  const method = readOneOf(input, 'token_endpoint_auth_method', at, issues, TOKEN_ENDPOINT_AUTH_METHODS) ?? base?.token_endpoint_auth_method ?? 'client_secret_basic';
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
    credentials: readOauthCredentials(credentials, credentialsPath, issues, appId, base?.credentials),
    userNameTemplate: readUserNameTemplate(credentials, credentialsPath, issues, base?.userNameTemplate),
    visibility: readVisibility(body, path, issues, base?.visibility),
  };
}
