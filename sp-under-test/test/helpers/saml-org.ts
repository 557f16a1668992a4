// SAML organizations for the HTTP tests of the guides' flows: an org whose IdP is the in-test IdP
// (test-idp.ts), SP-initiated starts, signed responses (solicited or not) and posting them to the ACS.
import assert from 'node:assert/strict';
import { inflateRawSync } from 'node:zlib';
import { Browser, testIdAttr } from './http.ts';
import { orgApi, type OrgRef } from './sp-org.ts';
import { b64, buildResponseXml, defaultFields, signResponseXml, type ResponseFields, type TestIdpKey } from './test-idp.ts';

export const TEST_IDP_ISSUER = 'http://127.0.0.1:9/exk-test-idp';

export interface SamlOrg extends OrgRef {
  portalKey: string;
  acsUrl: string;
  entityId: string;
}

/** The SAML settings of the in-test IdP, for PUT /api/orgs/:orgId/sso or the operator API. */
export function samlSettings(idp: TestIdpKey, portalKey: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { protocol: 'saml', portalKey, idpSsoUrl: 'http://127.0.0.1:9/app/sso/saml', idpIssuer: TEST_IDP_ISSUER, idpCertificate: idp.certificatePem, ...extra };
}

/** Configures SAML with the in-test IdP on an existing org. */
export async function configureSaml(spUrl: string, org: OrgRef, idp: TestIdpKey, portalKey: string, extra: Record<string, unknown> = {}): Promise<SamlOrg> {
  const res = await orgApi(spUrl, org, 'PUT', '/sso', samlSettings(idp, portalKey, extra));
  assert.equal(res.status, 200, await res.clone().text());
  const j = (await res.json()) as { spAcsUrl: string; spEntityId: string };
  return { ...org, portalKey, acsUrl: j.spAcsUrl, entityId: j.spEntityId };
}

/** The AuthnRequest ID of a redirect to the IdP. */
export function requestIdOf(res: Response): string {
  assert.equal(res.status, 302);
  const request = inflateRawSync(Buffer.from(new URL(res.headers.get('location')!).searchParams.get('SAMLRequest')!, 'base64')).toString();
  return /ID="([^"]+)"/.exec(request)![1]!;
}

/** A signed response from the in-test IdP; `inResponseTo` null is unsolicited (a dashboard tile). */
export function samlResponse(org: SamlOrg, idp: TestIdpKey, email: string, inResponseTo: string | null, patch: Partial<ResponseFields> = {}): string {
  const f = { ...defaultFields({ now: new Date(), idpIssuer: TEST_IDP_ISSUER, acsUrl: org.acsUrl, audience: org.entityId, email, inResponseTo }), ...patch };
  return signResponseXml(buildResponseXml(f), idp);
}

export interface Posted {
  status: number;
  code: string | undefined;
  location: string | null;
}

export async function postToAcs(browser: Browser, org: SamlOrg, xml: string): Promise<Posted> {
  const res = await browser.postForm(org.acsUrl, { SAMLResponse: b64(xml), RelayState: 'opaque' });
  return { status: res.status, code: testIdAttr(await res.text(), 'sso-error', 'data-error-code'), location: res.headers.get('location') };
}

/** A complete SP-initiated sign-in started at `startUrl` (portal URL, invitation link, …) in `browser`. */
export async function samlSignIn(browser: Browser, org: SamlOrg, idp: TestIdpKey, email: string, startUrl: string): Promise<Posted> {
  const requestId = requestIdOf(await browser.get(startUrl));
  return postToAcs(browser, org, samlResponse(org, idp, email, requestId));
}

/** The sso-error code of a page, if it is the refusal page. */
export async function refusalCode(res: Response): Promise<string | undefined> {
  return testIdAttr(await res.text(), 'sso-error', 'data-error-code');
}
