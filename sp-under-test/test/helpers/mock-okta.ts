// A person at the real mock IdP, at the HTTP level (no browser): follow the SP's redirect into the
// IdP, sign in on Okta's page when it asks, and stop where the IdP hands the browser back to the SP
// (a SAML auto-post form, or a redirect to the OIDC callback). Used by tests that run whole
// sign-ins through the mock IdP and the reference SP together.
import { Browser } from './http.ts';

const decode = (value: string): string =>
  value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

export type IdpHandBack =
  | { kind: 'saml-form'; action: string; SAMLResponse: string; RelayState: string | undefined }
  | { kind: 'redirect'; location: string }
  | { kind: 'page'; status: number; html: string };

/** Follows `url` through the IdP at `idpOrigin`, signing in as `login` once if asked. */
export async function throughOkta(browser: Browser, url: string, idpOrigin: string, login: string, password: string): Promise<IdpHandBack> {
  let next = url;
  let signedIn = false;
  for (let hop = 0; hop < 20; hop++) {
    const res = await browser.get(next);
    const location = res.headers.get('location');
    if (res.status >= 300 && res.status < 400 && location) {
      next = new URL(location, next).href;
      if (new URL(next).origin !== idpOrigin) return { kind: 'redirect', location: next };
      continue;
    }
    const html = await res.text();
    if (html.includes('data-testid="okta-signin-username"') && !signedIn) {
      signedIn = true;
      const fromURI = decode(/name="fromURI" value="([^"]*)"/.exec(html)?.[1] ?? '');
      const posted = await browser.postForm(new URL('/login/login.htm', idpOrigin).href, { username: login, password, fromURI });
      next = new URL(posted.headers.get('location') ?? '/login/login.htm', idpOrigin).href;
      continue;
    }
    const form = /<form[^>]*action="([^"]*)"[^>]*data-testid="saml-post-form"/.exec(html);
    const samlResponse = /name="SAMLResponse" value="([^"]*)"/.exec(html);
    if (form && samlResponse) {
      const relay = /name="RelayState" value="([^"]*)"/.exec(html);
      return { kind: 'saml-form', action: decode(form[1]!), SAMLResponse: decode(samlResponse[1]!), RelayState: relay ? decode(relay[1]!) : undefined };
    }
    return { kind: 'page', status: res.status, html };
  }
  throw new Error(`more than 20 redirects from ${url}`);
}
