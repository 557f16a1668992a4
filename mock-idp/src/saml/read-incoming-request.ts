/**
 * Where the SAMLRequest is: the query (HTTP-Redirect), the form body (HTTP-POST), or the server-side
 * store when the browser comes back from the sign-in page with a `pendingRequest` key. No SAMLRequest
 * at all means IdP-initiated sign-in.
 */
import type { Request } from 'express';
import { IdpError } from '../errors.ts';
import type { Org } from '../org.ts';
import type { IncomingSamlRequest } from './parse-authn-request.ts';

export const PENDING_REQUEST_PARAM = 'pendingRequest';

const malformed = (detail: string): IdpError =>
  new IdpError('IDP_SAML_REQUEST_MALFORMED', 400, `The SAML request is not valid: ${detail}`, 'Bad request');

/** A single string parameter, or undefined; a repeated or structured one is refused. */
function single(source: Record<string, unknown>, name: string): string | undefined {
  const value = source[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw malformed(`${name} is given more than once`);
  return value;
}

export function readIncomingRequest(org: Org, req: Request): IncomingSamlRequest | undefined {
  const query = req.query as Record<string, unknown>;
  if (req.method === 'POST') {
    const body = (req.body ?? {}) as Record<string, unknown>;
    const samlRequest = single(body, 'SAMLRequest');
    if (samlRequest === undefined) throw malformed('the form has no SAMLRequest');
    const relayState = single(body, 'RelayState');
    return { binding: 'HTTP-POST', samlRequest, ...(relayState !== undefined ? { relayState } : {}) };
  }
  const pendingKey = single(query, PENDING_REQUEST_PARAM);
  if (pendingKey !== undefined) {
    const held = org.sessions.takeRequest(pendingKey);
    if (!held) throw new IdpError('IDP_SIGNIN_REQUIRED', 400, 'The sign-in took too long, was already used, or the mock IdP was restarted. Start again from the app.', 'Sign-in expired');
    return held;
  }
  const samlRequest = single(query, 'SAMLRequest');
  if (samlRequest === undefined) return undefined;
  const relayState = single(query, 'RelayState');
  return { binding: 'HTTP-Redirect', samlRequest, ...(relayState !== undefined ? { relayState } : {}) };
}
