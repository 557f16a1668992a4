// Bounded memory and documented limits (issue 8): sessions expire (anonymous: short idle;
// signed-in: idle and absolute), every map of the store has a cap with a coded refusal, the replay
// cache keeps hashes only and only while the token could still pass, and request bodies, the
// SAMLResponse and headers have limits with a coded answer. All on the SP's injected clock.
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { DEFAULT_LIMITS, resolveLimits, type SpLimits } from '../src/limits.ts';
import { Store } from '../src/store.ts';
import { Browser, testIdAttr } from './helpers/http.ts';
import { spErrorCode } from './helpers/sp-error-code.ts';
import { inviteTo, orgApi, signupOrg, whoAmI } from './helpers/sp-org.ts';
import { b64, buildResponseXml, defaultFields, isoPlus, makeTestIdpKey, signResponseXml } from './helpers/test-idp.ts';
import { sendBytes, sendRaw } from '../../test-support/fuzz/index.ts';

const MINUTE = 60_000;

function fakeClock(start = Date.now()): { clock: () => Date; advance(ms: number): void } {
  let now = start;
  return { clock: () => new Date(now), advance: (ms) => void (now += ms) };
}

async function withSp(limits: Partial<SpLimits>, run: (sp: ReferenceSp, store: Store, advance: (ms: number) => void) => Promise<void>): Promise<void> {
  const { clock, advance } = fakeClock();
  const store = new Store(clock, resolveLimits(limits));
  const sp = await createReferenceSp({ port: 0, clock, limits, store });
  try {
    await run(sp, store, advance);
  } finally {
    await sp.close();
  }
}

void describe('limits: resolved once at start', () => {
  void it('defaults apply, overrides replace them, nonsense is refused', () => {
    assert.deepEqual(resolveLimits(), DEFAULT_LIMITS);
    assert.equal(resolveLimits({ maxSessions: 5 }).maxSessions, 5);
    for (const bad of [{ maxSessions: 0 }, { maxSessions: -1 }, { maxSessions: 1.5 }, { maxSessions: Number.NaN }, { nope: 1 } as Partial<SpLimits>, { headersTimeoutMs: 60_000, requestTimeoutMs: 1000 }]) {
      assert.throws(() => resolveLimits(bad), JSON.stringify(bad));
    }
  });
});

void describe('sessions expire (store)', () => {
  const limits = resolveLimits({ anonymousSessionIdleMs: 30 * MINUTE, signedInSessionIdleMs: 2 * 60 * MINUTE, signedInSessionMaxMs: 12 * 60 * MINUTE });

  void it('an anonymous session lives while used, and ends after its idle lifetime unused', () => {
    const { clock, advance } = fakeClock();
    const store = new Store(clock, limits);
    const s = store.createSession();
    advance(29 * MINUTE);
    assert.equal(store.findSession(s.id), s, 'used within the idle lifetime');
    advance(29 * MINUTE);
    assert.equal(store.findSession(s.id), s, 'each use restarts the idle lifetime');
    advance(30 * MINUTE);
    assert.equal(store.findSession(s.id), undefined);
    assert.equal(store.sessions.size, 0, 'and it is dropped, not kept');
  });

  void it('a signed-in session ends after its idle lifetime, and after its absolute lifetime however active', () => {
    const { clock, advance } = fakeClock();
    const store = new Store(clock, limits);
    const idle = store.createSession({ accountId: 'a1', authMethod: 'password' });
    advance(2 * 60 * MINUTE);
    assert.equal(store.findSession(idle.id), undefined);
    const busy = store.createSession({ accountId: 'a1', authMethod: 'saml' });
    for (let h = 1; h < 12; h++) {
      advance(60 * MINUTE);
      assert.equal(store.findSession(busy.id), busy, `hour ${h}`);
    }
    advance(60 * MINUTE);
    assert.equal(store.findSession(busy.id), undefined, 'twelve hours after the sign-in');
  });

  void it('a signed-in session never outlives the IdP session it came from (SAML SessionNotOnOrAfter)', () => {
    const { clock, advance } = fakeClock();
    const store = new Store(clock, limits);
    const session = store.createSession({ accountId: 'a1', authMethod: 'saml', idpSessionEndsAt: clock().getTime() + 5 * MINUTE });
    advance(4 * MINUTE);
    assert.equal(store.findSession(session.id), session);
    advance(MINUTE);
    assert.equal(store.findSession(session.id), undefined, 'ended with the IdP session, long before its own lifetimes');
  });

  void it('expired entries of every map are swept even if nobody asks for them again', () => {
    const { clock, advance } = fakeClock();
    const store = new Store(clock, limits);
    for (let i = 0; i < 50; i++) store.createSession();
    store.addPendingSaml({ requestId: '_r', orgId: 'o', sessionId: 's', relayState: 'x', expiresAt: clock().getTime() + 10 * MINUTE, invitationToken: null });
    store.rememberAssertion('idp', '_a', clock().getTime() + 5 * MINUTE);
    advance(31 * MINUTE);
    store.createSession();
    assert.deepEqual([store.sessions.size, store.pendingSaml.size, store.replayCache.size], [1, 0, 0]);
  });
});

void describe('every map is bounded (store)', () => {
  void it('sessions: a new anonymous one beyond the cap is TOO_MANY_SESSIONS; a sign-in evicts the least recently used anonymous one', () => {
    const { clock, advance } = fakeClock();
    const store = new Store(clock, resolveLimits({ maxSessions: 3 }));
    const first = store.createSession();
    advance(1000);
    const second = store.createSession();
    advance(1000);
    store.createSession();
    store.findSession(first.id); // first is now used more recently than second
    assert.equal(spErrorCode(() => store.createSession()), 'TOO_MANY_SESSIONS');
    const signedIn = store.createSession({ accountId: 'a1', authMethod: 'oidc' });
    assert.equal(store.findSession(signedIn.id), signedIn);
    assert.equal(store.findSession(second.id), undefined, 'the least recently used anonymous session made room');
    assert.ok(store.findSession(first.id));
    assert.equal(store.sessions.size, 3);
  });

  void it('sessions: when every session is signed in, a further sign-in is TOO_MANY_SESSIONS too', () => {
    const { clock } = fakeClock();
    const store = new Store(clock, resolveLimits({ maxSessions: 2 }));
    store.createSession({ accountId: 'a1', authMethod: 'saml' });
    store.createSession({ accountId: 'a2', authMethod: 'saml' });
    assert.equal(spErrorCode(() => store.createSession({ accountId: 'a3', authMethod: 'saml' })), 'TOO_MANY_SESSIONS');
  });

  void it('pending sign-ins (SAML + OIDC together): beyond the cap SSO_TOO_MANY_PENDING_SIGN_INS, room again once they expire', () => {
    const { clock, advance } = fakeClock();
    const store = new Store(clock, resolveLimits({ maxPendingSignIns: 2 }));
    const until = clock().getTime() + 10 * MINUTE;
    store.addPendingSaml({ requestId: '_r1', orgId: 'o', sessionId: 's', relayState: 'x', expiresAt: until, invitationToken: null });
    store.addPendingOidc({ state: 's1', nonce: 'n', codeVerifier: 'v', orgId: 'o', sessionId: 's', issuer: 'i', returnTo: '/home' as never, expiresAt: until, invitationToken: null, startedBy: 'sp' });
    assert.equal(spErrorCode(() => store.addPendingSaml({ requestId: '_r2', orgId: 'o', sessionId: 's', relayState: 'x', expiresAt: until, invitationToken: null })), 'SSO_TOO_MANY_PENDING_SIGN_INS');
    advance(10 * MINUTE);
    assert.equal(spErrorCode(() => store.addPendingSaml({ requestId: '_r3', orgId: 'o', sessionId: 's', relayState: 'x', expiresAt: clock().getTime() + MINUTE, invitationToken: null })), null);
  });

  void it('replay cache: only a fixed-size hash per entry; beyond the cap SSO_REPLAY_CACHE_FULL; expired entries make room', () => {
    const { clock, advance } = fakeClock();
    const store = new Store(clock, resolveLimits({ maxReplayCacheEntries: 2 }));
    const longId = `_${'a'.repeat(5000)}`;
    store.rememberAssertion('http://idp.example/exk1', longId, clock().getTime() + MINUTE);
    store.rememberAssertion('http://idp.example/exk1', '_b', clock().getTime() + 2 * MINUTE);
    for (const key of store.replayCache.keys()) assert.match(key, /^[A-Za-z0-9_-]{43}$/);
    assert.ok(store.hasSeenAssertion('http://idp.example/exk1', longId));
    assert.equal(store.hasSeenAssertion('http://idp.example/exk2', longId), false, 'per issuer');
    assert.equal(spErrorCode(() => store.rememberAssertion('i', '_c', clock().getTime() + MINUTE)), 'SSO_REPLAY_CACHE_FULL');
    advance(MINUTE);
    assert.equal(spErrorCode(() => store.rememberAssertion('i', '_c', clock().getTime() + MINUTE)), null);
    assert.equal(store.hasSeenAssertion('http://idp.example/exk1', longId), false, 'forgotten once it could not pass anyway');
  });

  void it('organizations and accounts: beyond the caps ORGANIZATION_LIMIT_REACHED / ACCOUNT_LIMIT_REACHED', () => {
    const store = new Store(() => new Date(), resolveLimits({ maxOrganizations: 1, maxAccounts: 1 }));
    const org = store.createOrg('one');
    assert.equal(spErrorCode(() => store.createOrg('two')), 'ORGANIZATION_LIMIT_REACHED');
    store.createAccount({ orgId: org.id, email: 'a@x.example', role: 'owner', status: 'active', passwordHash: null });
    assert.equal(spErrorCode(() => store.createAccount({ orgId: org.id, email: 'b@x.example', role: 'member', status: 'invited', passwordHash: null })), 'ACCOUNT_LIMIT_REACHED');
  });
});

void describe('limits over HTTP', () => {
  void it('an anonymous visit no longer holds memory after its idle lifetime; a signed-in browser is signed out after its idle lifetime', async () => {
    await withSp({}, async (sp, store, advance) => {
      const base = store.sessions.size;
      for (let i = 0; i < 20; i++) await new Browser().get(`${sp.url}/signin`);
      assert.equal(store.sessions.size, base + 20, 'each anonymous visit made a session');
      const org = await signupOrg(sp.url, 'idle');
      advance(DEFAULT_LIMITS.anonymousSessionIdleMs);
      assert.ok(await whoAmI(sp.url, org.owner), 'the signed-in owner is still signed in');
      assert.equal(store.sessions.size, 1, 'only the signed-in session is left');
      advance(DEFAULT_LIMITS.signedInSessionIdleMs);
      assert.equal(await whoAmI(sp.url, org.owner), null);
      assert.equal(store.sessions.size, 0);
    });
  });

  void it('too many sessions: a coded 503 page with Retry-After, never a crash', async () => {
    await withSp({ maxSessions: 3 }, async (sp) => {
      for (let i = 0; i < 3; i++) assert.equal((await fetch(`${sp.url}/signin`)).status, 200);
      const res = await fetch(`${sp.url}/signin`);
      assert.equal(res.status, 503);
      assert.equal(res.headers.get('retry-after'), '60');
      assert.equal(testIdAttr(await res.text(), 'app-error', 'data-error-code'), 'TOO_MANY_SESSIONS');
    });
  });

  void it('too many sign-ins in progress: /sso?key= is a coded 503 refusal until the pending ones expire', async () => {
    const key = makeTestIdpKey();
    await withSp({ maxPendingSignIns: 2, pendingSignInTtlMs: 5 * MINUTE }, async (sp, _store, advance) => {
      const org = await signupOrg(sp.url, 'pending');
      const portalKey = `pend-${org.orgId.slice(0, 8)}`;
      assert.equal((await orgApi(sp.url, org, 'PUT', '/sso', { portalKey, idpSsoUrl: 'http://127.0.0.1:9/sso', idpIssuer: 'i', idpCertificate: key.certificatePem })).status, 200);
      for (let i = 0; i < 2; i++) assert.equal((await new Browser().get(`${sp.url}/sso?key=${portalKey}`)).status, 302);
      const res = await new Browser().get(`${sp.url}/sso?key=${portalKey}`);
      assert.equal(res.status, 503);
      assert.equal(testIdAttr(await res.text(), 'sso-error', 'data-error-code'), 'SSO_TOO_MANY_PENDING_SIGN_INS');
      advance(5 * MINUTE);
      assert.equal((await new Browser().get(`${sp.url}/sso?key=${portalKey}`)).status, 302);
    });
  });

  void it('the replay cache keeps a hash of an accepted assertion only until it could no longer pass, even if it claims a year', async () => {
    const idp = makeTestIdpKey();
    await withSp({}, async (sp, store) => {
      const org = await signupOrg(sp.url, 'replay');
      const portalKey = `rep-${org.orgId.slice(0, 8)}`;
      const j = (await (await orgApi(sp.url, org, 'PUT', '/sso', { portalKey, idpSsoUrl: 'http://127.0.0.1:9/sso', idpIssuer: 'http://idp.example/exk', idpCertificate: idp.certificatePem })).json()) as { spAcsUrl: string; spEntityId: string };
      const email = `alice-${org.orgId.slice(0, 8)}@replay.example`;
      await inviteTo(sp.url, org, email);
      const browser = new Browser();
      const start = await browser.get(`${sp.url}/sso?key=${portalKey}`);
      const request = inflateRawSync(Buffer.from(new URL(start.headers.get('location')!).searchParams.get('SAMLRequest')!, 'base64')).toString();
      const now = new Date();
      const fields = defaultFields({ now, idpIssuer: 'http://idp.example/exk', acsUrl: j.spAcsUrl, audience: j.spEntityId, email, inResponseTo: /ID="([^"]+)"/.exec(request)![1]! });
      const year = isoPlus(now, 365 * 86_400_000);
      const xml = signResponseXml(buildResponseXml({ ...fields, notOnOrAfter: year, scdNotOnOrAfter: year }), idp);
      const before = store.replayCache.size;
      assert.equal((await browser.postForm(j.spAcsUrl, { SAMLResponse: b64(xml) })).status, 303);
      assert.equal(store.replayCache.size, before + 1);
      const [key, until] = [...store.replayCache].at(-1)!;
      assert.ok(!key.includes(fields.assertionId) && key.length === 43, 'a hash, not the id');
      assert.ok(until <= now.getTime() + 10 * MINUTE + 60_000, `kept until ${new Date(until).toISOString()}`);
    });
  });

  void it('organizations beyond the cap: sign-up shows ORGANIZATION_LIMIT_REACHED (503) and creates nothing', async () => {
    await withSp({ maxOrganizations: 1 }, async (sp, store) => {
      await signupOrg(sp.url, 'cap');
      const b = new Browser();
      const csrf = await b.csrf(`${sp.url}/signup`);
      const res = await b.postForm(`${sp.url}/signup`, { _csrf: csrf, organization: 'Second', email: 'second@cap.example', password: 'long enough' });
      assert.equal(res.status, 503);
      assert.equal(testIdAttr(await res.text(), 'signup-error', 'data-error-code'), 'ORGANIZATION_LIMIT_REACHED');
      assert.deepEqual([store.orgs.size, store.accounts.size], [1, 1]);
    });
  });

  void it('request bodies: forms and the API are PAYLOAD_TOO_LARGE (413); the ACS and the SAMLResponse are SSO_RESPONSE_TOO_LARGE (413)', async () => {
    await withSp({ formBodyBytes: 1024, apiBodyBytes: 4096, acsBodyBytes: 4096, samlResponseBytes: 1024 }, async (sp) => {
      const org = await signupOrg(sp.url, 'bodies');
      const saml = { portalKey: `body-${org.orgId.slice(0, 8)}`, idpSsoUrl: 'http://127.0.0.1:9/sso', idpIssuer: 'i', idpCertificate: makeTestIdpKey().certificateBody };
      assert.equal((await orgApi(sp.url, org, 'PUT', '/sso', saml)).status, 200);
      const big = 'x'.repeat(8192);
      const form = await new Browser().postForm(`${sp.url}/signin`, { email: big });
      assert.equal(form.status, 413);
      assert.equal(testIdAttr(await form.text(), 'app-error', 'data-error-code'), 'PAYLOAD_TOO_LARGE');
      const api = await orgApi(sp.url, org, 'POST', '/invitations', { email: big });
      assert.equal(api.status, 413);
      assert.equal(((await api.json()) as { error: { code: string } }).error.code, 'PAYLOAD_TOO_LARGE');
      for (const body of [{ SAMLResponse: 'A'.repeat(8192) }, { SAMLResponse: Buffer.from('<x/>'.repeat(400)).toString('base64') }]) {
        const res = await new Browser().postForm(`${sp.url}/sso/saml/acs/${org.orgId}`, body);
        assert.equal(res.status, 413);
        assert.equal(testIdAttr(await res.text(), 'sso-error', 'data-error-code'), 'SSO_RESPONSE_TOO_LARGE');
      }
    });
  });

  void it('what Node refuses before the app sees it is coded too: headers over maxHeaderBytes (431), an unreadable request (400), no Host (400), an unknown Expect (417)', async () => {
    const codeOf = (body: string): string | undefined => (/"code":"([A-Z_]+)"/.exec(body) ?? /data-error-code="([A-Z_]+)"/.exec(body))?.[1];
    await withSp({ maxHeaderBytes: 4096 }, async (sp) => {
      const big = await sendRaw(sp.url, { method: 'GET', path: '/signin', headers: { cookie: `x=${'y'.repeat(8192)}` } });
      assert.deepEqual([big.status, codeOf(big.body)], [431, 'HEADERS_TOO_LARGE']);
      const cases: Array<[string, number, string]> = [
        ['FOO /signin HTTP/1.1\r\nHost: x\r\n\r\n', 400, 'BAD_REQUEST'],
        ['GET /signin HTTP/1.1\r\nHost: x\r\nNo colon here\r\n\r\n', 400, 'BAD_REQUEST'],
        ['POST /signin HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 400, 'BAD_REQUEST'],
        ['GET /signin HTTP/1.1\r\n\r\n', 400, 'BAD_REQUEST'],
        ['GET /signin HTTP/1.1\r\nHost: x\r\nExpect: nonsense\r\n\r\n', 417, 'EXPECTATION_FAILED'],
      ];
      for (const [bytes, status, code] of cases) {
        const answer = await sendBytes(sp.url, bytes);
        assert.deepEqual([answer.status, codeOf(answer.body)], [status, code], JSON.stringify(bytes));
      }
      assert.equal((await sendRaw(sp.url, { method: 'GET', path: '/signin' })).status, 200, 'and it keeps serving');
    });
  });
});
