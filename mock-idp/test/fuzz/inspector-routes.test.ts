/**
 * Fuzz: the inspector's API and page. Any query (after, limit, label: repeated, negative, huge, not
 * numbers), any path below /mock/v1/inspector, any method, with or without the token: a success or
 * a coded 4xx, never a 5xx. The messages it lists were made by the other fuzz properties' traffic too.
 */
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { answerOf, assertCodedAnswer, checkProperty, nastyString, pathSegment } from './fuzz-support.ts';
import { startFuzzTarget, type FuzzTarget } from './fuzz-target.ts';

void describe('fuzz: the inspector', () => {
  let target: FuzzTarget;
  before(async () => {
    target = await startFuzzTarget();
  });
  after(() => target.idp.close());

  void test('/mock/v1/inspector[/trace] with any query, any sub-path and method, with or without the token', async () => {
    const param = fc.oneof(fc.constantFrom('0', '1', '-1', '1000', '1001', '1e2', '2.5', '', '9007199254740993', 'NaN'), nastyString(20));
    const name = fc.constantFrom('after', 'limit', 'label', 'other');
    const path = fc.oneof(fc.constantFrom('/mock/v1/inspector', '/mock/v1/inspector/trace', '/mock/inspector'), pathSegment().map((segment) => `/mock/v1/inspector/${segment}`));
    await checkProperty(
      150,
      [path, fc.array(fc.tuple(name, param), { maxLength: 4 }), fc.constantFrom('GET', 'DELETE', 'POST', 'PUT'), fc.boolean()],
      async (where, params, method, withToken) => {
        const query = new URLSearchParams(params).toString();
        const url = `${target.idp.url}${where}${query ? `?${query}` : ''}`;
        const response = await fetch(url, { method, headers: withToken ? { authorization: `SSWS ${target.idp.org.apiToken}` } : {} });
        assertCodedAnswer(await answerOf(response), `${method} ${where}?${query}`);
      },
    );
  });
});
