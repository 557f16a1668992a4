/**
 * Step 4 of the SSO pipeline: who answers the request.
 *
 * - No session: the sign-in page, then back to the SSO URL. A POSTed request (or one already held)
 *   waits server-side under a key, since a browser cannot be redirected to a POST.
 * - ForceAuthn="true" and the app's "Honor Force Authentication" (honorForceAuthn, on by default):
 *   the sign-in page even with a session, as Okta asks for the password again. The request waits
 *   server-side, remembering the session it met; only a session made after it answers it (signing
 *   in makes a new session), so coming back without signing in meets the page again. The apps the
 *   old session signed in to move to the new one, so Single Logout still reaches them.
 */
import type { Request } from 'express';
import type { Org } from '../org.ts';
import { currentSignIn, sessionIdOf, type SignedIn } from '../signin/authenticate.ts';
import { signInUrl } from '../signin/routes.ts';
import type { SamlApp } from '../tenant/model.ts';
import type { AuthnRequestInfo, IncomingSamlRequest } from './parse-authn-request.ts';
import { PENDING_REQUEST_PARAM } from './read-incoming-request.ts';
import { moveParticipants } from './slo-sessions.ts';
import { ssoPath } from './urls.ts';

export type Authentication = { signedIn: SignedIn; sessionId: string | undefined } | { signInPage: string };

function holdAndReturn(org: Org, app: SamlApp, incoming: IncomingSamlRequest): string {
  return `${ssoPath(app)}?${PENDING_REQUEST_PARAM}=${encodeURIComponent(org.sessions.holdRequest(incoming))}`;
}

export function authenticateRequest(org: Org, req: Request, app: SamlApp, incoming: IncomingSamlRequest | undefined, request: AuthnRequestInfo | undefined): Authentication {
  const signedIn = currentSignIn(org, req);
  const sessionId = signedIn ? sessionIdOf(org, req) : undefined;
  if (incoming && request?.forceAuthn && app.signOn.honorForceAuthn) {
    const sessionAtRequest = incoming.sessionAtRequest ?? sessionId ?? '';
    if (!signedIn || sessionId === sessionAtRequest) {
      return { signInPage: signInUrl(holdAndReturn(org, app, { ...incoming, sessionAtRequest }), signedIn !== undefined) };
    }
    if (sessionAtRequest && sessionId) moveParticipants(org, sessionAtRequest, sessionId, signedIn.user.id);
    return { signedIn, sessionId };
  }
  if (signedIn) return { signedIn, sessionId };
  const held = incoming && (incoming.binding === 'HTTP-POST' || req.method === 'POST' || PENDING_REQUEST_PARAM in req.query);
  return { signInPage: signInUrl(held ? holdAndReturn(org, app, incoming) : req.originalUrl) };
}
