/**
 * The id_token mutations on a real token signed the way the mock's servers sign: jose proves that an
 * edited token is validly signed by the published key and that only the intended part changed, and
 * that each signature kind fails verification the intended way (while verifying with the key it was
 * really made with, which shows the token is exactly the attack it claims to be).
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { EmbeddedJWK, compactVerify, createLocalJWKSet, decodeProtectedHeader, importX509, type JWK } from 'jose';
import { publicKeyPem } from '../../../src/faults/oidc/keys.ts';
import { SIGNATURE_KINDS } from '../../../src/faults/oidc/id-token-signature.ts';
import { CLIENT_ID, CLIENT_SECRET, ISSUER, NOW_S, contextFor, idToken, run, segments, serverKey, type ServerKey } from './support.ts';

/** jose's error code for a failed verification, or 'verified'. */
async function verifyCode(token: string, keys: JWK[], options: Parameters<typeof compactVerify>[2] = {}): Promise<string> {
  try {
    await compactVerify(token, createLocalJWKSet({ keys }), options);
    return 'verified';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

async function applied(name: string, raw: Record<string, unknown>, token: string, context: ReturnType<typeof contextFor>): Promise<string> {
  const outcome = await run(name, raw, token, context);
  assert.ok(outcome.applied, `${name} ${JSON.stringify(raw)} was not applied: ${outcome.applied ? '' : outcome.reason}`);
  return outcome.value as string;
}

void describe('id_token claim and header edits', () => {
  let key: ServerKey;
  let token: string;
  before(async () => {
    key = await serverKey();
    token = await idToken(key);
  });

  const claimCases: { raw: Record<string, unknown>; expect: Record<string, unknown>; removed?: string[] }[] = [
    { raw: { set: { iss: '{original}1' } }, expect: { iss: `${ISSUER}1` } },
    { raw: { set: { aud: '{original}1' } }, expect: { aud: `${CLIENT_ID}1` } },
    { raw: { set: { aud: ['{original}', '{original}1'] } }, expect: { aud: [CLIENT_ID, `${CLIENT_ID}1`] } },
    { raw: { set: { aud: ['{original}'] } }, expect: { aud: [CLIENT_ID] } },
    { raw: { set: { azp: 'another-client' } }, expect: { azp: 'another-client' } },
    { raw: { set: { nonce: '{original}1' } }, expect: { nonce: 'nonce-11' } },
    { raw: { set: { exp: '{now-6m}' } }, expect: { exp: NOW_S - 360 } },
    { raw: { set: { iat: '{now-7d}' } }, expect: { iat: NOW_S - 7 * 86400 } },
    { raw: { set: { iat: '{now+1h}', nbf: '{now+1h}' } }, expect: { iat: NOW_S + 3600, nbf: NOW_S + 3600 } },
    { raw: { set: { at_hash: '{original}1' } }, expect: { at_hash: 'abc1' } },
    { raw: { remove: ['sub'] }, expect: {}, removed: ['sub'] },
    { raw: { remove: ['iss', 'aud', 'exp', 'iat', 'nonce'] }, expect: {}, removed: ['iss', 'aud', 'exp', 'iat', 'nonce'] },
  ];

  for (const { raw, expect, removed = [] } of claimCases) {
    void test(`id-token-claims ${JSON.stringify(raw)} changes only that, under a valid signature by the published key`, async () => {
      const out = await applied('id-token-claims', raw, token, contextFor(key));
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'verified');
      const before_ = segments(token);
      const after_ = segments(out);
      assert.equal(after_.encoded[0], before_.encoded[0], 'the header is byte for byte the same');
      const expected = { ...before_.payload, ...expect };
      for (const claim of removed) delete expected[claim];
      assert.deepEqual(after_.payload, expected);
    });
  }

  void test('id-token-header edits re-sign with the server key and keep the payload byte for byte', async () => {
    for (const [raw, expectHeader] of [
      [{ set: { typ: 'at+jwt' } }, { typ: 'at+jwt' }],
      [{ set: { typ: 'logout+jwt' } }, { typ: 'logout+jwt' }],
      [{ set: { kid: '{original}1' } }, { kid: `${key.signingKey.kid}1` }],
    ] as const) {
      const out = await applied('id-token-header', raw, token, contextFor(key));
      assert.equal(segments(out).encoded[1], segments(token).encoded[1]);
      assert.deepEqual(segments(out).header, { ...segments(token).header, ...expectHeader });
      const code = await verifyCode(out, [key.publishedSigningKey]);
      assert.equal(code, 'kid' in expectHeader ? 'ERR_JWKS_NO_MATCHING_KEY' : 'verified');
    }
  });

  void test('an unknown crit header fails jose for that reason alone: told to understand it, jose verifies the signature', async () => {
    const out = await applied('id-token-header', { set: { crit: ['x-unknown'], 'x-unknown': 'anything' } }, token, contextFor(key));
    assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JOSE_NOT_SUPPORTED');
    assert.equal(await verifyCode(out, [key.publishedSigningKey], { crit: { 'x-unknown': true } }), 'verified');
  });

  void test('a header that names another alg keeps the RS256 signature under it', async () => {
    const out = await applied('id-token-header', { set: { alg: 'HS256' } }, token, contextFor(key));
    assert.equal(decodeProtectedHeader(out).alg, 'HS256');
    assert.notEqual(await verifyCode(out, [key.publishedSigningKey]), 'verified');
  });

  void test('removing a claim that is not there is not applied', async () => {
    const tileToken = await idToken(key, { nonce: undefined });
    const outcome = await run('id-token-claims', { remove: ['nonce'] }, tileToken, contextFor(key));
    assert.equal(outcome.applied, false);
  });
});

void describe('id_token signature kinds', () => {
  let key: ServerKey;
  let token: string;
  before(async () => {
    key = await serverKey();
    token = await idToken(key);
  });

  /** Verifies as HS256 with `secret` as the MAC key: what a library confused about the alg does. */
  const hmacVerify = async (out: string, secret: string) => {
    await compactVerify(out, new TextEncoder().encode(secret));
    return 'verified';
  };

  const cases: Record<(typeof SIGNATURE_KINDS)[number], (out: string, context: ReturnType<typeof contextFor>) => Promise<void>> = {
    async xor(out) {
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
      const original = Buffer.from(segments(token).encoded[2]!, 'base64url');
      const corrupted = Buffer.from(segments(out).encoded[2]!, 'base64url');
      assert.deepEqual([...corrupted].map((byte) => byte ^ 0x5a), [...original], 'every byte XOR 0x5A');
    },
    async strip(out) {
      assert.equal(segments(out).encoded[2], '');
      assert.equal(segments(out).header['alg'], 'RS256');
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    },
    async 'alg-none'(out) {
      assert.deepEqual(segments(out).header, { alg: 'none', typ: 'JWT' });
      assert.equal(segments(out).encoded[2], '');
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JOSE_NOT_SUPPORTED');
    },
    async 'hs256-client-secret'(out) {
      assert.deepEqual(segments(out).header, { alg: 'HS256', typ: 'JWT' });
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JOSE_NOT_SUPPORTED');
      assert.equal(await hmacVerify(out, CLIENT_SECRET), 'verified');
    },
    async 'hs256-public-key-pem'(out) {
      assert.deepEqual(segments(out).header, { alg: 'HS256', kid: key.signingKey.kid, typ: 'JWT' });
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JOSE_NOT_SUPPORTED');
      const pem = publicKeyPem(key.signingKey);
      assert.match(pem, /^-----BEGIN PUBLIC KEY-----\n[\s\S]+-----END PUBLIC KEY-----\n$/);
      assert.equal(await hmacVerify(out, pem), 'verified');
    },
    async 'hs256-public-key-jwk'(out) {
      assert.equal(segments(out).header['alg'], 'HS256');
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JOSE_NOT_SUPPORTED');
      assert.equal(await hmacVerify(out, JSON.stringify(key.publishedSigningKey)), 'verified');
    },
    async 'unpublished-key'(out) {
      assert.deepEqual(segments(out).header, { alg: 'RS256', kid: 'unpublished-rsa', typ: 'JWT' });
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY');
    },
    async 'es256-unpublished'(out) {
      assert.deepEqual(segments(out).header, { alg: 'ES256', kid: key.signingKey.kid, typ: 'JWT' });
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY');
    },
    async 'ps256-unpublished'(out) {
      assert.deepEqual(segments(out).header, { alg: 'PS256', kid: key.signingKey.kid, typ: 'JWT' });
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY');
      // Even an RP that ignores the published alg cannot verify it with the published key.
      assert.equal(await verifyCode(out, [{ ...key.publishedSigningKey, alg: 'PS256' }]), 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED');
    },
    async 'attacker-jwk-header'(out) {
      const header = segments(out).header;
      assert.equal(header['kid'], 'attacker-rsa');
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY');
      // Trusting the embedded key (the CVE-2018-0114 mistake) verifies it.
      await compactVerify(out, EmbeddedJWK);
    },
    async 'attacker-x5c-header'(out) {
      const x5c = segments(out).header['x5c'] as string[];
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY');
      const certificate = `-----BEGIN CERTIFICATE-----\n${x5c[0]!.replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----`;
      await compactVerify(out, await importX509(certificate, 'RS256'));
    },
    async 'jku-canary'(out, context) {
      assert.equal(context.canaries.length, 1);
      const [canary] = context.canaries;
      assert.equal(segments(out).header['jku'], canary!.url);
      assert.equal(canary!.purpose, 'jku');
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY');
      // What the canary serves is the attacker's JWKS: an SP that fetched it would accept the token.
      assert.equal(await verifyCode(out, (JSON.parse(canary!.answer.body) as { keys: JWK[] }).keys), 'verified');
    },
    async 'x5u-canary'(out, context) {
      const [canary] = context.canaries;
      assert.equal(segments(out).header['x5u'], canary!.url);
      assert.equal(canary!.answer.contentType, 'application/pem-certificate-chain');
      await compactVerify(out, await importX509(canary!.answer.body, 'RS256'));
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY');
    },
    async 'no-kid-single-key'(out, context) {
      assert.deepEqual(segments(out).header, { alg: 'RS256', typ: 'JWT' });
      assert.equal(context.published.length, 0);
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'verified');
    },
    async 'no-kid-several-keys'(out, context) {
      assert.deepEqual(segments(out).header, { alg: 'RS256', typ: 'JWT' });
      assert.equal(context.published.length, 1, 'a decoy key is published beside the signing key');
      assert.equal(context.published[0]!.kid, 'decoy-rsa');
      // An RP that wants exactly one candidate refuses; one that tries each key finds the signing key.
      assert.equal(await verifyCode(out, [key.publishedSigningKey, ...context.published]), 'ERR_JWKS_MULTIPLE_MATCHING_KEYS');
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'verified');
    },
    async 'new-published-key'(out, context) {
      assert.equal(context.published.length, 1);
      const [published] = context.published;
      assert.match(String(published!.kid), /^rotated-/);
      assert.equal(segments(out).header['kid'], published!.kid);
      assert.equal(await verifyCode(out, [key.publishedSigningKey]), 'ERR_JWKS_NO_MATCHING_KEY', 'a stale JWKS does not have it');
      assert.equal(await verifyCode(out, [key.publishedSigningKey, published!]), 'verified', 'the refetched JWKS does');
    },
  };

  for (const kind of SIGNATURE_KINDS) {
    void test(`${kind}: the claims are untouched and jose refuses or accepts it as intended`, async () => {
      const context = contextFor(key);
      const out = await applied('id-token-signature', { kind }, token, context);
      assert.equal(segments(out).encoded[1], segments(token).encoded[1], 'the payload is byte for byte the same');
      await cases[kind](out, context);
    });
  }

  void test('the same kind twice gives the same token, except where a new key or canary is the point', async () => {
    for (const kind of ['xor', 'strip', 'alg-none', 'hs256-client-secret', 'hs256-public-key-pem', 'hs256-public-key-jwk', 'no-kid-single-key', 'unpublished-key', 'attacker-jwk-header']) {
      const first = await applied('id-token-signature', { kind }, token, contextFor(key));
      const second = await applied('id-token-signature', { kind }, token, contextFor(key));
      assert.equal(first, second, kind);
    }
  });

  void test('no-kid-several-keys publishes no second decoy when the JWKS already holds another key', async () => {
    const context = contextFor(key);
    await applied('id-token-signature', { kind: 'no-kid-several-keys' }, token, context);
    await applied('id-token-signature', { kind: 'no-kid-several-keys' }, token, context);
    assert.equal(context.published.length, 1);
  });

  void test('jku-canary and x5u-canary put the canary URL the fault names in the header', async () => {
    for (const [kind, member] of [
      ['jku-canary', 'jku'],
      ['x5u-canary', 'x5u'],
    ] as const) {
      const context = contextFor(key);
      const out = await applied('id-token-signature', { kind, canaryUrl: 'http://127.0.0.1:7000/mock/v1/canary/case%231' }, token, context);
      assert.equal(segments(out).header[member], 'http://127.0.0.1:7000/mock/v1/canary/case%231');
      assert.equal(context.canaries[0]!.purpose, member);
    }
  });

  void test('hs256-client-secret is not applied when the client is unknown', async () => {
    const outcome = await run('id-token-signature', { kind: 'hs256-client-secret' }, token, contextFor(key, { clientSecret: undefined }));
    assert.equal(outcome.applied, false);
  });
});

void describe('id_token replay and input that does not fit', () => {
  let key: ServerKey;
  before(async () => {
    key = await serverKey();
  });

  void test('id-token-replay sends the previous token, and is not applied when there is none', async () => {
    const previous = await idToken(key, { nonce: 'old-nonce' });
    const current = await idToken(key, { nonce: 'new-nonce' });
    const outcome = await run('id-token-replay', {}, current, contextFor(key, { previousIdToken: previous }));
    assert.deepEqual(outcome, { applied: true, value: previous });
    assert.equal((await run('id-token-replay', {}, current, contextFor(key))).applied, false);
  });

  void test('every id_token mutation leaves a value that is not a JWS alone, without throwing', async () => {
    const inputs = ['', 'garbage', 'a.b.c', `${Buffer.from('[]').toString('base64url')}.${Buffer.from('{}').toString('base64url')}.x`, 'e30.e30.e30.e30'];
    const mutations: [string, Record<string, unknown>][] = [
      ['id-token-claims', { set: { iss: 'x' } }],
      ['id-token-header', { set: { typ: 'x' } }],
      ...SIGNATURE_KINDS.map((kind): [string, Record<string, unknown>] => ['id-token-signature', { kind }]),
    ];
    for (const input of inputs) {
      for (const [name, raw] of mutations) {
        const outcome = await run(name, raw, input, contextFor(key));
        assert.equal(outcome.applied, false, `${name} ${JSON.stringify(raw)} on ${JSON.stringify(input)}`);
      }
    }
  });
});
