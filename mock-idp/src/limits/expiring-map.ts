/**
 * A map whose entries live a fixed time and whose size is bounded: what every server-side record a
 * browser can make (sessions, held SAML requests) is kept in, so memory follows the traffic of the
 * last lifetime, never the traffic since start.
 *
 * - An entry expires `lifetimeMs` after it was set, on the store's clock (a fake clock in tests).
 * - An expired entry is never returned, and is dropped by `sweep()`; set() sweeps first, and the
 *   host's janitor sweeps every store on a timer, so an idle server gives its memory back too.
 * - When `max` live entries are held, set() refuses with LimitReachedError (IDP_LIMIT_REACHED)
 *   instead of evicting: evicting would silently end someone's session or sign-in.
 *
 * Entries expire in the order they were set (one lifetime per map), so a sweep stops at the first
 * live entry: its cost is the number of entries it drops.
 */
import { LimitReachedError } from '../errors.ts';

export interface ExpiringMapOptions {
  lifetimeMs: number;
  max: number;
  clock: () => Date;
  /** The option that sets `max`, named in the refusal (e.g. `maxSessionsPerOrg`). */
  limitName: string;
  /** What the map holds, for the refusal's message (e.g. `sign-in sessions`). */
  what: string;
}

interface Entry<V> {
  value: V;
  expiresAt: number;
}

export class ExpiringMap<V> {
  private readonly entries = new Map<string, Entry<V>>();

  constructor(private readonly options: ExpiringMapOptions) {}

  get size(): number {
    return this.entries.size;
  }

  set(key: string, value: V): void {
    this.sweep();
    if (!this.entries.has(key) && this.entries.size >= this.options.max) {
      throw new LimitReachedError(this.options.limitName, this.options.max, `${this.options.max} ${this.options.what}`);
    }
    // Re-inserting keeps the map in expiry order.
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + this.options.lifetimeMs });
  }

  get(key: string | undefined): V | undefined {
    if (key === undefined) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= this.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** The value, once: the entry is gone afterwards whether it was live or not. */
  take(key: string): V | undefined {
    const value = this.get(key);
    this.entries.delete(key);
    return value;
  }

  delete(key: string | undefined): void {
    if (key !== undefined) this.entries.delete(key);
  }

  /** The live entries, oldest first (an expired one is never handed out). */
  *[Symbol.iterator](): IterableIterator<[string, V]> {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt > now) yield [key, entry.value];
  }

  /** Drops the expired entries; returns how many went. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [key, entry] of this.entries) {
      if (entry.expiresAt > now) break;
      this.entries.delete(key);
      dropped++;
    }
    return dropped;
  }

  private now(): number {
    return this.options.clock().getTime();
  }
}
