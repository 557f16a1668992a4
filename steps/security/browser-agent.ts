/**
 * The catalogue's agent in a real browser, through the SP driver: the same way the flow features sign
 * in. Each person has one browser context for the whole catalogue; before every attempt everything
 * the SP's origin stored in it is wiped (cookies, storage, cache: Chromium's Storage.clearDataForOrigin)
 * and only the person's Okta session cookie is put back, so no SP session can carry over from an
 * earlier case and Okta does not ask for the password every time. A fresh context per case would
 * isolate the same, at twice the cost (measured: ~0.6 s against ~0.26 s per case).
 *
 * Requests to anything but loopback are aborted before they leave the machine and recorded as
 * off-site: an SP that redirects to https://evil.test fails its case without a DNS lookup.
 */
import type { Browser, BrowserContext, Cookie, Page } from 'playwright-core';
import {
  driverMethod,
  type OidcIdpSettings,
  type OidcSsoOptions,
  type SamlIdpSettings,
  type SamlSsoOptions,
  type SignInEntryPoint,
  type SpDriver,
  type SpOidcValues,
  type SpOrganization,
  type SpSamlValues,
} from '../drivers/sp-driver.ts';
import type { Actor } from '../support/actors.ts';
import { OktaDashboard, OktaSignInPage } from '../tasks/okta-pages.ts';
import { configureOidcPart, type AttemptInput, type AttemptResult, type ConfigurationResult, type SignInAgent } from './agent.ts';
import type { FixturePart, OidcPart, SpSetupPort } from './fixture.ts';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

interface CaughtAnswer {
  method: 'GET' | 'POST';
  url: string;
  body: string;
}

/** Where the IdP's answer reaches the SP: the SAML ACS, or the OIDC sign-in redirect URI. */
function callbackOf(part: FixturePart): string {
  const url = part.protocol === 'saml' ? part.values.acsUrl : part.values?.redirectUri;
  if (!url) throw new Error(`the ${part.name} part has no callback URL yet`);
  return url;
}

/**
 * Stops the first request to `callbackUrl` in this page's browser and hands it over (login CSRF). The
 * OIDC code comes back in a redirect, and Playwright's routes never see the request a redirect makes,
 * so this listens at Chromium's own Fetch domain (CDP), which pauses redirected requests too: the
 * caller gives it a context with no Playwright routes, so nothing else intercepts there.
 */
async function catchAnswer(page: Page, callbackUrl: string): Promise<{ answer: Promise<CaughtAnswer>; stop(): Promise<void> }> {
  const cdp = await page.context().newCDPSession(page);
  let give: (answer: CaughtAnswer) => void = () => {};
  const answer = new Promise<CaughtAnswer>((resolve, reject) => {
    give = resolve;
    setTimeout(() => reject(new Error(`no answer reached ${callbackUrl} within ${CATCH_TIMEOUT_MS} ms`)), CATCH_TIMEOUT_MS).unref();
  });
  cdp.on('Fetch.requestPaused', (event: { requestId: string; request: { url: string; method: string; postData?: string } }) => {
    give({ method: event.request.method === 'POST' ? 'POST' : 'GET', url: event.request.url, body: event.request.postData ?? '' });
    void cdp.send('Fetch.failRequest', { requestId: event.requestId, errorReason: 'Aborted' }).catch(() => {});
  });
  await cdp.send('Fetch.enable', { patterns: [{ urlPattern: `${callbackUrl}*`, requestStage: 'Request' }] });
  return {
    answer,
    stop: async () => {
      await cdp.send('Fetch.disable').catch(() => {});
      await cdp.detach().catch(() => {});
    },
  };
}

const CATCH_TIMEOUT_MS = 10_000;

const escapeAttribute = (value: string): string => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The entry point a driver offers for SP-initiated sign-in, in order of preference. */
function entryFor(driver: SpDriver, portalKey: string): SignInEntryPoint {
  if (driver.capabilities.has('direct-url')) return { kind: 'direct-url', portalKey };
  if (driver.capabilities.has('portal-key')) return { kind: 'portal-key', portalKey };
  return { kind: 'login-with-okta', portalKey };
}

/** The SP's setup in the admins' own browser contexts, one per SP organization (the driver's contract). */
export class BrowserSpSetup implements SpSetupPort {
  private readonly adminPages = new Map<SpOrganization, Page>();
  private readonly contexts: BrowserContext[] = [];

  constructor(
    private readonly browser: Browser,
    private readonly driver: SpDriver,
  ) {}

  get capabilities() {
    return this.driver.capabilities;
  }

  async createOrganization(input: { name: string; adminEmail: string; adminPassword: string }): Promise<SpOrganization> {
    const context = await this.browser.newContext();
    this.contexts.push(context);
    const page = await context.newPage();
    const org = await this.driver.createOrganization(page, input);
    this.adminPages.set(org, page);
    return org;
  }

  private page(org: SpOrganization): Page {
    const page = this.adminPages.get(org);
    if (!page) throw new Error(`no admin browser for the SP organization ${org.name}`);
    return page;
  }

  configureSaml(org: SpOrganization, idp: SamlIdpSettings, options: SamlSsoOptions): Promise<SpSamlValues> {
    return driverMethod(this.driver, 'configureSaml')(this.page(org), org, idp, options);
  }

  configureOidc(org: SpOrganization, idp: OidcIdpSettings, options: OidcSsoOptions): Promise<SpOidcValues> {
    return driverMethod(this.driver, 'configureOidc')(this.page(org), org, idp, options);
  }

  async inviteUser(org: SpOrganization, email: string): Promise<void> {
    await driverMethod(this.driver, 'inviteUser')(this.page(org), org, email);
  }

  async close(): Promise<void> {
    await Promise.all(this.contexts.map((context) => context.close()));
  }
}

export class BrowserAgent implements SignInAgent {
  private readonly oktaCookies = new Map<string, Cookie[]>();

  constructor(
    private readonly browser: Browser,
    private readonly driver: SpDriver,
    private readonly setup: BrowserSpSetup,
    private readonly idpUrl: string,
    private readonly spOrigin: string,
  ) {}

  private get idpOrigin(): string {
    return new URL(this.idpUrl).origin;
  }

  /** One browser context per person, reused: before each attempt the SP's origin is wiped clean. */
  private readonly contexts = new Map<string, { context: BrowserContext; page: Page; offSite: string[] }>();

  private async freshBrowser(person: Actor, spOrigin: string): Promise<{ page: Page; offSite: string[]; context: BrowserContext }> {
    let entry = this.contexts.get(person.email);
    if (!entry) {
      const context = await this.browser.newContext();
      const offSite: string[] = [];
      await context.route((url) => !LOOPBACK.test(url.hostname) && url.protocol !== 'data:' && url.protocol !== 'about:', async (route) => {
        if (route.request().isNavigationRequest()) offSite.push(route.request().url());
        await route.abort('blockedbyclient');
      });
      entry = { context, page: await context.newPage(), offSite };
      this.contexts.set(person.email, entry);
    }
    entry.offSite.length = 0;
    await entry.page.goto('about:blank');
    const cdp = await entry.context.newCDPSession(entry.page);
    await cdp.send('Storage.clearDataForOrigin', { origin: spOrigin, storageTypes: 'all' });
    await cdp.detach();
    await entry.context.clearCookies();
    await entry.context.addCookies(this.oktaCookies.get(person.email) ?? []);
    return entry;
  }

  async attempt({ flow, person, part, deliverIn }: AttemptInput): Promise<AttemptResult> {
    // Login CSRF: the person signs in in a context of their own with no routes (see catchAnswer), and the
    // answer meant for the SP is caught there, to be delivered in the other person's browser.
    const own = deliverIn ? await this.catchingBrowser(person) : await this.freshBrowser(person, this.spOrigin);
    const caught = deliverIn ? await catchAnswer(own.page, callbackOf(part)) : undefined;
    try {
      if (flow === 'sp-initiated' || flow === 'code') {
        await this.driver.startSignIn(own.page, entryFor(this.driver, part.portalKey));
        await this.passOktaSignIn(own.page, person, own.context);
      } else {
        await OktaDashboard.open(own.page, this.idpUrl, person);
        await this.rememberOktaSession(person, own.context);
        await OktaDashboard.launch(own.page, part.appLabel);
      }
      const { page, offSite } = deliverIn ? await this.deliver(await caught!.answer, deliverIn) : own;
      const outcome = await this.driver.readOutcome(page);
      const finalUrl = page.url();
      const probe = await this.driver.probeSession(page);
      return { outcome, probe, offSite: [...offSite], finalUrl };
    } finally {
      await caught?.stop();
      if (deliverIn) await own.context.close();
    }
  }

  /** A throwaway context for the person whose answer is caught: only their Okta session, no routes. */
  private async catchingBrowser(person: Actor): Promise<{ context: BrowserContext; page: Page; offSite: string[] }> {
    const context = await this.browser.newContext();
    await context.addCookies(this.oktaCookies.get(person.email) ?? []);
    return { context, page: await context.newPage(), offSite: [] };
  }

  /** Delivers a caught answer in another person's browser, as an attacker's link or auto-posting page would. */
  private async deliver(answer: CaughtAnswer, person: Actor): Promise<{ page: Page; offSite: string[] }> {
    const target = await this.freshBrowser(person, this.spOrigin);
    if (answer.method === 'GET') {
      await target.page.goto(answer.url);
    } else {
      const fields = [...new URLSearchParams(answer.body)]
        .map(([name, value]) => `<input type="hidden" name="${escapeAttribute(name)}" value="${escapeAttribute(value)}">`)
        .join('');
      await target.page.setContent(`<form method="post" action="${escapeAttribute(answer.url)}">${fields}</form>`);
      await Promise.all([target.page.waitForNavigation(), target.page.locator('form').evaluate((form: HTMLFormElement) => form.submit())]);
    }
    return target;
  }


  private async passOktaSignIn(page: Page, person: Actor, context: BrowserContext): Promise<void> {
    if (await OktaSignInPage.isShown(page, this.idpOrigin)) {
      await OktaSignInPage.signIn(page, person);
      await this.rememberOktaSession(person, context);
    }
  }

  private async rememberOktaSession(person: Actor, context: BrowserContext): Promise<void> {
    if (!this.oktaCookies.has(person.email)) this.oktaCookies.set(person.email, await context.cookies(this.idpUrl));
  }

  configure(part: OidcPart): Promise<ConfigurationResult> {
    return configureOidcPart(this.setup, part);
  }
}
