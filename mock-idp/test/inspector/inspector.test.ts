/**
 * The inspector end to end: real SAML and OIDC sign-ins over HTTP, and what the org's inspector
 * shows of them (GET /mock/v1/inspector, /trace, the page), with faults and refusals — and the one
 * log line every refusal leaves.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deflateRawSync } from 'node:zlib';
import * as oidcClient from 'openid-client';
import { createMockIdp, OrgControlClient, type InspectedMessage, type MockIdp } from '../../index.ts';
import { TestBrowser, errorCodeOf, signInErrorCodeOf } from '../support/browser.ts';
import { codeRequest, finishCodeFlow } from '../support/code-flow.ts';
import { browse, signInThrough } from '../support/fixture.ts';

const PASSWORD = 'Inspector-password-1';
const ACS = 'https://sp.example.test/saml/acs';
const REDIRECT = 'http://127.0.0.1:9/oidc/callback';

function authnRequest(id: string, ssoUrl: string): string {
  const xml =
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="${id}" Version="2.0" IssueInstant="${new Date().toISOString()}" Destination="${ssoUrl}" AssertionConsumerServiceURL="${ACS}">` +
    '<saml:Issuer>https://sp.example.test/saml/metadata</saml:Issuer></samlp:AuthnRequest>';
  return `${ssoUrl}?${new URLSearchParams({ SAMLRequest: deflateRawSync(xml).toString('base64'), RelayState: '/home' })}`;
}

describe('inspector', () => {
  let idp: MockIdp;
  const lines: string[] = [];
  let ssoUrl: string;
  let samlAppId: string;
  let clientId: string;
  let clientSecret: string;
  let alice: string;

  before(async () => {
    idp = await createMockIdp({ log: (line) => lines.push(line) });
    const { control } = idp;
    alice = (await control.createUser({ email: 'alice@example.com', firstName: 'Alice', lastName: 'A', password: PASSWORD })).id;
    await control.createUser({ email: 'bob@example.com', firstName: 'Bob', lastName: 'B', password: PASSWORD });
    const app = await control.createSamlApp({ label: 'SP', signOn: { ssoAcsUrl: ACS, audience: 'https://sp.example.test/saml/metadata' } });
    samlAppId = app.id;
    await control.assignUserToApp(app.id, alice);
    ssoUrl = (await control.getSamlSetup(app.id)).ssoUrl;
    const oidcApp = await control.createOidcApp({ label: 'RP', oauthClient: { redirect_uris: [REDIRECT] } });
    await control.assignUserToApp(oidcApp.id, alice);
    ({ clientId, clientSecret } = await control.getOidcSetup(oidcApp.id));
  });
  after(() => idp.close());

  const since = async (cursor: number): Promise<InspectedMessage[]> => (await idp.control.inspector({ after: cursor })).messages;

  test('an SP-initiated SAML sign-in: the AuthnRequest received once (not again after the sign-in page), the Response as posted', async () => {
    const { last } = await idp.control.inspector({ limit: 1 });
    const outcome = await signInThrough(new TestBrowser(), authnRequest('id-inspected-1', ssoUrl), 'alice@example.com', PASSWORD);
    assert.ok(outcome.askedForPassword && outcome.form);
    const messages = await since(last);
    assert.deepEqual(messages.map((message) => [message.direction, message.kind]), [
      ['received', 'saml-authn-request'],
      ['sent', 'saml-response'],
    ]);
    const [request, response] = messages as [InspectedMessage, InspectedMessage];
    assert.match(request.message!.text, /ID="id-inspected-1"/);
    assert.equal(request.relayState, '/home');
    assert.equal(response.relayState, '/home', 'the Response went back with the RelayState it came with');
    assert.equal(request.appId, samlAppId);
    assert.equal(response.summary, `SAML Response to ${ACS}`);
    assert.equal(response.userId, alice);
    assert.deepEqual(response.faults, []);
    assert.equal(response.message!.text, Buffer.from(outcome.form.SAMLResponse, 'base64').toString('utf8'));
  });

  test('refusals are recorded with their codes and leave one log line each: not assigned, wrong password', async () => {
    const { last } = await idp.control.inspector({ limit: 1 });
    lines.length = 0;
    const browser = new TestBrowser();
    const wrong = await signInThrough(browser, ssoUrl, 'bob@example.com', 'not the password');
    assert.equal(signInErrorCodeOf(wrong.html), 'IDP_SIGNIN_FAILED');
    const unassigned = await signInThrough(browser, ssoUrl, 'bob@example.com', PASSWORD);
    assert.equal(errorCodeOf(unassigned.html), 'IDP_USER_NOT_ASSIGNED');
    const refusals = (await since(last)).filter((message) => message.kind === 'refusal');
    assert.deepEqual(refusals.map((message) => [message.direction, message.refusal?.code, message.refusal?.status]), [
      ['refused', 'IDP_SIGNIN_FAILED', 401],
      ['refused', 'IDP_USER_NOT_ASSIGNED', 403],
    ]);
    assert.equal(refusals[1]!.userId !== undefined, true, 'the signed-in person is named');
    assert.equal(lines.filter((line) => / refused IDP_SIGNIN_FAILED \(401\) on POST \/login\/login\.htm/.test(line)).length, 1);
    assert.equal(lines.filter((line) => / refused IDP_USER_NOT_ASSIGNED \(403\) on GET \/app\//.test(line)).length, 1);
  });

  test('a faulted Response carries its fault; /mock/v1/faults/sent is the same record', async () => {
    await idp.control.addFault({
      label: 'inspected-fault',
      appId: samlAppId,
      mutations: [
        { name: 'set-text', params: { target: 'Response/Assertion/Conditions/AudienceRestriction/Audience', value: '{original}1' } },
        { name: 'set-text', params: { target: 'Response/Assertion/Nowhere', value: 'x' } },
      ],
    });
    const outcome = await signInThrough(new TestBrowser(), authnRequest('id-inspected-2', ssoUrl), 'alice@example.com', PASSWORD);
    const [inspected] = (await idp.control.inspector({ label: 'inspected-fault' })).messages;
    assert.ok(inspected && outcome.form);
    assert.deepEqual(inspected.faults.map((fault) => [fault.label, fault.mutations.map((mutation) => [mutation.name, mutation.notApplied === undefined])]), [
      ['inspected-fault', [['set-text', true], ['set-text', false]]],
    ]);
    const [sent] = await idp.control.sentWithFaults('inspected-fault');
    assert.equal(sent!.message.text, inspected.message!.text);
    assert.equal(sent!.sentTo, inspected.summary);
    assert.deepEqual(sent!.faults, inspected.faults);
    await idp.control.clearSentWithFaults();
    assert.deepEqual(await idp.control.sentWithFaults('inspected-fault'), []);
    assert.ok((await since(0)).some((message) => message.kind === 'saml-authn-request'), 'the unfaulted messages stay');
  });

  test('an OIDC code flow: the authorization request, its response, the token response, the id_token and userinfo; a token error is a refusal', async () => {
    const config = await oidcClient.discovery(new URL(idp.url), clientId, clientSecret, undefined, { execute: [oidcClient.allowInsecureRequests] });
    const { last } = await idp.control.inspector({ limit: 1 });
    const browser = new TestBrowser();
    const { url, ...secrets } = await codeRequest(config, REDIRECT);
    const browsed = await browse(browser, url.href, 'alice@example.com', PASSWORD);
    const tokens = await finishCodeFlow(config, { location: browsed.location, ...secrets });
    await oidcClient.fetchUserInfo(config, tokens.access_token, tokens.claims()!.sub);
    lines.length = 0;
    await assert.rejects(finishCodeFlow(config, { location: browsed.location, ...secrets }), 'a code is single use');
    const messages = await since(last);
    assert.deepEqual(messages.map((message) => message.kind), [
      'oidc-authorization-request',
      'oidc-authorization-response',
      'oidc-id-token',
      'oidc-token-response',
      'oidc-userinfo',
      'oidc-token-response',
    ]);
    const [request, , idToken, , , failed] = messages as InspectedMessage[];
    assert.equal((JSON.parse(request!.message!.text) as Record<string, string>)['nonce'], secrets.nonce);
    assert.equal((JSON.parse(idToken!.message!.text) as { payload: { nonce: string } }).payload.nonce, secrets.nonce);
    assert.equal(failed!.direction, 'refused');
    assert.equal(failed!.refusal?.code, 'invalid_grant');
    assert.equal(lines.filter((line) => line.includes('refused invalid_grant sent in the token response')).length, 1);
  });

  test('an authorization request refused by Okta (a redirect URI not registered) is the request, then the refusal', async () => {
    const { last } = await idp.control.inspector({ limit: 1 });
    const authorize = new URL('/oauth2/v1/authorize', idp.url);
    authorize.search = new URLSearchParams({ client_id: clientId, response_type: 'code', scope: 'openid', redirect_uri: 'https://evil.example/cb', state: 's', nonce: 'n' }).toString();
    const page = await new TestBrowser().get(authorize.href);
    assert.equal(errorCodeOf(await page.text()), 'IDP_OIDC_REDIRECT_URI_NOT_REGISTERED');
    assert.deepEqual((await since(last)).map((message) => [message.kind, message.refusal?.code]), [
      ['oidc-authorization-request', undefined],
      ['refusal', 'IDP_OIDC_REDIRECT_URI_NOT_REGISTERED'],
    ]);
  });

  test('the API: only the org API token opens it; after, limit and bad parameters; the trace as text; DELETE forgets', async () => {
    const other = await idp.createOrg();
    try {
      const anonymous = await fetch(new URL('/mock/v1/inspector', idp.url));
      assert.equal(anonymous.status, 401);
      assert.equal(((await anonymous.json()) as { errorCode: string }).errorCode, 'E0000011');
      const otherToken = await new OrgControlClient(idp.url, other.apiToken).inspector().then(
        () => 'opened',
        (error: { errorCode?: string }) => error.errorCode,
      );
      assert.equal(otherToken, 'E0000011', "another org's token does not open this org's inspector");
      assert.deepEqual((await new OrgControlClient(other.baseUrl, other.apiToken).inspector()).messages, [], 'another org sees none of these messages');
    } finally {
      await idp.deleteOrg(other.id);
    }
    for (const path of ['/mock/v1/inspector', '/mock/v1/inspector/trace']) {
      for (const query of ['after=-1', 'after=x', 'after=', 'limit=0', 'limit=1001', 'label=a&label=b']) {
        const response = await fetch(new URL(`${path}?${query}`, idp.url), { headers: { authorization: `SSWS ${idp.org.apiToken}` } });
        assert.equal(response.status, 400, `${path}?${query}`);
        assert.match(response.headers.get('content-type') ?? '', /json/, `${path}?${query}: Okta's error JSON`);
        assert.equal(((await response.json()) as { errorCode: string }).errorCode, 'E0000001', `${path}?${query}`);
      }
    }
    const all = await idp.control.inspector();
    assert.equal((await idp.control.inspector({ limit: 2 })).messages.length, 2);
    assert.deepEqual((await idp.control.inspector({ limit: 2 })).messages.map((message) => message.id), all.messages.slice(-2).map((message) => message.id));
    const trace = await idp.control.inspectorTrace();
    assert.match(trace, /^#\d+ \S+ received AuthnRequest id-inspected-1 /m);
    assert.match(trace, /^ {4}<saml2p:Response /m, 'the XML is laid out, indented under its heading');
    assert.match(trace, /^ {2}refusal: IDP_USER_NOT_ASSIGNED \(403\): User is not assigned to this application$/m);
    await idp.control.clearInspector();
    assert.deepEqual((await idp.control.inspector()).messages, []);
    assert.equal((await idp.control.inspector()).last, all.last, 'the cursor keeps counting');
  });

  test('the page holds no data and no token; it is locked down by its CSP', async () => {
    const page = await fetch(new URL('/mock/inspector', idp.url));
    assert.equal(page.status, 200);
    const html = await page.text();
    assert.ok(!html.includes(idp.org.apiToken));
    assert.ok(!html.includes('alice@example.com'));
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'; script-src 'nonce-[^']+'/);
    assert.match(html, /data-testid="inspector-messages"/);
  });

  test('bounded: maxInspectorMessagesPerOrg keeps the newest', async () => {
    const small = await createMockIdp({ limits: { maxInspectorMessagesPerOrg: 10 } });
    try {
      const user = await small.control.createUser({ email: 'carol@example.com', firstName: 'C', lastName: 'C', password: PASSWORD });
      const app = await small.control.createSamlApp({ label: 'SP', signOn: { ssoAcsUrl: ACS, audience: 'urn:sp' } });
      await small.control.assignUserToApp(app.id, user.id);
      const url = (await small.control.getSamlSetup(app.id)).ssoUrl;
      const browser = new TestBrowser();
      for (let i = 0; i < 8; i += 1) await signInThrough(browser, authnRequest(`id-bounded-${i}`, url), 'carol@example.com', PASSWORD);
      const { last, messages } = await small.control.inspector();
      assert.equal(last, 16);
      assert.deepEqual(messages.map((message) => message.id), [7, 8, 9, 10, 11, 12, 13, 14, 15, 16]);
    } finally {
      await small.close();
    }
  });
});
