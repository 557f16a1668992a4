// The shared fuzz helpers must be able to fail: assertCodedAnswer refuses each kind of bad answer,
// mutations are deterministic data, and a failing property reports the line that replays it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyEdits, assertCodedAnswer, checkProperty, defaultCodeOf, type RawAnswer } from './index.ts';

const answer = (status: number, body: string): RawAnswer => ({ status, headers: {}, body });

void describe('assertCodedAnswer', () => {
  void it('accepts successes, redirects, coded refusals and documented server statuses', () => {
    assertCodedAnswer(answer(200, 'ok'), 'x');
    assertCodedAnswer(answer(303, ''), 'x');
    assertCodedAnswer(answer(404, '<div data-error-code="NOT_FOUND">'), 'x');
    assertCodedAnswer(answer(400, '{"error":{"code":"BAD_REQUEST","message":"m"}}'), 'x');
    assertCodedAnswer(answer(400, '{"errorCode":"E0000001"}'), 'x');
    assertCodedAnswer(answer(502, '<p data-error-code="SSO_OIDC_PROVIDER_UNAVAILABLE">'), 'x', { allowedServerStatuses: [502] });
  });
  const refused: Array<[string, RawAnswer, object]> = [
    ['a 500', answer(500, '{"error":{"code":"INTERNAL_ERROR"}}'), {}],
    ['an undocumented 503', answer(503, '{"error":{"code":"BUSY"}}'), { allowedServerStatuses: [502] }],
    ['a documented 502 without a code', answer(502, 'Bad Gateway'), { allowedServerStatuses: [502] }],
    ['a 4xx without a code', answer(400, ''), {}],
    ['a stack trace', answer(200, 'Error: x\n    at f (/srv/app/x.js:1:2)'), {}],
    ['a source path', answer(404, '<div data-error-code="NOT_FOUND">/work/app/src/x.ts:12</div>'), {}],
    ['node_modules', answer(400, '{"error":{"code":"X","message":"in node_modules/y"}}'), {}],
  ];
  for (const [name, a, options] of refused) void it(`refuses ${name}`, () => assert.throws(() => assertCodedAnswer(a, 'x', options)));
  void it('reads codes from HTML and JSON, and none from anything else', () => {
    assert.equal(defaultCodeOf(answer(400, '<b data-error-code="A_B">')), 'A_B');
    assert.equal(defaultCodeOf(answer(400, '{"error":{"code":"C"}}')), 'C');
    assert.equal(defaultCodeOf(answer(400, 'plain')), undefined);
  });
});

void describe('mutations and runs', () => {
  void it('edits are plain data applied in order', () => {
    assert.equal(applyEdits('abcdef', [{ kind: 'delete', at: 0.5, length: 2 }, { kind: 'insert', at: 0, text: '<' }]), '<abcf');
    assert.equal(applyEdits('abcdef', [{ kind: 'truncate', at: 0.5 }]), 'abc');
  });
  void it('a failing property throws with the seed and path that replay it', () => {
    assert.throws(
      () => checkProperty(fc.property(fc.integer(), (n) => n < 100), { numRuns: 1000 }),
      (err: Error) => /^replay with: FUZZ_SEED=-?\d+ FUZZ_PATH=[\d:]+/.test(err.message) && /Counterexample: \[100\]/.test(err.message),
    );
  });
});
