// The account policy (src/policy/account-policy.ts), run against a real Store the way the routes
// run it: decide, then apply. Every refusal is also checked to leave the store exactly as it was.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SpError } from '../src/errors.ts';
import type { Account, Organization, Provisioning, SsoIdentity, SsoStart } from '../src/model.ts';
import { applySsoDecision, checkPasswordSignInAllowed, decideSsoAccount } from '../src/policy/account-policy.ts';
import { accountDirectory } from '../src/routes/sso-sign-in.ts';
import { Store } from '../src/store.ts';

const ISSUER = 'https://op.example';

interface World {
  store: Store;
  acme: Organization;
  other: Organization;
}

function world(provisioning: Provisioning = 'invite-only', domains: string[] = []): World {
  const store = new Store(() => new Date(Date.UTC(2030, 0, 1)));
  const sso = (portalKey: string) => ({
    portalKey,
    provisioning,
    enforcement: 'mixed' as const,
    domains,
    connection: { protocol: 'oidc' as const, issuer: ISSUER, clientId: 'c', clientSecret: 's', acceptOktaSimplified: false },
  });
  const acme = store.createOrg('Acme');
  acme.sso = sso('acme');
  const other = store.createOrg('Other');
  other.sso = sso('other');
  return { store, acme, other };
}

function member(w: World, email: string, extra: Partial<Account> = {}, org: Organization = w.acme): Account {
  return w.store.createAccount({ orgId: org.id, email, role: 'member', status: 'active', passwordHash: null, ...extra });
}

/** Everything a sign-in could change: accounts (with links, statuses, tokens), sessions, orgs. */
function snapshot(store: Store): string {
  return JSON.stringify({
    accounts: [...store.accounts.values()].sort((a, b) => a.id.localeCompare(b.id)),
    sessions: [...store.sessions.keys()].sort(),
    orgs: [...store.orgs.values()].map((o) => o.id).sort(),
  });
}

type Outcome = { signedIn: Account } | { code: string } | 'ask-to-join';

/** One SSO sign-in into Acme, as completeSsoSignIn does it (without HTTP). */
function signIn(
  w: World,
  email: string,
  options: { sub?: string; issuer?: string; startedBy?: SsoStart; invitationToken?: string | null } = {},
): Outcome {
  const identity: SsoIdentity = { email, subject: options.sub ? { issuer: options.issuer ?? ISSUER, sub: options.sub } : null };
  const before = snapshot(w.store);
  try {
    const decision = decideSsoAccount(
      { org: w.acme, sso: w.acme.sso!, identity, startedBy: options.startedBy ?? 'sp', invitationToken: options.invitationToken ?? null },
      accountDirectory(w.store),
    );
    if (decision.action === 'ask-to-join') {
      assert.equal(snapshot(w.store), before, 'asking to join changed the store');
      return 'ask-to-join';
    }
    return { signedIn: applySsoDecision(decision, w.acme.id, w.store) };
  } catch (err) {
    if (!(err instanceof SpError)) throw err;
    assert.equal(snapshot(w.store), before, `the refusal ${err.code} changed the store`);
    return { code: err.code };
  }
}

const codeOf = (o: Outcome): string => (typeof o === 'object' && 'code' in o ? o.code : 'not refused');
const accountOf = (o: Outcome): Account => {
  assert.ok(typeof o === 'object' && 'signedIn' in o, `expected a sign-in, got ${JSON.stringify(o)}`);
  return o.signedIn;
};

void describe('account policy: invite-only', () => {
  void it('an active member signs in as themselves', () => {
    const w = world();
    const alice = member(w, 'alice@corp.example');
    assert.equal(accountOf(signIn(w, 'alice@corp.example')), alice);
  });

  void it('an invited person signs in directly (no link) and the invitation becomes accepted', () => {
    const w = world();
    const carol = member(w, 'carol@corp.example', { status: 'invited', invitationToken: 'tok' });
    accountOf(signIn(w, 'carol@corp.example'));
    assert.equal(carol.status, 'active');
    assert.equal(carol.invitationToken, null, 'the invitation link must stop working once accepted');
  });

  void it('an email never invited is SSO_USER_NOT_INVITED', () => {
    assert.equal(codeOf(signIn(world(), 'dave@corp.example')), 'SSO_USER_NOT_INVITED');
  });

  void it('an email of another organization is refused, even with JIT', () => {
    for (const provisioning of ['invite-only', 'jit'] as const) {
      const w = world(provisioning);
      member(w, 'eve@corp.example', {}, w.other);
      assert.equal(codeOf(signIn(w, 'eve@corp.example')), 'SSO_USER_NOT_INVITED', provisioning);
    }
  });

  void it('the email is compared case-insensitively as a whole, over SAML and OIDC', () => {
    const w = world();
    const alice = member(w, 'alice@example.com');
    assert.equal(accountOf(signIn(w, 'Alice@Example.com')), alice);
    assert.equal(accountOf(signIn(w, 'ALICE@EXAMPLE.COM', { sub: '00u1' })), alice);
    assert.equal(alice.email, 'alice@example.com', 'the stored email keeps its lower case');
    assert.equal(codeOf(signIn(w, 'alice@example.co')), 'SSO_USER_NOT_INVITED', 'a prefix is not the same email');
  });
});

void describe('account policy: JIT, the first account is the owner', () => {
  void it('the first person into an organization with no account becomes its owner, the next a member', () => {
    const w = world('jit');
    assert.equal(accountOf(signIn(w, 'first@corp.example')).role, 'owner');
    assert.equal(accountOf(signIn(w, 'second@corp.example')).role, 'member');
    assert.deepEqual(w.store.accountsOf(w.acme.id).map((a) => [a.email, a.role, a.status]), [
      ['first@corp.example', 'owner', 'active'],
      ['second@corp.example', 'member', 'active'],
    ]);
  });

  void it('the first person from the Okta dashboard also becomes the owner (Inigo): there is no one to join', () => {
    const w = world('jit');
    assert.equal(accountOf(signIn(w, 'first@corp.example', { startedBy: 'idp', sub: '00u1' })).role, 'owner');
  });

  void it('a newcomer from the Okta dashboard is asked to join first (ngrok); from the SP, created directly', () => {
    const w = world('jit');
    member(w, 'owner@corp.example', { role: 'owner' });
    assert.equal(signIn(w, 'new@corp.example', { startedBy: 'idp' }), 'ask-to-join');
    assert.equal(accountOf(signIn(w, 'new@corp.example', { startedBy: 'sp' })).role, 'member');
  });

  void it('someone who already has an account is never asked to join', () => {
    const w = world('jit');
    const alice = member(w, 'alice@corp.example');
    assert.equal(accountOf(signIn(w, 'alice@corp.example', { startedBy: 'idp' })), alice);
  });

  void it('invite-only never creates an account, not even the first', () => {
    assert.equal(codeOf(signIn(world('invite-only'), 'first@corp.example')), 'SSO_USER_NOT_INVITED');
  });
});

void describe('account policy: claimed domains', () => {
  void it('JIT creates accounts only for emails of the claimed domains (case-insensitive)', () => {
    const w = world('jit', ['corp.example']);
    assert.equal(codeOf(signIn(w, 'mallory@elsewhere.example')), 'SSO_EMAIL_OUTSIDE_DOMAINS');
    assert.equal(codeOf(signIn(w, 'mallory@sub.corp.example')), 'SSO_EMAIL_OUTSIDE_DOMAINS', 'a subdomain is another domain');
    assert.equal(accountOf(signIn(w, 'Ann@CORP.example')).email, 'ann@corp.example');
  });

  void it('an invited or existing account outside the domains still signs in (the domains limit JIT only)', () => {
    const w = world('jit', ['corp.example']);
    const guest = member(w, 'guest@partner.example');
    assert.equal(accountOf(signIn(w, 'guest@partner.example')), guest);
  });
});

void describe('account policy: the invitation link', () => {
  void it('signs in the invited account when the asserted email is the invited one', () => {
    const w = world();
    const carol = member(w, 'carol@corp.example', { status: 'invited', invitationToken: 'tok' });
    assert.equal(accountOf(signIn(w, 'Carol@Corp.example', { invitationToken: 'tok' })), carol);
    assert.equal(carol.status, 'active');
    assert.equal(carol.invitationToken, null);
  });

  void it('another email is SSO_EMAIL_MISMATCH and changes neither account, even with JIT', () => {
    for (const provisioning of ['invite-only', 'jit'] as const) {
      const w = world(provisioning);
      member(w, 'owner@corp.example', { role: 'owner' });
      const carol = member(w, 'carol@corp.example', { status: 'invited', invitationToken: 'tok' });
      const dave = member(w, 'dave@corp.example');
      assert.equal(codeOf(signIn(w, 'dave@corp.example', { invitationToken: 'tok', sub: '00udave' })), 'SSO_EMAIL_MISMATCH', provisioning);
      assert.equal(codeOf(signIn(w, 'nobody@corp.example', { invitationToken: 'tok' })), 'SSO_EMAIL_MISMATCH', provisioning);
      assert.equal(carol.status, 'invited');
      assert.deepEqual(dave.oidcSubjects, {});
    }
  });

  void it('an accepted invitation, or one of another organization, is SSO_INVITATION_INVALID', () => {
    const w = world();
    member(w, 'carol@corp.example', { status: 'invited', invitationToken: 'tok' });
    member(w, 'olga@corp.example', { status: 'invited', invitationToken: 'other-tok' }, w.other);
    assert.equal(codeOf(signIn(w, 'olga@corp.example', { invitationToken: 'other-tok' })), 'SSO_INVITATION_INVALID');
    assert.equal(codeOf(signIn(w, 'carol@corp.example', { invitationToken: 'unknown' })), 'SSO_INVITATION_INVALID');
    accountOf(signIn(w, 'carol@corp.example', { invitationToken: 'tok' }));
    assert.equal(codeOf(signIn(w, 'carol@corp.example', { invitationToken: 'tok' })), 'SSO_INVITATION_INVALID');
  });
});

void describe('account policy: OIDC subject links', () => {
  void it('the first OIDC sign-in links the account to (issuer, sub)', () => {
    const w = world();
    const alice = member(w, 'alice@corp.example');
    accountOf(signIn(w, 'alice@corp.example', { sub: '00ualice' }));
    assert.deepEqual(alice.oidcSubjects, { [ISSUER]: '00ualice' });
  });

  void it('after the email changed in Okta the account is found by sub and its email follows', () => {
    const w = world();
    const alice = member(w, 'alice@corp.example', { oidcSubjects: { [ISSUER]: '00ualice' } });
    assert.equal(accountOf(signIn(w, 'alice.smith@corp.example', { sub: '00ualice' })), alice);
    assert.equal(alice.email, 'alice.smith@corp.example');
    assert.equal(w.store.findAccountByEmail('alice@corp.example'), undefined);
  });

  void it('a new email that belongs to another account is SSO_EMAIL_CONFLICT, and nothing changes', () => {
    const w = world();
    member(w, 'alice@corp.example', { oidcSubjects: { [ISSUER]: '00ualice' } });
    member(w, 'bob@corp.example');
    assert.equal(codeOf(signIn(w, 'bob@corp.example', { sub: '00ualice' })), 'SSO_EMAIL_CONFLICT');
  });

  void it('an account linked to another sub is never signed into by email (nOAuth): SSO_IDENTITY_MISMATCH', () => {
    const w = world('jit');
    member(w, 'alice@corp.example', { oidcSubjects: { [ISSUER]: '00ualice' } });
    assert.equal(codeOf(signIn(w, 'alice@corp.example', { sub: '00uimpostor' })), 'SSO_IDENTITY_MISMATCH');
  });

  void it('an identity linked to one account cannot accept the invitation of another', () => {
    const w = world();
    member(w, 'alice@corp.example', { oidcSubjects: { [ISSUER]: '00ualice' } });
    member(w, 'alias@corp.example', { status: 'invited', invitationToken: 'tok' });
    assert.equal(codeOf(signIn(w, 'alias@corp.example', { sub: '00ualice', invitationToken: 'tok' })), 'SSO_IDENTITY_MISMATCH');
  });

  void it('links are per issuer: an organization that moves to another Okta links the account there by email', () => {
    const w = world();
    const alice = member(w, 'alice@corp.example', { oidcSubjects: { 'https://old-okta.example': '00uold' } });
    assert.equal(accountOf(signIn(w, 'alice@corp.example', { sub: '00unew' })), alice);
    assert.deepEqual(alice.oidcSubjects, { 'https://old-okta.example': '00uold', [ISSUER]: '00unew' });
  });

  void it('SAML has no subject: after an email change the new email is a new identity (refused when invite-only)', () => {
    const w = world();
    member(w, 'alice@corp.example');
    assert.equal(codeOf(signIn(w, 'alice.smith@corp.example')), 'SSO_USER_NOT_INVITED');
  });
});

void describe('checkPasswordSignInAllowed', () => {
  const account = (o: Partial<Account>): Account => ({
    id: 'a1',
    orgId: 'org-1',
    email: 'x@corp.example',
    role: 'member',
    status: 'active',
    passwordHash: null,
    oidcSubjects: {},
    invitationToken: null,
    ...o,
  });
  const org = (enforcement: 'mixed' | 'enforced' | null): Organization => ({
    id: 'org-1',
    name: 'Acme',
    apiToken: 't',
    sso:
      enforcement === null
        ? null
        : { portalKey: 'acme', provisioning: 'invite-only', enforcement, domains: [], connection: { protocol: 'saml', idpSsoUrl: 'http://i', idpIssuer: 'i', idpCertificatePem: '', allowIdpInitiated: false } },
  });
  const outcome = (fn: () => unknown): unknown => {
    try {
      return fn();
    } catch (err) {
      if (err instanceof SpError) return err.code;
      throw err;
    }
  };
  const cases: Array<[string, Account, Organization, unknown]> = [
    ['a member may use a password in mixed mode', account({}), org('mixed'), undefined],
    ['a member may use a password without SSO', account({}), org(null), undefined],
    ['a member is sent to SSO when enforced', account({}), org('enforced'), 'SSO_REQUIRED'],
    ['an admin is sent to SSO when enforced', account({ role: 'admin' }), org('enforced'), 'SSO_REQUIRED'],
    ['the owner keeps password sign-in when enforced (break-glass)', account({ role: 'owner' }), org('enforced'), undefined],
  ];
  for (const [name, a, o, expected] of cases) void it(name, () => assert.equal(outcome(() => checkPasswordSignInAllowed(a, o)), expected));
});
