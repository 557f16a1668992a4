/**
 * The inspector page in a real browser (Chromium, as the features use): the token from the URL
 * fragment opens it and leaves the address bar at once, messages show as text (markup in a message
 * is never markup on the page), and a wrong token is said so.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { findBrowser, launchBrowser } from '../../../steps/support/browser.ts';
import { createMockIdp, type MockIdp } from '../../index.ts';
import { TestBrowser } from '../support/browser.ts';
import { signInThrough } from '../support/fixture.ts';

describe('inspector page', () => {
  let idp: MockIdp;
  let browser: Browser;
  before(async () => {
    idp = await createMockIdp();
    browser = await launchBrowser(findBrowser(process.env['SSO_CONFORMANCE_BROWSER']));
    const { control } = idp;
    const user = await control.createUser({ email: 'alice@example.com', firstName: 'Alice', lastName: 'A', password: 'Page-password-1' });
    const app = await control.createSamlApp({ label: 'SP', signOn: { ssoAcsUrl: 'https://sp.example.test/acs', audience: 'urn:sp', defaultRelayState: '<img src=x onerror=alert(1)>' } });
    await control.assignUserToApp(app.id, user.id);
    // An IdP-initiated sign-in, and a refusal: a wrong password.
    await signInThrough(new TestBrowser(), (await control.getSamlSetup(app.id)).ssoUrl, 'alice@example.com', 'Page-password-1');
    await signInThrough(new TestBrowser(), (await control.getSamlSetup(app.id)).ssoUrl, 'alice@example.com', 'wrong');
  });
  after(async () => {
    await browser.close();
    await idp.close();
  });

  test('the fragment token shows the messages, then leaves the address bar; a message is text, never markup', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await page.goto(`${idp.url}/mock/inspector#token=${encodeURIComponent(idp.org.apiToken)}`);
    const summaries = page.locator('[data-testid="inspector-messages"] summary');
    await summaries.first().waitFor();
    const texts = await summaries.allInnerTexts();
    assert.ok(texts.some((text) => text.includes('sent SAML Response to https://sp.example.test/acs')), texts.join('\n'));
    assert.ok(texts.some((text) => text.includes('IDP_SIGNIN_FAILED')), texts.join('\n'));
    assert.equal(new URL(page.url()).hash, '', 'the token left the address bar');
    const response = page.locator('[data-testid="inspector-messages"] details[data-kind="saml-response"]');
    await response.locator('summary').click();
    assert.match(await response.locator('pre').innerText(), /RelayState: <img src=x onerror=alert\(1\)>/, 'the RelayState is shown as text');
    assert.match(await response.locator('pre').innerText(), /^ {2}<saml2:Assertion /m, 'the XML is laid out');
    assert.equal(await page.locator('img').count(), 0);
    assert.deepEqual(dialogs, []);
    await context.close();
  });

  test('a wrong token is refused on the page, with nothing shown', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${idp.url}/mock/inspector#token=not-the-token`);
    await page.locator('[data-testid="inspector-status"]', { hasText: 'not this org' }).waitFor();
    assert.equal(await page.locator('[data-testid="inspector-messages"] details').count(), 0);
    await context.close();
  });
});
