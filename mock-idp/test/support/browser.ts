/**
 * Just enough browser for SAML and OIDC flows over real HTTP: a cookie jar (names only; every test
 * server is on 127.0.0.1, like the real harness), manual redirects, form posts, and reading the IdP's
 * auto-submitting forms and dashboard.
 */
import { cookieHeader, rememberCookies } from '../../../test-support/cookies.ts';

export class TestBrowser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    const response = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader(this.cookies) } });
    rememberCookies(this.cookies, response);
    return response;
  }

  async post(url: string, form: Record<string, string>): Promise<Response> {
    const response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: cookieHeader(this.cookies), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(),
    });
    rememberCookies(this.cookies, response);
    return response;
  }

  /**
   * Follows redirects from `url` while they stay on `origin` (the IdP); returns the first location
   * that leaves it (an app's redirect URI: never fetched), or the page the IdP ended on.
   */
  async followWithin(url: string, origin: string): Promise<{ location: string | undefined; response: Response }> {
    let next = url;
    for (let hop = 0; hop < 10; hop++) {
      const response = await this.get(next);
      const location = response.headers.get('location');
      if (!location) return { location: undefined, response };
      next = new URL(location, next).href;
      if (new URL(next).origin !== origin) return { location: next, response };
    }
    throw new Error('too many redirects');
  }

  /** Follows redirects (GET) until a page answers; `first` may already be a response. */
  async follow(first: Response, base: string): Promise<{ response: Response; url: string }> {
    let response = first;
    let url = base;
    for (let hop = 0; hop < 10 && response.status >= 300 && response.status < 400; hop++) {
      url = new URL(response.headers.get('location')!, url).href;
      response = await this.get(url);
    }
    return { response, url };
  }
}

export interface AutoPostForm {
  action: string;
  SAMLResponse: string;
  RelayState: string | undefined;
}

const unescape = (value: string): string =>
  value.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** The SAML HTTP-POST form the IdP renders, or undefined when the page has none. */
export function readAutoPostForm(html: string): AutoPostForm | undefined {
  const form = /<form[^>]*action="([^"]*)"[^>]*data-testid="saml-post-form"/.exec(html);
  const response = /name="SAMLResponse" value="([^"]*)"/.exec(html);
  if (!form || !response) return undefined;
  const relay = /name="RelayState" value="([^"]*)"/.exec(html);
  return { action: unescape(form[1]!), SAMLResponse: unescape(response[1]!), RelayState: relay ? unescape(relay[1]!) : undefined };
}

/** Every hidden field of the SAML HTTP-POST form (SAMLRequest or SAMLResponse, RelayState), by name. */
export function samlPostFields(html: string): Record<string, string> {
  const form = /<form[^>]*data-testid="saml-post-form"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  return Object.fromEntries([...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)]));
}

export function errorCodeOf(html: string): string | undefined {
  return /data-testid="okta-error" data-error-code="([^"]*)"/.exec(html)?.[1];
}

export function signInErrorCodeOf(html: string): string | undefined {
  return /data-testid="okta-signin-error" data-error-code="([^"]*)"/.exec(html)?.[1];
}

export function isSignInPage(html: string): boolean {
  return html.includes('data-testid="okta-signin-username"');
}

/** The hidden fromURI of the sign-in form. */
export function fromUriOf(html: string): string {
  return unescape(/name="fromURI" value="([^"]*)"/.exec(html)?.[1] ?? '');
}

/** The id_token form an Okta Simplified tile renders, or undefined. */
export function readIdTokenForm(html: string): { action: string; idToken: string } | undefined {
  const form = /<form[^>]*action="([^"]*)"[^>]*data-testid="oidc-post-form"/.exec(html);
  const token = /name="id_token" value="([^"]*)"/.exec(html);
  return form && token ? { action: unescape(form[1]!), idToken: unescape(token[1]!) } : undefined;
}

/** Every field of the form an Okta Simplified tile renders (faults may add or remove some), in order. */
export function readPostFields(html: string): [string, string][] {
  const form = /<form[^>]*data-testid="oidc-post-form"[^>]*>([\s\S]*?)<\/form>/.exec(html)?.[1] ?? '';
  return [...form.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [unescape(m[1]!), unescape(m[2]!)]);
}

export interface Tile {
  label: string;
  appId: string;
  href: string;
}

/** The dashboard's app tiles, in page order. */
export function tilesOf(html: string): Tile[] {
  return [...html.matchAll(/<a data-testid="app-tile" data-app-label="([^"]*)" data-app-id="([^"]*)" href="([^"]*)"/g)].map((match) => ({
    label: unescape(match[1]!),
    appId: unescape(match[2]!),
    href: unescape(match[3]!),
  }));
}
