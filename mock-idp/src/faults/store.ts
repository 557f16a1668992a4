/**
 * One org's faults and the record of what was sent with them. In memory, bounded, on the org's clock.
 *
 * A pipeline asks for faults once per message it builds: `begin(event)` opens a run, `take(point)`
 * hands out the mutations due at each point the message passes, and `finish(...)` records the
 * message as sent when anything was applied. Taking a `once` mutation marks it used; a `once` fault
 * whose every mutation has been used is retired.
 */
import { randomUUID } from 'node:crypto';
import type { ActiveFault, CheckedFault, DueMutation, FaultEvent, FaultPoint, SentMessageKind, SentMutation, SentWithFaults } from './model.ts';

export interface FaultLimits {
  /** Active faults per org; one more is refused (E0000001 on the API). */
  maxFaults: number;
  /** Sent messages kept per org for reports; the oldest are dropped. */
  maxSentRecords: number;
  /** Characters of a sent message kept in its record. */
  maxRecordedMessageChars: number;
}

export const DEFAULT_FAULT_LIMITS: FaultLimits = { maxFaults: 1000, maxSentRecords: 200, maxRecordedMessageChars: 64 * 1024 };

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
  private readonly used = new Map<string, { label: string; mutations: SentMutation[] }>();
  private readonly entries = new Map<DueMutation, SentMutation>();

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
      const sent: SentMutation = { name: mutation.name, point: mutation.point };
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

  /** Records what was sent, when a fault changed it; a message without faults is not recorded. */
  finish(sentTo: string, message: { kind: SentMessageKind; text: string }): void {
    if (!this.faulted) return;
    this.store.recordSent({
      sentTo,
      appId: this.event.appId,
      userId: this.event.userId,
      faults: [...this.used].map(([id, { label, mutations }]) => ({ id, label, mutations })),
      message,
    });
  }
}

export class FaultStore {
  private readonly faults: ActiveFault[] = [];
  private readonly sentRecords: SentWithFaults[] = [];

  constructor(
    private readonly clock: () => Date,
    private readonly limits: FaultLimits = DEFAULT_FAULT_LIMITS,
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

  /** @internal for FaultRun. */
  recordSent(record: Omit<SentWithFaults, 'at'>): void {
    const max = this.limits.maxRecordedMessageChars;
    const text = record.message.text.length > max ? `${record.message.text.slice(0, max)}… (${record.message.text.length - max} more characters)` : record.message.text;
    this.sentRecords.push({ at: this.clock().toISOString(), ...record, message: { ...record.message, text } });
    if (this.sentRecords.length > this.limits.maxSentRecords) this.sentRecords.splice(0, this.sentRecords.length - this.limits.maxSentRecords);
  }

  /** Messages sent with faults, oldest first; only those of faults labelled `label` when given. */
  sent(label?: string): SentWithFaults[] {
    return this.sentRecords.filter((record) => label === undefined || record.faults.some((fault) => fault.label === label));
  }

  clearSent(): void {
    this.sentRecords.length = 0;
  }
}
