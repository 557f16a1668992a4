/**
 * Browser writes from another site. A page anywhere on the web can make a browser send a "simple"
 * request (a form post, or fetch with text/plain) to 127.0.0.1 without a CORS preflight. The routes
 * that change the mock's state outside a sign-in (the host's /mock/v1) and the sign-in form itself
 * (login CSRF: a page signing the browser in as someone else) refuse such requests:
 *
 * - `Sec-Fetch-Site` (sent by every current browser) must be `same-origin` or `none` (typed by the
 *   person); `same-site` is refused too, as every org and the SP share the site 127.0.0.1;
 * - without it (an older browser), `Origin`, when present and not `null`, must be the org's own
 *   origin. `null` is what the mock's own pages send (Referrer-Policy: no-referrer).
 *
 * A client that is not a browser (the harness, curl, an SDK) sends neither header and passes. The
 * SAML SSO URL is not guarded: the SP's page posting an AuthnRequest to it is the HTTP-POST binding.
 * Refusal: IDP_CROSS_SITE_REQUEST 403 (E0000006 on /mock/v1).
 */
import type { Request, RequestHandler } from 'express';
import { IdpError } from './errors.ts';

export function isCrossSite(req: Request, origin: string): boolean {
  const site = req.get('sec-fetch-site');
  // The browser's own verdict, when it gives one, decides.
  if (site !== undefined) return site !== 'same-origin' && site !== 'none';
  // `Origin: null` says nothing: a page with Referrer-Policy no-referrer (the mock's own pages)
  // sends it on its same-origin form posts.
  const from = req.get('origin');
  return from !== undefined && from !== 'null' && from !== origin;
}

export function refuseCrossSite(origin: string): RequestHandler {
  return (req, _res, next) => {
    if (isCrossSite(req, origin)) {
      next(new IdpError('IDP_CROSS_SITE_REQUEST', 403, 'A page of another site may not send this request.', 'Request refused'));
      return;
    }
    next();
  };
}

/** JSON bodies only: a browser cannot send application/json cross-site without a CORS preflight. */
export function requireJson(): RequestHandler {
  return (req, _res, next) => {
    // The header itself, not req.is(): that one answers null for an empty body whatever its type.
    const type = (req.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/json') {
      next(new IdpError('IDP_UNSUPPORTED_MEDIA_TYPE', 415, 'The request body must be JSON (Content-Type: application/json).', 'Unsupported request'));
      return;
    }
    next();
  };
}
