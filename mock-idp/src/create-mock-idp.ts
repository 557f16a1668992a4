/**
 * createMockIdp(): a host holding orgs. The default org listens on `port` (0 = free) and serves
 * `POST /mock/v1/orgs` and `DELETE /mock/v1/orgs/{id}`; every further org gets its own loopback
 * port, so Okta's URL layout holds per org and orgs never share cookies, sessions or data.
 *
 * The host keeps the bounds of src/limits/limits.ts: at most maxOrgs orgs, and a janitor that
 * drops expired sessions, held SAML requests, OIDC records and inspector messages of every org each
 * sweepIntervalSeconds, so memory follows recent traffic even when no request comes.
 */
import { LimitReachedError } from './errors.ts';
import { DEFAULT_FAULT_LIMITS, FaultStore } from './faults/store.ts';
import { MessageLog } from './inspector/message-log.ts';
import { newApiToken, newId, newOrgName } from './ids.ts';
import { resolveLimits, type MockIdpLimits } from './limits/limits.ts';
import type { OrgOidc } from './oidc/index.ts';
import { createOrgApp } from './org-app.ts';
import type { Org, OrgInfo } from './org.ts';
import { hostRouter, type CreateOrgRequest, type OrgRegistry } from './host-routes.ts';
import { listen, type Listener } from './server.ts';
import { SessionStore } from './signin/session-store.ts';
import { OrgStore } from './tenant/org-store.ts';
import { applyTenant, checkTenant, loadTenantFile, type CheckedTenant, type TenantDocument } from './tenant/tenant-document.ts';
import { OrgControlClient } from './control-client.ts';

export interface MockIdpOptions {
  /** Port of the default org; 0 (default) picks a free one. Always binds 127.0.0.1. */
  port?: number;
  /** A YAML/JSON tenant file path, or the parsed document, for the default org. */
  tenant?: string | TenantDocument;
  /** Drives every timestamp (IssueInstant, NotBefore, sessions, API dates); a fake clock in tests. */
  clock?: () => Date;
  /** Operator log; silent by default in library use, stdout in the CLI. */
  log?: (line: string) => void;
  /** Bounds and lifetimes (README "Limits"); each one not given keeps its default. */
  limits?: Partial<MockIdpLimits>;
}

/** What the host holds now: for operators and the soak test. */
export interface MockIdpStats {
  orgs: number;
  sessions: number;
  heldRequests: number;
  oidcRecords: number;
}

export interface MockIdp {
  /** Origin of the default org, e.g. http://127.0.0.1:41234; also the host URL for /mock/v1/orgs. */
  url: string;
  org: OrgInfo;
  control: OrgControlClient;
  /** The bounds in force, every default filled in. */
  limits: MockIdpLimits;
  /** A fresh org on its own port; IDP_LIMIT_REACHED at maxOrgs. */
  createOrg(input?: { name?: string; tenant?: TenantDocument }): Promise<OrgInfo>;
  /** Closes an org made by createOrg (or POST /mock/v1/orgs) and forgets it; false if unknown. */
  deleteOrg(id: string): Promise<boolean>;
  stats(): MockIdpStats;
  close(): Promise<void>;
}

interface StartOrgInput {
  name?: string;
  tenant?: CheckedTenant;
  port?: number;
}

interface RunningOrg {
  org: Org;
  oidc: OrgOidc;
  listener: Listener;
}

export async function createMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const limits = resolveLimits(options.limits);
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const running = new Map<string, RunningOrg>();
  // Orgs being started count against maxOrgs too, so concurrent creations cannot overshoot it.
  let starting = 0;
  const defaultTenant =
    typeof options.tenant === 'string' ? await loadTenantFile(options.tenant, limits.maxTenantBytes)
    : options.tenant ? checkTenant(options.tenant)
    : undefined;

  async function startOrg(input: StartOrgInput, isHost: boolean): Promise<OrgInfo> {
    if (running.size + starting >= limits.maxOrgs) throw new LimitReachedError('maxOrgs', limits.maxOrgs, `${limits.maxOrgs} orgs`);
    starting++;
    try {
      const name = input.tenant?.org.name ?? input.name ?? newOrgName();
      const store = new OrgStore(name, clock, limits.maxObjectsPerOrg);
      const inspector = new MessageLog(clock, {
        maxMessages: limits.maxInspectorMessagesPerOrg,
        maxChars: limits.maxInspectorCharsPerOrg,
        lifetimeSeconds: limits.inspectorLifetimeSeconds,
      });
      const faults = new FaultStore(clock, DEFAULT_FAULT_LIMITS, inspector);
      if (input.tenant) await applyTenant(store, input.tenant, faults);
      const listener = await listen(input.port ?? 0, limits.maxHeaderBytes);
      const info: OrgInfo = { id: newId('org'), name, baseUrl: listener.url, apiToken: input.tenant?.org.apiToken ?? newApiToken() };
      const org: Org = { info, store, sessions: new SessionStore(clock, limits), faults, inspector, limits, clock, log: (line) => log(`[${name}] ${line}`) };
      const { app, oidc } = createOrgApp(org, isHost ? [hostRouter(org, registry)] : []);
      listener.serve(app);
      running.set(info.id, { org, oidc, listener });
      log(`org ${name} listening on ${info.baseUrl}`);
      return info;
    } finally {
      starting--;
    }
  }

  const registry: OrgRegistry = {
    create(request: CreateOrgRequest): Promise<OrgInfo> {
      const tenant = request.tenant === undefined ? undefined : checkTenant(request.tenant);
      return startOrg({ ...(request.name ? { name: request.name } : {}), ...(tenant ? { tenant } : {}) }, false);
    },
    async delete(id: string): Promise<'deleted' | 'unknown' | 'host'> {
      const found = running.get(id);
      if (!found) return 'unknown';
      if (found.org.info.baseUrl === host.baseUrl) return 'host';
      running.delete(id);
      await found.listener.close();
      log(`org ${found.org.info.name} deleted`);
      return 'deleted';
    },
  };

  let host: OrgInfo;
  try {
    host = await startOrg({ ...(defaultTenant ? { tenant: defaultTenant } : {}), port: options.port ?? 0 }, true);
  } catch (error) {
    await Promise.all([...running.values()].map(({ listener }) => listener.close()));
    throw error;
  }

  const janitor = setInterval(() => {
    for (const { org, oidc } of running.values()) {
      org.sessions.sweep();
      oidc.sweep();
      org.inspector.sweep();
    }
  }, limits.sweepIntervalSeconds * 1000);
  // The janitor never keeps a process alive on its own.
  janitor.unref();

  return {
    url: host.baseUrl,
    org: host,
    control: new OrgControlClient(host.baseUrl, host.apiToken),
    limits,
    createOrg: (input = {}) => registry.create(input),
    deleteOrg: async (id) => (await registry.delete(id)) === 'deleted',
    stats() {
      const stats: MockIdpStats = { orgs: running.size, sessions: 0, heldRequests: 0, oidcRecords: 0 };
      for (const { org, oidc } of running.values()) {
        const { sessions, heldRequests } = org.sessions.size;
        stats.sessions += sessions;
        stats.heldRequests += heldRequests;
        stats.oidcRecords += oidc.recordCount;
      }
      return stats;
    },
    async close() {
      clearInterval(janitor);
      const all = [...running.values()];
      running.clear();
      await Promise.all(all.map(({ listener }) => listener.close()));
    },
  };
}
