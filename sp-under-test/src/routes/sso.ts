// SSO entry points: the portal key form, /sso?key=… (SP-initiated SAML or OIDC), the ACS, SP metadata.
import express, { type RequestHandler, type Router } from 'express';
import { ssoError, unknownOrganization } from '../errors.ts';
import { randomToken } from '../store.ts';
import { spEndpoints } from '../saml/endpoints.ts';
import { authnRequestRedirectUrl, newRequestId, spMetadataXml } from '../saml/sp-saml.ts';
import { validateSamlResponse } from '../saml/validate-response.ts';
import { ssoPortalPage } from '../views.ts';
import { currentSession, ensureSession, type AppContext } from '../web.ts';
import { redirectToOp } from './oidc.ts';
import { completeSsoSignIn } from './sso-sign-in.ts';

/** The ACS form body, bounded: over the limit it is an SSO refusal (the refusal page), not a generic error. */
function acsBody(limitBytes: number): RequestHandler {
  const parse = express.urlencoded({ extended: false, limit: limitBytes });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (err && typeof err === 'object' && (err as { type?: unknown }).type === 'entity.too.large') {
        next(ssoError('SSO_RESPONSE_TOO_LARGE', `the posted SAML response is larger than ${limitBytes} bytes`));
      } else next(err);
    });
  };
}

export function ssoRoutes(ctx: AppContext): Router {
  const r = express.Router();

  r.get('/sso', async (req, res) => {
    const key = req.query.key;
    if (key === undefined) {
      res.send(ssoPortalPage());
      return;
    }
    const org = typeof key === 'string' ? ctx.store.findOrgByPortalKey(key.trim()) : undefined;
    if (!org) throw ssoError('SSO_UNKNOWN_PORTAL_KEY', 'no organization uses this SSO portal key');
    const connection = org.sso?.connection;
    if (!connection) throw ssoError('SSO_NOT_CONFIGURED', 'this organization has not configured single sign-on');
    switch (connection.protocol) {
      case 'saml': {
        const session = ensureSession(ctx, req, res);
        const requestId = newRequestId();
        const relayState = randomToken(16);
        const url = await authnRequestRedirectUrl(connection, spEndpoints(ctx.baseUrl(), org.id), requestId, relayState);
        ctx.store.addPendingSaml({
          requestId,
          orgId: org.id,
          sessionId: session.id,
          relayState,
          expiresAt: ctx.clock().getTime() + ctx.limits.pendingSignInTtlMs,
        });
        ctx.log(`sso start org=${org.id} request=${requestId}`);
        res.redirect(302, url);
        return;
      }
      case 'oidc':
        await redirectToOp(ctx, req, res, org.id, connection, {});
        return;
    }
  });

  r.post('/sso/saml/acs/:orgId', acsBody(ctx.limits.acsBodyBytes), async (req, res) => {
    const org = ctx.store.orgs.get(String(req.params.orgId));
    if (!org) throw unknownOrganization();
    const sso = org.sso;
    if (!sso || sso.connection.protocol !== 'saml') throw ssoError('SSO_NOT_CONFIGURED', 'SAML is not configured for this organization');
    const body: unknown = req.body;
    const samlResponse = body && typeof body === 'object' ? (body as Record<string, unknown>).SAMLResponse : undefined;
    const session = currentSession(ctx, req);
    const login = await validateSamlResponse({
      samlResponse,
      orgId: org.id,
      connection: sso.connection,
      endpoints: spEndpoints(ctx.baseUrl(), org.id),
      sessionId: session?.id ?? null,
      peekPending: (id) => ctx.store.peekPendingSaml(id),
      takePending: (id) => ctx.store.takePendingSaml(id),
      replayCache: {
        has: (issuer, id) => ctx.store.hasSeenAssertion(issuer, id),
        remember: (issuer, id, until) => ctx.store.rememberAssertion(issuer, id, until),
      },
      nowMs: ctx.clock().getTime(),
      nodeSamlChecksTime: ctx.nodeSamlChecksTime,
      maxResponseBytes: ctx.limits.samlResponseBytes,
    });
    completeSsoSignIn(ctx, req, res, org, sso, login.email, 'saml');
    // RelayState is never used as a redirect target.
    res.redirect(303, '/home');
  });

  r.get('/sso/saml/metadata/:orgId', (req, res) => {
    const org = ctx.store.orgs.get(String(req.params.orgId));
    if (!org) throw unknownOrganization();
    res.type('application/xml').send(spMetadataXml(spEndpoints(ctx.baseUrl(), org.id)));
  });

  return r;
}
