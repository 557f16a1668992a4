/**
 * A real server key, a real id_token and a fault context for the OIDC mutation unit tests: the
 * token is signed the way the mock's servers sign theirs, and the context records what a mutation
 * published or minted, so a test can check it.
 */
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';
import type { CanaryAnswer } from '../../../src/faults/canary.ts';
import type { OidcFaultContext, Outcome } from '../../../src/faults/oidc/context.ts';
import { catalogueOf } from '../catalogue.ts';
import type { AnyOidcMutation } from '../../../src/faults/oidc/context.ts';
import { OIDC_MUTATIONS } from '../../../src/faults/oidc/mutations.ts';

export const NOW = new Date('2026-01-02T03:04:05Z');
export const NOW_S = Math.floor(NOW.getTime() / 1000);
export const ISSUER = 'http://127.0.0.1:7000';
export const CLIENT_ID = '0oaclient000000001';
export const CLIENT_SECRET = 'client-secret-of-the-app-0123456789abcdef';
export const USER_ID = '00uuser00000000001';

export interface ServerKey {
  signingKey: JWK;
  publishedSigningKey: JWK;
}

export async function serverKey(): Promise<ServerKey> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const signingKey = { ...(await exportJWK(privateKey)), kid: 'server-kid-1', alg: 'RS256', use: 'sig' };
  const { kty, kid, alg, e, n } = signingKey;
  return { signingKey, publishedSigningKey: { kty, use: 'sig', kid, alg, e, n } };
}

/** An id_token as the token endpoint issues one. */
export async function idToken(key: ServerKey, claims: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT({ nonce: 'nonce-1', email: 'alice@example.com', at_hash: 'abc', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid: key.signingKey.kid!, typ: 'JWT' })
    .setIssuer(ISSUER)
    .setAudience(CLIENT_ID)
    .setSubject(USER_ID)
    .setIssuedAt(NOW_S)
    .setExpirationTime(NOW_S + 3600)
    .sign(key.signingKey);
}

export interface TestContext extends OidcFaultContext {
  published: JWK[];
  canaries: { purpose: string; answer: CanaryAnswer; url: string }[];
}

export function contextFor(key: ServerKey, overrides: Partial<OidcFaultContext> = {}): TestContext {
  const published: JWK[] = [];
  const canaries: TestContext['canaries'] = [];
  return {
    now: NOW,
    issuer: ISSUER,
    clientId: CLIENT_ID,
    userId: USER_ID,
    signingKey: key.signingKey,
    publishedSigningKey: key.publishedSigningKey,
    extraPublishedKeys: published,
    publishKey: (jwk) => published.push(jwk),
    clientSecret: CLIENT_SECRET,
    previousIdToken: undefined,
    canaryUrl(purpose, answer, given) {
      const url = given ?? `${ISSUER}/mock/v1/canary/c${canaries.length}`;
      canaries.push({ purpose, answer, url });
      return url;
    },
    published,
    canaries,
    ...overrides,
  };
}

const catalogue = catalogueOf<AnyOidcMutation>('OIDC', OIDC_MUTATIONS);
export const mutation = catalogue.find;
/** Reads params as the API would, failing the test on any problem. */
export const params = catalogue.readParams;
/** The problems' field paths when `raw` is read as `name`'s params. */
export const refusedPaths = catalogue.refusedPaths;

/** Applies `name` with `raw` params to `value` (of the mutation's point); the outcome as the pipeline sees it. */
export async function run<T>(name: string, raw: Record<string, unknown>, value: T, context: OidcFaultContext): Promise<Outcome<T>> {
  return (await mutation(name).apply(value as never, params(name, raw), context)) as Outcome<T>;
}

export function segments(token: string): { header: Record<string, unknown>; payload: Record<string, unknown>; encoded: string[] } {
  const encoded = token.split('.');
  const part = (i: number) => JSON.parse(Buffer.from(encoded[i]!, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: part(0), payload: part(1), encoded };
}
