/**
 * One org's faults. In memory, bounded, on the org's clock.
 *
 * A pipeline asks for faults once per message it builds: `begin(event)` opens a run, `take(point)`
 * hands out the mutations due at each point the message passes, and `finish(...)` records the
 * message as sent, with the faults it took, in the org's inspector log (../inspector): what was sent
 * with faults applied (`sent()`, GET /mock/v1/faults/sent) is a view of that one log. Taking a `once`
 * mutation marks it used; a `once` fault whose every mutation has been used is retired.
 */
import { randomUUID } from 'node:crypto';
import { MessageLog, type AppliedFault, type InspectedKind, type InspectedMessage, type MessageTextKind } from '../inspector/message-log.ts';
import { LIMITS } from '../limits/limits.ts';
import type { ActiveFault, CheckedFault, DueMutation, FaultEvent, FaultPoint, SentMessageKind, SentWithFaults } from './model.ts';

export interface FaultLimits {
  /** Active faults per org; one more is refused (E0000001 on the API). */
  maxFaults: number;
}

export const DEFAULT_FAULT_LIMITS: FaultLimits = { maxFaults: 1000 };

/** The inspector kind of a message a fault run records, when the caller does not say. */
const KIND_OF_TEXT: Record<SentMessageKind, InspectedKind> = {
  'saml-response': 'saml-response',
  'id-token': 'oidc-id-token',
  parameters: 'oidc-authorization-response',
  json: 'oidc-token-response',
};

export class FaultLimitError extends Error {
  override readonly name = 'FaultLimitError';
}

/** Does the fault's scope cover the event? A scope field the event does not know does not narrow. */
function covers(fault: ActiveFault, event: FaultEvent): boolean {
  if (fault.appId !== undefined && event.appId !== undefined && fault.appId !== event.appId) return false;
  if (fault.userId !== undefined && event.userId !== undefined && fault.userId !== event.userId) return false;
  return true;
}

export class FaultRun {
  private readonly used = new Map<string, { label: string; mutations: AppliedFault['mutations'] }>();
  private readonly entries = new Map<DueMutation, AppliedFault['mutations'][number]>();

  constructor(
    private readonly store: FaultStore,
    readonly event: FaultEvent,
  ) {}

  /** The mutations due at `point` for this run's event, in the order the faults were set. */
  take(point: FaultPoint): DueMutation[] {
    const due = this.store.takeDue(point, this.event);
    for (const item of due) {
      const { faultId, label, mutation } = item;
      const entry = this.used.get(faultId) ?? { label, mutations: [] };
      const sent = { name: mutation.name, point: mutation.point };
      entry.mutations.push(sent);
      this.entries.set(item, sent);
      this.used.set(faultId, entry);
    }
    return due;
  }

  /**
   * Marks a taken mutation as not applied: it did not fit the message (a mutation never throws on
   * such input). It stays used, so a `once` fault is not retried on a later, unrelated message.
   */
  notApplied(due: DueMutation, reason: string): void {
    const entry = this.entries.get(due);
    if (entry) entry.notApplied = reason;
  }

  /** Whether any mutation was taken in this run. */
  get faulted(): boolean {
    return this.used.size > 0;
  }

  /** The faults this run took, each with its mutations (for the record of what was sent). */
  get applied(): AppliedFault[] {
    return [...this.used].map(([id, { label, mutations }]) => ({ id, label, mutations }));
  }

  /**
   * Records the message as sent, with the faults this run took (none for a message as built), in the
   * org's inspector log. `extra` adds a refusal (an OAuth error sent to the client).
   */
  finish(
    sentTo: string,
    message: { kind: MessageTextKind; text: string },
    kind: InspectedKind = message.kind === 'saml-request' ? 'saml-authn-request' : KIND_OF_TEXT[message.kind],
    extra: Pick<InspectedMessage, 'refusal'> = {},
  ): void {
    this.store.log.record({
      direction: extra.refusal ? 'refused' : 'sent',
      kind,
      summary: sentTo,
      appId: this.event.appId,
      userId: this.event.userId,
      faults: this.applied,
      ...extra,
      message,
    });
  }
}

/** A log of its own, for a store made without the org's (unit tests). */
function ownLog(clock: () => Date): MessageLog {
  return new MessageLog(clock, {
    maxMessages: LIMITS.maxInspectorMessagesPerOrg.default,
    maxChars: LIMITS.maxInspectorCharsPerOrg.default,
    lifetimeSeconds: LIMITS.inspectorLifetimeSeconds.default,
  });
}

export class FaultStore {
  private readonly faults: ActiveFault[] = [];

  constructor(
    private readonly clock: () => Date,
    private readonly limits: FaultLimits = DEFAULT_FAULT_LIMITS,
    /** The org's inspector log, where every run records what it sent. */
    readonly log: MessageLog = ownLog(clock),
  ) {}

  add(fault: CheckedFault): ActiveFault {
    if (this.faults.length >= this.limits.maxFaults) {
      throw new FaultLimitError(`this org already holds ${this.limits.maxFaults} faults: remove some first`);
    }
    const active: ActiveFault = { ...fault, id: `flt${randomUUID().replace(/-/g, '').slice(0, 17)}`, created: this.clock(), applied: [] };
    this.faults.push(active);
    return active;
  }

  list(): ActiveFault[] {
    return [...this.faults];
  }

  get(id: string): ActiveFault | undefined {
    return this.faults.find((fault) => fault.id === id);
  }

  remove(id: string): boolean {
    const index = this.faults.findIndex((fault) => fault.id === id);
    if (index < 0) return false;
    this.faults.splice(index, 1);
    return true;
  }

  /** Removes every fault, or those with `label`; returns how many. */
  clear(label?: string): number {
    let removed = 0;
    for (let i = this.faults.length - 1; i >= 0; i -= 1) {
      if (label === undefined || this.faults[i]!.label === label) {
        this.faults.splice(i, 1);
        removed += 1;
      }
    }
    return removed;
  }

  /** Whether any fault is set at all: pipelines skip every fault step when none is (the normal case). */
  get empty(): boolean {
    return this.faults.length === 0;
  }

  begin(event: FaultEvent): FaultRun {
    return new FaultRun(this, event);
  }

  /** @internal for FaultRun: the due mutations at `point`, marking `once` ones used. */
  takeDue(point: FaultPoint, event: FaultEvent): DueMutation[] {
    const due: DueMutation[] = [];
    for (const fault of this.faults) {
      if (!covers(fault, event)) continue;
      fault.mutations.forEach((mutation, index) => {
        if (mutation.point !== point) return;
        const used = fault.applied.includes(index);
        if (fault.mode === 'once' && used) return;
        if (!used) fault.applied.push(index);
        due.push({ faultId: fault.id, label: fault.label, mutation });
      });
    }
    // Retire `once` faults that have now applied every mutation.
    for (let i = this.faults.length - 1; i >= 0; i -= 1) {
      const fault = this.faults[i]!;
      if (fault.mode === 'once' && fault.applied.length === fault.mutations.length) this.faults.splice(i, 1);
    }
    return due;
  }

  /** Messages sent with faults, oldest first; only those of faults labelled `label` when given. A view of the log. */
  sent(label?: string): SentWithFaults[] {
    return this.log
      .list()
      .filter((entry) => entry.faults.length > 0 && (label === undefined || entry.faults.some((fault) => fault.label === label)))
      .map((entry) => ({
        at: entry.at,
        sentTo: entry.summary,
        appId: entry.appId,
        userId: entry.userId,
        faults: entry.faults,
        message: entry.message && entry.message.kind !== 'saml-request' ? { kind: entry.message.kind, text: entry.message.text } : { kind: 'json', text: '' },
      }));
  }

  /** Forgets the messages sent with faults (the rest of the inspector's log stays). */
  clearSent(): void {
    this.log.remove((entry) => entry.faults.length > 0);
  }
}
