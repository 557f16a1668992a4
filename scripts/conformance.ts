/**
 * `npm run conformance` / `sso-conformance run`: runs the Gherkin features in a real browser against
 * an SP, as a list of steps:
 *
 *   read the options          runner/options.ts      HARNESS_USAGE
 *   trust the local CA        runner/https.ts        --https only: runs itself again trusting it
 *   find the browser          steps/support/browser   HARNESS_BROWSER_NOT_FOUND
 *   start what is not given   runner/runtime.ts      the mock IdP and the reference SP, in this
 *                                                     process or in containers (--runtime)
 *   preflight                 runner/preflight.ts    the driver loads, the SP answers, the IdP makes orgs
 *   run the features          cucumber               a line per scenario as it ends
 *   report                    runner/report.ts       failures in full, the summary, JUnit and HTML
 *
 * A stop before the features is one coded line and exit status 2; after them, 0 when every scenario
 * that ran passed, 1 when one failed or none ran.
 */
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { loadConfiguration, runCucumber } from '@cucumber/cucumber/api';
import type { Envelope } from '@cucumber/messages';
import { HarnessStop } from '../runner/errors.ts';
import { parseRunOptions, usage, type RunOptions } from '../runner/options.ts';
import { checkIdpMakesOrgs, checkSpAnswers, loadDriverOrStop } from '../runner/preflight.ts';
import { RunReport, wantsColor } from '../runner/report.ts';
import { prepareHttps } from '../runner/https.ts';
import { startRuntime, type Started } from '../runner/runtime.ts';
import { BrowserNotFoundError, findBrowser } from '../steps/support/browser.ts';
import { ENV, parseSpSettingOptions, parseSpSettings, SpSettingsError } from '../steps/support/config.ts';
import { CODE_EXTENSION, FEATURES_DIR, STEPS_DIR } from '../steps/support/locations.ts';
import { countOutcomes, emptyTally, securitySummary } from './outcome-tally.ts';

/** The `run` subcommand; `prog` is how it was called (`npm run conformance --`, `sso-conformance run`). */
export async function main(argv: string[] = process.argv.slice(2), prog = 'npm run conformance --'): Promise<number> {
  const started: Started[] = [];
  try {
    return await run(argv, prog, started);
  } catch (error) {
    const { code, message } = error as Error & { code?: string };
    console.error(`conformance: ${code ?? 'HARNESS_FAILED'}: ${message}`);
    if (code === 'HARNESS_USAGE') console.error(`\n${usage(prog)}`);
    return 2;
  } finally {
    await Promise.all(started.map((server) => server.close()));
  }
}

async function run(argv: string[], prog: string, started: Started[]): Promise<number> {
  const options = parseRunOptions(argv);
  if (options.help) {
    console.log(usage(prog));
    return 0;
  }
  const https = options.https ? await prepareHttps() : undefined;
  if (https?.kind === 'rerun') return https.exitCode;
  if (https) console.log(`https: the mock IdP's local CA ${https.ca.certFile} (NODE_EXTRA_CA_CERTS; Chromium trusts its key ${https.ca.spkiSha256})`);
  const browser = chooseBrowser(options);
  console.log(`browser: ${browser.executablePath} (${browser.source})`);
  const spSettings = readSettings(options);

  const runtime = await startRuntime(options, spSettings, started, (line) => console.log(line), https?.ca);
  const timeouts = { stepMs: options.stepTimeoutMs, outcomeMs: options.outcomeTimeoutMs };
  const driver = await loadDriverOrStop(options.spDriver, { spUrl: runtime.spUrl, settings: runtime.spSettings, timeouts });
  await checkSpAnswers(runtime.spUrl, options.stepTimeoutMs);
  await checkIdpMakesOrgs(runtime.idpUrl, options.stepTimeoutMs);
  console.log(`SP driver: ${driver.name} (${driver.capabilities.size} capabilities)`);

  // The workers are separate processes: everything they need goes through the environment.
  Object.assign(process.env, {
    [ENV.idpUrl]: runtime.idpUrl,
    [ENV.spUrl]: runtime.spUrl,
    [ENV.spSettings]: JSON.stringify(runtime.spSettings),
    [ENV.spDriver]: options.spDriver,
    [ENV.browserPath]: browser.executablePath,
    [ENV.stepTimeoutMs]: String(options.stepTimeoutMs),
    [ENV.outcomeTimeoutMs]: String(options.outcomeTimeoutMs),
    [ENV.reportsDir]: options.reportsDir,
  });
  if (options.keepTraces) process.env[ENV.keepTraces] = '1';
  if (https) process.env[ENV.trustedSpki] = https.ca.spkiSha256;

  // Traces of an earlier run would be mistaken for this run's failures.
  await rm(join(options.reportsDir, 'traces'), { recursive: true, force: true });
  await mkdir(options.reportsDir, { recursive: true });
  const { runConfiguration } = await loadConfiguration({
    provided: {
      paths: [join(FEATURES_DIR, '**', '*.feature')],
      import: [join(STEPS_DIR, 'support', `*.${CODE_EXTENSION}`), join(STEPS_DIR, '**', `*.steps.${CODE_EXTENSION}`)],
      format: [['html', join(options.reportsDir, 'cucumber.html')]],
      parallel: options.parallel,
      ...(options.tags ? { tags: options.tags } : {}),
      ...(options.names.length ? { name: options.names } : {}),
    },
  });
  const tally = emptyTally();
  const report = new RunReport({ featuresDir: FEATURES_DIR, write: (line) => console.log(line), color: wantsColor(process.stdout) });
  const count = countOutcomes(tally);
  const startedAt = Date.now();
  console.log('');
  // Cucumber always has a console formatter; ours (RunReport) prints instead, so its goes nowhere.
  const quiet = new Writable({ write: (_chunk, _encoding, done) => done() });
  const { success } = await runCucumber(runConfiguration, { stdout: quiet }, (envelope: Envelope) => {
    count(envelope);
    report.onMessage(envelope);
  });
  const elapsed = ((Date.now() - startedAt) / 1000).toFixed(1);
  const junit = join(options.reportsDir, 'junit.xml');
  await report.writeJunit(junit, 'sso-conformance');
  report.printFailures();
  console.log(`\nreports: ${join(options.reportsDir, 'cucumber.html')}, ${junit} (${elapsed} s)`);
  const skipped = report.skippedSummary();
  if (skipped) console.log(skipped);
  console.log(`conformance: ${tally.passed} passed, ${tally.failed} failed, ${tally.skipped} skipped`);
  const security = securitySummary(tally.security);
  if (security) console.log(security);
  if (tally.passed + tally.failed === 0) {
    console.log('conformance: no scenario ran (check --tags / --name, and the driver\'s capabilities)');
    return 1;
  }
  return success ? 0 : 1;
}

function chooseBrowser(options: RunOptions): ReturnType<typeof findBrowser> {
  try {
    return findBrowser(options.browser ?? process.env[ENV.browserPath]);
  } catch (error) {
    if (error instanceof BrowserNotFoundError) throw new HarnessStop('HARNESS_BROWSER_NOT_FOUND', error.message);
    throw error;
  }
}

function readSettings(options: RunOptions): Record<string, string> {
  try {
    return { ...parseSpSettings(process.env[ENV.spSettings]), ...parseSpSettingOptions(options.spSettings) };
  } catch (error) {
    if (error instanceof SpSettingsError) throw new HarnessStop('HARNESS_SP_SETTINGS_INVALID', error.message);
    throw error;
  }
}

// Run when started as a script; `sso-conformance run` imports main instead.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) process.exitCode = await main();
