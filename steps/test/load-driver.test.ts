import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { loadSpDriver } from '../drivers/load-driver.ts';

const options = { spUrl: 'http://127.0.0.1:1', settings: { who: 'me' }, timeouts: { stepMs: 30_000, outcomeMs: 10_000 } };

/** A driver body: name, capabilities and the four methods every driver has. */
const body = (name: string, capabilities: string[], extra = '', nameExpression = JSON.stringify(name)): string => `{
  name: ${nameExpression},
  capabilities: new Set(${JSON.stringify(capabilities)}),
  async createOrganization() { return { name: 'x', adminEmail: 'a@b' }; },
  async startSignIn() {},
  async readOutcome() { return { kind: 'elsewhere', url: '' }; },
  async probeSession() { return { signedIn: false }; },
  ${extra}
}`;

describe('loading an SP driver', () => {
  let dir: string;
  before(async () => {
    // A directory with no package.json above it: tsx alone would compile a .ts file there as CommonJS.
    dir = await mkdtemp(join(tmpdir(), 'outside-driver-'));
    await writeFile(join(dir, 'helper.ts'), `export const suffix: string = '-ts';\n`);
    await writeFile(
      join(dir, 'driver.ts'),
      `import { suffix } from './helper.ts';\nconst ready: boolean = await Promise.resolve(true);\nexport function createSpDriver(options: { settings: Record<string, string> }) { return ${body('', ['direct-url'], '', "'outside' + suffix + (ready ? '' : '?') + '-' + options.settings['who']")}; }\n`,
    );
    await writeFile(join(dir, 'driver.mjs'), `export const createSpDriver = async () => (${body('mjs', [])});\n`);
    await writeFile(join(dir, 'no-factory.mjs'), `export const somethingElse = 1;\n`);
    await writeFile(join(dir, 'throws.mjs'), `export function createSpDriver() { throw new Error('no key'); }\n`);
    await writeFile(join(dir, 'syntax.ts'), `export const = ;\n`);
    await writeFile(join(dir, 'missing-method.mjs'), `export const createSpDriver = () => (${body('m', ['saml'])});\n`);
    await writeFile(join(dir, 'unknown-capability.mjs'), `export const createSpDriver = () => (${body('u', ['teleport'])});\n`);
    await writeFile(join(dir, 'driver.txt'), `not a driver\n`);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  test('a .ts driver outside any package loads as an ES module (top-level await, .ts imports) and gets its settings', async () => {
    const driver = await loadSpDriver(join(dir, 'driver.ts'), options);
    assert.equal(driver.name, 'outside-ts-me');
    assert.deepEqual([...driver.capabilities], ['direct-url']);
  });

  test('a JavaScript driver loads, and its factory may be async', async () => {
    assert.equal((await loadSpDriver(join(dir, 'driver.mjs'), options)).name, 'mjs');
  });

  test('no file at the path is HARNESS_DRIVER_NOT_FOUND', async () => {
    await assert.rejects(loadSpDriver(join(dir, 'nope.ts'), options), { code: 'HARNESS_DRIVER_NOT_FOUND' });
    await assert.rejects(loadSpDriver(dir, options), { code: 'HARNESS_DRIVER_NOT_FOUND' }, 'a directory is not a driver file');
  });

  test('a module that does not load or make a usable driver is HARNESS_DRIVER_INVALID', async () => {
    for (const file of ['no-factory.mjs', 'throws.mjs', 'syntax.ts', 'missing-method.mjs', 'unknown-capability.mjs', 'driver.txt']) {
      await assert.rejects(loadSpDriver(join(dir, file), options), { code: 'HARNESS_DRIVER_INVALID' }, file);
    }
  });
});
