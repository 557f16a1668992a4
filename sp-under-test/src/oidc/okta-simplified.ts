// "Login flow: Send ID Token directly to app (Okta Simplified)": the Okta dashboard tile POSTs an
// id_token the app never asked for. There is no state or nonce to bind it to, so the token itself
// must carry all the proof, checked strictly with jose:
//
//   shape (a compact JWS, ≤ 16 KiB) → header: alg RS256 only (none, HS256 keyed with the public key
//   and every other alg refused by jose's allowlist), typ absent or JWT (no logout/access tokens),
//   key only from the OP's jwks_uri (jwk/jku/x5u headers are ignored) → signature
//   → iss = configured issuer, aud contains the client id, exp, iat present, 60 s skew,
//   iat ≤ 10 min old → aud has no other (untrusted) audience; azp, if present, = client id
//   → not seen before (jti, else the token's hash) until it expires → identity (email)
import { createHash } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { ssoError } from '../errors.ts';
import type { OidcConnection } from '../model.ts';
import { extractOidcEmail } from './checks/extract-email.ts';
import { asOidcRefusal } from './oidc-errors.ts';
import { ID_TOKEN_ALG, OIDC_CLOCK_SKEW_S } from './provider.ts';

const MAX_TOKEN_BYTES = 16 * 1024;
/** An Okta Simplified token older than this (by iat) is refused even if exp is later. */
export const MAX_ID_TOKEN_AGE_S = 10 * 60;

export interface TokenReplayCache {
  has(issuer: string, id: string): boolean;
  remember(issuer: string, id: string, keepUntilMs: number): void;
}

export interface OktaSimplifiedInput {
  idToken: unknown;
  connection: OidcConnection;
  jwks: JWTVerifyGetKey;
  now: Date;
  replayCache: TokenReplayCache;
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
  if (typ !== undefined && String(typ).toLowerCase() !== 'jwt') throw ssoError('SSO_OIDC_TOKEN_INVALID', `an id_token of type ${String(typ)} is not an id_token`);
}

async function verifySignatureAndClaims(idToken: string, input: OktaSimplifiedInput): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(idToken, input.jwks, {
      algorithms: [ID_TOKEN_ALG],
      issuer: input.connection.issuer,
      audience: input.connection.clientId,
      clockTolerance: OIDC_CLOCK_SKEW_S,
      maxTokenAge: MAX_ID_TOKEN_AGE_S,
      currentDate: input.now,
      requiredClaims: ['iss', 'aud', 'sub', 'exp', 'iat'],
    });
    return payload;
  } catch (err) {
    throw asOidcRefusal(err, 'the id_token was refused');
  }
}

/** Core §3.1.3.7 steps 3–5: every audience must be this client; azp, when sent, too. */
function checkAudienceExact(payload: JWTPayload, clientId: string): void {
  const aud = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (aud.some((a) => a !== clientId)) throw ssoError('SSO_OIDC_AUDIENCE_MISMATCH', 'the id_token is also meant for another audience');
  if (payload.azp !== undefined && payload.azp !== clientId) throw ssoError('SSO_OIDC_AUDIENCE_MISMATCH', 'the id_token was issued to another client (azp)');
}

/**
 * Remembered until the token would fail the checks anyway: the earlier of `exp` and `iat` +
 * MAX_ID_TOKEN_AGE_S, plus the skew (a token claiming a far `exp` costs no more memory).
 */
function checkNotReplayed(idToken: string, payload: JWTPayload, input: OktaSimplifiedInput): void {
  const issuer = `oidc:${input.connection.issuer}`;
  const id = typeof payload.jti === 'string' && payload.jti ? `jti:${payload.jti}` : `sha256:${createHash('sha256').update(idToken).digest('base64url')}`;
  if (input.replayCache.has(issuer, id)) throw ssoError('SSO_OIDC_TOKEN_REPLAYED', 'this id_token was already used');
  const usableUntilS = Math.min(payload.exp ?? 0, (payload.iat ?? 0) + MAX_ID_TOKEN_AGE_S);
  input.replayCache.remember(issuer, id, (usableUntilS + OIDC_CLOCK_SKEW_S) * 1000);
}

export async function verifyOktaSimplifiedIdToken(input: OktaSimplifiedInput): Promise<{ email: string; subject: { issuer: string; sub: string } }> {
  const idToken = checkShape(input.idToken);
  checkHeader(idToken);
  const payload = await verifySignatureAndClaims(idToken, input);
  checkAudienceExact(payload, input.connection.clientId);
  checkNotReplayed(idToken, payload, input);
  const email = extractOidcEmail(payload);
  if (!email) throw ssoError('SSO_EMAIL_MISSING', 'the id_token has no email');
  // jwtVerify required `sub` (requiredClaims), so it is a string here.
  return { email, subject: { issuer: input.connection.issuer, sub: String(payload.sub) } };
}
