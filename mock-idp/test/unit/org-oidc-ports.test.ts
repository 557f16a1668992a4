/** The org's OIDC ports: what oidc-provider may see of the org, and what it may not. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { resolveLimits } from '../../src/limits/limits.ts';
import { clientRecordOf, oidcPortsOf } from '../../src/org-oidc.ts';
import type { Org } from '../../src/org.ts';
import { MessageLog } from '../../src/inspector/message-log.ts';
import { FaultStore } from '../../src/faults/store.ts';
import { SessionStore } from '../../src/signin/session-store.ts';
import { OrgStore } from '../../src/tenant/org-store.ts';
import { checkTenant, applyTenant } from '../../src/tenant/tenant-document.ts';
import { TrustedOrigins } from '../../src/tenant/trusted-origins.ts';
import { inMemorySecrets } from '../../src/org.ts';

const NOW = new Date('2030-01-02T03:04:05Z');

async function org(): Promise<Org> {
  const store = new OrgStore('dev-1', () => NOW);
  const password = { value: 'pw' };
  await applyTenant(
    store,
    checkTenant({
      users: [
        { profile: { email: 'a@example.com', firstName: 'A', lastName: 'A' }, credentials: { password } },
        { profile: { email: 's@example.com', firstName: 'S', lastName: 'S' }, credentials: { password }, status: 'SUSPENDED' },
      ],
      groups: [{ profile: { name: 'G' }, members: ['a@example.com'] }],
      apps: [
        {
          label: 'RP',
          signOnMode: 'OPENID_CONNECT',
          settings: {
            oauthClient: {
              redirect_uris: ['https://rp.test/cb'],
              grant_types: ['authorization_code', 'implicit'],
              response_types: ['code', 'id_token'],
              initiate_login_uri: 'http://rp.test/login',
              idp_initiated_login: { mode: 'SPEC', default_scope: [] },
            },
          },
          assignments: { users: ['s@example.com'], groups: ['G'] },
        },
        { label: 'SP', signOnMode: 'SAML_2_0', settings: { signOn: { ssoAcsUrl: 'https://sp.test/acs', audience: 'urn:sp' } }, assignments: { users: ['a@example.com'] } },
      ],
    }),
  );
  const inspector = new MessageLog(() => NOW, { maxMessages: 10, maxChars: 1 << 20, lifetimeSeconds: 60 });
  return { info: { id: '00oorg', name: 'dev-1', baseUrl: 'http://127.0.0.1:1', apiToken: 'x' }, store, trustedOrigins: new TrustedOrigins(() => NOW), secrets: inMemorySecrets(), customScopes: [], sessions: new SessionStore(() => NOW), faults: new FaultStore(() => NOW, undefined, inspector), inspector, limits: resolveLimits(), clock: () => NOW, log: () => {} };
}

void describe('the org’s OIDC ports', () => {
  void test('isAssigned: group members yes; unknown clients, SAML apps and inactive users no', async () => {
    const o = await org();
    const ports = oidcPortsOf(o);
    const rp = o.store.listApps().find((app) => app.signOnMode === 'OPENID_CONNECT')!;
    const sp = o.store.listApps().find((app) => app.signOnMode === 'SAML_2_0')!;
    const alice = o.store.findUserByLogin('a@example.com')!;
    const suspended = o.store.findUserByLogin('s@example.com')!;
    assert.equal(ports.isAssigned(alice.id, rp.id), true);
    assert.equal(ports.isAssigned(alice.id, '0oa00000000000000000'), false);
    assert.equal(ports.isAssigned(alice.id, sp.id), false, 'a SAML app is not an OIDC client');
    assert.equal(ports.isAssigned(suspended.id, rp.id), false);
    assert.equal(ports.findUser(suspended.id), undefined);
    assert.deepEqual(ports.findUser(alice.id)?.groups, ['G']);
    assert.equal(ports.findClient(sp.id), undefined);
    o.store.setAppStatus(rp, 'INACTIVE');
    assert.equal(ports.findClient(rp.id), undefined);
    assert.equal(ports.isAssigned(alice.id, rp.id), false);
    assert.equal(ports.now(), Math.floor(NOW.getTime() / 1000));
  });

  void test('the client record keeps initiate_login_uri out and turns Okta’s response types into combinations', async () => {
    const o = await org();
    const rp = o.store.listApps().find((app) => app.signOnMode === 'OPENID_CONNECT')!;
    assert.equal(rp.signOnMode, 'OPENID_CONNECT');
    const record = clientRecordOf(rp);
    assert.equal('initiate_login_uri' in record, false);
    assert.deepEqual(record.response_types, ['code', 'id_token', 'code id_token']);
    assert.equal(record.client_id, rp.id);
  });

  void test('currentUserId reads the org’s own session cookie and nothing else', async () => {
    const o = await org();
    const ports = oidcPortsOf(o);
    const alice = o.store.findUserByLogin('a@example.com')!;
    const { id } = o.sessions.create(alice.id);
    const request = (cookie: string) => ({ headers: { cookie } }) as never;
    assert.equal(ports.currentUserId(request(`other=1; sid_00oorg=${id}`)), alice.id);
    assert.equal(ports.currentUserId(request(`sid_00oother=${id}`)), undefined);
    assert.equal(ports.currentUserId(request('')), undefined);
  });
});
