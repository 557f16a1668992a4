/**
 * Who may call /api/v1, as Okta decides it:
 * - `Authorization: SSWS {apiToken}`: the org's API token, every operation;
 * - `Authorization: Bearer {access token}`: an access token of the org authorization server (a
 *   service app's client_credentials with private_key_jwt — the Okta SDK's PrivateKey mode), for the
 *   operations its `okta.*` scopes cover: `okta.{resource}.read` for GET, `okta.{resource}.manage`
 *   for anything (Okta's rule: manage includes read).
 * Anything else is 401 E0000011; a good token without the scope is 403 E0000006 with Okta's
 * `WWW-Authenticate: Bearer … error="insufficient_scope"`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { oktaErrors } from '../errors.ts';

/** What an org access token grants while it holds (src/oidc's OrgOidc.orgAccessToken). */
export type OrgAccessTokens = (jwt: string) => { scopes: string[] } | undefined;

/** The Management API resources with a scope family of their own (`okta.users.*` …), by their first path segment. */
const SCOPED_RESOURCES = new Set(['users', 'groups', 'apps', 'trustedOrigins']);

/** The scopes that allow `req` (any one of them), or undefined for a path no scope covers. */
function scopesFor(req: Pick<Request, 'method' | 'path'>): string[] | undefined {
  const resource = req.path.split('/')[1] ?? '';
  if (!SCOPED_RESOURCES.has(resource)) return undefined;
  const reads = req.method === 'GET' || req.method === 'HEAD';
  return reads ? [`okta.${resource}.read`, `okta.${resource}.manage`] : [`okta.${resource}.manage`];
}

export function requireApiToken(apiToken: string, orgAccessTokens?: OrgAccessTokens): RequestHandler {
  const expected = createHash('sha256').update(apiToken).digest();
  return (req, res, next) => {
    const authorization = req.get('authorization') ?? '';
    const bearer = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (bearer && orgAccessTokens) {
      const granted = orgAccessTokens(bearer[1]!);
      if (!granted) {
        res.set('WWW-Authenticate', 'Bearer realm="IdpServer", error="invalid_token", error_description="The token is not valid."');
        next(oktaErrors.invalidToken());
        return;
      }
      const needed = scopesFor(req);
      if (needed && !needed.some((scope) => granted.scopes.includes(scope))) {
        res.set('WWW-Authenticate', `Bearer realm="IdpServer", scope="${needed[0]}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${req.baseUrl}${req.path}"`);
        next(oktaErrors.forbidden());
        return;
      }
      next();
      return;
    }
    const match = /^SSWS\s+(\S+)\s*$/.exec(authorization);
    const given = createHash('sha256').update(match?.[1] ?? '').digest();
    if (!match || !timingSafeEqual(given, expected)) {
      next(oktaErrors.invalidToken());
      return;
    }
    next();
  };
}
