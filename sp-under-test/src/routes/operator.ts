// The vendor's own staff ("operator"), not a customer: sets up a self-service SSO organization from
// the values a customer's admin handed over (Inigo's guide: "Contact us to securely share your
// Client ID, Client Secret, and Okta Domain"). Authenticated by the operator token given to the SP
// at start (option `operatorToken`, CLI --operator-token, env SP_OPERATOR_TOKEN).
//
//   POST /api/operator/organizations  { name, sso: { …the fields of PUT /api/orgs/:orgId/sso… } }
//     → 201 { id, name, apiToken, sso } — SSO settings with JIT on, and no account yet
import express, { type Request, type Router } from 'express';
import { SpError } from '../errors.ts';
import { createSsoOrganization, ssoSettingsJson } from '../services.ts';
import { tokensEqual, type AppContext } from '../web.ts';
import { jsonBody, ssoSettingsInput } from './api.ts';

function requireOperator(ctx: AppContext, req: Request): void {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  if (!m || !tokensEqual(m[1]!, ctx.operatorToken)) throw new SpError('AUTH_REQUIRED', 401, 'send Authorization: Bearer <operator token>');
}

export function operatorRoutes(ctx: AppContext): Router {
  const r = express.Router();
  r.post('/api/operator/organizations', express.json({ limit: '1mb', strict: true }), async (req, res) => {
    requireOperator(ctx, req);
    const body = jsonBody(req);
    const sso = body.sso;
    if (!sso || typeof sso !== 'object' || Array.isArray(sso)) throw new SpError('SSO_SETTINGS_INVALID', 400, 'sso: the SSO settings object is required');
    const org = await createSsoOrganization(ctx, { name: body.name, sso: ssoSettingsInput(sso as Record<string, unknown>) });
    res.status(201).json({ id: org.id, name: org.name, apiToken: org.apiToken, sso: ssoSettingsJson(ctx, org) });
  });
  return r;
}
