/**
 * Okta's rules for the client_credentials grant, checked before oidc-provider (which lets any scope
 * through and drops the ones it does not know):
 * - the scopes must be the server's own extra scopes (custom scopes on `default`, okta.* on the org
 *   server); OpenID Connect scopes have no user to be about, and an unknown scope is invalid_scope;
 * - no scope at all is invalid_scope too (the mock's servers have no default scopes);
 * - the org authorization server takes client_credentials only with private_key_jwt.
 * A refusal is the token endpoint's OAuth JSON error, as Okta answers it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OidcPorts } from './ports.ts';
import { readBody, withBody } from './request-body.ts';

function refuse(res: ServerResponse, status: number, error: string, description: string): undefined {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify({ error, error_description: description }));
  return undefined;
}

/** The client id a token request names: the form's, else HTTP Basic's. */
function clientIdOf(req: IncomingMessage, form: URLSearchParams): string | undefined {
  const named = form.get('client_id');
  if (named) return named;
  const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
  if (!basic) return undefined;
  const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  try {
    return colon > 0 ? decodeURIComponent(decoded.slice(0, colon)) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * For a client_credentials token request, answers Okta's refusal and returns undefined; otherwise
 * returns the request to hand on (a copy carrying the body it read).
 */
export async function checkClientCredentials(req: IncomingMessage, res: ServerResponse, server: 'org' | 'default', ports: OidcPorts): Promise<IncomingMessage | undefined> {
  if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return req;
  const body = await readBody(req);
  if (!body) return withBody(req, Buffer.alloc(0));
  const form = new URLSearchParams(body.toString('utf8'));
  if (form.get('grant_type') !== 'client_credentials') return withBody(req, body);
  const known = ports.extraScopes?.(server) ?? [];
  const asked = (form.get('scope') ?? '').split(' ').filter(Boolean);
  if (asked.length === 0) {
    return refuse(res, 400, 'invalid_scope', "The authorization server resource does not have any configured default scopes, 'scope' must be provided.");
  }
  const unknown = asked.find((scope) => !known.includes(scope));
  if (unknown) return refuse(res, 400, 'invalid_scope', `The following scopes are invalid for the client_credentials grant: ${unknown}`);
  if (server === 'org') {
    const clientId = clientIdOf(req, form);
    const client = clientId ? ports.findClient(clientId) : undefined;
    if (client && client.token_endpoint_auth_method !== 'private_key_jwt') {
      return refuse(res, 401, 'invalid_client', 'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.');
    }
  }
  return withBody(req, body);
}
