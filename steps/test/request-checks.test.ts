// The rows a strong-requests case judges the SP's own authorization requests by, and the judge's
// verdicts on them: each weakness named, the SP declining the OP counted as secure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AttemptResult } from '../security/agent.ts';
import { parseCatalogue, type SecurityCase } from '../security/catalogue.ts';
import { entropyShortfall, REQUEST_CHECK_NAMES, requestWeaknesses, type RequestParameters } from '../security/request-checks.ts';
import { explain, isPass, judge, type CaseEvidence } from '../security/verdict.ts';

const strong = (n: number): RequestParameters => ({
  response_type: 'code',
  code_challenge: `${'Q'.repeat(10)}${n}abcdefghijklmnopqrstuvwxyz0123`.slice(0, 43).padEnd(43, 'x'),
  code_challenge_method: 'S256',
  state: `st${n}-kN3vQ9xW2bR7yT5mL8pZ4cF6hJ1dG0s`,
  nonce: `no${n}_aB3dE5fG7hJ9kL2mN4pQ6rS8tU0vW1x`,
});

const [requestCase] = parseCatalogue('cases:\n  - { id: oidc-r, title: t, source: s, expect: strong-requests, fault: [] }\n', 'oidc', 't.yaml') as [SecurityCase];

function evidence(requests: RequestParameters[][], extra: Partial<CaseEvidence> = {}): CaseEvidence {
  return { securityCase: requestCase, personEmail: 'v@corp.test', attempt: undefined, configuration: undefined, sent: [], canaryHits: 0, requests, ...extra };
}

describe('request checks', () => {
  test('a case without checks keeps every row; a named list narrows it; checks outside strong-requests, or unknown, are refused', () => {
    assert.deepEqual(requestCase.checks, [...REQUEST_CHECK_NAMES]);
    const [narrow] = parseCatalogue('cases:\n  - { id: a, title: t, source: s, expect: strong-requests, checks: [fresh], fault: [] }\n', 'oidc', 't.yaml');
    assert.deepEqual(narrow!.checks, ['fresh']);
    for (const text of [
      'cases:\n  - { id: a, title: t, source: s, checks: [fresh], fault: [] }\n',
      'cases:\n  - { id: a, title: t, source: s, expect: strong-requests, checks: [luck], fault: [] }\n',
      'cases:\n  - { id: a, title: t, source: s, expect: strong-requests, flow: okta-simplified, fault: [] }\n',
      'cases:\n  - { id: a, title: t, source: s, expect: strong-requests, before: clean-sign-in, fault: [] }\n',
    ]) {
      assert.throws(() => parseCatalogue(text, 'oidc', 'bad.yaml'), (error: unknown) => (error as { code?: string }).code === 'HARNESS_CATALOGUE_INVALID', text);
    }
    assert.throws(() => parseCatalogue('cases:\n  - { id: a, title: t, source: s, expect: strong-requests, fault: [] }\n', 'saml', 'bad.yaml'), /OIDC/);
  });

  test('entropy as sent: 22 base64url or 32 hex characters pass; shorter, or a repeated character, do not', () => {
    assert.equal(entropyShortfall('kN3vQ9xW2bR7yT5mL8pZ4c'), undefined);
    assert.equal(entropyShortfall('0123456789abcdef0123456789abcdef'), undefined);
    assert.match(entropyShortfall('kN3vQ9xW2bR7yT5mL8pZ4')!, /21 characters carry at most 126 bits/);
    assert.match(entropyShortfall('0123456789abcdef0123456789abcde')!, /124 bits/);
    assert.match(entropyShortfall('a'.repeat(43))!, /1 distinct/);
    assert.match(entropyShortfall('12345678901234567890123456789012345678')!, /126 bits/);
  });

  test('two strong sign-ins keep every row', () => {
    assert.deepEqual(requestWeaknesses(REQUEST_CHECK_NAMES, [[strong(1)], [strong(2)]]), []);
    const verdict = judge(evidence([[strong(1)], [strong(2)]]));
    assert.equal(verdict.kind, 'strong-requests');
    assert.ok(isPass(verdict.kind));
  });

  test('each weakness is named: no PKCE, plain (or no method), a short state, no nonce, a value sent again', () => {
    const without = (params: RequestParameters, name: string): RequestParameters => Object.fromEntries(Object.entries(params).filter(([key]) => key !== name));
    const noPkce = without(strong(1), 'code_challenge');
    const noMethod = without(strong(2), 'code_challenge_method');
    const noNonce = without(strong(3), 'nonce');
    const cases: [RequestParameters[][], RegExp][] = [
      [[[noPkce], [strong(2)]], /^sign-in 1 sent no code_challenge \(no PKCE\)$/],
      [[[strong(1)], [{ ...strong(2), code_challenge_method: 'plain' }]], /^sign-in 2 sent code_challenge_method plain, not S256$/],
      [[[noMethod], [strong(1)]], /^sign-in 1 sent code_challenge_method \(none, which means plain\), not S256$/],
      [[[strong(1)], [{ ...strong(2), state: 'deadbeef' }]], /^sign-in 2 sent state "deadbeef": 8 characters carry at most 32 bits, under 128$/],
      [[[noNonce], [strong(2)]], /^sign-in 1 sent no nonce$/],
      [[[strong(1)], [{ ...strong(2), nonce: strong(1).nonce! }]], /^sign-in 2 sent the nonce of sign-in 1 again/],
      [[[strong(1)], [{ ...strong(2), code_challenge: strong(1).code_challenge! }]], /^sign-in 2 sent the code_challenge of sign-in 1 again/],
    ];
    for (const [signIns, expected] of cases) {
      const weaknesses = requestWeaknesses(REQUEST_CHECK_NAMES, signIns);
      assert.equal(weaknesses.length, 1, weaknesses.join('; '));
      assert.match(weaknesses[0]!, expected);
      const verdict = judge(evidence(signIns));
      assert.equal(verdict.kind, 'weak-requests');
      assert.ok(!isPass(verdict.kind));
      assert.match(explain(evidence(signIns), verdict), /WEAK REQUESTS[\s\S]*SP sent: {2}sign-in 1: authorization request/);
    }
  });

  test('the same request twice within one sign-in is one use, not a repeat', () => {
    assert.deepEqual(requestWeaknesses(['fresh'], [[strong(1), strong(1)], [strong(2)]]), []);
  });

  test('an SP that declines the OP is secure; a sign-in that sent nothing otherwise proves nothing', () => {
    assert.equal(judge(evidence([], { configuration: { refused: true, code: 'SSO_X' } })).kind, 'refused');
    const refusedAttempt: AttemptResult = { outcome: { kind: 'refused', code: 'SSO_X' }, probe: { signedIn: false }, offSite: [], finalUrl: 'http://127.0.0.1/sso' };
    assert.equal(judge(evidence([[]], { attempt: refusedAttempt })).kind, 'refused');
    const elsewhere: AttemptResult = { ...refusedAttempt, outcome: { kind: 'elsewhere', url: 'http://127.0.0.1/x' } };
    assert.equal(judge(evidence([[]], { attempt: elsewhere })).kind, 'not-applied');
    assert.equal(judge(evidence([[strong(1)], []], { attempt: elsewhere })).kind, 'not-applied');
  });
});
