// The ONE place where openid-client (oauth4webapi) and jose errors become SSO codes. Both libraries
// give stable `code`s and, for a claim comparison, the claim's name; rows match on those (a message
// pattern only where the library has no finer field). First match wins; anything unknown is
// SSO_OIDC_TOKEN_INVALID — never a 500, never the raw message as the only signal.
import { SpError, ssoError, type SsoErrorCode } from '../errors.ts';

interface ErrorFacts {
  name: string;
  code: string | undefined;
  /** The claim a comparison failed on (oauth4webapi's cause.claim, jose's err.claim). */
  claim: string | undefined;
  message: string;
}

interface Row {
  name?: string;
  code?: string;
  claim?: string;
  message?: RegExp;
  to: SsoErrorCode;
}

export const OIDC_ERROR_TABLE: readonly Row[] = [
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
  { code: 'ERR_JWKS_TIMEOUT', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  // The OP could not be reached (fetch failed, timeout).
  { name: 'TypeError', message: /fetch failed/, to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { name: 'TimeoutError', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
  { name: 'AbortError', to: 'SSO_OIDC_PROVIDER_UNAVAILABLE' },
];

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function factsOf(err: unknown): ErrorFacts {
  const e = (err && typeof err === 'object' ? err : {}) as Record<string, unknown>;
  // openid-client wraps oauth4webapi's OperationProcessingError: ClientError.cause.cause.claim.
  const cause = (e.cause && typeof e.cause === 'object' ? e.cause : {}) as Record<string, unknown>;
  const inner = (cause.cause && typeof cause.cause === 'object' ? cause.cause : {}) as Record<string, unknown>;
  return {
    name: str(e.name) ?? '',
    code: str(e.code),
    claim: str(e.claim) ?? str(cause.claim) ?? str(inner.claim),
    message: err instanceof Error ? err.message : String(err),
  };
}

export function codeForOidcError(err: unknown): SsoErrorCode {
  const f = factsOf(err);
  for (const row of OIDC_ERROR_TABLE) {
    if (row.name !== undefined && row.name !== f.name) continue;
    if (row.code !== undefined && row.code !== f.code) continue;
    if (row.claim !== undefined && row.claim !== f.claim) continue;
    if (row.message !== undefined && !row.message.test(f.message)) continue;
    return row.to;
  }
  return 'SSO_OIDC_TOKEN_INVALID';
}

/** An SpError passes through; anything else is mapped by the table. */
export function asOidcRefusal(err: unknown, what: string): SpError {
  if (err instanceof SpError) return err;
  return ssoError(codeForOidcError(err), `${what}: ${err instanceof Error ? err.message : String(err)}`);
}
