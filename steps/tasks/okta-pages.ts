/**
 * The mock IdP's pages as a person sees them: Okta's sign-in page and Okta's error page. Only this
 * file knows their selectors (docs/contracts.md lists them).
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { Actor } from '../support/actors.ts';
import type { ConformanceWorld } from '../support/world.ts';

const SIGN_IN_USERNAME = '[data-testid="okta-signin-username"]';
const SIGN_IN_PASSWORD = '[data-testid="okta-signin-password"]';
const SIGN_IN_SUBMIT = '[data-testid="okta-signin-submit"]';
const ERROR_PAGE = '[data-testid="okta-error"]';
const SIGN_IN_ERROR = '[data-testid="okta-signin-error"]';

export const OktaSignInPage = {
  async isShown(page: Page, idpOrigin: string): Promise<boolean> {
    return new URL(page.url()).origin === idpOrigin && (await page.locator(SIGN_IN_USERNAME).count()) > 0;
  },

  async signIn(page: Page, actor: Actor): Promise<void> {
    await page.fill(SIGN_IN_USERNAME, actor.login);
    await page.fill(SIGN_IN_PASSWORD, actor.password);
    await page.click(SIGN_IN_SUBMIT);
    await page.waitForLoadState('load');
  },
};

export const OktaErrorPage = {
  /**
   * The error code Okta shows: its error page, or the refusal on its sign-in page (a suspended user
   * who signs in again gets IDP_USER_INACTIVE there); undefined when the browser is on neither.
   */
  async readCode(page: Page, idpOrigin: string): Promise<string | undefined> {
    if (new URL(page.url()).origin !== idpOrigin) return undefined;
    for (const selector of [ERROR_PAGE, SIGN_IN_ERROR]) {
      const error = page.locator(selector);
      if ((await error.count()) > 0) return (await error.getAttribute('data-error-code')) ?? undefined;
    }
    return undefined;
  },
};

const DASHBOARD_PATH = '/app/UserHome';
const tile = (label: string): string => `[data-testid="app-tile"][data-app-label="${label.replace(/"/g, '\\"')}"]`;

/** Okta's end-user dashboard: a tile per app assigned to the person whose visibility is on. */
export const OktaDashboard = {
  /** Opens the dashboard; reports whether Okta asked for the password on the way. */
  async open(page: Page, orgUrl: string, actor: Actor): Promise<{ askedForPassword: boolean }> {
    await page.goto(new URL(DASHBOARD_PATH, orgUrl).href);
    const askedForPassword = await OktaSignInPage.isShown(page, new URL(orgUrl).origin);
    if (askedForPassword) await OktaSignInPage.signIn(page, actor);
    await page.locator('[data-testid="okta-dashboard"]').waitFor();
    return { askedForPassword };
  },

  async hasTile(page: Page, label: string): Promise<boolean> {
    return (await page.locator(tile(label)).count()) > 0;
  },

  async expectNoTile(world: ConformanceWorld, actorName: string, label: string): Promise<void> {
    const { page } = await world.browserOf(actorName);
    await OktaDashboard.open(page, world.idpOrg.get().baseUrl, world.actor(actorName));
    assert.equal(await OktaDashboard.hasTile(page, label), false, `the dashboard shows a "${label}" tile`);
  },

  async launch(page: Page, label: string): Promise<void> {
    await page.click(tile(label));
    await page.waitForLoadState('load');
  },
};
