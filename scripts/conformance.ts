/**
 * `npm run conformance`: runs the Gherkin features in a real browser against an SP.
 *
 * By default it is self-contained: it starts the mock IdP and the reference SP in this process on
 * free loopback ports. `--sp-url` (with `--sp-driver`) points the same features at another SP, and
 * `--idp-url` at a mock IdP running elsewhere (another process, a container). It prints a summary
 * and writes reports/cucumber.html and reports/junit.xml.
 *
 * `--https` runs the embedded mock IdP over TLS with its local CA trusted for real: the runner makes
 * the CA first, then runs itself again with NODE_EXTRA_CA_CERTS naming it (Node reads that only at
 * start), so the reference SP, the steps and cucumber's workers verify the IdP's certificates; and
 * Chromium trusts the CA by its key hash (--ignore-certificate-errors-spki-list), nothing broader.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import { createMockIdp } from '../mock-idp/index.ts';
import { DEFAULT_STATE_DIR } from '../mock-idp/src/state/state-dir.ts';
import { issueServerCertificate, loadOrCreateCa, type LocalCa } from '../mock-idp/src/tls/local-ca.ts';
import { createReferenceSp } from '../sp-under-test/index.ts';
import { findBrowser } from '../steps/support/browser.ts';
import { ENV, parseSpSettingOptions, parseSpSettings } from '../steps/support/config.ts';
import { countOutcomes, emptyTally, securitySummary } from './outcome-tally.ts';

const USAGE = `usage: npm run conformance -- [options]

Runs the SSO conformance features in a headless browser.

  --sp-url URL        test the SP at URL instead of starting the reference SP
  --sp-driver NAME    "reference" (default) or a path to a module exporting createSpDriver
  --sp-setting K=V    a setting for the SP driver (repeatable), e.g. operatorToken=… for the
                      reference SP started elsewhere; also SSO_CONFORMANCE_SP_SETTINGS='{"K":"V"}'
  --idp-url URL       use the mock IdP host at URL instead of starting one in process
  --https             run the embedded mock IdP and reference SP over https, with certificates from
                      the mock IdP's local CA (${DEFAULT_STATE_DIR}/ca/), trusted by Node
                      (NODE_EXTRA_CA_CERTS) and by Chromium (the CA's key hash), nothing broader
  --tags EXPR         cucumber tag expression, e.g. "@saml and not @slow"
  --name REGEX        run only scenarios whose name matches
  --parallel N        worker processes, each with its own browser (default 1)
  --browser PATH      browser executable (else SSO_CONFORMANCE_BROWSER, Playwright's, /usr/bin/chromium)
  --keep-traces       keep the Playwright trace of every scenario, not only failed ones
  -h, --help          this text

Reports: reports/cucumber.html, reports/junit.xml; traces of failed scenarios in reports/traces/.`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'sp-url': { type: 'string' },
      'sp-driver': { type: 'string', default: 'reference' },
      'sp-setting': { type: 'string', multiple: true, default: [] },
      'idp-url': { type: 'string' },
      https: { type: 'boolean', default: false },
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
    console.log(USAGE);
    return 0;
  }
  const parallel = Number(values.parallel);
  if (!Number.isInteger(parallel) || parallel < 0) throw new UsageError('--parallel takes a whole number');
  if (values['sp-url'] && values['sp-driver'] === 'reference') {
    console.log('note: --sp-url without --sp-driver uses the reference SP driver, which expects the reference SP pages');
  }

  if (values.https && values['idp-url']) throw new UsageError('--https is for the embedded mock IdP; with --idp-url, give the browser and Node the CA of that IdP yourself');
  let trustedSpki: string | undefined;
  let httpsCa: LocalCa | undefined;
  if (values.https) {
    const ca = await loadOrCreateCa(join(DEFAULT_STATE_DIR, 'ca'));
    // Node reads NODE_EXTRA_CA_CERTS only when it starts: run again with it, once.
    if (process.env['NODE_EXTRA_CA_CERTS'] !== ca.certFile) return runAgainTrusting(ca.certFile);
    trustedSpki = ca.spkiSha256;
    httpsCa = ca;
    console.log(`https: the mock IdP's local CA ${ca.certFile} (NODE_EXTRA_CA_CERTS; Chromium trusts its key ${ca.spkiSha256})`);
  }

  const browser = findBrowser(values.browser ?? process.env[ENV.browserPath]);
  console.log(`browser: ${browser.executablePath} (${browser.source})`);

  const started: { close(): Promise<void> }[] = [];
  try {
    const spSettings = { ...parseSpSettings(process.env[ENV.spSettings]), ...parseSpSettingOptions(values['sp-setting']) };
    const idpUrl = values['idp-url'] ?? (await startEmbedded(started, 'mock IdP', () => createMockIdp(values.https ? { https: true } : {})));
    const spUrl =
      values['sp-url'] ??
      (await startEmbedded(started, 'reference SP', async () => {
        // The embedded reference SP's operator token goes to its driver (jit-first-owner scenarios).
        // Over https the SP is https too, as beside a real Okta: an http SP would not get its
        // SameSite=Lax session cookie on the SAML Response an https IdP page posts to it.
        const sp = await createReferenceSp(httpsCa ? { tls: await issueServerCertificate(httpsCa, 'reference SP') } : {});
        spSettings['operatorToken'] ??= sp.operatorToken;
        return sp;
      }));
    process.env[ENV.idpUrl] = idpUrl;
    process.env[ENV.spUrl] = spUrl;
    process.env[ENV.spSettings] = JSON.stringify(spSettings);
    process.env[ENV.spDriver] = values['sp-driver'];
    process.env[ENV.browserPath] = browser.executablePath;
    if (trustedSpki) process.env[ENV.trustedSpki] = trustedSpki;
    if (values['keep-traces']) process.env[ENV.keepTraces] = '1';

    // Traces of an earlier run would be mistaken for this run's failures.
    await rm('reports/traces', { recursive: true, force: true });
    await mkdir('reports', { recursive: true });
    const { runConfiguration } = await loadConfiguration({
      provided: {
        paths: ['features/**/*.feature'],
        import: ['steps/support/*.ts', 'steps/**/*.steps.ts'],
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

/** This same command again, with NODE_EXTRA_CA_CERTS naming the CA; its exit code is ours. */
function runAgainTrusting(caFile: string): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, NODE_EXTRA_CA_CERTS: caFile },
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => child.kill(signal));
  return new Promise((resolve) => child.once('exit', (code) => resolve(code ?? 1)));
}

class UsageError extends Error {
  readonly code = 'HARNESS_USAGE';
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: Error & { code?: string }) => {
    console.error(`conformance: ${error.code ?? 'HARNESS_FAILED'}: ${error.message}`);
    if (error instanceof UsageError || error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(USAGE);
    process.exitCode = 2;
  },
);
