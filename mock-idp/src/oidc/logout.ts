/**
 * RP-initiated logout as Okta does it: `GET {issuer}/v1/logout?id_token_hint=…&post_logout_redirect_uri=…&state=…`
 * ends the Okta session and redirects straight to the post-logout URI (with `state`), or to the
 * sign-in page when none is given — no confirmation page, no self-submitting form.
 *
 * The id_token_hint must be an id_token this server signed (an expired one is fine: people sign
 * out after their token has expired); its `aud` names the app, whose sign-out redirect URIs the
 * post-logout URI must be one of. Anything else is Okta's 400 on the error page, with a code.
 */
import type { Request, Response } from 'express';
import { compactVerify, importJWK, type JWK } from 'jose';
import type { OidcPorts } from './ports.ts';

export interface LogoutServer {
  issuer: string;
  signingKey: JWK;
}

function refuse(res: Response, ports: OidcPorts, detail: string): void {
  res.status(400).type('html').set('Cache-Control', 'no-store').send(
    ports.renderErrorPage({ status: 400, code: 'IDP_OIDC_REQUEST_INVALID', title: 'Bad request', detail }),
  );
}

/** The hint's `aud` (the client id) when this server signed it for that issuer; undefined otherwise. */
async function clientOfHint(hint: string, server: LogoutServer): Promise<string | undefined> {
  try {
    const { kty, n, e } = server.signingKey;
    const { payload } = await compactVerify(hint, await importJWK({ kty, n, e }, 'RS256'), { algorithms: ['RS256'] });
    const claims: unknown = JSON.parse(new TextDecoder().decode(payload));
    if (typeof claims !== 'object' || claims === null) return undefined;
    const { iss, aud } = claims as { iss?: unknown; aud?: unknown };
    if (iss !== server.issuer) return undefined;
    return typeof aud === 'string' ? aud : Array.isArray(aud) && typeof aud[0] === 'string' ? aud[0] : undefined;
  } catch {
    return undefined;
  }
}

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export async function oktaLogout(req: Request, res: Response, server: LogoutServer, ports: OidcPorts): Promise<void> {
  const hint = text(req.query['id_token_hint']);
  const postLogout = text(req.query['post_logout_redirect_uri']);
  const state = text(req.query['state']);
  let clientId: string | undefined;
  if (hint) {
    clientId = await clientOfHint(hint, server);
    if (!clientId) return refuse(res, ports, "invalid_request: The 'id_token_hint' is not an id_token this authorization server issued.");
  } else clientId = text(req.query['client_id']);
  if (postLogout) {
    const client = clientId ? ports.findClient(clientId) : undefined;
    if (!client) return refuse(res, ports, "invalid_request: A 'post_logout_redirect_uri' needs the 'id_token_hint' (or 'client_id') of the app it belongs to.");
    if (!client.post_logout_redirect_uris.includes(postLogout)) {
      return refuse(res, ports, "invalid_request: The 'post_logout_redirect_uri' parameter must be a Logout redirect URI in the client app settings.");
    }
  }
  ports.endSession(req, res);
  res.set('Cache-Control', 'no-store');
  if (!postLogout) {
    res.redirect(302, ports.signInPath('/app/UserHome'));
    return;
  }
  const target = new URL(postLogout);
  if (state) target.searchParams.set('state', state);
  res.redirect(302, target.href);
}
