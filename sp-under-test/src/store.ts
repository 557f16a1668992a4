// In-memory state: organizations, accounts, sessions, pending SAML requests and OIDC logins, the
// replay cache (SAML assertion ids, Okta Simplified id_tokens). Everything time-related uses the
// injected clock, and every map is bounded (src/limits.ts):
//
//   sessions      anonymous ones end after limits.anonymousSessionIdleMs unused; signed-in ones after
//                 signedInSessionIdleMs unused or signedInSessionMaxMs after the sign-in. At
//                 maxSessions a new anonymous session is refused (TOO_MANY_SESSIONS); a sign-in first
//                 evicts the least recently used anonymous one (a sign-in is worth more than a visit).
//   pending       SAML requests + OIDC logins expire after pendingSignInTtlMs; at maxPendingSignIns a
//                 new one is refused (SSO_TOO_MANY_PENDING_SIGN_INS).
//   replay cache  a SHA-256 of (issuer, id) → expiry, never the assertion or token itself; at
//                 maxReplayCacheEntries a sign-in that would need a new entry is refused
//                 (SSO_REPLAY_CACHE_FULL): accepting it unremembered would allow its replay.
//   orgs/accounts maxOrganizations / maxAccounts (ORGANIZATION_LIMIT_REACHED / ACCOUNT_LIMIT_REACHED).
//
// Expired entries are dropped when met, by a sweep of every map at most once a minute of the SP's
// clock, and by a sweep before any limit refuses.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { SpError, ssoError } from './errors.ts';
import { DEFAULT_LIMITS, type SpLimits } from './limits.ts';
import type { Account, AuthMethod, Organization, PendingOidcLogin, PendingSamlRequest, Role, Session } from './model.ts';

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** How often (SP clock) expired entries are swept from every map. */
const SWEEP_INTERVAL_MS = 60_000;

export class Store {
  readonly orgs = new Map<string, Organization>();
  readonly accounts = new Map<string, Account>();
  readonly sessions = new Map<string, Session>();
  readonly pendingSaml = new Map<string, PendingSamlRequest>();
  /** state → pending OIDC authorization request. */
  readonly pendingOidc = new Map<string, PendingOidcLogin>();
  /** SHA-256 of (issuer, assertion or token id) → until when it is remembered (ms). */
  readonly replayCache = new Map<string, number>();
  readonly limits: SpLimits;
  private readonly now: () => number;
  private lastSweep: number;

  constructor(clock: () => Date, limits: SpLimits = DEFAULT_LIMITS) {
    this.now = () => clock().getTime();
    this.limits = limits;
    this.lastSweep = this.now();
  }

  // --- organizations and accounts ---

  /** Refuses up front when an operation would need more organizations or accounts than allowed. */
  assertRoomFor(needed: { orgs?: number; accounts?: number }): void {
    if (this.orgs.size + (needed.orgs ?? 0) > this.limits.maxOrganizations) {
      throw new SpError('ORGANIZATION_LIMIT_REACHED', 503, 'this service cannot take new organizations at the moment; please contact support');
    }
    if (this.accounts.size + (needed.accounts ?? 0) > this.limits.maxAccounts) {
      throw new SpError('ACCOUNT_LIMIT_REACHED', 503, 'this service cannot take new accounts at the moment; please contact support');
    }
  }

  createOrg(name: string): Organization {
    this.assertRoomFor({ orgs: 1 });
    const org: Organization = { id: randomUUID(), name, apiToken: `spk_${randomToken(24)}`, sso: null };
    this.orgs.set(org.id, org);
    return org;
  }

  findOrgByPortalKey(key: string): Organization | undefined {
    for (const org of this.orgs.values()) if (org.sso?.portalKey === key) return org;
    return undefined;
  }

  findOrgByApiToken(token: string): Organization | undefined {
    for (const org of this.orgs.values()) if (org.apiToken === token) return org;
    return undefined;
  }

  createAccount(input: Omit<Account, 'id' | 'email' | 'oidcSubjects' | 'invitationToken'> & Partial<Pick<Account, 'oidcSubjects' | 'invitationToken'>> & { email: string }): Account {
    this.assertRoomFor({ accounts: 1 });
    const account: Account = { oidcSubjects: {}, invitationToken: null, ...input, id: randomUUID(), email: input.email.toLowerCase() };
    this.accounts.set(account.id, account);
    return account;
  }

  findAccountByEmail(email: string): Account | undefined {
    const wanted = email.toLowerCase();
    for (const a of this.accounts.values()) if (a.email === wanted) return a;
    return undefined;
  }

  accountsOf(orgId: string): Account[] {
    return [...this.accounts.values()].filter((a) => a.orgId === orgId);
  }

  // --- lookups of the account policy and the flows of the vendor guides ---
  hasAccounts(orgId: string): boolean {
    for (const a of this.accounts.values()) if (a.orgId === orgId) return true;
    return false;
  }

  /** The account of this org linked to an OIDC identity (issuer, sub). */
  findAccountBySubject(orgId: string, issuer: string, sub: string): Account | undefined {
    for (const a of this.accounts.values()) if (a.orgId === orgId && a.oidcSubjects[issuer] === sub) return a;
    return undefined;
  }

  findAccountByInvitation(token: string): Account | undefined {
    if (!token) return undefined;
    for (const a of this.accounts.values()) if (a.invitationToken === token) return a;
    return undefined;
  }

  findOrgByDomain(domain: string): Organization | undefined {
    const wanted = domain.toLowerCase();
    for (const org of this.orgs.values()) if (org.sso?.domains.includes(wanted)) return org;
    return undefined;
  }

  /**
   * Ends every password session of the org's accounts except `keepSessionId` (the one that made the
   * change): what enforcing SSO does to people still signed in with a password. Returns how many.
   */
  endPasswordSessions(orgId: string, keepSessionId: string | null): number {
    let ended = 0;
    for (const [id, session] of this.sessions) {
      if (id === keepSessionId || session.authMethod !== 'password' || !session.accountId) continue;
      if (this.accounts.get(session.accountId)?.orgId !== orgId) continue;
      this.sessions.delete(id);
      ended += 1;
    }
    return ended;
  }

  isAdmin(role: Role): boolean {
    return role === 'owner' || role === 'admin';
  }

  // --- sessions ---

  /** A new session: anonymous, or signed in (then made room for by evicting an idle anonymous one if needed). */
  createSession(signedIn?: { accountId: string; authMethod: AuthMethod; idpSessionEndsAt?: number | null }): Session {
    this.sweepIfDue();
    this.makeRoomForSession(signedIn !== undefined);
    const now = this.now();
    const session: Session = {
      id: randomToken(32),
      csrfToken: randomToken(24),
      accountId: signedIn?.accountId ?? null,
      authMethod: signedIn?.authMethod ?? null,
      createdAt: now,
      lastSeenAt: now,
      pendingJoin: null,
      idpSessionEndsAt: signedIn?.idpSessionEndsAt ?? null,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  /** The live session with this id, marked as used now; an expired one is dropped and not returned. */
  findSession(id: string): Session | undefined {
    this.sweepIfDue();
    const session = this.sessions.get(id);
    if (!session) return undefined;
    const now = this.now();
    if (this.sessionExpiresAt(session) <= now) {
      this.sessions.delete(id);
      return undefined;
    }
    session.lastSeenAt = now;
    return session;
  }

  sessionExpiresAt(s: Session): number {
    if (!s.accountId) return s.lastSeenAt + this.limits.anonymousSessionIdleMs;
    return Math.min(s.lastSeenAt + this.limits.signedInSessionIdleMs, s.createdAt + this.limits.signedInSessionMaxMs, s.idpSessionEndsAt ?? Infinity);
  }

  private makeRoomForSession(signedIn: boolean): void {
    if (this.sessions.size < this.limits.maxSessions) return;
    this.sweep();
    if (this.sessions.size < this.limits.maxSessions) return;
    if (signedIn) {
      let lru: Session | undefined;
      for (const s of this.sessions.values()) if (!s.accountId && (!lru || s.lastSeenAt < lru.lastSeenAt)) lru = s;
      if (lru) {
        this.sessions.delete(lru.id);
        return;
      }
    }
    throw new SpError('TOO_MANY_SESSIONS', 503, 'this service has too many open sessions at the moment; please try again in a minute');
  }

  // --- pending SAML requests (InResponseTo) and OIDC logins (state) ---

  private makeRoomForPending(): void {
    if (this.pendingSaml.size + this.pendingOidc.size < this.limits.maxPendingSignIns) return;
    this.sweep();
    if (this.pendingSaml.size + this.pendingOidc.size < this.limits.maxPendingSignIns) return;
    throw ssoError('SSO_TOO_MANY_PENDING_SIGN_INS', 'too many sign-ins are in progress at the moment; please try again in a minute');
  }

  addPendingSaml(req: PendingSamlRequest): void {
    this.sweepIfDue();
    this.makeRoomForPending();
    this.pendingSaml.set(req.requestId, req);
  }

  peekPendingSaml(requestId: string): PendingSamlRequest | undefined {
    return this.pendingSaml.get(requestId);
  }

  /** Removes and returns the pending request (single use), or undefined. */
  takePendingSaml(requestId: string): PendingSamlRequest | undefined {
    const found = this.pendingSaml.get(requestId);
    this.pendingSaml.delete(requestId);
    return found;
  }

  addPendingOidc(login: PendingOidcLogin): void {
    this.sweepIfDue();
    this.makeRoomForPending();
    this.pendingOidc.set(login.state, login);
  }

  /** Removes and returns the pending login for this state (single use), or undefined. */
  takePendingOidc(state: string): PendingOidcLogin | undefined {
    this.sweepIfDue();
    const found = this.pendingOidc.get(state);
    this.pendingOidc.delete(state);
    return found;
  }

  /** The newest pending login of this browser for this org, taken (what a state-less RP would use). */
  takeLatestPendingOidcFor(sessionId: string | null, orgId: string): PendingOidcLogin | undefined {
    const latest = [...this.pendingOidc.values()].filter((login) => login.sessionId === sessionId && login.orgId === orgId).pop();
    if (latest) this.pendingOidc.delete(latest.state);
    return latest;
  }

  // --- replay cache (SAML assertion ids, Okta Simplified id_tokens) ---

  private replayKey(issuer: string, id: string): string {
    // Length-prefixed, so no (issuer, id) pair can collide with another by moving a separator.
    return createHash('sha256').update(`${issuer.length}:${issuer}`).update(id).digest('base64url');
  }

  hasSeenAssertion(issuer: string, assertionId: string): boolean {
    this.sweepIfDue();
    const until = this.replayCache.get(this.replayKey(issuer, assertionId));
    return until !== undefined && until > this.now();
  }

  /** Remembers an accepted id until keepUntil (ms); refuses when the cache is full. */
  rememberAssertion(issuer: string, assertionId: string, keepUntil: number): void {
    this.sweepIfDue();
    if (keepUntil <= this.now()) return;
    if (this.replayCache.size >= this.limits.maxReplayCacheEntries) this.sweep();
    if (this.replayCache.size >= this.limits.maxReplayCacheEntries) {
      throw ssoError('SSO_REPLAY_CACHE_FULL', 'too many sign-ins happened in the last minutes to record this one safely; please try again in a minute');
    }
    this.replayCache.set(this.replayKey(issuer, assertionId), keepUntil);
  }

  // --- expiry ---

  private sweepIfDue(): void {
    const now = this.now();
    if (now - this.lastSweep >= SWEEP_INTERVAL_MS || now < this.lastSweep) this.sweep();
  }

  /** Drops every expired entry of every map. */
  sweep(): void {
    const now = this.now();
    this.lastSweep = now;
    for (const [id, s] of this.sessions) if (this.sessionExpiresAt(s) <= now) this.sessions.delete(id);
    for (const [id, req] of this.pendingSaml) if (req.expiresAt <= now) this.pendingSaml.delete(id);
    for (const [state, login] of this.pendingOidc) if (login.expiresAt <= now) this.pendingOidc.delete(state);
    for (const [key, until] of this.replayCache) if (until <= now) this.replayCache.delete(key);
  }
}
