/**
 * The org side of OpenID Connect: OidcPorts implemented from the org's store, its sign-in session
 * (the same `sid_{orgId}` SAML uses, so one sign-in serves both protocols), its sign-in page and its
 * error page and its faults. src/oidc/ reaches the org only through these.
 */
import type { ServerResponse } from 'node:http';
import { IdpError, isIdpErrorCode } from './errors.ts';
import { oidcFaultPortOf } from './faults/oidc/port.ts';
import { createOrgOidc, newSigningKey, type OidcClientRecord, type OidcPorts, type OrgOidc } from './oidc/index.ts';
import type { Org } from './org.ts';
import { recordRefusal } from './inspector/record.ts';
import { errorPage } from './pages.ts';
import { currentSignIn, sessionIdOf } from './signin/authenticate.ts';
import { signInUrl } from './signin/routes.ts';
import { sessionCookieName } from './signin/session-store.ts';
import type { OidcApp, OidcResponseType } from './tenant/model.ts';

/**
 * Okta lists response types one by one (code, token, id_token); oidc-provider wants the combinations
 * a client may ask for. `token` alone (OAuth without OpenID) is not offered by the mock's servers.
 */
function responseTypeCombinations(types: OidcResponseType[]): string[] {
  const has = (type: OidcResponseType): boolean => types.includes(type);
  return [
    ...(has('code') ? ['code'] : []),
    ...(has('id_token') ? ['id_token'] : []),
    ...(has('id_token') && has('token') ? ['id_token token'] : []),
    ...(has('code') && has('id_token') ? ['code id_token'] : []),
  ];
}

/**
 * An ACTIVE OIDC app as oidc-provider's client. initiate_login_uri stays out: it refuses http ones.
 * Okta's SPA (`browser`) and service apps are oidc-provider `web` clients; `native` is its own.
 */
export function clientRecordOf(app: OidcApp): OidcClientRecord {
  const { oauthClient, credentials } = app;
  return {
    client_id: credentials.client_id,
    client_secret: credentials.client_secret,
    redirect_uris: [...oauthClient.redirect_uris],
    post_logout_redirect_uris: [...oauthClient.post_logout_redirect_uris],
    grant_types: [...oauthClient.grant_types],
    response_types: responseTypeCombinations(oauthClient.response_types),
    application_type: oauthClient.application_type === 'native' ? 'native' : 'web',
    token_endpoint_auth_method: credentials.token_endpoint_auth_method,
    ...(credentials.token_endpoint_auth_method === 'private_key_jwt' ? { jwks: { keys: oauthClient.jwks.keys.map((key) => ({ ...key })) } } : {}),
    require_pkce: credentials.pkce_required,
    refresh_token_rotation: oauthClient.refresh_token.rotation_type,
  };
}

/** Okta's Management API scopes, which the org authorization server grants to service apps. */
export const OKTA_API_SCOPES = [
  'okta.users.read',
  'okta.users.manage',
  'okta.groups.read',
  'okta.groups.manage',
  'okta.apps.read',
  'okta.apps.manage',
  'okta.trustedOrigins.read',
  'okta.trustedOrigins.manage',
] as const;

/** Appends a Set-Cookie, keeping whatever oidc-provider has set on the response already. */
function appendCookie(res: ServerResponse, cookie: string): void {
  const existing = res.getHeader('set-cookie');
  const list = existing === undefined ? [] : Array.isArray(existing) ? existing : [String(existing)];
  res.setHeader('set-cookie', [...list, cookie]);
}

export function oidcPortsOf(org: Org): OidcPorts {
  const { store } = org;
  const activeUser = (userId: string) => {
    const user = store.getUser(userId);
    return user?.status === 'ACTIVE' ? user : undefined;
  };
  return {
    origin: org.info.baseUrl,
    orgId: org.info.id,
    findClient(clientId) {
      const app = store.findOidcApp(clientId);
      return app?.status === 'ACTIVE' ? clientRecordOf(app) : undefined;
    },
    findUser(userId) {
      const user = activeUser(userId);
      if (!user) return undefined;
      return { id: user.id, ...user.profile, groups: store.groupsOf(user).map((group) => group.profile.name) };
    },
    currentUserId(req) {
      const signedIn = currentSignIn(org, req);
      return signedIn?.user.status === 'ACTIVE' ? signedIn.user.id : undefined;
    },
    sessionUserInactive(req) {
      const signedIn = currentSignIn(org, req);
      return signedIn !== undefined && signedIn.user.status !== 'ACTIVE';
    },
    endSession(req, res) {
      org.sessions.end(sessionIdOf(org, req));
      appendCookie(res, `${sessionCookieName(org.info.id)}=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; SameSite=Lax`);
      org.log('signed out (RP-initiated logout)');
    },
    currentSessionId: (req) => (currentSignIn(org, req) ? sessionIdOf(org, req) : undefined),
    signInPath: (returnTo, reauthenticate) => signInUrl(returnTo, reauthenticate),
    isAssigned(userId, clientId) {
      // An unknown or inactive client, or an inactive user, is never "assigned".
      const app = store.findOidcApp(clientId);
      const user = activeUser(userId);
      return Boolean(app && app.status === 'ACTIVE' && user && store.assignmentOf(app, user));
    },
    corsAllowed: (origin) => org.trustedOrigins.allowsCors(origin),
    extraScopes: (server) => (server === 'org' ? OKTA_API_SCOPES : org.customScopes),
    renderErrorPage({ status, code, title, detail }) {
      const known = isIdpErrorCode(code) ? code : 'IDP_OIDC_REQUEST_INVALID';
      recordRefusal(org, { code: known, status, message: detail }, { about: 'at the authorization server' });
      return errorPage(org.info.name, new IdpError(known, status, detail, title));
    },
    now: () => Math.floor(org.clock().getTime() / 1000),
    faults: oidcFaultPortOf(org),
  };
}

export function createOidcForOrg(org: Org): OrgOidc {
  const { limits, secrets } = org;
  return createOrgOidc(oidcPortsOf(org), {
    keys: {
      cookieKeys: secrets.cookieKeys,
      async signingKey(server) {
        let key = secrets.signingKeys.get(server);
        if (!key) {
          key = await newSigningKey();
          secrets.signingKeys.set(server, key);
          secrets.changed();
        }
        return key;
      },
    },
    maxRecords: limits.maxOidcRecordsPerOrg,
    lifetimes: {
      interaction: limits.oidcInteractionLifetimeSeconds,
      session: limits.sessionLifetimeSeconds,
      authorizationCode: limits.oidcAuthorizationCodeLifetimeSeconds,
      token: limits.oidcTokenLifetimeSeconds,
      refreshToken: limits.oidcRefreshTokenLifetimeSeconds,
    },
  });
}
