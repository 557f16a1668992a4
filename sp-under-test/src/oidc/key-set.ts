// The OP's signing keys (jwks_uri), for verifying every id_token the SP accepts. Rules:
//   - the keys come only from jwks_uri, read through the bounded OP transport; key material in a
//     token's header (jwk, jku, x5u, x5c) is never used or fetched;
//   - a cached set is used while younger than maxAgeMs, then fetched again;
//   - a token whose key is not in the set (the OP rotated its keys) makes the SP fetch the set again
//     at once — a rotation must work promptly — but at a bounded rate: a small bucket of refetches
//     that refills over time, so a stream of tokens with made-up kids cannot make the SP hammer the OP.
//   - keys the SP cannot use (an unknown kty, another algorithm) are skipped, not an error.
import { createLocalJWKSet, errors, type JSONWebKeySet, type JWTHeaderParameters, type FlattenedJWSInput, type KeyObject } from 'jose';
import type { OpFetch } from './op-http.ts';

export interface KeySetOptions {
  fetch: OpFetch;
  /** The SP's clock (ms). */
  now: () => number;
  /** How long a fetched set is used before it is fetched again. */
  maxAgeMs: number;
  /** Refetches allowed in a burst for unknown kids, and how often one comes back. */
  refetchBurst: number;
  refetchEveryMs: number;
}

export const DEFAULT_KEY_SET_TIMING = { maxAgeMs: 10 * 60_000, refetchBurst: 5, refetchEveryMs: 10_000 } as const;

type LocalSet = ReturnType<typeof createLocalJWKSet>;

export class ProviderKeySet {
  private set: { keys: LocalSet; fetchedAt: number } | undefined;
  private inFlight: Promise<LocalSet> | undefined;
  private tokens: number;
  private refilledAt: number;

  constructor(
    private readonly jwksUri: string,
    private readonly options: KeySetOptions,
  ) {
    this.tokens = options.refetchBurst;
    this.refilledAt = options.now();
  }

  /** jose's key lookup (a JWTVerifyGetKey). */
  readonly getKey = async (header: JWTHeaderParameters, token: FlattenedJWSInput): Promise<KeyObject | CryptoKey> => {
    const fresh = this.set && this.options.now() - this.set.fetchedAt < this.options.maxAgeMs;
    const keys = fresh ? this.set!.keys : await this.fetchSet();
    try {
      return await keys(header, token);
    } catch (error) {
      // A set fetched just now is as fresh as it gets: only a cached one is worth fetching again.
      if (!(error instanceof errors.JWKSNoMatchingKey) || !fresh || !this.takeRefetch()) throw error;
      return (await this.fetchSet())(header, token);
    }
  };

  /** One fetch at a time; concurrent verifications share it. */
  private fetchSet(): Promise<LocalSet> {
    this.inFlight ??= (async () => {
      try {
        const response = await this.options.fetch(this.jwksUri, { method: 'GET', headers: { accept: 'application/json' } });
        if (!response.ok) throw new errors.JOSEError(`the JWKS answered ${response.status}`);
        const body = (await response.json()) as JSONWebKeySet;
        if (!body || !Array.isArray(body.keys)) throw new errors.JWKSInvalid('the JWKS has no keys list');
        const keys = createLocalJWKSet({ keys: body.keys.filter((key) => typeof key === 'object' && key !== null) });
        this.set = { keys, fetchedAt: this.options.now() };
        return keys;
      } finally {
        this.inFlight = undefined;
      }
    })();
    return this.inFlight;
  }

  private takeRefetch(): boolean {
    const now = this.options.now();
    const earned = Math.floor((now - this.refilledAt) / this.options.refetchEveryMs);
    if (earned > 0) {
      this.tokens = Math.min(this.options.refetchBurst, this.tokens + earned);
      this.refilledAt += earned * this.options.refetchEveryMs;
    }
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
