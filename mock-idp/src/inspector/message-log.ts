/**
 * The inspector's log: every protocol message one org received or sent, decoded, with the faults
 * applied to it and the refusals with their codes — AuthnRequests received, SAML Responses sent,
 * authorization requests, authorization responses, id_tokens, token and userinfo answers (discovery
 * and JWKS answers only when a fault changed them), and Okta's refusals.
 *
 * It is the one record of what was sent: the faults' "sent" view (GET /mock/v1/faults/sent) is the
 * entries that carry faults. In memory and bounded (src/limits/limits.ts): at most
 * `maxInspectorMessagesPerOrg` entries and `maxInspectorCharsPerOrg` characters of message text,
 * each entry living `inspectorLifetimeSeconds`. Unlike a session, a log entry is never something a
 * person is waiting on, so at a bound the oldest entries are forgotten instead of anything refused.
 */
import type { SentMutation } from '../faults/model.ts';

/** What one entry is. */
export const INSPECTED_KINDS = [
  'saml-authn-request',
  'saml-response',
  'oidc-authorization-request',
  'oidc-authorization-response',
  'oidc-id-token',
  'oidc-token-response',
  'oidc-userinfo',
  'oidc-discovery',
  'oidc-jwks',
  'refusal',
] as const;
export type InspectedKind = (typeof INSPECTED_KINDS)[number];

/** How a message's text is written: the XML, an id_token's header and payload as JSON, JSON, a parameter object. */
export type MessageTextKind = 'saml-request' | 'saml-response' | 'id-token' | 'json' | 'parameters';

/** A fault that changed a message, with each of its mutations (and why one did not fit). */
export interface AppliedFault {
  id: string;
  label: string;
  mutations: SentMutation[];
}

export interface InspectedMessage {
  /** Increasing within the org: `?after={id}` lists the newer entries. */
  id: number;
  at: string;
  direction: 'received' | 'sent' | 'refused';
  kind: InspectedKind;
  /** For people: `SAML Response to {acs}`, `AuthnRequest for {app}`, `token response`. */
  summary: string;
  appId: string | undefined;
  userId: string | undefined;
  /** The faults that changed it; empty for a message as the mock builds it. */
  faults: AppliedFault[];
  /** Set on a refusal: Okta's code (IDP_…, or the OAuth error sent to the client) and why. */
  refusal?: { code: string; status?: number; message: string };
  /** The message exactly as received or sent (decoded from base64 or deflate, never re-serialized). */
  message?: { kind: MessageTextKind; text: string };
  /** A SAML message's RelayState, as received or sent beside it. */
  relayState?: string;
}

export type NewInspectedMessage = Omit<InspectedMessage, 'id' | 'at'>;

export interface MessageLogBounds {
  maxMessages: number;
  maxChars: number;
  lifetimeSeconds: number;
}

/** Characters of one message's text kept; a longer message (a padded attack) is cut, saying so. */
export const MAX_MESSAGE_CHARS = 64 * 1024;

const sizeOf = (entry: InspectedMessage): number => entry.message?.text.length ?? 0;

export class MessageLog {
  private readonly entries: InspectedMessage[] = [];
  private chars = 0;
  private lastId = 0;

  constructor(
    private readonly clock: () => Date,
    private readonly bounds: MessageLogBounds,
  ) {}

  /** Adds an entry (its text cut at MAX_MESSAGE_CHARS or the org's whole allowance), forgetting the oldest past the bounds. */
  record(input: NewInspectedMessage): InspectedMessage {
    this.sweep();
    const max = Math.min(MAX_MESSAGE_CHARS, this.bounds.maxChars);
    const message =
      input.message && input.message.text.length > max
        ? { ...input.message, text: `${input.message.text.slice(0, max)}… (${input.message.text.length - max} more characters)` }
        : input.message;
    this.lastId += 1;
    const entry: InspectedMessage = { id: this.lastId, at: this.clock().toISOString(), ...input, ...(message ? { message } : {}) };
    this.entries.push(entry);
    this.chars += sizeOf(entry);
    while (this.entries.length > this.bounds.maxMessages || this.chars > this.bounds.maxChars) this.chars -= sizeOf(this.entries.shift()!);
    return entry;
  }

  /** Entries newer than `after`, oldest first. */
  list(after = 0): InspectedMessage[] {
    this.sweep();
    return this.entries.filter((entry) => entry.id > after);
  }

  /** The id of the newest entry ever recorded (0 before the first): a cursor for `list(after)`. */
  get last(): number {
    return this.lastId;
  }

  get size(): number {
    return this.entries.length;
  }

  /** Forgets the entries `matches` selects (all when not given); returns how many. */
  remove(matches: (entry: InspectedMessage) => boolean = () => true): number {
    let removed = 0;
    for (let i = this.entries.length - 1; i >= 0; i -= 1) {
      if (matches(this.entries[i]!)) {
        this.chars -= sizeOf(this.entries[i]!);
        this.entries.splice(i, 1);
        removed += 1;
      }
    }
    return removed;
  }

  /** Drops entries older than their lifetime; entries are in time order, so it stops at the first live one. */
  sweep(): void {
    const oldest = this.clock().getTime() - this.bounds.lifetimeSeconds * 1000;
    while (this.entries.length > 0 && Date.parse(this.entries[0]!.at) <= oldest) this.chars -= sizeOf(this.entries.shift()!);
  }
}
