/**
 * An SP driver for sso-conformance, in TypeScript. Written by `sso-conformance init-driver --kind ts`.
 * Use it when a declarative driver (init-driver without --kind) cannot say what your SP needs.
 *
 *   npx sso-conformance run --sp-url http://127.0.0.1:8080 --sp-driver ./sso-driver.ts
 *
 * The file is loaded as an ES module wherever it is (tsx compiles it; nothing to build). Type-only
 * imports from 'sso-conformance' need nothing at run time; value imports need the package installed
 * where this file is. The outcome contract (README "Gating your own SP", and the comments of
 * SpDriver) is what the features read: map your SP's pages and words onto it.
 *
 * Every method gets a Playwright page that belongs to one person (the admin's console, Alice's
 * browser), so sessions never mix. Methods a capability needs are optional: list a capability only
 * once its methods work; the scenarios that need the others are skipped, with the reason shown.
 */
import type { Page, SamlIdpSettings, SamlSsoOptions, SessionProbe, SignInEntryPoint, SignInOutcome, SpCapability, SpDriver, SpDriverFactory, SpOrganization, SpSamlValues } from 'sso-conformance';

export const createSpDriver: SpDriverFactory = ({ spUrl, settings, timeouts }) => {
  const url = (path: string): string => new URL(path, spUrl).href;
  const spOrigin = new URL(spUrl).origin;
  // --sp-setting apiKey=… (if your SP's admin API needs one).
  const apiKey = settings['apiKey'] ?? '';

  const capabilities = new Set<SpCapability>(['saml', 'saml-manual-config', 'direct-url']);

  /** Your SP's refusal codes → the suite's (REFUSAL_CODES). */
  const REFUSALS: Record<string, string> = { user_not_found: 'SSO_USER_NOT_INVITED', unknown_organization: 'SSO_UNKNOWN_PORTAL_KEY' };
  /** Your SP's role names → owner | admin | member. */
  const ROLES: Record<string, string> = { Owner: 'owner', Administrator: 'admin', Member: 'member' };

  const driver: SpDriver = {
    name: 'My SP',
    capabilities,

    async createOrganization(page: Page, input): Promise<SpOrganization> {
      await page.goto(url('/signup'));
      await page.fill('input[name=organization]', input.name);
      await page.fill('input[name=email]', input.adminEmail);
      await page.fill('input[name=password]', input.adminPassword);
      await page.click('button[type=submit]');
      await page.locator('#signed-in').waitFor();
      return { name: input.name, adminEmail: input.adminEmail };
    },

    async configureSaml(page: Page, _org: SpOrganization, idp: SamlIdpSettings, options: SamlSsoOptions): Promise<SpSamlValues> {
      if (idp.kind !== 'manual') throw new Error('this driver configures SAML from the Sign on URL, Issuer and Certificate only');
      // The admin's API call, with the admin's cookies (page.request shares the browser's session).
      const response = await page.request.put(url('/api/settings/sso'), {
        headers: apiKey ? { authorization: `Bearer ${apiKey}` } : {},
        data: { protocol: 'saml', loginKey: options.portalKey, ssoUrl: idp.ssoUrl, issuer: idp.issuer, certificate: idp.certificatePem, justInTime: options.provisioning === 'jit' },
      });
      const body = (await response.json()) as { entityId: string; acsUrl: string; loginUrl?: string; error?: string };
      if (!response.ok()) throw new Error(`the SP refused the SSO settings: ${response.status()} ${body.error ?? ''}`);
      return { entityId: body.entityId, acsUrl: body.acsUrl, portalUrl: body.loginUrl };
    },

    async startSignIn(page: Page, entry: SignInEntryPoint): Promise<void> {
      if (entry.kind !== 'direct-url') throw new Error(`this driver has no entry point ${entry.kind}`);
      await page.goto(url(`/sso/${encodeURIComponent(entry.portalKey)}`));
      await page.waitForLoadState('load');
    },

    async readOutcome(page: Page): Promise<SignInOutcome> {
      try {
        await page.waitForURL((current) => current.origin === spOrigin, { timeout: timeouts.outcomeMs });
        await page.locator('#signed-in, [data-error-code]').first().waitFor({ timeout: timeouts.outcomeMs });
      } catch {
        return { kind: 'elsewhere', url: page.url() };
      }
      const refusal = page.locator('[data-error-code]');
      if (await refusal.count()) {
        const code = (await refusal.first().getAttribute('data-error-code')) ?? 'unknown';
        return { kind: 'refused', code: REFUSALS[code] ?? code };
      }
      const text = async (selector: string): Promise<string> => (await page.locator(selector).innerText()).trim();
      const role = await text('#signed-in .role');
      return { kind: 'signed-in', email: await text('#signed-in .email'), organization: await text('#signed-in .organization'), role: ROLES[role] ?? role, method: (await text('#signed-in .method')).toLowerCase() };
    },

    async probeSession(page: Page): Promise<SessionProbe> {
      const response = await page.request.get(url('/api/me'));
      if (response.status() !== 200) return { signedIn: false };
      const me = (await response.json()) as { email: string; organization: string; role: string; method: string };
      return { signedIn: true, email: me.email, organization: me.organization, role: ROLES[me.role] ?? me.role, method: me.method.toLowerCase() };
    },
  };
  return driver;
};
