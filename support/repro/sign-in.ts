/**
 * The sign-in, in a real browser: started at the SP through its driver (or from the Okta
 * dashboard's tile), Okta's sign-in page filled in, and what the SP did read through the driver.
 * The browser reaches loopback only: a request anywhere else (a customer URL kept as it was) is
 * stopped and named.
 */
import type { Browser } from 'playwright-core';
import type { SignInEntryPoint, SignInOutcome, SpDriver } from '../../steps/drivers/sp-driver.ts';
import { OktaDashboard, OktaErrorPage, OktaSignInPage } from '../../steps/tasks/okta-pages.ts';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

export type ReproEntry = 'direct-url' | 'portal-key' | 'login-with-okta' | 'dashboard';

export interface SignInResult {
  outcome: SignInOutcome;
  /** The code of Okta's error page, when the browser ended there. */
  idpRefusal: string | undefined;
  /** Requests the browser was stopped from making (not loopback). */
  stopped: string[];
}

export interface SignInInput {
  browser: Browser;
  driver: SpDriver;
  entry: ReproEntry;
  portalKey: string;
  idpUrl: string;
  appLabel: string;
  person: { login: string; email: string; password: string; firstName: string; lastName: string };
}

export async function signIn(input: SignInInput): Promise<SignInResult> {
  const context = await input.browser.newContext();
  const stopped: string[] = [];
  await context.route(
    (url) => !LOOPBACK.test(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'about:',
    async (route) => {
      stopped.push(`${route.request().method()} ${route.request().url()}`);
      await route.abort('blockedbyclient');
    },
  );
  try {
    const page = await context.newPage();
    const actor = { name: 'the person', ...input.person };
    const idpOrigin = new URL(input.idpUrl).origin;
    if (input.entry === 'dashboard') {
      await OktaDashboard.open(page, input.idpUrl, actor);
      await OktaDashboard.launch(page, input.appLabel);
    } else {
      const entry: SignInEntryPoint = { kind: input.entry, portalKey: input.portalKey };
      await input.driver.startSignIn(page, entry);
      if (await OktaSignInPage.isShown(page, idpOrigin)) await OktaSignInPage.signIn(page, actor);
    }
    const outcome = await input.driver.readOutcome(page);
    const idpRefusal = outcome.kind === 'elsewhere' ? await OktaErrorPage.readCode(page, idpOrigin) : undefined;
    return { outcome, idpRefusal, stopped };
  } finally {
    await context.close();
  }
}
