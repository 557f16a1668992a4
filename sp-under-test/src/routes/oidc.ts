// OpenID Connect routes of an org whose SSO connection is OIDC:
//
//   GET  /sso/oidc/callback/:orgId   code flow callback ("Sign-in redirect URI")
//   POST /sso/oidc/callback/:orgId   Okta Simplified: the dashboard tile POSTs an id_token here
//                                    (no CSRF token: the signed id_token is the proof; refused
//                                    unless the org turned it on, and never for a SAML org)
//   GET|POST /sso/oidc/initiate/:orgId?iss=…[&login_hint=…][&target_link_uri=…]
//                                    "Initiate login URI" (OIDC Compliant, "Either Okta or App"):
//                                    iss must be the configured issuer, then a normal code flow
import express, { type Request, type Response, type Router } from 'express';
import { ssoError, unknownOrganization } from '../errors.ts';
import type { OidcConnection, Organization, SsoSettings } from '../model.ts';
import { DEFAULT_RETURN_PATH, safeReturnPath } from '../oidc/checks/return-path.ts';
import { oidcEndpoints } from '../oidc/endpoints.ts';
import { extractOidcEmail } from '../oidc/checks/extract-email.ts';
import { verifyIdToken, type TokenReplayCache } from '../oidc/verify-id-token.ts';
import { validateOidcCallback } from '../oidc/validate-callback.ts';
import { currentSession, type AppContext } from '../web.ts';
import { completeSsoSignIn } from './sso-sign-in.ts';
import { startSsoSignIn } from './start-sso.ts';

const MAX_LOGIN_HINT = 256;

interface OidcOrg {
  org: Organization;
  sso: SsoSettings;
  connection: OidcConnection;
}

function oidcOrg(ctx: AppContext, orgId: string): OidcOrg {
  const org = ctx.store.orgs.get(orgId);
  if (!org) throw unknownOrganization();
  const sso = org.sso;
  if (!sso || sso.connection.protocol !== 'oidc') throw ssoError('SSO_NOT_CONFIGURED', 'OpenID Connect is not configured for this organization');
  return { org, sso, connection: sso.connection };
}

/** Query (GET) or form body (POST) parameters; a repeated name (an array) is dropped, never guessed at. */
function params(req: Request): URLSearchParams {
  const out = new URLSearchParams();
  const source: unknown = req.method === 'POST' ? req.body : req.query;
  if (source && typeof source === 'object') {
    for (const [k, v] of Object.entries(source as Record<string, unknown>)) if (typeof v === 'string') out.set(k, v);
  }
  return out;
}

/** One replay cache for every id_token, whichever path brought it. */
function tokenReplayCache(ctx: AppContext): TokenReplayCache {
  return {
    has: (issuer, id) => ctx.store.hasSeenAssertion(issuer, id),
    remember: (issuer, id, until) => ctx.store.rememberAssertion(issuer, id, until),
  };
}

export function oidcRoutes(ctx: AppContext): Router {
  const r = express.Router();
  const form = express.urlencoded({ extended: false, limit: ctx.limits.formBodyBytes });

  r.get('/sso/oidc/callback/:orgId', async (req, res) => {
    const { org, sso, connection } = oidcOrg(ctx, String(req.params.orgId));
    const login = await validateOidcCallback({
      params: params(req),
      orgId: org.id,
      connection,
      redirectUri: oidcEndpoints(ctx.baseUrl(), org.id).redirectUri,
      sessionId: currentSession(ctx, req)?.id ?? null,
      nowMs: ctx.clock().getTime(),
      takePending: (state) => ctx.store.takePendingOidc(state),
      configuration: () => ctx.oidc.configuration(connection),
      keys: () => ctx.oidc.keys(connection),
      replayCache: tokenReplayCache(ctx),
      weakened: ctx.weakened,
      takeLatestPending: () => ctx.store.takeLatestPendingOidcFor(currentSession(ctx, req)?.id ?? null, org.id),
    });
    completeSsoSignIn(ctx, req, res, org, sso, {
      identity: { email: login.email, subject: login.subject },
      method: 'oidc',
      startedBy: login.startedBy,
      invitationToken: login.invitationToken,
      returnTo: login.returnTo,
    });
  });

  r.post('/sso/oidc/callback/:orgId', form, async (req, res) => {
    const { org, sso, connection } = oidcOrg(ctx, String(req.params.orgId));
    if (!connection.acceptOktaSimplified) {
      throw ssoError('SSO_UNSOLICITED_RESPONSE', 'this organization does not accept sign-in with an id_token from the Okta dashboard');
    }
    const body = params(req);
    if (body.has('error')) throw ssoError('SSO_OIDC_ERROR_RESPONSE', 'the identity provider posted an error');
    const claims = await verifyIdToken({
      idToken: body.get('id_token') ?? undefined,
      connection,
      keys: await ctx.oidc.keys(connection),
      now: ctx.clock(),
      replayCache: tokenReplayCache(ctx),
      nonce: 'none',
      weakened: ctx.weakened,
    });
    const email = extractOidcEmail(claims, ctx.weakened);
    if (!email) throw ssoError('SSO_EMAIL_MISSING', 'the id_token has no email');
    // A POSTed `state` is Okta's, not ours: it is never used, and there is no redirect target.
    completeSsoSignIn(ctx, req, res, org, sso, {
      identity: { email, subject: { issuer: connection.issuer, sub: claims.sub } },
      method: 'oidc',
      startedBy: 'idp',
      invitationToken: null,
      returnTo: DEFAULT_RETURN_PATH,
    });
  });

  const initiate = async (req: Request, res: Response): Promise<void> => {
    const { org, connection } = oidcOrg(ctx, String(req.params.orgId));
    const p = params(req);
    if (p.get('iss') !== connection.issuer) {
      throw ssoError('SSO_OIDC_ISSUER_MISMATCH', 'the login was initiated by an issuer this organization does not use');
    }
    const hint = p.get('login_hint') ?? '';
    // The initiate login URI is what the Okta dashboard tile calls ("OIDC Compliant"): started by the IdP.
    await startSsoSignIn(ctx, req, res, org, {
      ...(hint && hint.length <= MAX_LOGIN_HINT ? { loginHint: hint } : {}),
      returnTo: safeReturnPath(p.get('target_link_uri') ?? undefined, ctx.baseUrl()),
      startedBy: 'idp',
    });
  };
  r.get('/sso/oidc/initiate/:orgId', initiate);
  r.post('/sso/oidc/initiate/:orgId', form, initiate);

  return r;
}
