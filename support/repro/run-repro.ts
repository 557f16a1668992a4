/**
 * `repro`: a customer's Okta app rebuilt in the mock IdP and signed in to against an SP, read as a
 * list of steps (each failure a coded ReproError, exit status 2):
 *
 *   read the app            okta-app.ts       Okta's app JSON → the tenant's app          REPRO_APP_INVALID / _UNSUPPORTED
 *   read the person         user-profile.ts   Okta's user JSON (or profile) → a user      REPRO_USER_INVALID
 *   build the tenant        build-tenant.ts   what the mock refuses is taken out, named
 *   start the mock IdP      createMockIdp     on a free loopback port
 *   start or reach the SP   the SP driver     the reference SP in process by default     REPRO_SP_UNAVAILABLE
 *   set the SP up           sp-setup.ts       an SSO organization with the app's values  REPRO_SP_REFUSED_SETUP
 *   point the app at the SP                   the customer's ACS/audience (or redirect URI) → the SP's own, unless kept
 *   compare                 compare.ts        what the mock reproduced, setting by setting
 *   sign in                 sign-in.ts        Chromium, through the SP's driver          REPRO_BROWSER_UNAVAILABLE
 *   explain                 explain.ts        the mock's inspector → the doctor
 */
import { randomBytes } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { createMockIdp, type MockIdp, type TenantDocument } from '../../mock-idp/index.ts';
import { createReferenceSp, type ReferenceSp } from '../../sp-under-test/index.ts';
import { loadSpDriver } from '../../steps/drivers/load-driver.ts';
import { createReferenceSpDriver } from '../../steps/drivers/reference-sp.ts';
import type { SpDriver } from '../../steps/drivers/sp-driver.ts';
import { findBrowser, launchBrowser } from '../../steps/support/browser.ts';
import { DEFAULT_TIMEOUTS } from '../../steps/support/config.ts';
import type { DoctorReport } from '../doctor/index.ts';
import { buildTenant } from './build-tenant.ts';
import { compareApp, type Comparison } from './compare.ts';
import { ReproError } from './errors.ts';
import { explain } from './explain.ts';
import { readCustomerApp, type CustomerApp } from './okta-app.ts';
import { setUpSp, type SpOrganizationSetUp } from './sp-setup.ts';
import { signIn, type ReproEntry, type SignInResult } from './sign-in.ts';
import { readCustomerUser, type CustomerUser } from './user-profile.ts';

export interface ReproInput {
  app: unknown;
  appSource: string;
  user: unknown;
  userSource: string;
  /** Another SP, through its driver (`reference` or a module path); the reference SP in process when absent. */
  sp?: { url: string; driver: string; settings: Record<string, string> };
  entry?: ReproEntry;
  /** Keep the app's SP URLs as the customer has them, instead of the SP's own. */
  keepUrls: boolean;
  /** A browser to use (tests share one); otherwise one is launched (`browserPath`, or the harness's choice). */
  browser?: Browser;
  browserPath?: string;
  /** Progress, one line per step. */
  progress?: (line: string) => void;
}

/** A setting pointed at the local SP: what the customer's app had, what the mock's has now. */
export interface PointedUrl {
  setting: string;
  customer: string;
  local: string;
}

export interface ReproResult {
  app: CustomerApp;
  user: CustomerUser;
  idpUrl: string;
  spUrl: string;
  spName: string;
  spSetup: SpOrganizationSetUp;
  pointed: PointedUrl[];
  /** Why the customer's URLs were kept as they are, when they were. */
  keptUrls: string | undefined;
  dropped: { path: string; reason: string }[];
  comparison: Comparison;
  entry: ReproEntry;
  signIn: SignInResult;
  doctor: DoctorReport;
  trace: string;
  /** The mock's org as a tenant document, the app as the sign-in met it: `--out` writes it. */
  tenant: TenantDocument;
  /** 0: the SP signed the person in (or asked them to join); 1: it did not. */
  exitStatus: 0 | 1;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const sameOrigin = (a: string | undefined, b: string): boolean => {
  try {
    return a !== undefined && new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
};

interface Running {
  idp?: MockIdp;
  sp?: ReferenceSp;
  browser?: Browser;
}

async function reachSp(input: ReproInput, running: Running): Promise<{ driver: SpDriver; url: string; name: string }> {
  try {
    if (!input.sp) {
      running.sp = await createReferenceSp();
      return { driver: createReferenceSpDriver({ spUrl: running.sp.url, settings: { operatorToken: running.sp.operatorToken } }), url: running.sp.url, name: 'the reference SP (in process)' };
    }
    return { driver: await loadSpDriver(input.sp.driver, { spUrl: input.sp.url, settings: input.sp.settings, timeouts: { ...DEFAULT_TIMEOUTS } }), url: input.sp.url, name: `${input.sp.url} (driver ${input.sp.driver})` };
  } catch (error) {
    throw new ReproError('REPRO_SP_UNAVAILABLE', error instanceof Error ? error.message : String(error));
  }
}

async function browserFor(input: ReproInput, running: Running): Promise<Browser> {
  if (input.browser) return input.browser;
  try {
    running.browser = await launchBrowser(findBrowser(input.browserPath ?? process.env['SSO_CONFORMANCE_BROWSER']));
    return running.browser;
  } catch (error) {
    throw new ReproError('REPRO_BROWSER_UNAVAILABLE', error instanceof Error ? error.message : String(error));
  }
}

export async function runRepro(input: ReproInput): Promise<ReproResult> {
  const progress = input.progress ?? (() => {});
  const app = readCustomerApp(input.app, input.appSource);
  const user = readCustomerUser(input.user, input.userSource);
  const built = buildTenant(`repro-${randomBytes(3).toString('hex')}`, user.tenantUser, app.tenantApp, user.login);
  const running: Running = {};
  try {
    running.idp = await createMockIdp({ tenant: built.document });
    const { control } = running.idp;
    progress(`mock IdP: ${running.idp.url}, app "${app.label}" for ${user.login}`);
    const appId = (await control.listApps())[0]!.id;
    const sp = await reachSp(input, running);
    const browser = await browserFor(input, running);
    const entry: ReproEntry = input.entry ?? (sp.driver.capabilities.has('direct-url') ? 'direct-url' : sp.driver.capabilities.has('portal-key') ? 'portal-key' : 'login-with-okta');

    const samlSetup = app.protocol === 'saml' ? await control.getSamlSetup(appId) : undefined;
    const oidcSetup = app.protocol === 'oidc' ? await control.getOidcSetup(appId) : undefined;
    const spSetup = await setUpSp({
      driver: sp.driver,
      browser,
      idp: samlSetup ? { protocol: 'saml', settings: { kind: 'metadata', metadataXml: await control.getSamlMetadata(appId) } } : { protocol: 'oidc', settings: { issuer: oidcSetup!.issuer, clientId: oidcSetup!.clientId, clientSecret: oidcSetup!.clientSecret } },
      email: user.email,
      fromDashboard: entry === 'dashboard',
    });
    progress(`SP organization "${spSetup.name}" (portal key ${spSetup.portalKey}) at ${sp.name}`);

    const customerFirst = app.protocol === 'saml' ? app.urls.acs : app.urls.redirectUris?.[0];
    const keptUrls = input.keepUrls ? '--keep-urls' : sameOrigin(customerFirst, sp.url) ? `they are on the SP's own origin (${new URL(sp.url).origin})` : undefined;
    const pointed: PointedUrl[] = [];
    // The app as the mock took it (what it refused taken out), its URLs pointed below.
    const finalApp = JSON.parse(JSON.stringify(built.document.apps?.[0] ?? {})) as Record<string, unknown>;
    if (!keptUrls) {
      if (spSetup.sp.protocol === 'saml') {
        const { acsUrl, entityId } = spSetup.sp.values;
        const signOn: Record<string, string> = {};
        // A URL the customer set apart from the ACS (a different Recipient) stays different: that may be the fault.
        const map = (setting: string, field: string, customer: string | undefined, local: string) => {
          if (customer !== undefined && customer !== app.urls.acs && field !== 'ssoAcsUrl' && field !== 'audience') return;
          signOn[field] = local;
          pointed.push({ setting, customer: customer ?? '(not set)', local });
        };
        map('Single sign-on URL', 'ssoAcsUrl', app.urls.acs, acsUrl);
        map('Recipient URL', 'recipient', app.urls.recipient, acsUrl);
        map('Destination URL', 'destination', app.urls.destination, acsUrl);
        map('Audience URI (SP Entity ID)', 'audience', app.urls.audience, entityId);
        await control.updateSamlApp(appId, { signOn });
        Object.assign((finalApp['settings'] as { signOn: Record<string, unknown> }).signOn, signOn);
      } else if (spSetup.sp.protocol === 'oidc') {
        const { redirectUri, initiateLoginUri } = spSetup.sp.values;
        const redirectUris = [redirectUri, ...(app.urls.redirectUris ?? []).slice(1)];
        pointed.push({ setting: 'Sign-in redirect URIs', customer: (app.urls.redirectUris ?? []).join(', ') || '(none)', local: redirectUris.join(', ') });
        const changes: Record<string, unknown> = { redirect_uris: redirectUris };
        if (app.urls.initiateLoginUri && initiateLoginUri) {
          changes['initiate_login_uri'] = initiateLoginUri;
          pointed.push({ setting: 'Initiate login URI', customer: app.urls.initiateLoginUri, local: initiateLoginUri });
        }
        await control.updateOidcApp(appId, { oauthClient: changes });
        Object.assign((finalApp['settings'] as { oauthClient: Record<string, unknown> }).oauthClient, changes);
      }
    }

    const urlFields = new Set(['settings.signOn.ssoAcsUrl', 'settings.signOn.recipient', 'settings.signOn.destination', 'settings.signOn.audience', 'settings.oauthClient.initiate_login_uri']);
    const skip = (path: string): boolean =>
      (!keptUrls && (urlFields.has(path) || path.startsWith('settings.oauthClient.redirect_uris'))) ||
      /^credentials\.oauthClient\.client_(id|secret)$/.test(path) ||
      built.dropped.some((item) => path === `${item.path}` || path.startsWith(`${item.path}.`) || path.startsWith(`${item.path}[`));
    const comparison = compareApp(isObject(input.app) ? input.app : {}, (await control.getApp(appId)) as unknown as Record<string, unknown>, skip);

    progress(`signing in as ${user.login} (${entry})`);
    const result = await signIn({ browser, driver: sp.driver, entry, portalKey: spSetup.portalKey, idpUrl: running.idp.url, appLabel: app.label, person: user });
    const { messages } = await control.inspector();
    const doctor = await explain({
      messages,
      idpUrl: running.idp.url,
      sp: spSetup.sp,
      idpMetadataUrl: samlSetup ? samlSetup.metadataUrl : new URL('/.well-known/openid-configuration', oidcSetup!.issuer).href,
      ...(oidcSetup ? { clientId: oidcSetup.clientId } : {}),
    });
    const tenant = { ...built.document, apps: [finalApp] } as unknown as TenantDocument;
    return {
      app,
      user,
      idpUrl: running.idp.url,
      spUrl: sp.url,
      spName: sp.name,
      spSetup,
      pointed,
      keptUrls,
      dropped: built.dropped,
      comparison,
      entry,
      signIn: result,
      doctor,
      trace: await control.inspectorTrace(),
      tenant,
      exitStatus: result.outcome.kind === 'signed-in' || result.outcome.kind === 'join-prompt' ? 0 : 1,
    };
  } finally {
    await running.browser?.close();
    await running.sp?.close();
    await running.idp?.close();
  }
}
