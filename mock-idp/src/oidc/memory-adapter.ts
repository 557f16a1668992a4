/**
 * oidc-provider's storage: clients come from the org's app integrations (so an app created or
 * changed through the API is live at once); interactions, sessions, grants, codes and tokens live
 * in memory with their expiry, as nothing of a mock org needs to survive a restart.
 *
 * One OidcRecords per org holds the records of both its authorization servers (each in its own
 * namespace), so the org has one count to bound and one sweep to run:
 * - an expired record is never returned, and `sweep()` drops it (with its grant index entry);
 * - `size` is what the OIDC router's gate compares with maxOidcRecordsPerOrg before a request that
 *   makes records; the adapter itself never refuses, because oidc-provider would turn an adapter
 *   error into a 500.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcClientRecord } from './ports.ts';

interface Stored {
  payload: AdapterPayload;
  /** Seconds since the epoch; undefined never expires (oidc-provider gives every model a ttl). */
  expiresAt: number | undefined;
}

export class OidcRecords {
  /** `{server}:{model}` → id → record. */
  private readonly stores = new Map<string, Map<string, Stored>>();
  /** grantId → `{server}:{model}:{id}` keys of the records made under that grant. */
  private readonly grantIndex = new Map<string, Set<string>>();

  constructor(private readonly now: () => number) {}

  get size(): number {
    let total = 0;
    for (const store of this.stores.values()) total += store.size;
    return total;
  }

  /** Drops every expired record; returns how many went. */
  sweep(): number {
    const now = this.now();
    let dropped = 0;
    for (const [namespace, store] of this.stores) {
      for (const [id, entry] of store) {
        if (entry.expiresAt === undefined || entry.expiresAt > now) continue;
        this.drop(namespace, store, id, entry);
        dropped++;
      }
    }
    return dropped;
  }

  private storeOf(namespace: string): Map<string, Stored> {
    let store = this.stores.get(namespace);
    if (!store) {
      store = new Map();
      this.stores.set(namespace, store);
    }
    return store;
  }

  private drop(namespace: string, store: Map<string, Stored>, id: string, entry: Stored): void {
    store.delete(id);
    const grantId = entry.payload.grantId;
    if (!grantId) return;
    const keys = this.grantIndex.get(grantId);
    keys?.delete(`${namespace}:${id}`);
    if (keys?.size === 0) this.grantIndex.delete(grantId);
  }

  /** Keeps a record of the mock's own (not oidc-provider's) for `ttl` seconds, counted and swept with the rest. */
  put(namespace: string, id: string, payload: AdapterPayload, ttl: number): void {
    this.storeOf(namespace).set(id, { payload, expiresAt: this.now() + ttl });
  }

  /** A record put() kept, unless it has expired. */
  get(namespace: string, id: string): AdapterPayload | undefined {
    const store = this.storeOf(namespace);
    const entry = store.get(id);
    if (!entry) return undefined;
    if (entry.expiresAt !== undefined && entry.expiresAt <= this.now()) {
      this.drop(namespace, store, id, entry);
      return undefined;
    }
    return entry.payload;
  }

  /** The adapter class oidc-provider instantiates per model, for one authorization server. */
  adapterFor(server: string, findClient: (id: string) => OidcClientRecord | undefined): new (model: string) => Adapter {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- the class below is instantiated by oidc-provider
    const records = this;
    return class MemoryAdapter implements Adapter {
      private readonly namespace: string;
      private readonly store: Map<string, Stored>;

      constructor(private readonly model: string) {
        this.namespace = `${server}:${model}`;
        this.store = records.storeOf(this.namespace);
      }

      async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
        this.store.set(id, { payload, expiresAt: expiresIn ? records.now() + expiresIn : undefined });
        if (payload.grantId) {
          const keys = records.grantIndex.get(payload.grantId) ?? new Set<string>();
          keys.add(`${this.namespace}:${id}`);
          records.grantIndex.set(payload.grantId, keys);
        }
      }

      async find(id: string): Promise<AdapterPayload | undefined> {
        if (this.model === 'Client') {
          const client = findClient(id);
          if (!client) return undefined;
          // A client without a secret has none at all: oidc-provider refuses an empty one.
          const { client_secret: secret, ...rest } = client;
          // Okta's id_tokens always carry auth_time, not only when max_age asks for it.
          return { ...(secret ? client : rest), require_auth_time: true } as AdapterPayload;
        }
        const entry = this.store.get(id);
        if (!entry) return undefined;
        if (entry.expiresAt !== undefined && entry.expiresAt <= records.now()) {
          records.drop(this.namespace, this.store, id, entry);
          return undefined;
        }
        return entry.payload;
      }

      async findByUserCode(userCode: string): Promise<AdapterPayload | undefined> {
        for (const [id, entry] of this.store) if (entry.payload.userCode === userCode) return this.find(id);
        return undefined;
      }

      async findByUid(uid: string): Promise<AdapterPayload | undefined> {
        for (const [id, entry] of this.store) if (entry.payload.uid === uid) return this.find(id);
        return undefined;
      }

      async consume(id: string): Promise<void> {
        const entry = this.store.get(id);
        if (entry) entry.payload.consumed = records.now();
      }

      async destroy(id: string): Promise<void> {
        const entry = this.store.get(id);
        if (entry) records.drop(this.namespace, this.store, id, entry);
      }

      async revokeByGrantId(grantId: string): Promise<void> {
        for (const key of records.grantIndex.get(grantId) ?? []) {
          const cut = key.lastIndexOf(':');
          records.stores.get(key.slice(0, cut))?.delete(key.slice(cut + 1));
        }
        records.grantIndex.delete(grantId);
      }
    };
  }
}
