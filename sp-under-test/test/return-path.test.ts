// The target_link_uri rule (issue 8: open redirect after a complete sign-in). A table of known
// bypass forms, then properties: whatever the input, the answer is a path that stays on the SP
// (from its root and from any page of it, as a browser resolves a Location header), and a plain
// path on the SP is kept as it is.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { BAD_PERCENT, checkProperty } from '../../test-support/fuzz/index.ts';
import { DEFAULT_RETURN_PATH, isSafeReturnPath, MAX_RETURN_PATH_LENGTH, safeReturnPath } from '../src/oidc/checks/return-path.ts';

const BASE = 'http://127.0.0.1:7100';

/** Where a browser on `page` goes with this Location. */
const landsOn = (location: string, page = `${BASE}/sso/oidc/callback/org1?code=c&state=s`): string => new URL(location, page).origin;

void describe('safeReturnPath: known bypass forms fall back to /home', () => {
  const bypasses = [
    '//evil.example',
    '///evil.example',
    '/\\evil.example',
    '\\/evil.example',
    '/.//evil.example',
    '/./\\evil.example',
    '/%2e//evil.example',
    '/%2E//evil.example',
    '/%2e%2e//evil.example',
    '/..//evil.example',
    '/a/..//evil.example',
    '/a/%2e%2e//evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    ' //evil.example',
    '/\\\\evil.example',
    '/.\\/evil.example',
    `${BASE}/.//evil.example`,
    `${BASE}//evil.example`,
    `${BASE}/..//evil.example`,
    'http://evil.example/',
    'https://evil.example/',
    'HTTPS://evil.example/',
    'http:evil.example',
    'http:/evil.example',
    'http://127.0.0.1:7100@evil.example/',
    'http://user:pw@127.0.0.1:7100/home',
    'http://127.0.0.1:7101/home',
    'https://127.0.0.1:7100/home',
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    '/%0d%0aLocation:%20http://evil.example',
    `/${'a'.repeat(MAX_RETURN_PATH_LENGTH)}`,
  ];
  for (const target of bypasses) {
    void it(`${JSON.stringify(target).slice(0, 60)} → a path on the SP`, () => {
      const path = safeReturnPath(target, BASE);
      assert.ok(isSafeReturnPath(path, BASE), path);
      assert.equal(landsOn(path), BASE);
    });
  }
  void it('the scheme-relative normalizations give exactly /home', () => {
    for (const target of ['/.//evil.example', '/%2e//evil', '/a/..//evil', '/./\\evil', '/..//evil.example/x']) assert.equal(safeReturnPath(target, BASE), DEFAULT_RETURN_PATH, target);
  });
  void it('a CR/LF in the target never reaches the Location header raw', () => {
    assert.doesNotMatch(safeReturnPath('/%0d%0aLocation:%20http://evil.example', BASE), /[\r\n]/);
  });
});

void describe('safeReturnPath: properties', () => {
  // Pieces an attacker would combine, plus anything at all.
  const piece = fc.oneof(
    fc.constantFrom('/', '//', '\\', '.', '..', '%2e', '%2E', '%2f', '%2F', '%5c', '%5C', '\t', '\n', '\r', ' ', '\u0000', '@', ':', '#', '?', 'evil.example', 'http:', 'https:', 'javascript:', '127.0.0.1:7100', 'home', '\u3002', '\uff0f', '\uff3c'),
    fc.constantFrom(...BAD_PERCENT),
    fc.string({ maxLength: 4, unit: 'grapheme' }),
  );
  const target = fc.oneof(
    fc.array(piece, { maxLength: 10 }).map((p) => p.join('')),
    fc.array(piece, { maxLength: 10 }).map((p) => `/${p.join('')}`),
    fc.array(piece, { maxLength: 10 }).map((p) => `${BASE}/${p.join('')}`),
    fc.string({ maxLength: 40, unit: 'binary' }),
    fc.webUrl().map(String),
  );

  void it('whatever the input, the answer is path-absolute, printable, and stays on the SP from any of its pages', () => {
    checkProperty(
      fc.property(target, fc.webPath(), (t, page) => {
        const path = safeReturnPath(t, BASE);
        assert.ok(isSafeReturnPath(path, BASE), `${JSON.stringify(t)} → ${JSON.stringify(path)}`);
        assert.match(path, /^\/(?![/\\])[\x21-\x7e]*$/);
        assert.equal(landsOn(path), BASE);
        assert.equal(landsOn(path, `${BASE}/${page.replace(/^\/+/, '')}`), BASE);
      }),
      { numRuns: 3000 },
    );
  });

  void it('a plain path on the SP (with a query) is followed as it is', () => {
    const segment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/);
    const query = fc.option(fc.stringMatching(/^[A-Za-z0-9=&_-]{1,20}$/), { nil: undefined });
    checkProperty(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), query, (segments, q) => {
        const path = `/${segments.join('/')}${q === undefined ? '' : `?${q}`}`;
        assert.equal(safeReturnPath(path, BASE), path);
        assert.equal(safeReturnPath(`${BASE}${path}`, BASE), path);
      }),
      { numRuns: 500 },
    );
  });
});
