// The real mock IdP (createMockIdp) as the SP's IdP in HTTP tests: one user, a SAML app and an
// OIDC app pointed at an SP organization, and a walk through the IdP's pages (sign-in form
// included) with the SP tests' cookie jar. Used by the restart tests, which start and stop both servers.
import assert from 'node:assert/strict';
import { createMockIdp, type MockIdp } from '../../../mock-idp/index.ts';
import type { Browser } from './http.ts';

export const IDP_PASSWORD = 'correct horse battery staple';

export interface MockIdpForSp {
  idp: MockIdp;
  login: string;
  saml: { appId: string; ssoUrl: string; issuer: string; certificatePem: string };
  oidc: { appId: string; issuer: string; clientId: string; clientSecret: string };
}

/** A fresh mock IdP (new keys, a new port) whose apps send `login` to the SP org's ACS and callback. */
export async function startMockIdpFor(sp: { acsUrl: string; entityId: string; redirectUri: string }, login: string): Promise<MockIdpForSp> {
  const idp = await createMockIdp();
  const { control } = idp;
  const user = await control.createUser({ email: login, firstName: 'Alice', lastName: 'Example', password: IDP_PASSWORD });
  const samlApp = await control.createSamlApp({
    label: 'Reference SP',
    signOn: {
      ssoAcsUrl: sp.acsUrl,
      audience: sp.entityId,
      subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
      attributeStatements: [{ type: 'EXPRESSION', name: 'email', namespace: 'urn:oasis:names:tc:SAML:2.0:attrname-format:basic', values: ['user.email'] }],
    },
    userNameTemplate: '${source.email}',
  });
  await control.assignUserToApp(samlApp.id, user.id);
  const oidcApp = await control.createOidcApp({ label: 'Reference SP (OIDC)', oauthClient: { redirect_uris: [sp.redirectUri], response_types: ['code'], grant_types: ['authorization_code'] } });
  await control.assignUserToApp(oidcApp.id, user.id);
  const samlSetup = await control.getSamlSetup(samlApp.id);
  const oidcSetup = await control.getOidcSetup(oidcApp.id);
  return {
    idp,
    login,
    saml: { appId: samlApp.id, ssoUrl: samlSetup.ssoUrl, issuer: samlSetup.issuer, certificatePem: samlSetup.certificatePem },
    oidc: { appId: oidcApp.id, issuer: oidcSetup.issuer, clientId: oidcSetup.clientId, clientSecret: oidcSetup.clientSecret },
  };
}

const unescape = (v: string): string => v.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export interface IdpOutcome {
  /** A redirect that left the IdP (e.g. the OIDC callback), not fetched. */
  location?: string;
  /** The SAML auto-post form, to be posted by the caller. */
  samlForm?: { action: string; fields: Record<string, string> };
}

/** Opens `url` on the IdP and follows it there, signing in once when asked, until it leaves the IdP or shows a SAML form. */
export async function walkIdp(browser: Browser, url: string, login: string): Promise<IdpOutcome> {
  const origin = new URL(url).origin;
  let at = url;
  let res = await browser.get(url);
  let signedIn = false;
  for (let hop = 0; hop < 15; hop++) {
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      const next = new URL(location, at).href;
      if (new URL(next).origin !== origin) return { location: next };
      at = next;
      res = await browser.get(next);
      continue;
    }
    const html = await res.text();
    const form = /<form[^>]*action="([^"]*)"[^>]*data-testid="saml-post-form"/.exec(html);
    if (form) {
      const fields: Record<string, string> = {};
      for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = unescape(m[2]!);
      return { samlForm: { action: unescape(form[1]!), fields } };
    }
    assert.ok(html.includes('data-testid="okta-signin-username"') && !signedIn, `unexpected IdP page at ${at}: ${html.slice(0, 300)}`);
    signedIn = true;
    const fromURI = unescape(/name="fromURI" value="([^"]*)"/.exec(html)?.[1] ?? '');
    res = await browser.postForm(new URL('/login/login.htm', at).href, { username: login, password: IDP_PASSWORD, fromURI });
  }
  throw new Error(`too many redirects from ${url}`);
}
