// Every limit of the reference SP in one place: what it bounds, its default, and (in the README's
// limits table) the code a client sees when it is reached. Options on createSpApp/createReferenceSp
// (`limits: { … }`) override any of them; they are checked once, at start.
const KiB = 1024;
const MiB = 1024 * KiB;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export interface SpLimits {
  // --- sessions (src/store.ts) ---
  /** A session with nobody signed in (a form's CSRF token, a sign-in in progress) ends after this long unused. */
  anonymousSessionIdleMs: number;
  /** A signed-in session ends after this long unused… */
  signedInSessionIdleMs: number;
  /** …and this long after the sign-in, however active. */
  signedInSessionMaxMs: number;
  /** Sessions held at once (both kinds). A new anonymous one beyond it is refused (TOO_MANY_SESSIONS, 503); a sign-in first evicts the least recently used anonymous one. */
  maxSessions: number;

  // --- sign-ins in progress and the replay cache (src/store.ts) ---
  /** How long a SAML AuthnRequest or an OIDC authorization request may stay unanswered. */
  pendingSignInTtlMs: number;
  /** SAML requests + OIDC logins in progress at once (SSO_TOO_MANY_PENDING_SIGN_INS, 503). */
  maxPendingSignIns: number;
  /** Accepted assertion / id_token ids remembered at once, each as a hash until it could no longer be accepted (SSO_REPLAY_CACHE_FULL, 503). */
  maxReplayCacheEntries: number;

  // --- stored data (src/store.ts) ---
  /** Organizations (ORGANIZATION_LIMIT_REACHED, 503). */
  maxOrganizations: number;
  /** Accounts across all organizations, invited ones included (ACCOUNT_LIMIT_REACHED, 503). */
  maxAccounts: number;

  // --- request bodies (per route) ---
  /** Sign-up, sign-in, sign-out, members, initiate login, Okta Simplified posts (PAYLOAD_TOO_LARGE, 413). */
  formBodyBytes: number;
  /** The ACS form post (SSO_RESPONSE_TOO_LARGE, 413). */
  acsBodyBytes: number;
  /** The decoded SAMLResponse XML (SSO_RESPONSE_TOO_LARGE, 413). */
  samlResponseBytes: number;
  /** The SSO settings form, multipart (metadata upload) or urlencoded (PAYLOAD_TOO_LARGE, 413). */
  settingsBodyBytes: number;
  /** JSON admin API bodies (PAYLOAD_TOO_LARGE, 413). */
  apiBodyBytes: number;

  // --- other servers (the OpenID Provider: discovery, JWKS, token, userinfo) ---
  /** Bytes read from one answer of the OP, after decompression (SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE, 502). */
  providerResponseBytes: number;
  /** Time for one request to the OP, body included (SSO_OIDC_PROVIDER_UNAVAILABLE, 502). */
  providerTimeoutMs: number;
  /** A discovered OP configuration is fetched again after this long (a moved or restarted OP is noticed). */
  discoveryTtlMs: number;

  // --- the HTTP server (createReferenceSp) ---
  /** Request line + headers (Node answers 431 and closes). */
  maxHeaderBytes: number;
  /** Time to receive the headers of a request (Node answers 408 and closes). */
  headersTimeoutMs: number;
  /** Time to receive a whole request (Node answers 408 and closes). */
  requestTimeoutMs: number;
}

export const DEFAULT_LIMITS: Readonly<SpLimits> = Object.freeze({
  anonymousSessionIdleMs: 30 * MINUTE,
  signedInSessionIdleMs: 2 * HOUR,
  signedInSessionMaxMs: 12 * HOUR,
  maxSessions: 50_000,
  pendingSignInTtlMs: 10 * MINUTE,
  maxPendingSignIns: 10_000,
  maxReplayCacheEntries: 100_000,
  maxOrganizations: 10_000,
  maxAccounts: 100_000,
  formBodyBytes: 64 * KiB,
  acsBodyBytes: 1 * MiB,
  samlResponseBytes: 256 * KiB,
  settingsBodyBytes: 2 * MiB,
  apiBodyBytes: 1 * MiB,
  providerResponseBytes: 256 * KiB,
  providerTimeoutMs: 10_000,
  discoveryTtlMs: 1 * HOUR,
  maxHeaderBytes: 16 * KiB,
  headersTimeoutMs: 20_000,
  requestTimeoutMs: 30_000,
});

/** The defaults with `overrides` applied; a value that is not a positive integer is a start-up error. */
export function resolveLimits(overrides: Partial<SpLimits> = {}): SpLimits {
  const limits = { ...DEFAULT_LIMITS };
  for (const [name, value] of Object.entries(overrides) as Array<[keyof SpLimits, unknown]>) {
    if (!(name in DEFAULT_LIMITS)) throw new Error(`unknown SP limit: ${String(name)}`);
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value <= 0) {
      throw new Error(`SP limit ${name} must be a positive integer, got ${String(value)}`);
    }
    limits[name] = value;
  }
  if (limits.headersTimeoutMs > limits.requestTimeoutMs) throw new Error('SP limit headersTimeoutMs must not exceed requestTimeoutMs');
  return limits;
}
