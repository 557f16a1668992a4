/**
 * The positive controls an RP must accept (a rotated key, a one-element aud, no kid with one key,
 * unusable extra keys in the JWKS), key publication that outlives the fault, the Okta Simplified
 * tile's faults, the canary URLs, and the API's coded refusals of bad faults.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { compactVerify, createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { ControlApiError, type FaultSpec } from '../../../index.ts';
import { TestBrowser, readPostFields } from '../../support/browser.ts';
import { browse } from '../../support/fixture.ts';
import { startOidcFixture, type OidcFixture } from '../../support/oidc-fixture.ts';
import { codeFlow, signedInBrowser, strictRp } from './rp.ts';

type Mutations = FaultSpec['mutations'];
const signature = (kind: string): Mutations => [{ name: 'id-token-signature', params: { kind } }];

interface Jwks {
  keys: Record<string, unknown>[];
}

void describe('positive controls and published keys', () => {
  let fixture: OidcFixture;
  let browser: TestBrowser;
  let jwksUri: string;

  before(async () => {
    fixture = await startOidcFixture();
    browser = await signedInBrowser(fixture, 'alice@example.com');
    jwksUri = `${fixture.idp.url}/oauth2/v1/keys`;
  });
  after(() => fixture.idp.close());

  const setFault = (label: string, mutations: Mutations, mode: 'once' | 'until-cleared' = 'once') =>
    fixture.idp.control.addFault({ label, mode, appId: fixture.oidcApp.id, mutations });
  const jwks = async (): Promise<Jwks> => (await fetch(jwksUri)).json() as Promise<Jwks>;

  // Order matters in this block: the single-key control runs before any fault publishes a key.
  void test('rp-id_token-kid-absent-single-jwks: no kid while the JWKS holds one key is accepted', async () => {
    await setFault('kid-absent-single', signature('no-kid-single-key'));
    const { tokens, refusal } = await codeFlow(await strictRp(fixture), browser);
    assert.equal(refusal, undefined);
    assert.equal(decodeProtectedHeader(tokens!.id_token!).kid, undefined);
    assert.equal((await jwks()).keys.length, 1);
  });

  void test('aud-as-array: aud as a one-element array is accepted', async () => {
    await setFault('aud-as-array', [{ name: 'id-token-claims', params: { set: { aud: ['{original}'] } } }]);
    const { tokens, refusal } = await codeFlow(await strictRp(fixture), browser);
    assert.equal(refusal, undefined);
    assert.deepEqual(tokens!.claims()!.aud, [fixture.clientId]);
  });

  void test('ignores-unparseable-key: unusable keys before the real one are ignored, and the JWKS is whole again after', async () => {
    await fixture.idp.control.addFault({ label: 'unparseable-keys', mutations: [{ name: 'jwks', params: { add: ['unparseable-akp', 'unknown-kty', 'malformed-rsa', 'extra-ec'] } }] });
    const { refusal } = await codeFlow(await strictRp(fixture), browser);
    assert.equal(refusal, undefined);
    const [record] = await fixture.idp.control.sentWithFaults('unparseable-keys');
    assert.equal(record!.sentTo, `JWKS of ${fixture.idp.url}`);
    assert.equal((JSON.parse(record!.message.text) as Jwks).keys.length, 5);
    assert.equal((await jwks()).keys.length, 1);
  });

  void test('removing the signing key from the JWKS makes the kid unknown: refused', async () => {
    await fixture.idp.control.addFault({ label: 'signing-key-withdrawn', mutations: [{ name: 'jwks', params: { removeKids: ['signing-key'] } }] });
    const { refusal } = await codeFlow(await strictRp(fixture), browser);
    assert.deepEqual(refusal, { code: 'OAUTH_KEY_SELECTION_FAILED' });
  });

  void test('hs256-public-key-jwk is keyed by the published JWK exactly as the JWKS serves it', async () => {
    const [published] = (await jwks()).keys;
    await setFault('alg-confusion-jwk', signature('hs256-public-key-jwk'));
    const flow = await codeFlow(await strictRp(fixture), browser);
    assert.ok(flow.refusal);
    const [record] = await fixture.idp.control.sentWithFaults('alg-confusion-jwk');
    const token = JSON.parse(record!.message.text) as { header: object; payload: object; signature: string };
    const compact = [token.header, token.payload].map((part) => Buffer.from(JSON.stringify(part)).toString('base64url')).join('.') + `.${token.signature}`;
    await compactVerify(compact, new TextEncoder().encode(JSON.stringify(published)));
  });

  void test('key-rotation: a newly published key signs the token; an RP that refetches the JWKS on the unknown kid accepts it', async () => {
    // An RP that fetched the JWKS before the rotation.
    const cached = createRemoteJWKSet(new URL(jwksUri), { cooldownDuration: 0 });
    const before_ = await codeFlow(await strictRp(fixture), browser);
    await jwtVerify(before_.tokens!.id_token!, cached);
    await setFault('key-rotation', signature('new-published-key'));
    const config = await strictRp(fixture);
    const { tokens, refusal } = await codeFlow(config, browser);
    assert.equal(refusal, undefined);
    const kid = decodeProtectedHeader(tokens!.id_token!).kid;
    assert.match(String(kid), /^rotated-/);
    await jwtVerify(tokens!.id_token!, cached, { issuer: fixture.idp.url, audience: fixture.clientId });
    const keys = (await jwks()).keys;
    assert.deepEqual(keys.map((key) => key['kid']).slice(1), [kid], 'published from now on, after the signing key');
    assert.equal(keys.some((key) => 'd' in key), false);
    // The next, clean sign-in is signed by the server key again and still verifies.
    assert.equal((await codeFlow(await strictRp(fixture), browser)).refusal, undefined);
  });

  void test('rp-id_token-kid-absent-multiple-jwks: with a second key published, openid-client refuses a token without kid', async () => {
    await setFault('kid-absent-multiple', signature('no-kid-several-keys'));
    const { refusal } = await codeFlow(await strictRp(fixture), browser);
    assert.deepEqual(refusal, { code: 'OAUTH_KEY_SELECTION_FAILED' });
  });
});

void describe('the Okta Simplified tile, canaries and the API', () => {
  const SIMPLIFIED_REDIRECT_URI = 'http://127.0.0.1:9/oidc/id-token';
  let fixture: OidcFixture;
  let appId: string;
  let browser: TestBrowser;

  before(async () => {
    fixture = await startOidcFixture();
    const app = await fixture.idp.control.createOidcApp({
      label: 'Okta Simplified App',
      oauthClient: {
        redirect_uris: [SIMPLIFIED_REDIRECT_URI],
        grant_types: ['authorization_code', 'implicit'],
        response_types: ['code', 'id_token'],
        idp_initiated_login: { mode: 'OKTA', default_scope: ['openid', 'email'] },
      },
    });
    appId = app.id;
    await fixture.idp.control.assignUserToApp(appId, fixture.users.alice);
    browser = await signedInBrowser(fixture, 'alice@example.com');
  });
  after(() => fixture.idp.close());

  const launch = async () => readPostFields((await browse(browser, `${fixture.idp.url}/home/oidc_client/${appId}/launch`)).html);
  const idTokenOf = (fields: [string, string][]) => fields.find(([name]) => name === 'id_token')?.[1];
  const keys = () => createRemoteJWKSet(new URL(`${fixture.idp.url}/oauth2/v1/keys`));

  void test('without a fault the tile posts one id_token, signed by the published key', async () => {
    const fields = await launch();
    assert.deepEqual(fields.map(([name]) => name), ['id_token']);
    await jwtVerify(idTokenOf(fields)!, keys(), { issuer: fixture.idp.url, audience: appId });
  });

  void test('id_token faults apply to the tile’s token: re-signed, with only the claim changed', async () => {
    await fixture.idp.control.addFault({ label: 'tile-aud', appId, mutations: [{ name: 'id-token-claims', params: { set: { aud: '{original}1' } } }] });
    const fields = await launch();
    const { payload } = await jwtVerify(idTokenOf(fields)!, keys(), { issuer: fixture.idp.url });
    assert.equal(payload.aud, `${appId}1`);
    const [record] = await fixture.idp.control.sentWithFaults('tile-aud');
    assert.equal(record!.sentTo, `id_token in Okta Simplified post to ${SIMPLIFIED_REDIRECT_URI}`);
    assert.equal(record!.message.kind, 'id-token');
  });

  void test('authorization-response faults edit the posted fields', async () => {
    await fixture.idp.control.addFault({ label: 'tile-fields', appId, mutations: [{ name: 'authorization-response', params: { set: { state: 'unexpected' } } }] });
    assert.deepEqual((await launch()).map(([name]) => name), ['id_token', 'state']);
    await fixture.idp.control.addFault({ label: 'tile-no-token', appId, mutations: [{ name: 'authorization-response', params: { remove: ['id_token'] } }] });
    assert.deepEqual(await launch(), []);
    const [record] = await fixture.idp.control.sentWithFaults('tile-no-token');
    assert.deepEqual([record!.message.kind, record!.message.text], ['parameters', '{}']);
  });

  void test('id-token-replay at the tile posts the token of the previous launch', async () => {
    const first = idTokenOf(await launch());
    await fixture.idp.control.addFault({ label: 'tile-replay', appId, mutations: [{ name: 'id-token-replay' }] });
    assert.equal(idTokenOf(await launch()), first);
  });

  void test('an id_token sent on the front channel (implicit, fragment) passes the id_token faults too', async () => {
    // oidc-provider allows the implicit flow only to https redirect URIs; the browser never follows it.
    const redirectUri = 'https://app.example.test/implicit';
    const implicitApp = await fixture.idp.control.createOidcApp({
      label: 'Implicit App',
      oauthClient: { redirect_uris: [redirectUri], grant_types: ['implicit'], response_types: ['id_token'] },
    });
    await fixture.idp.control.assignUserToApp(implicitApp.id, fixture.users.alice);
    await fixture.idp.control.addFault({ label: 'implicit', appId: implicitApp.id, mutations: [{ name: 'id-token-claims', params: { set: { nonce: '{original}1' } } }] });
    const url = new URL(`${fixture.idp.url}/oauth2/v1/authorize`);
    for (const [name, value] of Object.entries({ client_id: implicitApp.id, redirect_uri: redirectUri, response_type: 'id_token', scope: 'openid', nonce: 'n-implicit', state: 's' })) url.searchParams.set(name, value);
    const { location, html } = await browse(browser, url.href);
    assert.ok(location, html);
    const fragment = new URLSearchParams(new URL(location).hash.slice(1));
    const { payload } = await jwtVerify(fragment.get('id_token')!, keys(), { issuer: fixture.idp.url, audience: implicitApp.id });
    assert.equal(payload['nonce'], 'n-implicit1');
    assert.equal(fragment.get('state'), 's');
    const [record] = await fixture.idp.control.sentWithFaults('implicit');
    assert.equal(record!.sentTo, `id_token in authorization response to ${redirectUri}`);
  });

  void test('a canary fetch is recorded and answered with the attacker’s key; reading the hits needs the API token', async () => {
    await fixture.idp.control.clearCanaryHits();
    await fixture.idp.control.addFault({ label: 'tile-jku', appId, mutations: [{ name: 'id-token-signature', params: { kind: 'jku-canary' } }] });
    const token = idTokenOf(await launch())!;
    const jku = String(decodeProtectedHeader(token).jku);
    assert.ok(jku.startsWith(`${fixture.idp.url}/mock/v1/canary/`));
    const canaryToken = decodeURIComponent(jku.split('/').at(-1)!);
    assert.deepEqual(await fixture.idp.control.listCanaryHits(), [], 'making the token fetches nothing');
    // What a vulnerable SP would do: fetch the jku and trust it.
    await jwtVerify(token, createRemoteJWKSet(new URL(jku)), { issuer: fixture.idp.url, audience: appId });
    const hits = await fixture.idp.control.listCanaryHits();
    assert.deepEqual(
      hits.map((hit) => [hit.purpose, hit.method, hit.token]),
      [['jku', 'GET', canaryToken]],
    );
    assert.equal(await fixture.idp.control.canaryHits(canaryToken), 1);
    assert.equal((await fetch(`${fixture.idp.url}/mock/v1/faults/canary`)).status, 401);
  });

  void test('a canary URL the fault names (the harness’s own) is used, answers the attacker’s certificate, and counts its hits', async () => {
    const label = 'oidc-x5u-header#1a2b';
    const given = `${fixture.idp.url}/mock/v1/canary/${encodeURIComponent(label)}`;
    await fixture.idp.control.addFault({ label, appId, mutations: [{ name: 'id-token-signature', params: { kind: 'x5u-canary', canaryUrl: given } }] });
    const token = idTokenOf(await launch())!;
    assert.equal(decodeProtectedHeader(token).x5u, given);
    assert.equal(await fixture.idp.control.canaryHits(label), 0);
    const served = await fetch(given);
    assert.equal(served.headers.get('content-type'), 'application/pem-certificate-chain; charset=utf-8');
    assert.match(await served.text(), /^-----BEGIN CERTIFICATE-----/);
    assert.equal(await fixture.idp.control.canaryHits(label), 1);
    // A token nobody registered is counted all the same (an SP fetching a URL it guessed).
    assert.equal((await fetch(`${fixture.idp.url}/mock/v1/canary/never-minted`)).status, 404);
    assert.equal(await fixture.idp.control.canaryHits('never-minted'), 1);
  });

  void test('GET /mock/v1/faults/mutations lists every OIDC mutation with its point', async () => {
    const listed = (await fixture.idp.control.listFaultMutations()).filter((m) => m.point.startsWith('oidc.'));
    assert.deepEqual(
      listed.map((m) => `${m.point} ${m.name}`),
      [
        'oidc.id_token id-token-claims',
        'oidc.id_token id-token-header',
        'oidc.id_token id-token-signature',
        'oidc.id_token id-token-replay',
        'oidc.authorization_response authorization-response',
        'oidc.token_response token-response',
        'oidc.userinfo userinfo',
        'oidc.discovery discovery',
        'oidc.jwks jwks',
      ],
    );
  });

  const badFaults: [Mutations, string][] = [
    [[{ name: 'id-token-signature', params: { kind: 'rot13' } }], 'mutations[0].params.kind'],
    [[{ name: 'id-token-signature' }], 'mutations[0].params.kind'],
    [[{ name: 'id-token-claims', params: { set: { iss: '{orignal}1' } } }], 'mutations[0].params.set.iss'],
    [[{ name: 'id-token-claims', params: {} }], 'mutations[0].params'],
    [[{ name: 'jwks', params: { add: ['extra-rsa', 'nope'] } }], 'mutations[0].params.add[1]'],
    [[{ name: 'authorization-response', params: { set: { state: ['a'] } } }], 'mutations[0].params.set.state'],
    [[{ name: 'id-token-replay', params: { when: 'now' } }], 'mutations[0].params.when'],
    [[{ name: 'id-token-signature', params: { kind: 'xor', canaryUrl: 'http://127.0.0.1:9/c' } }], 'mutations[0].params.canaryUrl'],
    [[{ name: 'id-token-signature', params: { kind: 'jku-canary', canaryUrl: 'not a url' } }], 'mutations[0].params.canaryUrl'],
  ];
  for (const [mutations, path] of badFaults) {
    void test(`a bad fault is refused with 400 E0000001 naming ${path}`, async () => {
      const refused = await fixture.idp.control.addFault({ mutations }).then(
        () => undefined,
        (error: unknown) => error,
      );
      assert.ok(refused instanceof ControlApiError);
      assert.equal(refused.status, 400);
      assert.equal(refused.errorCode, 'E0000001');
      assert.deepEqual(refused.errorCauses.map((cause) => cause.split(': ')[0]), [path]);
    });
  }
});
