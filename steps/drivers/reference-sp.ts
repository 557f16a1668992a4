/**
 * Driver for the bundled reference SP (sp-under-test/), through its pages in a real browser,
 * as an admin and a user would use them. Selectors are the `data-testid`s the reference SP renders
 * on purpose (sp-under-test/README.md lists them); nothing here knows the SP's internals.
 */
import type { Page } from 'playwright-core';
import type {
  MemberStatus,
  OidcIdpSettings,
  OidcSsoOptions,
  Role,
  SamlIdpSettings,
  SamlSsoOptions,
  SettingsOutcome,
  SignInEntryPoint,
  SignInOutcome,
  SessionProbe,
  SpCapability,
  SpDriverFactory,
  SpDriverTimeouts,
  SpDriver,
  SpInvitation,
  SpMember,
  SpOrganization,
  SpOidcValues,
  SpSamlValues,
  SpSsoOrganization,
  SsoOptions,
  SsoOrganizationInput,
  SsoPolicyChanges,
} from './sp-driver.ts';
import { SpConfigurationRefusedError } from './sp-driver.ts';

const DEFAULT_TIMEOUTS: SpDriverTimeouts = { stepMs: 30_000, outcomeMs: 10_000 };

const byTestId = (id: string): string => `[data-testid="${id}"]`;
const text = async (page: Page, id: string): Promise<string> => (await page.locator(byTestId(id)).innerText()).trim();


/** An organization the vendor set up through the operator API: the driver keeps its API token. */
interface OperatorOrganization extends SpOrganization {
  id: string;
  apiToken: string;
}

const isOperatorOrganization = (org: SpOrganization): org is OperatorOrganization => 'apiToken' in org && typeof org.apiToken === 'string';

export class SpDriverSettingError extends Error {
  readonly code = 'HARNESS_SP_SETTING_MISSING';
}


/**
 * Settings: `operatorToken`, the reference SP's operator API token (the embedded run passes the one
 * it started the SP with; `--sp-setting operatorToken=…` for an SP started elsewhere). Without it the
 * driver does not offer `jit-first-owner`.
 */
export function createReferenceSpDriver({ spUrl, settings = {}, timeouts = DEFAULT_TIMEOUTS }: { spUrl: string; settings?: Readonly<Record<string, string>>; timeouts?: SpDriverTimeouts }): SpDriver {
  /** How long the SP may take to show a result page after the last redirect (`--outcome-timeout`). */
  const OUTCOME_TIMEOUT_MS = timeouts.outcomeMs;
  const url = (path: string): string => new URL(path, spUrl).href;
  const spOrigin = new URL(spUrl).origin;
  const operatorToken = settings['operatorToken'];

  const capabilities: ReadonlySet<SpCapability> = new Set<SpCapability>([
    ...(operatorToken ? (['jit-first-owner'] as const) : []),
    'jit',
    'join-prompt',
    'enforced-sso',
    'password-sign-in',
    'sign-out-on-enforce',
    'domain-discovery',
    'invitation-acceptance',
    'invitation-link',
    'oidc-subject-link',
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
    await page.fill(byTestId('sso-domains'), (options.domains ?? []).join(', '));
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

  /** The operator API: the vendor's staff, not a browser. */
  async function createSsoOrganization(input: SsoOrganizationInput): Promise<SpSsoOrganization> {
    if (!operatorToken) throw new SpDriverSettingError('the reference SP driver needs the setting operatorToken (--sp-setting operatorToken=…) to create SSO organizations');
    const common = {
      portalKey: input.options.portalKey,
      provisioning: input.options.provisioning ?? 'jit',
      enforcement: input.options.enforcement ?? 'mixed',
      domains: input.options.domains ?? [],
    };
    const sso =
      input.protocol === 'saml'
        ? {
            protocol: 'saml',
            ...common,
            allowIdpInitiated: input.options.allowIdpInitiated ?? false,
            ...(input.idp.kind === 'manual'
              ? { idpSsoUrl: input.idp.ssoUrl, idpIssuer: input.idp.issuer, idpCertificate: input.idp.certificatePem }
              : { idpMetadataXml: input.idp.metadataXml }),
          }
        : {
            protocol: 'oidc',
            ...common,
            oidcIssuer: input.idp.issuer,
            oidcClientId: input.idp.clientId,
            oidcClientSecret: input.idp.clientSecret,
            acceptOktaSimplified: input.options.acceptOktaSimplified ?? false,
          };
    const response = await fetch(url('/api/operator/organizations'), {
      method: 'POST',
      headers: { authorization: `Bearer ${operatorToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: input.name, sso }),
    });
    const body = (await response.json()) as { id: string; apiToken: string; sso: Record<string, string>; error?: { code: string } };
    if (response.status !== 201) throw new SpConfigurationRefusedError(body.error?.code ?? `HTTP ${response.status}`);
    const organization: OperatorOrganization = { name: input.name, adminEmail: null, id: body.id, apiToken: body.apiToken };
    return input.protocol === 'saml'
      ? { protocol: 'saml', organization, values: { entityId: body.sso['spEntityId']!, acsUrl: body.sso['spAcsUrl']!, portalUrl: body.sso['spPortalUrl'] } }
      : {
          protocol: 'oidc',
          organization,
          values: { redirectUri: body.sso['oidcRedirectUri']!, initiateLoginUri: body.sso['oidcInitiateLoginUri'], portalUrl: body.sso['spPortalUrl'] },
        };
  }

  /** The settings page keeps the saved connection; only the policy fields change. */
  async function updateSsoPolicy(page: Page, _org: SpOrganization, changes: SsoPolicyChanges): Promise<SettingsOutcome> {
    await page.goto(url('/settings/sso'));
    if (changes.provisioning) await page.selectOption(byTestId('sso-provisioning'), changes.provisioning);
    if (changes.enforcement) await page.selectOption(byTestId('sso-enforcement'), changes.enforcement);
    if (changes.domains) await page.fill(byTestId('sso-domains'), changes.domains.join(', '));
    await page.click(byTestId('sso-save'));
    await page.locator(`${byTestId('sso-settings-saved')}, ${byTestId('sso-settings-error')}`).first().waitFor();
    const refusal = page.locator(byTestId('sso-settings-error'));
    if (await refusal.count()) return { kind: 'refused', code: (await refusal.getAttribute('data-error-code')) ?? 'unknown' };
    return { kind: 'saved' };
  }

  async function inviteUser(page: Page, _org: SpOrganization, email: string): Promise<SpInvitation> {
    await page.goto(url('/settings/members'));
    await page.fill(byTestId('invite-email'), email);
    await page.click(byTestId('invite-submit'));
    const row = page.locator(`${byTestId('member-row')}[data-email="${email.toLowerCase()}"]`);
    await row.waitFor();
    const link = row.locator(byTestId('member-invitation-link'));
    return { email, link: (await link.count()) ? ((await link.getAttribute('href')) ?? undefined) : undefined };
  }

  /** The members page as the admin sees it; for an organization the vendor made, its API token. */
  async function listMembers(page: Page, org: SpOrganization): Promise<SpMember[]> {
    if (isOperatorOrganization(org)) {
      const response = await fetch(url(`/api/orgs/${org.id}/members`), { headers: { authorization: `Bearer ${org.apiToken}` } });
      const body = (await response.json()) as { members: SpMember[] };
      return body.members.map(({ email, role, status }) => ({ email, role, status }));
    }
    await page.goto(url('/settings/members'));
    await page.locator(byTestId('invite-email')).waitFor();
    const rows = await page.locator(byTestId('member-row')).all();
    const members: SpMember[] = [];
    for (const row of rows) {
      members.push({
        email: (await row.getAttribute('data-email')) ?? '',
        role: ((await row.getAttribute('data-role')) ?? '') as Role,
        status: ((await row.getAttribute('data-status')) ?? '') as MemberStatus,
      });
    }
    return members;
  }

  async function signInWithPassword(page: Page, email: string, password: string): Promise<void> {
    await page.goto(url('/signin'));
    await page.fill(byTestId('signin-email'), email);
    await page.fill(byTestId('signin-password'), password);
    await page.click(byTestId('signin-submit'));
    await page.waitForLoadState('load');
  }

  async function acceptInvitationWithPassword(page: Page, invitation: SpInvitation, password: string): Promise<void> {
    if (!invitation.link) throw new Error(`the invitation of ${invitation.email} has no link`);
    await page.goto(invitation.link);
    await page.fill(byTestId('invitation-password'), password);
    await page.click(byTestId('invitation-password-submit'));
    await page.waitForLoadState('load');
  }

  async function answerJoinPrompt(page: Page, answer: 'accept' | 'decline'): Promise<void> {
    await page.click(byTestId(answer === 'accept' ? 'join-accept' : 'join-decline'));
    await page.waitForLoadState('load');
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
      case 'email':
        await page.goto(url('/signin'));
        await page.fill(byTestId('signin-sso-email'), entry.email);
        await page.click(byTestId('signin-sso-submit'));
        break;
      case 'invitation':
        if (!entry.invitation.link) throw new Error(`the invitation of ${entry.invitation.email} has no link`);
        await page.goto(entry.invitation.link);
        await page.click(byTestId('invitation-sso'));
        break;
    }
    await page.waitForLoadState('load');
  }

  /** Where each refusal shows: the SSO refusal page, the sign-in form, the invitation page. */
  const REFUSALS = ['sso-error', 'signin-error', 'invitation-error'];

  async function readOutcome(page: Page): Promise<SignInOutcome> {
    const result = page.locator(['home-email', 'join-prompt', ...REFUSALS].map(byTestId).join(', ')).first();
    try {
      await page.waitForURL((current) => current.origin === spOrigin, { timeout: OUTCOME_TIMEOUT_MS });
      await result.waitFor({ timeout: OUTCOME_TIMEOUT_MS });
    } catch {
      return { kind: 'elsewhere', url: page.url() };
    }
    for (const testId of REFUSALS) {
      const refusal = page.locator(byTestId(testId));
      if (await refusal.count()) return { kind: 'refused', code: (await refusal.getAttribute('data-error-code')) ?? 'unknown' };
    }
    if (await page.locator(byTestId('join-prompt')).count()) {
      return { kind: 'join-prompt', organization: await text(page, 'join-organization'), email: await text(page, 'join-email') };
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
    createSsoOrganization,
    configureSaml,
    configureOidc,
    updateSsoPolicy,
    inviteUser,
    listMembers,
    startSignIn,
    signInWithPassword,
    acceptInvitationWithPassword,
    answerJoinPrompt,
    readOutcome,
    probeSession,
  };
}

/** The same driver under the name an external driver module exports: `--sp-driver steps/drivers/reference-sp.ts`. */
export const createSpDriver: SpDriverFactory = createReferenceSpDriver;
