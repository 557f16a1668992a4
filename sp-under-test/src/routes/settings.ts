// Admin pages: SSO settings (form with metadata upload) and members (invitations).
import express, { type Request, type Response, type Router } from 'express';
import { SpError } from '../errors.ts';
import type { Organization } from '../model.ts';
import { parseMultipart } from '../multipart.ts';
import { invitationUrl, inviteMember, saveSsoSettings, ssoSettingsJson } from '../services.ts';
import type { SsoSettingsInput } from '../settings.ts';
import { membersPage, ssoSettingsPage, type SsoSettingsView } from '../views.ts';
import { bodyField, layoutUser, requireCsrf, signedIn, type AppContext, type SignedInContext } from '../web.ts';

function requireAdmin(ctx: AppContext, req: Request, res: Response): SignedInContext | undefined {
  const s = signedIn(ctx, req);
  if (!s) {
    res.redirect(303, '/signin');
    return undefined;
  }
  if (s.account.role === 'member') throw new SpError('FORBIDDEN', 403, 'only owners and admins can change organization settings');
  return s;
}

/** The member list with each pending invitation's link. */
function members(ctx: AppContext, org: Organization) {
  return ctx.store.accountsOf(org.id).map((account) => ({ ...account, invitationUrl: invitationUrl(ctx, account) }));
}

/** The saved settings as form values (the OIDC client secret is never sent back to the browser). */
function currentValues(org: Organization): SsoSettingsInput {
  const sso = org.sso;
  if (!sso) return {};
  const shared = { protocol: sso.connection.protocol, portalKey: sso.portalKey, provisioning: sso.provisioning, enforcement: sso.enforcement, domains: sso.domains.join(', ') };
  if (sso.connection.protocol === 'oidc') {
    const c = sso.connection;
    return { ...shared, oidcIssuer: c.issuer, oidcClientId: c.clientId, acceptOktaSimplified: c.acceptOktaSimplified };
  }
  const c = sso.connection;
  return { ...shared, idpSsoUrl: c.idpSsoUrl, idpIssuer: c.idpIssuer, idpCertificate: c.idpCertificatePem, allowIdpInitiated: c.allowIdpInitiated };
}

function view(ctx: AppContext, org: Organization): SsoSettingsView {
  const j = ssoSettingsJson(ctx, org);
  return {
    configured: j.configured,
    protocol: j.protocol,
    oidcRedirectUri: j.oidcRedirectUri,
    oidcInitiateLoginUri: j.oidcInitiateLoginUri,
    oidcClientSecretSet: j.oidcClientSecretSet,
    apiToken: org.apiToken,
    orgId: org.id,
    spEntityId: j.spEntityId,
    spAcsUrl: j.spAcsUrl,
    spMetadataUrl: j.spMetadataUrl,
    ...(j.spPortalUrl ? { spPortalUrl: j.spPortalUrl } : {}),
  };
}

/** Form fields from a multipart (the page's form) or urlencoded body. */
function formFields(req: Request): Record<string, string> {
  const type = req.headers['content-type'] ?? '';
  if (/^multipart\/form-data/i.test(type) && Buffer.isBuffer(req.body)) {
    try {
      return parseMultipart(req.body, type);
    } catch {
      throw new SpError('BAD_REQUEST', 400, 'the form could not be read');
    }
  }
  const out: Record<string, string> = {};
  const body: unknown = req.body;
  if (body && typeof body === 'object') {
    for (const [k, v] of Object.entries(body as Record<string, unknown>)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export function settingsRoutes(ctx: AppContext): Router {
  const r = express.Router();
  const urlencoded = express.urlencoded({ extended: false, limit: ctx.limits.settingsBodyBytes });
  const multipart = express.raw({ type: 'multipart/form-data', limit: ctx.limits.settingsBodyBytes });

  r.get('/settings/sso', (req, res) => {
    const s = requireAdmin(ctx, req, res);
    if (!s) return;
    res.send(ssoSettingsPage(layoutUser(s), s.session.csrfToken, currentValues(s.org), view(ctx, s.org), {}));
  });

  r.post('/settings/sso', multipart, urlencoded, async (req, res) => {
    const s = requireAdmin(ctx, req, res);
    if (!s) return;
    const f = formFields(req);
    requireCsrf(ctx, req, f._csrf);
    const metadata = (f.idpMetadata ?? '').trim() || (f.idpMetadataXml ?? '');
    const input: SsoSettingsInput = {
      protocol: f.protocol,
      portalKey: f.portalKey,
      idpSsoUrl: f.idpSsoUrl,
      idpIssuer: f.idpIssuer,
      idpCertificate: f.idpCertificate,
      idpMetadataXml: metadata,
      allowIdpInitiated: f.allowIdpInitiated,
      provisioning: f.provisioning,
      enforcement: f.enforcement,
      oidcIssuer: f.oidcIssuer,
      oidcClientId: f.oidcClientId,
      oidcClientSecret: f.oidcClientSecret,
      acceptOktaSimplified: f.acceptOktaSimplified,
      domains: f.domains,
    };
    try {
      // The admin's own session survives enforcing SSO (the one that made the change).
      await saveSsoSettings(ctx, s.org, input, s.session.id);
    } catch (err) {
      if (!(err instanceof SpError)) throw err;
      res
        .status(err.status)
        // The typed secret is not echoed back into the page.
        .send(ssoSettingsPage(layoutUser(s), s.session.csrfToken, { ...input, oidcClientSecret: '' }, view(ctx, s.org), { error: { code: err.code, message: err.message } }));
      return;
    }
    res.send(ssoSettingsPage(layoutUser(s), s.session.csrfToken, currentValues(s.org), view(ctx, s.org), { saved: true }));
  });

  r.get('/settings/members', (req, res) => {
    const s = requireAdmin(ctx, req, res);
    if (!s) return;
    res.send(membersPage(layoutUser(s), s.session.csrfToken, members(ctx, s.org), {}));
  });

  r.post('/settings/members', urlencoded, async (req, res) => {
    const s = requireAdmin(ctx, req, res);
    if (!s) return;
    requireCsrf(ctx, req, bodyField(req, '_csrf'));
    const email = bodyField(req, 'email');
    try {
      const invited = await inviteMember(ctx, s.org, { email, role: bodyField(req, 'role') });
      res.send(membersPage(layoutUser(s), s.session.csrfToken, members(ctx, s.org), { invited: invited.email }));
    } catch (err) {
      if (!(err instanceof SpError)) throw err;
      res
        .status(err.status)
        .send(membersPage(layoutUser(s), s.session.csrfToken, members(ctx, s.org), { error: { code: err.code, message: err.message }, email }));
    }
  });

  return r;
}
