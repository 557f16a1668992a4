/**
 * The org's sign-in sessions (Okta's `sid`) and the HTTP-POST AuthnRequests waiting for a sign-in to
 * finish. Both live server-side under random keys; the browser only ever holds the key.
 *
 * Both are bounded and expire (src/limits/expiring-map.ts): a session lasts sessionLifetimeSeconds
 * from its sign-in, a held request heldRequestLifetimeSeconds; at maxSessionsPerOrg or
 * maxHeldRequestsPerOrg a new one is refused with IDP_LIMIT_REACHED rather than pushing out a
 * live one. An anonymous visit makes neither.
 *
 * The cookie name carries the org id: every org and the SP share the host 127.0.0.1 and cookies
 * ignore ports, so a plain `sid` would let one org's session leak into another.
 */
import { newSecret } from '../ids.ts';
import { ExpiringMap } from '../limits/expiring-map.ts';
import { LIMITS, type MockIdpLimits } from '../limits/limits.ts';
import type { IncomingSamlRequest } from '../saml/parse-authn-request.ts';

export interface IdpSession {
  userId: string;
  /** When the password was checked; the assertion's AuthnInstant. */
  authnInstant: Date;
  /** Random and stable for the session: the assertion's SessionIndex. */
  sessionIndex: string;
}

export type SessionLimits = Pick<MockIdpLimits, 'maxSessionsPerOrg' | 'sessionLifetimeSeconds' | 'maxHeldRequestsPerOrg' | 'heldRequestLifetimeSeconds'>;

const DEFAULTS: SessionLimits = {
  maxSessionsPerOrg: LIMITS.maxSessionsPerOrg.default,
  sessionLifetimeSeconds: LIMITS.sessionLifetimeSeconds.default,
  maxHeldRequestsPerOrg: LIMITS.maxHeldRequestsPerOrg.default,
  heldRequestLifetimeSeconds: LIMITS.heldRequestLifetimeSeconds.default,
};

export const sessionCookieName = (orgId: string): string => `sid_${orgId}`;

export class SessionStore {
  private readonly sessions: ExpiringMap<IdpSession>;
  private readonly pending: ExpiringMap<IncomingSamlRequest>;

  constructor(
    private readonly clock: () => Date,
    limits: SessionLimits = DEFAULTS,
  ) {
    this.sessions = new ExpiringMap({
      clock,
      lifetimeMs: limits.sessionLifetimeSeconds * 1000,
      max: limits.maxSessionsPerOrg,
      limitName: 'maxSessionsPerOrg',
      what: 'sign-in sessions',
    });
    this.pending = new ExpiringMap({
      clock,
      lifetimeMs: limits.heldRequestLifetimeSeconds * 1000,
      max: limits.maxHeldRequestsPerOrg,
      limitName: 'maxHeldRequestsPerOrg',
      what: 'SAML requests waiting for a sign-in',
    });
  }

  /** A new session; IDP_LIMIT_REACHED when the org holds maxSessionsPerOrg live ones. */
  create(userId: string): { id: string; session: IdpSession } {
    const session: IdpSession = { userId, authnInstant: this.clock(), sessionIndex: `id${newSecret().replace(/[-_]/g, '')}` };
    const id = newSecret();
    this.sessions.set(id, session);
    return { id, session };
  }

  get(id: string | undefined): IdpSession | undefined {
    return this.sessions.get(id);
  }

  end(id: string | undefined): void {
    this.sessions.delete(id);
  }

  /** Ends every session of one user (the user was deleted). */
  endAllOf(userId: string): void {
    for (const [id, session] of this.sessions) if (session.userId === userId) this.sessions.delete(id);
  }

  /** Keeps a POSTed AuthnRequest while the user signs in; returns the key to come back with. */
  holdRequest(request: IncomingSamlRequest): string {
    const key = newSecret();
    this.pending.set(key, request);
    return key;
  }

  /** The held request, once: a key cannot be replayed. */
  takeRequest(key: string): IncomingSamlRequest | undefined {
    return this.pending.take(key);
  }

  /** Drops what has expired; returns how many records went. */
  sweep(): number {
    return this.sessions.sweep() + this.pending.sweep();
  }

  /** Live and not yet swept records, for the soak test. */
  get size(): { sessions: number; heldRequests: number } {
    return { sessions: this.sessions.size, heldRequests: this.pending.size };
  }
}
