/**
 * The hooks that put messages into the org's inspector log (./message-log.ts), one call where each
 * message is received, sent or refused:
 *
 *   recordAuthnRequest     saml/sso-endpoint.ts      an AuthnRequest the SSO URL accepted
 *   recordSamlResponse     saml/sso-endpoint.ts      the Response as posted to the ACS, with its faults
 *   recordRefusal          http-errors.ts, org-oidc.ts, signin/routes.ts   every coded refusal, one log line each
 *   inspectAuthorizationRequests   org-app.ts        GET /oauth2[/default]/v1/authorize, before oidc-provider
 *   (the OIDC answers)     faults/oidc/port.ts       through the fault run of each answer
 */
import type { Request, RequestHandler } from 'express';
import type { Org } from '../org.ts';
import { decodeSamlRequest, type AuthnRequestInfo, type IncomingSamlRequest } from '../saml/parse-authn-request.ts';
import { currentSignIn } from '../signin/authenticate.ts';
import type { SamlApp, User } from '../tenant/model.ts';
import type { AppliedFault } from './message-log.ts';

/** How far back a repeated AuthnRequest is looked for (the browser brings it back after signing in). */
const REPEAT_WINDOW = 20;

export function recordAuthnRequest(org: Org, app: SamlApp, incoming: IncomingSamlRequest, request: AuthnRequestInfo, req: Request): void {
  const log = org.inspector;
  const summary = `AuthnRequest ${request.id} for ${app.label} (${incoming.binding})`;
  // The same request read again after the sign-in page is one message, not two.
  if (log.list(Math.max(0, log.last - REPEAT_WINDOW)).some((entry) => entry.kind === 'saml-authn-request' && entry.appId === app.id && entry.summary === summary)) return;
  let xml: string;
  try {
    xml = decodeSamlRequest(incoming, org.limits);
  } catch {
    return;
  }
  log.record({
    direction: 'received',
    kind: 'saml-authn-request',
    summary,
    appId: app.id,
    userId: currentSignIn(org, req)?.user.id,
    faults: [],
    message: { kind: 'saml-request', text: xml },
    ...(incoming.relayState !== undefined ? { relayState: incoming.relayState } : {}),
  });
}

export interface SentSamlResponse {
  app: SamlApp;
  user: User;
  acsUrl: string;
  xml: string;
  relayState: string | undefined;
  /** The faults the Response passed through (none when the org has none). */
  faults: AppliedFault[];
}

export function recordSamlResponse(org: Org, sent: SentSamlResponse): void {
  org.inspector.record({
    direction: 'sent',
    kind: 'saml-response',
    // The faults' records (GET /mock/v1/faults/sent) name it so: keep the words.
    summary: `SAML Response to ${sent.acsUrl}`,
    appId: sent.app.id,
    userId: sent.user.id,
    faults: sent.faults,
    message: { kind: 'saml-response', text: sent.xml },
    ...(sent.relayState !== undefined ? { relayState: sent.relayState } : {}),
  });
}

export interface Refusal {
  code: string;
  status: number;
  message: string;
}

/** Codes that are not someone's sign-in refused: an address with nothing (a favicon), the signed-out page. */
const NOT_REFUSALS = new Set(['IDP_NOT_FOUND', 'IDP_SIGNED_OUT']);

/**
 * One line in the operator log for every refusal, with its code (a refusal used to leave no line:
 * an unassigned person's, say), and the refusal in the inspector. `where` names the request.
 */
export function recordRefusal(org: Org, refusal: Refusal, where: { method?: string; path?: string; req?: Request; about?: string } = {}): void {
  if (NOT_REFUSALS.has(refusal.code)) return;
  const on = where.method && where.path ? ` on ${where.method} ${where.path}` : '';
  const about = where.about ? ` ${where.about}` : '';
  org.log(`refused ${refusal.code} (${refusal.status})${on}${about}: ${refusal.message}`);
  org.inspector.record({
    direction: 'refused',
    kind: 'refusal',
    summary: `${refusal.code}${on}`,
    appId: undefined,
    userId: where.req ? currentSignIn(org, where.req)?.user.id : undefined,
    faults: [],
    refusal,
  });
}

const AUTHORIZE = /^\/oauth2\/(?:default\/)?v1\/authorize$/;

/** Records each authorization request (its parameters, as sent) before oidc-provider answers it. */
export function inspectAuthorizationRequests(org: Org): RequestHandler {
  return (req, _res, next) => {
    if (req.method === 'GET' && AUTHORIZE.test(req.path)) {
      const params = Object.fromEntries(new URL(req.originalUrl, org.info.baseUrl).searchParams);
      org.inspector.record({
        direction: 'received',
        kind: 'oidc-authorization-request',
        summary: `authorization request to ${req.path} for ${params['client_id'] ?? '(no client_id)'}`,
        appId: params['client_id'],
        userId: currentSignIn(org, req)?.user.id,
        faults: [],
        message: { kind: 'parameters', text: JSON.stringify(params, null, 2) },
      });
    }
    next();
  };
}
