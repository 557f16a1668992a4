/** The readable view of an id_token, an authorization request and an authorization response. */
import { View } from '../view.ts';
import { numericDate, type IdTokenRead } from './read-id-token.ts';

const TIME_CLAIMS = new Set(['exp', 'iat', 'nbf', 'auth_time']);

function claimValue(name: string, value: unknown): string {
  const ms = TIME_CLAIMS.has(name) ? numericDate(value) : undefined;
  if (ms !== undefined) return `${String(value)} (${new Date(ms).toISOString()})`;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

export function idTokenView(idToken: IdTokenRead, heading: string): View {
  const view = new View(heading);
  view.line('header', JSON.stringify(idToken.header));
  for (const [name, value] of Object.entries(idToken.payload)) view.line(name, claimValue(name, value));
  view.line('signature', idToken.signature ? `${idToken.signature.slice(0, 16)}… (${idToken.signature.length} characters)` : '(empty)');
  return view;
}

/** Parameters as sent, secrets shortened: a code or token is a bearer credential even in a report. */
export function parametersView(params: Record<string, string>, heading: string): View {
  const view = new View(heading);
  for (const [name, value] of Object.entries(params)) {
    const secret = ['code', 'access_token', 'refresh_token', 'code_verifier', 'client_secret'].includes(name);
    view.line(name, secret && value.length > 8 ? `${value.slice(0, 6)}… (${value.length} characters)` : name === 'id_token' ? `${value.slice(0, 16)}… (decoded below)` : value);
  }
  return view;
}
