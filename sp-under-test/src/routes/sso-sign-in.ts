// The end of every SSO sign-in (SAML ACS, OIDC callback, Okta Simplified, an accepted join prompt),
// once the protocol checks passed: the account policy decides, then either a fresh session with the
// protocol as method, or (ngrok's prompt) the question whether to join.
import type { Request, Response } from 'express';
import type { AuthMethod, Organization, SsoIdentity, SsoSettings, SsoStart } from '../model.ts';
import { applySsoDecision, decideSsoAccount, type AccountDirectory } from '../policy/account-policy.ts';
import type { Store } from '../store.ts';
import { ensureSession, signIn, type AppContext } from '../web.ts';

/** How long a join prompt waits for an answer. */
export const JOIN_PROMPT_TTL_MS = 5 * 60_000;
export const JOIN_PATH = '/join';

export interface SsoLogin {
  identity: SsoIdentity;
  method: Exclude<AuthMethod, 'password'>;
  startedBy: SsoStart;
  invitationToken: string | null;
  /** When the IdP said its session ends (SAML SessionNotOnOrAfter), if it did: the SP's ends then too. */
  idpSessionEndsAt?: number | null;
  /** Where to go once signed in (a same-origin path). */
  returnTo: string;
}

export function accountDirectory(store: Store): AccountDirectory {
  return {
    byEmail: (email) => store.findAccountByEmail(email),
    bySubject: (orgId, issuer, sub) => store.findAccountBySubject(orgId, issuer, sub),
    byInvitation: (token) => store.findAccountByInvitation(token),
    hasAccounts: (orgId) => store.hasAccounts(orgId),
  };
}

/**
 * Decides and applies with no await in between (see applySsoDecision): this function is
 * synchronous so that the decision and the account it creates are one step for the event loop.
 * A refusal throws before anything is written.
 */
export function completeSsoSignIn(ctx: AppContext, req: Request, res: Response, org: Organization, sso: SsoSettings, login: SsoLogin): void {
  const decision = decideSsoAccount(
    { org, sso, identity: login.identity, startedBy: login.startedBy, invitationToken: login.invitationToken },
    accountDirectory(ctx.store),
  );
  if (decision.action === 'ask-to-join') {
    const session = ensureSession(ctx, req, res);
    session.pendingJoin = {
      orgId: org.id,
      identity: login.identity,
      method: login.method,
      expiresAt: ctx.clock().getTime() + JOIN_PROMPT_TTL_MS,
      idpSessionEndsAt: login.idpSessionEndsAt ?? null,
    };
    ctx.log(`join prompt org=${org.id} ${login.identity.email}`);
    res.redirect(303, JOIN_PATH);
    return;
  }
  const account = applySsoDecision(decision, org.id, ctx.store);
  if (decision.action === 'create') ctx.log(`jit ${decision.role} ${account.email} org=${org.id}`);
  signIn(ctx, req, res, account, login.method, login.idpSessionEndsAt ?? null);
  res.redirect(303, login.returnTo);
}
