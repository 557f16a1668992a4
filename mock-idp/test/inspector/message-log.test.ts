/** The inspector's log on its own: ids and cursors, bounds that forget the oldest, long messages cut, lifetimes. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { MAX_MESSAGE_CHARS, MessageLog, type NewInspectedMessage } from '../../src/inspector/message-log.ts';

const message = (text: string): NewInspectedMessage => ({
  direction: 'sent',
  kind: 'saml-response',
  summary: 'SAML Response to https://sp/acs',
  appId: 'app1',
  userId: 'u1',
  faults: [],
  message: { kind: 'saml-response', text },
});

describe('inspector message log', () => {
  test('ids increase; list(after) gives only newer entries; last is the cursor even after forgetting', () => {
    const log = new MessageLog(() => new Date(0), { maxMessages: 2, maxChars: 1000, lifetimeSeconds: 60 });
    for (const text of ['a', 'b', 'c']) log.record(message(text));
    assert.deepEqual(log.list().map((entry) => [entry.id, entry.message?.text]), [
      [2, 'b'],
      [3, 'c'],
    ]);
    assert.deepEqual(log.list(2).map((entry) => entry.id), [3]);
    assert.equal(log.last, 3);
    assert.equal(log.list(3).length, 0);
  });

  test('past the characters allowed, the oldest entries are forgotten; one long message is cut, saying by how much', () => {
    const log = new MessageLog(() => new Date(0), { maxMessages: 100, maxChars: 10, lifetimeSeconds: 60 });
    log.record(message('12345'));
    log.record(message('67890'));
    log.record(message('abc'));
    assert.deepEqual(log.list().map((entry) => entry.message?.text), ['67890', 'abc']);
    const long = new MessageLog(() => new Date(0), { maxMessages: 5, maxChars: 1 << 30, lifetimeSeconds: 60 });
    const text = long.record(message('x'.repeat(MAX_MESSAGE_CHARS + 7))).message!.text;
    assert.ok(text.startsWith('x'.repeat(MAX_MESSAGE_CHARS)));
    assert.ok(text.endsWith('… (7 more characters)'));
  });

  test('entries live inspectorLifetimeSeconds on the org clock; remove() forgets what it selects', () => {
    let now = 0;
    const log = new MessageLog(() => new Date(now), { maxMessages: 100, maxChars: 1000, lifetimeSeconds: 10 });
    log.record(message('old'));
    now = 5_000;
    log.record({ ...message('faulted'), faults: [{ id: 'f1', label: 'x', mutations: [] }] });
    now = 10_000;
    assert.deepEqual(log.list().map((entry) => entry.message?.text), ['faulted']);
    log.record(message('new'));
    assert.equal(log.remove((entry) => entry.faults.length > 0), 1);
    assert.deepEqual(log.list().map((entry) => entry.message?.text), ['new']);
    now = 30_000;
    log.sweep();
    assert.equal(log.size, 0);
  });
});
