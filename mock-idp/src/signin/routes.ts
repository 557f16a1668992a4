/**
 * Okta's sign-in page, /login/login.htm?fromURI=…: username and password, then back to fromURI with
 * the org's session cookie (HttpOnly, SameSite=Lax, named per org). A browser that already has a
 * session is sent straight on, which is how a second SSO skips the password.
 */
import express, { type Request, type Response, type Router } from 'express';
import { refuseCrossSite } from '../cross-site.ts';
import { IdpError } from '../errors.ts';
import { recordRefusal } from '../inspector/record.ts';
import type { Org } from '../org.ts';
import { signInPage } from '../pages.ts';
import { startIdpInitiatedLogout } from '../saml/slo-endpoint.ts';
import { checkCredentials, currentSignIn, sessionIdOf } from './authenticate.ts';
import { DEFAULT_FROM_URI, isSafeFromUri } from './from-uri.ts';
import { sessionCookieName } from './session-store.ts';

export const SIGN_IN_PATH = '/login/login.htm';

/**
 * The sign-in page, then back to `fromURI`. `reauthenticate` asks for the password even from a
 * browser that has a session (SAML ForceAuthn with "Honor Force Authentication").
 */
export const signInUrl = (fromURI: string, reauthenticate = false): string =>
  `${SIGN_IN_PATH}?fromURI=${encodeURIComponent(fromURI)}${reauthenticate ? `&${REAUTHENTICATE_PARAM}=true` : ''}`;
export const REAUTHENTICATE_PARAM = 'reauthenticate';

function readFromUri(value: unknown): string {
  if (value === undefined || value === '') return DEFAULT_FROM_URI;
  if (typeof value !== 'string' || !isSafeFromUri(value)) {
    throw new IdpError('IDP_SIGNIN_REDIRECT_INVALID', 400, 'fromURI must be a path on this site.', 'Bad request');
  }
  return value;
}

export function signInRouter(org: Org): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: org.limits.maxFormBytes, parameterLimit: 20 });

  router.get(SIGN_IN_PATH, (req, res) => {
    const fromURI = readFromUri(req.query['fromURI']);
    if (currentSignIn(org, req)?.user.status === 'ACTIVE' && req.query[REAUTHENTICATE_PARAM] !== 'true') {
      res.redirect(303, fromURI);
      return;
    }
    res.type('html').set('Cache-Control', 'no-store').send(signInPage({ orgName: org.info.name, fromURI }));
  });

  // Login CSRF: only the sign-in page itself may post the form (../cross-site.ts).
  router.post(SIGN_IN_PATH, refuseCrossSite(org.info.baseUrl), form, (req: Request, res: Response) => {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const fromURI = readFromUri(body['fromURI']);
    const username = typeof body['username'] === 'string' ? body['username'].trim() : '';
    const password = typeof body['password'] === 'string' ? body['password'] : '';
    let userId: string;
    try {
      userId = checkCredentials(org, username, password).id;
    } catch (error) {
      if (!(error instanceof IdpError)) throw error;
      recordRefusal(org, error, { method: 'POST', path: SIGN_IN_PATH, req, about: `for ${JSON.stringify(username)}` });
      res.status(error.status).type('html').send(signInPage({ orgName: org.info.name, fromURI, username, error }));
      return;
    }
    org.sessions.end(sessionIdOf(org, req));
    const { id } = org.sessions.create(userId);
    // Secure over https, as Okta's: the cookie never travels over plain http.
    res.cookie(sessionCookieName(org.info.id), id, { httpOnly: true, sameSite: 'lax', path: '/', secure: req.secure });
    org.log(`signed in ${username}`);
    res.redirect(303, fromURI);
  });

  router.get('/login/signout', (req, res) => {
    // SAML Single Logout first, when apps of this session take part in it (it ends the session too).
    if (startIdpInitiatedLogout(org, req, res)) return;
    org.sessions.end(sessionIdOf(org, req));
    res.clearCookie(sessionCookieName(org.info.id), { path: '/' });
    res.redirect(303, SIGN_IN_PATH);
  });

  return router;
}
