// Generic input shapes that break web servers: path segments with bad percent-encoding, odd query
// strings, header values, content types. Server-agnostic: both the SP's and the mock IdP's fuzz
// tests draw from here and add their own protocol-specific shapes.
import fc from 'fast-check';

/** Percent sequences a decoder may choke on: truncated, non-hex, overlong/invalid UTF-8, NUL, encoded / and \. */
export const BAD_PERCENT = ['%', '%%', '%2', '%zz', '%G0', '%c0%80', '%ed%a0%80', '%ff', '%fe%ff', '%e2%82', '%00', '%2f', '%2F', '%5c', '%2e', '%2e%2e', '%u0041', '%%32%65'] as const;

/** Characters that are legal on the wire in a request target but meaningful to routers and parsers. */
const TRICKY_PATH_CHARS = ['.', '..', ';', ':', '@', '!', '$', '&', "'", '(', ')', '*', '+', ',', '=', '~', '-', '_', '[', ']', '|', '^', '`', '{', '}', '"', '<', '>'] as const;

/** One percent-encoded byte, valid or not. */
export const percentByte: fc.Arbitrary<string> = fc.integer({ min: 0, max: 255 }).map((b) => `%${b.toString(16).padStart(2, '0')}`);

/** Text made of readable pieces, percent sequences (good and bad) and tricky characters. */
export function messyText(maxPieces = 8): fc.Arbitrary<string> {
  return fc
    .array(
      fc.oneof(
        { weight: 4, arbitrary: fc.string({ maxLength: 6, unit: 'grapheme-ascii' }) },
        { weight: 2, arbitrary: fc.constantFrom(...BAD_PERCENT) },
        { weight: 2, arbitrary: percentByte },
        { weight: 1, arbitrary: fc.constantFrom(...TRICKY_PATH_CHARS) },
        { weight: 1, arbitrary: fc.string({ maxLength: 3, unit: 'grapheme' }).map((s) => encodeURIComponent(s)) },
      ),
      { maxLength: maxPieces },
    )
    .map((parts) => parts.join(''));
}

/** Bytes allowed raw in an HTTP request target (node:http refuses the rest before sending). */
function wireSafe(s: string): string {
  return s.replace(/[^\x21-\x7e]/g, (c) => encodeURIComponent(c)).replace(/[#?/]/g, (c) => encodeURIComponent(c));
}

/** One path segment as it appears on the wire: no raw "/", "?" or "#", anything else goes. */
export const pathSegment: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: messyText().map(wireSafe) },
  { weight: 1, arbitrary: fc.constantFrom(...BAD_PERCENT) },
  { weight: 1, arbitrary: fc.webSegment() },
  { weight: 1, arbitrary: fc.constantFrom('', '.', '..', '%2e%2e', 'a'.repeat(300)) },
);

/** A query string (without "?"): repeated names, names without "=", bad percent-encoding, "[]" and "." names. */
export const queryString: fc.Arbitrary<string> = fc
  .array(
    fc.tuple(
      fc.oneof(fc.constantFrom('a', 'a[]', 'a[b]', '__proto__', 'constructor', 'x.y', ''), messyText(3).map(wireSafe)),
      fc.option(messyText(4).map(wireSafe), { nil: undefined }),
    ),
    { maxLength: 5 },
  )
  .map((pairs) => pairs.map(([k, v]) => (v === undefined ? k : `${k}=${v}`)).join('&'));

/** A header value node:http will send (visible ASCII, spaces, tabs; no CR/LF/NUL). */
export const headerValue: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 40, unit: 'grapheme-ascii' }).map((s) => s.replace(/[\r\n\0]/g, ' ')),
  fc.constantFrom('', ' ', '\t', ';', ',', '=', '"', 'null', 'undefined', '0', '-1', '1e309', 'a'.repeat(2000)),
);

/** Content types: the expected ones, with odd parameters, and wrong ones. */
export const contentType: fc.Arbitrary<string | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.constantFrom(
    'application/x-www-form-urlencoded',
    'application/x-www-form-urlencoded; charset=utf-8',
    'application/x-www-form-urlencoded; charset=utf-7',
    'application/x-www-form-urlencoded; charset=latin1',
    'application/json',
    'application/json; charset=utf-16',
    'application/json; charset=koi8-r',
    'application/merge-patch+json',
    'multipart/form-data',
    'multipart/form-data; boundary=',
    'multipart/form-data; boundary=x',
    'multipart/form-data; boundary="a b"',
    'text/plain',
    'text/xml',
    'application/xml',
    'application/octet-stream',
    '*/*',
    ';',
    'application/',
    'x'.repeat(300),
  ),
  headerValue,
);

/** Headers that change how a request is read or routed; values are odd on purpose. */
export const oddHeaders: fc.Arbitrary<Record<string, string>> = fc.dictionary(
  fc.constantFrom('accept', 'accept-encoding', 'accept-language', 'content-encoding', 'cookie', 'x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'origin', 'referer', 'authorization', 'x-csrf-token', 'range', 'if-none-match', 'expect', 'transfer-encoding'),
  headerValue,
  { maxKeys: 4 },
);

/** A body: empty, text, JSON-ish, binary, or very long. */
export const bodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constant(''),
  messyText(12),
  fc.json({ maxDepth: 3 }),
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc.constantFrom('{', '[', '"', 'null', '{"__proto__":{"x":1}}', '\u0000', '\ufeff{}', '%'),
);
