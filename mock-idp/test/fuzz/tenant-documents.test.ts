/**
 * Fuzz: tenant documents. Any JSON value, a valid document with a few fields changed, and YAML text
 * of any kind: checkTenant and loadTenantFile either accept it or throw IDP_TENANT_INVALID, never
 * another kind of error; and what checkTenant accepts, applyTenant builds without an error.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { IdpError } from '../../src/errors.ts';
import { OrgStore } from '../../src/tenant/org-store.ts';
import { applyTenant, checkTenant, loadTenantFile, type CheckedTenant } from '../../src/tenant/tenant-document.ts';
import { checkProperty, jsonValue, mutated } from './fuzz-support.ts';

const VALID = {
  org: { name: 'dev-fuzz', apiToken: '00abcdefghijklmnopqrstuvwxyz' },
  users: [
    { profile: { email: 'a@example.com', firstName: 'A', lastName: 'One' }, credentials: { password: { value: 'pw-123456' } } },
    { status: 'SUSPENDED', profile: { login: 'b', email: 'b@example.com', firstName: 'B', lastName: 'Two' }, credentials: { password: { value: 'pw' } } },
  ],
  groups: [{ profile: { name: 'Eng', description: 'engineers' }, members: ['a@example.com'] }],
  apps: [
    {
      label: 'SP',
      name: 'acme_sp',
      signOnMode: 'SAML_2_0',
      settings: { signOn: { ssoAcsUrl: 'https://sp.test/acs', audience: 'urn:sp', attributeStatements: [{ type: 'EXPRESSION', name: 'email', values: ['user.email'] }] } },
      credentials: { userNameTemplate: { template: '${source.email}' } },
      assignments: { users: ['a@example.com'], groups: ['Eng'] },
    },
    {
      label: 'RP',
      signOnMode: 'OPENID_CONNECT',
      settings: { oauthClient: { redirect_uris: ['https://rp.test/cb'], grant_types: ['authorization_code', 'refresh_token'], idp_initiated_login: { mode: 'DISABLED', default_scope: [] } } },
      credentials: { oauthClient: { token_endpoint_auth_method: 'none', pkce_required: true } },
      assignments: { groups: ['Eng'] },
    },
  ],
};

/** checkTenant's outcome: the checked tenant, or undefined for IDP_TENANT_INVALID; anything else fails. */
function checkOrRefuse(document: unknown): CheckedTenant | undefined {
  try {
    return checkTenant(document);
  } catch (error) {
    assert.ok(error instanceof IdpError && error.code === 'IDP_TENANT_INVALID', `not IDP_TENANT_INVALID: ${String(error)} for ${JSON.stringify(document)?.slice(0, 300)}`);
    return undefined;
  }
}

void describe('fuzz: tenant documents', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'tenant-fuzz-'));
  });
  after(() => rm(folder, { recursive: true, force: true }));

  void test('checkTenant: any JSON value or a nearly valid document is accepted or IDP_TENANT_INVALID', async () => {
    await checkProperty(600, [fc.oneof(jsonValue(), mutated(VALID))], async (document) => {
      checkOrRefuse(document);
    });
  });

  void test('what checkTenant accepts, applyTenant builds', async () => {
    // A SAML app makes an RSA key pair, so fewer runs; the mutations keep most documents valid.
    await checkProperty(8, [mutated(VALID)], async (document) => {
      const tenant = checkOrRefuse(document);
      if (!tenant) return;
      await applyTenant(new OrgStore('dev-fuzz', () => new Date()), tenant);
    });
  });

  void test('loadTenantFile: any YAML or text is loaded or IDP_TENANT_INVALID', async () => {
    const text = fc.oneof(
      mutated(VALID).map((document) => stringify(document)),
      fc.string({ maxLength: 300 }),
      fc.constantFrom('a: &x [*x]', 'a: !!binary x', '%YAML 9.9\n---\na: 1', 'a: b: c', '- [', '? a\n: b', '{"a":', 'x'.repeat(10), '\uFEFForg: {}', 'users: !!js/function "x"'),
      fc.array(fc.constantFrom('a: ', '&a ', '*a ', '[', ']', '{', '}', '- ', '\n', '  ', '"', "'", '!!str ', '#', ':', 'users', 'apps'), { maxLength: 40 }).map((parts) => parts.join('')),
    );
    let index = 0;
    await checkProperty(100, [text], async (content) => {
      const path = join(folder, `tenant-${index++}.yaml`);
      await writeFile(path, content);
      try {
        await loadTenantFile(path);
      } catch (error) {
        assert.ok(error instanceof IdpError && error.code === 'IDP_TENANT_INVALID', `not IDP_TENANT_INVALID: ${String(error)} for ${JSON.stringify(content).slice(0, 300)}`);
      }
    });
  });
});
