import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashPassword, verifyPassword } from '../src/passwords.ts';

test('a stored hash verifies its own password and no other', async () => {
  const stored = await hashPassword('correct horse battery');
  assert.equal(await verifyPassword('correct horse battery', stored), true);
  assert.equal(await verifyPassword('correct horse batterY', stored), false);
});

test('the same password hashes differently each time (a fresh salt)', async () => {
  assert.notEqual(await hashPassword('same password'), await hashPassword('same password'));
});

test('a stored value of another scheme or shape never verifies', async () => {
  for (const stored of ['', 'plain', 'bcrypt$x$y', 'scrypt$$', 'scrypt$c2FsdA==']) {
    assert.equal(await verifyPassword('anything', stored), false, stored);
  }
});
