/**
 * `jwks {add?, removeKids?}`: the JWKS the server publishes at jwks_uri. `add` puts keys before the
 * real ones (so an RP that takes the first key, or fails on the first it cannot read, shows it):
 *
 *   unparseable-akp  kty AKP (ML-DSA-44) with a bogus public key — ignore it (positive control)
 *   unknown-kty      a made-up kty — ignore it (positive control)
 *   malformed-rsa    kty RSA whose modulus is not base64url — ignore it (positive control)
 *   extra-rsa        a valid RSA public key nobody signs with (kid decoy-rsa)
 *   extra-ec         a valid P-256 public key nobody signs with (kid decoy-ec)
 *
 * `removeKids` drops keys by kid; `"signing-key"` names the server's own signing key (kids are made
 * per org, so a catalogue cannot know them), which makes every token's kid unknown.
 */
import { join, type Fields, type Issues } from '../../tenant/fields.ts';
import { applied, defineMutation, notApplied, type JsonObject } from './context.ts';
import { readNames, refuseUnknownParams } from './edit.ts';
import { attacker, type AttackerKeys } from './keys.ts';

export const JWKS_ADDITIONS = ['unparseable-akp', 'unknown-kty', 'malformed-rsa', 'extra-rsa', 'extra-ec'] as const;
export type JwksAddition = (typeof JWKS_ADDITIONS)[number];

/** The server's own signing key in `removeKids`. */
export const SIGNING_KEY = 'signing-key';

export interface JwksEdit {
  add: JwksAddition[];
  removeKids: string[];
}

const ADDED: Record<JwksAddition, (keys: AttackerKeys) => JsonObject> = {
  // A syntactically plausible ML-DSA entry whose `pub` decodes to text, not a 1312-byte key.
  'unparseable-akp': () => ({ kty: 'AKP', alg: 'ML-DSA-44', use: 'sig', kid: 'unparseable-akp', pub: Buffer.from('not an ML-DSA-44 public key').toString('base64url') }),
  'unknown-kty': () => ({ kty: 'XYZ', use: 'sig', kid: 'unknown-kty', k: 'AQAB' }),
  'malformed-rsa': () => ({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: 'malformed-rsa', n: '!!not base64url!!', e: 'AQAB' }),
  'extra-rsa': (keys) => ({ ...keys.decoyRsaJwk }),
  'extra-ec': (keys) => ({ ...keys.decoyEcJwk }),
};

export const jwks = defineMutation({
  name: 'jwks',
  point: 'oidc.jwks',
  summary: `adds unusable or extra keys to the JWKS, or removes keys by kid (params: add [${JWKS_ADDITIONS.join(' | ')}], removeKids [kid | "${SIGNING_KEY}"])`,
  readParams(raw: Fields, path: string, issues: Issues): JwksEdit {
    refuseUnknownParams(raw, path, issues, ['add', 'removeKids']);
    const add: JwksAddition[] = [];
    readNames(raw, 'add', path, issues).forEach((name, index) => {
      if ((JWKS_ADDITIONS as readonly string[]).includes(name)) add.push(name as JwksAddition);
      else issues.add(join(join(path, 'add'), index), `must be one of ${JWKS_ADDITIONS.join(', ')}`);
    });
    const removeKids = readNames(raw, 'removeKids', path, issues);
    if (raw['add'] === undefined && raw['removeKids'] === undefined) issues.add(path || 'params', 'must have add or removeKids');
    return { add, removeKids };
  },
  async apply(body, { add, removeKids }, context) {
    if (!Array.isArray(body['keys'])) return notApplied('the JWKS has no keys list');
    const kids = new Set(removeKids.map((kid) => (kid === SIGNING_KEY ? context.signingKey.kid : kid)));
    const kept = (body['keys'] as unknown[]).filter((key) => !(typeof key === 'object' && key !== null && kids.has((key as { kid?: string }).kid)));
    const removed = (body['keys'] as unknown[]).length - kept.length;
    if (add.length === 0 && removed === 0) return notApplied(`no key has kid ${removeKids.join(', ')}`);
    const keys = add.length > 0 ? await attacker() : undefined;
    return applied({ ...body, keys: [...add.map((name) => ADDED[name](keys!)), ...kept] });
  },
});
