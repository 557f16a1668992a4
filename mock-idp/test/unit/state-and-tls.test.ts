/**
 * The state directory's JSON (Maps, Sets and Dates come back as themselves) and the local CA (kept
 * and found again, a leaf for the loopback names that chains to it, a kept leaf from another CA not
 * reused).
 */
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test, type TestContext } from 'node:test';
import { parseTagged, stringifyTagged } from '../../src/state/tagged-json.ts';
import { issueServerCertificate, leafStillGood, loadOrCreateCa } from '../../src/tls/local-ca.ts';

async function tempFolder(t: TestContext): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'state-tls-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

void describe('the state directory and the local CA', () => {
  void test('tagged JSON gives back Maps, Sets and Dates, nested, and drops undefined members', () => {
    const record = {
      created: new Date('2024-05-06T07:08:09.000Z'),
      members: new Set(['a', 'b']),
      assignments: new Map([['00u1', { created: new Date(0) }]]),
      list: [new Date(1000), { nested: new Map([[1, new Set([2])]]) }],
      gone: undefined,
      plain: { $note: 'an object with a dollar key is not a tag', n: 1 },
    };
    const back = parseTagged(stringifyTagged(record)) as Omit<typeof record, 'gone'>;
    const expected: Partial<typeof record> = { ...record };
    delete expected.gone;
    assert.deepEqual(back, expected);
    assert.ok(!Object.keys(back).includes('gone'));
    assert.ok(back.created instanceof Date && back.members instanceof Set && back.assignments instanceof Map);
    assert.throws(() => parseTagged('{'), SyntaxError);
  });

  void test('the CA is made once and found again; its leaf names 127.0.0.1, ::1 and localhost and chains to it', async (t) => {
    const dir = await tempFolder(t);
    const ca = await loadOrCreateCa(join(dir, 'ca'));
    const again = await loadOrCreateCa(join(dir, 'ca'));
    assert.equal(again.certPem, ca.certPem);
    assert.equal(again.spkiSha256, ca.spkiSha256);
    const leaf = await issueServerCertificate(ca, 'dev-1');
    const [leafPem] = leaf.cert.split(/(?<=-----END CERTIFICATE-----\n)/);
    const cert = new X509Certificate(leafPem!);
    assert.ok(cert.checkIP('127.0.0.1') && cert.checkIP('::1') && cert.checkHost('localhost'));
    assert.equal(cert.checkHost('example.com'), undefined);
    assert.ok(cert.verify(new X509Certificate(ca.certPem).publicKey));
    assert.equal(cert.ca, false);
    assert.ok(leafStillGood(leaf, ca));
    const other = await loadOrCreateCa(join(dir, 'other'));
    assert.equal(leafStillGood(leaf, other), false, 'a leaf from another CA is made again, not reused');
  });
});
