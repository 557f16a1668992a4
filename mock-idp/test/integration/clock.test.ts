/** The `clock` option of createMockIdp drives the timestamps of a real sign-in. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TestBrowser } from '../support/browser.ts';
import { signInThrough, startFixture } from '../support/fixture.ts';

void test('IssueInstant, NotBefore and AuthnInstant come from the clock given to createMockIdp', async () => {
  const fixed = new Date('2031-02-03T04:05:06.000Z');
  const fixture = await startFixture({}, () => fixed);
  try {
    const outcome = await signInThrough(new TestBrowser(), fixture.ssoUrl, 'alice@example.com');
    assert.ok(outcome.form);
    const xml = Buffer.from(outcome.form.SAMLResponse, 'base64').toString();
    assert.match(xml, /IssueInstant="2031-02-03T04:05:06.000Z"/);
    assert.match(xml, /NotBefore="2031-02-03T04:00:06.000Z"/);
    assert.match(xml, /AuthnInstant="2031-02-03T04:05:06.000Z"/);
  } finally {
    await fixture.idp.close();
  }
});
