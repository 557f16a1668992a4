/**
 * One Okta authorization server of one org, on oidc-provider: the org authorization server
 * (issuer = the org origin, endpoints /oauth2/v1/…) or a custom one such as `default`
 * (issuer {origin}/oauth2/default, endpoints /oauth2/default/v1/…).
 *
 * Okta behaviour kept here:
 * - no consent screen for the org's own apps (a grant is made for what the app asked);
 * - one sign-in session with SAML: a browser signed in to the org is not asked again, and a browser
 *   whose org session ended or changed user is asked again even if oidc-provider remembers it;
 * - an unassigned user never gets a code: the sign-in step shows Okta's error page instead;
 * - profile and email claims are in the id_token too (Okta puts them there), not only in userinfo;
 * - RP-initiated logout (/v1/logout) ends the Okta session and redirects at once (./logout.ts);
 * - `prompt=consent` never shows a consent step, and native apps are not made to interact again;
 * - refresh tokens for `offline_access` (./index.ts adds the consent prompt oidc-provider wants for
 *   it), rotated at every use when the app's rotation is ROTATE (Okta's default for SPAs);
 * - client_credentials for service apps, with the server's extra scopes (custom scopes on
 *   `default`, Okta's okta.* API scopes on the org server); private_key_jwt client authentication;
 * - access tokens are Okta's JWTs (./okta-tokens.ts) and CORS follows the org's trusted origins
 *   (./cors.ts).
 */
// Before oidc-provider: drops its "Unsupported runtime" line on Node 20 (see the module).
import '../quiet-oidc-provider.ts';
import Provider, { interactionPolicy, type Configuration, type KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import type { OidcRecords } from './memory-adapter.ts';
import type { OidcPorts } from './ports.ts';

export interface AuthorizationServerSpec {
  /** `org` for the org authorization server, else the custom server's id (`default`, `aus…`). */
  id: string;
  /** Where the server is mounted: '' for the org server, `/oauth2/default` for a custom one. */
  mountPath: string;
  issuer: string;
  signingKey: JWK;
  /** oidc-provider's cookie signing keys (the org's, kept across restarts with a state directory). */
  cookieKeys: string[];
  /** Scopes beyond OpenID Connect's (custom scopes, Okta's API scopes). */
  extraScopes: readonly string[];
}

/** How long oidc-provider keeps each kind of record, in seconds (its `ttl` configuration). */
export interface OidcLifetimes {
  interaction: number;
  /** The OIDC session and its grants: as long as the org's sign-in session. */
  session: number;
  authorizationCode: number;
  /** Access and ID tokens. */
  token: number;
  refreshToken: number;
}

/** Okta's lifetimes, except a shorter wait for an abandoned authorization (oidc-provider's is an hour). */
export const DEFAULT_OIDC_LIFETIMES: OidcLifetimes = { interaction: 600, session: 7200, authorizationCode: 60, token: 3600, refreshToken: 86400 };

export const OKTA_SCOPES = ['openid', 'profile', 'email', 'groups', 'offline_access'];

/** Okta's OAuth error → the stable code on the mock's error page. */
const ERROR_CODES: Record<string, string> = {
  invalid_redirect_uri: 'IDP_OIDC_REDIRECT_URI_NOT_REGISTERED',
  invalid_client: 'IDP_OIDC_CLIENT_UNKNOWN',
  unauthorized_client: 'IDP_OIDC_CLIENT_UNAUTHORIZED',
};

export function createAuthorizationServer(
  spec: AuthorizationServerSpec,
  ports: OidcPorts,
  records: OidcRecords,
  lifetimes: OidcLifetimes = DEFAULT_OIDC_LIFETIMES,
): Provider {
  const policy = interactionPolicy.base();
  // Okta's apps are trusted (consent_method TRUSTED): prompt=consent is accepted and asks nothing,
  // and native apps are not sent back to interact on every authorization.
  policy.get('consent')!.checks.remove('consent_prompt');
  policy.get('consent')!.checks.remove('native_client_prompt');
  policy.get('login')!.checks.add(
    new interactionPolicy.Check('okta_session', 'the Okta session is missing, another user, or not assigned', (ctx) => {
      const userId = ports.currentUserId(ctx.req);
      const accountId = ctx.oidc.session?.accountId;
      if (!userId || userId !== accountId) return interactionPolicy.Check.REQUEST_PROMPT;
      if (!ports.isAssigned(userId, ctx.oidc.client!.clientId)) return interactionPolicy.Check.REQUEST_PROMPT;
      return interactionPolicy.Check.NO_NEED_TO_PROMPT;
    }),
  );

  // Routes are relative to the mount path: /oauth2/v1/authorize on the org server,
  // /oauth2/default + /v1/authorize on a custom one.
  const routesBase = spec.mountPath === '' ? '/oauth2/v1' : '/v1';
  const route = (name: string): string => `${routesBase}/${name}`;

  const configuration: Configuration = {
    adapter: records.adapterFor(spec.id, ports.findClient),
    jwks: { keys: [spec.signingKey] },
    cookies: {
      names: {
        session: `${ports.orgId}_${spec.id}_oidc_session`,
        interaction: `${ports.orgId}_${spec.id}_oidc_interaction`,
        resume: `${ports.orgId}_${spec.id}_oidc_resume`,
      },
      keys: [...spec.cookieKeys],
    },
    routes: {
      authorization: route('authorize'),
      token: route('token'),
      jwks: route('keys'),
      userinfo: route('userinfo'),
      end_session: route('logout'),
      introspection: route('introspect'),
      revocation: route('revoke'),
    },
    scopes: [...OKTA_SCOPES, ...spec.extraScopes],
    claims: {
      openid: ['sub'],
      profile: ['name', 'preferred_username', 'given_name', 'family_name', 'locale', 'zoneinfo', 'updated_at'],
      email: ['email', 'email_verified'],
      groups: ['groups'],
    },
    conformIdTokenClaims: false,
    responseTypes: ['code', 'id_token', 'id_token token', 'code id_token'],
    clientDefaults: { grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: 'RS256', token_endpoint_auth_method: 'client_secret_basic' },
    extraClientMetadata: { properties: ['require_pkce', 'refresh_token_rotation'] },
    clientAuthMethods: ['client_secret_basic', 'client_secret_post', 'private_key_jwt', 'none'],
    // Okta rotates a refresh token at every use only when the app says ROTATE.
    rotateRefreshToken: (ctx) => ctx.oidc.client?.metadata()['refresh_token_rotation'] === 'ROTATE',
    pkce: { required: (_ctx, client) => client.metadata()['require_pkce'] === true },
    features: {
      devInteractions: { enabled: false },
      // Okta binds tokens to a DPoP key only for an app that requires it (off by default, and not
      // modelled); others get Bearer tokens even when a DPoP header is sent, as the Okta SDK always does.
      dPoP: { enabled: false },
      introspection: { enabled: true },
      clientCredentials: { enabled: true },
      revocation: { enabled: true },
      userinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => {
          ports.endSession(ctx.req, ctx.res);
          ctx.body = autoSubmit(form);
        },
        postLogoutSuccessSource: (ctx) => {
          ctx.body = ports.renderErrorPage({ status: 200, code: 'IDP_SIGNED_OUT', title: 'You have been signed out', detail: 'Your Okta session has ended.' });
        },
      },
    },
    interactions: {
      policy,
      url: (_ctx, interaction) => interactionPath(spec, interaction.uid),
    },
    findAccount: (_ctx, sub) => {
      const user = ports.findUser(sub);
      if (!user) return undefined;
      return {
        accountId: user.id,
        claims: () => ({
          sub: user.id,
          name: `${user.firstName} ${user.lastName}`.trim(),
          given_name: user.firstName,
          family_name: user.lastName,
          preferred_username: user.login,
          locale: 'en_US',
          zoneinfo: 'America/Los_Angeles',
          email: user.email,
          email_verified: true,
          groups: user.groups,
        }),
      };
    },
    loadExistingGrant: async (ctx) => grantEverythingAsked(ctx, [...OKTA_SCOPES, ...spec.extraScopes]),
    renderError: (ctx, out) => {
      const code = ERROR_CODES[out.error] ?? 'IDP_OIDC_REQUEST_INVALID';
      const hint = code === 'IDP_OIDC_CLIENT_UNKNOWN' ? ' If the mock IdP was restarted, its apps have new client ids and secrets: configure the app again.' : '';
      ctx.type = 'html';
      ctx.body = ports.renderErrorPage({
        status: ctx.status,
        code,
        title: 'Bad request',
        detail: `${out.error}: ${out.error_description ?? ''}`.trim() + hint,
      });
    },
    ttl: {
      AccessToken: lifetimes.token,
      AuthorizationCode: lifetimes.authorizationCode,
      IdToken: lifetimes.token,
      Interaction: lifetimes.interaction,
      Session: lifetimes.session,
      Grant: lifetimes.session,
      RefreshToken: lifetimes.refreshToken,
    },
  };

  const provider = new Provider(spec.issuer, configuration);
  // Okta accepts http (and localhost) sign-in redirect URIs on apps that also allow the implicit grant
  // (an Okta Simplified tile needs it); oidc-provider refuses them unless told, through its documented
  // Client.Schema#invalidate hook. Everything else it checks stays refused.
  const schema = (provider.Client as unknown as { Schema: { prototype: { invalidate(message: string, code?: string): void } } }).Schema.prototype;
  const invalidate = schema.invalidate;
  schema.invalidate = function (this: unknown, message: string, code?: string) {
    if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
    invalidate.call(this, message, code);
  };
  // A path or method oidc-provider has no route for ends in koa's bare "Not Found" (text/plain, no
  // code): answer Okta's error page with a code instead, like every other unknown address.
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.status < 400 || (ctx.body !== undefined && ctx.body !== null && ctx.body !== '')) return;
    const status = ctx.status;
    ctx.type = 'html';
    ctx.body = ports.renderErrorPage(
      status === 404
        ? { status, code: 'IDP_NOT_FOUND', title: 'Page not found', detail: 'There is nothing at this address.' }
        : { status, code: 'IDP_OIDC_REQUEST_INVALID', title: 'Bad request', detail: 'This request cannot be answered here.' },
    );
    ctx.status = status;
  });
  // Host and scheme come from X-Forwarded-Host/-Proto, which ./index.ts always sets to the org's
  // origin before a request reaches the provider (never the client's own).
  provider.proxy = true;
  return provider;
}

/** The mock's own sign-in step for one authorization request, a full path on the org origin. */
export function interactionPath(spec: Pick<AuthorizationServerSpec, 'mountPath'>, uid: string): string {
  return `${spec.mountPath}${spec.mountPath === '' ? '/oauth2/v1' : '/v1'}/interaction/${uid}`;
}

/** Okta does not ask for consent for the org's own apps: the grant holds whatever the app asked. */
async function grantEverythingAsked(ctx: KoaContextWithOIDC, known: readonly string[]) {
  const { oidc } = ctx;
  const client = oidc.client!;
  const grantId = oidc.result?.consent?.grantId ?? oidc.session!.grantIdFor(client.clientId);
  const grant = (grantId ? await oidc.provider.Grant.find(grantId) : undefined) ??
    new oidc.provider.Grant({ clientId: client.clientId, accountId: oidc.session!.accountId });
  const scope = String(oidc.params?.['scope'] ?? 'openid');
  grant.addOIDCScope(scope.split(' ').filter((s) => known.includes(s)).join(' '));
  const claims = oidc.params?.['claims'];
  if (typeof claims === 'string') {
    try {
      const requested = JSON.parse(claims) as { id_token?: object; userinfo?: object };
      grant.addOIDCClaims([...Object.keys(requested.id_token ?? {}), ...Object.keys(requested.userinfo ?? {})]);
    } catch {
      // oidc-provider itself rejects an unparsable claims parameter before this point.
    }
  }
  await grant.save();
  return grant;
}

function autoSubmit(form: string): string {
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>Signing out</title></head>
<body>${form}<noscript><button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button></noscript>
<script>var f=document.getElementById('op.logoutForm');var i=document.createElement('input');i.type='hidden';i.name='logout';i.value='yes';f.appendChild(i);f.submit();</script>
</body></html>`;
}
