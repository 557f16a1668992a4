/**
 * Okta's TrustedOrigin body (okta-mgmt.yaml): `{ name, origin, scopes: [{ type: CORS | REDIRECT }] }`,
 * read the same way by the tenant file (`trustedOrigins:`) and POST/PUT /api/v1/trustedOrigins.
 * `origin` is an http(s) origin and nothing more (no path, query or fragment).
 */
import { Issues, isObject, join, readArray, readString, type Fields } from './fields.ts';
import { TRUSTED_ORIGIN_SCOPES, type TrustedOriginInput, type TrustedOriginScope } from './trusted-origins.ts';

/** The origin a URL names, or undefined when the text is more than an http(s) origin. */
export function originOf(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  if (url.pathname !== '/' || url.search || url.hash || url.username || url.password) return undefined;
  return url.origin;
}

export function readTrustedOriginInput(body: Fields, path: string, issues: Issues, base?: TrustedOriginInput): TrustedOriginInput {
  const name = readString(body, 'name', path, issues, { required: !base, maxLength: 255 }) || base?.name || '';
  const originText = readString(body, 'origin', path, issues, { required: !base, maxLength: 1024 });
  let origin = base?.origin ?? '';
  if (originText) {
    const read = originOf(originText);
    if (read) origin = read;
    else issues.add(join(path, 'origin'), 'must be an http(s) origin: scheme://host[:port], no path');
  }
  let scopes = base?.scopes ?? [];
  if (body['scopes'] !== undefined || !base) {
    const read: TrustedOriginScope[] = [];
    readArray(body, 'scopes', path, issues).forEach((item, index) => {
      const type = isObject(item) ? item['type'] : undefined;
      if (typeof type === 'string' && (TRUSTED_ORIGIN_SCOPES as readonly string[]).includes(type)) {
        if (!read.includes(type as TrustedOriginScope)) read.push(type as TrustedOriginScope);
      } else issues.add(join(join(join(path, 'scopes'), index), 'type'), `must be one of ${TRUSTED_ORIGIN_SCOPES.join(', ')}`);
    });
    if (read.length === 0 && issues.empty) issues.add(join(path, 'scopes'), 'needs at least one of CORS, REDIRECT');
    scopes = read;
  }
  return { name, origin, scopes };
}
