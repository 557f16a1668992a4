/**
 * The doctor's command line: exit statuses through a real process, coded refusals of bad input,
 * metadata fetched only from the URLs given (loopback or https), --json, --redact.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DoctorInputError, diagnose, readCommand, renderJson, renderText, type DoctorCommand } from '../doctor/index.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'doctor');
const CLI = join(import.meta.dirname, '..', 'doctor', 'cli.ts');
const SAML_ARGS = ['--sp-metadata', join(FIXTURES, 'metadata/sp-metadata.xml'), '--idp-metadata', join(FIXTURES, 'metadata/idp-metadata.xml'), '--at', '2026-03-01T10:00:00Z'];

function run(args: string[], stdin?: string): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
      resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin !== undefined) child.stdin?.end(stdin);
  });
}

const command = (args: string[]): DoctorCommand => {
  const read = readCommand(args);
  assert.notEqual(read, 'help');
  return read as DoctorCommand;
};

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DoctorInputError, String(error));
    return error.code;
  }
  assert.fail('expected a DoctorInputError');
}

describe('doctor command line', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doctor-'));
  });

  test('exit status 0 with nothing wrong, 1 with causes (the codes printed), 2 with an unreadable file and one coded line', async () => {
    const [clean, audience, garbage] = await Promise.all([
      run([join(FIXTURES, 'valid/saml-response.b64'), ...SAML_ARGS]),
      run([join(FIXTURES, 'invalid/saml-audience-mismatch.b64'), ...SAML_ARGS]),
      (async () => {
        await writeFile(join(dir, 'note.txt'), 'SSO with Okta is broken, please help');
        return run([join(dir, 'note.txt')]);
      })(),
    ]);
    assert.equal(clean.status, 0, clean.stderr);
    assert.match(clean.stdout, /result: nothing wrong found/);
    assert.equal(audience.status, 1, audience.stderr);
    assert.match(audience.stdout, /✗ DOCTOR_SAML_AUDIENCE_MISMATCH: /);
    assert.equal(garbage.status, 2);
    assert.equal(garbage.stdout, '');
    assert.match(garbage.stderr, /^doctor: DOCTOR_INPUT_UNREADABLE: /);
    assert.equal(garbage.stderr.trim().split('\n').length, 1, 'one line, no stack trace');
  });

  test('"-" reads standard input', async () => {
    const token = await readFile(join(FIXTURES, 'invalid/id-token-alg-none.jwt'), 'utf8');
    const result = await run(['-'], token);
    assert.equal(result.status, 1, result.stderr);
    assert.match(result.stdout, /DOCTOR_OIDC_ALG_NOT_ALLOWED/);
  });

  test('bad command lines, missing files and unreadable metadata are coded refusals', async () => {
    assert.throws(() => readCommand([]), (error: unknown) => error instanceof DoctorInputError && error.code === 'DOCTOR_ARGS_INVALID');
    assert.throws(() => readCommand(['a', 'b']), (error: unknown) => error instanceof DoctorInputError && error.code === 'DOCTOR_ARGS_INVALID');
    assert.throws(() => readCommand(['a', '--at', 'yesterday']), (error: unknown) => error instanceof DoctorInputError && error.code === 'DOCTOR_ARGS_INVALID');
    assert.throws(() => readCommand(['a', '--unknown']), (error: unknown) => error instanceof DoctorInputError && error.code === 'DOCTOR_ARGS_INVALID');
    assert.throws(() => readCommand(['a', '--clock-skew', '-1']), (error: unknown) => error instanceof DoctorInputError && error.code === 'DOCTOR_ARGS_INVALID');
    assert.equal(readCommand(['--help']), 'help');
    assert.equal(await refusal(diagnose(command([join(dir, 'absent.b64')]))), 'DOCTOR_INPUT_NOT_FOUND');
    assert.equal(await refusal(diagnose(command([dir]))), 'DOCTOR_INPUT_NOT_FOUND');
    await writeFile(join(dir, 'not-metadata.xml'), '<html><body>login</body></html>');
    await writeFile(join(dir, 'broken.xml'), '<md:EntityDescriptor');
    await writeFile(join(dir, 'doctype.xml'), '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>');
    await writeFile(join(dir, 'empty.json'), '{}');
    const file = join(FIXTURES, 'valid/saml-response.b64');
    for (const [option, path] of [
      ['--sp-metadata', join(dir, 'not-metadata.xml')],
      ['--sp-metadata', join(dir, 'broken.xml')],
      ['--idp-metadata', join(dir, 'doctype.xml')],
      ['--idp-metadata', join(dir, 'empty.json')],
      ['--idp-metadata', join(dir, 'absent.xml')],
    ] as const) {
      assert.equal(await refusal(diagnose(command([file, option, path]))), 'DOCTOR_METADATA_UNREADABLE', `${option} ${path}`);
    }
    await writeFile(join(dir, 'har.json'), JSON.stringify({ log: { entries: [{ request: { method: 'GET', url: 'https://example.com/' }, response: {} }] } }));
    assert.equal(await refusal(diagnose(command([join(dir, 'har.json')]))), 'DOCTOR_INPUT_UNREADABLE', 'a HAR without SAML or OIDC messages');
  });

  describe('metadata URLs', () => {
    let server: Server;
    let origin: string;
    const requests: string[] = [];
    before(async () => {
      const sp = await readFile(join(FIXTURES, 'metadata/sp-metadata.xml'), 'utf8');
      const jwks = await readFile(join(FIXTURES, 'metadata/oidc-jwks.json'), 'utf8');
      const discovery = JSON.parse(await readFile(join(FIXTURES, 'metadata/oidc-discovery.json'), 'utf8')) as Record<string, unknown>;
      server = createServer((req, res) => {
        requests.push(req.url ?? '');
        if (req.url === '/sp-metadata') return void res.end(sp);
        if (req.url === '/.well-known/openid-configuration') return void res.end(JSON.stringify({ ...discovery, jwks_uri: `${origin}/keys` }));
        if (req.url === '/keys') return void res.end(jwks);
        res.statusCode = 404;
        res.end();
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    after(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('a loopback URL is fetched once; a discovery URL leads to its jwks_uri', async () => {
      requests.length = 0;
      const saml = await diagnose(command([join(FIXTURES, 'invalid/saml-audience-mismatch.b64'), '--sp-metadata', `${origin}/sp-metadata`, '--at', '2026-03-01T10:00:00Z']));
      assert.deepEqual(saml.messages[0]!.causes.map((cause) => cause.code), ['DOCTOR_SAML_AUDIENCE_MISMATCH']);
      const cases = JSON.parse(await readFile(join(FIXTURES, 'cases.json'), 'utf8')) as { cases: { file: string; args: string[] }[] };
      const args = cases.cases.find((item) => item.file === 'invalid/id-token-unknown-kid.jwt')!.args;
      // The discovery document's issuer is the fixture IdP's; only the keys matter here.
      const oidc = await diagnose(command([join(FIXTURES, 'invalid/id-token-unknown-kid.jwt'), '--idp-metadata', `${origin}/.well-known/openid-configuration`, ...args.slice(4)]));
      assert.ok(oidc.messages[0]!.causes.some((cause) => cause.code === 'DOCTOR_OIDC_KID_UNKNOWN'));
      assert.deepEqual(requests, ['/sp-metadata', '/.well-known/openid-configuration', '/keys']);
    });

    test('http off loopback is refused before anything is sent; a URL that answers 404 is unreadable', async () => {
      const file = join(FIXTURES, 'valid/saml-response.b64');
      assert.equal(await refusal(diagnose(command([file, '--sp-metadata', 'http://idp.example.com/metadata']))), 'DOCTOR_URL_REFUSED');
      assert.equal(await refusal(diagnose(command([file, '--idp-metadata', 'ftp://127.0.0.1/metadata']))), 'DOCTOR_URL_REFUSED');
      assert.equal(await refusal(diagnose(command([file, '--sp-metadata', `${origin}/absent`]))), 'DOCTOR_METADATA_UNREADABLE');
    });
  });

  test('--json gives the decoded messages and the causes with their codes', async () => {
    const report = await diagnose(command([join(FIXTURES, 'invalid/saml-recipient-mismatch.b64'), ...SAML_ARGS]));
    const json = JSON.parse(renderJson(report, { redact: false })) as { exitStatus: number; messages: { kind: string; decoded: { destination: string }; causes: { code: string; fix: string }[] }[] };
    assert.equal(json.exitStatus, 1);
    assert.equal(json.messages[0]!.kind, 'saml-response');
    assert.equal(json.messages[0]!.decoded.destination, 'http://127.0.0.1:3000/saml/acs');
    assert.deepEqual(json.messages[0]!.causes.map((cause) => cause.code), ['DOCTOR_SAML_RECIPIENT_MISMATCH']);
    assert.match(json.messages[0]!.causes[0]!.fix, /Recipient URL/);
  });

  test('--redact hides names, emails and subjects in SAML, id_token and HAR reports, and keeps the causes', async () => {
    const targets: [string, string[]][] = [
      ['invalid/saml-audience-mismatch.b64', SAML_ARGS],
      ['valid/id-token.jwt', []],
      ['valid/saml-sign-in.har', []],
      ['invalid/saml-nameid-not-email.b64', SAML_ARGS],
    ];
    for (const [file, args] of targets) {
      const report = await diagnose(command([join(FIXTURES, file), ...args]));
      const plain = renderText(report, { redact: false }) + renderJson(report, { redact: false });
      const redacted = renderText(report, { redact: true }) + renderJson(report, { redact: true });
      const personal = ['alice@example.com', 'Alice', 'Anderson', 'jdoe@example.com', 'John', 'jdoe"'].filter((value) => plain.includes(value));
      assert.ok(personal.length > 0, `${file} has personal data to hide`);
      for (const value of personal) assert.ok(!redacted.includes(value), `${file}: ${value} is still shown`);
      for (const cause of report.messages.flatMap((message) => message.causes)) assert.ok(redacted.includes(cause.code));
      if (plain.includes('alice@example.com')) assert.match(redacted, /person\d+@example\.com/);
    }
  });
});
