/**
 * `/api/v1/sessions/me`: the browser's own Okta session, read with its cookie (no API token), as
 * okta-auth-js's `session.exists()` / `session.get()` and sign-out do. A page on a trusted origin
 * with the CORS scope may call it with credentials (the answer carries CORS headers for it alone);
 * any other page gets no CORS headers, so its browser keeps the answer from it. Okta's Session shape;
 * no session is Okta's 404 E0000007.
 */
import { createHash } from 'node:crypto';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { currentSignIn, sessionIdOf } from './authenticate.ts';
import { sessionCookieName } from './session-store.ts';

const PATH = '/api/v1/sessions/me';

function cors(org: Org) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const origin = req.get('origin');
    res.vary('Origin');
    if (origin && org.trustedOrigins.allowsCors(origin)) {
      res.set({ 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true' });
      if (req.method === 'OPTIONS') {
        res.set({
          'Access-Control-Allow-Methods': 'GET,DELETE,POST,OPTIONS',
          'Access-Control-Allow-Headers': req.get('access-control-request-headers') ?? 'Content-Type',
          'Access-Control-Max-Age': '3600',
        });
        res.status(204).end();
        return;
      }
    } else if (req.method === 'OPTIONS') {
      // No CORS headers: the browser refuses the page's request.
      res.status(204).end();
      return;
    }
    next();
  };
}

function sessionJson(org: Org, req: Request) {
  const signedIn = currentSignIn(org, req);
  if (!signedIn || signedIn.user.status !== 'ACTIVE') throw oktaErrors.notFound('me (Session)');
  const { user, session } = signedIn;
  const origin = org.info.baseUrl;
  const expiresAt = new Date(session.authnInstant.getTime() + org.limits.sessionLifetimeSeconds * 1000);
  return {
    id: `102${createHash('sha256').update(session.sessionIndex).digest('base64url').slice(0, 22)}`,
    userId: user.id,
    login: user.profile.login,
    createdAt: session.authnInstant.toISOString(),
    expiresAt: expiresAt.toISOString(),
    status: 'ACTIVE',
    lastPasswordVerification: session.authnInstant.toISOString(),
    lastFactorVerification: null,
    amr: ['pwd'],
    idp: { id: org.info.id, type: 'OKTA' },
    mfaActive: false,
    _links: {
      self: { href: `${origin}${PATH}`, hints: { allow: ['GET', 'DELETE'] } },
      refresh: { href: `${origin}${PATH}/lifecycle/refresh`, hints: { allow: ['POST'] } },
      user: { name: `${user.profile.firstName} ${user.profile.lastName}`.trim(), href: `${origin}/api/v1/users/me`, hints: { allow: ['GET'] } },
    },
  };
}

/** Mounted before the Management API, whose routes need the API token. */
export function sessionsMeRouter(org: Org): Router {
  const router = express.Router();
  router.use(PATH, cors(org));
  router.get(PATH, (req, res) => {
    res.set('Cache-Control', 'no-store').json(sessionJson(org, req));
  });
  // Okta's refresh extends the session; here a session lives its whole lifetime anyway.
  router.post(`${PATH}/lifecycle/refresh`, (req, res) => {
    res.set('Cache-Control', 'no-store').json(sessionJson(org, req));
  });
  router.delete(PATH, (req, res) => {
    sessionJson(org, req);
    org.sessions.end(sessionIdOf(org, req));
    res.clearCookie(sessionCookieName(org.info.id), { path: '/' });
    res.status(204).end();
  });
  return router;
}
