// The whole ACS pipeline over HTTP, with an in-test IdP that signs real responses (xml-crypto):
// SP-initiated sign-in, replay, tampering, cross-org, unsolicited, provisioning and enforcement.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { createReferenceSp } from '../index.ts';
import { Browser, testIdAttr } from './helpers/http.ts';
import { inviteTo, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';
import { b64, buildResponseXml, defaultFields, makeTestIdpKey, signResponseXml, type ResponseFields, type SignLayout, type TestIdpKey } from './helpers/test-idp.ts';

const IDP_ISSUER = 'http://127.0.0.1:9/exk-test-idp';
let sp: { url: string; close(): Promise<void> };
let idp: TestIdpKey;
let attacker: TestIdpKey;
before(async () => {
  sp = await createReferenceSp({ port: 0 });
  idp = makeTestIdpKey('idp');
  attacker = makeTestIdpKey('attacker');
});
after(async () => {
  await sp.close();
});

const alice = (org: { orgId: string }): string => `alice-${org.orgId.slice(0, 8)}@acs.example`;

interface Org extends SpOrg {
  portalKey: string;
  acsUrl: string;
  entityId: string;
}

/** A new org in the SP at `spUrl` whose SSO is SAML with the in-test IdP `idp`. */
async function samlOrg(spUrl: string, label: string, settings: Record<string, unknown>): Promise<Org> {
  const org = await signupOrg(spUrl, label);
  const portalKey = `${label}-${org.orgId.slice(0, 8)}`;
  const res = await orgApi(spUrl, org, 'PUT', '/sso', { portalKey, idpSsoUrl: 'http://127.0.0.1:9/app/sso/saml', idpIssuer: IDP_ISSUER, idpCertificate: idp.certificatePem, ...settings });
  assert.equal(res.status, 200);
  const j = (await res.json()) as { spAcsUrl: string; spEntityId: string };
  return { ...org, portalKey, acsUrl: j.spAcsUrl, entityId: j.spEntityId };
}

const makeOrg = (settings: Record<string, unknown> = {}): Promise<Org> => samlOrg(sp.url, 'acs', settings);

/** Starts SP-initiated SSO in this browser; returns the AuthnRequest ID. */
async function startSso(browser: Browser, org: Org): Promise<string> {
  const res = await browser.get(`${sp.url}/sso?key=${org.portalKey}`);
  assert.equal(res.status, 302);
  const request = inflateRawSync(Buffer.from(new URL(res.headers.get('location')!).searchParams.get('SAMLRequest')!, 'base64')).toString();
  return /ID="([^"]+)"/.exec(request)![1]!;
}

function response(org: Org, email: string, inResponseTo: string | null, patch: Partial<ResponseFields> = {}, layout: SignLayout = 'both', key = idp): string {
  const f = { ...defaultFields({ now: new Date(), idpIssuer: IDP_ISSUER, acsUrl: org.acsUrl, audience: org.entityId, email, inResponseTo }), ...patch };
  return signResponseXml(buildResponseXml(f), key, layout);
}

async function post(browser: Browser, org: Org, xml: string, acsUrl = org.acsUrl): Promise<{ status: number; code: string | undefined; location: string | null }> {
  const res = await browser.postForm(acsUrl, { SAMLResponse: b64(xml), RelayState: 'opaque' });
  const html = await res.text();
  return { status: res.status, code: testIdAttr(html, 'sso-error', 'data-error-code'), location: res.headers.get('location') };
}

void describe('SP-initiated SAML sign-in', () => {
  void it('an invited user signs in, becomes active, and the same response posted again is a replay', async () => {
    const org = await makeOrg();
    await inviteTo(sp.url, org, alice(org));
    const browser = new Browser();
    const xml = response(org, alice(org).toUpperCase(), await startSso(browser, org));
    const first = await post(browser, org, xml);
    assert.equal(first.status, 303);
    assert.equal(first.location, '/home');
    assert.deepEqual(await whoAmI(sp.url, browser), { email: alice(org), method: 'saml', role: 'member' });
    const members = (await (await fetch(`${sp.url}/api/orgs/${org.orgId}/members`, { headers: { authorization: `Bearer ${org.apiToken}` } })).json()) as { members: Array<{ email: string; status: string }> };
    assert.equal(members.members.find((m) => m.email === alice(org))?.status, 'active');
    const again = await post(new Browser(), org, xml);
    assert.equal(again.code, 'SSO_ASSERTION_REPLAYED');
  });

  const refusals: Array<[string, (org: Org, irt: string) => string, string]> = [
    ['an email edited after signing', (org, irt) => response(org, alice(org), irt).replaceAll(alice(org), 'owner@acs.example'), 'SSO_SIGNATURE_INVALID'],
    ['a response with every signature stripped', (org, irt) => response(org, alice(org), irt, {}, 'none'), 'SSO_SIGNATURE_INVALID'],
    ['a response with only the assertion signed', (org, irt) => response(org, alice(org), irt, {}, 'assertion'), 'SSO_SIGNATURE_INVALID'],
    ['a response with only the Response signed', (org, irt) => response(org, alice(org), irt, {}, 'response'), 'SSO_SIGNATURE_INVALID'],
    ['a response signed by another key', (org, irt) => response(org, alice(org), irt, {}, 'both', attacker), 'SSO_SIGNATURE_INVALID'],
    ['a wrong Destination', (org, irt) => response(org, alice(org), irt, { destination: `${org.acsUrl}x` }), 'SSO_DESTINATION_MISMATCH'],
    ['a missing Destination', (org, irt) => response(org, alice(org), irt, { destination: null }), 'SSO_DESTINATION_MISMATCH'],
    ['a wrong Recipient', (org, irt) => response(org, alice(org), irt, { recipient: 'http://127.0.0.1:9/acs' }), 'SSO_RECIPIENT_MISMATCH'],
    ['a wrong audience', (org, irt) => response(org, alice(org), irt, { audience: `${org.entityId}1` }), 'SSO_AUDIENCE_MISMATCH'],
    ['a wrong assertion issuer', (org, irt) => response(org, alice(org), irt, { assertionIssuer: `${IDP_ISSUER}1` }), 'SSO_ISSUER_MISMATCH'],
    ['a wrong response issuer', (org, irt) => response(org, alice(org), irt, { responseIssuer: `${IDP_ISSUER}1` }), 'SSO_ISSUER_MISMATCH'],
    ['a Responder status with an assertion', (org, irt) => response(org, alice(org), irt, { statusCode: 'urn:oasis:names:tc:SAML:2.0:status:Responder' }), 'SSO_STATUS_NOT_SUCCESS'],
    ['an unknown InResponseTo', (org) => response(org, alice(org), '_unknown_request'), 'SSO_INRESPONSETO_MISMATCH'],
    ['an expired assertion', (org, irt) => response(org, alice(org), irt, { notOnOrAfter: new Date(Date.now() - 600_000).toISOString() }), 'SSO_ASSERTION_EXPIRED'],
    ['an assertion not yet valid', (org, irt) => response(org, alice(org), irt, { notBefore: new Date(Date.now() + 600_000).toISOString() }), 'SSO_ASSERTION_EXPIRED'],
    ['no email attribute and an unspecified NameID', (org, irt) => response(org, alice(org), irt, { email: null, nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified' }), 'SSO_EMAIL_MISSING'],
    ['an email that was never invited', (org, irt) => response(org, 'mallory@acs.example', irt), 'SSO_USER_NOT_INVITED'],
  ];
  for (const [name, build, expected] of refusals) {
    void it(`refuses ${name} with ${expected} and does not sign in`, async () => {
      const org = await makeOrg();
      await inviteTo(sp.url, org, alice(org));
      const browser = new Browser();
      const irt = await startSso(browser, org);
      const before = browser.cookie('sp_session');
      const r = await post(browser, org, build(org, irt));
      assert.equal(r.code, expected);
      assert.ok(r.status >= 400 && r.status < 500);
      assert.equal(browser.cookie('sp_session'), before);
      assert.equal(await whoAmI(sp.url, browser), null);
    });
  }

  void it("refuses a response for another org's ACS (signed by that org's IdP)", async () => {
    const a = await makeOrg();
    const b = await makeOrg();
    await inviteTo(sp.url, a, alice(a));
    const browser = new Browser();
    const xml = response(b, alice(a), await startSso(browser, b));
    const r = await post(browser, a, xml);
    assert.ok(r.code === 'SSO_INRESPONSETO_MISMATCH' || r.code === 'SSO_AUDIENCE_MISMATCH' || r.code === 'SSO_DESTINATION_MISMATCH', String(r.code));
    assert.equal(await whoAmI(sp.url, browser), null);
  });

  void it('refuses a response to a request started by another browser', async () => {
    const org = await makeOrg();
    await inviteTo(sp.url, org, alice(org));
    const victim = new Browser();
    const xml = response(org, alice(org), await startSso(victim, org));
    const other = new Browser();
    await other.get(`${sp.url}/signin`);
    assert.equal((await post(other, org, xml)).code, 'SSO_INRESPONSETO_MISMATCH');
  });
});

void describe('IdP-initiated (unsolicited) responses', () => {
  void it('are refused by default', async () => {
    const org = await makeOrg();
    await inviteTo(sp.url, org, alice(org));
    assert.equal((await post(new Browser(), org, response(org, alice(org), null))).code, 'SSO_UNSOLICITED_RESPONSE');
  });
  void it('are accepted when the org allows them, and still checked (replay, Destination)', async () => {
    const org = await makeOrg({ allowIdpInitiated: true });
    await inviteTo(sp.url, org, alice(org));
    const browser = new Browser();
    const xml = response(org, alice(org), null);
    assert.equal((await post(browser, org, xml)).status, 303);
    assert.equal((await whoAmI(sp.url, browser))?.method, 'saml');
    assert.equal((await post(new Browser(), org, xml)).code, 'SSO_ASSERTION_REPLAYED');
    assert.equal((await post(new Browser(), org, response(org, alice(org), null, { destination: 'http://127.0.0.1:9/x' }))).code, 'SSO_DESTINATION_MISMATCH');
  });
});

void describe('provisioning and enforcement', () => {
  void it('jit creates a member on first SAML sign-in', async () => {
    const org = await makeOrg({ provisioning: 'jit' });
    const browser = new Browser();
    assert.equal((await post(browser, org, response(org, 'newcomer@acs.example', await startSso(browser, org)))).status, 303);
    assert.deepEqual(await whoAmI(sp.url, browser), { email: 'newcomer@acs.example', method: 'saml', role: 'member' });
  });

  void it('enforced: a member with a password gets SSO_REQUIRED, the owner keeps password sign-in', async () => {
    const org = await makeOrg({ enforcement: 'enforced' });
    await inviteTo(sp.url, org, 'pw.member@acs.example', { password: 'member password' });
    const member = new Browser();
    let csrf = await member.csrf(`${sp.url}/signin`);
    const res = await member.postForm(`${sp.url}/signin`, { _csrf: csrf, email: 'pw.member@acs.example', password: 'member password' });
    assert.equal(res.status, 403);
    assert.equal(testIdAttr(await res.text(), 'signin-error', 'data-error-code'), 'SSO_REQUIRED');
    assert.equal(await whoAmI(sp.url, member), null);
    const owner = new Browser();
    csrf = await owner.csrf(`${sp.url}/signin`);
    const ok = await owner.postForm(`${sp.url}/signin`, { _csrf: csrf, email: org.ownerEmail, password: 'owner password' });
    assert.equal(ok.status, 303);
    assert.equal((await whoAmI(sp.url, owner))?.role, 'owner');
  });

  void it('mixed: a member with a password may sign in with it', async () => {
    const org = await makeOrg();
    await inviteTo(sp.url, org, 'mixed.member@acs.example', { password: 'member password' });
    const b = new Browser();
    const csrf = await b.csrf(`${sp.url}/signin`);
    assert.equal((await b.postForm(`${sp.url}/signin`, { _csrf: csrf, email: 'mixed.member@acs.example', password: 'member password' })).status, 303);
    assert.equal((await whoAmI(sp.url, b))?.method, 'password');
  });
});

void describe('the injected clock', () => {
  void it('decides the time window: an assertion valid by wall time is expired for an SP clock an hour ahead', async () => {
    const ahead = await createReferenceSp({ port: 0, clock: () => new Date(Date.now() + 3_600_000) });
    try {
      const org = await samlOrg(ahead.url, 'clock', { provisioning: 'jit' });
      const b = org.owner;
      const irt = /ID="([^"]+)"/.exec(inflateRawSync(Buffer.from(new URL((await b.get(`${ahead.url}/sso?key=${org.portalKey}`)).headers.get('location')!).searchParams.get('SAMLRequest')!, 'base64')).toString())![1]!;
      const r = await post(b, org, response(org, 'someone@clock.example', irt));
      assert.equal(r.code, 'SSO_ASSERTION_EXPIRED');
    } finally {
      await ahead.close();
    }
  });
});
