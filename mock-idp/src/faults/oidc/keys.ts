/**
 * Keys the OIDC mutations sign with besides the server's own. The attacker's keys (one RSA key with
 * a self-signed certificate, one P-256 key) and the decoys are made once per process, on first use,
 * and have fixed kids so reports read plainly; only `new-published-key` makes a key each time.
 * None of them is a secret: they exist to be refused.
 */
import { createPrivateKey, createPublicKey, generateKeyPair, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import type { JWK } from 'jose';
import { certificateBody, createSigningCredentials } from '../../saml/signing-credentials.ts';

const generate = promisify(generateKeyPair);

export const KIDS = {
  attacker: 'attacker-rsa',
  attackerEc: 'attacker-ec',
  unpublished: 'unpublished-rsa',
  decoyRsa: 'decoy-rsa',
  decoyEc: 'decoy-ec',
} as const;

export interface AttackerKeys {
  rsa: KeyObject;
  /** The RSA key's public JWK (kid `attacker-rsa`), as an attacker would put it in a `jwk` header. */
  rsaJwk: JWK;
  /** Its self-signed certificate, PEM, for `x5u` and `x5c`. */
  certificatePem: string;
  /** The certificate's base64 DER, as `x5c` carries it. */
  certificateDer: string;
  ec: KeyObject;
  /** Public keys nobody signs with, published to make a JWKS hold several keys. */
  decoyRsaJwk: JWK;
  decoyEcJwk: JWK;
}

function publicJwk(key: KeyObject, kid: string, alg: string): JWK {
  return { ...(createPublicKey(key).export({ format: 'jwk' }) as JWK), kid, alg, use: 'sig' };
}

async function makeAttackerKeys(): Promise<AttackerKeys> {
  const [credentials, ec, decoyRsa, decoyEc] = await Promise.all([
    createSigningCredentials('attacker.example', new Date('2025-01-01T00:00:00Z')),
    generate('ec', { namedCurve: 'P-256' }),
    generate('rsa', { modulusLength: 2048 }),
    generate('ec', { namedCurve: 'P-256' }),
  ]);
  const rsa = createPrivateKey(credentials.privateKeyPem);
  return {
    rsa,
    rsaJwk: publicJwk(rsa, KIDS.attacker, 'RS256'),
    certificatePem: credentials.certificatePem,
    certificateDer: certificateBody(credentials.certificatePem),
    ec: ec.privateKey,
    decoyRsaJwk: publicJwk(decoyRsa.privateKey, KIDS.decoyRsa, 'RS256'),
    decoyEcJwk: publicJwk(decoyEc.privateKey, KIDS.decoyEc, 'ES256'),
  };
}

let attackerKeys: Promise<AttackerKeys> | undefined;

/** The process's attacker and decoy keys, made on first use. */
export function attacker(): Promise<AttackerKeys> {
  attackerKeys ??= makeAttackerKeys();
  // A failed generation is not cached: the next fault tries again.
  attackerKeys.catch(() => {
    attackerKeys = undefined;
  });
  return attackerKeys;
}

/** A new RSA key for a rotation: its private key and public JWK with a new kid. */
export async function freshRsaKey(): Promise<{ key: KeyObject; publicJwk: JWK }> {
  const { privateKey } = await generate('rsa', { modulusLength: 2048 });
  return { key: privateKey, publicJwk: publicJwk(privateKey, `rotated-${randomUUID().replace(/-/g, '')}`, 'RS256') };
}

const serverKeys = new WeakMap<JWK, KeyObject>();

/** The server's signing key (a private JWK) as a KeyObject, converted once. */
export function serverKey(jwk: JWK): KeyObject {
  let key = serverKeys.get(jwk);
  if (!key) {
    key = createPrivateKey({ key: jwk as JsonWebKey, format: 'jwk' });
    serverKeys.set(jwk, key);
  }
  return key;
}

/** The server's public key as SPKI PEM (with its final newline), the bytes of the classic alg confusion. */
export function publicKeyPem(jwk: JWK): string {
  return createPublicKey(serverKey(jwk)).export({ type: 'spki', format: 'pem' }).toString();
}
