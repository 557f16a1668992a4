/**
 * The org's sign-in sessions (Okta's `sid`) and the HTTP-POST AuthnRequests waiting for a sign-in to
 * finish. Both live server-side under random keys; the browser only ever holds the key.
 *
 * The cookie name carries the org id: every org and the SP share the host 127.0.0.1 and cookies
 * ignore ports, so a plain `sid` would let one org's session leak into another.
 */
import { newSecret } from '../ids.ts';
import type { IncomingSamlRequest } from '../saml/parse-authn-request.ts';

export interface IdpSession {
  userId: string;
  /** When the password was checked; the assertion's AuthnInstant. */
  authnInstant: Date;
  /** Random and stable for the session: the assertion's SessionIndex. */
  sessionIndex: string;
}

const SESSION_LIFETIME_MS = 2 * 3600 * 1000;
const PENDING_LIFETIME_MS = 10 * 60 * 1000;
const MAX_PENDING = 10_000;

export const sessionCookieName = (orgId: string): string => `sid_${orgId}`;

export class SessionStore {
  private readonly sessions = new Map<string, IdpSession>();
  private readonly pending = new Map<string, { request: IncomingSamlRequest; created: Date }>();

  constructor(private readonly clock: () => Date) {}

  create(userId: string): { id: string; session: IdpSession } {
    const session: IdpSession = { userId, authnInstant: this.clock(), sessionIndex: `id${newSecret().replace(/[-_]/g, '')}` };
    const id = newSecret();
    this.sessions.set(id, session);
    return { id, session };
  }

  get(id: string | undefined): IdpSession | undefined {
    if (!id) return undefined;
    const session = this.sessions.get(id);
    if (session && this.clock().getTime() - session.authnInstant.getTime() > SESSION_LIFETIME_MS) {
      this.sessions.delete(id);
      return undefined;
    }
    return session;
  }

  end(id: string | undefined): void {
    if (id) this.sessions.delete(id);
  }

  /** Ends every session of one user (the user was deleted). */
  endAllOf(userId: string): void {
    for (const [id, session] of this.sessions) if (session.userId === userId) this.sessions.delete(id);
  }

  /** Keeps a POSTed AuthnRequest while the user signs in; returns the key to come back with. */
  holdRequest(request: IncomingSamlRequest): string {
    if (this.pending.size >= MAX_PENDING) this.pending.delete(this.pending.keys().next().value!);
    const key = newSecret();
    this.pending.set(key, { request, created: this.clock() });
    return key;
  }

  /** The held request, once: a key cannot be replayed. */
  takeRequest(key: string): IncomingSamlRequest | undefined {
    const held = this.pending.get(key);
    this.pending.delete(key);
    if (!held || this.clock().getTime() - held.created.getTime() > PENDING_LIFETIME_MS) return undefined;
    return held.request;
  }
}
