// Who may sign in, and how. Pure decisions; the routes apply them to the store.
//
// SSO sign-in, SAML or OIDC (after every protocol check passed), for the email the IdP asserted:
//   - an account with that email in this org (owner, admin, member, or invited) → sign in as it
//     (an invited account becomes active);
//   - else, provisioning `jit` and the email is not used by another org → create a member;
//   - else → SSO_USER_NOT_INVITED. An account in another org is never signed into from this org.
// Password sign-in: with enforcement `enforced`, only the owner may use a password (break-glass,
// so a broken IdP configuration can still be fixed); everyone else gets SSO_REQUIRED.
import { ssoError } from '../errors.ts';
import type { Account, Organization, Provisioning } from '../model.ts';

export type SsoAccountDecision = { action: 'sign-in'; account: Account } | { action: 'create-member' };

export function resolveSsoAccount(
  orgId: string,
  provisioning: Provisioning,
  existing: Account | undefined,
): SsoAccountDecision {
  if (existing && existing.orgId === orgId) return { action: 'sign-in', account: existing };
  if (existing) throw ssoError('SSO_USER_NOT_INVITED', 'this email belongs to another organization');
  if (provisioning === 'jit') return { action: 'create-member' };
  throw ssoError('SSO_USER_NOT_INVITED', 'this email has not been invited to the organization');
}

export function checkPasswordSignInAllowed(account: Account, org: Organization): void {
  if (org.sso?.enforcement === 'enforced' && account.role !== 'owner') {
    throw ssoError('SSO_REQUIRED', 'this organization requires single sign-on');
  }
}
