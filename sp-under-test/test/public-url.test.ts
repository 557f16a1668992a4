/**
 * Behind a port mapping or a proxy the reference SP writes its public origin (--public-url) into the
 * URLs it generates for the IdP (ACS, Entity ID, portal URL), while listening on loopback here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createMockIdp } from '../../mock-idp/index.ts';
import { createReferenceSp } from '../index.ts';

describe('the reference SP behind a public URL', () => {
  test('the values it generates start with the public origin; it is reached locally on loopback', async () => {
    const sp = await createReferenceSp({ publicUrl: 'https://sp.example.test', host: '127.0.0.1', operatorToken: 'spo_public' });
    const idp = await createMockIdp();
    try {
      const app = await idp.control.createSamlApp({ label: 'Public', signOn: { ssoAcsUrl: 'https://sp.example.test/acs', audience: 'urn:sp' } });
      const setup = await idp.control.getSamlSetup(app.id);
      assert.equal(sp.url, 'https://sp.example.test');
      assert.match(sp.localUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${sp.localUrl}/api/operator/organizations`, {
        method: 'POST',
        headers: { authorization: 'Bearer spo_public', 'content-type': 'application/json' },
        body: JSON.stringify({
          name: 'Public',
          sso: { protocol: 'saml', portalKey: 'public_SSO', idpSsoUrl: setup.ssoUrl, idpIssuer: setup.issuer, idpCertificate: setup.certificatePem },
        }),
      });
      const body = (await response.json()) as { sso: Record<string, string> };
      assert.equal(response.status, 201, JSON.stringify(body));
      for (const key of ['spAcsUrl', 'spEntityId', 'spPortalUrl']) assert.ok(body.sso[key]!.startsWith('https://sp.example.test/'), `${key}: ${body.sso[key]}`);
    } finally {
      await Promise.all([sp.close(), idp.close()]);
    }
  });

  test('a public URL that is not an http(s) origin is SP_OPTIONS_INVALID', async () => {
    for (const publicUrl of ['ftp://x', 'https://x/app', 'nope']) await assert.rejects(createReferenceSp({ publicUrl }), { code: 'SP_OPTIONS_INVALID' }, publicUrl);
  });
});
