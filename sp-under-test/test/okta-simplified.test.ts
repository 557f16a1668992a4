// "Okta Simplified": the Okta dashboard tile POSTs an id_token to the redirect URI. Accepted only
// when the org turned it on, and only after a full check with jose. The mock IdP's mintIdToken is
// the genuine token; forged ones are signed for the test's "forge" OP, whose key the SP trusts, so
// each case breaks exactly one rule (NEGATIVE-CASES.md, OIDC/RP rows).
import assert from 'node:assert/strict';
import { createPublicKey, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { SignJWT, type JWTPayload } from 'jose';
import type { ReferenceSp } from '../index.ts';
import { Browser, testIdAttr } from './helpers/http.ts';
import { inviteTo, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';
import { makeTestIdpKey } from './helpers/test-idp.ts';
import { startSpWithOp, stopSpWithOp } from './helpers/sp-with-op.ts';
import { makeTestKey, type TestOp } from './helpers/test-op.ts';

let sp: ReferenceSp;
let op: TestOp;
before(async () => ({ sp, op } = await startSpWithOp()));
after(() => stopSpWithOp({ sp, op }));

interface SimplifiedOrg extends SpOrg {
  redirectUri: string;
  clientId: string;
  clientSecret: string;
}

async function simplifiedOrg(o: { issuer: string; accept: boolean; provisioning?: string }): Promise<SimplifiedOrg> {
  const org = await signupOrg(sp.url, 'simplified');
  const redirectUri = `${sp.url}/sso/oidc/callback/${org.orgId}`;
  const client = op.addClient(redirectUri);
  const res = await orgApi(sp.url, org, 'PUT', '/sso', {
    protocol: 'oidc',
    portalKey: `simple-${org.orgId.slice(0, 8)}`,
    oidcIssuer: o.issuer,
    oidcClientId: client.client_id,
    oidcClientSecret: client.client_secret,
    acceptOktaSimplified: o.accept,
    provisioning: o.provisioning ?? 'invite-only',
  });
  assert.equal(res.status, 200, await res.clone().text());
  return { ...org, redirectUri, clientId: client.client_id, clientSecret: client.client_secret };
}

/** What the tile does: a form POST of id_token (and Okta's own state) to the redirect URI. */
async function tilePost(browser: Browser, org: { redirectUri: string }, idToken: string): Promise<{ status: number; code: string | undefined; location: string | null }> {
  const res = await browser.postForm(org.redirectUri, { id_token: idToken, state: 'okta-dashboard-state' });
  return { status: res.status, code: testIdAttr(await res.text(), 'sso-error', 'data-error-code'), location: res.headers.get('location') };
}

void describe('Okta Simplified with the mock IdP', () => {
  void it('an id_token from the Okta dashboard signs an invited user in (method oidc); posting it again is a replay', async () => {
    const org = await simplifiedOrg({ issuer: op.oidc.issuer('org'), accept: true });
    const email = `dash-${org.orgId.slice(0, 8)}@simplified.example`;
    await inviteTo(sp.url, org, email);
    const idToken = await op.oidc.mintIdToken('org', { clientId: org.clientId, userId: op.addUser(email) });
    const browser = new Browser();
    assert.deepEqual(await tilePost(browser, org, idToken), { status: 303, code: undefined, location: '/home' });
    assert.deepEqual(await whoAmI(sp.url, browser), { email, method: 'oidc', role: 'member' });
    const again = await tilePost(new Browser(), org, idToken);
    assert.equal(again.code, 'SSO_OIDC_TOKEN_REPLAYED');
  });

  void it('is refused with SSO_UNSOLICITED_RESPONSE when the org did not turn it on', async () => {
    const org = await simplifiedOrg({ issuer: op.oidc.issuer('org'), accept: false, provisioning: 'jit' });
    const idToken = await op.oidc.mintIdToken('org', { clientId: org.clientId, userId: op.addUser(`off-${org.orgId.slice(0, 8)}@simplified.example`) });
    const browser = new Browser();
    const out = await tilePost(browser, org, idToken);
    assert.equal(out.status, 401);
    assert.equal(out.code, 'SSO_UNSOLICITED_RESPONSE');
    assert.equal(await whoAmI(sp.url, browser), null);
  });

  void it('an Okta user the SP never invited is refused with SSO_USER_NOT_INVITED', async () => {
    const org = await simplifiedOrg({ issuer: op.oidc.issuer('default'), accept: true });
    const idToken = await op.oidc.mintIdToken('default', { clientId: org.clientId, userId: op.addUser(`nobody-${org.orgId.slice(0, 8)}@simplified.example`) });
    assert.equal((await tilePost(new Browser(), org, idToken)).code, 'SSO_USER_NOT_INVITED');
  });

  void it('an id_token issued to another client of the same Okta org is refused', async () => {
    const org = await simplifiedOrg({ issuer: op.oidc.issuer('org'), accept: true, provisioning: 'jit' });
    const idToken = await op.oidc.mintIdToken('org', { clientId: '0oaanotherapp0000001', userId: op.addUser(`other-${org.orgId.slice(0, 8)}@simplified.example`) });
    assert.equal((await tilePost(new Browser(), org, idToken)).code, 'SSO_OIDC_AUDIENCE_MISMATCH');
  });

  void it('a POST to the callback of an org that uses SAML is never accepted', async () => {
    const org = await signupOrg(sp.url, 'simplifiedsaml');
    const res = await orgApi(sp.url, org, 'PUT', '/sso', {
      portalKey: `saml-${org.orgId.slice(0, 8)}`,
      idpSsoUrl: 'http://127.0.0.1:9/app/sso/saml',
      idpIssuer: 'http://www.okta.com/exk1',
      idpCertificate: makeTestIdpKey().certificatePem,
      allowIdpInitiated: true,
    });
    assert.equal(res.status, 200);
    const idToken = await op.oidc.mintIdToken('org', { clientId: 'whatever', userId: op.addUser(`saml-${org.orgId.slice(0, 8)}@simplified.example`) });
    assert.equal((await tilePost(new Browser(), { redirectUri: `${sp.url}/sso/oidc/callback/${org.orgId}` }, idToken)).code, 'SSO_NOT_CONFIGURED');
  });
});

void describe('Okta Simplified: forged and broken id_tokens are refused', () => {
  let org: SimplifiedOrg;
  before(async () => {
    org = await simplifiedOrg({ issuer: op.forgeIssuer, accept: true, provisioning: 'jit' });
  });

  const now = (): number => Math.floor(Date.now() / 1000);
  function claims(patch: Record<string, unknown> = {}): JWTPayload {
    const base: JWTPayload = {
      iss: op.forgeIssuer,
      aud: org.clientId,
      sub: `00u${randomUUID().slice(0, 8)}`,
      email: `forge-${randomUUID().slice(0, 8)}@simplified.example`,
      email_verified: true,
      iat: now(),
      exp: now() + 300,
      jti: `ID.${randomUUID()}`,
    };
    const out: Record<string, unknown> = { ...base, ...patch };
    for (const [k, v] of Object.entries(out)) if (v === undefined) delete out[k];
    return out as JWTPayload;
  }
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  const publicPem = (): string => createPublicKey({ key: op.forgeKey.publicJwk as import('node:crypto').JsonWebKey, format: 'jwk' }).export({ type: 'spki', format: 'pem' }).toString();

  void it('positive controls: every claim right, aud as a one-element array, and the raw signer (for the crit case) sign in', async () => {
    // Invited people: a newcomer from the dashboard would be asked to join first (join-prompt.test.ts).
    const invited = async (): Promise<string> => {
      const email = `positive-${randomUUID().slice(0, 8)}@simplified.example`;
      await inviteTo(sp.url, org, email);
      return email;
    };
    const tokens = [
      await op.forge(claims({ email: await invited() })),
      await op.forge(claims({ aud: [org.clientId], azp: org.clientId, email: await invited() })),
      await op.forgeRaw({}, claims({ email: await invited() })),
    ];
    for (const token of tokens) {
      const browser = new Browser();
      assert.equal((await tilePost(browser, org, token)).status, 303);
      assert.equal((await whoAmI(sp.url, browser))?.method, 'oidc');
    }
  });

  const cases: Array<[string, () => Promise<string>, string]> = [
    ['signed by a key not in jwks_uri (same kid)', async () => op.forge(claims(), {}, await makeTestKey(op.forgeKey.kid)), 'SSO_OIDC_TOKEN_INVALID'],
    ['every signature byte XOR 0x5A', async () => {
      const [h, p, s] = (await op.forge(claims())).split('.');
      return `${h}.${p}.${Buffer.from(Buffer.from(s!, 'base64url').map((x) => x ^ 0x5a)).toString('base64url')}`;
    }, 'SSO_OIDC_TOKEN_INVALID'],
    ['alg none', async () => `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims())}.`, 'SSO_OIDC_TOKEN_INVALID'],
    ['HS256 keyed with the OP public key (PEM)', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256', kid: op.forgeKey.kid }).sign(Buffer.from(publicPem())), 'SSO_OIDC_TOKEN_INVALID'],
    ['HS256 keyed with the client secret', async () => new SignJWT(claims()).setProtectedHeader({ alg: 'HS256' }).sign(Buffer.from(org.clientSecret)), 'SSO_OIDC_TOKEN_INVALID'],
    ['an attacker key in the jwk header', async () => {
      const attacker = await makeTestKey();
      return op.forge(claims(), { jwk: attacker.publicJwk, kid: attacker.kid }, attacker);
    }, 'SSO_OIDC_TOKEN_INVALID'],
    ['iss = issuer + "1"', () => op.forge(claims({ iss: `${op.forgeIssuer}1` })), 'SSO_OIDC_ISSUER_MISMATCH'],
    ['iss missing', () => op.forge(claims({ iss: undefined })), 'SSO_OIDC_ISSUER_MISMATCH'],
    ['aud = client_id + "1"', () => op.forge(claims({ aud: `${org.clientId}1` })), 'SSO_OIDC_AUDIENCE_MISMATCH'],
    ['aud missing', () => op.forge(claims({ aud: undefined })), 'SSO_OIDC_AUDIENCE_MISMATCH'],
    ['an untrusted second audience', () => op.forge(claims({ aud: [org.clientId, `${org.clientId}1`] })), 'SSO_OIDC_AUDIENCE_MISMATCH'],
    ['azp of another client', () => op.forge(claims({ azp: '0oasomeoneelse' })), 'SSO_OIDC_AUDIENCE_MISMATCH'],
    ['expired (exp = now - 360 s)', () => op.forge(claims({ iat: now() - 400, exp: now() - 360 })), 'SSO_OIDC_TOKEN_INVALID'],
    ['exp missing', () => op.forge(claims({ exp: undefined })), 'SSO_OIDC_TOKEN_INVALID'],
    ['iat a week ago', () => op.forge(claims({ iat: now() - 7 * 86_400, exp: now() + 300 })), 'SSO_OIDC_TOKEN_INVALID'],
    ['iat 12 minutes ago (older than 10 minutes + 60 s skew)', () => op.forge(claims({ iat: now() - 720 })), 'SSO_OIDC_TOKEN_INVALID'],
    ['iat an hour in the future', () => op.forge(claims({ iat: now() + 3600, exp: now() + 7200 })), 'SSO_OIDC_TOKEN_INVALID'],
    ['iat missing', () => op.forge(claims({ iat: undefined })), 'SSO_OIDC_TOKEN_INVALID'],
    ['nbf an hour in the future', () => op.forge(claims({ nbf: now() + 3600 })), 'SSO_OIDC_TOKEN_INVALID'],
    ['a nonce: a token issued for some sign-in request, not sent by the dashboard', () => op.forge(claims({ nonce: 'n-0123456789' })), 'SSO_OIDC_NONCE_MISMATCH'],
    ['sub missing', () => op.forge(claims({ sub: undefined })), 'SSO_OIDC_TOKEN_INVALID'],
    ['typ logout+jwt', () => op.forge(claims(), { typ: 'logout+jwt' }), 'SSO_OIDC_TOKEN_INVALID'],
    ['an unknown crit header', () => op.forgeRaw({ crit: ['x-unknown'], 'x-unknown': true }, claims()), 'SSO_OIDC_TOKEN_INVALID'],
    ['email_verified false', () => op.forge(claims({ email_verified: false })), 'SSO_EMAIL_UNVERIFIED'],
    ['no email', () => op.forge(claims({ email: undefined })), 'SSO_EMAIL_MISSING'],
    ['not a JWT at all', async () => 'not-a-token', 'SSO_OIDC_TOKEN_INVALID'],
  ];
  for (const [name, make, code] of cases) {
    void it(`${name} → ${code}`, async () => {
      const browser = new Browser();
      const out = await tilePost(browser, org, await make());
      assert.equal(out.code, code);
      assert.equal(out.location, null);
      assert.equal(await whoAmI(sp.url, browser), null);
    });
  }

  void it('a replayed token without jti is recognised by its hash', async () => {
    const token = await op.forge(claims({ jti: undefined }));
    assert.equal((await tilePost(new Browser(), org, token)).status, 303);
    assert.equal((await tilePost(new Browser(), org, token)).code, 'SSO_OIDC_TOKEN_REPLAYED');
  });
});
