/**
 * The World: everything one scenario owns. A fresh IdP org and fresh SP organization per scenario,
 * and one browser context per actor, so scenarios running in parallel never see each other.
 */
import { World, setWorldConstructor, type IWorldOptions } from '@cucumber/cucumber';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { OrgControlClient, type OrgInfo } from '../../mock-idp/index.ts';
import type { SessionProbe, SettingsOutcome, SpDriver, SpInvitation, SpOidcValues, SpOrganization, SpSamlValues } from '../drivers/sp-driver.ts';
import { ScenarioNames, type Actor } from './actors.ts';
import type { HarnessConfig } from './config.ts';
import { NetworkLog } from './network-log.ts';
import { Slot } from './slot.ts';

/** A browser context that belongs to one actor, with what it sent. */
export interface ActorBrowser {
  context: BrowserContext;
  page: Page;
  network: NetworkLog;
}

/** One SSO sign-in as the person experienced it. */
export interface SignInAttempt {
  askedForPassword: boolean;
}

/** Set by the BeforeAll hook of each worker: one browser and one driver per worker. */
export interface WorkerResources {
  config: HarnessConfig;
  browser: Browser;
  sp: SpDriver;
}

let workerResources: WorkerResources | undefined;

export function setWorkerResources(resources: WorkerResources | undefined): void {
  workerResources = resources;
}

export class ConformanceWorld extends World {
  readonly names = new ScenarioNames();
  readonly idpOrg = new Slot<OrgInfo>('mock IdP org');
  readonly spOrganization = new Slot<SpOrganization>('SP organization');
  /** The actor who owns the SP organization and configures it. */
  readonly spAdmin = new Slot<string>('SP admin');
  readonly spSamlValues = new Slot<SpSamlValues>("SP's generated SAML values");
  readonly spOidcValues = new Slot<SpOidcValues>("SP's generated OIDC values");
  /** Where the IdP answers the SP: the SAML ACS or the OIDC sign-in redirect URI, whichever is configured. */
  readonly spCallbackUrl = new Slot<string>("SP's callback URL");
  /** Okta objects by the name the feature gives them. */
  readonly oktaUserIds = new Map<string, string>();
  readonly oktaAppIds = new Map<string, string>();
  readonly oktaGroupIds = new Map<string, string>();
  readonly browsers = new Map<string, ActorBrowser>();
  readonly signInAttempts = new Map<string, SignInAttempt[]>();
  /** Invitations the SP admin sent, by the invited actor's name. */
  readonly invitations = new Map<string, SpInvitation>();
  /** Other SP organizations of the scenario (a second organization claiming a domain), by name. */
  readonly otherSpOrganizations = new Map<string, { organization: SpOrganization; adminName: string }>();
  /** What the SP answered to the last settings change a step made and a later step judges. */
  readonly lastSettingsOutcome = new Slot<SettingsOutcome>('SP answer to a settings change');
  /**
   * What the SP's session said in an actor's browser when their last sign-in started, and how many
   * requests that browser had made: a refusal must leave the session as it was, and "the callback
   * received nothing" means nothing since then.
   */
  readonly beforeSignIn = new Map<string, { session: SessionProbe; requests: number }>();
  /**
   * Where this scenario's protocol messages are in the mock IdP's inspector: a security case runs in
   * its worker's shared fixture org, so it marks the org's last message before it starts; other
   * scenarios own their org and read all of it.
   */
  readonly inspectorFrom = new Slot<{ okta: OrgControlClient; after: number }>('inspector cursor');

  constructor(options: IWorldOptions) {
    super(options);
  }

  private get resources(): WorkerResources {
    if (!workerResources) throw new Error('the worker has no browser: the BeforeAll hook did not run');
    return workerResources;
  }

  get config(): HarnessConfig {
    return this.resources.config;
  }

  get sp(): SpDriver {
    return this.resources.sp;
  }

  /** The worker's browser, for the few parts that make their own contexts (the security catalogue). */
  get browser(): Browser {
    return this.resources.browser;
  }

  private oktaClient: OrgControlClient | undefined;

  /** The Okta Management API of this scenario's org. */
  get okta(): OrgControlClient {
    if (!this.oktaClient) {
      const org = this.idpOrg.get();
      this.oktaClient = new OrgControlClient(org.baseUrl, org.apiToken);
    }
    return this.oktaClient;
  }

  actor(name: string): Actor {
    return this.names.actor(name);
  }

  oktaAppId(label: string): string {
    const id = this.oktaAppIds.get(label);
    if (!id) throw new Error(`no Okta app "${label}" in this scenario`);
    return id;
  }

  oktaUserId(actorName: string): string {
    const id = this.oktaUserIds.get(actorName);
    if (!id) throw new Error(`${actorName} is not an Okta user in this scenario`);
    return id;
  }

  /** The browser whose admin console manages the SP organization: its admin's, or the vendor's for an organization with no admin. */
  async spAdminBrowser(): Promise<ActorBrowser> {
    return this.browserOf(this.spAdmin.present ? this.spAdmin.get() : 'the vendor', 'admin');
  }

  invitationOf(actorName: string): SpInvitation {
    const invitation = this.invitations.get(actorName);
    if (!invitation) throw new Error(`${actorName} was not invited in this scenario`);
    return invitation;
  }

  recordSignInAttempt(actorName: string, attempt: SignInAttempt): void {
    this.signInAttempts.set(actorName, [...(this.signInAttempts.get(actorName) ?? []), attempt]);
  }

  /** The browser an actor uses; `role` separates an admin console from the same person's sign-in. */
  async browserOf(actorName: string, role: 'user' | 'admin' = 'user'): Promise<ActorBrowser> {
    const key = `${actorName} (${role})`;
    let entry = this.browsers.get(key);
    if (!entry) {
      const context = await this.resources.browser.newContext();
      // DOM snapshots make a failed scenario's trace readable; screencast frames cost more than they add.
      await context.tracing.start({ screenshots: false, snapshots: true, title: key });
      const network = new NetworkLog();
      network.attach(context);
      entry = { context, page: await context.newPage(), network };
      this.browsers.set(key, entry);
    }
    return entry;
  }
}

setWorldConstructor(ConformanceWorld);
