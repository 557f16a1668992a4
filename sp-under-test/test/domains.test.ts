// Email-domain discovery (Insomnia: "Set up your company domain", "Define your organization's domain
// identifier"): organizations claim domains, one organization per domain; "Sign in with SSO" with a
// work email goes to the organization of its domain; JIT stays inside the claimed domains.
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { after, before, describe, it } from 'node:test';
import type { ReferenceSp } from '../index.ts';
import { Browser, testIdAttr } from './helpers/http.ts';
import { configureSaml, samlSignIn } from './helpers/saml-org.ts';
import { members, orgApi, signupOrg, type SpOrg } from './helpers/sp-org.ts';
import { startSpWithOp, stopSpWithOp } from './helpers/sp-with-op.ts';
import { makeTestIdpKey, type TestIdpKey } from './helpers/test-idp.ts';
import type { TestOp } from './helpers/test-op.ts';

let sp: ReferenceSp;
let op: TestOp;
let idp: TestIdpKey;
before(async () => {
  ({ sp, op } = await startSpWithOp());
  idp = makeTestIdpKey('domains-idp');
});
after(() => stopSpWithOp({ sp, op }));

let n = 0;
const uniqueDomain = (): string => `corp${++n}-${Date.now().toString(36)}.example`;

async function oidcOrgWith(domains: unknown, extra: Record<string, unknown> = {}): Promise<{ org: SpOrg; res: Response }> {
  const org = await signupOrg(sp.url, 'domains');
  const client = op.addClient(`${sp.url}/sso/oidc/callback/${org.orgId}`);
  const res = await orgApi(sp.url, org, 'PUT', '/sso', {
    protocol: 'oidc',
    portalKey: `dom-${org.orgId.slice(0, 8)}`,
    oidcIssuer: op.oidc.issuer('org'),
    oidcClientId: client.client_id,
    oidcClientSecret: client.client_secret,
    domains,
    ...extra,
  });
  return { org, res };
}

const errorCode = async (res: Response): Promise<string> => ((await res.json()) as { error: { code: string } }).error.code;

async function signInWithEmail(browser: Browser, email: string, csrf?: string): Promise<Response> {
  const token = csrf ?? (await browser.csrf(`${sp.url}/signin`));
  return browser.postForm(`${sp.url}/sso/email`, { _csrf: token, email });
}

void describe('claiming domains', () => {
  void it('domains are stored lower-cased, once each, from a list (API) or a comma/space separated field (form)', async () => {
    const a = uniqueDomain();
    const b = uniqueDomain();
    const { org, res } = await oidcOrgWith([a.toUpperCase(), a, `${b}.`]);
    assert.equal(res.status, 200);
    assert.deepEqual(((await res.json()) as { domains: string[] }).domains, [a, b]);
    const csrf = await org.owner.csrf(`${sp.url}/settings/sso`);
    const page = await org.owner.postForm(`${sp.url}/settings/sso`, {
      _csrf: csrf,
      protocol: 'oidc',
      portalKey: `dom-${org.orgId.slice(0, 8)}`,
      oidcIssuer: op.oidc.issuer('org'),
      oidcClientId: ((await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as { oidcClientId: string }).oidcClientId,
      domains: `${b}, ${a}\n`,
    });
    assert.equal(page.status, 200);
    assert.equal(testIdAttr(await page.text(), 'sso-domains', 'value'), `${b}, ${a}`);
  });

  void it('a domain belongs to one organization: a second claim is 409 SSO_DOMAIN_TAKEN and changes nothing', async () => {
    const domain = uniqueDomain();
    assert.equal((await oidcOrgWith([domain])).res.status, 200);
    const { org, res } = await oidcOrgWith([uniqueDomain(), domain.toUpperCase()]);
    assert.equal(res.status, 409);
    assert.equal(await errorCode(res), 'SSO_DOMAIN_TAKEN');
    assert.equal(((await (await orgApi(sp.url, org, 'GET', '/sso')).json()) as { configured: boolean }).configured, false);
  });

  void it('the organization that holds a domain may save it again', async () => {
    const domain = uniqueDomain();
    const { org } = await oidcOrgWith([domain]);
    const again = await orgApi(sp.url, org, 'GET', '/sso');
    const body = (await again.json()) as { portalKey: string; oidcClientId: string };
    const client = op.addClient(`${sp.url}/sso/oidc/callback/${org.orgId}`);
    const res = await orgApi(sp.url, org, 'PUT', '/sso', {
      protocol: 'oidc',
      portalKey: body.portalKey,
      oidcIssuer: op.oidc.issuer('org'),
      oidcClientId: client.client_id,
      oidcClientSecret: client.client_secret,
      domains: [domain],
    });
    assert.equal(res.status, 200);
  });

  for (const bad of ['not a domain', '*.example.com', '127.0.0.1', 'localhost', 'example', '-bad.example', 'a..example', 42]) {
    void it(`${JSON.stringify(bad)} is refused with SSO_DOMAIN_INVALID`, async () => {
      const { res } = await oidcOrgWith([bad]);
      assert.equal(res.status, 400);
      assert.equal(await errorCode(res), 'SSO_DOMAIN_INVALID');
    });
  }
});

void describe('"Sign in with SSO" with a work email', () => {
  void it('the sign-in page offers it', async () => {
    const html = await (await new Browser().get(`${sp.url}/signin`)).text();
    assert.ok(html.includes('data-testid="signin-sso-email"'));
    assert.ok(html.includes('data-testid="signin-sso-submit"'));
  });

  void it('an email of a claimed domain goes to that organization\u2019s OP with login_hint (any letter case)', async () => {
    const domain = uniqueDomain();
    await oidcOrgWith([domain]);
    const email = `Ann@${domain.toUpperCase()}`;
    const res = await signInWithEmail(new Browser(), email);
    assert.equal(res.status, 302);
    const authorize = new URL(res.headers.get('location')!);
    assert.ok(authorize.href.startsWith(op.oidc.issuer('org')));
    assert.equal(authorize.searchParams.get('login_hint'), email);
  });

  void it('an email of a SAML organization\u2019s domain gets an AuthnRequest to its IdP', async () => {
    const org = await signupOrg(sp.url, 'domsaml');
    const domain = uniqueDomain();
    await configureSaml(sp.url, org, idp, `domsaml-${org.orgId.slice(0, 8)}`, { domains: [domain] });
    const res = await signInWithEmail(new Browser(), `bob@${domain}`);
    assert.equal(res.status, 302);
    const request = inflateRawSync(Buffer.from(new URL(res.headers.get('location')!).searchParams.get('SAMLRequest')!, 'base64')).toString();
    assert.match(request, /AuthnRequest/);
  });

  void it('an unclaimed domain or a malformed email is SSO_DOMAIN_UNKNOWN (404), and nothing is started', async () => {
    for (const email of [`ann@${uniqueDomain()}`, 'not an email', '', `${'a'.repeat(300)}@x.example`]) {
      const res = await signInWithEmail(new Browser(), email);
      assert.equal(res.status, 404, email);
      assert.equal(res.headers.get('location'), null);
      assert.equal(testIdAttr(await res.text(), 'sso-error', 'data-error-code'), 'SSO_DOMAIN_UNKNOWN');
    }
  });

  void it('without the form\u2019s CSRF token it is refused', async () => {
    const domain = uniqueDomain();
    await oidcOrgWith([domain]);
    const res = await new Browser().postForm(`${sp.url}/sso/email`, { email: `ann@${domain}` });
    assert.equal(res.status, 403);
  });
});

void describe('JIT inside the claimed domains', () => {
  void it('an email outside the domains is SSO_EMAIL_OUTSIDE_DOMAINS with nothing created; inside, a member', async () => {
    const org = await signupOrg(sp.url, 'domjit');
    const domain = uniqueDomain();
    const saml = await configureSaml(sp.url, org, idp, `domjit-${org.orgId.slice(0, 8)}`, { domains: [domain], provisioning: 'jit' });
    const before = await members(sp.url, org);
    const outside = await samlSignIn(new Browser(), saml, idp, `eve@${uniqueDomain()}`, `${sp.url}/sso?key=${saml.portalKey}`);
    assert.equal(outside.code, 'SSO_EMAIL_OUTSIDE_DOMAINS');
    assert.deepEqual(await members(sp.url, org), before);
    const inside = await samlSignIn(new Browser(), saml, idp, `ann@${domain}`, `${sp.url}/sso?key=${saml.portalKey}`);
    assert.equal(inside.location, '/home');
    assert.equal((await members(sp.url, org)).find((m) => m.email === `ann@${domain}`)?.role, 'member');
  });
});
