// fetch with a tiny cookie jar (one per simulated browser), no redirects followed automatically.
import { cookieHeader, rememberCookies } from '../../../test-support/cookies.ts';

export class Browser {
  private readonly cookies = new Map<string, string>();

  async request(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size > 0) headers.set('cookie', cookieHeader(this.cookies));
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    rememberCookies(this.cookies, res);
    return res;
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  get(url: string): Promise<Response> {
    return this.request(url);
  }

  postForm(url: string, fields: Record<string, string>): Promise<Response> {
    return this.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    });
  }

  /**
   * Follows redirects from `url` (as a browser would, sharing this jar) until one points at
   * `stopOrigin`: that location is returned, not fetched. Without such a redirect, the last page.
   */
  async followUntil(url: string, stopOrigin: string, maxHops = 12): Promise<{ location: string | undefined; response: Response }> {
    let next = url;
    for (let hop = 0; hop < maxHops; hop++) {
      const response = await this.get(next);
      const location = response.headers.get('location');
      if (!location) return { location: undefined, response };
      next = new URL(location, next).href;
      if (new URL(next).origin === stopOrigin) return { location: next, response };
    }
    throw new Error(`more than ${maxHops} redirects from ${url}`);
  }

  /** GET a page and return its CSRF token. */
  async csrf(url: string): Promise<string> {
    const html = await (await this.get(url)).text();
    const m = /name="_csrf" value="([^"]+)"/.exec(html);
    if (!m) throw new Error(`no CSRF token on ${url}`);
    return m[1]!;
  }
}

export function testIdAttr(html: string, testid: string, attr: string): string | undefined {
  const re = new RegExp(`<[^>]*data-testid="${testid}"[^>]*>`);
  const tag = re.exec(html)?.[0];
  if (!tag) return undefined;
  return new RegExp(`${attr}="([^"]*)"`).exec(tag)?.[1];
}

export function testIdText(html: string, testid: string): string | undefined {
  const m = new RegExp(`data-testid="${testid}"[^>]*>([^<]*)<`).exec(html);
  return m?.[1]?.replace(/&amp;/g, '&').replace(/&#39;/g, "'").replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>');
}
