/**
 * Okta's trusted origins (Security → API → Trusted Origins): the web origins allowed to call the
 * org from a browser. Scope CORS lets a page on the origin call the OAuth endpoints
 * (discovery, keys, token, userinfo, introspect, revoke) and /api/v1/sessions/me with its cookies,
 * as okta-auth-js does; REDIRECT lets the sign-in page send a browser back to it. An origin that is
 * not trusted with CORS gets no CORS headers, so the browser keeps the answer from the page.
 */
import { newId } from '../ids.ts';

export type TrustedOriginScope = 'CORS' | 'REDIRECT';
export const TRUSTED_ORIGIN_SCOPES: readonly TrustedOriginScope[] = ['CORS', 'REDIRECT'];

export interface TrustedOrigin {
  id: string;
  name: string;
  /** scheme://host[:port], as URL#origin writes it. */
  origin: string;
  scopes: TrustedOriginScope[];
  status: 'ACTIVE' | 'INACTIVE';
  created: Date;
  lastUpdated: Date;
}

export interface TrustedOriginInput {
  name: string;
  origin: string;
  scopes: TrustedOriginScope[];
}

/** The most an org keeps; Okta's own cap is in the thousands too. */
export const MAX_TRUSTED_ORIGINS = 1000;

export class TrustedOrigins {
  private readonly byId = new Map<string, TrustedOrigin>();

  constructor(private readonly clock: () => Date) {}

  list(): TrustedOrigin[] {
    return [...this.byId.values()];
  }

  get(id: string): TrustedOrigin | undefined {
    return this.byId.get(id);
  }

  findByOrigin(origin: string): TrustedOrigin | undefined {
    return this.list().find((trusted) => trusted.origin === origin);
  }

  /** Whether a page on `origin` may read the org's answers (an ACTIVE origin with the CORS scope). */
  allowsCors(origin: string | undefined): boolean {
    if (!origin) return false;
    const trusted = this.findByOrigin(origin);
    return trusted?.status === 'ACTIVE' && trusted.scopes.includes('CORS');
  }

  /** Undefined when the cap is reached (the caller refuses). */
  add(input: TrustedOriginInput): TrustedOrigin | undefined {
    if (this.byId.size >= MAX_TRUSTED_ORIGINS) return undefined;
    const now = this.clock();
    const trusted: TrustedOrigin = { id: newId('trustedOrigin'), ...input, scopes: [...input.scopes], status: 'ACTIVE', created: now, lastUpdated: now };
    this.byId.set(trusted.id, trusted);
    return trusted;
  }

  update(trusted: TrustedOrigin, input: TrustedOriginInput): TrustedOrigin {
    Object.assign(trusted, { ...input, scopes: [...input.scopes], lastUpdated: this.clock() });
    return trusted;
  }

  setStatus(trusted: TrustedOrigin, status: TrustedOrigin['status']): void {
    trusted.status = status;
    trusted.lastUpdated = this.clock();
  }

  delete(id: string): boolean {
    return this.byId.delete(id);
  }

  /** For the state directory. */
  export(): TrustedOrigin[] {
    return this.list();
  }

  import(origins: TrustedOrigin[]): void {
    for (const trusted of origins) this.byId.set(trusted.id, trusted);
  }
}
