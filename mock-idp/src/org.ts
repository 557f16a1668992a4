/** Everything one org's routes share: who it is, its data, its sessions, its clock and log. */
import type { FaultStore } from './faults/store.ts';
import type { SessionStore } from './signin/session-store.ts';
import type { OrgStore } from './tenant/org-store.ts';

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
  sessions: SessionStore;
  /** Deliberate faults set on this org, and the record of what was sent with them. */
  faults: FaultStore;
  clock: () => Date;
  log: (line: string) => void;
}
