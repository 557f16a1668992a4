/**
 * The run stops before any scenario, with one coded line and exit status 2, when the driver is not
 * there or not usable, or the SP or the IdP does not answer. Run as a user would: the command in its
 * own process, from another directory, with relative paths.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { callerDirectory, parseRunOptions } from '../options.ts';
import { freePort } from '../../test-support/ports.ts';

const SCRIPT = resolve(import.meta.dirname, '..', '..', 'scripts', 'conformance.ts');

/** The command as a user runs it, in `cwd`; not under npm, so paths resolve against `cwd`. */
function runCommand(args: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env = { ...process.env, ...extraEnv };
  delete env['npm_package_name'];
  delete env['INIT_CWD'];
  return new Promise((done) => {
    execFile(process.execPath, ['--import', import.meta.resolve('tsx'), SCRIPT, '--browser', process.execPath, ...args], { cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr });
    });
  });
}

/** A port nothing answers on. */
const deadPort = freePort;

/** One line on stderr, `conformance: CODE: …`, and exit 2. */
function stoppedWith(result: { code: number; stderr: string }, code: string): string {
  assert.equal(result.code, 2, result.stderr);
  const lines = result.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line, got:\n${result.stderr}`);
  assert.match(lines[0]!, new RegExp(`^conformance: ${code}: `));
  return lines[0]!;
}

describe('the run stops before any scenario', { concurrency: true }, () => {
  let elsewhere: string;
  let answering: Server;
  let answeringUrl: string;
  let dead: string;

  before(async () => {
    elsewhere = await mkdtemp(join(tmpdir(), 'caller-'));
    await writeFile(join(elsewhere, 'broken-driver.yaml'), 'name: Broken\ncapabilities: [teleport]\n');
    // Something that answers HTTP but is not the mock IdP: 404 to everything.
    answering = createServer((_req, res) => res.writeHead(404).end('not here'));
    await new Promise<void>((done) => answering.listen(0, '127.0.0.1', done));
    answeringUrl = `http://127.0.0.1:${(answering.address() as AddressInfo).port}`;
    dead = `http://127.0.0.1:${await deadPort()}`;
  });
  after(async () => {
    await new Promise<void>((done) => answering.close(() => done()));
    await rm(elsewhere, { recursive: true, force: true });
  });

  test('a driver path that is not there: HARNESS_DRIVER_NOT_FOUND, resolved against the caller\'s directory', async () => {
    const line = stoppedWith(await runCommand(['--sp-url', answeringUrl, '--idp-url', dead, '--sp-driver', './nope.ts'], elsewhere), 'HARNESS_DRIVER_NOT_FOUND');
    assert.ok(line.includes(join(elsewhere, 'nope.ts')), line);
  });

  test('a driver that is not usable: HARNESS_DRIVER_INVALID', async () => {
    stoppedWith(await runCommand(['--sp-url', answeringUrl, '--idp-url', dead, '--sp-driver', 'broken-driver.yaml'], elsewhere), 'HARNESS_DRIVER_INVALID');
  });

  test('nothing at --sp-url: HARNESS_SP_UNREACHABLE', async () => {
    stoppedWith(await runCommand(['--sp-url', dead, '--idp-url', answeringUrl], elsewhere), 'HARNESS_SP_UNREACHABLE');
  });

  test('nothing at --idp-url: HARNESS_IDP_UNREACHABLE', async () => {
    stoppedWith(await runCommand(['--sp-url', answeringUrl, '--idp-url', dead], elsewhere), 'HARNESS_IDP_UNREACHABLE');
  });

  test('something at --idp-url that cannot make mock orgs: HARNESS_IDP_NOT_MOCK', async () => {
    stoppedWith(await runCommand(['--sp-url', answeringUrl, '--idp-url', answeringUrl], elsewhere), 'HARNESS_IDP_NOT_MOCK');
  });

  test('--runtime containers with no engine: HARNESS_CONTAINER_RUNTIME_UNAVAILABLE', async () => {
    stoppedWith(await runCommand(['--runtime', 'containers'], elsewhere, { DOCKER_HOST: dead.replace('http:', 'tcp:') }), 'HARNESS_CONTAINER_RUNTIME_UNAVAILABLE');
  });

  test('an option value the run cannot take: HARNESS_USAGE, exit 2', async () => {
    const result = await runCommand(['--runtime', 'moon'], elsewhere);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /^conformance: HARNESS_USAGE: /);
  });
});

describe('run options', () => {
  test('paths resolve against the directory the command was typed in; npm run of this package says it in INIT_CWD', () => {
    assert.equal(callerDirectory({ npm_package_name: 'sso-conformance', INIT_CWD: '/home/me/sp' }, '/repo'), '/home/me/sp');
    assert.equal(callerDirectory({ npm_package_name: 'my-sp', INIT_CWD: '/home/me/sp/sub' }, '/home/me/sp'), '/home/me/sp', "a script of the user's own package runs in its root");
    assert.equal(callerDirectory({}, '/work'), '/work');
    const options = parseRunOptions(['--sp-driver', 'drivers/x.yaml', '--reports', 'out', '--browser', '/usr/bin/chromium'], '/home/me');
    assert.equal(options.spDriver, '/home/me/drivers/x.yaml');
    assert.equal(options.reportsDir, '/home/me/out');
    assert.equal(options.browser, '/usr/bin/chromium');
    assert.equal(parseRunOptions([], '/home/me').spDriver, 'reference');
  });

  test('timeouts are seconds; other values are HARNESS_USAGE', () => {
    const options = parseRunOptions(['--step-timeout', '90', '--outcome-timeout', '2.5'], '/');
    assert.deepEqual([options.stepTimeoutMs, options.outcomeTimeoutMs], [90_000, 2_500]);
    for (const bad of [['--step-timeout', '0'], ['--outcome-timeout', 'soon'], ['--parallel', '-1'], ['--sp-url', 'ftp://x'], ['--idp-url', 'localhost:7000'], ['--bogus']]) {
      assert.throws(() => parseRunOptions(bad, '/'), { code: 'HARNESS_USAGE' }, bad.join(' '));
    }
  });
});
