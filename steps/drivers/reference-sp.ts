/**
 * Driver for the bundled reference SP (sp-under-test/), through its pages in a real browser,
 * as an admin and a user would use them. Selectors are the `data-testid`s the reference SP renders
 * on purpose (sp-under-test/README.md lists them); nothing here knows the SP's internals.
 */
import type { Page } from 'playwright-core';
import type {
  OidcIdpSettings,
  OidcSsoOptions,
  SamlIdpSettings,
  SamlSsoOptions,
  SignInEntryPoint,
  SignInOutcome,
  SessionProbe,
  SpCapability,
  SpDriver,
  SpOrganization,
  SpOidcValues,
  SpSamlValues,
  SsoOptions,
} from './sp-driver.ts';
import { SpConfigurationRefusedError } from './sp-driver.ts';

const byTestId = (id: string): string => `[data-testid="${id}"]`;
const text = async (page: Page, id: string): Promise<string> => (await page.locator(byTestId(id)).innerText()).trim();

/** How long the SP may take to show a result page after the last redirect. */
const OUTCOME_TIMEOUT_MS = 10_000;


export function createReferenceSpDriver({ spUrl }: { spUrl: string }): SpDriver {
  const url = (path: string): string => new URL(path, spUrl).href;
  const spOrigin = new URL(spUrl).origin;

  const capabilities: ReadonlySet<SpCapability> = new Set<SpCapability>([
    'saml',
    'saml-manual-config',
    'saml-metadata-import',
    'portal-key',
    'direct-url',
    'invitations',
    'saml-idp-initiated',
    'oidc',
    'login-with-okta',
    'oidc-initiate-login',
    'oidc-okta-simplified',
  ]);

  async function createOrganization(
    page: Page,
    input: { name: string; adminEmail: string; adminPassword: string },
  ): Promise<SpOrganization> {
    await page.goto(url('/signup'));
    await page.fill(byTestId('signup-organization'), input.name);
    await page.fill(byTestId('signup-email'), input.adminEmail);
    await page.fill(byTestId('signup-password'), input.adminPassword);
    await page.click(byTestId('signup-submit'));
    await page.locator(byTestId('home-email')).waitFor();
    return { name: input.name, adminEmail: input.adminEmail };
  }

  async function configureSaml(
    page: Page,
    _org: SpOrganization,
    idp: SamlIdpSettings,
    options: SamlSsoOptions,
  ): Promise<SpSamlValues> {
    await openSsoSettings(page, 'saml', options);
    if (idp.kind === 'manual') {
      await page.fill(byTestId('sso-idp-sso-url'), idp.ssoUrl);
      await page.fill(byTestId('sso-idp-issuer'), idp.issuer);
      await page.fill(byTestId('sso-idp-certificate'), idp.certificatePem);
    } else {
      // The upload a person does after "View IdP metadata" → Save As.
      await page.setInputFiles(byTestId('sso-idp-metadata'), {
        name: 'metadata.xml',
        mimeType: 'application/xml',
        buffer: Buffer.from(idp.metadataXml, 'utf8'),
      });
    }
    await page.setChecked(byTestId('sso-allow-idp-initiated'), options.allowIdpInitiated ?? false);
    await saveSsoSettings(page, 'sso-sp-entity-id');
    return {
      entityId: await text(page, 'sso-sp-entity-id'),
      acsUrl: await text(page, 'sso-sp-acs-url'),
      portalUrl: await text(page, 'sso-sp-portal-url'),
    };
  }

  async function configureOidc(
    page: Page,
    _org: SpOrganization,
    idp: OidcIdpSettings,
    options: OidcSsoOptions,
  ): Promise<SpOidcValues> {
    await openSsoSettings(page, 'oidc', options);
    await page.fill(byTestId('sso-oidc-issuer'), idp.issuer);
    await page.fill(byTestId('sso-oidc-client-id'), idp.clientId);
    await page.fill(byTestId('sso-oidc-client-secret'), idp.clientSecret);
    await page.setChecked(byTestId('sso-accept-okta-simplified'), options.acceptOktaSimplified ?? false);
    await saveSsoSettings(page, 'sso-oidc-redirect-uri');
    return {
      redirectUri: await text(page, 'sso-oidc-redirect-uri'),
      initiateLoginUri: await text(page, 'sso-oidc-initiate-login-uri'),
      portalUrl: await text(page, 'sso-sp-portal-url'),
    };
  }

  /** The settings page with the protocol chosen and the fields every connection has filled in. */
  async function openSsoSettings(page: Page, protocol: 'saml' | 'oidc', options: SsoOptions): Promise<void> {
    await page.goto(url('/settings/sso'));
    await page.selectOption(byTestId('sso-protocol'), protocol);
    await page.fill(byTestId('sso-portal-key'), options.portalKey);
    await page.selectOption(byTestId('sso-provisioning'), options.provisioning ?? 'invite-only');
    await page.selectOption(byTestId('sso-enforcement'), options.enforcement ?? 'mixed');
  }

  /** Saves, then waits for the generated values (`shownTestId`) or the SP's refusal. */
  async function saveSsoSettings(page: Page, shownTestId: string): Promise<void> {
    await page.click(byTestId('sso-save'));
    await page.locator(`${byTestId(shownTestId)}, ${byTestId('sso-settings-error')}`).first().waitFor();
    const refusal = page.locator(byTestId('sso-settings-error'));
    if (await refusal.count()) {
      throw new SpConfigurationRefusedError((await refusal.getAttribute('data-error-code')) ?? 'unknown');
    }
  }

  async function inviteUser(page: Page, _org: SpOrganization, email: string): Promise<void> {
    await page.goto(url('/settings/members'));
    await page.fill(byTestId('invite-email'), email);
    await page.click(byTestId('invite-submit'));
    await page.locator(`${byTestId('member-row')}[data-email="${email.toLowerCase()}"]`).waitFor();
  }

  async function startSignIn(page: Page, entry: SignInEntryPoint): Promise<void> {
    switch (entry.kind) {
      case 'portal-key':
        await page.goto(url('/signin'));
        await page.click(byTestId('signin-continue-sso'));
        await page.fill(byTestId('sso-portal-key'), entry.portalKey);
        await page.click(byTestId('sso-portal-submit'));
        break;
      case 'login-with-okta':
        await page.goto(url('/signin'));
        await page.click(byTestId('signin-login-with-okta'));
        await page.fill(byTestId('sso-portal-key'), entry.portalKey);
        await page.click(byTestId('sso-portal-submit'));
        break;
      case 'direct-url':
        await page.goto(url(`/sso?key=${encodeURIComponent(entry.portalKey)}`));
        break;
    }
    await page.waitForLoadState('load');
  }

  async function readOutcome(page: Page): Promise<SignInOutcome> {
    const result = page.locator(`${byTestId('home-email')}, ${byTestId('sso-error')}`).first();
    try {
      await page.waitForURL((current) => current.origin === spOrigin, { timeout: OUTCOME_TIMEOUT_MS });
      await result.waitFor({ timeout: OUTCOME_TIMEOUT_MS });
    } catch {
      return { kind: 'elsewhere', url: page.url() };
    }
    const refusal = page.locator(byTestId('sso-error'));
    if (await refusal.count()) {
      return { kind: 'refused', code: (await refusal.getAttribute('data-error-code')) ?? 'unknown' };
    }
    return {
      kind: 'signed-in',
      email: await text(page, 'home-email'),
      organization: await text(page, 'home-organization'),
      role: await text(page, 'home-role'),
      method: await text(page, 'home-auth-method'),
    };
  }

  /** /home is the reference SP's protected page: without a session it redirects to /signin. */
  async function probeSession(page: Page): Promise<SessionProbe> {
    await page.goto(url('/home'));
    await page.waitForLoadState('load');
    const current = new URL(page.url());
    if (current.origin !== spOrigin || (await page.locator(byTestId('home-email')).count()) === 0) return { signedIn: false };
    return {
      signedIn: true,
      email: await text(page, 'home-email'),
      organization: await text(page, 'home-organization'),
      role: await text(page, 'home-role'),
      method: await text(page, 'home-auth-method'),
    };
  }

  return {
    name: 'reference SP',
    capabilities,
    createOrganization,
    configureSaml,
    configureOidc,
    inviteUser,
    startSignIn,
    readOutcome,
    probeSession,
  };
}
