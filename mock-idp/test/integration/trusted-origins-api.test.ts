/**
 * /api/v1/trustedOrigins: Okta's shapes, its lifecycle, and a coded refusal for each bad input; a
 * deactivated origin gets no CORS answer any more.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { IdpError, checkTenant, createMockIdp, type MockIdp } from '../../index.ts';

void describe('trusted origins', () => {
  let idp: MockIdp;
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${idp.url}/api/v1/trustedOrigins${path}`, {
      method,
      headers: { authorization: `SSWS ${idp.org.apiToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (response.status === 204 ? undefined : await response.json()) as Record<string, unknown> & { errorCode?: string; errorCauses?: { errorSummary: string }[] } };
  };
  before(async () => {
    idp = await createMockIdp();
  });
  after(() => idp.close());

  void test('create, read, list, update, deactivate, activate, delete, in Okta shapes', async () => {
    const made = await call('POST', '', { name: 'SPA', origin: 'https://spa.example.test/', scopes: [{ type: 'CORS' }] });
    assert.equal(made.status, 200);
    assert.match(String(made.json['id']), /^tos/);
    assert.deepEqual({ origin: made.json['origin'], scopes: made.json['scopes'], status: made.json['status'] }, { origin: 'https://spa.example.test', scopes: [{ type: 'CORS' }], status: 'ACTIVE' });
    const id = String(made.json['id']);
    assert.equal((await call('GET', `/${id}`)).json['name'], 'SPA');
    assert.equal(((await call('GET', '')).json as unknown as unknown[]).length, 1);
    const cors = () => fetch(`${idp.url}/.well-known/openid-configuration`, { headers: { origin: 'https://spa.example.test' } }).then((r) => r.headers.get('access-control-allow-origin'));
    assert.equal(await cors(), 'https://spa.example.test');
    assert.equal((await call('POST', `/${id}/lifecycle/deactivate`)).json['status'], 'INACTIVE');
    assert.equal(await cors(), null, 'an inactive origin gets no CORS answer');
    assert.equal((await call('POST', `/${id}/lifecycle/activate`)).json['status'], 'ACTIVE');
    const updated = await call('PUT', `/${id}`, { name: 'SPA 2', scopes: [{ type: 'REDIRECT' }] });
    assert.deepEqual({ name: updated.json['name'], scopes: updated.json['scopes'] }, { name: 'SPA 2', scopes: [{ type: 'REDIRECT' }] });
    assert.equal(await cors(), null, 'REDIRECT alone is not CORS');
    assert.equal((await call('DELETE', `/${id}`)).status, 204);
    assert.equal((await call('GET', `/${id}`)).json.errorCode, 'E0000007');
  });

  void test('each bad input is a coded refusal naming its field', async () => {
    await call('POST', '', { name: 'A', origin: 'https://a.example.test', scopes: [{ type: 'CORS' }] });
    const cases: [unknown, string][] = [
      [{ name: 'x', origin: 'https://b.example.test/path', scopes: [{ type: 'CORS' }] }, 'origin'],
      [{ name: 'x', origin: 'ftp://b.example.test', scopes: [{ type: 'CORS' }] }, 'origin'],
      [{ name: 'x', origin: 'https://b.example.test', scopes: [{ type: 'EVERYTHING' }] }, 'scopes[0].type'],
      [{ name: 'x', origin: 'https://b.example.test', scopes: [] }, 'scopes'],
      [{ origin: 'https://b.example.test', scopes: [{ type: 'CORS' }] }, 'name'],
      [{ name: 'dup', origin: 'https://a.example.test', scopes: [{ type: 'CORS' }] }, 'origin'],
    ];
    for (const [body, field] of cases) {
      const { status, json } = await call('POST', '', body);
      assert.equal(status, 400, field);
      assert.equal(json.errorCode, 'E0000001', field);
      assert.ok(json.errorCauses?.some((cause) => cause.errorSummary.startsWith(`${field}:`)), `${field}: ${JSON.stringify(json.errorCauses)}`);
    }
    assert.equal((await call('POST', '/tos0000000000000000/lifecycle/explode')).status, 404);
  });

  void test('a tenant file names a bad trusted origin or custom scope by its path', () => {
    const refusal = (document: unknown): string => {
      try {
        checkTenant(document);
      } catch (error) {
        if (error instanceof IdpError && error.code === 'IDP_TENANT_INVALID') return error.message;
        throw error;
      }
      return 'accepted';
    };
    assert.match(refusal({ trustedOrigins: [{ name: 'x', origin: 'nope', scopes: [{ type: 'CORS' }] }] }), /^trustedOrigins\[0\]\.origin:/);
    assert.match(refusal({ authorizationServers: { default: { scopes: [{ name: 'openid' }] } } }), /^authorizationServers\.default\.scopes\[0\]\.name:/);
    assert.match(refusal({ authorizationServers: { other: {} } }), /^authorizationServers\.other:/);
  });
});
