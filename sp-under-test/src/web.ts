// Request plumbing shared by the routes: the app context, the session cookie, CSRF, sign-in.
import { timingSafeEqual } from 'node:crypto';
import type { Request, Response } from 'express';
import { SpError } from './errors.ts';
import type { SpLimits } from './limits.ts';
import type { Account, AuthMethod, Organization, Session } from './model.ts';
import type { OidcProviders } from './oidc/provider.ts';
import type { Weakened } from './weakenings.ts';
import type { Store } from './store.ts';

export const SESSION_COOKIE = 'sp_session';

export interface AppContext {
  store: Store;
  clock: () => Date;
  log: (line: string) => void;
  /** The SP's origin, e.g. http://127.0.0.1:7100 (known once the server listens). */
  baseUrl: () => string;
  /** true when `clock` is the real clock, so node-saml's own time checks agree with ours. */
  nodeSamlChecksTime: boolean;
  /** Every limit (src/limits.ts), resolved once at start. */
  limits: SpLimits;
  /** The OpenID Providers of the orgs' OIDC connections, read through a bounded transport. */
  oidc: OidcProviders;
  /** The vendor staff's token for /api/operator (see routes/operator.ts). */
  operatorToken: string;
  /** TEST ONLY: the check a mutation-testing variant switched off (src/weakenings.ts); empty for every real SP. */
  weakened: Weakened;
}

export function currentSession(ctx: AppContext, req: Request): Session | undefined {
  const id: unknown = req.cookies?.[SESSION_COOKIE];
  return typeof id === 'string' ? ctx.store.findSession(id) : undefined;
}

function setSessionCookie(res: Response, session: Session): void {
  // Secure when served over https: the session never travels in clear beside it.
  res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'lax', path: '/', secure: res.req.secure });
}

/** The browser's session, created (anonymous, short idle lifetime) when it has none: forms need a CSRF token. */
export function ensureSession(ctx: AppContext, req: Request, res: Response): Session {
  const existing = currentSession(ctx, req);
  if (existing) return existing;
  const session = ctx.store.createSession();
  setSessionCookie(res, session);
  return session;
}

export interface SignedInContext {
  session: Session;
  account: Account;
  org: Organization;
}

export function signedIn(ctx: AppContext, req: Request): SignedInContext | undefined {
  const session = currentSession(ctx, req);
  if (!session?.accountId) return undefined;
  const account = ctx.store.accounts.get(session.accountId);
  const org = account ? ctx.store.orgs.get(account.orgId) : undefined;
  return account && org ? { session, account, org } : undefined;
}

/** Starts a fresh session for the account (the old session id is dropped: no fixation). */
export function signIn(ctx: AppContext, req: Request, res: Response, account: Account, method: AuthMethod, idpSessionEndsAt: number | null = null): Session {
  const old = currentSession(ctx, req);
  if (old) ctx.store.sessions.delete(old.id);
  const session = ctx.store.createSession({ accountId: account.id, authMethod: method, idpSessionEndsAt });
  setSessionCookie(res, session);
  ctx.log(`sign-in ${method} ${account.email} org=${account.orgId}`);
  return session;
}

export function signOut(ctx: AppContext, req: Request, res: Response): void {
  const old = currentSession(ctx, req);
  if (old) ctx.store.sessions.delete(old.id);
  res.clearCookie(SESSION_COOKIE, { path: '/' });
}

export function tokensEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Refuses a state-changing form post whose hidden `_csrf` does not match the session's token. */
export function requireCsrf(ctx: AppContext, req: Request, submitted: unknown): Session {
  const session = currentSession(ctx, req);
  if (!session || typeof submitted !== 'string' || !tokensEqual(submitted, session.csrfToken)) {
    throw new SpError('CSRF_INVALID', 403, 'the form expired or was not sent by this site; reload the page and try again');
  }
  return session;
}

export function layoutUser(s: SignedInContext): { email: string; csrfToken: string; isAdmin: boolean } {
  return { email: s.account.email, csrfToken: s.session.csrfToken, isAdmin: s.account.role !== 'member' };
}

export function bodyField(req: Request, name: string): string {
  const body: unknown = req.body;
  if (body && typeof body === 'object' && name in body) {
    const v = (body as Record<string, unknown>)[name];
    return typeof v === 'string' ? v : '';
  }
  return '';
}
