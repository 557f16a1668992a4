// JSON admin API. Authenticated by `Authorization: Bearer <org api token>`, or by the session of a
// signed-in owner/admin of that org (then writes also need `X-CSRF-Token: <session csrf token>`).
// Errors: `{ error: { code, message } }` with a proper status (see the central error handler).
import express, { type Request, type Router } from 'express';
import { SpError } from '../errors.ts';
import type { Organization } from '../model.ts';
import { inviteMember, memberJson, saveSsoSettings, ssoSettingsJson } from '../services.ts';
import type { SsoSettingsInput } from '../settings.ts';
import { signedIn, tokensEqual, type AppContext } from '../web.ts';

/** The org and, when a signed-in admin's browser made the call, that session (spared when SSO gets enforced). */
function authorizeOrg(ctx: AppContext, req: Request): Organization {
  return authorize(ctx, req).org;
}

function authorize(ctx: AppContext, req: Request): { org: Organization; sessionId: string | null } {
  const org = ctx.store.orgs.get(String(req.params.orgId));
  const auth = req.headers.authorization;
  if (auth !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(auth);
    const tokenOrg = m ? ctx.store.findOrgByApiToken(m[1]!) : undefined;
    if (!tokenOrg) throw new SpError('AUTH_REQUIRED', 401, 'invalid API token');
    if (!org || tokenOrg.id !== org.id) throw new SpError('FORBIDDEN', 403, 'this token is for another organization');
    return { org, sessionId: null };
  }
  const s = signedIn(ctx, req);
  if (!s) throw new SpError('AUTH_REQUIRED', 401, 'send Authorization: Bearer <org api token>');
  if (!org || s.org.id !== org.id || s.account.role === 'member') throw new SpError('FORBIDDEN', 403, 'not an admin of this organization');
  if (req.method !== 'GET') {
    const header = req.headers['x-csrf-token'];
    if (typeof header !== 'string' || !tokensEqual(header, s.session.csrfToken)) {
      throw new SpError('CSRF_INVALID', 403, 'session-authenticated writes need the X-CSRF-Token header');
    }
  }
  return { org, sessionId: s.session.id };
}

/** The SSO settings fields of a JSON body (PUT /api/orgs/:orgId/sso, the operator API's `sso`). */
export function ssoSettingsInput(body: Record<string, unknown>): SsoSettingsInput {
  return {
    protocol: body.protocol,
    portalKey: body.portalKey,
    idpSsoUrl: body.idpSsoUrl,
    idpIssuer: body.idpIssuer,
    idpCertificate: body.idpCertificate,
    idpMetadataXml: body.idpMetadataXml,
    allowIdpInitiated: body.allowIdpInitiated,
    provisioning: body.provisioning,
    enforcement: body.enforcement,
    oidcIssuer: body.oidcIssuer,
    oidcClientId: body.oidcClientId,
    oidcClientSecret: body.oidcClientSecret,
    acceptOktaSimplified: body.acceptOktaSimplified,
    domains: body.domains,
  };
}

export function jsonBody(req: Request): Record<string, unknown> {
  if (!req.is('application/json')) throw new SpError('UNSUPPORTED_MEDIA_TYPE', 415, 'send Content-Type: application/json');
  const body: unknown = req.body;
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new SpError('BAD_REQUEST', 400, 'the body must be a JSON object');
  return body as Record<string, unknown>;
}

export function apiRoutes(ctx: AppContext): Router {
  const r = express.Router();
  r.use('/api', express.json({ limit: ctx.limits.apiBodyBytes, strict: true }));

  r.get('/api/orgs/:orgId/sso', (req, res) => {
    const org = authorizeOrg(ctx, req);
    res.json(ssoSettingsJson(ctx, org));
  });

  r.put('/api/orgs/:orgId/sso', async (req, res) => {
    const { org, sessionId } = authorize(ctx, req);
    await saveSsoSettings(ctx, org, ssoSettingsInput(jsonBody(req)), sessionId);
    res.json(ssoSettingsJson(ctx, org));
  });

  r.post('/api/orgs/:orgId/invitations', async (req, res) => {
    const org = authorizeOrg(ctx, req);
    const body = jsonBody(req);
    const account = await inviteMember(ctx, org, { email: body.email, role: body.role, password: body.password });
    res.status(201).json(memberJson(ctx, account));
  });

  r.get('/api/orgs/:orgId/members', (req, res) => {
    const org = authorizeOrg(ctx, req);
    res.json({ members: ctx.store.accountsOf(org.id).map((account) => memberJson(ctx, account)) });
  });

  r.use('/api', (_req, _res) => {
    throw new SpError('NOT_FOUND', 404, 'no such API route');
  });
  return r;
}
