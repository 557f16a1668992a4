// The cookie jar the tests' fetch-based browsers share (mock-idp's TestBrowser, the reference SP's
// Browser): names only, since every test server is on 127.0.0.1, as in the real harness.

/** The Cookie header for what the jar holds ('' when empty). */
export function cookieHeader(jar: ReadonlyMap<string, string>): string {
  return [...jar].map(([name, value]) => `${name}=${value}`).join('; ');
}

/** Takes a response's Set-Cookie lines into the jar: an empty value or an expiry in 1970 deletes the cookie. */
export function rememberCookies(jar: Map<string, string>, response: Response): void {
  for (const line of response.headers.getSetCookie()) {
    const [pair = ''] = line.split(';');
    const index = pair.indexOf('=');
    const name = pair.slice(0, index).trim();
    const value = pair.slice(index + 1).trim();
    if (value === '' || /expires=Thu, 01 Jan 1970/i.test(line)) jar.delete(name);
    else jar.set(name, value);
  }
}
