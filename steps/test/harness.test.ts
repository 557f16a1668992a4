import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countOutcomes, type Tally } from '../../scripts/outcome-tally.ts';
import { ScenarioNames } from '../support/actors.ts';
import { BrowserNotFoundError, findBrowser } from '../support/browser.ts';
import { HarnessConfigError, readHarnessConfig } from '../support/config.ts';
import { NAME_ID_FORMATS, nameIdFormatFor, userNameTemplateFor } from '../support/vocabulary.ts';
import { loadSpDriver } from '../drivers/load-driver.ts';

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

describe('harness configuration', () => {
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
    await assert.rejects(loadSpDriver('steps/support/slot.ts', 'http://127.0.0.1:1'), { code: 'HARNESS_SP_DRIVER_INVALID' });
    await assert.rejects(loadSpDriver('does/not/exist.ts', 'http://127.0.0.1:1'), { code: 'HARNESS_SP_DRIVER_INVALID' });
  });
});

describe('outcome tally', () => {
  const step = (id: string, status: 'PASSED' | 'FAILED' | 'SKIPPED') =>
    ({ testStepFinished: { testCaseStartedId: id, testStepId: 's', testStepResult: { status, duration: { seconds: 0, nanos: 0 } }, timestamp: { seconds: 0, nanos: 0 } } }) as never;
  const finished = (id: string, willBeRetried = false) =>
    ({ testCaseFinished: { testCaseStartedId: id, willBeRetried, timestamp: { seconds: 0, nanos: 0 } } }) as never;

  test('a scenario counts as its worst step, once', () => {
    const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
    const on = countOutcomes(tally);
    for (const message of [step('a', 'PASSED'), step('a', 'FAILED'), step('a', 'SKIPPED'), finished('a'), step('b', 'PASSED'), finished('b'), step('c', 'SKIPPED'), finished('c')]) on(message);
    assert.deepEqual(tally, { passed: 1, failed: 1, skipped: 1 });
  });

  test('an attempt that will be retried is not counted', () => {
    const tally: Tally = { passed: 0, failed: 0, skipped: 0 };
    const on = countOutcomes(tally);
    for (const message of [step('a1', 'FAILED'), finished('a1', true), step('a2', 'PASSED'), finished('a2')]) on(message);
    assert.deepEqual(tally, { passed: 1, failed: 0, skipped: 0 });
  });
});
