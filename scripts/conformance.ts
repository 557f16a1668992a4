/**
 * `npm run conformance`: runs the Gherkin features in a real browser against an SP.
 *
 * By default it is self-contained: it starts the mock IdP and the reference SP in this process on
 * free loopback ports. `--sp-url` (with `--sp-driver`) points the same features at another SP, and
 * `--idp-url` at a mock IdP running elsewhere (another process, a container). It prints a summary
 * and writes reports/cucumber.html and reports/junit.xml.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { createMockIdp } from '../mock-idp/index.ts';
import { createReferenceSp } from '../sp-under-test/index.ts';
import { findBrowser } from '../steps/support/browser.ts';
import { ENV, parseSpSettingOptions, parseSpSettings } from '../steps/support/config.ts';
import { CODE_EXTENSION, FEATURES_DIR, STEPS_DIR } from '../steps/support/locations.ts';
import { countOutcomes, emptyTally, securitySummary } from './outcome-tally.ts';

const usage = (prog: string): string => `usage: ${prog} [options]

Runs the SSO conformance features in a headless browser.

  --sp-url URL        test the SP at URL instead of starting the reference SP
  --sp-driver NAME    "reference" (default) or a path to a module exporting createSpDriver
  --sp-setting K=V    a setting for the SP driver (repeatable), e.g. operatorToken=… for the
                      reference SP started elsewhere; also SSO_CONFORMANCE_SP_SETTINGS='{"K":"V"}'
  --idp-url URL       use the mock IdP host at URL instead of starting one in process
  --tags EXPR         cucumber tag expression, e.g. "@saml and not @slow"
  --name REGEX        run only scenarios whose name matches
  --parallel N        worker processes, each with its own browser (default 1)
  --browser PATH      browser executable (else SSO_CONFORMANCE_BROWSER, Playwright's, /usr/bin/chromium)
  --keep-traces       keep the Playwright trace of every scenario, not only failed ones
  -h, --help          this text

Reports: reports/cucumber.html, reports/junit.xml; traces of failed scenarios in reports/traces/.`;

/** The `run` subcommand; `prog` is how it was called (`npm run conformance --`, `sso-conformance run`). */
export async function main(argv: string[] = process.argv.slice(2), prog = 'npm run conformance --'): Promise<number> {
  try {
    return await run(argv, prog);
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    console.error(`conformance: ${code ?? 'HARNESS_FAILED'}: ${message}`);
    if (error instanceof UsageError || code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(usage(prog));
    return 2;
  }
}

async function run(argv: string[], prog: string): Promise<number> {
  const { values } = parseArgs({
    args: argv,
    options: {
      'sp-url': { type: 'string' },
      'sp-driver': { type: 'string', default: 'reference' },
      'sp-setting': { type: 'string', multiple: true, default: [] },
      'idp-url': { type: 'string' },
      tags: { type: 'string' },
      name: { type: 'string', multiple: true },
      parallel: { type: 'string', default: '1' },
      browser: { type: 'string' },
      'keep-traces': { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(usage(prog));
    return 0;
  }
  const parallel = Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 0) throw new UsageError('--parallel takes a whole number');
  if (values['sp-url'] && values['sp-driver'] === 'reference') {
    console.log('note: --sp-url without --sp-driver uses the reference SP driver, which expects the reference SP pages');
  }

  const browser = findBrowser(values.browser ?? process.env[ENV.browserPath]);
  console.log(`browser: ${browser.executablePath} (${browser.source})`);

  const started: { close(): Promise<void> }[] = [];
  try {
    const spSettings = { ...parseSpSettings(process.env[ENV.spSettings]), ...parseSpSettingOptions(values['sp-setting']) };
    const idpUrl = values['idp-url'] ?? (await startEmbedded(started, 'mock IdP', () => createMockIdp()));
    const spUrl =
      values['sp-url'] ??
      (await startEmbedded(started, 'reference SP', async () => {
        // The embedded reference SP's operator token goes to its driver (jit-first-owner scenarios).
        const sp = await createReferenceSp();
        spSettings['operatorToken'] ??= sp.operatorToken;
        return sp;
      }));
    process.env[ENV.idpUrl] = idpUrl;
    process.env[ENV.spUrl] = spUrl;
    process.env[ENV.spSettings] = JSON.stringify(spSettings);
    process.env[ENV.spDriver] = values['sp-driver'];
    process.env[ENV.browserPath] = browser.executablePath;
    if (values['keep-traces']) process.env[ENV.keepTraces] = '1';

    // Traces of an earlier run would be mistaken for this run's failures.
    await rm('reports/traces', { recursive: true, force: true });
    await mkdir('reports', { recursive: true });
    const { runConfiguration } = await loadConfiguration({
      provided: {
        paths: [join(FEATURES_DIR, '**', '*.feature')],
        import: [join(STEPS_DIR, 'support', `*.${CODE_EXTENSION}`), join(STEPS_DIR, '**', `*.steps.${CODE_EXTENSION}`)],
        format: ['progress', ['html', 'reports/cucumber.html'], ['junit', 'reports/junit.xml']],
        formatOptions: { junit: { suiteName: 'sso-conformance' } },
        parallel,
        ...(values.tags ? { tags: values.tags } : {}),
        ...(values.name ? { name: values.name } : {}),
      },
    });
    const tally = emptyTally();
    const startedAt = Date.now();
    const { success } = await runCucumber(runConfiguration, undefined, countOutcomes(tally));
    const seconds = ((Date.now() - startedAt) / 1000).toFixed(1);
    console.log(`\nreports: reports/cucumber.html, reports/junit.xml (${seconds} s)`);
    console.log(`conformance: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
    const security = securitySummary(tally.security);
    if (security) console.log(security);
    if (tally.passed + tally.failed === 0) {
      console.log('conformance: no scenario ran (check --tags / --name)');
      return 1;
    }
    return success ? 0 : 1;
  } finally {
    await Promise.all(started.map((server) => server.close()));
  }
}

async function startEmbedded(
  started: { close(): Promise<void> }[],
  what: string,
  start: () => Promise<{ url: string; close(): Promise<void> }>,
): Promise<string> {
  const server = await start();
  started.push(server);
  console.log(`${what}: ${server.url} (embedded)`);
  return server.url;
}

class UsageError extends Error {
  readonly code = 'HARNESS_USAGE';
}

// Run when started as a script; `sso-conformance run` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
