/**
 * Access tokens as Okta issues them: JWTs signed with the authorization server's key, with Okta's
 * claims — `ver`, `jti` (`AT.…`), `iss`, `aud` (`api://default` on the default server, the org's
 * origin on the org server), `iat`, `exp`, `cid`, `uid`, `scp` (a list), `auth_time`, and `sub`
 * (the user's login, or the client id for client_credentials) — so @okta/jwt-verifier and any JWT
 * library verify them against the server's JWKS.
 *
 * oidc-provider keeps issuing its own opaque tokens underneath (its userinfo, introspection and
 * revocation only know those): on the way out the token response's opaque `access_token` becomes
 * the JWT, remembered in the org's OIDC records until it expires; on the way in a JWT at userinfo,
 * introspect or revoke is turned back into the opaque token it stands for. Only a JWT this server
 * issued is known (the exact string is looked up), so an edited or forged one is an unknown token.
 * The id_token's `at_hash` is computed again over the JWT and the id_token re-signed with the same
 * key and header, as clients check it against the access token they got (okta-auth-js does).
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { CompactSign, decodeProtectedHeader, importJWK, SignJWT, type JWK } from 'jose';
import type { KoaContextWithOIDC } from 'oidc-provider';
import type { OidcRecords } from './memory-adapter.ts';
import type { OidcPorts } from './ports.ts';
import { readBody, withBody } from './request-body.ts';

/** What one authorization server needs to issue Okta's access tokens. */
export interface OktaTokenServer {
  /** `org` or the custom server's id. */
  id: string;
  issuer: string;
  /** `aud` of its access tokens. */
  audience: string;
  signingKey: JWK;
}

const JWT_NAMESPACE = (server: string): string => `${server}:OktaAccessToken`;
const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');
const isJsonObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);

function looksLikeJwt(value: unknown): value is string {
  return typeof value === 'string' && /^[\w-]+\.[\w-]+\.[\w-]*$/.test(value);
}

function payloadOf(jwt: string): Record<string, unknown> | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return isJsonObject(payload) ? payload : undefined;
  } catch {
    return undefined;
  }
}

/** The opaque token a JWT this server issued stands for, and its claims; undefined for any other string. */
export function opaqueTokenOf(records: OidcRecords, server: string, jwt: string): { opaque: string; claims: Record<string, unknown> } | undefined {
  const kept = records.get(JWT_NAMESPACE(server), digest(jwt));
  if (!kept || typeof kept['opaque'] !== 'string') return undefined;
  return { opaque: kept['opaque'], claims: payloadOf(jwt) ?? {} };
}

/** OIDC's `at_hash`: the left half of the SHA-256 of the access token, base64url. */
function atHash(accessToken: string): string {
  const full = createHash('sha256').update(accessToken, 'ascii').digest();
  return full.subarray(0, full.length / 2).toString('base64url');
}

/** The id_token with `at_hash` set, signed again by the same key under the same header. */
async function withAtHash(idToken: string, accessToken: string, key: JWK): Promise<string> {
  const payload = payloadOf(idToken);
  if (!payload || payload['at_hash'] === undefined) return idToken;
  const header = decodeProtectedHeader(idToken);
  const alg = header.alg ?? 'RS256';
  return new CompactSign(Buffer.from(JSON.stringify({ ...payload, at_hash: atHash(accessToken) })))
    .setProtectedHeader({ ...header, alg })
    .sign(await importJWK(key, alg));
}

type Entities = KoaContextWithOIDC['oidc']['entities'];

/** Who and what the opaque access token oidc-provider just issued is for. */
function grantOf(entities: Entities): { accountId?: string | undefined; clientId?: string | undefined; authTime?: number | undefined } {
  const token = entities.AccessToken ?? entities.ClientCredentials;
  const code = entities.AuthorizationCode as { authTime?: number } | undefined;
  const refresh = entities.RefreshToken as { authTime?: number } | undefined;
  return {
    accountId: (token as { accountId?: string } | undefined)?.accountId,
    clientId: token?.clientId ?? entities.Client?.clientId,
    authTime: code?.authTime ?? refresh?.authTime,
  };
}

async function signAccessToken(server: OktaTokenServer, ports: OidcPorts, body: Record<string, unknown>, entities: Entities): Promise<{ jwt: string; ttl: number }> {
  const { accountId, clientId, authTime } = grantOf(entities);
  const now = ports.now();
  const ttl = typeof body['expires_in'] === 'number' ? body['expires_in'] : 3600;
  const scopes = typeof body['scope'] === 'string' && body['scope'] !== '' ? body['scope'].split(' ') : [];
  const user = accountId ? ports.findUser(accountId) : undefined;
  const jwt = await new SignJWT({
    ver: 1,
    jti: `AT.${randomUUID().replace(/-/g, '')}`,
    ...(clientId ? { cid: clientId } : {}),
    ...(accountId ? { uid: accountId } : {}),
    scp: scopes,
    ...(authTime ? { auth_time: authTime } : {}),
  })
    .setProtectedHeader({ kid: server.signingKey.kid!, alg: 'RS256' })
    .setIssuer(server.issuer)
    .setAudience(server.audience)
    .setIssuedAt(now)
    .setExpirationTime(now + ttl)
    .setSubject(user?.login ?? accountId ?? clientId ?? '')
    .sign(await importJWK(server.signingKey, 'RS256'));
  return { jwt, ttl };
}

/**
 * Koa middleware (the answer on its way out): the token response's access token as Okta's JWT, and
 * introspection in Okta's fields (`username` and `sub` are the login, `uid` the user id).
 */
export function oktaTokenAnswers(server: OktaTokenServer, records: OidcRecords, ports: OidcPorts) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<void>): Promise<void> => {
    await next();
    const route = (ctx as { oidc?: { route?: string } }).oidc?.route;
    const body: unknown = ctx.body;
    if (!isJsonObject(body)) return;
    if (route === 'token' && typeof body['access_token'] === 'string' && ctx.status === 200) {
      const opaque = body['access_token'];
      const { jwt, ttl } = await signAccessToken(server, ports, body, ctx.oidc.entities);
      records.put(JWT_NAMESPACE(server.id), digest(jwt), { opaque }, ttl);
      const idToken = body['id_token'];
      ctx.body = {
        ...body,
        access_token: jwt,
        ...(typeof idToken === 'string' ? { id_token: await withAtHash(idToken, jwt, server.signingKey) } : {}),
      };
      return;
    }
    if (route === 'introspection' && body['active'] === true) ctx.body = oktaIntrospection(server, ports, body, (ctx.req as TranslatedRequest).oktaAccessTokenClaims);
  };
}

/** Okta's IntrospectionResponse fields, from oidc-provider's answer and, for an access token, its JWT's claims. */
function oktaIntrospection(server: OktaTokenServer, ports: OidcPorts, body: Record<string, unknown>, claims: Record<string, unknown> | undefined): Record<string, unknown> {
  const accountId = typeof body['sub'] === 'string' ? body['sub'] : undefined;
  const user = accountId ? ports.findUser(accountId) : undefined;
  const clientId = typeof body['client_id'] === 'string' ? body['client_id'] : undefined;
  return {
    active: true,
    scope: body['scope'],
    ...(user ? { username: user.login } : {}),
    exp: claims?.['exp'] ?? body['exp'],
    iat: claims?.['iat'] ?? body['iat'],
    sub: user?.login ?? accountId ?? clientId,
    aud: claims?.['aud'] ?? server.audience,
    iss: server.issuer,
    jti: claims?.['jti'] ?? body['jti'],
    token_type: claims ? 'Bearer' : body['token_type'] === undefined ? 'refresh_token' : body['token_type'],
    client_id: clientId,
    ...(accountId ? { uid: accountId } : {}),
  };
}

/** A request whose access token was turned back into the opaque one; the JWT's claims ride along for introspection. */
export type TranslatedRequest = IncomingMessage & { oktaAccessTokenClaims?: Record<string, unknown> };

/**
 * Before oidc-provider sees a request: a JWT access token this server issued, as a Bearer header or
 * form field at userinfo, or the `token` field at introspect and revoke, becomes the opaque token.
 * Returns the request to hand on (a copy when the body had to be read).
 */
export async function translateAccessToken(req: IncomingMessage, records: OidcRecords, server: string, endpoint: 'userinfo' | 'introspection' | 'revocation'): Promise<TranslatedRequest> {
  const translated = req as TranslatedRequest;
  const authorization = req.headers.authorization;
  if (endpoint === 'userinfo' && authorization?.startsWith('Bearer ')) {
    const found = opaqueTokenOf(records, server, authorization.slice(7).trim());
    if (found) req.headers.authorization = `Bearer ${found.opaque}`;
    return translated;
  }
  if (req.method !== 'POST' || !(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) return translated;
  const field = endpoint === 'userinfo' ? 'access_token' : 'token';
  const body = await readBody(req);
  // Too large: hand on an empty body, which oidc-provider refuses with its own invalid_request.
  if (!body) return withBody(req, Buffer.alloc(0));
  const form = new URLSearchParams(body.toString('utf8'));
  const token = form.get(field);
  if (!looksLikeJwt(token)) return withBody(req, body);
  const found = opaqueTokenOf(records, server, token);
  // A JWT this server did not issue is an unknown token (inactive, or nothing to revoke), as any other
  // unknown string: oidc-provider would refuse a structured token with unsupported_token_type instead.
  form.set(field, found?.opaque ?? `unknown.${digest(token)}`);
  const copy = withBody(req, Buffer.from(form.toString(), 'utf8')) as TranslatedRequest;
  if (found) copy.oktaAccessTokenClaims = found.claims;
  return copy;
}
