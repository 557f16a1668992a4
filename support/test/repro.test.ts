/**
 * repro: reading Okta's app and user JSON (shapes from Okta's OpenAPI examples), building the tenant
 * with what the mock refuses named, and whole runs in Chromium against the reference SP — in process,
 * and reached through its driver by URL — each judged by what the SP did and what the doctor found.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { createMockIdp, loadTenantFile } from '../../mock-idp/index.ts';
import { createReferenceSp, type ReferenceSp } from '../../sp-under-test/index.ts';
import { findBrowser, launchBrowser } from '../../steps/support/browser.ts';
import { buildTenant } from '../repro/build-tenant.ts';
import { compareApp } from '../repro/compare.ts';
import { ReproError } from '../repro/errors.ts';
import { readCustomerApp } from '../repro/okta-app.ts';
import { runRepro, type ReproInput, type ReproResult } from '../repro/run-repro.ts';
import { tenantYaml } from '../repro/tenant-file.ts';
import { readCustomerUser } from '../repro/user-profile.ts';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'repro');
const json = async (name: string): Promise<unknown> => JSON.parse(await readFile(join(FIXTURES, name), 'utf8'));

function code(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof ReproError, String(error));
    return error.code;
  }
  return 'none';
}

const causes = (result: ReproResult): string[] => result.doctor.messages.flatMap((message) => message.causes.map((cause) => cause.code));

describe('repro: reading what the customer exported', () => {
  test("Okta's app JSON becomes the tenant's app: ids, links, signing and the client secret are left out, nulls dropped", async () => {
    const saml = readCustomerApp(await json('saml-app.json'), 'saml-app.json');
    assert.equal(saml.protocol, 'saml');
    assert.deepEqual(Object.keys(saml.tenantApp).sort(), ['label', 'settings', 'signOnMode', 'credentials', 'visibility'].sort());
    assert.equal(saml.urls.acs, 'https://analytics.acme.example/saml/acs');
    assert.equal(saml.urls.audience, 'https://analytics.acme.example/saml/metadata');
    const oidc = readCustomerApp(await json('oidc-app.json'), 'oidc-app.json');
    assert.ok(!JSON.stringify(oidc.tenantApp).includes('wj9bOsLK0BRNJqy7KMMnaE7m8qrW51bPO2n1'), 'the exported client secret is never copied');
    assert.deepEqual(oidc.urls.redirectUris, ['https://portal.acme.example/oauth2/callback']);
    assert.ok(oidc.leftOut.some((line) => line.startsWith('credentials.oauthClient.client_secret')));
  });

  test('what is not an app, or an app of another sign-on mode, is a coded refusal', async () => {
    const saml = (await json('saml-app.json')) as Record<string, unknown>;
    assert.equal(code(() => readCustomerApp([], 'x')), 'REPRO_APP_INVALID');
    assert.equal(code(() => readCustomerApp({ ...saml, signOnMode: undefined }, 'x')), 'REPRO_APP_INVALID');
    assert.equal(code(() => readCustomerApp({ ...saml, signOnMode: 'BROWSER_PLUGIN' }, 'x')), 'REPRO_APP_UNSUPPORTED');
    assert.equal(code(() => readCustomerApp({ ...saml, settings: { app: {} } }, 'x')), 'REPRO_APP_INVALID');
    assert.equal(code(() => readCustomerApp({ ...saml, label: '' }, 'x')), 'REPRO_APP_INVALID');
  });

  test("an Okta user, or only its profile; its status is kept; a password is made up", async () => {
    const alice = readCustomerUser(await json('user-alice.json'), 'user-alice.json');
    assert.deepEqual([alice.login, alice.email, alice.status], ['alice.smith@acme.example', 'alice.smith@acme.example', 'ACTIVE']);
    const jdoe = readCustomerUser(await json('user-jdoe-username.json'), 'user-jdoe-username.json');
    assert.deepEqual([jdoe.login, jdoe.email], ['jdoe', 'john.doe@acme.example']);
    assert.equal(readCustomerUser({ status: 'SUSPENDED', profile: { email: 'a@acme.example' } }, 'x').status, 'SUSPENDED');
    assert.equal(code(() => readCustomerUser({ profile: { login: 'jdoe' } }, 'x')), 'REPRO_USER_INVALID');
    assert.equal(code(() => readCustomerUser({ status: 'LOCKED', profile: { email: 'a@acme.example' } }, 'x')), 'REPRO_USER_INVALID');
    assert.equal(code(() => readCustomerUser('alice', 'x')), 'REPRO_USER_INVALID');
  });

  test("what the mock refuses is taken out and named (Okta's own example: an fn: expression); the rest, a GROUP statement too, stays", async () => {
    const app = readCustomerApp(await json('saml-app.json'), 'saml-app.json').tenantApp as { credentials: { userNameTemplate: Record<string, unknown> }; settings: { signOn: Record<string, unknown> } };
    app.credentials.userNameTemplate['template'] = '${fn:substringBefore(source.login, "@")}';
    (app.settings.signOn['attributeStatements'] as unknown[]).push({ type: 'GROUP', name: 'groups', filterType: 'REGEX', filterValue: '.*' });
    const user = readCustomerUser(await json('user-alice.json'), 'u');
    const built = buildTenant('repro-test', user.tenantUser, app as unknown as Record<string, unknown>, user.login);
    assert.deepEqual(built.dropped.map((item) => item.path).sort(), ['credentials.userNameTemplate.template']);
    assert.ok(built.dropped.every((item) => item.reason.length > 0));
    const kept = built.checked.apps[0]!;
    assert.equal(kept.signOnMode, 'SAML_2_0');
    assert.equal(kept.signOnMode === 'SAML_2_0' && kept.signOn.attributeStatements.filter((statement) => statement.type === 'GROUP').length, 1, 'GROUP statements are modelled');
    assert.equal(code(() => buildTenant('repro-test', { profile: { login: 'x' } }, app as unknown as Record<string, unknown>, 'x')), 'REPRO_USER_INVALID');
  });

  test("comparison: Okta's ${org.externalKey} template matches the mock's filled-in value; a missing field is not reproduced", () => {
    const customer = { settings: { signOn: { idpIssuer: 'http://www.okta.com/${org.externalKey}', slo: { enabled: false }, responseSigned: true } } };
    const mock = { settings: { signOn: { idpIssuer: 'http://www.okta.com/exk123', responseSigned: true } } };
    const compared = compareApp(customer, mock, () => false);
    assert.deepEqual(compared.reproduced.sort(), ['settings.signOn.idpIssuer', 'settings.signOn.responseSigned']);
    assert.deepEqual(compared.different, [{ path: 'settings.signOn.slo.enabled', customer: false, mock: undefined }]);
  });
});

describe('repro: whole runs in a browser', () => {
  let browser: Browser;
  let dir: string;
  before(async () => {
    browser = await launchBrowser(findBrowser(process.env['SSO_CONFORMANCE_BROWSER']));
    dir = await mkdtemp(join(tmpdir(), 'repro-'));
  });
  after(() => browser.close());

  const run = async (appFile: string, userFile: string, extra: Partial<ReproInput> = {}): Promise<ReproResult> =>
    runRepro({ app: await json(appFile), appSource: appFile, user: await json(userFile), userSource: userFile, keepUrls: false, browser, ...extra });

  test('a SAML app as exported signs its person in; its URLs point at the SP; the tenant file replays', async () => {
    const result = await run('saml-app.json', 'user-alice.json');
    assert.equal(result.exitStatus, 0);
    assert.deepEqual(result.signIn.outcome.kind === 'signed-in' && [result.signIn.outcome.email, result.signIn.outcome.method], ['alice.smith@acme.example', 'saml']);
    assert.deepEqual(result.pointed.map((item) => item.setting), ['Single sign-on URL', 'Recipient URL', 'Destination URL', 'Audience URI (SP Entity ID)']);
    assert.ok(result.comparison.reproduced.includes('settings.signOn.subjectNameIdFormat'));
    assert.ok(result.comparison.reproduced.includes('settings.signOn.attributeStatements[0].values[0]'));
    assert.ok(result.comparison.reproduced.includes('settings.signOn.slo.enabled'), 'single logout settings are reproduced');
    assert.deepEqual(result.comparison.different, [], 'every setting of this export is reproduced');
    assert.equal(result.doctor.exitStatus, 0);
    assert.deepEqual(result.doctor.messages.map((message) => message.kind), ['saml-request', 'saml-response']);
    const file = join(dir, 'tenant.yaml');
    await writeFile(file, tenantYaml(result.tenant, { app: 'saml-app.json', user: 'user-alice.json' }));
    assert.equal((await loadTenantFile(file)).apps[0]?.label, 'Acme Analytics');
    const replayed = await createMockIdp({ tenant: file });
    try {
      const [app] = await replayed.control.listApps();
      assert.equal(app?.label, 'Acme Analytics');
      assert.equal((await replayed.control.getUser('alice.smith@acme.example')).profile.email, 'alice.smith@acme.example');
    } finally {
      await replayed.close();
    }
  });

  test('Application username = Okta username that is not an email: the SP refuses, the doctor names why', async () => {
    const result = await run('saml-app-okta-username.json', 'user-jdoe-username.json');
    assert.equal(result.exitStatus, 1);
    assert.deepEqual(result.signIn.outcome, { kind: 'refused', code: 'SSO_EMAIL_MISSING' });
    assert.deepEqual(causes(result), ['DOCTOR_SAML_EMAIL_MISSING']);
  });

  describe('OIDC, against a reference SP reached by URL through its driver', () => {
    let sp: ReferenceSp;
    before(async () => {
      sp = await createReferenceSp();
    });
    after(() => sp.close());
    const external = (): Partial<ReproInput> => ({ sp: { url: sp.url, driver: 'reference', settings: { operatorToken: sp.operatorToken } } });

    test('an OIDC app as exported signs its person in through the code flow', async () => {
      const result = await run('oidc-app.json', 'user-alice.json', external());
      assert.equal(result.exitStatus, 0);
      assert.equal(result.signIn.outcome.kind === 'signed-in' && result.signIn.outcome.method, 'oidc');
      assert.equal(result.spUrl, sp.url);
      assert.deepEqual(causes(result), []);
      assert.ok(result.doctor.messages.some((message) => message.kind === 'id-token'));
    });

    test('an app allowing only the implicit grant: Okta answers the code flow with an error the doctor explains', async () => {
      const result = await run('oidc-app-implicit-only.json', 'user-alice.json', external());
      assert.equal(result.exitStatus, 1);
      assert.equal(result.signIn.outcome.kind, 'refused');
      assert.deepEqual(causes(result), ['DOCTOR_OIDC_ERROR_RESPONSE']);
    });

    test("--keep-urls keeps the customer's redirect URI: Okta refuses the SP's own, on its page", async () => {
      const result = await run('oidc-app.json', 'user-alice.json', { ...external(), keepUrls: true });
      assert.equal(result.exitStatus, 1);
      assert.equal(result.keptUrls, '--keep-urls');
      assert.equal(result.signIn.idpRefusal, 'IDP_OIDC_REDIRECT_URI_NOT_REGISTERED');
      assert.deepEqual(causes(result), ['DOCTOR_IDP_REFUSED']);
    });
  });
});

describe('repro command line', () => {
  const CLI = join(import.meta.dirname, '..', 'repro', 'cli.ts');
  const cli = (args: string[]): Promise<{ status: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', CLI, ...args], { timeout: 60_000 }, (error, stdout, stderr) => {
        resolve({ status: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
      });
    });

  test('a bad command line, a missing file and a file that is not JSON end with one coded line and exit status 2', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'repro-cli-'));
    await writeFile(join(dir, 'not.json'), 'label: Acme');
    const results = await Promise.all([
      cli([join(FIXTURES, 'saml-app.json')]),
      cli([join(dir, 'absent.json'), '--user', join(FIXTURES, 'user-alice.json')]),
      cli([join(dir, 'not.json'), '--user', join(FIXTURES, 'user-alice.json')]),
      cli([join(FIXTURES, 'saml-app.json'), '--user', join(FIXTURES, 'user-alice.json'), '--entry', 'somewhere']),
    ]);
    assert.deepEqual(
      results.map((result) => [result.status, /^repro: (REPRO_[A-Z_]+): /m.exec(result.stderr)?.[1]]),
      [
        [2, 'REPRO_ARGS_INVALID'],
        [2, 'REPRO_FILE_UNREADABLE'],
        [2, 'REPRO_FILE_UNREADABLE'],
        [2, 'REPRO_ARGS_INVALID'],
      ],
    );
    for (const result of results) assert.equal(result.stderr.trim().split('\n').filter((line) => line.startsWith('repro:')).length, 1, result.stderr);
  });
});
