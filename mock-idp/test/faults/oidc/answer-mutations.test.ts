/**
 * The mutations of the other oidc.* points (authorization response, token response, userinfo,
 * discovery, JWKS), how each reads its params (a bad one refused with its field path), and how the
 * pipeline step applies a fault's mutations in order and records one that does not fit.
 */
import assert from 'node:assert/strict';
import { before, describe, test } from 'node:test';
import { applyAt } from '../../../src/faults/oidc/apply.ts';
import { FaultStore } from '../../../src/faults/store.ts';
import { CLIENT_ID, ISSUER, NOW, NOW_S, contextFor, idToken, params, refusedPaths, run, segments, serverKey, type ServerKey } from './support.ts';

void describe('authorization response, token response, userinfo and discovery edits', () => {
  let key: ServerKey;
  before(async () => {
    key = await serverKey();
  });

  const redirect: [string, string][] = [
    ['code', 'abc'],
    ['state', 'st-1'],
    ['iss', ISSUER],
  ];

  void test('authorization-response changes parameters in place, removes, and adds new ones last as text', async () => {
    const outcome = await run('authorization-response', { set: { state: '{original}1', error: 'access_denied', expires_in: 5 }, remove: ['iss'] }, redirect, contextFor(key));
    assert.deepEqual(outcome, {
      applied: true,
      value: [
        ['code', 'abc'],
        ['state', 'st-11'],
        ['error', 'access_denied'],
        ['expires_in', '5'],
      ],
    });
    const now = await run('authorization-response', { set: { iat: '{now}' } }, redirect, contextFor(key));
    assert.deepEqual(now.applied && now.value.at(-1), ['iat', String(NOW_S)]);
  });

  void test('a parameter that appears twice is set once, where it first was', async () => {
    const twice: [string, string][] = [
      ['state', 'a'],
      ['code', 'c'],
      ['state', 'b'],
    ];
    const outcome = await run('authorization-response', { set: { state: 'x' } }, twice, contextFor(key));
    assert.deepEqual(outcome.applied && outcome.value, [
      ['state', 'x'],
      ['code', 'c'],
    ]);
  });

  void test('removing a parameter that is not sent is not applied', async () => {
    assert.equal((await run('authorization-response', { remove: ['session_state'] }, redirect, contextFor(key))).applied, false);
  });

  void test('token-response, userinfo and discovery edit their JSON, leaving the input object alone', async () => {
    const token = await idToken(key);
    const body = { access_token: 'at', token_type: 'Bearer', id_token: token, scope: 'openid' };
    const tokenOut = await run('token-response', { remove: ['id_token'], set: { token_type: 'mac' } }, body, contextFor(key));
    assert.deepEqual(tokenOut.applied && tokenOut.value, { access_token: 'at', token_type: 'mac', scope: 'openid' });
    assert.equal(body.id_token, token, 'the input is not changed in place');

    const userinfo = await run('userinfo', { set: { sub: '{original}1', email_verified: false } }, { sub: 'u1', email: 'a@b', email_verified: true }, contextFor(key));
    assert.deepEqual(userinfo.applied && userinfo.value, { sub: 'u11', email: 'a@b', email_verified: false });

    const metadata = { issuer: ISSUER, code_challenge_methods_supported: ['S256'], authorization_response_iss_parameter_supported: true };
    const discovery = await run('discovery', { set: { issuer: '{original}1', code_challenge_methods_supported: ['plain'] } }, metadata, contextFor(key));
    assert.deepEqual(discovery.applied && discovery.value, { issuer: `${ISSUER}1`, code_challenge_methods_supported: ['plain'], authorization_response_iss_parameter_supported: true });
    const removed = await run('discovery', { remove: ['code_challenge_methods_supported'] }, metadata, contextFor(key));
    assert.deepEqual(removed.applied && Object.keys(removed.value), ['issuer', 'authorization_response_iss_parameter_supported']);
  });

  void test('a member named __proto__ is set as data, never as the prototype', async () => {
    const raw = JSON.parse('{"set":{"__proto__":{"polluted":true}}}') as Record<string, unknown>;
    const outcome = await run('userinfo', raw, { sub: 'u1' }, contextFor(key));
    assert.ok(outcome.applied);
    assert.equal(JSON.stringify(outcome.value), '{"sub":"u1","__proto__":{"polluted":true}}');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined);
  });
});

void describe('JWKS edits', () => {
  let key: ServerKey;
  before(async () => {
    key = await serverKey();
  });

  void test('additions come before the real keys; unusable ones are what they claim to be', async () => {
    const body = { keys: [key.publishedSigningKey] };
    const outcome = await run('jwks', { add: ['unparseable-akp', 'unknown-kty', 'malformed-rsa', 'extra-rsa', 'extra-ec'] }, body, contextFor(key));
    assert.ok(outcome.applied);
    const keys = outcome.value['keys'] as Record<string, unknown>[];
    assert.deepEqual(
      keys.map((k) => [k['kty'], k['kid']]),
      [
        ['AKP', 'unparseable-akp'],
        ['XYZ', 'unknown-kty'],
        ['RSA', 'malformed-rsa'],
        ['RSA', 'decoy-rsa'],
        ['EC', 'decoy-ec'],
        ['RSA', key.signingKey.kid],
      ],
    );
    assert.equal(keys.some((k) => 'd' in k), false, 'no private key is ever published');
    assert.deepEqual(body.keys, [key.publishedSigningKey], 'the input is not changed in place');
  });

  void test('removeKids drops keys by kid, "signing-key" standing for the server key; nothing to remove is not applied', async () => {
    const body = { keys: [key.publishedSigningKey, { kty: 'RSA', kid: 'other' }] };
    const outcome = await run('jwks', { removeKids: ['signing-key'] }, body, contextFor(key));
    assert.deepEqual(outcome.applied && outcome.value, { keys: [{ kty: 'RSA', kid: 'other' }] });
    assert.equal((await run('jwks', { removeKids: ['nope'] }, body, contextFor(key))).applied, false);
    assert.equal((await run('jwks', { add: ['unknown-kty'] }, { keys: 'not a list' }, contextFor(key))).applied, false);
  });
});

void describe('reading OIDC mutation params', () => {
  const cases: [name: string, raw: Record<string, unknown>, paths: string[]][] = [
    ['id-token-claims', {}, ['params']],
    ['id-token-claims', { set: 3 }, ['params.set']],
    ['id-token-claims', { remove: 'nonce' }, ['params.remove']],
    ['id-token-claims', { remove: [''] }, ['params.remove[0]']],
    ['id-token-claims', { set: { iss: '{orignal}1' } }, ['params.set.iss']],
    ['id-token-claims', { set: { aud: ['{original}', '{nope}'] } }, ['params.set.aud[1]']],
    ['id-token-claims', { set: { nonce: 'x' }, remove: ['nonce'] }, ['params.remove']],
    ['id-token-claims', { set: { iss: 'x' }, extra: 1 }, ['params.extra']],
    ['id-token-header', { set: { '': 'x' } }, ['params.set.']],
    ['id-token-signature', {}, ['params.kind']],
    ['id-token-signature', { kind: 'rot13' }, ['params.kind']],
    ['id-token-signature', { kind: 'xor', key: 'k' }, ['params.key']],
    ['id-token-replay', { previous: true }, ['params.previous']],
    ['authorization-response', { set: { state: { nested: 1 } } }, ['params.set.state']],
    ['authorization-response', { set: { state: null } }, ['params.set.state']],
    ['jwks', {}, ['params']],
    ['jwks', { add: ['extra-rsa', 'bogus'] }, ['params.add[1]']],
    ['jwks', { removeKids: [3] }, ['params.removeKids[0]']],
    ['discovery', { remove: Array.from({ length: 65 }, (_, i) => `m${i}`) }, ['params.remove']],
  ];
  for (const [name, raw, paths] of cases) {
    void test(`${name} ${JSON.stringify(raw).slice(0, 60)} is refused at ${paths.join(', ')}`, () => {
      assert.deepEqual(refusedPaths(name, raw), paths);
    });
  }

  void test('valid params are read as given', () => {
    assert.deepEqual(params('id-token-claims', { set: { aud: ['{original}'] }, remove: ['nonce'] }), { set: [['aud', ['{original}']]], remove: ['nonce'] });
    assert.deepEqual(params('id-token-signature', { kind: 'alg-none' }), { kind: 'alg-none' });
    assert.deepEqual(params('jwks', { add: ['extra-rsa'] }), { add: ['extra-rsa'], removeKids: [] });
  });
});

void describe('applying a fault at an oidc point', () => {
  let key: ServerKey;
  before(async () => {
    key = await serverKey();
  });

  void test('mutations apply in order; one that does not fit is recorded as not applied and the rest still apply', async () => {
    const store = new FaultStore(() => NOW);
    store.add({
      label: 'case',
      appId: CLIENT_ID,
      userId: undefined,
      mode: 'once',
      mutations: [
        { name: 'id-token-replay', point: 'oidc.id_token', params: params('id-token-replay', {}) },
        { name: 'id-token-claims', point: 'oidc.id_token', params: params('id-token-claims', { set: { aud: '{original}1' } }) },
        { name: 'id-token-signature', point: 'oidc.id_token', params: params('id-token-signature', { kind: 'xor' }) },
      ],
    });
    const token = await idToken(key);
    const runOf = store.begin({ appId: CLIENT_ID, userId: 'u1' });
    const out = await applyAt(runOf, 'oidc.id_token', token, contextFor(key));
    runOf.finish('id_token in the token response', { kind: 'id-token', text: out });
    assert.equal(segments(out).payload['aud'], `${CLIENT_ID}1`);
    assert.notEqual(segments(out).encoded[2], segments(token).encoded[2]);
    const [record] = store.sent();
    assert.deepEqual(record!.faults[0]!.mutations.map((m) => [m.name, m.notApplied === undefined]), [
      ['id-token-replay', false],
      ['id-token-claims', true],
      ['id-token-signature', true],
    ]);
    assert.equal(store.empty, true, 'the once fault is retired');
  });

  void test('a mutation that is not of this point, or a value that is not a token, changes nothing and throws nothing', async () => {
    const store = new FaultStore(() => NOW);
    store.add({ label: '', appId: undefined, userId: undefined, mode: 'until-cleared', mutations: [{ name: 'id-token-claims', point: 'oidc.id_token', params: params('id-token-claims', { set: { iss: 'x' } }) }] });
    const runOf = store.begin({});
    assert.equal(await applyAt(runOf, 'oidc.id_token', 'not-a-token', contextFor(key)), 'not-a-token');
    assert.equal(runOf.faulted, true);
  });
});
