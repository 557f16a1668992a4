/**
 * Compact JWS, taken apart and signed again, for tokens that are deliberately wrong. jose signs only
 * well-formed tokens (its header must agree with the key, `crit` must be understood), so a header
 * that says HS256 over an RSA signature, or an unknown `crit`, cannot be made with it: the few lines
 * of node:crypto below sign whatever header a fault asks for. jose still verifies them in the tests.
 */
import { constants, createHmac, sign, type KeyObject } from 'node:crypto';
import { isObject } from '../../tenant/fields.ts';
import type { JsonObject } from './context.ts';

export interface DecodedJws {
  header: JsonObject;
  payload: JsonObject;
  /** The three segments as sent, so an edit of one part leaves the others byte for byte. */
  encoded: { header: string; payload: string; signature: string };
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;

function decodeSegment(segment: string): JsonObject | undefined {
  if (!BASE64URL.test(segment)) return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8'));
    return isObject(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** A compact JWS whose header and payload are JSON objects, or undefined for anything else. */
export function decodeJws(token: string): DecodedJws | undefined {
  const parts = token.split('.');
  if (parts.length !== 3 || !BASE64URL.test(parts[2]!)) return undefined;
  const header = decodeSegment(parts[0]!);
  const payload = decodeSegment(parts[1]!);
  if (!header || !payload) return undefined;
  return { header, payload, encoded: { header: parts[0]!, payload: parts[1]!, signature: parts[2]! } };
}

export const encodeSegment = (value: JsonObject): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');

/** A key to sign with; the JWS algorithm comes from the header when the key can make it. */
export type JwsSigner = { kind: 'rsa'; key: KeyObject } | { kind: 'ec'; key: KeyObject } | { kind: 'hmac'; secret: Buffer };

const RSA_ALGS: Record<string, { hash: string; pss: boolean }> = {
  RS256: { hash: 'sha256', pss: false },
  RS384: { hash: 'sha384', pss: false },
  RS512: { hash: 'sha512', pss: false },
  PS256: { hash: 'sha256', pss: true },
  PS384: { hash: 'sha384', pss: true },
  PS512: { hash: 'sha512', pss: true },
};
const HMAC_HASHES: Record<string, string> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' };

/**
 * Signs `encodedHeader.encodedPayload`. The header's `alg` picks the algorithm when the key can make
 * it (RSA: RS*, PS*; HMAC: HS*); otherwise the key's default (RS256, ES256, HS256) signs under the
 * header as it stands, which is how a header that lies about its algorithm is made.
 */
export function signJws(encodedHeader: string, encodedPayload: string, alg: unknown, signer: JwsSigner): string {
  const input = Buffer.from(`${encodedHeader}.${encodedPayload}`, 'ascii');
  let signature: Buffer;
  switch (signer.kind) {
    case 'rsa': {
      const { hash, pss } = RSA_ALGS[typeof alg === 'string' ? alg : ''] ?? RSA_ALGS['RS256']!;
      signature = sign(hash, input, pss ? { key: signer.key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } : signer.key);
      break;
    }
    case 'ec':
      // JWS carries the raw r||s pair, not DER.
      signature = sign('sha256', input, { key: signer.key, dsaEncoding: 'ieee-p1363' });
      break;
    case 'hmac':
      signature = createHmac(HMAC_HASHES[typeof alg === 'string' ? alg : ''] ?? 'sha256', signer.secret).update(input).digest();
      break;
  }
  return `${encodedHeader}.${encodedPayload}.${signature.toString('base64url')}`;
}
