/** Pure rules: ids, expressions, fromURI, the SAML request parser. */
import assert from 'node:assert/strict';
import { deflateRawSync } from 'node:zlib';
import { describe, test } from 'node:test';
import { IdpError } from '../../src/errors.ts';
import { isOktaId, newApiToken, newId, newOrgName } from '../../src/ids.ts';
import { decodeSamlRequest, parseAuthnRequest } from '../../src/saml/parse-authn-request.ts';
import { isSafeFromUri } from '../../src/signin/from-uri.ts';
import { checkTemplate, evaluateTemplate } from '../../src/tenant/expressions.ts';

const codeOf = (run: () => unknown): string | undefined => {
  try {
    run();
  } catch (error) {
    return error instanceof IdpError ? error.code : `not an IdpError: ${String(error)}`;
  }
  return undefined;
};

void describe('Okta-style ids', () => {
  void test('have the prefix of their kind, 20 base62 characters, and differ', () => {
    for (const [kind, prefix] of [['user', '00u'], ['group', '00g'], ['app', '0oa'], ['externalKey', 'exk'], ['org', '00o']] as const) {
      const id = newId(kind);
      assert.match(id, new RegExp(`^${prefix}[0-9A-Za-z]{17}$`));
      assert.equal(isOktaId(id, kind), true);
      assert.notEqual(newId(kind), id);
    }
    assert.equal(isOktaId('00u-short', 'user'), false);
    assert.match(newOrgName(), /^dev-\d{8}$/);
    assert.match(newApiToken(), /^[0-9A-Za-z]{42}$/);
  });
});

void describe('expressions', () => {
  const context = { user: { id: '00u1', login: 'a.login', email: 'a@example.com', firstName: 'Ann', lastName: 'Lee' }, appUserName: 'app-name' };
  void test('evaluate profile references, the app username, literals and concatenation', () => {
    assert.equal(evaluateTemplate('${source.login}', context), 'a.login');
    assert.equal(evaluateTemplate('${source.email}', context), 'a@example.com');
    assert.equal(evaluateTemplate('user.lastName', context), 'Lee');
    assert.equal(evaluateTemplate('${user.userName}', context), 'app-name');
    assert.equal(evaluateTemplate('user.firstName + "." + user.lastName', context), 'Ann.Lee');
    assert.equal(evaluateTemplate('id-${user.id}-x', context), 'id-00u1-x');
  });
  void test('refuse what they cannot evaluate, at configuration time', () => {
    for (const bad of ['user.password', 'String.toUpperCase(user.email)', '${user.email', 'user.email +', '"open', 'appuser.email']) {
      assert.equal(typeof checkTemplate(bad), 'string', bad);
    }
    assert.equal(checkTemplate('user.email'), undefined);
  });
});

void describe('fromURI', () => {
  void test('allows paths on this origin only', () => {
    for (const ok of ['/app/UserHome', '/app/x/exk1/sso/saml?SAMLRequest=abc%2B&RelayState=%2F', '/']) assert.equal(isSafeFromUri(ok), true, ok);
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example/', 'javascript:alert(1)', 'relative/path', '/\tevil', '', '/x\\y']) {
      assert.equal(isSafeFromUri(bad), false, bad);
    }
  });
});

void describe('SAML request parser', () => {
  const request = (attributes = '', body = '<saml:Issuer>urn:sp</saml:Issuer>') =>
    `<samlp:AuthnRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" ID="_abc123" Version="2.0" ${attributes}>${body}</samlp:AuthnRequest>`;

  void test('reads a deflated HTTP-Redirect request and a base64 HTTP-POST request', () => {
    const xml = request('AssertionConsumerServiceURL="https://sp.test/acs" ForceAuthn="true"');
    const redirect = parseAuthnRequest(decodeSamlRequest({ binding: 'HTTP-Redirect', samlRequest: deflateRawSync(xml).toString('base64') }));
    assert.deepEqual(redirect, { id: '_abc123', issuer: 'urn:sp', assertionConsumerServiceUrl: 'https://sp.test/acs', forceAuthn: true });
    const posted = parseAuthnRequest(decodeSamlRequest({ binding: 'HTTP-POST', samlRequest: Buffer.from(xml).toString('base64') }));
    assert.deepEqual(posted, redirect);
    assert.equal(parseAuthnRequest(request('AssertionConsumerServiceIndex="2"')).assertionConsumerServiceIndex, 2);
  });

  void test('refuses malformed input with IDP_SAML_REQUEST_MALFORMED', () => {
    const post = (xml: string) => () => parseAuthnRequest(decodeSamlRequest({ binding: 'HTTP-POST', samlRequest: Buffer.from(xml).toString('base64') }));
    const cases: [string, () => unknown][] = [
      ['not base64', () => decodeSamlRequest({ binding: 'HTTP-POST', samlRequest: '***' })],
      ['not deflated', () => decodeSamlRequest({ binding: 'HTTP-Redirect', samlRequest: Buffer.from('plain').toString('base64') })],
      ['too large', () => decodeSamlRequest({ binding: 'HTTP-POST', samlRequest: 'A'.repeat(40 * 1024) })],
      ['inflates too large', () => decodeSamlRequest({ binding: 'HTTP-Redirect', samlRequest: deflateRawSync('a'.repeat(100 * 1024)).toString('base64') })],
      ['RelayState too long', () => decodeSamlRequest({ binding: 'HTTP-POST', samlRequest: 'QQ==', relayState: 'r'.repeat(5000) })],
      ['not well-formed', post('<samlp:AuthnRequest')],
      ['DOCTYPE', post('<!DOCTYPE x>' + request())],
      ['wrong root', post('<samlp:LogoutRequest xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="_a" Version="2.0"/>')],
      ['wrong namespace', post('<AuthnRequest xmlns="urn:example" ID="_a" Version="2.0"/>')],
      ['no ID', post(request().replace('ID="_abc123"', ''))],
      ['wrong version', post(request().replace('Version="2.0"', 'Version="1.1"'))],
      ['other binding', post(request('ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Artifact"'))],
    ];
    for (const [name, run] of cases) assert.equal(codeOf(run), 'IDP_SAML_REQUEST_MALFORMED', name);
  });
});
