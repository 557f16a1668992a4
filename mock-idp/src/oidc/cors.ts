/**
 * CORS as Okta answers it: a page may read an authorization server's answers (discovery, keys,
 * token, userinfo, introspect, revoke) only from an origin the org trusts with the CORS scope, and
 * then with credentials. oidc-provider's own CORS (open for discovery and keys, by redirect URI for
 * public clients at the token endpoint) is replaced: for a trusted origin this middleware answers
 * the preflight and sets the headers first (oidc-provider leaves a response that has them alone);
 * for any other origin every Access-Control header is taken off, so the browser keeps the answer
 * from the page.
 */
import type { KoaContextWithOIDC } from 'oidc-provider';

const ALLOWED_METHODS = 'GET,POST,OPTIONS';
/** Seconds a browser may cache a preflight answer. */
const PREFLIGHT_MAX_AGE = 3600;

export function corsForTrustedOrigins(allowed: (origin: string) => boolean) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    const origin = ctx.get('Origin');
    if (!origin) return next();
    ctx.vary('Origin');
    if (!allowed(origin)) {
      await next();
      for (const name of Object.keys(ctx.response.headers)) if (name.toLowerCase().startsWith('access-control-')) ctx.remove(name);
      return;
    }
    ctx.set('Access-Control-Allow-Origin', origin);
    ctx.set('Access-Control-Allow-Credentials', 'true');
    if (ctx.method === 'OPTIONS' && ctx.get('Access-Control-Request-Method')) {
      ctx.set('Access-Control-Allow-Methods', ALLOWED_METHODS);
      const headers = ctx.get('Access-Control-Request-Headers');
      if (headers) ctx.set('Access-Control-Allow-Headers', headers);
      ctx.set('Access-Control-Max-Age', String(PREFLIGHT_MAX_AGE));
      ctx.status = 204;
      return;
    }
    ctx.set('Access-Control-Expose-Headers', 'WWW-Authenticate, DPoP-Nonce');
    return next();
  };
}
