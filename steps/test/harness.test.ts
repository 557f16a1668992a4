import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countOutcomes, emptyTally, securitySummary, VERDICT_MEDIA_TYPE } from '../../scripts/outcome-tally.ts';
import { ScenarioNames } from '../support/actors.ts';
import { BrowserNotFoundError, findBrowser } from '../support/browser.ts';
import { HarnessConfigError, parseSpSettingOptions, parseSpSettings, readHarnessConfig } from '../support/config.ts';
import { connectionPlan, enforcementLabel, NAME_ID_FORMATS, nameIdFormatFor, userNameTemplateFor } from '../support/vocabulary.ts';
import { loadSpDriver } from '../drivers/load-driver.ts';
import { REFUSAL_CODES, SP_CAPABILITIES } from '../drivers/sp-driver.ts';

describe('scenario names', () => {
  test('the same actor name gives the same values within a scenario', () => {
    const names = new ScenarioNames();
    assert.equal(names.actor('Alice'), names.actor('Alice'));
    assert.equal(names.portalKey('acme_SSO'), names.portalKey('acme_SSO'));
  });

  test('two scenarios never share an email or a portal key', () => {
    const first = new ScenarioNames();
    const second = new ScenarioNames();
    assert.notEqual(first.actor('Alice').email, second.actor('Alice').email);
    assert.notEqual(first.portalKey('acme_SSO'), second.portalKey('acme_SSO'));
  });

  test('portal keys stay within the characters SPs accept for them', () => {
    assert.match(new ScenarioNames().portalKey('acme_SSO'), /^[A-Za-z0-9_-]{3,64}$/);
  });
});

describe('vendor-guide vocabulary', () => {
  test('Name ID formats map to their URNs', () => {
    assert.equal(nameIdFormatFor('EmailAddress'), NAME_ID_FORMATS.EmailAddress);
    assert.equal(nameIdFormatFor('Persistent'), 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
  });

  test('Application username choices map to Okta templates', () => {
    assert.equal(userNameTemplateFor('Email'), '${source.email}');
    assert.equal(userNameTemplateFor('Okta username'), '${source.login}');
  });

  test('an unknown word is an error, not a silent default', () => {
    assert.throws(() => nameIdFormatFor('Emailaddress'));
    assert.throws(() => userNameTemplateFor('Custom'));
  });
});

describe('SP settings tables', () => {
  test('the guides\' words map to the settings they stand for', () => {
    assert.deepEqual(
      connectionPlan([
        ['SSO portal key', 'acme_SSO'],
        ['Provisioning', 'Just-In-Time'],
        ['Enforcement', 'SSO Enforced'],
        ['Sign-in from the Okta dashboard', 'through the initiate login URI'],
        ['Email domains', 'the company domain'],
      ]),
      { portalKey: 'acme_SSO', provisioning: 'jit', enforcement: 'enforced', dashboard: 'initiate-login', claimsCompanyDomain: true },
    );
    assert.equal(connectionPlan([['Provisioning', 'Require invites']]).provisioning, 'invite-only');
    assert.equal(connectionPlan([]).dashboard, null, 'a feature that does not mention the dashboard leaves the tile alone');
  });

  test('an unknown setting or word is an error, not a silent default', () => {
    assert.throws(() => connectionPlan([['Provisioning', 'jit']]));
    assert.throws(() => connectionPlan([['Colour', 'blue']]));
    assert.throws(() => connectionPlan([['Email domains', 'example.com']]));
    assert.throws(() => enforcementLabel('Enforce'));
    assert.equal(enforcementLabel('Enable SAML-only authentication'), 'enforced');
  });
});

describe('the driver contract', () => {
  test('every capability and refusal code is documented', () => {
    for (const [name, meaning] of [...Object.entries(SP_CAPABILITIES), ...Object.entries(REFUSAL_CODES)]) assert.ok(meaning.length > 20, name);
  });

  test('the reference driver offers jit-first-owner only with the operator token', async () => {
    const timeouts = { stepMs: 30_000, outcomeMs: 10_000 };
    const without = await loadSpDriver('reference', { spUrl: 'http://127.0.0.1:1', settings: {}, timeouts });
    const withToken = await loadSpDriver('reference', { spUrl: 'http://127.0.0.1:1', settings: { operatorToken: 'spo_x' }, timeouts });
    assert.equal(without.capabilities.has('jit-first-owner'), false);
    assert.equal(withToken.capabilities.has('jit-first-owner'), true);
    for (const capability of withToken.capabilities) assert.ok(capability in SP_CAPABILITIES, capability);
  });
});

describe('harness configuration', () => {
  test('SP settings come from --sp-setting key=value and from a JSON object in the environment', () => {
    assert.deepEqual(parseSpSettingOptions(['operatorToken=a=b', 'x=']), { operatorToken: 'a=b', x: '' });
    assert.deepEqual(parseSpSettings('{"operatorToken":"t"}'), { operatorToken: 't' });
    assert.deepEqual(parseSpSettings(undefined), {});
    assert.deepEqual(readHarnessConfig({ SSO_CONFORMANCE_IDP_URL: 'http://127.0.0.1:1', SSO_CONFORMANCE_SP_URL: 'http://127.0.0.1:2', SSO_CONFORMANCE_SP_SETTINGS: '{"k":"v"}' }).spSettings, { k: 'v' });
  });

  test('malformed SP settings are refused with a code', () => {
    for (const bad of ['not json', '[1]', '{"n":1}']) assert.throws(() => parseSpSettings(bad), { code: 'HARNESS_SP_SETTINGS_INVALID' });
    assert.throws(() => parseSpSettingOptions(['novalue']), { code: 'HARNESS_SP_SETTINGS_INVALID' });
    assert.throws(() => parseSpSettingOptions(['=v']), { code: 'HARNESS_SP_SETTINGS_INVALID' });
  });

  test('missing URLs fail with a coded error that says how to run', () => {
    assert.throws(() => readHarnessConfig({}), (error: unknown) => error instanceof HarnessConfigError && error.code === 'HARNESS_CONFIG_MISSING');
  });

  test('URLs lose trailing slashes and the driver defaults to the reference SP', () => {
    const config = readHarnessConfig({ SSO_CONFORMANCE_IDP_URL: 'http://127.0.0.1:1/', SSO_CONFORMANCE_SP_URL: 'http://127.0.0.1:2' });
    assert.equal(config.idpUrl, 'http://127.0.0.1:1');
    assert.equal(config.spDriver, 'reference');
  });

  test('an explicit browser path that does not exist is refused with a code', () => {
    assert.throws(() => findBrowser('/nonexistent/chromium'), (error: unknown) => error instanceof BrowserNotFoundError);
  });

  test('an SP driver module without createSpDriver is refused with a code', async () => {
    const options = { spUrl: 'http://127.0.0.1:1', settings: {}, timeouts: { stepMs: 30_000, outcomeMs: 10_000 } };
    await assert.rejects(loadSpDriver('steps/support/slot.ts', options), { code: 'HARNESS_DRIVER_INVALID' });
    await assert.rejects(loadSpDriver('does/not/exist.ts', options), { code: 'HARNESS_DRIVER_NOT_FOUND' });
  });
});

describe('outcome tally', () => {
  const step = (id: string, status: 'PASSED' | 'FAILED' | 'SKIPPED') =>
    ({ testStepFinished: { testCaseStartedId: id, testStepId: 's', testStepResult: { status, duration: { seconds: 0, nanos: 0 } }, timestamp: { seconds: 0, nanos: 0 } } }) as never;
  const finished = (id: string, willBeRetried = false) =>
    ({ testCaseFinished: { testCaseStartedId: id, willBeRetried, timestamp: { seconds: 0, nanos: 0 } } }) as never;

  test('a scenario counts as its worst step, once', () => {
    const tally = emptyTally();
    const on = countOutcomes(tally);
    for (const message of [step('a', 'PASSED'), step('a', 'FAILED'), step('a', 'SKIPPED'), finished('a'), step('b', 'PASSED'), finished('b'), step('c', 'SKIPPED'), finished('c')]) on(message);
    assert.deepEqual({ ...tally, security: undefined }, { passed: 1, failed: 1, skipped: 1, security: undefined });
    assert.equal(securitySummary(tally.security), undefined, 'no security line without security scenarios');
  });

  test('an attempt that will be retried is not counted', () => {
    const tally = emptyTally();
    const on = countOutcomes(tally);
    for (const message of [step('a1', 'FAILED'), finished('a1', true), step('a2', 'PASSED'), finished('a2')]) on(message);
    assert.deepEqual([tally.passed, tally.failed, tally.skipped], [1, 0, 0]);
  });

  test('security scenarios are tallied by their verdicts, with the time they took', () => {
    const tally = emptyTally();
    const on = countOutcomes(tally);
    const at = (s: number) => ({ seconds: s, nanos: 0 });
    const security = (n: number, verdict: string | undefined, control = false, status: 'PASSED' | 'FAILED' | 'SKIPPED' = 'PASSED') => [
      { pickle: { id: `p${n}`, tags: [{ name: '@security' }] } },
      { testCase: { id: `t${n}`, pickleId: `p${n}` } },
      { testCaseStarted: { id: `s${n}`, testCaseId: `t${n}`, timestamp: at(n * 10) } },
      ...(verdict ? [{ attachment: { testCaseStartedId: `s${n}`, mediaType: VERDICT_MEDIA_TYPE, body: JSON.stringify({ id: `case-${n}`, control, verdict }) } }] : []),
      step(`s${n}`, status),
      { testCaseFinished: { testCaseStartedId: `s${n}`, willBeRetried: false, timestamp: at(n * 10 + 2) } },
    ];
    const messages = [
      ...security(1, 'refused'),
      ...security(2, 'vulnerable', false, 'FAILED'),
      ...security(3, 'accepted', true),
      ...security(4, undefined, false, 'SKIPPED'),
      ...security(5, 'stayed-on-site'),
      ...security(6, 'weak-requests', false, 'FAILED'),
      ...security(7, 'strong-requests'),
      { pickle: { id: 'flow', tags: [{ name: '@saml' }] } },
      { testCase: { id: 'tf', pickleId: 'flow' } },
      { testCaseStarted: { id: 'sf', testCaseId: 'tf', timestamp: at(100) } },
      step('sf', 'PASSED'),
      { testCaseFinished: { testCaseStartedId: 'sf', willBeRetried: false, timestamp: at(200) } },
    ];
    for (const message of messages) on(message as never);
    assert.deepEqual(tally.security, {
      refused: 3,
      vulnerable: 2,
      skipped: 1,
      controlsAccepted: 1,
      controlsRefused: 0,
      notRun: 0,
      seconds: 14,
      vulnerableIds: ['case-2', 'case-6'],
    });
    assert.equal(
      securitySummary(tally.security),
      'security: 3 refused, 2 accepted (vulnerable), 1 skipped; controls: 1 accepted, 0 refused; 14.0 s\nsecurity: vulnerable to case-2, case-6',
    );
  });
});
