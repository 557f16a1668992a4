import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkTemplate, evaluateValue } from '../../src/faults/values.ts';
import { Issues } from '../../src/tenant/fields.ts';

const NOW = new Date('2026-03-04T05:06:07.000Z');

test('{original} appends to or replaces the value it stands for', () => {
  assert.equal(evaluateValue('{original}1', 'client', NOW, 'iso'), 'client1');
  assert.equal(evaluateValue('x{original}', undefined, NOW, 'iso'), 'x');
  assert.equal(evaluateValue('{original}', ['a'], NOW, 'iso'), '["a"]');
});

test('{now±N} is an ISO instant for SAML and epoch seconds for OIDC when it is the whole value', () => {
  assert.equal(evaluateValue('{now-6m}', undefined, NOW, 'iso'), '2026-03-04T05:00:07.000Z');
  assert.equal(evaluateValue('{now+1h}', undefined, NOW, 'epoch-seconds'), Math.floor(NOW.getTime() / 1000) + 3600);
  assert.equal(evaluateValue('{now}', undefined, NOW, 'epoch-seconds'), Math.floor(NOW.getTime() / 1000));
  assert.equal(evaluateValue('at {now-7d}', undefined, NOW, 'iso'), 'at 2026-02-25T05:06:07.000Z');
});

test('non-strings pass through untouched', () => {
  assert.deepEqual(evaluateValue({ a: 1 }, 'x', NOW, 'iso'), { a: 1 });
  assert.equal(evaluateValue(42, 'x', NOW, 'epoch-seconds'), 42);
});

test('an unknown token is refused with the field path', () => {
  const issues = new Issues();
  checkTemplate('{orignal}1', 'params.value', issues);
  checkTemplate('{now-6m} ok {original}', 'params.other', issues);
  assert.deepEqual(issues.lines().map((l) => l.split(':')[0]), ['params.value']);
});
