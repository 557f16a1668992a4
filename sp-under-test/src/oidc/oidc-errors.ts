// The ONE place where openid-client (oauth4webapi), jose and transport errors become SSO codes.
// Both libraries give stable `code`s and, for a claim comparison, the claim's name; rows match on
// those (a message pattern only where the library has no finer field). openid-client wraps what it
// did not make itself (a timeout becomes OAUTH_TIMEOUT, anything else "something went wrong" with
// the original as `cause`), so names, codes and HTTP statuses are looked for along the whole cause
// chain. First match wins; the OP being down or too slow comes first (a 500 from the token endpoint
// is never an invalid token); anything unknown is SSO_OIDC_TOKEN_INVALID — never a 500, never the
// raw message as the only signal.
import { SpError, ssoError, type SsoErrorCode } from '../errors.ts';

interface ErrorFacts {
  /** Names and codes of the error and of every cause under it. */
  names: Set<string>;
  codes: Set<string>;
  /** The highest HTTP status found along the chain (a Response or a ResponseBodyError), or 0. */
  status: number;
  /** The claim a comparison failed on (oauth4webapi's cause.claim, jose's err.claim). */
  claim: string | undefined;
  message: string;
}

interface Row {
  name?: string;
  code?: string;
  /** Matches when the chain carries an HTTP status of 500 or more. */
  serverError?: true;
  claim?: string;
  message?: RegExp;
  to: SsoErrorCode;
}

export const OIDC_ERROR_TABLE: readonly Row[] = [
  // The OP is not working: our transport's own verdicts (op-http.ts) …
  { code: 'SP_OP_RESPONSE_TOO_LARGE', to: 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE' },
  { code: 'SP_OP_UNAVAILABLE', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  // … and the libraries' (timeouts, aborted or failed fetches, 5xx, a JWKS that is not there).
  { code: 'OAUTH_TIMEOUT', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { code: 'OAUTH_ABORT', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { code: 'ERR_JWKS_TIMEOUT', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { name: 'TimeoutError', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { name: 'AbortError', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { name: 'TypeError', message: /fetch failed/, to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { serverError: true, to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { code: 'ERR_JOSE_GENERIC', message: /JSON Web Key Set HTTP response/, to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  // The OP answered the authorization request with ?error=… (openid-client's AuthorizationResponseError).
  { name: 'AuthorizationResponseError', to: 'SSO_OIDC_ERROR_RESPONSE' },
  // id_token claims (openid-client) …
  { code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', claim: 'nonce', to: 'SSO_OIDC_NONCE_MISMATCH' },
  { code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', claim: 'iss', to: 'SSO_OIDC_ISSUER_MISMATCH' },
  { code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', claim: 'aud', to: 'SSO_OIDC_AUDIENCE_MISMATCH' },
  { code: 'OAUTH_JWT_CLAIM_COMPARISON_FAILED', claim: 'azp', to: 'SSO_OIDC_AUDIENCE_MISMATCH' },
  // … and the authorization response's own iss (RFC 9207) and state.
  { code: 'OAUTH_INVALID_RESPONSE', message: /"iss"/, to: 'SSO_OIDC_ISSUER_MISMATCH' },
  { code: 'OAUTH_INVALID_RESPONSE', message: /"state"/, to: 'SSO_OIDC_STATE_MISMATCH' },
  // jose (Okta Simplified id_tokens).
  { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'iss', to: 'SSO_OIDC_ISSUER_MISMATCH' },
  { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'aud', to: 'SSO_OIDC_AUDIENCE_MISMATCH' },
  { code: 'ERR_JWT_CLAIM_VALIDATION_FAILED', claim: 'nonce', to: 'SSO_OIDC_NONCE_MISMATCH' },
];

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

/** The error and its causes, outermost first (bounded: a cause cycle cannot loop). */
function chain(err: unknown): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let current: unknown = err;
  while (current && typeof current === 'object' && out.length < 6 && !out.includes(current as Record<string, unknown>)) {
    out.push(current as Record<string, unknown>);
    current = (current as { cause?: unknown }).cause;
  }
  return out;
}

function factsOf(err: unknown): ErrorFacts {
  const links = chain(err);
  const names = new Set<string>();
  const codes = new Set<string>();
  let status = 0;
  let claim: string | undefined;
  for (const e of links) {
    const name = str(e.name);
    const code = str(e.code);
    if (name) names.add(name);
    if (code) codes.add(code);
    // oauth4webapi's ResponseBodyError has `status`; a non-conform answer keeps the Response as cause.
    if (typeof e.status === 'number') status = Math.max(status, e.status);
    claim ??= str(e.claim);
  }
  return { names, codes, status, claim, message: err instanceof Error ? err.message : String(err) };
}

export function codeForOidcError(err: unknown): SsoErrorCode {
  const f = factsOf(err);
  for (const row of OIDC_ERROR_TABLE) {
    if (row.name !== undefined && !f.names.has(row.name)) continue;
    if (row.code !== undefined && !f.codes.has(row.code)) continue;
    if (row.serverError && f.status < 500) continue;
    if (row.claim !== undefined && row.claim !== f.claim) continue;
    if (row.message !== undefined && !row.message.test(f.message)) continue;
    return row.to;
  }
  return 'SSO_OIDC_TOKEN_INVALID';
}

/** What an admin should do when the OP cannot be used: said in every "unavailable" refusal. */
export function unavailableAdvice(issuer: string): string {
  return `Try again later. If this persists, an administrator should check the issuer (${issuer}) in SSO settings and save them again: an identity provider that moved or was restarted on another address needs its current issuer there.`;
}

/** An SpError passes through; anything else is mapped by the table (with the advice when the OP is down). */
export function asOidcRefusal(err: unknown, what: string, issuer?: string): SpError {
  if (err instanceof SpError) return err;
  const code = codeForOidcError(err);
  const detail = `${what}: ${err instanceof Error ? err.message : String(err)}${err instanceof Error && err.cause instanceof Error ? ` (${err.cause.message})` : ''}`;
  const advice = code === 'SSO_OIDC_PROVIDER_UNAVAILABLE' && issuer ? ` ${unavailableAdvice(issuer)}` : '';
  return ssoError(code, `${detail}.${advice}`);
}
