/**
 * OIDC faults in a tenant file: read by the same rules as the API (a bad one is IDP_TENANT_INVALID
 * naming the field) and live from the org's first request.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IdpError, checkTenant, createMockIdp } from '../../../index.ts';

const app = { label: 'Web App', signOnMode: 'OPENID_CONNECT' as const, settings: { oauthClient: { redirect_uris: ['http://127.0.0.1:9/cb'] } } };

test('a tenant file’s OIDC fault with a bad kind is IDP_TENANT_INVALID at its field', () => {
  assert.throws(
    () => checkTenant({ apps: [app], faults: [{ app: 'Web App', mutations: [{ name: 'id-token-signature', params: { kind: 'rot13' } }] }] }),
    (error: unknown) => error instanceof IdpError && error.code === 'IDP_TENANT_INVALID' && error.message.startsWith('faults[0].mutations[0].params.kind:'),
  );
});

test('a tenant file’s discovery fault applies from the first request, on both servers', async () => {
  const idp = await createMockIdp({
    tenant: { apps: [app], faults: [{ label: 'pkce-plain', mode: 'until-cleared', mutations: [{ name: 'discovery', params: { set: { code_challenge_methods_supported: ['plain'] } } }] }] },
  });
  try {
    for (const path of ['/.well-known/openid-configuration', '/oauth2/default/.well-known/openid-configuration']) {
      const metadata = (await (await fetch(`${idp.url}${path}`)).json()) as { code_challenge_methods_supported: string[] };
      assert.deepEqual(metadata.code_challenge_methods_supported, ['plain'], path);
    }
    assert.equal((await idp.control.sentWithFaults('pkce-plain')).length, 2);
  } finally {
    await idp.close();
  }
});
