// Account resolution and password sign-in policy (invite-only / jit / enforced).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpError } from '../src/errors.ts';
import type { Account, Organization } from '../src/model.ts';
import { checkPasswordSignInAllowed, resolveSsoAccount } from '../src/policy/account-policy.ts';

const account = (o: Partial<Account>): Account => ({ id: 'a1', orgId: 'org-1', email: 'x@corp.example', role: 'member', status: 'active', passwordHash: null, ...o });
const org = (enforcement: 'mixed' | 'enforced' | null): Organization => ({
  id: 'org-1',
  name: 'Acme',
  apiToken: 't',
  sso: enforcement === null ? null : { portalKey: 'acme', provisioning: 'invite-only', enforcement, connection: { protocol: 'saml', idpSsoUrl: 'http://i', idpIssuer: 'i', idpCertificatePem: '', allowIdpInitiated: false } },
});
function outcome(fn: () => unknown): unknown {
  try {
    return fn();
  } catch (err) {
    if (err instanceof SpError) return err.code;
    throw err;
  }
}

void describe('resolveSsoAccount', () => {
  const cases: Array<[string, 'invite-only' | 'jit', Account | undefined, unknown]> = [
    ['an active member of this org signs in (invite-only)', 'invite-only', account({}), 'sign-in'],
    ['an invited email of this org signs in (invite-only)', 'invite-only', account({ status: 'invited' }), 'sign-in'],
    ['the owner signs in', 'invite-only', account({ role: 'owner' }), 'sign-in'],
    ['an unknown email is refused with invite-only', 'invite-only', undefined, 'SSO_USER_NOT_INVITED'],
    ['an unknown email becomes a member with jit', 'jit', undefined, 'create-member'],
    ['an email of another org is refused with invite-only', 'invite-only', account({ orgId: 'org-2' }), 'SSO_USER_NOT_INVITED'],
    ['an email of another org is refused even with jit', 'jit', account({ orgId: 'org-2' }), 'SSO_USER_NOT_INVITED'],
  ];
  for (const [name, provisioning, existing, expected] of cases) {
    void it(name, () => {
      const r = outcome(() => resolveSsoAccount('org-1', provisioning, existing));
      assert.equal(typeof r === 'object' && r !== null ? (r as { action: string }).action : r, expected);
    });
  }
});

void describe('checkPasswordSignInAllowed', () => {
  const cases: Array<[string, Account, Organization, unknown]> = [
    ['a member may use a password in mixed mode', account({}), org('mixed'), undefined],
    ['a member may use a password without SSO', account({}), org(null), undefined],
    ['a member is sent to SSO when enforced', account({}), org('enforced'), 'SSO_REQUIRED'],
    ['an admin is sent to SSO when enforced', account({ role: 'admin' }), org('enforced'), 'SSO_REQUIRED'],
    ['the owner keeps password sign-in when enforced (break-glass)', account({ role: 'owner' }), org('enforced'), undefined],
  ];
  for (const [name, a, o, expected] of cases) void it(name, () => assert.equal(outcome(() => checkPasswordSignInAllowed(a, o)), expected));
});
