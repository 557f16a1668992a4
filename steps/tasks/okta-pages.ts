/**
 * The mock IdP's pages as a person sees them: Okta's sign-in page and Okta's error page. Only this
 * file knows their selectors (docs/contracts.md lists them).
 */
import type { Page } from 'playwright-core';
import type { Actor } from '../support/actors.ts';

const SIGN_IN_USERNAME = '[data-testid="okta-signin-username"]';
const SIGN_IN_PASSWORD = '[data-testid="okta-signin-password"]';
const SIGN_IN_SUBMIT = '[data-testid="okta-signin-submit"]';
const ERROR_PAGE = '[data-testid="okta-error"]';

export const OktaSignInPage = {
  async isShown(page: Page, idpOrigin: string): Promise<boolean> {
    return new URL(page.url()).origin === idpOrigin && (await page.locator(SIGN_IN_USERNAME).count()) > 0;
  },

  async signIn(page: Page, actor: Actor): Promise<void> {
    await page.fill(SIGN_IN_USERNAME, actor.email);
    await page.fill(SIGN_IN_PASSWORD, actor.password);
    await page.click(SIGN_IN_SUBMIT);
    await page.waitForLoadState('load');
  },
};

export const OktaErrorPage = {
  /** The error code Okta's error page shows, or undefined when the browser is not on it. */
  async readCode(page: Page, idpOrigin: string): Promise<string | undefined> {
    if (new URL(page.url()).origin !== idpOrigin) return undefined;
    const error = page.locator(ERROR_PAGE);
    if ((await error.count()) === 0) return undefined;
    return (await error.getAttribute('data-error-code')) ?? undefined;
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

  async launch(page: Page, label: string): Promise<void> {
    await page.click(tile(label));
    await page.waitForLoadState('load');
  },
};
