/**
 * `id-token-signature {kind}`: the id_token's signature, algorithm or key made wrong in one named way,
 * its claims untouched. Kinds, and what a correct RP does with each:
 *
 *   xor                    every signature byte XOR 0x5A (the OpenID conformance suite) — reject
 *   strip                  the signature removed, alg kept — reject
 *   alg-none               header alg "none", kid dropped, empty signature — reject
 *   hs256-client-secret    HS256 keyed by the client_secret, kid dropped — reject (alg is RS256)
 *   hs256-public-key-pem   HS256 keyed by the server's public key as SPKI PEM text, kid kept — reject
 *   hs256-public-key-jwk   HS256 keyed by the JSON text of the published JWK, kid kept — reject
 *   unpublished-key        RS256 by a key never published, kid `unpublished-rsa` — reject after a refetch
 *   es256-unpublished      ES256 by an unpublished P-256 key, the published kid kept — reject
 *   ps256-unpublished      PS256 by an unpublished RSA key, the published kid kept — reject
 *   attacker-jwk-header    RS256 by the attacker's key, its public JWK in the `jwk` header — reject
 *   attacker-x5c-header    the same with the attacker's self-signed certificate in `x5c` — reject
 *   jku-canary             the same with `jku` = a canary URL serving the attacker's JWKS — reject, never fetch
 *   x5u-canary             the same with `x5u` = a canary URL serving the attacker's certificate — reject, never fetch
 *                          (param `canaryUrl`: the URL to use, e.g. the harness's own /mock/v1/canary/{token};
 *                          without it a fresh one is made)
 *   no-kid-single-key      kid removed, re-signed by the server key — accept (positive control)
 *   no-kid-several-keys    kid removed, re-signed by the server key, and a decoy RSA key published
 *                          beside it from now on — reject, or try every key; never crash
 *   new-published-key      a new RSA key, published in the JWKS from now on, signs this token (new kid)
 *                          — accept after refetching the JWKS (positive control for key rotation)
 */
import { join, readOneOf, readString, type Fields, type Issues } from '../../tenant/fields.ts';
import { applied, defineMutation, notApplied, type OidcFaultContext, type Outcome } from './context.ts';
import { refuseUnknownParams } from './edit.ts';
import { decodeJws, encodeSegment, signJws, type DecodedJws } from './jws.ts';
import { KIDS, attacker, freshRsaKey, publicKeyPem, serverKey, type AttackerKeys } from './keys.ts';

export const SIGNATURE_KINDS = [
  'xor',
  'strip',
  'alg-none',
  'hs256-client-secret',
  'hs256-public-key-pem',
  'hs256-public-key-jwk',
  'unpublished-key',
  'es256-unpublished',
  'ps256-unpublished',
  'attacker-jwk-header',
  'attacker-x5c-header',
  'jku-canary',
  'x5u-canary',
  'no-kid-single-key',
  'no-kid-several-keys',
  'new-published-key',
] as const;
export type SignatureKind = (typeof SIGNATURE_KINDS)[number];
const CANARY_KINDS: readonly SignatureKind[] = ['jku-canary', 'x5u-canary'];

/** The header with some members replaced and some dropped (`undefined`), other members in place. */
function header(jws: DecodedJws, changes: Record<string, unknown>): string {
  const merged: Record<string, unknown> = { ...jws.header };
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return encodeSegment(merged);
}

export interface SignatureParams {
  kind: SignatureKind;
  /** For jku-canary and x5u-canary: the canary URL to put in the header. */
  canaryUrl?: string;
}

type Signed = (jws: DecodedJws, context: OidcFaultContext, params: SignatureParams) => Promise<Outcome<string>> | Outcome<string>;

const hmac = (jws: DecodedJws, changes: Record<string, unknown>, secret: string): string =>
  signJws(header(jws, { ...changes, alg: 'HS256' }), jws.encoded.payload, 'HS256', { kind: 'hmac', secret: Buffer.from(secret, 'utf8') });

/** Re-signed by the attacker's RSA key, with `extra` header members naming where its key is. */
async function byAttacker(jws: DecodedJws, extra: (keys: AttackerKeys) => Record<string, unknown>): Promise<Outcome<string>> {
  const keys = await attacker();
  return applied(signJws(header(jws, { alg: 'RS256', kid: KIDS.attacker, ...extra(keys) }), jws.encoded.payload, 'RS256', { kind: 'rsa', key: keys.rsa }));
}

function withoutKid(jws: DecodedJws, context: OidcFaultContext): string {
  return signJws(header(jws, { kid: undefined }), jws.encoded.payload, jws.header['alg'], { kind: 'rsa', key: serverKey(context.signingKey) });
}

const KINDS: Record<SignatureKind, Signed> = {
  xor(jws) {
    const bytes = Buffer.from(jws.encoded.signature, 'base64url');
    if (bytes.length === 0) return notApplied('the token has no signature to corrupt');
    for (let i = 0; i < bytes.length; i += 1) bytes[i]! ^= 0x5a;
    return applied(`${jws.encoded.header}.${jws.encoded.payload}.${bytes.toString('base64url')}`);
  },
  strip(jws) {
    if (jws.encoded.signature === '') return notApplied('the token has no signature to strip');
    return applied(`${jws.encoded.header}.${jws.encoded.payload}.`);
  },
  'alg-none': (jws) => applied(`${header(jws, { alg: 'none', kid: undefined })}.${jws.encoded.payload}.`),
  'hs256-client-secret'(jws, context) {
    if (!context.clientSecret) return notApplied('the client and its secret are not known here');
    return applied(hmac(jws, { kid: undefined }, context.clientSecret));
  },
  'hs256-public-key-pem': (jws, context) => applied(hmac(jws, {}, publicKeyPem(context.signingKey))),
  'hs256-public-key-jwk': (jws, context) => applied(hmac(jws, {}, JSON.stringify(context.publishedSigningKey))),
  'unpublished-key': async (jws) => {
    const keys = await attacker();
    return applied(signJws(header(jws, { alg: 'RS256', kid: KIDS.unpublished }), jws.encoded.payload, 'RS256', { kind: 'rsa', key: keys.rsa }));
  },
  'es256-unpublished': async (jws) => applied(signJws(header(jws, { alg: 'ES256' }), jws.encoded.payload, 'ES256', { kind: 'ec', key: (await attacker()).ec })),
  'ps256-unpublished': async (jws) => applied(signJws(header(jws, { alg: 'PS256' }), jws.encoded.payload, 'PS256', { kind: 'rsa', key: (await attacker()).rsa })),
  'attacker-jwk-header': (jws) => byAttacker(jws, (keys) => ({ jwk: keys.rsaJwk })),
  'attacker-x5c-header': (jws) => byAttacker(jws, (keys) => ({ x5c: [keys.certificateDer] })),
  'jku-canary': (jws, context, { canaryUrl }) =>
    byAttacker(jws, (keys) => ({ jku: context.canaryUrl('jku', { contentType: 'application/jwk-set+json', body: JSON.stringify({ keys: [keys.rsaJwk] }) }, canaryUrl) })),
  'x5u-canary': (jws, context, { canaryUrl }) =>
    byAttacker(jws, (keys) => ({ x5u: context.canaryUrl('x5u', { contentType: 'application/pem-certificate-chain', body: keys.certificatePem }, canaryUrl) })),
  'no-kid-single-key'(jws, context) {
    if (jws.header['kid'] === undefined) return notApplied('the token has no kid to remove');
    return applied(withoutKid(jws, context));
  },
  async 'no-kid-several-keys'(jws, context) {
    if (jws.header['kid'] === undefined) return notApplied('the token has no kid to remove');
    if (context.extraPublishedKeys.length === 0) context.publishKey((await attacker()).decoyRsaJwk);
    return applied(withoutKid(jws, context));
  },
  async 'new-published-key'(jws, context) {
    const { key, publicJwk } = await freshRsaKey();
    context.publishKey(publicJwk);
    return applied(signJws(header(jws, { alg: 'RS256', kid: publicJwk.kid }), jws.encoded.payload, 'RS256', { kind: 'rsa', key }));
  },
};

export const idTokenSignature = defineMutation({
  name: 'id-token-signature',
  point: 'oidc.id_token',
  summary: `makes the id_token's signature, alg or key wrong in one named way (params: kind = ${SIGNATURE_KINDS.join(' | ')}; canaryUrl for the canary kinds)`,
  readParams(raw: Fields, path: string, issues: Issues): SignatureParams {
    refuseUnknownParams(raw, path, issues, ['kind', 'canaryUrl']);
    const kind = readOneOf(raw, 'kind', path, issues, SIGNATURE_KINDS);
    if (raw['kind'] === undefined) issues.add(join(path, 'kind'), 'is required');
    const canaryUrl = readString(raw, 'canaryUrl', path, issues, { absoluteUrl: true, maxLength: 2048 });
    if (canaryUrl !== undefined && kind !== undefined && !CANARY_KINDS.includes(kind)) issues.add(join(path, 'canaryUrl'), `is only for ${CANARY_KINDS.join(' and ')}`);
    return { kind: kind ?? 'xor', ...(canaryUrl ? { canaryUrl } : {}) };
  },
  apply(token, params, context) {
    const jws = decodeJws(token);
    if (!jws) return notApplied('not a JWS with a JSON header and payload');
    return KINDS[params.kind](jws, context, params);
  },
});
