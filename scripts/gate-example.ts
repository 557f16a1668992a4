/**
 * `npm run gate:example [-- run options]`: gates the example SP (examples/express-passport-sp) the
 * way a product's CI would: start it, run the flow features against it through its declarative
 * driver, stop it. Extra options go to the run (`--tags`, `--name`, `--reports`, …); by default the
 * flow features (`not @security`), whose reports go to reports/example-sp/.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { main as runConformance } from './conformance.ts';

const EXAMPLE = resolve(import.meta.dirname, '..', 'examples', 'express-passport-sp');

/** Starts the example SP on a free port; its own log goes to `logFile`, not into the run's output. */
async function startExample(logFile: string): Promise<{ url: string; stop(): void }> {
  if (!existsSync(join(EXAMPLE, 'node_modules'))) {
    throw Object.assign(new Error(`the example's dependencies are not installed: npm ci --prefix ${EXAMPLE}`), { code: 'HARNESS_EXAMPLE_NOT_INSTALLED' });
  }
  const child = spawn(process.execPath, [join(EXAMPLE, 'src', 'server.js')], { env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
  mkdirSync(join(logFile, '..'), { recursive: true });
  child.stderr.pipe(createWriteStream(logFile));
  const url = await new Promise<string>((done, fail) => {
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match) done(match[1]!);
    });
    child.once('exit', (code) => fail(Object.assign(new Error(`the example SP exited (${code}) before listening:\n${output}`), { code: 'HARNESS_EXAMPLE_FAILED' })));
  });
  return { url, stop: () => child.kill('SIGTERM') };
}

async function main(): Promise<number> {
  const logFile = join('reports', 'example-sp.log');
  let example: Awaited<ReturnType<typeof startExample>>;
  try {
    example = await startExample(logFile);
  } catch (error) {
    console.error(`gate:example: ${(error as { code?: string }).code ?? 'HARNESS_FAILED'}: ${(error as Error).message}`);
    return 2;
  }
  console.log(`example SP: ${example.url} (its log: ${logFile})`);
  try {
    const extra = process.argv.slice(2);
    const defaults = [...(extra.includes('--tags') ? [] : ['--tags', 'not @security']), ...(extra.includes('--reports') ? [] : ['--reports', join('reports', 'example-sp')])];
    return await runConformance(['--sp-url', example.url, '--sp-driver', join(EXAMPLE, 'sso-driver.yaml'), ...defaults, ...extra], 'npm run gate:example --');
  } finally {
    example.stop();
  }
}

process.exitCode = await main();
