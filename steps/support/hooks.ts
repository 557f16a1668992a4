/**
 * Lifecycle of a run: one browser and one SP driver per worker; per scenario a fresh IdP org and
 * browser contexts made on demand; on failure a screenshot and the Playwright trace of every actor;
 * for every scenario the decoded protocol messages from the mock IdP's inspector.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { After, AfterAll, Before, BeforeAll, Status, setDefaultTimeout } from '@cucumber/cucumber';
import { loadSpDriver } from '../drivers/load-driver.ts';
import { findCase } from '../security/catalogue.ts';
import { capabilitiesOf } from '../security/fixture.ts';
import { findBrowser, launchBrowser } from './browser.ts';
import { DEFAULT_TIMEOUTS, ENV, readHarnessConfig, timeoutFrom } from './config.ts';
import { createIdpOrg, deleteIdpOrg } from './idp-org.ts';
import { SKIP_MEDIA_TYPE, type SkipReason } from './skip-reason.ts';
import { ConformanceWorld, setWorkerResources, type WorkerResources } from './world.ts';

// `--step-timeout`: read here, at load, because cucumber takes the default before any hook runs.
setDefaultTimeout(timeoutFrom(process.env, ENV.stepTimeoutMs, DEFAULT_TIMEOUTS.stepMs));

let resources: WorkerResources | undefined;

BeforeAll(async function () {
  const config = readHarnessConfig();
  const browser = await launchBrowser(findBrowser(config.browserPath), config.trustedSpki);
  const sp = await loadSpDriver(config.spDriver, {
    spUrl: config.spUrl,
    settings: config.spSettings,
    timeouts: { stepMs: config.stepTimeoutMs, outcomeMs: config.outcomeTimeoutMs },
  });
  resources = { config, browser, sp };
  setWorkerResources(resources);
});

AfterAll(async function () {
  await resources?.browser.close();
  setWorkerResources(undefined);
});

/**
 * `@requires-<capability>`: the scenario needs something the SP under test may not offer. A security
 * case needs what its flow needs, read from the catalogue (the scenario is named by the case id).
 */
Before(function (this: ConformanceWorld, { pickle }) {
  const tagged = pickle.tags.map((tag) => tag.name).filter((tag) => tag.startsWith('@requires-')).map((tag) => tag.slice('@requires-'.length));
  const fromCase = isSecurityScenario(pickle) ? capabilitiesOf(findCase(securityCaseId(pickle))) : [];
  const missing = [...new Set([...tagged, ...fromCase])].filter((capability) => !(this.sp.capabilities as ReadonlySet<string>).has(capability));
  if (missing.length > 0) {
    this.log(`skipped: ${this.sp.name} does not offer ${missing.join(', ')}`);
    this.attach(JSON.stringify({ missing } satisfies SkipReason), SKIP_MEDIA_TYPE);
    return 'skipped';
  }
  return undefined;
});

Before(async function (this: ConformanceWorld, { pickle }) {
  // Security cases share their worker's fixture org instead of making one each.
  if (isSecurityScenario(pickle)) return;
  this.idpOrg.set(await createIdpOrg(this.config.idpUrl, `dev-${this.names.tag}`));
});

After(async function (this: ConformanceWorld, { pickle, result }) {
  const failed = result?.status === Status.FAILED;
  const unexpected: string[] = [];
  for (const [actor, { context, page, network }] of this.browsers) {
    if (failed) {
      const screenshot = await page.screenshot({ fullPage: true }).catch(() => undefined);
      if (screenshot) this.attach(screenshot, { mediaType: 'image/png', fileName: `${actor}.png` });
    }
    if (failed || this.config.keepTraces) {
      await mkdir(traceDir(this), { recursive: true });
      const path = join(traceDir(this), `${slug(pickle.name)}-${slug(actor)}-${this.names.tag}.zip`);
      await context.tracing.stop({ path });
      if (failed) this.attach(await readFile(path), { mediaType: 'application/zip', fileName: basename(path) });
      this.log(`trace of ${actor}: ${path} (open with: npx playwright show-trace ${path})`);
    } else {
      // Stopping without a path discards the trace; closing the context alone leaves its temp files.
      await context.tracing.stop();
    }
    for (const error of network.serverErrors()) unexpected.push(`${error.status} ${error.method} ${error.url}`);
    await context.close();
  }
  if (failed) {
    await writeFile(join(traceDir(this), `${slug(pickle.name)}-${this.names.tag}.txt`), describeScenario(this)).catch(() => {});
  }
  await attachProtocolTrace(this);
  if (this.idpOrg.present) await deleteIdpOrg(this.config.idpUrl, this.idpOrg.get().id);
  // A server error that no step asserted on is a failure even when every step passed.
  if (!failed && unexpected.length > 0) {
    throw new Error(`server errors no step expected:\n  ${unexpected.join('\n  ')}`);
  }
});

function traceDir(world: ConformanceWorld): string {
  return join(world.config.reportsDir, 'traces');
}

/**
 * The decoded protocol messages of the scenario (AuthnRequests, Responses, OIDC requests and answers,
 * Okta's refusals with their codes), from the mock IdP's inspector, as a text attachment of the
 * report. Best effort: a mock IdP without an inspector leaves a note, never a failure.
 */
async function attachProtocolTrace(world: ConformanceWorld): Promise<void> {
  const from = world.inspectorFrom.present ? world.inspectorFrom.get() : world.idpOrg.present ? { okta: world.okta, after: 0 } : undefined;
  if (!from) return;
  const trace = await from.okta.inspectorTrace({ after: from.after }).catch((error: unknown) => `(the mock IdP's inspector could not be read: ${error instanceof Error ? error.message : String(error)})\n`);
  world.attach(trace, { mediaType: 'text/plain', fileName: 'protocol-trace.txt' });
}

function isSecurityScenario(pickle: { tags: readonly { name: string }[] }): boolean {
  return pickle.tags.some((tag) => tag.name === '@security');
}

/** Security scenarios are named "<case id>: <title>". */
function securityCaseId(pickle: { name: string }): string {
  return pickle.name.split(':')[0]!.trim();
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

function describeScenario(world: ConformanceWorld): string {
  const org = world.idpOrg.present ? world.idpOrg.get() : undefined;
  return [
    `IdP org: ${org ? `${org.name} at ${org.baseUrl}` : 'none'}`,
    `Okta users: ${[...world.oktaUserIds].map(([name, id]) => `${name}=${id}`).join(', ')}`,
    `Okta apps: ${[...world.oktaAppIds].map(([label, id]) => `${label}=${id}`).join(', ')}`,
  ].join('\n');
}
