/**
 * `npm run soak`: load and soak against an in-process mock IdP and reference SP, on loopback only.
 *
 *   set up       N IdP orgs, each with a SAML and an OIDC app and U users; for each, two SP
 *                organizations (one SAML, one OIDC, JIT provisioning) configured over the SP's API
 *   warm up      one sign-in of each kind per org, then the baseline heap (after a forced GC)
 *   load         C concurrent virtual browsers (cookie jars, no browser: redirects followed and
 *                auto-posting forms posted by hand) do complete sign-ins, SP-initiated, SAML or
 *                OIDC, into a random org as a random user, each checked to land on the right
 *                identity in the right SP organization (cross-talk), then sign out of the SP
 *   checkpoints  every few seconds: throughput, p50/p95 latency, heap after a forced GC, and what
 *                the IdP holds (sessions, held requests, OIDC records)
 *   soak         the caches' lifetimes pass (short IdP lifetimes through createMockIdp's limits; a
 *                shared clock moved past the SP's fixed ones), a few sign-ins let lazy purges run,
 *                and the heap is measured again
 *
 * Fails (exit 1) on any sign-in that did not land where it should, when the data heap retained per
 * sign-in from one settled round to the next exceeds --max-bytes-per-op, and when the IdP still
 * holds sessions, held requests or OIDC records of the load after their lifetimes.
 *
 * The bound, 1 KiB per sign-in, is above what the platform keeps on its own: Node 20's fetch keeps
 * ~80–200 bytes per call made with an AbortSignal (WeakRefs in finalization registries; the SP's
 * OIDC calls carry a timeout signal), and a GC-to-GC noise of a few hundred KB. The IdP's own
 * records are checked exactly, by count, so a leak there fails even when it is smaller than that. Bounded: at most --ops sign-ins and
 * --duration seconds of load. Needs `node --expose-gc` (the npm script passes it).
 */
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { OrgControlClient, createMockIdp, type MockIdp, type OrgInfo } from '../mock-idp/index.ts';
import { TestBrowser, fromUriOf, isSignInPage, readAutoPostForm } from '../mock-idp/test/support/browser.ts';
import { createReferenceSp, type ReferenceSp } from '../sp-under-test/index.ts';

const USAGE = `Usage: npm run soak -- [options]

Concurrent complete SAML and OIDC sign-ins across many orgs against an in-process mock IdP and
reference SP (loopback only). Prints throughput, p50/p95 latency and heap at checkpoints; exits 1 on
a sign-in that landed on the wrong identity or org, when the heap retained per sign-in after the
caches' lifetimes stays above --max-bytes-per-op, or when the IdP still holds the load's sessions,
held requests or OIDC records after their lifetimes.

  --orgs N               IdP orgs (each: a SAML and an OIDC app, two SP organizations)   default 8
  --users N              users per IdP org                                              default 5
  --concurrency N        virtual browsers signing in at once                            default 16
  --ops N                at most this many sign-ins                                     default 3000
  --duration S           at most this many seconds of load                              default 90
  --checkpoint S         seconds between checkpoints                                    default 15
  --lifetime S           the IdP's session, held-request, OIDC and inspector lifetimes  default 10
  --max-bytes-per-op B   the bound on data heap retained per sign-in after the lifetimes default 1024
  --help                 this text`;

interface Options {
  orgs: number;
  users: number;
  concurrency: number;
  ops: number;
  duration: number;
  checkpoint: number;
  lifetime: number;
  maxBytesPerOp: number;
}

function readOptions(): Options | undefined {
  const numbers = ['orgs', 'users', 'concurrency', 'ops', 'duration', 'checkpoint', 'lifetime', 'max-bytes-per-op'] as const;
  const { values } = parseArgs({
    options: { ...Object.fromEntries(numbers.map((name) => [name, { type: 'string' as const }])), help: { type: 'boolean', short: 'h' } },
    strict: true,
  });
  if (values.help) return undefined;
  const read = (name: (typeof numbers)[number], fallback: number): number => {
    const raw = (values as Record<string, string | boolean | undefined>)[name];
    const value = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1`);
    return value;
  };
  return {
    orgs: read('orgs', 8),
    users: read('users', 5),
    concurrency: read('concurrency', 16),
    ops: read('ops', 3000),
    duration: read('duration', 90),
    checkpoint: read('checkpoint', 15),
    lifetime: read('lifetime', 10),
    maxBytesPerOp: read('max-bytes-per-op', 1024),
  };
}

// Setup ---------------------------------------------------------------------------------------------

const PASSWORD = 'soak-password-1';

interface SpOrganization {
  name: string;
  portalKey: string;
  protocol: 'saml' | 'oidc';
}

/** One IdP org and the two SP organizations that trust it; users by index. */
interface Tenant {
  idpOrg: OrgInfo;
  saml: SpOrganization;
  oidc: SpOrganization;
  users: number;
}

const emailOf = (tenant: number, user: number, protocol: 'saml' | 'oidc'): string => `u${user}-${protocol}@org${tenant}.soak.test`;

/** Signs up an SP organization and returns its id and API token (read from its settings page). */
async function signUpSpOrganization(sp: ReferenceSp, name: string): Promise<{ orgId: string; token: string }> {
  const browser = new TestBrowser();
  const form = await (await browser.get(`${sp.url}/signup`)).text();
  const csrf = /name="_csrf" value="([^"]+)"/.exec(form)?.[1] ?? '';
  const done = await browser.post(`${sp.url}/signup`, { _csrf: csrf, organization: name, email: `owner@${name}.soak.test`, password: PASSWORD });
  if (done.status !== 303) throw new Error(`SP sign-up of ${name} answered ${done.status}`);
  const settings = await (await browser.get(`${sp.url}/settings/sso`)).text();
  const token = /data-testid="sso-api-token">([^<]+)</.exec(settings)?.[1];
  const orgId = /data-testid="sso-org-id">([^<]+)</.exec(settings)?.[1];
  if (!token || !orgId) throw new Error(`no API token on the SP settings page of ${name}`);
  return { orgId, token };
}

async function spApi(sp: ReferenceSp, token: string, method: string, path: string, body?: unknown): Promise<Record<string, string>> {
  const response = await fetch(`${sp.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  if (!response.ok) throw new Error(`SP ${method} ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Record<string, string>;
}

async function setUpTenant(idp: MockIdp, sp: ReferenceSp, index: number, users: number): Promise<Tenant> {
  const idpOrg = await idp.createOrg({ name: `soak-${index}` });
  const control = new OrgControlClient(idpOrg.baseUrl, idpOrg.apiToken);
  const samlSp = await signUpSpOrganization(sp, `saml-${index}`);
  const oidcSp = await signUpSpOrganization(sp, `oidc-${index}`);
  const samlValues = await spApi(sp, samlSp.token, 'GET', `/api/orgs/${samlSp.orgId}/sso`);
  const oidcValues = await spApi(sp, oidcSp.token, 'GET', `/api/orgs/${oidcSp.orgId}/sso`);

  const samlApp = await control.createSamlApp({
    label: `SP ${index}`,
    signOn: { ssoAcsUrl: samlValues['spAcsUrl']!, audience: samlValues['spEntityId']!, subjectNameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' },
    userNameTemplate: '${source.email}',
  });
  const oidcApp = await control.createOidcApp({ label: `RP ${index}`, oauthClient: { redirect_uris: [oidcValues['oidcRedirectUri']!] } });
  for (let user = 0; user < users; user++) {
    for (const protocol of ['saml', 'oidc'] as const) {
      const created = await control.createUser({ email: emailOf(index, user, protocol), firstName: `U${user}`, lastName: protocol, password: PASSWORD });
      await control.assignUserToApp(protocol === 'saml' ? samlApp.id : oidcApp.id, created.id);
    }
  }
  const oidcSetup = await control.getOidcSetup(oidcApp.id);
  const saml: SpOrganization = { name: `saml-${index}`, portalKey: `soak_saml_${index}`, protocol: 'saml' };
  const oidc: SpOrganization = { name: `oidc-${index}`, portalKey: `soak_oidc_${index}`, protocol: 'oidc' };
  await spApi(sp, samlSp.token, 'PUT', `/api/orgs/${samlSp.orgId}/sso`, {
    protocol: 'saml',
    portalKey: saml.portalKey,
    idpMetadataXml: await control.getSamlMetadata(samlApp.id),
    provisioning: 'jit',
  });
  await spApi(sp, oidcSp.token, 'PUT', `/api/orgs/${oidcSp.orgId}/sso`, {
    protocol: 'oidc',
    portalKey: oidc.portalKey,
    oidcIssuer: oidcSetup.issuer,
    oidcClientId: oidcSetup.clientId,
    oidcClientSecret: oidcSetup.clientSecret,
    provisioning: 'jit',
  });
  return { idpOrg, saml, oidc, users };
}

// One sign-in ---------------------------------------------------------------------------------------

class SignInError extends Error {}

/**
 * A complete SP-initiated sign-in in a fresh cookie jar: the SP's portal URL, the IdP's sign-in page
 * (password), the SAML form or the OIDC redirects, the SP's home page; then sign-out of the SP.
 * Returns who the SP says is signed in, and where.
 */
async function signIn(sp: ReferenceSp, organization: SpOrganization, email: string): Promise<{ email: string; organization: string }> {
  const browser = new TestBrowser();
  let url = `${sp.url}/sso?key=${organization.portalKey}`;
  let response = await browser.get(url);
  let signedIn = false;
  for (let step = 0; step < 20; step++) {
    const location = response.headers.get('location');
    if (response.status >= 300 && response.status < 400 && location) {
      url = new URL(location, url).href;
      response = await browser.get(url);
      continue;
    }
    const html = await response.text();
    if (response.status !== 200) throw new SignInError(`${response.status} at ${new URL(url).pathname}: ${/data-error-code="([^"]+)"/.exec(html)?.[1] ?? html.slice(0, 120)}`);
    if (isSignInPage(html)) {
      if (signedIn) throw new SignInError('asked for the password twice');
      signedIn = true;
      response = await browser.post(new URL('/login/login.htm', url).href, { username: email, password: PASSWORD, fromURI: fromUriOf(html) });
      continue;
    }
    const form = readAutoPostForm(html);
    if (form) {
      url = form.action;
      response = await browser.post(url, { SAMLResponse: form.SAMLResponse, ...(form.RelayState !== undefined ? { RelayState: form.RelayState } : {}) });
      continue;
    }
    const who = /data-testid="home-email">([^<]+)</.exec(html)?.[1];
    const where = /data-testid="home-organization">([^<]+)</.exec(html)?.[1];
    if (!who || !where) throw new SignInError(`an unexpected page at ${new URL(url).pathname}`);
    await browser.get(`${sp.url}/signout`);
    return { email: who, organization: where };
  }
  throw new SignInError('more than 20 steps');
}

// Measuring -----------------------------------------------------------------------------------------

/**
 * The heap that holds data, after full collections: every V8 space except those of compiled code
 * (which grows as the JIT optimizes more of the code paths, a fixed cost that says nothing about
 * retained sign-ins) and the read-only one. A pause between the collections lets finalizers run
 * (undici registers each response body), so their cells are gone by the second one.
 */
async function dataHeapAfterGc(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc!;
  for (let cycle = 0; cycle < 3; cycle++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  gc();
  return getHeapSpaceStatistics()
    .filter((space) => !/^(code_|read_only)/.test(space.space_name))
    .reduce((sum, space) => sum + space.space_used_size, 0);
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Tally {
  ok: number;
  failed: number;
  crossTalk: number;
  latencies: number[];
  failures: Map<string, number>;
}

const newTally = (): Tally => ({ ok: 0, failed: 0, crossTalk: 0, latencies: [], failures: new Map() });

// The run -------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  let options: Options | undefined;
  try {
    options = readOptions();
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  if (typeof (globalThis as { gc?: unknown }).gc !== 'function') {
    console.error('soak: run with node --expose-gc (npm run soak does)');
    return 2;
  }

  // One clock for both servers, so the soak can move it past the SP's fixed lifetimes at the end.
  let offsetMs = 0;
  const clock = () => new Date(Date.now() + offsetMs);
  const { lifetime } = options;
  const idp = await createMockIdp({
    clock,
    limits: {
      maxOrgs: options.orgs + 1,
      sessionLifetimeSeconds: lifetime,
      heldRequestLifetimeSeconds: lifetime,
      oidcInteractionLifetimeSeconds: lifetime,
      oidcAuthorizationCodeLifetimeSeconds: Math.min(lifetime, 60),
      oidcTokenLifetimeSeconds: lifetime,
      oidcRefreshTokenLifetimeSeconds: lifetime,
      inspectorLifetimeSeconds: lifetime,
      sweepIntervalSeconds: 1,
    },
  });
  const sp = await createReferenceSp({ clock });
  try {
    console.log(`soak: ${options.orgs} orgs × ${options.users} users × SAML+OIDC, concurrency ${options.concurrency}, at most ${options.ops} sign-ins or ${options.duration} s; IdP lifetimes ${lifetime} s`);
    const setupStart = performance.now();
    const tenants: Tenant[] = [];
    for (let index = 0; index < options.orgs; index++) tenants.push(await setUpTenant(idp, sp, index, options.users));
    console.log(`setup: ${tenants.length} IdP orgs, ${tenants.length * 2} SP organizations in ${((performance.now() - setupStart) / 1000).toFixed(1)} s`);

    const one = async (tally: Tally, tenantIndex: number, user: number, protocol: 'saml' | 'oidc'): Promise<void> => {
      const tenant = tenants[tenantIndex]!;
      const organization = protocol === 'saml' ? tenant.saml : tenant.oidc;
      const email = emailOf(tenantIndex, user, protocol);
      const started = performance.now();
      try {
        const landed = await signIn(sp, organization, email);
        tally.latencies.push(performance.now() - started);
        if (landed.email !== email || landed.organization !== organization.name) {
          tally.crossTalk++;
          tally.failures.set(`cross-talk: ${email} in ${organization.name} landed as ${landed.email} in ${landed.organization}`, 1);
        } else tally.ok++;
      } catch (error) {
        tally.failed++;
        const key = `${protocol}: ${error instanceof Error ? error.message : String(error)}`;
        tally.failures.set(key, (tally.failures.get(key) ?? 0) + 1);
      }
    };

    // Warm-up: every path once, so the baseline holds the JIT-compiled code, keys and caches.
    const warm = newTally();
    for (let index = 0; index < tenants.length; index++) for (const protocol of ['saml', 'oidc'] as const) await one(warm, index, 0, protocol);
    if (warm.failed + warm.crossTalk > 0) {
      console.error(`warm-up failed: ${[...warm.failures.keys()].join('; ')}`);
      return 1;
    }
    const baseline = await dataHeapAfterGc();
    console.log(`warm-up: ${warm.ok} sign-ins; baseline data heap ${mb(baseline)} (the heap less compiled code, after a forced GC)`);
    console.log('\n   time    sign-ins   ok/s    p50 ms   p95 ms   data heap   IdP sessions  held  OIDC records');

    // Load in two rounds, each followed by a settle. What the first round leaves behind that is not
    // per sign-in (compiled code, the HTTP client's sockets, JIT-provisioned accounts) is there at
    // both measurements; what grows per sign-in shows as the difference.
    const total = newTally();
    let window = newTally();
    const loadStart = performance.now();
    const checkpoint = async (): Promise<void> => {
      const latencies = [...window.latencies].sort((a, b) => a - b);
      const seconds = (performance.now() - loadStart) / 1000;
      const stats = idp.stats();
      console.log(
        `${seconds.toFixed(0).padStart(5)} s  ${String(total.ok + total.failed + total.crossTalk).padStart(8)}  ${(window.ok / options!.checkpoint).toFixed(1).padStart(6)}  ${percentile(latencies, 50).toFixed(0).padStart(7)}  ${percentile(latencies, 95).toFixed(0).padStart(7)}  ${mb(await dataHeapAfterGc()).padStart(10)}  ${String(stats.sessions).padStart(12)}  ${String(stats.heldRequests).padStart(4)}  ${String(stats.oidcRecords).padStart(12)}`,
      );
      window = newTally();
    };
    const merge = (into: Tally, from: Tally): void => {
      into.ok += from.ok;
      into.failed += from.failed;
      into.crossTalk += from.crossTalk;
      into.latencies.push(...from.latencies);
      for (const [key, count] of from.failures) into.failures.set(key, (into.failures.get(key) ?? 0) + count);
    };

    /** C workers take sign-ins until `ops` are done or `seconds` have passed; returns how many ran. */
    const round = async (ops: number, seconds: number): Promise<number> => {
      let started = 0;
      const deadline = performance.now() + seconds * 1000;
      await Promise.all(
        Array.from({ length: options!.concurrency }, async () => {
          while (started < ops && performance.now() < deadline) {
            started++;
            const result = newTally();
            await one(result, Math.floor(Math.random() * tenants.length), Math.floor(Math.random() * options!.users), Math.random() < 0.5 ? 'saml' : 'oidc');
            merge(total, result);
            merge(window, result);
          }
        }),
      );
      return started;
    };

    /**
     * Lets every cache's lifetime pass: the IdP's short ones for real, then the shared clock moves
     * an hour on, past the SP's fixed ones (its replay cache keeps an assertion id until the
     * assertion's NotOnOrAfter); a few sign-ins let lazy purges run. Returns the heap after GC.
     */
    const trickle = newTally();
    const settle = async (): Promise<number> => {
      await sleep((lifetime + 2) * 1000);
      offsetMs += 3600 * 1000;
      await sleep(2500);
      // SAML only: its assertions follow the shared clock, while the mock's OIDC servers sign on the
      // real one, and the SP checks an id_token's age on its own clock (an hour ahead here).
      for (let index = 0; index < Math.min(tenants.length, 4); index++) await one(trickle, index, 0, 'saml');
      await sleep(2500);
      const heap = Math.min(await dataHeapAfterGc(), await dataHeapAfterGc());
      // Back to real time for the next round's OIDC sign-ins; what the SP stored meanwhile is swept
      // by its own lifetimes like anything else.
      offsetMs -= 3600 * 1000;
      return heap;
    };

    const timer = setInterval(() => void checkpoint(), options.checkpoint * 1000);
    const firstOps = await round(Math.ceil(options.ops / 2), options.duration / 2);
    clearInterval(timer);
    console.log(`round 1: ${firstOps} sign-ins; settling for ${lifetime + 7} s (IdP lifetimes, then the clock moved past the SP's)`);
    const afterFirst = await settle();
    const stats1 = idp.stats();
    console.log(`after round 1 and the lifetimes: data heap ${mb(afterFirst)}; IdP holds ${stats1.sessions} sessions, ${stats1.heldRequests} held requests, ${stats1.oidcRecords} OIDC records`);
    const timer2 = setInterval(() => void checkpoint(), options.checkpoint * 1000);
    const secondOps = await round(Math.floor(options.ops / 2), options.duration / 2);
    clearInterval(timer2);
    const loadSeconds = (performance.now() - loadStart) / 1000;
    console.log(`round 2: ${secondOps} sign-ins; settling again`);
    const afterSecond = await settle();

    const done = total.ok + total.failed + total.crossTalk;
    const sorted = [...total.latencies].sort((a, b) => a - b);
    const busySeconds = loadSeconds - (lifetime + 7);
    console.log(
      `\nload: ${done} sign-ins (${firstOps} + ${secondOps}) in ${busySeconds.toFixed(1)} s of load = ${(total.ok / busySeconds).toFixed(1)} ok/s; p50 ${percentile(sorted, 50).toFixed(0)} ms, p95 ${percentile(sorted, 95).toFixed(0)} ms; ${total.failed} failed, ${total.crossTalk} cross-talk`,
    );
    const perOp = (afterSecond - afterFirst) / Math.max(secondOps, 1);
    const stats = idp.stats();
    console.log(
      `memory: data heap ${mb(baseline)} after warm-up, ${mb(afterFirst)} after round 1, ${mb(afterSecond)} after round 2 → ${perOp.toFixed(0)} bytes per sign-in retained after the lifetimes (bound ${options.maxBytesPerOp}); IdP holds ${stats.sessions} sessions, ${stats.heldRequests} held requests, ${stats.oidcRecords} OIDC records`,
    );

    let failed = false;
    if (total.failed + total.crossTalk + trickle.failed + trickle.crossTalk > 0) {
      failed = true;
      console.error('\nsign-ins that did not land where they should:');
      for (const [key, count] of [...total.failures, ...trickle.failures]) console.error(`  ${count} × ${key}`);
    }
    // What the IdP still holds may only be the settle's own few sign-ins (8 at most, each an IdP
    // session and, for OIDC, at most 6 records: interaction, session, grant, code, tokens).
    const settleSignIns = Math.min(tenants.length, 4) * 2;
    if (stats.sessions > settleSignIns || stats.heldRequests > 0 || stats.oidcRecords > settleSignIns * 6) {
      failed = true;
      console.error(`\nmemory: the IdP still holds ${stats.sessions} sessions, ${stats.heldRequests} held requests and ${stats.oidcRecords} OIDC records after their lifetimes (at most ${settleSignIns}, 0 and ${settleSignIns * 6} expected)`);
    }
    if (perOp > options.maxBytesPerOp) {
      failed = true;
      console.error(`\nmemory: ${perOp.toFixed(0)} bytes per sign-in still held after the caches' lifetimes, above the bound of ${options.maxBytesPerOp}`);
    }
    console.log(failed ? '\nsoak: FAILED' : '\nsoak: passed');
    return failed ? 1 : 0;
  } finally {
    await Promise.all([idp.close(), sp.close()]);
  }
}

process.exitCode = await main();
