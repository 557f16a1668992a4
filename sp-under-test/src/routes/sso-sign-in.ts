// The end of every SSO sign-in (SAML ACS, OIDC callback, Okta Simplified), once the protocol
// checks passed: the account policy decides, then a fresh session with the protocol as method.
import type { Request, Response } from 'express';
import type { AuthMethod, Organization, SsoSettings } from '../model.ts';
import { resolveSsoAccount } from '../policy/account-policy.ts';
import { signIn, type AppContext } from '../web.ts';

export function completeSsoSignIn(
  ctx: AppContext,
  req: Request,
  res: Response,
  org: Organization,
  sso: SsoSettings,
  email: string,
  method: Exclude<AuthMethod, 'password'>,
): void {
  const decision = resolveSsoAccount(org.id, sso.provisioning, ctx.store.findAccountByEmail(email));
  const account =
    decision.action === 'sign-in'
      ? decision.account
      : ctx.store.createAccount({ orgId: org.id, email, role: 'member', status: 'active', passwordHash: null });
  if (account.status === 'invited') account.status = 'active';
  signIn(ctx, req, res, account, method);
}
