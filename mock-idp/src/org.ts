/** Everything one org's routes share: who it is, its data, its sessions, its faults, its bounds, its clock and log. */
import type { FaultStore } from './faults/store.ts';
import type { MessageLog } from './inspector/message-log.ts';
import type { MockIdpLimits } from './limits/limits.ts';
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
  /** Deliberate faults set on this org. */
  faults: FaultStore;
  /** Every protocol message the org received or sent, and its refusals (../inspector); the faults record into it too. */
  inspector: MessageLog;
  /** The host's bounds (src/limits/limits.ts), the same for every org. */
  limits: MockIdpLimits;
  clock: () => Date;
  log: (line: string) => void;
}
