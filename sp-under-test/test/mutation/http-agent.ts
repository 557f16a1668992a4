/**
 * The security catalogue's agent for the reference SP over plain HTTP: what the browser agent does in
 * Chromium, done with a cookie jar and the reference SP's own pages and JSON API, so the mutation-score
 * test can run the whole catalogue against many SP variants in seconds. It follows redirects, signs in
 * at Okta when asked, posts the IdP's auto-submitting forms (SAMLResponse, Okta Simplified id_token),
 * never fetches anything off loopback (it records it as off-site), and reads the outcome from the
 * SP's data-testids, like the reference driver.
 */
import { TestBrowser, fromUriOf, isSignInPage, readAutoPostForm, readIdTokenForm, tilesOf } from '../../../mock-idp/test/support/browser.ts';
import {
  SpConfigurationRefusedError,
  type OidcIdpSettings,
  type OidcSsoOptions,
  type SamlIdpSettings,
  type SamlSsoOptions,
  type SessionProbe,
  type SignInOutcome,
  type SpCapability,
  type SpOidcValues,
  type SpOrganization,
  type SpSamlValues,
} from '../../../steps/drivers/sp-driver.ts';
import type { Actor } from '../../../steps/support/actors.ts';
import { configureOidcPart, type AttemptInput, type AttemptResult, type ConfigurationResult, type SignInAgent } from '../../../steps/security/agent.ts';
import type { OidcPart, SpSetupPort } from '../../../steps/security/fixture.ts';
import { testIdAttr, testIdText } from '../helpers/http.ts';

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|localhost|\[::1\])$/;

interface Page {
  url: string;
  status: number;
  html: string;
}

/** An answer stopped on its way to the SP (login CSRF), with the form it would have posted. */
interface Caught {
  url: string;
  form?: Record<string, string>;
}
const MAX_HOPS = 20;

interface HttpOrganization extends SpOrganization {
  orgId: string;
  apiToken: string;
}

const CAPABILITIES: ReadonlySet<SpCapability> = new Set<SpCapability>(['saml', 'saml-manual-config', 'direct-url', 'invitations', 'saml-idp-initiated', 'oidc', 'oidc-okta-simplified']);

/** The reference SP's setup over HTTP: sign-up in a fresh jar, settings through the JSON API. */
export class HttpSpSetup implements SpSetupPort {
  readonly capabilities = CAPABILITIES;

  constructor(private readonly spUrl: string) {}

  async createOrganization(input: { name: string; adminEmail: string; adminPassword: string }): Promise<SpOrganization> {
    const admin = new TestBrowser();
    const signup = await (await admin.get(`${this.spUrl}/signup`)).text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(signup)?.[1] ?? '';
    const done = await admin.post(`${this.spUrl}/signup`, { _csrf: csrf, organization: input.name, email: input.adminEmail, password: input.adminPassword });
    if (done.status !== 303) throw new Error(`sign-up of ${input.adminEmail} answered ${done.status}`);
    const settings = await (await admin.get(`${this.spUrl}/settings/sso`)).text();
    const org: HttpOrganization = { name: input.name, adminEmail: input.adminEmail, orgId: testIdText(settings, 'sso-org-id')!, apiToken: testIdText(settings, 'sso-api-token')! };
    return org;
  }

  private async putSettings(org: SpOrganization, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { orgId, apiToken } = org as HttpOrganization;
    const response = await fetch(`${this.spUrl}/api/orgs/${orgId}/sso`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const json = (await response.json()) as Record<string, unknown> & { error?: { code: string } };
    if (!response.ok) throw new SpConfigurationRefusedError(json.error?.code ?? String(response.status));
    return json;
  }

  async inviteUser(org: SpOrganization, email: string): Promise<void> {
    const { orgId, apiToken } = org as HttpOrganization;
    const response = await fetch(`${this.spUrl}/api/orgs/${orgId}/invitations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${apiToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email }),
    });
    if (response.status !== 201) throw new Error(`inviting ${email} answered ${response.status}`);
  }

  async configureSaml(org: SpOrganization, idp: SamlIdpSettings, options: SamlSsoOptions): Promise<SpSamlValues> {
    const manual = idp.kind === 'manual' ? { idpSsoUrl: idp.ssoUrl, idpIssuer: idp.issuer, idpCertificate: idp.certificatePem } : { idpMetadataXml: idp.metadataXml };
    const json = await this.putSettings(org, { protocol: 'saml', portalKey: options.portalKey, provisioning: options.provisioning ?? 'invite-only', enforcement: options.enforcement ?? 'mixed', allowIdpInitiated: options.allowIdpInitiated ?? false, ...manual });
    return { entityId: String(json['spEntityId']), acsUrl: String(json['spAcsUrl']), portalUrl: String(json['spPortalUrl']) };
  }

  async configureOidc(org: SpOrganization, idp: OidcIdpSettings, options: OidcSsoOptions): Promise<SpOidcValues> {
    const json = await this.putSettings(org, {
      protocol: 'oidc',
      portalKey: options.portalKey,
      provisioning: options.provisioning ?? 'invite-only',
      enforcement: options.enforcement ?? 'mixed',
      oidcIssuer: idp.issuer,
      oidcClientId: idp.clientId,
      oidcClientSecret: idp.clientSecret,
      acceptOktaSimplified: options.acceptOktaSimplified ?? false,
    });
    return { redirectUri: String(json['oidcRedirectUri']), initiateLoginUri: String(json['oidcInitiateLoginUri']), portalUrl: String(json['spPortalUrl']) };
  }
}

export class HttpAgent implements SignInAgent {
  private readonly oktaSessions = new Map<string, Map<string, string>>();

  constructor(
    private readonly spUrl: string,
    private readonly idpUrl: string,
    private readonly setup: HttpSpSetup,
  ) {}

  async attempt({ flow, person, part, deliverIn }: AttemptInput): Promise<AttemptResult> {
    const browser = this.browserOf(person);
    const offSite: string[] = [];
    // Login CSRF: the answer meant for the SP is caught here, to be delivered in the other browser.
    const stop = deliverIn ? { at: part.protocol === 'saml' ? part.values.acsUrl : (part.values?.redirectUri ?? ''), caught: undefined as Caught | undefined } : undefined;
    let page: { url: string; status: number; html: string };
    if (flow === 'sp-initiated' || flow === 'code') {
      page = await this.walk(browser, `${this.spUrl}/sso?key=${encodeURIComponent(part.portalKey)}`, person, offSite, stop);
    } else {
      const dashboard = await this.walk(browser, `${this.idpUrl}/app/UserHome`, person, offSite);
      const tile = tilesOf(dashboard.html).find((t) => t.label === part.appLabel);
      if (!tile) return { outcome: { kind: 'elsewhere', url: dashboard.url }, probe: await this.probe(browser), offSite, finalUrl: dashboard.url };
      page = await this.walk(browser, new URL(tile.href, this.idpUrl).href, person, offSite, stop);
    }
    this.rememberOktaSession(person, browser);
    if (!deliverIn) return { outcome: this.outcomeOf(page), probe: await this.probe(browser), offSite, finalUrl: page.url };
    const caught = stop?.caught;
    if (!caught) throw new Error(`no answer reached ${stop?.at ?? 'the SP'} in ${person.email}'s browser`);
    const victim = this.browserOf(deliverIn);
    const first = caught.form ? await victim.post(caught.url, caught.form) : await victim.get(caught.url);
    const delivered = await this.walkFrom(victim, caught.url, first, deliverIn, offSite);
    return { outcome: this.outcomeOf(delivered), probe: await this.probe(victim), offSite, finalUrl: delivered.url };
  }

  /** A fresh jar holding only the person's Okta session. */
  private browserOf(person: Actor): TestBrowser {
    const browser = new TestBrowser();
    for (const [name, value] of this.oktaSessions.get(person.email) ?? []) browser.cookies.set(name, value);
    return browser;
  }


  configure(part: OidcPart): Promise<ConfigurationResult> {
    return configureOidcPart(this.setup, part);
  }

  /** Follows redirects and the IdP's forms from `url` until a page that asks for nothing more. */
  private async walk(browser: TestBrowser, url: string, person: Actor, offSite: string[], stop?: { at: string; caught: Caught | undefined }): Promise<Page> {
    return this.walkFrom(browser, url, await browser.get(url), person, offSite, stop);
  }

  /** Follows redirects and the IdP's forms from a first answer; with `stop`, the request to `stop.at` is caught, not sent. */
  private async walkFrom(browser: TestBrowser, url: string, first: Response, person: Actor, offSite: string[], stop?: { at: string; caught: Caught | undefined }): Promise<Page> {
    let at = url;
    let response = first;
    let signedInToOkta = false;
    const caughtAt = (target: string, form?: Record<string, string>): Page | undefined => {
      if (!stop || !stop.at || !target.startsWith(stop.at)) return undefined;
      stop.caught = { url: target, ...(form ? { form } : {}) };
      return { url: target, status: 0, html: '' };
    };
    for (let hop = 0; hop < MAX_HOPS; hop += 1) {
      const location = response.headers.get('location');
      if (response.status >= 300 && response.status < 400 && location) {
        const next = new URL(location, at);
        if (!LOOPBACK.test(next.hostname) || (next.protocol !== 'http:' && next.protocol !== 'https:')) {
          offSite.push(next.href);
          return { url: next.href, status: response.status, html: '' };
        }
        const caught = caughtAt(next.href);
        if (caught) return caught;
        at = next.href;
        response = await browser.get(at);
        continue;
      }
      const html = await response.text();
      if (isSignInPage(html) && !signedInToOkta) {
        signedInToOkta = true;
        response = await browser.post(new URL('/login/login.htm', at).href, { username: person.login, password: person.password, fromURI: fromUriOf(html) });
        continue;
      }
      const saml = readAutoPostForm(html);
      if (saml) {
        const fields = { SAMLResponse: saml.SAMLResponse, ...(saml.RelayState === undefined ? {} : { RelayState: saml.RelayState }) };
        at = new URL(saml.action, at).href;
        const caught = caughtAt(at, fields);
        if (caught) return caught;
        response = await browser.post(at, fields);
        continue;
      }
      const idToken = readIdTokenForm(html);
      if (idToken) {
        at = new URL(idToken.action, at).href;
        const caught = caughtAt(at, { id_token: idToken.idToken });
        if (caught) return caught;
        response = await browser.post(at, { id_token: idToken.idToken });
        continue;
      }
      return { url: at, status: response.status, html };
    }
    throw new Error(`more than ${MAX_HOPS} hops from ${url}`);
  }


  private outcomeOf(page: Page): SignInOutcome {
    if (new URL(page.url).origin !== new URL(this.spUrl).origin) return { kind: 'elsewhere', url: page.url };
    const code = testIdAttr(page.html, 'sso-error', 'data-error-code');
    if (code) return { kind: 'refused', code };
    const email = testIdText(page.html, 'home-email');
    if (!email) return { kind: 'elsewhere', url: page.url };
    return {
      kind: 'signed-in',
      email,
      organization: testIdText(page.html, 'home-organization') ?? '',
      role: testIdText(page.html, 'home-role') ?? '',
      method: testIdText(page.html, 'home-auth-method') ?? '',
    };
  }

  private async probe(browser: TestBrowser): Promise<SessionProbe> {
    const response = await browser.get(`${this.spUrl}/home`);
    if (response.status !== 200) return { signedIn: false };
    const html = await response.text();
    const email = testIdText(html, 'home-email');
    if (!email) return { signedIn: false };
    return { signedIn: true, email, organization: testIdText(html, 'home-organization') ?? '', role: testIdText(html, 'home-role') ?? '', method: testIdText(html, 'home-auth-method') ?? '' };
  }

  private rememberOktaSession(person: Actor, browser: TestBrowser): void {
    if (this.oktaSessions.has(person.email)) return;
    this.oktaSessions.set(person.email, new Map([...browser.cookies].filter(([name]) => name.startsWith('sid_'))));
  }
}
