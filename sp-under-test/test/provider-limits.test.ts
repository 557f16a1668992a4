// Reading from the OpenID Provider is bounded (issue 8): a tiny OP on 127.0.0.1 misbehaves one
// document at a time — discovery, JWKS, token response — by hanging, answering 5xx, or sending far
// too much (declared, or chunked without a length). Every case is a coded refusal: 5xx and hangs
// are SSO_OIDC_PROVIDER_UNAVAILABLE (never SSO_OIDC_TOKEN_INVALID), too much is
// SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE, and the SP never waits past its timeout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { Browser, testIdAttr } from './helpers/http.ts';
import { startMisbehavingOp, type MisbehavingOp, type Misbehaviour } from './helpers/misbehaving-op.ts';
import { inviteTo, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';

const LIMITS = { providerTimeoutMs: 400, providerResponseBytes: 64 * 1024, discoveryTtlMs: 60_000 };
let clockOffset = 0;
let sp: ReferenceSp;
let op: MisbehavingOp;
before(async () => {
  sp = await createReferenceSp({ port: 0, limits: LIMITS, clock: () => new Date(Date.now() + clockOffset) });
  op = await startMisbehavingOp();
});
after(async () => {
  await op.close();
  await sp.close();
});

interface OpOrg extends SpOrg {
  portalKey: string;
  email: string;
}

async function opOrg(): Promise<OpOrg> {
  for (const doc of ['discovery', 'jwks', 'token'] as const) op.set(doc, 'ok');
  const org = await signupOrg(sp.url, 'opmis');
  const portalKey = `op-${org.orgId.slice(0, 8)}`;
  const res = await orgApi(sp.url, org, 'PUT', '/sso', { protocol: 'oidc', portalKey, oidcIssuer: op.issuer, oidcClientId: op.clientId, oidcClientSecret: op.clientSecret, acceptOktaSimplified: true });
  assert.equal(res.status, 200, await res.clone().text());
  const email = `member-${org.orgId.slice(0, 8)}@opmis.example`;
  await inviteTo(sp.url, org, email);
  return { ...org, portalKey, email };
}

/** Starts a code flow and delivers the OP's answer (a code and the state) to the SP's callback. */
async function codeFlow(org: OpOrg, browser = new Browser()): Promise<{ status: number; code: string | undefined; browser: Browser }> {
  const start = await browser.get(`${sp.url}/sso?key=${org.portalKey}`);
  assert.equal(start.status, 302);
  const authorize = new URL(start.headers.get('location')!);
  op.expect(authorize.searchParams.get('nonce')!, org.email);
  const res = await browser.get(`${sp.url}/sso/oidc/callback/${org.orgId}?code=c0de&state=${encodeURIComponent(authorize.searchParams.get('state')!)}`);
  return { status: res.status, code: testIdAttr(await res.text(), 'sso-error', 'data-error-code'), browser };
}

void describe('the token endpoint misbehaves', () => {
  void it('answering normally, the code flow signs in (the fake OP works)', async () => {
    const org = await opOrg();
    const { status, browser } = await codeFlow(org);
    assert.equal(status, 303);
    assert.equal((await whoAmI(sp.url, browser))?.email, org.email);
  });

  const cases: Array<[Misbehaviour, string]> = [
    ['500', 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['503', 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['hang', 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['slow-body', 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['huge', 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'],
    ['huge-chunked', 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'],
  ];
  for (const [mode, expected] of cases) {
    void it(`${mode} → 502 ${expected}, nobody signed in`, { timeout: 15_000 }, async () => {
      const org = await opOrg();
      op.set('token', mode);
      const calls = op.calls('token');
      const { status, code, browser } = await codeFlow(org);
      assert.equal(op.calls('token'), calls + 1, 'the SP did call the token endpoint');
      assert.deepEqual([status, code], [502, expected]);
      assert.equal(await whoAmI(sp.url, browser), null);
    });
  }
});

void describe('the discovery document misbehaves', () => {
  async function save(org: SpOrg): Promise<{ status: number; code: string; configured: boolean }> {
    const res = await orgApi(sp.url, org, 'PUT', '/sso', { protocol: 'oidc', portalKey: `d-${org.orgId.slice(0, 8)}`, oidcIssuer: op.issuer, oidcClientId: op.clientId, oidcClientSecret: op.clientSecret });
    const { error } = (await res.json()) as { error: { code: string } };
    const { configured } = (await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as { configured: boolean };
    return { status: res.status, code: error.code, configured };
  }
  const cases: Array<[Misbehaviour, number, string]> = [
    ['huge', 502, 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'],
    ['huge-chunked', 502, 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'],
    ['hang', 400, 'SSO_OIDC_DISCOVERY_FAILED'],
    ['500', 400, 'SSO_OIDC_DISCOVERY_FAILED'],
  ];
  for (const [mode, status, code] of cases) {
    void it(`at save, ${mode} → ${status} ${code} and nothing is stored`, { timeout: 15_000 }, async () => {
      const org = await signupOrg(sp.url, 'opdisc');
      op.set('discovery', mode);
      assert.deepEqual(await save(org), { status, code, configured: false });
      op.set('discovery', 'ok');
    });
  }

  void it('is fetched again after discoveryTtlMs; an OP that fails then is SSO_OIDC_PROVIDER_UNAVAILABLE, and recovers', async () => {
    const org = await opOrg();
    const calls = op.calls('discovery');
    assert.equal((await codeFlow(org)).status, 303);
    assert.equal(op.calls('discovery'), calls, 'the configuration from the save is reused');
    clockOffset += LIMITS.discoveryTtlMs + 1;
    op.set('discovery', '500');
    const res = await new Browser().get(`${sp.url}/sso?key=${org.portalKey}`);
    assert.equal(res.status, 502);
    assert.equal(testIdAttr(await res.text(), 'sso-error', 'data-error-code'), 'SSO_OIDC_PROVIDER_UNAVAILABLE');
    assert.equal(op.calls('discovery'), calls + 1);
    op.set('discovery', 'ok');
    assert.equal((await codeFlow(org)).status, 303, 'a failed discovery is not cached');
  });
});

void describe('the JWKS misbehaves (Okta Simplified)', () => {
  async function tilePost(org: OpOrg): Promise<{ status: number; code: string | undefined }> {
    const now = Math.floor(Date.now() / 1000) + Math.floor(clockOffset / 1000);
    const idToken = await op.idToken({ email: org.email, iat: now, exp: now + 300, jti: `j${Math.random()}` });
    const res = await new Browser().postForm(`${sp.url}/sso/oidc/callback/${org.orgId}`, { id_token: idToken });
    return { status: res.status, code: testIdAttr(await res.text(), 'sso-error', 'data-error-code') };
  }
  void it('answering normally, the id_token signs in (the fake OP works)', async () => {
    assert.equal((await tilePost(await opOrg())).status, 303);
  });
  const cases: Array<[Misbehaviour, string]> = [
    ['500', 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['hang', 'SSO_OIDC_PROVIDER_UNAVAILABLE'],
    ['huge', 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'],
    ['huge-chunked', 'SSO_OIDC_PROVIDER_RESPONSE_TOO_LARGE'],
  ];
  for (const [mode, expected] of cases) {
    void it(`${mode} → 502 ${expected}`, { timeout: 15_000 }, async () => {
      const org = await opOrg();
      op.set('jwks', mode);
      assert.deepEqual(await tilePost(org), { status: 502, code: expected });
    });
  }
});
