// target_link_uri (initiate login) is attacker-controllable: it is followed only when it stays on
// this SP. A relative path ("/home"), or an absolute URL on the SP's own origin, becomes a path;
// anything else (other origins, "//evil", "/\evil", javascript:) falls back to /home.
export const DEFAULT_RETURN_PATH = '/home';

export function safeReturnPath(target: string | undefined, baseUrl: string): string {
  if (!target) return DEFAULT_RETURN_PATH;
  let url: URL;
  try {
    url = new URL(target, baseUrl);
  } catch {
    return DEFAULT_RETURN_PATH;
  }
  const relative = target.startsWith('/') && !target.startsWith('//') && !target.startsWith('/\\');
  const absoluteHere = /^https?:\/\//i.test(target) && url.origin === new URL(baseUrl).origin;
  if (!relative && !absoluteHere) return DEFAULT_RETURN_PATH;
  if (url.origin !== new URL(baseUrl).origin) return DEFAULT_RETURN_PATH;
  return `${url.pathname}${url.search}`;
}
