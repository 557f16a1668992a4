// ngrok's prompt: with JIT on, a person arriving from the Okta dashboard (IdP-initiated SAML, OIDC
// initiate login, Okta Simplified) who has no account is asked "Join {organization}?" first. The
// prompt is bound to the browser session, CSRF-protected, single use and short-lived; declining
// creates nothing and signs no one in. SP-initiated JIT creates the account directly.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { Browser, testIdAttr, testIdText } from './helpers/http.ts';
import { configureSaml, postToAcs, samlResponse, samlSignIn, type SamlOrg } from './helpers/saml-org.ts';
import { members, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';
import { makeTestIdpKey, type TestIdpKey } from './helpers/test-idp.ts';
import { startTestOp, type TestOp } from './helpers/test-op.ts';

/** The SP's clock runs `offsetMs` ahead of real time, so a test can let a prompt expire. */
let offsetMs = 0;
let sp: ReferenceSp;
let idp: TestIdpKey;
let op: TestOp;
before(async () => {
  sp = await createReferenceSp({ port: 0, clock: () => new Date(Date.now() + offsetMs) });
  idp = makeTestIdpKey('join-idp');
  op = await startTestOp();
});
after(async () => {
  await op.close();
  await sp.close();
});

type Org = SpOrg & SamlOrg;

async function jitSamlOrg(): Promise<Org> {
  const org = await signupOrg(sp.url, 'join');
  return { ...org, ...(await configureSaml(sp.url, org, idp, `join-${org.orgId.slice(0, 8)}`, { provisioning: 'jit', allowIdpInitiated: true })) };
}

const newcomer = (org: SpOrg, name = 'new'): string => `${name}-${org.orgId.slice(0, 8)}@join.example`;

/** An unsolicited response (the dashboard tile) for `email`, posted in `browser`. */
const fromTile = (browser: Browser, org: Org, email: string) => postToAcs(browser, org, samlResponse(org, idp, email, null));

/** Answers the prompt; the CSRF token is the browser session's (read from the sign-in page, which every browser can open). */
async function answer(browser: Browser, choice: string, csrf?: string): Promise<Response> {
  const token = csrf ?? (await browser.csrf(`${sp.url}/signin`));
  return browser.postForm(`${sp.url}/join`, { _csrf: token, answer: choice });
}

const code = async (res: Response): Promise<string | undefined> => testIdAttr(await res.text(), 'sso-error', 'data-error-code');

void describe('join prompt over SAML (IdP-initiated)', () => {
  void it('a newcomer from the dashboard is asked to join, and nothing exists until they answer', async () => {
    const org = await jitSamlOrg();
    const browser = new Browser();
    const before = await members(sp.url, org);
    assert.deepEqual(await fromTile(browser, org, newcomer(org)), { status: 303, code: undefined, location: '/join' });
    const page = await (await browser.get(`${sp.url}/join`)).text();
    assert.ok(page.includes('data-testid="join-prompt"'));
    assert.equal(testIdText(page, 'join-email'), newcomer(org));
    assert.ok(testIdText(page, 'join-organization'));
    assert.deepEqual(await members(sp.url, org), before, 'the prompt created an account');
    assert.equal(await whoAmI(sp.url, browser), null, 'the prompt signed someone in');
  });

  void it('accepting creates a member and signs them in with SAML', async () => {
    const org = await jitSamlOrg();
    const browser = new Browser();
    await fromTile(browser, org, newcomer(org));
    const res = await answer(browser, 'accept');
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/home');
    assert.deepEqual(await whoAmI(sp.url, browser), { email: newcomer(org), method: 'saml', role: 'member' });
    assert.deepEqual((await members(sp.url, org)).find((m) => m.email === newcomer(org)), { email: newcomer(org), role: 'member', status: 'active' });
  });

  void it('declining creates nothing and leaves no session', async () => {
    const org = await jitSamlOrg();
    const browser = new Browser();
    const before = await members(sp.url, org);
    await fromTile(browser, org, newcomer(org));
    const res = await answer(browser, 'decline');
    assert.equal(res.status, 200);
    assert.ok((await res.text()).includes('data-testid="join-declined"'));
    assert.deepEqual(await members(sp.url, org), before);
    assert.equal(await whoAmI(sp.url, browser), null);
  });

  void it('the prompt is single use: a second answer is SSO_JOIN_EXPIRED', async () => {
    const org = await jitSamlOrg();
    const browser = new Browser();
    await fromTile(browser, org, newcomer(org));
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await browser.get(`${sp.url}/join`)).text())![1]!;
    assert.equal((await answer(browser, 'decline', csrf)).status, 200);
    const again = await answer(browser, 'accept', csrf);
    assert.equal(again.status, 410);
    assert.equal(await code(again), 'SSO_JOIN_EXPIRED');
    assert.equal((await members(sp.url, org)).some((m) => m.email === newcomer(org)), false);
  });

  void it('the prompt belongs to the browser that got it: another browser sees SSO_JOIN_EXPIRED', async () => {
    const org = await jitSamlOrg();
    await fromTile(new Browser(), org, newcomer(org));
    const other = new Browser();
    assert.equal(await code(await other.get(`${sp.url}/join`)), 'SSO_JOIN_EXPIRED');
    assert.equal(await code(await answer(other, 'accept')), 'SSO_JOIN_EXPIRED');
    assert.equal((await members(sp.url, org)).some((m) => m.email === newcomer(org)), false);
  });

  void it('an answer without the CSRF token, or with a made-up answer, is refused and the prompt stays', async () => {
    const org = await jitSamlOrg();
    const browser = new Browser();
    await fromTile(browser, org, newcomer(org));
    assert.equal((await answer(browser, 'accept', 'forged')).status, 403);
    assert.equal((await answer(browser, 'maybe')).status, 400);
    assert.equal((await answer(browser, 'accept')).status, 303, 'the real answer still works');
  });

  void it('an unanswered prompt expires after five minutes', async () => {
    const org = await jitSamlOrg();
    const browser = new Browser();
    await fromTile(browser, org, newcomer(org));
    offsetMs = 5 * 60_000 + 1000;
    try {
      assert.equal(await code(await browser.get(`${sp.url}/join`)), 'SSO_JOIN_EXPIRED');
    } finally {
      offsetMs = 0;
    }
    assert.equal(await code(await answer(browser, 'accept')), 'SSO_JOIN_EXPIRED');
  });

  void it('SP-initiated JIT creates the member directly, with no prompt', async () => {
    const org = await jitSamlOrg();
    const browser = new Browser();
    const outcome = await samlSignIn(browser, org, idp, newcomer(org), `${sp.url}/sso?key=${org.portalKey}`);
    assert.equal(outcome.location, '/home');
    assert.equal((await whoAmI(sp.url, browser))?.role, 'member');
  });

  void it('with invite-only, a newcomer from the dashboard is refused (SSO_USER_NOT_INVITED), no prompt', async () => {
    const org = await signupOrg(sp.url, 'joinclosed');
    const saml = await configureSaml(sp.url, org, idp, `closed-${org.orgId.slice(0, 8)}`, { allowIdpInitiated: true });
    const browser = new Browser();
    const outcome = await postToAcs(browser, saml, samlResponse(saml, idp, newcomer(org), null));
    assert.equal(outcome.code, 'SSO_USER_NOT_INVITED');
    assert.equal(await code(await browser.get(`${sp.url}/join`)), 'SSO_JOIN_EXPIRED');
  });
});

void describe('join prompt over OIDC (the tile, in both login flows)', () => {
  interface OidcOrg extends SpOrg {
    redirectUri: string;
    issuer: string;
    clientId: string;
  }

  async function jitOidcOrg(): Promise<OidcOrg> {
    const org = await signupOrg(sp.url, 'joinoidc');
    const redirectUri = `${sp.url}/sso/oidc/callback/${org.orgId}`;
    const client = op.addClient(redirectUri);
    const issuer = op.oidc.issuer('org');
    const res = await orgApi(sp.url, org, 'PUT', '/sso', {
      protocol: 'oidc',
      portalKey: `joinoidc-${org.orgId.slice(0, 8)}`,
      oidcIssuer: issuer,
      oidcClientId: client.client_id,
      oidcClientSecret: client.client_secret,
      acceptOktaSimplified: true,
      provisioning: 'jit',
    });
    assert.equal(res.status, 200);
    return { ...org, redirectUri, issuer, clientId: client.client_id };
  }

  void it('OIDC Compliant: the initiate login URI leads to the prompt; accepting creates a member linked to the subject', async () => {
    const org = await jitOidcOrg();
    const email = newcomer(org, 'compliant');
    op.signInAs(op.addUser(email));
    const browser = new Browser();
    const { location } = await browser.followUntil(`${sp.url}/sso/oidc/initiate/${org.orgId}?iss=${encodeURIComponent(org.issuer)}`, sp.url);
    assert.ok(location?.startsWith(org.redirectUri), `expected the OP to come back to the SP, got ${location}`);
    const callback = await browser.get(location!);
    assert.equal(callback.headers.get('location'), '/join');
    assert.equal(await whoAmI(sp.url, browser), null);
    assert.equal((await answer(browser, 'accept')).status, 303);
    assert.deepEqual(await whoAmI(sp.url, browser), { email, method: 'oidc', role: 'member' });
  });

  void it('Okta Simplified: the id_token POST leads to the prompt; declining creates nothing', async () => {
    const org = await jitOidcOrg();
    const email = newcomer(org, 'simplified');
    const idToken = await op.oidc.mintIdToken('org', { clientId: org.clientId, userId: op.addUser(email) });
    const browser = new Browser();
    const before = await members(sp.url, org);
    const res = await browser.postForm(org.redirectUri, { id_token: idToken });
    assert.equal(res.headers.get('location'), '/join');
    assert.equal((await answer(browser, 'decline')).status, 200);
    assert.deepEqual(await members(sp.url, org), before);
    assert.equal(await whoAmI(sp.url, browser), null);
  });
});
