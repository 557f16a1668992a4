/**
 * createMockIdp(): a host holding orgs. The default org listens on `port` (0 = free) and serves
 * `POST /mock/v1/orgs` and `DELETE /mock/v1/orgs/{id}`; every further org gets its own loopback
 * port, so Okta's URL layout holds per org and orgs never share cookies, sessions or data.
 *
 * `https: true` serves every org over TLS with its own certificate from the local CA (src/tls/);
 * `stateDir` keeps the CA and the default org across restarts (src/state/).
 *
 * The host keeps the bounds of src/limits/limits.ts: at most maxOrgs orgs, and a janitor that
 * drops expired sessions, held SAML requests, OIDC records and inspector messages of every org each
 * sweepIntervalSeconds, so memory follows recent traffic even when no request comes.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LimitReachedError } from './errors.ts';
import { DEFAULT_FAULT_LIMITS, FaultStore } from './faults/store.ts';
import { MessageLog } from './inspector/message-log.ts';
import { newApiToken, newId, newOrgName } from './ids.ts';
import { optionsInvalid, resolveLimits, type MockIdpLimits } from './limits/limits.ts';
import type { OrgOidc } from './oidc/index.ts';
import { createOrgApp } from './org-app.ts';
import type { Org, OrgInfo, OrgSecrets } from './org.ts';
import { hostRouter, type CreateOrgRequest, type OrgRegistry } from './host-routes.ts';
import { listen, type Listener } from './server.ts';
import { DEFAULT_STATE_DIR, KEPT_ORG_VERSION, Saver, StateDir, type KeptOrg } from './state/state-dir.ts';
import { issueServerCertificate, leafStillGood, type LocalCa, type TlsIdentity } from './tls/local-ca.ts';
import { TrustedOrigins } from './tenant/trusted-origins.ts';
import { SessionStore } from './signin/session-store.ts';
import { OrgStore } from './tenant/org-store.ts';
import { applyTenant, checkTenant, loadTenantFile, type CheckedTenant, type TenantDocument } from './tenant/tenant-document.ts';
import { OrgControlClient } from './control-client.ts';

export interface MockIdpOptions {
  /** Port of the default org; 0 (default) picks a free one. */
  port?: number;
  /** Address every org binds (default 127.0.0.1); e.g. 0.0.0.0 inside a container behind a port mapping. */
  host?: string;
  /**
   * The default org's origin as browsers and SPs reach it (a port mapping, a proxy), written into
   * every URL it gives out (metadata, issuers, redirects). Orgs made later keep its scheme and host
   * name with their own port. Default: http://{host}:{port}.
   */
  publicUrl?: string;
  /** A YAML/JSON tenant file path, or the parsed document, for the default org. */
  tenant?: string | TenantDocument;
  /** Drives every timestamp (IssueInstant, NotBefore, sessions, API dates); a fake clock in tests. */
  clock?: () => Date;
  /** Operator log; silent by default in library use, stdout in the CLI. */
  log?: (line: string) => void;
  /** Bounds and lifetimes (README "Limits"); each one not given keeps its default. */
  limits?: Partial<MockIdpLimits>;
  /**
   * Serve every org over https, with a certificate per org from the local CA kept in the state
   * directory (DEFAULT_STATE_DIR, `.mock-idp-state`, when `stateDir` is not given).
   */
  https?: boolean;
  /**
   * Keep the default org (ids, keys, certificates, client secrets, its data) and the local CA in this
   * directory, and start from it next time. The tenant is applied only when it holds no org yet.
   * Without it everything is in memory and new at each start.
   */
  stateDir?: string;
}

/** The local CA, when serving https: what clients must trust. */
export interface MockIdpCa {
  /** The CA certificate's file: NODE_EXTRA_CA_CERTS, or import it into a browser. */
  certFile: string;
  certPem: string;
  /** base64 SHA-256 of the CA's public key: Chromium's --ignore-certificate-errors-spki-list. */
  spkiSha256: string;
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
  /** Where this process reaches the default org (loopback), when `publicUrl` names another address. */
  localUrl: string;
  org: OrgInfo;
  control: OrgControlClient;
  /** The bounds in force, every default filled in. */
  limits: MockIdpLimits;
  /** The local CA the orgs' certificates come from; undefined over plain http. */
  ca: MockIdpCa | undefined;
  /** The state directory in use, absolute; undefined when everything is in memory. */
  stateDir: string | undefined;
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
  /** The default org as the state directory kept it. */
  kept?: KeptOrg;
}

interface RunningOrg {
  org: Org;
  oidc: OrgOidc;
  listener: Listener;
}

export async function createMockIdp(options: MockIdpOptions = {}): Promise<MockIdp> {
  const limits = resolveLimits(options.limits);
  const publicUrl = checkPublicUrl(options.publicUrl);
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? (() => {});
  const running = new Map<string, RunningOrg>();
  // Orgs being started count against maxOrgs too, so concurrent creations cannot overshoot it.
  let starting = 0;
  const defaultTenant =
    typeof options.tenant === 'string' ? await loadTenantFile(options.tenant, limits.maxTenantBytes)
    : options.tenant ? checkTenant(options.tenant)
    : undefined;
  const state = options.stateDir !== undefined ? await StateDir.open(options.stateDir) : undefined;
  const caHome = state ?? (options.https ? await StateDir.open(DEFAULT_STATE_DIR) : undefined);
  const ca: LocalCa | undefined = options.https ? await caHome!.localCa(clock()) : undefined;
  const kept = state ? await state.readOrg() : undefined;
  // Set once the default org runs; every change to it schedules a write of org.json.
  let saver: Saver | undefined;

  /** The org's certificate: the kept one while it is good and from this CA, else a new one. */
  async function tlsFor(name: string, keptTls: TlsIdentity | undefined): Promise<TlsIdentity | undefined> {
    if (!ca) return undefined;
    if (keptTls && leafStillGood(keptTls, ca, clock())) return keptTls;
    return issueServerCertificate(ca, name, clock());
  }

  function newSecrets(keptSecrets?: KeptOrg['secrets']): OrgSecrets {
    return {
      cookieKeys: keptSecrets?.cookieKeys ?? [randomBytes(32).toString('base64url')],
      signingKeys: new Map(Object.entries(keptSecrets?.signingKeys ?? {})),
      changed: () => saver?.schedule(),
    };
  }

  async function startOrg(input: StartOrgInput, isHost: boolean): Promise<OrgInfo> {
    if (running.size + starting >= limits.maxOrgs) throw new LimitReachedError('maxOrgs', limits.maxOrgs, `${limits.maxOrgs} orgs`);
    starting++;
    try {
      const { kept: keptOrg } = input;
      const name = keptOrg?.org.name ?? input.tenant?.org.name ?? input.name ?? newOrgName();
      const store = new OrgStore(name, clock, limits.maxObjectsPerOrg);
      const trustedOrigins = new TrustedOrigins(clock);
      const inspector = new MessageLog(clock, {
        maxMessages: limits.maxInspectorMessagesPerOrg,
        maxChars: limits.maxInspectorCharsPerOrg,
        lifetimeSeconds: limits.inspectorLifetimeSeconds,
      });
      const faults = new FaultStore(clock, DEFAULT_FAULT_LIMITS, inspector);
      if (keptOrg) {
        store.importRecords(keptOrg.records);
        trustedOrigins.import(keptOrg.trustedOrigins);
      } else if (input.tenant) await applyTenant(store, input.tenant, faults, trustedOrigins);
      const tls = await tlsFor(name, keptOrg?.tls);
      const publicOrigin = publicUrl && ((port: number) => (isHost ? publicUrl.origin : `${publicUrl.protocol}//${publicUrl.hostname}:${port}`));
      const listener = await listen(input.port ?? 0, limits.maxHeaderBytes, tls, options.host, publicOrigin);
      const info: OrgInfo = { id: keptOrg?.org.id ?? newId('org'), name, baseUrl: listener.url, apiToken: keptOrg?.org.apiToken ?? input.tenant?.org.apiToken ?? newApiToken() };
      const secrets = newSecrets(keptOrg?.secrets);
      const customScopes = [...(keptOrg?.customScopes ?? input.tenant?.customScopes ?? [])];
      const org: Org = { info, store, trustedOrigins, secrets, customScopes, sessions: new SessionStore(clock, limits), faults, inspector, limits, clock, log: (line) => log(`[${name}] ${line}`) };
      const { app, oidc } = createOrgApp(org, isHost ? [hostRouter(org, registry)] : []);
      if (isHost && state) {
        const keep = (): KeptOrg => ({
          version: KEPT_ORG_VERSION,
          org: { id: info.id, name, apiToken: info.apiToken, port: listener.port, https: tls !== undefined },
          ...(tls ? { tls } : {}),
          records: store.exportRecords(),
          trustedOrigins: trustedOrigins.export(),
          customScopes,
          secrets: { cookieKeys: secrets.cookieKeys, signingKeys: Object.fromEntries(secrets.signingKeys) },
        });
        saver = new Saver(() => state.writeOrg(keep()), org.log);
        listener.serve(savingAfterChanges(app, saver));
        await state.writeOrg(keep());
      } else listener.serve(app);
      running.set(info.id, { org, oidc, listener });
      if (isHost) hostLocalUrl = listener.localUrl;
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
  let hostLocalUrl = '';
  try {
    // A kept org comes back on its port unless another is asked for.
    const port = options.port ?? kept?.org.port ?? 0;
    host = await startOrg({ ...(defaultTenant ? { tenant: defaultTenant } : {}), ...(kept ? { kept } : {}), port }, true);
    if (kept) log(`org ${host.name} restored from ${state!.orgFile}`);
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
    localUrl: hostLocalUrl,
    org: host,
    // Over loopback: a --public-url may name an address this process does not reach (a proxy's).
    control: new OrgControlClient(hostLocalUrl, host.apiToken, ca ? { ca: ca.certPem } : {}),
    limits,
    ca: ca ? { certFile: ca.certFile, certPem: ca.certPem, spkiSha256: ca.spkiSha256 } : undefined,
    stateDir: state?.dir,
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
      await saver?.flush();
    },
  };
}

/**
 * The org's handler, scheduling a write of the state directory after every request that may have
 * changed the org (a write to /api/v1 or /mock/v1), once its answer is sent.
 */
function savingAfterChanges(app: (req: IncomingMessage, res: ServerResponse) => void, saver: Saver) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const method = req.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS' && /^\/(?:api|mock)\/v1\//.test(req.url ?? '')) {
      res.once('finish', () => saver.schedule());
    }
    app(req, res);
  };
}

/** `publicUrl` must be an http(s) origin: it prefixes every URL the org gives out. */
function checkPublicUrl(value: string | undefined): URL | undefined {
  if (value === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw optionsInvalid(`publicUrl: not a URL: ${value}`);
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.pathname !== '/' || url.search || url.hash || url.username) {
    throw optionsInvalid(`publicUrl: an http(s) origin such as http://idp.example.test:7000, not ${value}`);
  }
  return url;
}
