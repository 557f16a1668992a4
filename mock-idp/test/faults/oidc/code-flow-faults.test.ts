/**
 * OIDC faults set through POST /mock/v1/faults and met by a real RP: openid-client, in its strict
 * mode, runs a code flow against the mock and must refuse each faulted answer for the intended
 * reason; GET /mock/v1/faults/sent shows what the mock sent. Without a fault, nothing changes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import * as oidcClient from 'openid-client';
import type { FaultSpec } from '../../../index.ts';
import { TestBrowser } from '../../support/browser.ts';
import { startCodeFlow, startOidcFixture, type OidcFixture } from '../../support/oidc-fixture.ts';
import { codeFlow, refusalOf, signedInBrowser, strictRp, type Refusal } from './rp.ts';

type Mutations = FaultSpec['mutations'];

const claims = (params: Record<string, unknown>): Mutations => [{ name: 'id-token-claims', params }];
const signature = (kind: string): Mutations => [{ name: 'id-token-signature', params: { kind } }];
const redirect = (params: Record<string, unknown>): Mutations => [{ name: 'authorization-response', params }];

const INVALID = 'OAUTH_INVALID_RESPONSE';
const CLAIM = 'OAUTH_JWT_CLAIM_COMPARISON_FAILED';
const TIME = 'OAUTH_JWT_TIMESTAMP_CHECK_FAILED';
const KEY = 'OAUTH_KEY_SELECTION_FAILED';

/** Each case: the fault, and the refusal openid-client must report for it. */
const REFUSED: [label: string, mutations: Mutations, refusal: Refusal][] = [
  ['rp-id_token-issuer-mismatch', claims({ set: { iss: '{original}1' } }), { code: CLAIM, claim: 'iss' }],
  ['missing-iss', claims({ remove: ['iss'] }), { code: INVALID }],
  ['rp-id_token-aud', claims({ set: { aud: '{original}1' } }), { code: CLAIM, claim: 'aud' }],
  ['missing-aud', claims({ remove: ['aud'] }), { code: INVALID }],
  ['invalid-secondary-aud', claims({ set: { aud: ['{original}', '{original}1'] } }), { code: CLAIM, claim: 'aud' }],
  ['azp-mismatch', claims({ set: { aud: ['{original}', 'another-client'], azp: 'another-client' } }), { code: CLAIM, claim: 'azp' }],
  ['rp-id_token-sub', claims({ remove: ['sub'] }), { code: INVALID }],
  ['rp-id_token-iat', claims({ remove: ['iat'] }), { code: INVALID }],
  ['invalid-expired-exp', claims({ set: { exp: '{now-6m}' } }), { code: TIME, claim: 'exp' }],
  ['missing-exp', claims({ remove: ['exp'] }), { code: INVALID }],
  ['future-nbf', claims({ set: { nbf: '{now+1h}' } }), { code: TIME, claim: 'nbf' }],
  ['rp-nonce-invalid', claims({ set: { nonce: '{original}1' } }), { code: CLAIM, claim: 'nonce' }],
  ['missing-nonce', claims({ remove: ['nonce'] }), { code: INVALID }],
  ['crit-unknown', [{ name: 'id-token-header', params: { set: { crit: ['x-unknown'], 'x-unknown': 1 } } }], { code: 'OAUTH_UNSUPPORTED_OPERATION' }],
  ['rp-id_token-bad-sig-rs256', signature('xor'), { code: INVALID }],
  ['signature-stripped', signature('strip'), { code: INVALID }],
  ['alg-none', signature('alg-none'), { code: INVALID }],
  ['rp-id_token-bad-sig-hs256', [...signature('hs256-client-secret'), ...signature('xor')], { code: INVALID }],
  ['alg-confusion-pem', signature('hs256-public-key-pem'), { code: INVALID }],
  ['alg-confusion-jwk', signature('hs256-public-key-jwk'), { code: INVALID }],
  ['unknown-kid', signature('unpublished-key'), { code: KEY }],
  ['invalid-alternate-alg-es256', signature('es256-unpublished'), { code: INVALID }],
  ['invalid-alternate-alg-ps256', signature('ps256-unpublished'), { code: INVALID }],
  ['header-key-injection-jwk', signature('attacker-jwk-header'), { code: KEY }],
  ['header-key-injection-x5c', signature('attacker-x5c-header'), { code: KEY }],
  ['header-key-injection-jku', signature('jku-canary'), { code: KEY }],
  ['header-key-injection-x5u', signature('x5u-canary'), { code: KEY }],
  ['invalid-state', redirect({ set: { state: '{original}1' } }), { code: INVALID }],
  ['missing-state', redirect({ remove: ['state'] }), { code: INVALID }],
  ['authorization-response-iss-mismatch', redirect({ set: { iss: '{original}1' } }), { code: INVALID }],
  ['authorization-response-iss-missing', redirect({ remove: ['iss'] }), { code: INVALID }],
  ['authorization-error', redirect({ set: { error: 'access_denied', error_description: 'denied by the fault' }, remove: ['code'] }), { code: 'OAUTH_AUTHORIZATION_RESPONSE_ERROR', error: 'access_denied' }],
  ['wrong-code', redirect({ set: { code: '{original}1' } }), { code: 'OAUTH_RESPONSE_BODY_ERROR', error: 'invalid_grant' }],
  ['token-response-without-id_token', [{ name: 'token-response', params: { remove: ['id_token'] } }], { code: INVALID }],
];

void describe('OIDC faults met by openid-client in a code flow', () => {
  let fixture: OidcFixture;
  let browser: TestBrowser;

  before(async () => {
    fixture = await startOidcFixture();
    browser = await signedInBrowser(fixture, 'alice@example.com');
  });
  after(() => fixture.idp.close());

  const setFault = (label: string, mutations: Mutations) => fixture.idp.control.addFault({ label, appId: fixture.oidcApp.id, userId: fixture.users.alice, mutations });

  void test('without a fault nothing changes: the id_token verifies with the one published key, nothing is recorded', async () => {
    const config = await strictRp(fixture);
    const { tokens, refusal } = await codeFlow(config, browser);
    assert.equal(refusal, undefined);
    const jwks = (await (await fetch(config.serverMetadata().jwks_uri!)).json()) as { keys: { kid: string }[] };
    assert.equal(jwks.keys.length, 1);
    const verified = await jwtVerify(tokens!.id_token!, createRemoteJWKSet(new URL(config.serverMetadata().jwks_uri!)), { issuer: fixture.idp.url, audience: fixture.clientId });
    assert.equal(verified.protectedHeader.kid, jwks.keys[0]!.kid);
    assert.deepEqual(await fixture.idp.control.sentWithFaults(), []);
  });

  void test('a fault for another user leaves this sign-in alone and stays set', async () => {
    const fault = await fixture.idp.control.addFault({ label: 'carol-only', userId: fixture.users.carol, mutations: claims({ set: { iss: '{original}1' } }) });
    const { refusal } = await codeFlow(await strictRp(fixture), browser);
    assert.equal(refusal, undefined);
    assert.deepEqual((await fixture.idp.control.listFaults()).map((f) => f.id), [fault.id]);
    await fixture.idp.control.removeFault(fault.id);
  });

  for (const [label, mutations, expected] of REFUSED) {
    void test(`${label}: openid-client refuses it (${expected.code}${expected.claim ? ` on ${expected.claim}` : ''}${expected.error ? ` ${expected.error}` : ''}) and the record shows it`, async () => {
      await setFault(label, mutations);
      const { refusal } = await codeFlow(await strictRp(fixture), browser);
      assert.deepEqual(refusal, expected);
      const records = await fixture.idp.control.sentWithFaults(label);
      assert.ok(records.length >= 1, 'what was sent is recorded');
      for (const record of records) assert.ok(record.faults[0]!.mutations.every((m) => m.notApplied === undefined), JSON.stringify(record.faults));
      assert.deepEqual(await fixture.idp.control.listFaults(), [], 'the once fault is retired');
    });
  }

  void test('the records decode what was sent: the id_token as header and payload, the redirect as parameters, the token response as JSON', async () => {
    await setFault('records', [...claims({ set: { iss: '{original}1' } }), ...redirect({ set: { extra: 'added' } }), { name: 'token-response', params: { set: { scope: 'openid' } } }]);
    await codeFlow(await strictRp(fixture), browser);
    const records = await fixture.idp.control.sentWithFaults('records');
    const byKind = Object.fromEntries(records.map((record) => [record.message.kind, record]));
    assert.deepEqual(Object.keys(byKind).sort(), ['id-token', 'json', 'parameters']);
    assert.match(byKind['parameters']!.sentTo, /^authorization response to http:\/\/127\.0\.0\.1:9\/oidc\/callback$/);
    const parameters = JSON.parse(byKind['parameters']!.message.text) as Record<string, string>;
    assert.equal(parameters['extra'], 'added');
    assert.equal(parameters['iss'], fixture.idp.url);
    const idToken = JSON.parse(byKind['id-token']!.message.text) as { header: { alg: string }; payload: { iss: string; sub: string } };
    assert.equal(byKind['id-token']!.sentTo, 'id_token in the token response');
    assert.equal(idToken.header.alg, 'RS256');
    assert.equal(idToken.payload.iss, `${fixture.idp.url}1`);
    assert.equal(idToken.payload.sub, fixture.users.alice);
    assert.equal(byKind['json']!.sentTo, 'token response');
    assert.equal((JSON.parse(byKind['json']!.message.text) as { scope: string }).scope, 'openid');
    assert.deepEqual(byKind['json']!.faults[0]!.mutations.map((m) => m.point), ['oidc.token_response']);
    assert.equal(byKind['json']!.appId, fixture.oidcApp.id);
    assert.equal(byKind['json']!.userId, fixture.users.alice);
  });

  void test('id-token-replay: the previous sign-in’s id_token comes back, and openid-client refuses its old nonce', async () => {
    const first = await codeFlow(await strictRp(fixture), browser);
    assert.equal(first.refusal, undefined);
    await setFault('id_token-replay', [{ name: 'id-token-replay' }]);
    const config = await strictRp(fixture);
    const replayed = await codeFlow(config, browser);
    assert.deepEqual(replayed.refusal, { code: CLAIM, claim: 'nonce' });
    const [record] = await fixture.idp.control.sentWithFaults('id_token-replay');
    assert.equal((JSON.parse(record!.message.text) as { payload: { nonce: string } }).payload.nonce, first.tokens!.claims()!.nonce);
  });

  void test('id-token-replay for a user with no earlier sign-in is recorded as not applied, and the sign-in succeeds', async () => {
    const carol = await signedInBrowser(fixture, 'carol@example.com');
    await fixture.idp.control.addFault({ label: 'nothing-to-replay', userId: fixture.users.carol, mutations: [{ name: 'id-token-replay' }] });
    const { refusal } = await codeFlow(await strictRp(fixture), carol);
    assert.equal(refusal, undefined);
    const [record] = await fixture.idp.control.sentWithFaults('nothing-to-replay');
    assert.equal(typeof record!.faults[0]!.mutations[0]!.notApplied, 'string');
  });

  void test('a once fault applies to one sign-in only; until-cleared applies to every one until removed', async () => {
    await setFault('once', claims({ set: { iss: '{original}1' } }));
    assert.ok((await codeFlow(await strictRp(fixture), browser)).refusal);
    assert.equal((await codeFlow(await strictRp(fixture), browser)).refusal, undefined);
    const fault = await fixture.idp.control.addFault({ label: 'sticky', mode: 'until-cleared', appId: fixture.oidcApp.id, mutations: claims({ set: { iss: '{original}1' } }) });
    for (let i = 0; i < 2; i += 1) assert.ok((await codeFlow(await strictRp(fixture), browser)).refusal);
    await fixture.idp.control.removeFault(fault.id);
    assert.equal((await codeFlow(await strictRp(fixture), browser)).refusal, undefined);
  });

  void test('rp-userinfo-bad-sub-claim: another sub in userinfo is refused against the id_token’s', async () => {
    const config = await strictRp(fixture);
    const { tokens } = await codeFlow(config, browser);
    await setFault('rp-userinfo-bad-sub-claim', [{ name: 'userinfo', params: { set: { sub: '{original}1' } } }]);
    const refusal = await oidcClient.fetchUserInfo(config, tokens!.access_token, tokens!.claims()!.sub).then(
      () => undefined,
      (error: unknown) => refusalOf(error),
    );
    assert.deepEqual(refusal, { code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' });
    const [record] = await fixture.idp.control.sentWithFaults('rp-userinfo-bad-sub-claim');
    assert.equal(record!.sentTo, 'userinfo response');
  });

  void test('rp-discovery-issuer-not-matching-config: openid-client refuses the configuration, on either server', async () => {
    // The org server's issuer is a bare origin, where "{original}1" would only make the port invalid.
    for (const [issuer, template] of [
      [fixture.idp.url, '{original}/1'],
      [`${fixture.idp.url}/oauth2/default`, '{original}1'],
    ] as const) {
      await fixture.idp.control.addFault({ label: 'discovery-issuer', mutations: [{ name: 'discovery', params: { set: { issuer: template } } }] });
      const refusal = await strictRp(fixture, issuer).then(
        () => undefined,
        (error: unknown) => refusalOf(error),
      );
      assert.deepEqual(refusal, { code: 'OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED' }, issuer);
    }
  });

  void test('PKCE downgrade: discovery can offer only plain, or no method at all', async () => {
    await fixture.idp.control.addFault({ label: 'pkce-plain', mutations: [{ name: 'discovery', params: { set: { code_challenge_methods_supported: ['plain'] } } }] });
    assert.deepEqual((await strictRp(fixture)).serverMetadata().code_challenge_methods_supported, ['plain']);
    await fixture.idp.control.addFault({ label: 'pkce-absent', mutations: [{ name: 'discovery', params: { remove: ['code_challenge_methods_supported'] } }] });
    assert.equal((await strictRp(fixture)).serverMetadata().code_challenge_methods_supported, undefined);
    assert.deepEqual((await strictRp(fixture)).serverMetadata().code_challenge_methods_supported, ['S256'], 'and back once the faults are used');
  });

  void test('a fault applies as well on the redirect that follows the password page', async () => {
    await setFault('after-password', redirect({ set: { state: '{original}1' } }));
    const config = await strictRp(fixture);
    const flow = await startCodeFlow(config, new TestBrowser(), 'alice@example.com');
    assert.equal(flow.askedForPassword, true);
    assert.equal(new URL(flow.location!).searchParams.get('state'), `${flow.state}1`);
    assert.equal((await fixture.idp.control.sentWithFaults('after-password')).length, 1);
  });

  void test('form_post: the posted fields are what the fault edits', async () => {
    const config = await strictRp(fixture);
    await setFault('form-post-state', redirect({ set: { state: '{original}1' } }));
    const url = oidcClient.buildAuthorizationUrl(config, { redirect_uri: 'http://127.0.0.1:9/oidc/callback', scope: 'openid', state: 'st-form', nonce: 'n', response_mode: 'form_post', code_challenge: await oidcClient.calculatePKCECodeChallenge('v'.repeat(43)), code_challenge_method: 'S256' });
    const response = await browser.get(url.href);
    const html = await response.text();
    assert.match(html, /<input type="hidden" name="state" value="st-form1"\/>/);
    assert.match(html, /<input type="hidden" name="code" value="[^"]+"\/>/);
    assert.equal((html.match(/name="state"/g) ?? []).length, 1);
  });
});
