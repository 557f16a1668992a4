// Every id_token the SP accepts is checked here, one way, whatever brought it: the code flow's token
// response, or an Okta Simplified post from the dashboard tile. Each step throws a coded SpError:
//
//   shape (a compact JWS, ≤ 16 KiB) → header: typ absent or JWT (no logout or access tokens); alg
//   RS256 only (none, HS256 keyed with the public key and every other alg refused by jose's
//   allowlist); keys only from the OP's jwks_uri (jwk/jku/x5u/x5c headers never used or fetched),
//   refetched at once on an unknown kid at a bounded rate (./key-set.ts) → signature
//   → iss = configured issuer, aud contains the client id, sub/exp/iat present, nbf, 60 s skew,
//   iat ≤ 10 min old → aud has no other (untrusted) audience; azp, if present, = client id
//   → nonce: the code flow's exactly; an unsolicited token (Okta Simplified) carries none, so a
//   token issued for some sign-in request cannot be posted to the tile's endpoint
//   → not seen before (jti, else the token's hash), across both paths, until it would fail anyway
//
// openid-client still checks the code flow's token response itself (RFC 9207 iss, state, PKCE,
// claims); this module is what makes the two paths equally strict.
import { createHash } from 'node:crypto';
import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ssoError } from '../errors.ts';
import type { OidcConnection } from '../model.ts';
import { asOidcRefusal } from './oidc-errors.ts';
import { ID_TOKEN_ALG, OIDC_CLOCK_SKEW_S } from './provider.ts';
import { NONE_WEAKENED, type Weakened } from '../weakenings.ts';

const MAX_TOKEN_BYTES = 16 * 1024;
/** An id_token older than this (by iat) is refused even if exp is later. */
export const MAX_ID_TOKEN_AGE_S = 10 * 60;

export interface TokenReplayCache {
  has(issuer: string, id: string): boolean;
  remember(issuer: string, id: string, keepUntilMs: number): void;
}

export interface VerifyIdTokenInput {
  idToken: unknown;
  connection: OidcConnection;
  keys: JWTVerifyGetKey;
  now: Date;
  replayCache: TokenReplayCache;
  /** The nonce the code flow sent; `none` for an unsolicited token (Okta Simplified). */
  nonce: { expected: string } | 'none';
  /** TEST ONLY: checks a mutation-testing variant switched off (../weakenings.ts). */
  weakened?: Weakened;
}

function checkShape(idToken: unknown): string {
  if (typeof idToken !== 'string' || idToken.length > MAX_TOKEN_BYTES || !/^[\w-]+\.[\w-]+\.[\w-]*$/.test(idToken)) {
    throw ssoError('SSO_OIDC_TOKEN_INVALID', 'the id_token is missing or not a compact JWS');
  }
  return idToken;
}

function checkHeader(idToken: string): void {
  let typ: unknown;
  try {
    typ = decodeProtectedHeader(idToken).typ;
  } catch {
    throw ssoError('SSO_OIDC_TOKEN_INVALID', 'the id_token header cannot be read');
  }
  if (typ !== undefined && String(typ).toLowerCase() !== 'jwt') throw ssoError('SSO_OIDC_TOKEN_INVALID', `a token of type ${String(typ)} is not an id_token`);
}

async function verifySignatureAndClaims(idToken: string, input: VerifyIdTokenInput, weakened: Weakened): Promise<JWTPayload> {
  try {
    // TEST ONLY: a variant that reads the claims without checking the signature.
    if (weakened.has('oidc-signature')) return decodeJwt(idToken);
    const { payload } = await jwtVerify(idToken, input.keys, {
      algorithms: [ID_TOKEN_ALG],
      ...(weakened.has('oidc-issuer') ? {} : { issuer: input.connection.issuer }),
      ...(weakened.has('oidc-audience') ? {} : { audience: input.connection.clientId }),
      // A year of tolerance stands for "not checked" in the expiry variant.
      clockTolerance: weakened.has('oidc-expiry') ? 366 * 86_400 : OIDC_CLOCK_SKEW_S,
      ...(weakened.has('oidc-token-age') || weakened.has('oidc-expiry') ? {} : { maxTokenAge: MAX_ID_TOKEN_AGE_S }),
      currentDate: input.now,
      requiredClaims: ['sub', ...(weakened.has('oidc-issuer') ? [] : ['iss']), ...(weakened.has('oidc-audience') ? [] : ['aud']), ...(weakened.has('oidc-expiry') ? [] : ['exp', 'iat'])],
    });
    return payload;
  } catch (err) {
    throw asOidcRefusal(err, 'the id_token was refused', input.connection.issuer);
  }
}

/** Core §3.1.3.7 steps 3–5: every audience must be this client; azp, when sent, too. */
function checkAudienceExact(payload: JWTPayload, clientId: string, weakened: Weakened): void {
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!weakened.has('oidc-audience') && aud.some((a) => a !== clientId)) throw ssoError('SSO_OIDC_AUDIENCE_MISMATCH', 'the id_token is also meant for another audience');
  if (!weakened.has('oidc-azp') && payload['azp'] !== undefined && payload['azp'] !== clientId) {
    throw ssoError('SSO_OIDC_AUDIENCE_MISMATCH', 'the id_token was issued to another client (azp)');
  }
}

function checkNonce(payload: JWTPayload, nonce: VerifyIdTokenInput['nonce']): void {
  const got = payload['nonce'];
  if (nonce === 'none') {
    if (got !== undefined) throw ssoError('SSO_OIDC_NONCE_MISMATCH', 'this id_token answers a sign-in request; a token sent by the dashboard carries no nonce');
    return;
  }
  if (got !== nonce.expected) throw ssoError('SSO_OIDC_NONCE_MISMATCH', 'the id_token was not issued for this sign-in (nonce)');
}

/**
 * Remembered until the token would fail the checks anyway: the earlier of `exp` and `iat` +
 * MAX_ID_TOKEN_AGE_S, plus the skew (a token claiming a far `exp` costs no more memory).
 */
function checkNotReplayed(idToken: string, payload: JWTPayload, input: VerifyIdTokenInput): void {
  const issuer = `oidc:${input.connection.issuer}`;
  const id = typeof payload.jti === 'string' && payload.jti ? `jti:${payload.jti}` : `sha256:${createHash('sha256').update(idToken).digest('base64url')}`;
  if (input.replayCache.has(issuer, id)) throw ssoError('SSO_OIDC_TOKEN_REPLAYED', 'this id_token was already used');
  const usableUntilS = Math.min(payload.exp ?? 0, (payload.iat ?? 0) + MAX_ID_TOKEN_AGE_S);
  input.replayCache.remember(issuer, id, (usableUntilS + OIDC_CLOCK_SKEW_S) * 1000);
}

/** The verified claims; `sub` is a string (required above). */
export async function verifyIdToken(input: VerifyIdTokenInput): Promise<JWTPayload & { sub: string }> {
  const weakened = input.weakened ?? NONE_WEAKENED;
  const idToken = checkShape(input.idToken);
  if (!weakened.has('oidc-typ')) checkHeader(idToken);
  const payload = await verifySignatureAndClaims(idToken, input, weakened);
  checkAudienceExact(payload, input.connection.clientId, weakened);
  if (!(weakened.has('oidc-unsolicited-nonce') && input.nonce === 'none')) checkNonce(payload, input.nonce);
  if (!weakened.has('oidc-replay')) checkNotReplayed(idToken, payload, input);
  if (typeof payload.sub !== 'string') throw ssoError('SSO_OIDC_TOKEN_INVALID', 'the id_token has no sub');
  return payload as JWTPayload & { sub: string };
}
