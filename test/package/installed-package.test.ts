/**
 * The package as a user gets it: `npm pack` (which builds dist/ through prepack), the tarball
 * installed into an empty temporary project, and `npx sso-conformance run` there against an SP
 * started from the installed package, on loopback. Slow (a pack and an install), so it is its own
 * script: `npm run test:package`.
 *
 * The install uses the npm cache `npm ci` filled (--prefer-offline): the registry is only asked for
 * what the cache lacks.
 */
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { copyFile, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '..', '..');
const EXAMPLE = join(ROOT, 'examples', 'express-passport-sp');

let project: string;
let tarball: string;
const started: ChildProcess[] = [];

/** Runs a command to its end; never throws on a non-zero exit, the caller asserts on it. */
async function command(file: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, env: { ...process.env, ...env }, maxBuffer: 64 * 1024 * 1024, timeout: 10 * 60_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/**
 * Starts a long-running command and resolves with the first match of `pattern` in its output. It
 * leads its own process group, so stopping it stops whatever it started (npx does not pass signals on).
 */
function startUntil(file: string, args: string[], cwd: string, pattern: RegExp, env: NodeJS.ProcessEnv = {}): Promise<RegExpMatchArray> {
  const child = spawn(file, args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`${file} ${args.join(' ')} printed no ${pattern} in 60 s:\n${output}`)), 60_000);
    const read = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = pattern.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePromise(match);
      }
    };
    child.stdout.on('data', read);
    child.stderr.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${file} exited with ${code} before printing ${pattern}:\n${output}`));
    });
  });
}

async function filesUnder(dir: string): Promise<string[]> {
  return (await readdir(dir, { recursive: true, withFileTypes: true })).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

describe('the installed package', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    project = await mkdtemp(join(tmpdir(), 'sso-conformance-user-'));
    const packed = await command('npm', ['pack', '--pack-destination', project, '--json'], ROOT);
    assert.equal(packed.code, 0, packed.stderr);
    tarball = join(project, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
    await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'gate-my-sp', private: true, type: 'module' }));
    const installed = await command('npm', ['install', tarball, '--prefer-offline', '--no-audit', '--no-fund'], project);
    assert.equal(installed.code, 0, installed.stderr);
  });

  after(async () => {
    for (const child of started) {
      try {
        if (child.pid) process.kill(-child.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await rm(project, { recursive: true, force: true });
  });

  test('ships compiled JavaScript with type declarations, the features and no TypeScript source', async () => {
    const installed = join(project, 'node_modules', 'sso-conformance');
    const files = (await filesUnder(installed)).map((file) => file.slice(installed.length + 1));
    assert.ok(files.includes('dist/cli/sso-conformance.js'));
    assert.ok(files.includes('dist/index.d.ts'));
    assert.ok(files.some((file) => file.startsWith('features/') && file.endsWith('.feature')));
    assert.deepEqual(files.filter((file) => /(?<!\.d)\.ts$/.test(file) && !file.startsWith('templates/')), [], 'no .ts source in the package (but the driver template)');
    assert.deepEqual(files.filter((file) => file.includes('/test/') || file.endsWith('.test.js')), [], 'no tests in the package');
    for (const file of files.filter((name) => name.endsWith('.js'))) {
      const text = await readFile(join(installed, file), 'utf8');
      assert.doesNotMatch(text, /from '\.{1,2}\/[^']*\.ts'/, `${file} imports TypeScript`);
    }
  });

  test('the library entry has the named exports a driver and a harness use', async () => {
    const script = `import * as pkg from 'sso-conformance'; console.log(JSON.stringify(Object.keys(pkg).sort()));`;
    const { code, stdout, stderr } = await command('node', ['--input-type=module', '-e', script], project);
    assert.equal(code, 0, stderr);
    const names = JSON.parse(stdout) as string[];
    for (const name of ['createMockIdp', 'OrgControlClient', 'createReferenceSp', 'SP_CAPABILITIES', 'REFUSAL_CODES', 'OUTCOME_KINDS', 'featuresDir']) assert.ok(names.includes(name), name);
    assert.ok(!names.includes('default'), 'no default export');
  });

  test('npx sso-conformance run gates the example SP through its own declarative driver, from the user\'s project', async () => {
    // The user's project holds their driver; the SP runs elsewhere (here: the example, from the clone).
    await copyFile(join(EXAMPLE, 'sso-driver.yaml'), join(project, 'sso-driver.yaml'));
    const [, spUrl] = await startUntil(process.execPath, [join(EXAMPLE, 'src', 'server.js')], EXAMPLE, /listening on (http:\/\/127\.0\.0\.1:\d+)/, { PORT: '0' });
    const result = await command('npx', ['--no', 'sso-conformance', 'run', '--sp-url', spUrl!, '--sp-driver', './sso-driver.yaml', '--name', '^"Continue with SSO" and the portal key|^A portal key no organization has|^"Login with Okta" and the customer id'], project);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /^conformance: 4 passed, 0 failed, 2 skipped$/m);
    assert.match(result.stdout, /^skipped: 2 scenarios need what the SP's driver does not offer: login-with-okta \(2\)$/m);
    assert.ok((await readdir(join(project, 'reports'))).includes('junit.xml'), "reports are written in the caller's directory");
  });

  test('npx sso-conformance run gates the reference SP started from the package', async () => {
    const token = 'spo_package_test';
    const [, spUrl] = await startUntil('npx', ['--no', 'sso-conformance', 'sp', '--quiet', '--operator-token', token], project, /listening on (http:\/\/127\.0\.0\.1:\d+)/);
    const result = await command('npx', ['--no', 'sso-conformance', 'run', '--sp-url', spUrl!, '--sp-setting', `operatorToken=${token}`, '--name', 'first person who signs in becomes the owner', '--tags', '@requires-saml'], project);
    assert.equal(result.code, 0, `${result.stdout}\n${result.stderr}`);
    assert.match(result.stdout, /^conformance: 1 passed, 0 failed, 0 skipped$/m);
  });

  test('init-driver writes templates that load (yaml) and type-check against the installed package (ts)', async () => {
    for (const kind of ['yaml', 'ts']) {
      const written = await command('npx', ['--no', 'sso-conformance', 'init-driver', '--kind', kind, '--out', `new-driver.${kind}`], project);
      assert.equal(written.code, 0, written.stderr);
    }
    const again = await command('npx', ['--no', 'sso-conformance', 'init-driver', '--out', 'new-driver.yaml'], project);
    assert.equal(again.code, 2, 'an existing file is not overwritten');
    assert.match(again.stderr, /HARNESS_FILE_EXISTS/);
    // The TypeScript template against the package's own declarations, as the user's editor sees it.
    const typecheck = await command(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--skipLibCheck', '--typeRoots', join(ROOT, 'node_modules', '@types'), '--types', 'node', 'new-driver.ts'],
      project,
    );
    assert.equal(typecheck.code, 0, `${typecheck.stdout}\n${typecheck.stderr}`);
    // The YAML template is a valid driver: the run gets past loading it to the SP check.
    const run = await command('npx', ['--no', 'sso-conformance', 'run', '--sp-url', 'http://127.0.0.1:9/', '--sp-driver', './new-driver.yaml'], project);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /^conformance: HARNESS_SP_UNREACHABLE: /m);
  });
});
