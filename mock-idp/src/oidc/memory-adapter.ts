/**
 * oidc-provider's storage: clients come from the org's app integrations (so an app created or
 * changed through the API is live at once); codes, sessions, tokens and grants live in memory
 * with their expiry, as nothing of a mock org needs to survive a restart.
 */
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { OidcClientRecord } from './ports.ts';

interface Stored {
  payload: AdapterPayload;
  expiresAt: number | undefined;
}

export function memoryAdapterFactory(findClient: (id: string) => OidcClientRecord | undefined, now: () => number) {
  const stores = new Map<string, Map<string, Stored>>();
  const grantIndex = new Map<string, Set<string>>();
  return class MemoryAdapter implements Adapter {
    private readonly store: Map<string, Stored>;

    constructor(private readonly model: string) {
      this.store = stores.get(model) ?? new Map();
      stores.set(model, this.store);
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number): Promise<void> {
      this.store.set(id, { payload, expiresAt: expiresIn ? now() + expiresIn : undefined });
      if (payload.grantId) {
        const key = `${this.model}:${id}`;
        const ids = grantIndex.get(payload.grantId) ?? new Set<string>();
        ids.add(key);
        grantIndex.set(payload.grantId, ids);
      }
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return findClient(id) as AdapterPayload | undefined;
      const entry = this.store.get(id);
      if (!entry) return undefined;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
        this.store.delete(id);
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
      if (entry) entry.payload.consumed = now();
    }

    async destroy(id: string): Promise<void> {
      this.store.delete(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      for (const key of grantIndex.get(grantId) ?? []) {
        const colon = key.indexOf(':');
        stores.get(key.slice(0, colon))?.delete(key.slice(colon + 1));
      }
      grantIndex.delete(grantId);
    }
  };
}
