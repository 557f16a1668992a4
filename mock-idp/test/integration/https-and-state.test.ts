/**
 * `https: true` and `stateDir`: every org over TLS with a certificate from the local CA (verified for
 * real: an untrusting client is refused), a Node program trusting the CA through NODE_EXTRA_CA_CERTS,
 * and a restart from the state directory that an SP configured by hand does not notice — same URL,
 * client id and secret, SAML certificate, signing keys — proven by signing in again with the
 * settings taken before the restart.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';
import { X509Certificate } from 'node:crypto';
import { ValidateInResponseTo } from '@node-saml/node-saml';
import * as oidcClient from 'openid-client';
import { Agent } from 'undici';
import { IdpError, createMockIdp, type MockIdp } from '../../index.ts';
import { TestBrowser } from '../support/browser.ts';
import { codeRequest, finishCodeFlow } from '../support/code-flow.ts';
import { PASSWORD, SP_ACS_URL, SP_ENTITY_ID, browse, signInThrough } from '../support/fixture.ts';
import { nodeSamlSp } from '../support/node-saml-sp.ts';
import { trustCaInThisProcess } from '../support/trust-ca.ts';

const run = promisify(execFile);
const REDIRECT_URI = 'https://rp.example.test/callback';

const TENANT = {
  users: [{ profile: { email: 'alice@example.com', firstName: 'Alice', lastName: 'Example' }, credentials: { password: { value: PASSWORD } } }],
  apps: [
    { label: 'Web', signOnMode: 'OPENID_CONNECT', settings: { oauthClient: { redirect_uris: [REDIRECT_URI] } }, assignments: { users: ['alice@example.com'] } },
    {
      label: 'SAML SP',
      signOnMode: 'SAML_2_0',
      settings: { signOn: { ssoAcsUrl: SP_ACS_URL, audience: SP_ENTITY_ID, subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' } },
      assignments: { users: ['alice@example.com'] },
    },
  ],
};

void describe('https and the state directory', () => {
  let dir: string;
  let idp: MockIdp;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mock-idp-state-'));
    idp = await createMockIdp({ https: true, stateDir: dir, tenant: TENANT as never });
    trustCaInThisProcess(idp.ca!.certPem);
  });
  after(async () => {
    await idp.close();
    await rm(dir, { recursive: true, force: true });
  });

  void test('every org is served over https with its own leaf from the CA kept in the state directory', async () => {
    assert.match(idp.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(idp.ca!.certFile, join(dir, 'ca', 'ca.pem'));
    assert.equal((await stat(join(dir, 'ca', 'ca-key.pem'))).mode & 0o077, 0, 'the CA key is readable by its owner only');
    const ca = new X509Certificate(await readFile(idp.ca!.certFile));
    assert.equal(ca.ca, true);
    const other = await idp.createOrg();
    assert.match(other.baseUrl, /^https:/);
    const discovery = (await (await fetch(`${other.baseUrl}/.well-known/openid-configuration`)).json()) as { issuer: string; token_endpoint: string };
    assert.equal(discovery.issuer, other.baseUrl);
    assert.ok(discovery.token_endpoint.startsWith('https://'));
    await idp.deleteOrg(other.id);
  });

  void test('a client that does not trust the CA is refused by TLS itself (no certificate check is skipped anywhere)', async () => {
    const untrusting = new Agent();
    const refused = await fetch(`${idp.url}/.well-known/openid-configuration`, { dispatcher: untrusting } as RequestInit).then(
      () => undefined,
      (error: Error & { cause?: { code?: string } }) => error.cause?.code,
    );
    assert.match(String(refused), /SELF_SIGNED|UNABLE_TO_VERIFY|CERT/);
    await untrusting.close();
  });

  void test('a Node program given the CA with NODE_EXTRA_CA_CERTS discovers the org with openid-client, without allowInsecureRequests', async () => {
    const app = (await idp.control.listApps()).find((candidate) => candidate.signOnMode === 'OPENID_CONNECT')!;
    const setup = await idp.control.getOidcSetup(app.id);
    const script = `import * as client from 'openid-client';
const config = await client.discovery(new URL(process.argv[1]), process.argv[2], process.argv[3]);
console.log(JSON.stringify({ issuer: config.serverMetadata().issuer }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, `${idp.url}/oauth2/default`, setup.clientId, setup.clientSecret], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: idp.ca!.certFile },
      cwd: process.cwd(),
    });
    assert.deepEqual(JSON.parse(stdout), { issuer: `${idp.url}/oauth2/default` });
    const without = await run(process.execPath, ['--input-type=module', '-e', script, `${idp.url}/oauth2/default`, setup.clientId, setup.clientSecret], {
      env: { ...process.env, NODE_EXTRA_CA_CERTS: '' },
    }).then(() => 'trusted', () => 'refused');
    assert.equal(without, 'refused', 'the same program without the CA is refused');
  });

  void test('after a restart from the state directory, the SP settings taken before still sign people in (OIDC and SAML)', async () => {
    const apps = await idp.control.listApps();
    const oidcApp = apps.find((app) => app.signOnMode === 'OPENID_CONNECT')!;
    const samlApp = apps.find((app) => app.signOnMode === 'SAML_2_0')!;
    const oidcSetup = await idp.control.getOidcSetup(oidcApp.id);
    const samlSetup = await idp.control.getSamlSetup(samlApp.id);
    const metadataBefore = await idp.control.getSamlMetadata(samlApp.id);
    const jwksBefore = await (await fetch(`${idp.url}/oauth2/default/v1/keys`)).json();
    const trusted = await fetch(`${idp.url}/api/v1/trustedOrigins`, {
      method: 'POST',
      headers: { authorization: `SSWS ${idp.org.apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'SPA', origin: 'https://spa.example.test', scopes: [{ type: 'CORS' }] }),
    });
    assert.equal(trusted.status, 200);
    const before = { url: idp.url, org: idp.org, apiToken: idp.org.apiToken };

    await idp.close();
    idp = await createMockIdp({ https: true, stateDir: dir, tenant: { users: [] } });

    assert.equal(idp.url, before.url, 'the same port and scheme');
    assert.deepEqual(idp.org, before.org, 'the same org id, name and API token');
    assert.equal((await idp.control.listUsers()).length, 1, 'the kept org, not the new tenant');
    assert.equal(await idp.control.getSamlMetadata(samlApp.id), metadataBefore);
    assert.deepEqual(await (await fetch(`${idp.url}/oauth2/default/v1/keys`)).json(), jwksBefore);
    assert.deepEqual(await idp.control.getOidcSetup(oidcApp.id), oidcSetup);
    const origins = (await (await fetch(`${idp.url}/api/v1/trustedOrigins`, { headers: { authorization: `SSWS ${idp.org.apiToken}` } })).json()) as { origin: string }[];
    assert.deepEqual(origins.map((entry) => entry.origin), ['https://spa.example.test']);

    // The RP as it was configured before the restart: same issuer, client id and secret.
    const config = await oidcClient.discovery(new URL(`${before.url}/oauth2/default`), oidcSetup.clientId, oidcSetup.clientSecret);
    const browser = new TestBrowser();
    const { url, ...secrets } = await codeRequest(config, REDIRECT_URI);
    const outcome = await browse(browser, url.href, 'alice@example.com');
    const tokens = await finishCodeFlow(config, { location: outcome.location, ...secrets });
    assert.equal(tokens.claims()?.email, 'alice@example.com');

    // The SAML SP with the certificate it imported before.
    const sp = nodeSamlSp(samlSetup.certificatePem, { entryPoint: samlSetup.ssoUrl, validateInResponseTo: ValidateInResponseTo.never });
    const signedIn = await signInThrough(new TestBrowser(), await sp.getAuthorizeUrlAsync('', undefined, {}), 'alice@example.com');
    const { profile } = await sp.validatePostResponseAsync({ SAMLResponse: signedIn.form!.SAMLResponse });
    assert.equal(profile?.nameID, 'alice@example.com');
  });

  void test('a state file that cannot be read back stops the start with IDP_STATE_INVALID naming it', async () => {
    const broken = await mkdtemp(join(tmpdir(), 'mock-idp-broken-'));
    try {
      await writeFile(join(broken, 'org.json'), '{"version": 1, "org": {}}');
      await assert.rejects(createMockIdp({ stateDir: broken }), (error: unknown) => error instanceof IdpError && error.code === 'IDP_STATE_INVALID' && error.message.includes('org.json'));
      await writeFile(join(broken, 'org.json'), 'not json');
      await assert.rejects(createMockIdp({ stateDir: broken }), (error: unknown) => error instanceof IdpError && error.code === 'IDP_STATE_INVALID');
    } finally {
      await rm(broken, { recursive: true, force: true });
    }
  });
});
