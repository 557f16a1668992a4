// The OP's key set: cached, refetched promptly on an unknown kid (key rotation), but at a bounded rate.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type JWK } from 'jose';
import { ProviderKeySet } from '../src/oidc/key-set.ts';

async function rsaKey(kid: string): Promise<{ jwk: JWK; sign: (claims?: Record<string, unknown>) => Promise<string> }> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { jwk, sign: (claims = {}) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().sign(privateKey) };
}

function fakeOp(initial: JWK[]) {
  const state = { keys: initial, fetches: 0 };
  const fetch = async () => {
    state.fetches += 1;
    return new Response(JSON.stringify({ keys: state.keys }), { headers: { 'content-type': 'application/json' } });
  };
  return { state, fetch };
}

void describe('ProviderKeySet', async () => {
  const a = await rsaKey('a');
  const b = await rsaKey('b');

  void it('fetches once and serves later tokens from the cache', async () => {
    const op = fakeOp([a.jwk]);
    const keys = new ProviderKeySet('http://op/keys', { fetch: op.fetch, now: () => 0, maxAgeMs: 60_000, refetchBurst: 2, refetchEveryMs: 1000 });
    await jwtVerify(await a.sign(), keys.getKey);
    await jwtVerify(await a.sign(), keys.getKey);
    assert.equal(op.state.fetches, 1);
  });

  void it('a rotated key is found at once by fetching the set again', async () => {
    const op = fakeOp([a.jwk]);
    const keys = new ProviderKeySet('http://op/keys', { fetch: op.fetch, now: () => 0, maxAgeMs: 60_000, refetchBurst: 2, refetchEveryMs: 1000 });
    await jwtVerify(await a.sign(), keys.getKey);
    op.state.keys = [a.jwk, b.jwk];
    await jwtVerify(await b.sign(), keys.getKey);
    assert.equal(op.state.fetches, 2);
  });

  void it('made-up kids cannot make it fetch more than the burst, until time refills it', async () => {
    let now = 0;
    const op = fakeOp([a.jwk]);
    const keys = new ProviderKeySet('http://op/keys', { fetch: op.fetch, now: () => now, maxAgeMs: 600_000, refetchBurst: 2, refetchEveryMs: 10_000 });
    await jwtVerify(await a.sign(), keys.getKey);
    for (let i = 0; i < 10; i += 1) await assert.rejects(jwtVerify(await b.sign(), keys.getKey), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    assert.equal(op.state.fetches, 3, 'the first fetch and two refetches');
    now += 10_000;
    await assert.rejects(jwtVerify(await b.sign(), keys.getKey), { code: 'ERR_JWKS_NO_MATCHING_KEY' });
    assert.equal(op.state.fetches, 4, 'one more after the refill');
  });

  void it('a set older than its lifetime is fetched again', async () => {
    let now = 0;
    const op = fakeOp([a.jwk]);
    const keys = new ProviderKeySet('http://op/keys', { fetch: op.fetch, now: () => now, maxAgeMs: 60_000, refetchBurst: 0, refetchEveryMs: 1000 });
    await jwtVerify(await a.sign(), keys.getKey);
    now = 60_000;
    await jwtVerify(await a.sign(), keys.getKey);
    assert.equal(op.state.fetches, 2);
  });

  void it('keys it cannot use are skipped', async () => {
    const op = fakeOp([{ kty: 'AKP', alg: 'ML-DSA-44', kid: 'pq', pub: 'AAAA' } as JWK, { kty: 'made-up', kid: 'x' } as JWK, a.jwk]);
    const keys = new ProviderKeySet('http://op/keys', { fetch: op.fetch, now: () => 0, maxAgeMs: 60_000, refetchBurst: 1, refetchEveryMs: 1000 });
    await jwtVerify(await a.sign(), keys.getKey);
  });

  void it('a JWKS that is not a key set is refused, not trusted', async () => {
    const keys = new ProviderKeySet('http://op/keys', {
      fetch: async () => new Response('{"nokeys":true}'),
      now: () => 0,
      maxAgeMs: 60_000,
      refetchBurst: 1,
      refetchEveryMs: 1000,
    });
    await assert.rejects(jwtVerify(await a.sign(), keys.getKey), { code: 'ERR_JWKS_INVALID' });
  });
});
