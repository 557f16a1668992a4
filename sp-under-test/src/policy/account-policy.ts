// Who may sign in, and how: the one place the SP decides which account an SSO identity is. Pure
// decisions (`decideSsoAccount`) and one synchronous writer (`applySsoDecision`); the routes apply
// them to the store. See sp-under-test/README.md, "Identity and accounts", for the rules in prose.
//
// Identity rule: the email is compared case-insensitively as a whole (both sides lower-cased), so
// `Alice@Example.com` from Okta signs in to `alice@example.com`. SAML: the identity is the email.
// OIDC: the account is also linked to (issuer, sub) at its first SSO sign-in, and later sign-ins
// from that issuer match the link first.
//
// SSO sign-in, in order (the first rule that applies decides):
//   1. started from an invitation link → the invitation must still be pending in this org, and the
//      asserted email must be the invited one (SSO_INVITATION_INVALID, SSO_EMAIL_MISMATCH) → sign
//      in as the invited account (which becomes active);
//   2. OIDC, an account of this org linked to (issuer, sub) → sign in as it; when the email changed
//      in Okta the account's email follows, unless another account holds the new email
//      (SSO_EMAIL_CONFLICT);
//   3. an account with the email: in another org → SSO_USER_NOT_INVITED; linked to another `sub`
//      of this issuer → SSO_IDENTITY_MISMATCH (nOAuth: an email alone never takes over a linked
//      account); else sign in (an invited account becomes active, and OIDC links it);
//   4. no account: invite-only → SSO_USER_NOT_INVITED; claimed domains and the email outside them
//      → SSO_EMAIL_OUTSIDE_DOMAINS; the org has no account yet → create the owner; the IdP started
//      the sign-in (a dashboard tile) → ask the person to join first; else create a member.
// Password sign-in: with enforcement `enforced`, only the owner may use a password (break-glass,
// so a broken IdP configuration can still be fixed); everyone else gets SSO_REQUIRED.
import { ssoError } from '../errors.ts';
import type { Account, Organization, Role, SsoIdentity, SsoSettings, SsoStart } from '../model.ts';

/** The one normalisation of emails the SP uses for identity: the whole address, lower-cased. */
export function emailKey(email: string): string {
  return email.trim().toLowerCase();
}

export function domainOf(email: string): string {
  const key = emailKey(email);
  return key.slice(key.lastIndexOf('@') + 1);
}

/** The store lookups the decision needs, and nothing else. */
export interface AccountDirectory {
  byEmail(email: string): Account | undefined;
  bySubject(orgId: string, issuer: string, sub: string): Account | undefined;
  byInvitation(token: string): Account | undefined;
  hasAccounts(orgId: string): boolean;
}

export interface SsoSignInRequest {
  org: Organization;
  sso: SsoSettings;
  identity: SsoIdentity;
  startedBy: SsoStart;
  /** The invitation link the sign-in was started from, if any. */
  invitationToken: string | null;
}

export type SsoAccountDecision =
  | { action: 'sign-in'; account: Account; email: string; subject: SsoIdentity['subject'] }
  | { action: 'create'; role: Extract<Role, 'owner' | 'member'>; email: string; subject: SsoIdentity['subject'] }
  | { action: 'ask-to-join' };

export function decideSsoAccount(request: SsoSignInRequest, directory: AccountDirectory): SsoAccountDecision {
  const { org, sso, identity } = request;
  const email = emailKey(identity.email);
  const subject = identity.subject;

  if (request.invitationToken !== null) {
    const invited = directory.byInvitation(request.invitationToken);
    if (!invited || invited.orgId !== org.id || invited.status !== 'invited') {
      throw ssoError('SSO_INVITATION_INVALID', 'this invitation was already accepted or withdrawn');
    }
    if (invited.email !== email) throw ssoError('SSO_EMAIL_MISMATCH', 'the identity provider signed in another email than the invited one');
    const linked = subject ? directory.bySubject(org.id, subject.issuer, subject.sub) : undefined;
    if (linked && linked !== invited) throw ssoError('SSO_IDENTITY_MISMATCH', 'this identity already belongs to another account of the organization');
    return { action: 'sign-in', account: invited, email, subject };
  }

  if (subject) {
    const linked = directory.bySubject(org.id, subject.issuer, subject.sub);
    if (linked) {
      const holder = directory.byEmail(email);
      if (holder && holder !== linked) throw ssoError('SSO_EMAIL_CONFLICT', 'the new email of this identity belongs to another account');
      return { action: 'sign-in', account: linked, email, subject };
    }
  }

  const existing = directory.byEmail(email);
  if (existing) {
    if (existing.orgId !== org.id) throw ssoError('SSO_USER_NOT_INVITED', 'this email belongs to another organization');
    const linkedSub = subject ? existing.oidcSubjects[subject.issuer] : undefined;
    if (subject && linkedSub !== undefined && linkedSub !== subject.sub) {
      throw ssoError('SSO_IDENTITY_MISMATCH', 'this account is linked to another identity at this identity provider');
    }
    return { action: 'sign-in', account: existing, email, subject };
  }

  if (sso.provisioning !== 'jit') throw ssoError('SSO_USER_NOT_INVITED', 'this email has not been invited to the organization');
  if (sso.domains.length > 0 && !sso.domains.includes(domainOf(email))) {
    throw ssoError('SSO_EMAIL_OUTSIDE_DOMAINS', "this email is not in one of the organization's domains");
  }
  if (!directory.hasAccounts(org.id)) return { action: 'create', role: 'owner', email, subject };
  if (request.startedBy === 'idp') return { action: 'ask-to-join' };
  return { action: 'create', role: 'member', email, subject };
}

/** The store writes a decision needs; all synchronous. */
export interface AccountWriter {
  createAccount(input: Pick<Account, 'orgId' | 'email' | 'role' | 'status' | 'passwordHash' | 'oidcSubjects'>): Account;
}

/**
 * Applies a sign-in or create decision and returns the account. Synchronous on purpose: called
 * right after `decideSsoAccount` with no await in between, so no other request can create an
 * account between the decision ("the org has no account yet: owner") and the write. That is what
 * makes two first sign-ins racing into one organization end with exactly one owner.
 */
export function applySsoDecision(
  decision: Exclude<SsoAccountDecision, { action: 'ask-to-join' }>,
  orgId: string,
  writer: AccountWriter,
): Account {
  const link = decision.subject ? { [decision.subject.issuer]: decision.subject.sub } : {};
  if (decision.action === 'create') {
    return writer.createAccount({ orgId, email: decision.email, role: decision.role, status: 'active', passwordHash: null, oidcSubjects: link });
  }
  const account = decision.account;
  account.email = decision.email;
  account.oidcSubjects = { ...account.oidcSubjects, ...link };
  if (account.status === 'invited') {
    account.status = 'active';
    account.invitationToken = null;
  }
  return account;
}

export function checkPasswordSignInAllowed(account: Account, org: Organization): void {
  if (org.sso?.enforcement === 'enforced' && account.role !== 'owner') {
    throw ssoError('SSO_REQUIRED', 'this organization requires single sign-on');
  }
}
