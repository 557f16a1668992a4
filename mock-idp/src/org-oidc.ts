/**
 * The org side of OpenID Connect: OidcPorts implemented from the org's store, its sign-in session
 * (the same `sid_{orgId}` SAML uses, so one sign-in serves both protocols), its sign-in page and its
 * error page and its faults. src/oidc/ reaches the org only through these.
 */
import type { ServerResponse } from 'node:http';
import { IdpError, isIdpErrorCode } from './errors.ts';
import { oidcFaultPortOf } from './faults/oidc/port.ts';
import { createOrgOidc, type OidcClientRecord, type OidcPorts, type OrgOidc } from './oidc/index.ts';
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

/** An ACTIVE OIDC app as oidc-provider's client. initiate_login_uri stays out: it refuses http ones. */
export function clientRecordOf(app: OidcApp): OidcClientRecord {
  return {
    client_id: app.credentials.client_id,
    client_secret: app.credentials.client_secret,
    redirect_uris: [...app.oauthClient.redirect_uris],
    post_logout_redirect_uris: [...app.oauthClient.post_logout_redirect_uris],
    grant_types: [...app.oauthClient.grant_types],
    response_types: responseTypeCombinations(app.oauthClient.response_types),
    token_endpoint_auth_method: app.credentials.token_endpoint_auth_method,
    require_pkce: app.credentials.pkce_required,
  };
}

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
    signInPath: (returnTo) => signInUrl(returnTo),
    isAssigned(userId, clientId) {
      // An unknown or inactive client, or an inactive user, is never "assigned".
      const app = store.findOidcApp(clientId);
      const user = activeUser(userId);
      return Boolean(app && app.status === 'ACTIVE' && user && store.assignmentOf(app, user));
    },
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
  const { limits } = org;
  return createOrgOidc(oidcPortsOf(org), {
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
