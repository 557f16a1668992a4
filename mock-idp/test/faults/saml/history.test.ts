/** The ring of sent Responses replay cases read: per app and user, newest last, bounded. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Org } from '../../../src/org.ts';
import { MAX_KEPT_RESPONSE_CHARS, PAIRS_PER_ORG, RESPONSES_PER_PAIR, previousSent, rememberSent } from '../../../src/faults/saml/history.ts';

const org = () => ({}) as Org;
const sent = (xml: string) => ({ xml, relayState: undefined });

test('keeps the last Responses per app and user, newest first by `back`, and never mixes pairs or orgs', () => {
  const one = org();
  for (const xml of ['a', 'b', 'c', 'd']) rememberSent(one, 'app', 'alice', sent(xml));
  rememberSent(one, 'app', 'bob', sent('bob-1'));
  assert.deepEqual(
    Array.from({ length: RESPONSES_PER_PAIR + 1 }, (_, i) => previousSent(one, 'app', 'alice', i + 1)?.xml),
    ['d', 'c', 'b', undefined],
  );
  assert.equal(previousSent(one, 'app', 'bob', 1)?.xml, 'bob-1');
  assert.equal(previousSent(one, 'other-app', 'alice', 1), undefined);
  assert.equal(previousSent(org(), 'app', 'alice', 1), undefined);
});

test('forgets the least recently used pair past the cap, and does not keep oversized Responses', () => {
  const one = org();
  rememberSent(one, 'app', 'first', sent('x'));
  for (let i = 0; i < PAIRS_PER_ORG; i += 1) rememberSent(one, 'app', `user-${i}`, sent('y'));
  assert.equal(previousSent(one, 'app', 'first', 1), undefined);
  assert.equal(previousSent(one, 'app', `user-${PAIRS_PER_ORG - 1}`, 1)?.xml, 'y');
  rememberSent(one, 'app', 'padded', sent('z'.repeat(MAX_KEPT_RESPONSE_CHARS + 1)));
  assert.equal(previousSent(one, 'app', 'padded', 1), undefined);
});
