/**
 * Behind a port mapping or a proxy the mock IdP writes the origin the outside sees (--public-url)
 * into everything it gives out, while listening where it was told (--host). All on loopback here:
 * the "public" origin is http://localhost:PORT, the same server under another name.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createMockIdp, type MockIdp } from '../../index.ts';
import { freePort } from '../../../test-support/ports.ts';

describe('the mock IdP behind a public URL', () => {
  let idp: MockIdp;
  let port: number;
  before(async () => {
    port = await freePort();
    idp = await createMockIdp({ port, host: '127.0.0.1', publicUrl: `http://localhost:${port}/` });
  });
  after(() => idp.close());

  test('its URL, issuer and SAML metadata name the public origin; it is reached locally on loopback', async () => {
    assert.equal(idp.url, `http://localhost:${port}`);
    assert.equal(idp.localUrl, `http://127.0.0.1:${port}`);
    const discovery = (await (await fetch(`${idp.localUrl}/.well-known/openid-configuration`)).json()) as Record<string, string>;
    assert.equal(discovery['issuer'], `http://localhost:${port}`);
    // Every endpoint under the public origin too, whatever Host the request came with (as Okta's).
    for (const name of ['authorization_endpoint', 'token_endpoint', 'jwks_uri', 'userinfo_endpoint', 'end_session_endpoint']) {
      assert.ok(discovery[name]?.startsWith(`http://localhost:${port}/oauth2/v1/`), `${name}: ${discovery[name]}`);
    }
    const forged = (await (await fetch(`${idp.localUrl}/oauth2/default/.well-known/openid-configuration`, { headers: { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' } })).json()) as Record<string, string>;
    assert.equal(forged['authorization_endpoint'], `http://localhost:${port}/oauth2/default/v1/authorize`, 'a forged X-Forwarded-Host changes nothing');
    const app = await idp.control.createSamlApp({ label: 'Public', signOn: { ssoAcsUrl: 'http://127.0.0.1:1/acs', audience: 'urn:sp' } });
    const setup = await idp.control.getSamlSetup(app.id);
    assert.ok(setup.ssoUrl.startsWith(`http://localhost:${port}/app/`), setup.ssoUrl);
  });

  test('an org made later keeps the public host name with its own port', async () => {
    const org = await idp.createOrg({ name: 'later' });
    assert.match(org.baseUrl, /^http:\/\/localhost:\d+$/);
    assert.notEqual(org.baseUrl, idp.url);
    const discovery = (await (await fetch(`http://127.0.0.1:${new URL(org.baseUrl).port}/.well-known/openid-configuration`)).json()) as { issuer: string };
    assert.equal(discovery.issuer, org.baseUrl);
  });

  test('a public URL that is not an http(s) origin is IDP_OPTIONS_INVALID', async () => {
    for (const publicUrl of ['ftp://x', 'http://x/path', 'not a url', 'http://user@x']) {
      await assert.rejects(createMockIdp({ publicUrl }), { code: 'IDP_OPTIONS_INVALID' }, publicUrl);
    }
  });
});
