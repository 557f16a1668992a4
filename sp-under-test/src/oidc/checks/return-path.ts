// target_link_uri (initiate login) is attacker-controllable: it is followed only when it stays on
// this SP. A path ("/home?tab=1"), or an absolute http(s) URL on the SP's own origin, becomes a
// path; anything else falls back to /home.
//
// The rule is structural, not a list of bad prefixes: the WHATWG URL parser (the one browsers use
// to resolve a Location header) reads the target against the SP's origin, and the answer is built
// only from the parsed path and query. That output is then checked for the one shape that can never
// leave the SP, whatever the input was: a single "/" followed by something other than "/" or "\"
// (so never scheme-relative, "//evil" or "/\evil"), printable ASCII only (the parser percent-encodes
// the rest; no tab or newline a browser would strip), and resolving to the SP's origin against any
// page of the SP. Inputs the parser normalizes into such a shape ("/.//evil", "/%2e//evil",
// "/a/..//evil", "/\t/evil") therefore fall back to /home instead of being guessed at.
export type ReturnPath = string & { readonly __returnPath: true };

export const DEFAULT_RETURN_PATH = '/home' as ReturnPath;
/** Longer targets are not followed (and are never stored with a pending sign-in). */
export const MAX_RETURN_PATH_LENGTH = 2048;

const PATH_ABSOLUTE = /^\/(?:[\x21-\x2e\x30-\x5b\x5d-\x7e][\x21-\x7e]*)?$/;
const HTTP_URL = /^https?:\/\//i;

/** The invariant every ReturnPath satisfies, whatever it was made from. */
export function isSafeReturnPath(path: string, baseUrl: string): path is ReturnPath {
  if (path.length > MAX_RETURN_PATH_LENGTH || !PATH_ABSOLUTE.test(path)) return false;
  const base = new URL(baseUrl);
  // Resolved from the SP's root and from a deep page of it, it stays on the SP's origin.
  return new URL(path, base).origin === base.origin && new URL(path, new URL('/a/b/c?d#e', base)).origin === base.origin;
}

export function safeReturnPath(target: string | undefined, baseUrl: string): ReturnPath {
  if (!target || target.length > MAX_RETURN_PATH_LENGTH) return DEFAULT_RETURN_PATH;
  if (!target.startsWith('/') && !HTTP_URL.test(target)) return DEFAULT_RETURN_PATH;
  const base = new URL(baseUrl);
  let url: URL;
  try {
    url = new URL(target, base);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  if (url.origin !== base.origin || url.username || url.password) return DEFAULT_RETURN_PATH;
  const path = `${url.pathname}${url.search}`;
  return isSafeReturnPath(path, baseUrl) ? path : DEFAULT_RETURN_PATH;
}
