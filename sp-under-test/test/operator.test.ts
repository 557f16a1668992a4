// The operator API (Inigo: the vendor's staff set SSO up from the Client ID, Client Secret and Okta
// domain the customer hands over): an organization with SSO settings, JIT on and no account; the
// first person who signs in through SSO becomes its owner, everyone after a member.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { Browser } from './helpers/http.ts';
import { postToAcs, refusalCode, samlResponse, samlSettings, samlSignIn, type SamlOrg } from './helpers/saml-org.ts';
import { members, operatorOrg, whoAmI } from './helpers/sp-org.ts';
import { makeTestIdpKey, type TestIdpKey } from './helpers/test-idp.ts';

const OPERATOR_TOKEN = 'spo_test-operator-token-0123456789';
let sp: ReferenceSp;
let idp: TestIdpKey;
before(async () => {
  sp = await createReferenceSp({ port: 0, operatorToken: OPERATOR_TOKEN });
  idp = makeTestIdpKey('operator-idp');
});
after(() => sp.close());

let n = 0;
const key = (): string => `op-${++n}-${Date.now().toString(36)}`;

function create(body: unknown, token: string | null = OPERATOR_TOKEN): Promise<Response> {
  return fetch(`${sp.url}/api/operator/organizations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
}

const codeOf = async (res: Response): Promise<string> => ((await res.json()) as { error: { code: string } }).error.code;

/** The portal key leads nowhere: no organization was left behind by a refused creation. */
async function assertUnclaimed(portalKey: string): Promise<void> {
  assert.equal(await refusalCode(await new Browser().get(`${sp.url}/sso?key=${portalKey}`)), 'SSO_UNKNOWN_PORTAL_KEY');
}

async function samlOperatorOrg(extra: Record<string, unknown> = {}): Promise<SamlOrg & { sso: Record<string, unknown> }> {
  const portalKey = key();
  const org = await operatorOrg(sp.url, OPERATOR_TOKEN, 'Inigo customer', samlSettings(idp, portalKey, { allowIdpInitiated: true, ...extra }));
  return { ...org, portalKey, acsUrl: String(org.sso['spAcsUrl']), entityId: String(org.sso['spEntityId']) };
}

void describe('the operator API', () => {
  void it('the token given at start is the one in use; without one a random token is made', async () => {
    assert.equal(sp.operatorToken, OPERATOR_TOKEN);
    const other = await createReferenceSp({ port: 0 });
    try {
      assert.match(other.operatorToken, /^spo_[A-Za-z0-9_-]{32}$/);
      assert.notEqual(other.operatorToken, OPERATOR_TOKEN);
    } finally {
      await other.close();
    }
  });

  void it('without the operator token, or with another one (even an org API token), it is 401 AUTH_REQUIRED', async () => {
    const portalKey = key();
    const made = await samlOperatorOrg();
    for (const token of [null, 'wrong', made.apiToken]) {
      const res = await create({ name: 'X', sso: samlSettings(idp, portalKey) }, token);
      assert.equal(res.status, 401, String(token));
      assert.equal(await codeOf(res), 'AUTH_REQUIRED');
    }
    await assertUnclaimed(portalKey);
  });

  void it('makes an organization with SSO configured, JIT on and no account', async () => {
    const org = await samlOperatorOrg();
    assert.equal(org.sso['configured'], true);
    assert.equal(org.sso['provisioning'], 'jit');
    assert.deepEqual(await members(sp.url, org), []);
  });

  void it('refuses invite-only (nobody could ever be invited), bad settings and a taken portal key, leaving nothing behind', async () => {
    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ name: 'X', sso: samlSettings(idp, key(), { provisioning: 'invite-only' }) }, 400, 'SSO_SETTINGS_INVALID'],
      [{ name: 'X', sso: samlSettings(idp, key(), { idpCertificate: 'not a certificate' }) }, 400, 'SSO_CERTIFICATE_INVALID'],
      [{ name: '', sso: samlSettings(idp, key()) }, 400, 'SSO_SETTINGS_INVALID'],
      [{ name: 'X' }, 400, 'SSO_SETTINGS_INVALID'],
    ];
    for (const [body, status, code] of cases) {
      const res = await create(body);
      assert.equal(res.status, status, JSON.stringify(body).slice(0, 80));
      assert.equal(await codeOf(res), code);
      const portalKey = (body.sso as { portalKey?: string } | undefined)?.portalKey;
      if (portalKey) await assertUnclaimed(portalKey);
    }
    const taken = await samlOperatorOrg();
    const res = await create({ name: 'Y', sso: samlSettings(idp, taken.portalKey) });
    assert.equal(res.status, 409);
    assert.equal(await codeOf(res), 'SSO_PORTAL_KEY_TAKEN');
  });

  void it('the first SSO sign-in becomes the owner, the next a member', async () => {
    const org = await samlOperatorOrg();
    const first = new Browser();
    assert.equal((await samlSignIn(first, org, idp, 'first@inigo-customer.example', `${sp.url}/sso?key=${org.portalKey}`)).location, '/home');
    assert.deepEqual(await whoAmI(sp.url, first), { email: 'first@inigo-customer.example', method: 'saml', role: 'owner' });
    await samlSignIn(new Browser(), org, idp, 'second@inigo-customer.example', `${sp.url}/sso?key=${org.portalKey}`);
    assert.deepEqual(await members(sp.url, org), [
      { email: 'first@inigo-customer.example', role: 'owner', status: 'active' },
      { email: 'second@inigo-customer.example', role: 'member', status: 'active' },
    ]);
  });

  void it('the first person from the Okta dashboard tile becomes the owner directly (no one to join yet)', async () => {
    const org = await samlOperatorOrg();
    const browser = new Browser();
    const outcome = await postToAcs(browser, org, samlResponse(org, idp, 'tile@inigo-customer.example', null));
    assert.equal(outcome.location, '/home');
    assert.equal((await whoAmI(sp.url, browser))?.role, 'owner');
    const second = await postToAcs(new Browser(), org, samlResponse(org, idp, 'later@inigo-customer.example', null));
    assert.equal(second.location, '/join', 'later newcomers from the tile are asked to join');
  });
});
