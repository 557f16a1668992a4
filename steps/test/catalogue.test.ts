import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { MUTATIONS } from '../../mock-idp/src/faults/registry.ts';
import { readFault } from '../../mock-idp/src/faults/read-fault.ts';
import { Issues } from '../../mock-idp/src/tenant/fields.ts';
import { featureText } from '../../scripts/security-features.ts';
import { catalogue, CATALOGUE_DIR, CatalogueError, parseCatalogue } from '../security/catalogue.ts';
import { fillPlaceholders } from '../security/placeholders.ts';

describe('security catalogue', () => {
  test('it has at least 100 SAML and 30 OIDC attacks, and positive controls for both', () => {
    const saml = catalogue('saml');
    const oidc = catalogue('oidc');
    assert.ok(saml.filter((c) => !c.control).length >= 100, `SAML attacks: ${saml.filter((c) => !c.control).length}`);
    assert.ok(oidc.filter((c) => !c.control).length >= 30, `OIDC attacks: ${oidc.filter((c) => !c.control).length}`);
    assert.ok(saml.some((c) => c.control) && oidc.some((c) => c.control));
    // PKCE downgrade (both discovery answers) and freshness: judged on what the SP sent (RFC 9700 §2.1.1, §4.8).
    assert.deepEqual(
      oidc.filter((c) => c.expect === 'strong-requests').map((c) => `${c.id} ${c.flow}`),
      ['oidc-pkce-downgrade-plain configuration', 'oidc-pkce-downgrade-unadvertised configuration', 'oidc-fresh-request-values code'],
    );
    // XSW1–8 each in the three signing layouts (NEGATIVE-CASES: "Libraries commonly found failing").
    for (let variant = 1; variant <= 8; variant += 1) {
      for (const layout of ['response', 'assertion', 'both']) assert.ok(saml.some((c) => c.id === `saml-xsw${variant}-signed-${layout}`), `XSW${variant} ${layout}`);
    }
  });

  test('the feature files list exactly the catalogue (run `npm run catalogue` after editing the YAML)', () => {
    for (const protocol of ['saml', 'oidc'] as const) {
      assert.equal(readFileSync(join(CATALOGUE_DIR, '..', `${protocol}.feature`), 'utf8'), featureText(protocol), `${protocol}.feature is stale`);
    }
  });

  test('every case is a fault the mock IdP accepts: known mutations with valid params', () => {
    const references = { appId: (v: string) => v, userId: (v: string) => v };
    for (const protocol of ['saml', 'oidc'] as const) {
      for (const c of catalogue(protocol)) {
        if (c.mutations.length === 0) continue;
        const mutations = fillPlaceholders(c.mutations, {
          victimEmail: 'victim@corp.test',
          dormantEmail: 'dormant@corp.test',
          attackerEmail: 'mallory@corp.test',
          canaryUrl: 'http://127.0.0.1:9/mock/v1/canary/x',
          otherAppId: '0oa1a2b3c4d5e6f7g8h9',
          acsUrl: 'http://127.0.0.1:9/sso/saml/acs/org',
        });
        const issues = new Issues();
        readFault({ label: c.id, appId: 'app', mutations }, '', issues, MUTATIONS, references);
        assert.deepEqual(issues.lines(), [], `${c.id}: the mock refuses its fault`);
      }
    }
  });

  test('a matrix expands to every combination, or pairwise with zip, filling placeholders with their own types', () => {
    const cases = parseCatalogue(
      `cases:
  - id: x{n}-{l}
    title: "case {n} {l}"
    source: test
    matrix: { n: [1, 2], l: [a, b] }
    fault: [{ name: m, params: { n: "{n}", text: "n={n}", keep: "{original}" } }]
  - id: z-{k}
    title: zip
    source: test
    matrix: { k: [p, q], v: [1, 2] }
    zip: true
    fault: [{ name: m, params: { v: "{v}" } }]
`,
      'saml',
      'test.yaml',
    );
    assert.deepEqual(
      cases.map((c) => c.id),
      ['x1-a', 'x1-b', 'x2-a', 'x2-b', 'z-p', 'z-q'],
    );
    assert.deepEqual(cases[2]!.mutations, [{ name: 'm', params: { n: 2, text: 'n=2', keep: '{original}' } }]);
    assert.deepEqual(cases[5]!.mutations, [{ name: 'm', params: { v: 2 } }]);
  });

  test('a signing layout becomes a sign mutation placed first', () => {
    const [c] = parseCatalogue('cases:\n  - { id: a, title: t, source: s, signing: assertion, fault: [{ name: m }] }\n', 'saml', 't.yaml');
    assert.deepEqual(c!.mutations, [{ name: 'sign', params: { response: 'unsigned', assertion: 'sign' } }, { name: 'm' }]);
  });

  test('a broken catalogue is refused with a coded error naming the case', () => {
    const broken = [
      'cases:\n  - { id: a, title: t, source: s, fault: [], colour: red }\n',
      'cases:\n  - { id: a, title: t, source: s, fault: [] }\n  - { id: a, title: t, source: s, fault: [] }\n',
      'controls:\n  - { id: a, title: t, source: s, fault: [] }\n',
      'cases:\n  - { id: a, title: t, source: s, flow: code, fault: [] }\n',
      'cases:\n  - { id: A, title: t, source: s, fault: [] }\n',
      'cases:\n  - { id: a, title: t, fault: [] }\n',
      'cases:\n  - { id: a, title: t, source: s }\n',
    ];
    for (const text of broken) assert.throws(() => parseCatalogue(text, 'saml', 'bad.yaml'), (error: unknown) => error instanceof CatalogueError && error.code === 'HARNESS_CATALOGUE_INVALID', text);
  });
});
