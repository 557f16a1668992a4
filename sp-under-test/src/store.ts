// In-memory state: organizations, accounts, sessions, pending SAML requests and OIDC logins, the
// replay cache (SAML assertion ids, Okta Simplified id_tokens). Everything time-related uses the injected clock.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Account, Organization, PendingOidcLogin, PendingSamlRequest, Role, Session } from './model.ts';

export function randomToken(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

export class Store {
  readonly orgs = new Map<string, Organization>();
  readonly accounts = new Map<string, Account>();
  readonly sessions = new Map<string, Session>();
  readonly pendingSaml = new Map<string, PendingSamlRequest>();
  /** state → pending OIDC authorization request. */
  readonly pendingOidc = new Map<string, PendingOidcLogin>();
  /** key `${issuer}\n${assertionId}` → expiry (ms). */
  readonly replayCache = new Map<string, number>();
  private readonly now: () => number;

  constructor(clock: () => Date) {
    this.now = () => clock().getTime();
  }

  // --- organizations and accounts ---
  createOrg(name: string): Organization {
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
  createSession(): Session {
    const session: Session = {
      id: randomToken(32),
      csrfToken: randomToken(24),
      accountId: null,
      authMethod: null,
      createdAt: this.now(),
      pendingJoin: null,
    };
    this.sessions.set(session.id, session);
    return session;
  }

  // --- pending SAML requests (InResponseTo) ---
  addPendingSaml(req: PendingSamlRequest): void {
    this.purge();
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

  // --- pending OIDC authorization requests (state) ---
  addPendingOidc(login: PendingOidcLogin): void {
    this.purge();
    this.pendingOidc.set(login.state, login);
  }

  /** Removes and returns the pending login for this state (single use), or undefined. */
  takePendingOidc(state: string): PendingOidcLogin | undefined {
    this.purge();
    const found = this.pendingOidc.get(state);
    this.pendingOidc.delete(state);
    return found;
  }

  // --- assertion replay cache ---
  hasSeenAssertion(issuer: string, assertionId: string): boolean {
    this.purge();
    return this.replayCache.has(`${issuer}\n${assertionId}`);
  }

  rememberAssertion(issuer: string, assertionId: string, keepUntil: number): void {
    this.replayCache.set(`${issuer}\n${assertionId}`, keepUntil);
  }

  private purge(): void {
    const now = this.now();
    for (const [id, req] of this.pendingSaml) if (req.expiresAt <= now) this.pendingSaml.delete(id);
    for (const [state, login] of this.pendingOidc) if (login.expiresAt <= now) this.pendingOidc.delete(state);
    for (const [key, until] of this.replayCache) if (until <= now) this.replayCache.delete(key);
  }
}
