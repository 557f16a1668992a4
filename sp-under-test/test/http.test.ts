// HTTP-level behaviour against a real listening SP (port 0), with fetch and a tiny cookie jar.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inflateRawSync } from 'node:zlib';
import { createReferenceSp } from '../index.ts';
import { Browser, testIdAttr, testIdText } from './helpers/http.ts';
import { signupOrg, type SpOrg } from './helpers/sp-org.ts';
import { makeTestIdpKey, type TestIdpKey } from './helpers/test-idp.ts';

let sp: { url: string; close(): Promise<void> };
let key: TestIdpKey;
before(async () => {
  sp = await createReferenceSp({ port: 0 });
  key = makeTestIdpKey();
});
after(async () => {
  await sp.close();
});

const signup = (): Promise<SpOrg> => signupOrg(sp.url, 'corp');

function api(token: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${sp.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
}

void describe('sign-up and sign-in', () => {
  void it('sign-up creates the org and its owner, signed in with a password', async () => {
    const { owner: browser, ownerEmail: email } = await signup();
    const html = await (await browser.get(`${sp.url}/home`)).text();
    assert.equal(testIdText(html, 'home-email'), email);
    assert.equal(testIdText(html, 'home-role'), 'owner');
    assert.equal(testIdText(html, 'home-auth-method'), 'password');
    assert.match(testIdText(html, 'home-organization') ?? '', /^corp org \d+$/);
  });

  void it('the session cookie is sp_session, HttpOnly and SameSite=Lax', async () => {
    const res = await fetch(`${sp.url}/signin`);
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('sp_session='));
    assert.ok(cookie);
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Lax/i);
  });

  void it('a duplicate email is a form error', async () => {
    const { ownerEmail: email } = await signup();
    const b = new Browser();
    const csrf = await b.csrf(`${sp.url}/signup`);
    const res = await b.postForm(`${sp.url}/signup`, { _csrf: csrf, organization: 'Again', email, password: 'another pass' });
    assert.equal(res.status, 409);
    assert.equal(testIdAttr(await res.text(), 'signup-error', 'data-error-code'), 'SIGNUP_EMAIL_TAKEN');
  });

  void it('a form post without the CSRF token is refused and changes nothing', async () => {
    const b = new Browser();
    await b.get(`${sp.url}/signup`);
    const res = await b.postForm(`${sp.url}/signup`, { organization: 'Evil', email: 'evil@evil.test', password: 'whatever12' });
    assert.equal(res.status, 403);
    assert.equal(testIdAttr(await res.text(), 'app-error', 'data-error-code'), 'CSRF_INVALID');
    assert.equal((await b.get(`${sp.url}/home`)).status, 303);
  });

  void it('a wrong password shows signin-error and keeps the browser signed out', async () => {
    const { ownerEmail: email } = await signup();
    const b = new Browser();
    const csrf = await b.csrf(`${sp.url}/signin`);
    const before = b.cookie('sp_session');
    const res = await b.postForm(`${sp.url}/signin`, { _csrf: csrf, email, password: 'wrong password' });
    assert.equal(res.status, 401);
    assert.equal(testIdAttr(await res.text(), 'signin-error', 'data-error-code'), 'SIGNIN_INVALID');
    assert.equal(b.cookie('sp_session'), before);
    assert.equal((await b.get(`${sp.url}/home`)).status, 303);
  });

  void it('/home without a session redirects to /signin', async () => {
    const res = await fetch(`${sp.url}/home`, { redirect: 'manual' });
    assert.equal(res.status, 303);
    assert.equal(res.headers.get('location'), '/signin');
  });
});

void describe('SSO settings', () => {
  void it('saves via the JSON API and returns the generated SP values', async () => {
    const { orgId, apiToken } = await signup();
    const res = await api(apiToken, 'PUT', `/api/orgs/${orgId}/sso`, {
      protocol: 'saml', portalKey: `acme-${orgId.slice(0, 8)}`, idpSsoUrl: 'http://127.0.0.1:9/sso', idpIssuer: 'http://idp.test/exk1', idpCertificate: key.certificateBody,
    });
    assert.equal(res.status, 200);
    const body = (await res.json()) as Record<string, unknown>;
    assert.equal(body.spEntityId, `${sp.url}/sso/saml/metadata/${orgId}`);
    assert.equal(body.spAcsUrl, `${sp.url}/sso/saml/acs/${orgId}`);
    assert.equal(body.spPortalUrl, `${sp.url}/sso?key=acme-${orgId.slice(0, 8)}`);
    assert.equal(body.provisioning, 'invite-only');
    const metadata = await (await fetch(String(body.spEntityId))).text();
    assert.match(metadata, new RegExp(`entityID="${String(body.spEntityId).replace(/[.?]/g, '\\$&')}"`));
  });

  void it('saves via the form (multipart, metadata upload) and shows the generated values', async () => {
    const { owner: browser, orgId } = await signup();
    const csrf = await browser.csrf(`${sp.url}/settings/sso`);
    const md = `<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="http://idp.test/exkMD"><md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol"><md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>${key.certificateBody}</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor><md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="http://idp.test/app/sso/saml"/></md:IDPSSODescriptor></md:EntityDescriptor>`;
    const form = new FormData();
    form.set('_csrf', csrf);
    form.set('protocol', 'saml');
    form.set('portalKey', `form-${orgId.slice(0, 8)}`);
    form.set('idpMetadata', new Blob([md], { type: 'text/xml' }), 'metadata.xml');
    form.set('provisioning', 'jit');
    form.set('enforcement', 'mixed');
    const res = await browser.request(`${sp.url}/settings/sso`, { method: 'POST', body: form });
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.ok(html.includes('data-testid="sso-settings-saved"'));
    assert.equal(testIdText(html, 'sso-sp-acs-url'), `${sp.url}/sso/saml/acs/${orgId}`);
    assert.equal(testIdText(html, 'sso-sp-entity-id'), `${sp.url}/sso/saml/metadata/${orgId}`);
    assert.equal(testIdText(html, 'sso-sp-portal-url'), `${sp.url}/sso?key=form-${orgId.slice(0, 8)}`);
    assert.equal(testIdText(html, 'sso-current-idp-issuer'), 'http://idp.test/exkMD');
  });

  void it('invalid metadata in the form shows SSO_METADATA_INVALID and keeps the input', async () => {
    const { owner: browser } = await signup();
    const csrf = await browser.csrf(`${sp.url}/settings/sso`);
    const res = await browser.postForm(`${sp.url}/settings/sso`, { _csrf: csrf, portalKey: 'kept-key-value', idpMetadataXml: 'not xml at all' });
    assert.equal(res.status, 400);
    const html = await res.text();
    assert.equal(testIdAttr(html, 'sso-settings-error', 'data-error-code'), 'SSO_METADATA_INVALID');
    assert.equal(testIdAttr(html, 'sso-portal-key', 'value'), 'kept-key-value');
  });

  void it('a portal key used by another org is refused', async () => {
    const a = await signup();
    const b = await signup();
    const body = { portalKey: `shared-${a.orgId.slice(0, 6)}`, idpSsoUrl: 'http://idp.test/sso', idpIssuer: 'i', idpCertificate: key.certificatePem };
    assert.equal((await api(a.apiToken, 'PUT', `/api/orgs/${a.orgId}/sso`, body)).status, 200);
    const res = await api(b.apiToken, 'PUT', `/api/orgs/${b.orgId}/sso`, body);
    assert.equal(res.status, 409);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'SSO_PORTAL_KEY_TAKEN');
  });

  void it('the API refuses malformed JSON with 400 and keeps serving', async () => {
    const { orgId, apiToken } = await signup();
    const res = await api(apiToken, 'PUT', `/api/orgs/${orgId}/sso`, '{"portalKey": ');
    assert.equal(res.status, 400);
    assert.equal(((await res.json()) as { error: { code: string } }).error.code, 'BAD_REQUEST');
    assert.equal((await api(apiToken, 'GET', `/api/orgs/${orgId}/sso`)).status, 200);
  });

  void it("the API refuses another org's token and a missing token", async () => {
    const a = await signup();
    const b = await signup();
    assert.equal((await api(b.apiToken, 'GET', `/api/orgs/${a.orgId}/sso`)).status, 403);
    assert.equal((await fetch(`${sp.url}/api/orgs/${a.orgId}/sso`)).status, 401);
  });

  void it('invitations via the API show up as invited members', async () => {
    const { orgId, apiToken, owner: browser } = await signup();
    const res = await api(apiToken, 'POST', `/api/orgs/${orgId}/invitations`, { email: 'New.Person@Corp.Example' });
    assert.equal(res.status, 201);
    const members = (await (await api(apiToken, 'GET', `/api/orgs/${orgId}/members`)).json()) as { members: Array<{ email: string; status: string }> };
    assert.deepEqual(members.members.find((m) => m.email === 'new.person@corp.example')?.status, 'invited');
    const html = await (await browser.get(`${sp.url}/settings/members`)).text();
    assert.match(html, /data-testid="member-row" data-email="new.person@corp.example" data-status="invited"/);
  });
});

void describe('/sso', () => {
  void it('an unknown portal key is a 404 refusal with SSO_UNKNOWN_PORTAL_KEY', async () => {
    const res = await fetch(`${sp.url}/sso?key=nobody-uses-this`);
    assert.equal(res.status, 404);
    const html = await res.text();
    assert.equal(testIdAttr(html, 'sso-error', 'data-error-code'), 'SSO_UNKNOWN_PORTAL_KEY');
    assert.equal(testIdText(html, 'sso-error-code'), 'SSO_UNKNOWN_PORTAL_KEY');
  });

  void it('without a key it shows the portal key form', async () => {
    const html = await (await fetch(`${sp.url}/sso`)).text();
    assert.ok(html.includes('data-testid="sso-portal-key"'));
    assert.ok(html.includes('data-testid="sso-portal-submit"'));
  });

  void it('a known key redirects to the IdP with a deflated AuthnRequest and an opaque RelayState', async () => {
    const { orgId, apiToken } = await signup();
    const portalKey = `redir-${orgId.slice(0, 8)}`;
    await api(apiToken, 'PUT', `/api/orgs/${orgId}/sso`, { portalKey, idpSsoUrl: 'http://127.0.0.1:9/app/sso/saml', idpIssuer: 'i', idpCertificate: key.certificateBody });
    const res = await new Browser().get(`${sp.url}/sso?key=${portalKey}`);
    assert.equal(res.status, 302);
    const location = new URL(res.headers.get('location')!);
    assert.equal(`${location.origin}${location.pathname}`, 'http://127.0.0.1:9/app/sso/saml');
    const request = inflateRawSync(Buffer.from(location.searchParams.get('SAMLRequest')!, 'base64')).toString();
    assert.match(request, new RegExp(`AssertionConsumerServiceURL="${sp.url}/sso/saml/acs/${orgId}"`));
    assert.match(request, new RegExp(`<saml:Issuer[^>]*>${sp.url}/sso/saml/metadata/${orgId}</saml:Issuer>`));
    const relayState = location.searchParams.get('RelayState') ?? '';
    assert.match(relayState, /^[A-Za-z0-9_-]{16,}$/);
  });

  void it('an org without SSO configured is refused with SSO_NOT_CONFIGURED at the ACS', async () => {
    const { orgId } = await signup();
    const res = await fetch(`${sp.url}/sso/saml/acs/${orgId}`, { method: 'POST', body: new URLSearchParams({ SAMLResponse: 'PHg+' }) });
    assert.equal(testIdAttr(await res.text(), 'sso-error', 'data-error-code'), 'SSO_NOT_CONFIGURED');
  });

  void it('a malformed ACS POST is a coded refusal and the server keeps serving', async () => {
    const { orgId, apiToken } = await signup();
    await api(apiToken, 'PUT', `/api/orgs/${orgId}/sso`, { portalKey: `mal-${orgId.slice(0, 8)}`, idpSsoUrl: 'http://idp.test/sso', idpIssuer: 'i', idpCertificate: key.certificateBody });
    const bodies = ['', 'not base64 !!!', Buffer.from('<not-xml').toString('base64'), Buffer.from('<!DOCTYPE x [<!ENTITY e SYSTEM "http://127.0.0.1:9/">]><x>&e;</x>').toString('base64')];
    for (const SAMLResponse of bodies) {
      const res = await fetch(`${sp.url}/sso/saml/acs/${orgId}`, { method: 'POST', body: new URLSearchParams({ SAMLResponse }) });
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.equal(testIdAttr(html, 'sso-error', 'data-error-code'), 'SSO_MALFORMED_RESPONSE');
      assert.doesNotMatch(html, /at .*\.ts:\d+/);
    }
    assert.equal((await fetch(`${sp.url}/signin`)).status, 200);
  });
});
