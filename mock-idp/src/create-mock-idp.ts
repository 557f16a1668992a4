/**
 * createMockIdp(): a host holding orgs. The default org listens on `port` (0 = free) and serves
 * `POST /mock/v1/orgs`; every further org gets its own loopback port, so Okta's URL layout holds per
 * org and orgs never share cookies, sessions or data.
 */
import { FaultStore } from './faults/store.ts';
import { newApiToken, newId, newOrgName } from './ids.ts';
import { createOrgApp } from './org-app.ts';
import type { Org, OrgInfo } from './org.ts';
import { hostRouter, type CreateOrgRequest } from './host-routes.ts';
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
}

export interface MockIdp {
  /** Origin of the default org, e.g. http://127.0.0.1:41234; also the host URL for /mock/v1/orgs. */
  url: string;
  org: OrgInfo;
  control: OrgControlClient;
  createOrg(input?: { name?: string; tenant?: TenantDocument }): Promise<OrgInfo>;
  close(): Promise<void>;
}

interface StartOrgInput {
  name?: string;
  tenant?: CheckedTenant;
  port?: number;
}

export async function createMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const listeners: Listener[] = [];
  const defaultTenant = typeof options.tenant === 'string' ? await loadTenantFile(options.tenant) : options.tenant ? checkTenant(options.tenant) : undefined;

  async function startOrg(input: StartOrgInput, isHost: boolean): Promise<OrgInfo> {
    const name = input.tenant?.org.name ?? input.name ?? newOrgName();
    const store = new OrgStore(name, clock);
    const faults = new FaultStore(clock);
    if (input.tenant) await applyTenant(store, input.tenant, faults);
    const listener = await listen(input.port ?? 0);
    listeners.push(listener);
    const info: OrgInfo = { id: newId('org'), name, baseUrl: listener.url, apiToken: input.tenant?.org.apiToken ?? newApiToken() };
    const org: Org = { info, store, sessions: new SessionStore(clock), faults, clock, log: (line) => log(`[${name}] ${line}`) };
    listener.serve(createOrgApp(org, isHost ? [hostRouter(org, createOrgOverHttp)] : []));
    log(`org ${name} listening on ${info.baseUrl}`);
    return info;
  }

  function createOrgOverHttp(request: CreateOrgRequest): Promise<OrgInfo> {
    const tenant = request.tenant === undefined ? undefined : checkTenant(request.tenant);
    return startOrg({ ...(request.name ? { name: request.name } : {}), ...(tenant ? { tenant } : {}) }, false);
  }

  let host: OrgInfo;
  try {
    host = await startOrg({ ...(defaultTenant ? { tenant: defaultTenant } : {}), port: options.port ?? 0 }, true);
  } catch (error) {
    await Promise.all(listeners.map((listener) => listener.close()));
    throw error;
  }
  return {
    url: host.baseUrl,
    org: host,
    control: new OrgControlClient(host.baseUrl, host.apiToken),
    createOrg: (input = {}) => createOrgOverHttp(input),
    async close() {
      await Promise.all(listeners.map((listener) => listener.close()));
    },
  };
}
