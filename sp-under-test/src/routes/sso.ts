// SSO entry points: the portal key form, /sso?key=… (SP-initiated SAML or OIDC), "Sign in with SSO"
// by email domain, the ACS, SP metadata.
import express, { type RequestHandler, type Router } from 'express';
import { ssoError, unknownOrganization } from '../errors.ts';
import { domainOf } from '../policy/account-policy.ts';
import { spEndpoints } from '../saml/endpoints.ts';
import { spMetadataXml } from '../saml/sp-saml.ts';
import type { ReturnPath } from '../oidc/checks/return-path.ts';
import { validateSamlResponse } from '../saml/validate-response.ts';
import { ssoPortalPage } from '../views.ts';
import { bodyField, currentSession, requireCsrf, type AppContext } from '../web.ts';
import { completeSsoSignIn } from './sso-sign-in.ts';
import { startSsoSignIn } from './start-sso.ts';

const EMAIL = /^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/;
const MAX_EMAIL = 254;

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
  const form = express.urlencoded({ extended: false, limit: ctx.limits.formBodyBytes });

  r.get('/sso', async (req, res) => {
    const key = req.query.key;
    if (key === undefined) {
      res.send(ssoPortalPage());
      return;
    }
    const org = typeof key === 'string' ? ctx.store.findOrgByPortalKey(key.trim()) : undefined;
    if (!org) throw ssoError('SSO_UNKNOWN_PORTAL_KEY', 'no organization uses this SSO portal key');
    await startSsoSignIn(ctx, req, res, org);
  });

  // "Sign in with SSO" with a work email: the organization that claimed the email's domain, with the
  // email as OIDC login_hint. A form post (CSRF-checked) so the email stays out of URLs and logs.
  r.post('/sso/email', form, async (req, res) => {
    requireCsrf(ctx, req, bodyField(req, '_csrf'));
    const email = bodyField(req, 'email').trim();
    const org = email.length <= MAX_EMAIL && EMAIL.test(email) ? ctx.store.findOrgByDomain(domainOf(email)) : undefined;
    if (!org) throw ssoError('SSO_DOMAIN_UNKNOWN', 'no organization signs in people of this email domain with SSO');
    await startSsoSignIn(ctx, req, res, org, { loginHint: email });
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
      weakened: ctx.weakened,
    });
    // RelayState is never used as a redirect target (except by the TEST ONLY variant that shows why).
    const relayState = body && typeof body === 'object' ? (body as Record<string, unknown>).RelayState : undefined;
    const followRelayState = ctx.weakened.has('saml-relay-state') && typeof relayState === 'string' && /^(\/|[a-z][a-z0-9+.-]*:)/i.test(relayState);
    completeSsoSignIn(ctx, req, res, org, sso, {
      identity: { email: login.email, subject: null },
      method: 'saml',
      startedBy: login.solicitation === 'idp-initiated' ? 'idp' : 'sp',
      invitationToken: login.invitationToken,
      idpSessionEndsAt: login.sessionNotOnOrAfter,
      returnTo: followRelayState ? (relayState as ReturnPath) : '/home',
    });
  });

  r.get('/sso/saml/metadata/:orgId', (req, res) => {
    const org = ctx.store.orgs.get(String(req.params.orgId));
    if (!org) throw unknownOrganization();
    res.type('application/xml').send(spMetadataXml(spEndpoints(ctx.baseUrl(), org.id)));
  });

  return r;
}
