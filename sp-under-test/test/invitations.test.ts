// Invitations (Insomnia: invited in the SP, then accept; DinMo/SpinOne: the email must match):
// the invitation link, SSO bound to it, "Set a password", and what the admin's member list shows.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createReferenceSp, type ReferenceSp } from '../index.ts';
import { Browser, testIdAttr, testIdText } from './helpers/http.ts';
import { configureSaml, samlSignIn, type SamlOrg } from './helpers/saml-org.ts';
import { inviteTo, members, orgApi, signupOrg, whoAmI, type SpOrg } from './helpers/sp-org.ts';
import { makeTestIdpKey, type TestIdpKey } from './helpers/test-idp.ts';

let sp: ReferenceSp;
let idp: TestIdpKey;
before(async () => {
  sp = await createReferenceSp({ port: 0 });
  idp = makeTestIdpKey('invitations-idp');
});
after(() => sp.close());

type Org = SpOrg & SamlOrg;

async function samlOrg(extra: Record<string, unknown> = {}): Promise<Org> {
  const org = await signupOrg(sp.url, 'invite');
  return { ...org, ...(await configureSaml(sp.url, org, idp, `inv-${org.orgId.slice(0, 8)}`, extra)) };
}

const email = (org: SpOrg, name: string): string => `${name}-${org.orgId.slice(0, 8)}@invite.example`;

void describe('the invitation link', () => {
  void it('the invitation API and the members page give the link of a pending invitation', async () => {
    const org = await samlOrg();
    const carol = email(org, 'carol');
    const link = await inviteTo(sp.url, org, carol);
    assert.match(link, new RegExp(`^${sp.url}/invitations/[A-Za-z0-9_-]{32}$`));
    const listed = ((await (await orgApi(sp.url, org, 'GET', '/members')).json()) as { members: Array<{ email: string; invitationUrl?: string }> }).members;
    assert.equal(listed.find((m) => m.email === carol)?.invitationUrl, link);
    const page = await (await org.owner.get(`${sp.url}/settings/members`)).text();
    assert.equal(testIdAttr(page, 'member-invitation-link', 'href'), link);
  });

  void it('the invitation page shows the organization, the invited email, SSO and "Set a password"', async () => {
    const org = await samlOrg();
    const link = await inviteTo(sp.url, org, email(org, 'page'));
    const html = await (await new Browser().get(link)).text();
    assert.equal(testIdText(html, 'invitation-email'), email(org, 'page'));
    assert.ok(testIdText(html, 'invitation-organization'));
    assert.equal(testIdAttr(html, 'invitation-sso', 'href'), `${new URL(link).pathname}/sso`);
    assert.ok(html.includes('data-testid="invitation-password"'));
  });

  void it('an unknown link is INVITATION_INVALID (404), as is a link already used', async () => {
    const org = await samlOrg();
    const unknown = await new Browser().get(`${sp.url}/invitations/not-a-real-token`);
    assert.equal(unknown.status, 404);
    assert.equal(testIdAttr(await unknown.text(), 'app-error', 'data-error-code'), 'INVITATION_INVALID');
    const carol = email(org, 'used');
    const link = await inviteTo(sp.url, org, carol);
    assert.equal((await samlSignIn(new Browser(), org, idp, carol, `${link}/sso`)).location, '/home');
    for (const url of [link, `${link}/sso`]) assert.equal((await new Browser().get(url)).status, 404, url);
  });

  void it('SSO through the link signs the invited person in; the invitation is accepted and the admin sees it', async () => {
    const org = await samlOrg();
    const carol = email(org, 'carol');
    const link = await inviteTo(sp.url, org, carol);
    const browser = new Browser();
    assert.deepEqual(await samlSignIn(browser, org, idp, carol.toUpperCase(), `${link}/sso`), { status: 303, code: undefined, location: '/home' });
    assert.deepEqual(await whoAmI(sp.url, browser), { email: carol, method: 'saml', role: 'member' });
    assert.deepEqual((await members(sp.url, org)).find((m) => m.email === carol), { email: carol, role: 'member', status: 'active' });
  });

  void it('another email through the link is SSO_EMAIL_MISMATCH: nothing is created or changed, no session', async () => {
    for (const provisioning of ['invite-only', 'jit']) {
      const org = await samlOrg({ provisioning });
      const carol = email(org, 'carol');
      const dave = email(org, 'dave');
      const link = await inviteTo(sp.url, org, carol);
      await inviteTo(sp.url, org, dave);
      const before = await members(sp.url, org);
      const browser = new Browser();
      const outcome = await samlSignIn(browser, org, idp, dave, `${link}/sso`);
      assert.equal(outcome.code, 'SSO_EMAIL_MISMATCH', provisioning);
      assert.equal(outcome.status, 403);
      assert.deepEqual(await members(sp.url, org), before, `${provisioning}: the refusal changed the member list`);
      assert.equal(await whoAmI(sp.url, browser), null);
      const stranger = await samlSignIn(new Browser(), org, idp, email(org, 'stranger'), `${link}/sso`);
      assert.equal(stranger.code, 'SSO_EMAIL_MISMATCH', `${provisioning}: JIT must not create an account through someone else's invitation`);
      assert.deepEqual(await members(sp.url, org), before);
      assert.equal((await new Browser().get(link)).status, 200, 'the invitation is still pending');
    }
  });

  void it('without the link, an invited person signing in with SSO accepts the invitation too', async () => {
    const org = await samlOrg();
    const carol = email(org, 'direct');
    const link = await inviteTo(sp.url, org, carol);
    assert.equal((await samlSignIn(new Browser(), org, idp, carol, `${sp.url}/sso?key=${org.portalKey}`)).location, '/home');
    assert.equal((await members(sp.url, org)).find((m) => m.email === carol)?.status, 'active');
    assert.equal((await new Browser().get(link)).status, 404, 'the link stops working once accepted');
  });
});

void describe('"Set a password" on the invitation page', () => {
  async function setPassword(link: string, password: string): Promise<{ browser: Browser; res: Response }> {
    const browser = new Browser();
    const csrf = await browser.csrf(link);
    const res = await browser.postForm(`${link}/password`, { _csrf: csrf, password });
    return { browser, res };
  }

  void it('accepts the invitation with a password and signs in; the password then works at /signin', async () => {
    const org = await samlOrg();
    const carol = email(org, 'pw');
    const link = await inviteTo(sp.url, org, carol);
    const { browser, res } = await setPassword(link, 'carol password 1');
    assert.equal(res.status, 303);
    assert.deepEqual(await whoAmI(sp.url, browser), { email: carol, method: 'password', role: 'member' });
    assert.equal((await members(sp.url, org)).find((m) => m.email === carol)?.status, 'active');
    const again = new Browser();
    const csrf = await again.csrf(`${sp.url}/signin`);
    assert.equal((await again.postForm(`${sp.url}/signin`, { _csrf: csrf, email: carol, password: 'carol password 1' })).status, 303);
  });

  void it('refused with SSO_REQUIRED where SSO is enforced (no form is offered), and nothing changes', async () => {
    const org = await samlOrg({ enforcement: 'enforced' });
    const carol = email(org, 'enforced');
    const link = await inviteTo(sp.url, org, carol);
    const browser = new Browser();
    const page = await (await browser.get(link)).text();
    assert.ok(!page.includes('data-testid="invitation-password"'), 'an enforced org must not offer a password');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(await (await browser.get(`${sp.url}/signin`)).text())![1]!;
    const res = await browser.postForm(`${link}/password`, { _csrf: csrf, password: 'carol password 1' });
    assert.equal(res.status, 403);
    assert.equal(testIdAttr(await res.text(), 'invitation-error', 'data-error-code'), 'SSO_REQUIRED');
    assert.equal(await whoAmI(sp.url, browser), null);
    assert.equal((await members(sp.url, org)).find((m) => m.email === carol)?.status, 'invited');
  });

  void it('a short password or a missing CSRF token is refused and the invitation stays pending', async () => {
    const org = await samlOrg();
    const link = await inviteTo(sp.url, org, email(org, 'short'));
    const { res } = await setPassword(link, 'short');
    assert.equal(res.status, 400);
    assert.equal(testIdAttr(await res.text(), 'invitation-error', 'data-error-code'), 'INVITE_INVALID');
    const noCsrf = await new Browser().postForm(`${link}/password`, { password: 'long enough password' });
    assert.equal(noCsrf.status, 403);
    assert.equal((await new Browser().get(link)).status, 200);
  });
});
