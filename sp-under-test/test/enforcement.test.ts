// Enforced SSO versus Mixed Mode (DinMo "Enable SAML-only authentication", ngrok "SSO Enforced",
// SpinOne "will automatically sign you out"): password sign-in refused for members and admins, the
// owner's break-glass password, and every password session ended when a save enforces SSO, except
// the session that made the change.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { Browser, testIdAttr } from './helpers/http.ts';
import { configureSaml, samlSettings, samlSignIn } from './helpers/saml-org.ts';
import { inviteTo, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';
import { makeTestIdpKey, type TestIdpKey } from './helpers/test-idp.ts';

let sp: ReferenceSp;
let idp: TestIdpKey;
before(async () => {
  sp = await createReferenceSp({ port: 0 });
  idp = makeTestIdpKey('enforce-idp');
});
after(() => sp.close());

const PASSWORD = 'member password 1';

async function passwordSignIn(email: string, password = PASSWORD): Promise<{ browser: Browser; res: Response }> {
  const browser = new Browser();
  const csrf = await browser.csrf(`${sp.url}/signin`);
  const res = await browser.postForm(`${sp.url}/signin`, { _csrf: csrf, email, password });
  return { browser, res };
}

interface Team {
  org: SpOrg;
  portalKey: string;
  member: { email: string; browser: Browser };
  admin: { email: string; browser: Browser };
}

/** An org in Mixed Mode with SAML, a member and an admin each signed in with a password. */
async function team(): Promise<Team> {
  const org = await signupOrg(sp.url, 'enforce');
  const portalKey = `enf-${org.orgId.slice(0, 8)}`;
  await configureSaml(sp.url, org, idp, portalKey);
  const member = `member-${org.orgId.slice(0, 8)}@enforce.example`;
  const admin = `admin-${org.orgId.slice(0, 8)}@enforce.example`;
  await inviteTo(sp.url, org, member, { password: PASSWORD });
  await inviteTo(sp.url, org, admin, { password: PASSWORD, role: 'admin' });
  const m = await passwordSignIn(member);
  const a = await passwordSignIn(admin);
  assert.equal(m.res.status, 303);
  assert.equal(a.res.status, 303);
  return { org, portalKey, member: { email: member, browser: m.browser }, admin: { email: admin, browser: a.browser } };
}

/** The owner saves the settings form with enforcement on, in the owner's own browser. */
async function enforceFromSettingsPage(t: Team): Promise<void> {
  const csrf = await t.org.owner.csrf(`${sp.url}/settings/sso`);
  const res = await t.org.owner.postForm(`${sp.url}/settings/sso`, {
    _csrf: csrf,
    ...(samlSettings(idp, t.portalKey) as Record<string, string>),
    enforcement: 'enforced',
  });
  assert.equal(res.status, 200);
  assert.ok((await res.text()).includes('data-testid="sso-settings-saved"'));
}

void describe('password sign-in when SSO is enforced', () => {
  void it('members and admins are refused with SSO_REQUIRED; the owner keeps the password (break-glass)', async () => {
    const t = await team();
    await enforceFromSettingsPage(t);
    for (const email of [t.member.email, t.admin.email]) {
      const { browser, res } = await passwordSignIn(email);
      assert.equal(res.status, 403, email);
      assert.equal(testIdAttr(await res.text(), 'signin-error', 'data-error-code'), 'SSO_REQUIRED');
      assert.equal(await whoAmI(sp.url, browser), null);
    }
    const owner = await passwordSignIn(t.org.ownerEmail, 'owner password');
    assert.equal(owner.res.status, 303);
    assert.equal((await whoAmI(sp.url, owner.browser))?.role, 'owner');
  });

  void it('SSO still signs members in', async () => {
    const t = await team();
    await enforceFromSettingsPage(t);
    const outcome = await samlSignIn(new Browser(), { ...t.org, ...(await configureSaml(sp.url, t.org, idp, t.portalKey, { enforcement: 'enforced' })) }, idp, t.member.email, `${sp.url}/sso?key=${t.portalKey}`);
    assert.equal(outcome.location, '/home');
  });
});

void describe('"will automatically sign you out": enforcing ends password sessions', () => {
  void it('saving enforcement on signs out every password session of the org except the one that saved', async () => {
    const t = await team();
    const ssoMember = `sso-${t.org.orgId.slice(0, 8)}@enforce.example`;
    await inviteTo(sp.url, t.org, ssoMember);
    const ssoBrowser = new Browser();
    const saml = await configureSaml(sp.url, t.org, idp, t.portalKey);
    assert.equal((await samlSignIn(ssoBrowser, saml, idp, ssoMember, `${sp.url}/sso?key=${t.portalKey}`)).location, '/home');
    const otherOrg = await signupOrg(sp.url, 'bystander');

    await enforceFromSettingsPage(t);

    assert.equal(await whoAmI(sp.url, t.member.browser), null, 'the member is still signed in with a password');
    assert.equal(await whoAmI(sp.url, t.admin.browser), null, 'the admin is still signed in with a password');
    assert.equal((await whoAmI(sp.url, t.org.owner))?.role, 'owner', 'the session that made the change was ended');
    assert.equal((await whoAmI(sp.url, ssoBrowser))?.method, 'saml', 'an SSO session was ended');
    assert.equal((await whoAmI(sp.url, otherOrg.owner))?.role, 'owner', 'another organization was affected');
  });

  void it('the first SSO save with enforcement on signs password sessions out too', async () => {
    const org = await signupOrg(sp.url, 'firstsave');
    const member = `m-${org.orgId.slice(0, 8)}@enforce.example`;
    await inviteTo(sp.url, org, member, { password: PASSWORD });
    const { browser } = await passwordSignIn(member);
    await configureSaml(sp.url, org, idp, `first-${org.orgId.slice(0, 8)}`, { enforcement: 'enforced' });
    assert.equal(await whoAmI(sp.url, browser), null);
  });

  void it('a save with the API token ends every password session, the owner\u2019s included', async () => {
    const t = await team();
    await configureSaml(sp.url, t.org, idp, t.portalKey, { enforcement: 'enforced' });
    assert.equal(await whoAmI(sp.url, t.org.owner), null);
    assert.equal(await whoAmI(sp.url, t.member.browser), null);
  });

  void it('a save from the owner\u2019s browser through the API (session + X-CSRF-Token) spares that session', async () => {
    const t = await team();
    const html = await (await t.org.owner.get(`${sp.url}/settings/sso`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(html)![1]!;
    const res = await t.org.owner.request(`${sp.url}/api/orgs/${t.org.orgId}/sso`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', 'x-csrf-token': csrf },
      body: JSON.stringify(samlSettings(idp, t.portalKey, { enforcement: 'enforced' })),
    });
    assert.equal(res.status, 200);
    assert.equal((await whoAmI(sp.url, t.org.owner))?.role, 'owner');
    assert.equal(await whoAmI(sp.url, t.admin.browser), null);
  });

  void it('saving again while already enforced ends nothing (the owner\u2019s break-glass session stays)', async () => {
    const t = await team();
    await enforceFromSettingsPage(t);
    const breakGlass = await passwordSignIn(t.org.ownerEmail, 'owner password');
    await configureSaml(sp.url, t.org, idp, t.portalKey, { enforcement: 'enforced' });
    assert.equal((await whoAmI(sp.url, breakGlass.browser))?.role, 'owner');
  });

  void it('a refused save (a bad certificate) ends nothing', async () => {
    const t = await team();
    const res = await orgApi(sp.url, t.org, 'PUT', '/sso', samlSettings(idp, t.portalKey, { enforcement: 'enforced', idpCertificate: 'not a certificate' }));
    assert.equal(res.status, 400);
    assert.equal((await whoAmI(sp.url, t.member.browser))?.method, 'password');
  });
});
