/**
 * Key credentials and the SAML settings added with them survive a restart from the state directory:
 * the rotated key still signs and is still one of the app's keys, the Single Logout and encryption
 * settings come back, and a state file written before those fields existed loads with Okta's defaults.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { createMockIdp, type OktaSamlApp } from '../../index.ts';
import { certificateBody, createSigningCredentials } from '../../src/saml/signing-credentials.ts';
import { SP_ACS_URL, SP_ENTITY_ID } from '../support/fixture.ts';

const dirs: string[] = [];
after(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

void test('a rotated key, SLO and encryption settings are kept across a restart; an older state file gets the defaults', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'mock-idp-keys-'));
  dirs.push(dir);
  const sp = await createSigningCredentials('sp.example.test', new Date());
  const x5c = [certificateBody(sp.certificatePem)];
  let idp = await createMockIdp({ stateDir: dir });
  const app = await idp.control.createSamlApp({
    label: 'Kept',
    signOn: {
      ssoAcsUrl: SP_ACS_URL,
      audience: SP_ENTITY_ID,
      slo: { enabled: true, issuer: SP_ENTITY_ID, logoutUrl: 'https://sp.example.test/slo' },
      spCertificate: { x5c },
      assertionEncryption: { enabled: true, encryptionAlgorithm: 'AES256_GCM', keyTransportAlgorithm: 'RSA_OAEP', x5c },
    },
  });
  const fresh = await idp.control.generateAppKey(app.id, 3);
  await idp.control.selectAppSigningKey(app.id, fresh.kid);
  await idp.close();

  idp = await createMockIdp({ stateDir: dir });
  try {
    const kept = (await idp.control.getApp(app.id)) as OktaSamlApp;
    assert.equal(kept.credentials.signing.kid, fresh.kid);
    assert.deepEqual((await idp.control.listAppKeys(app.id)).map((key) => key.kid).sort(), [app.credentials.signing.kid, fresh.kid].sort());
    assert.ok((await idp.control.getSamlMetadata(app.id)).includes(fresh.x5c[0]!), 'the kept signing key is published');
    assert.equal(kept.settings.signOn.slo.enabled, true);
    assert.equal(kept.settings.signOn.assertionEncryption.encryptionAlgorithm, 'AES256_GCM');
    // Rotating back still works: the kept signing key is one of the kept keys.
    await idp.control.selectAppSigningKey(app.id, app.credentials.signing.kid);
  } finally {
    await idp.close();
  }

  // A state file from before key credentials, SLO and encryption: those fields are simply absent.
  const file = join(dir, 'org.json');
  const added = new Set(['keys', 'slo', 'participateSlo', 'spCertificate', 'assertionEncryption', 'allowMultipleAcsEndpoints', 'signingKid', 'expiresAt']);
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (typeof value !== 'object' || value === null) return value;
    return Object.fromEntries(Object.entries(value).filter(([key]) => !added.has(key)).map(([key, item]) => [key, strip(item)]));
  };
  await writeFile(file, JSON.stringify(strip(JSON.parse(await readFile(file, 'utf8')))));
  idp = await createMockIdp({ stateDir: dir });
  try {
    const kept = (await idp.control.getApp(app.id)) as OktaSamlApp;
    assert.equal(kept.settings.signOn.slo.enabled, false);
    assert.equal((await idp.control.listAppKeys(app.id)).length >= 1, true);
  } finally {
    await idp.close();
  }
});
