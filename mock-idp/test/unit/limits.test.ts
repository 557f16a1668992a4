/**
 * The bounded, expiring store every browser-made record lives in, and the checking of the limits
 * options at start.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { IdpError, LimitReachedError } from '../../src/errors.ts';
import { ExpiringMap } from '../../src/limits/expiring-map.ts';
import { LIMITS, LIMIT_NAMES, resolveLimits } from '../../src/limits/limits.ts';

function fakeClock(start = Date.parse('2030-01-01T00:00:00Z')) {
  let now = start;
  return { clock: () => new Date(now), advance: (ms: number) => (now += ms) };
}

void describe('ExpiringMap', () => {
  const make = (clock: () => Date, max = 3) => new ExpiringMap<string>({ clock, lifetimeMs: 1000, max, limitName: 'maxThings', what: 'things' });

  void test('an entry is gone once its lifetime has passed, and sweep drops it from memory', () => {
    const time = fakeClock();
    const map = make(time.clock);
    map.set('a', 'A');
    time.advance(999);
    assert.equal(map.get('a'), 'A');
    time.advance(1);
    assert.equal(map.get('a'), undefined);
    map.set('b', 'B');
    time.advance(1000);
    assert.equal(map.size, 1, 'an expired entry nobody asks for stays until swept');
    assert.equal(map.sweep(), 1);
    assert.equal(map.size, 0);
  });

  void test('at its bound it refuses with IDP_LIMIT_REACHED naming the option, and never pushes out a live entry', () => {
    const time = fakeClock();
    const map = make(time.clock, 2);
    map.set('a', 'A');
    map.set('b', 'B');
    assert.throws(
      () => map.set('c', 'C'),
      (error: unknown) => error instanceof LimitReachedError && error.code === 'IDP_LIMIT_REACHED' && error.status === 429 && error.limit === 'maxThings',
    );
    assert.equal(map.get('a'), 'A');
    // Once the old ones expire, set() sweeps them and there is room again.
    time.advance(1000);
    map.set('c', 'C');
    assert.equal(map.size, 1);
  });

  void test('take() returns an entry once', () => {
    const map = make(fakeClock().clock);
    map.set('k', 'V');
    assert.equal(map.take('k'), 'V');
    assert.equal(map.take('k'), undefined);
  });
});

void describe('limits options', () => {
  void test('every limit has a default within its range and a description', () => {
    for (const name of LIMIT_NAMES) {
      const { default: value, min, max, description } = LIMITS[name];
      assert.ok(min <= value && value <= max, name);
      assert.ok(description.length > 20, name);
    }
    assert.deepEqual(resolveLimits(), Object.fromEntries(LIMIT_NAMES.map((name) => [name, LIMITS[name].default])));
  });

  void test('an unknown name, a value out of range or not a whole number is IDP_OPTIONS_INVALID', () => {
    for (const given of [{ maxOrgz: 1 }, { maxOrgs: 0 }, { maxOrgs: 1.5 }, { maxOrgs: '10' }, { sessionLifetimeSeconds: -1 }]) {
      assert.throws(() => resolveLimits(given), (error: unknown) => error instanceof IdpError && error.code === 'IDP_OPTIONS_INVALID', JSON.stringify(given));
    }
    assert.equal(resolveLimits({ maxOrgs: 3 }).maxOrgs, 3);
  });
});
