/**
 * Okta-style identifiers: a three-letter prefix and base62 characters, 20 in all (`00u…` users,
 * `00g…` groups, `0oa…` apps, `exk…` SAML external keys, `00o…` orgs). Crypto random, so ids from
 * different orgs and runs never collide and cannot be guessed.
 */
import { randomBytes } from 'node:crypto';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` base62 characters; rejection sampling keeps every character equally likely. */
export function randomId(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += BASE62[byte % 62];
    }
  }
  return out;
}

export type IdKind = 'user' | 'group' | 'app' | 'externalKey' | 'org' | 'trustedOrigin';
const PREFIX: Record<IdKind, string> = { user: '00u', group: '00g', app: '0oa', externalKey: 'exk', org: '00o', trustedOrigin: 'tos' };

export const OKTA_ID_LENGTH = 20;

export function newId(kind: IdKind): string {
  const prefix = PREFIX[kind];
  return prefix + randomId(OKTA_ID_LENGTH - prefix.length);
}

/** An org name as Okta gives developer orgs: `dev-` and eight digits. */
export function newOrgName(): string {
  const digits = [...randomBytes(8)].map((byte) => String(byte % 10)).join('');
  return `dev-${digits}`;
}

/** An SSWS API token: 42 characters, like Okta's. */
export function newApiToken(): string {
  return '00' + randomId(40);
}

/** A random value for session ids and pending-request keys (never shown as an Okta id). */
export function newSecret(): string {
  return randomBytes(24).toString('base64url');
}

export function isOktaId(value: string, kind: IdKind): boolean {
  return value.length === OKTA_ID_LENGTH && value.startsWith(PREFIX[kind]) && /^[0-9A-Za-z]+$/.test(value);
}
