/** Everything one org's routes share: who it is, its data, its sessions, its faults, its bounds, its clock and log. */
import { randomBytes } from 'node:crypto';
import type { JWK } from 'jose';
import type { FaultStore } from './faults/store.ts';
import type { MessageLog } from './inspector/message-log.ts';
import type { MockIdpLimits } from './limits/limits.ts';
import type { SessionStore } from './signin/session-store.ts';
import type { OrgStore } from './tenant/org-store.ts';
import type { TrustedOrigins } from './tenant/trusted-origins.ts';

export interface OrgInfo {
  /** Okta org id, `00o…`. */
  id: string;
  /** e.g. dev-12345678 */
  name: string;
  /** The org's origin, e.g. http://127.0.0.1:41234 */
  baseUrl: string;
  /** For `Authorization: SSWS {apiToken}` on /api/v1. */
  apiToken: string;
}

export interface Org {
  info: OrgInfo;
  store: OrgStore;
  /** Web origins trusted for CORS and redirects (Security → API → Trusted Origins). */
  trustedOrigins: TrustedOrigins;
  /** Keys of the org's own that are not records: kept in the state directory when there is one. */
  secrets: OrgSecrets;
  /** The custom scopes of the `default` authorization server (service apps ask for them). */
  customScopes: string[];
  sessions: SessionStore;
  /** Deliberate faults set on this org. */
  faults: FaultStore;
  /** Every protocol message the org received or sent, and its refusals (../inspector); the faults record into it too. */
  inspector: MessageLog;
  /** The host's bounds (src/limits/limits.ts), the same for every org. */
  limits: MockIdpLimits;
  clock: () => Date;
  log: (line: string) => void;
}

/**
 * The org's keys outside its records. Without a state directory they live as long as the process;
 * with one, `changed()` has them written there, so tokens and cookies stay valid across a restart.
 */
export interface OrgSecrets {
  /** oidc-provider's cookie signing keys. */
  cookieKeys: string[];
  /** Each authorization server's private signing key (RS256 JWK with kid), by server id; made on first use. */
  signingKeys: Map<string, JWK>;
  changed(): void;
}

/** Secrets that live as long as the process: an org without a state directory. */
export function inMemorySecrets(): OrgSecrets {
  return { cookieKeys: [randomBytes(32).toString('base64url')], signingKeys: new Map(), changed: () => {} };
}
