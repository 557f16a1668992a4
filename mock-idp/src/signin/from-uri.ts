/**
 * `fromURI` is where the sign-in page sends the browser afterwards. Only a path on this org's own
 * origin is allowed, so the page can never be used as an open redirect: it must start with a single
 * `/`, and must not start with `//` or `/\` (browsers read both as another host), nor hold control
 * characters or backslashes anywhere.
 */
export const DEFAULT_FROM_URI = '/app/UserHome';

export function isSafeFromUri(value: string): boolean {
  if (!value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return false;
  // Control characters are exactly what must be refused here (browsers strip some, e.g. tab).
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return false;
  if (value.length > 16 * 1024) return false;
  // Resolving against a fixed origin must keep that origin (catches anything the rules above missed).
  const base = 'http://origin.invalid';
  try {
    return new URL(value, base).origin === base;
  } catch {
    return false;
  }
}
