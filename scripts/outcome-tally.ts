/**
 * The run's summary lines count scenarios, not steps: a scenario is as bad as its worst step, and a
 * retried attempt counts only once, at its last try. Security scenarios (tagged @security) are also
 * tallied by the verdict each attaches (steps/security.steps.ts), with the time they took, so the
 * summary says what the catalogue found and what it cost.
 */
import type { Envelope, TestStepResultStatus } from '@cucumber/messages';
import { VERDICT_MEDIA_TYPE } from '../steps/security/verdict.ts';

export { VERDICT_MEDIA_TYPE };

export interface SecurityTally {
  /** Attacks refused with no session left (or, for stays-on-site cases, the browser stayed; for strong-requests cases, the requests were strong). */
  refused: number;
  /** Attacks the SP accepted. */
  vulnerable: number;
  skipped: number;
  controlsAccepted: number;
  controlsRefused: number;
  /** Cases whose fault never applied, or that failed in the harness before a verdict. */
  notRun: number;
  /** Wall time of the security scenarios, fixture set-up included. */
  seconds: number;
  /** Ids of the attacks the SP accepted, for the summary. */
  vulnerableIds: string[];
}

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
  security: SecurityTally;
}

export function emptyTally(): Tally {
  return {
    passed: 0,
    failed: 0,
    skipped: 0,
    security: { refused: 0, vulnerable: 0, skipped: 0, controlsAccepted: 0, controlsRefused: 0, notRun: 0, seconds: 0, vulnerableIds: [] },
  };
}

const SEVERITY: Record<TestStepResultStatus, number> = {
  PASSED: 0,
  SKIPPED: 1,
  PENDING: 2,
  UNDEFINED: 3,
  AMBIGUOUS: 4,
  FAILED: 5,
  UNKNOWN: 5,
};

interface Verdict {
  id: string;
  control: boolean;
  verdict: string;
}

const seconds = (t: { seconds: number; nanos: number }): number => t.seconds + t.nanos / 1e9;

/** Returns a message handler for runCucumber that adds each finished scenario to `tally`. */
export function countOutcomes(tally: Tally): (envelope: Envelope) => void {
  const worst = new Map<string, TestStepResultStatus>();
  const securityPickles = new Set<string>();
  const pickleOfTestCase = new Map<string, string>();
  const started = new Map<string, { testCaseId: string; at: number }>();
  const verdicts = new Map<string, Verdict>();
  return (envelope) => {
    if (envelope.pickle && envelope.pickle.tags.some((tag) => tag.name === '@security')) securityPickles.add(envelope.pickle.id);
    if (envelope.testCase) pickleOfTestCase.set(envelope.testCase.id, envelope.testCase.pickleId);
    if (envelope.testCaseStarted) {
      started.set(envelope.testCaseStarted.id, { testCaseId: envelope.testCaseStarted.testCaseId, at: seconds(envelope.testCaseStarted.timestamp) });
    }
    if (envelope.attachment?.mediaType === VERDICT_MEDIA_TYPE && envelope.attachment.testCaseStartedId) {
      verdicts.set(envelope.attachment.testCaseStartedId, JSON.parse(envelope.attachment.body) as Verdict);
    }
    if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepResult } = envelope.testStepFinished;
      const previous = worst.get(testCaseStartedId);
      if (!previous || SEVERITY[testStepResult.status] > SEVERITY[previous]) worst.set(testCaseStartedId, testStepResult.status);
    }
    if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried) {
      const id = envelope.testCaseFinished.testCaseStartedId;
      const status = worst.get(id) ?? 'PASSED';
      if (status === 'PASSED') tally.passed += 1;
      else if (status === 'SKIPPED') tally.skipped += 1;
      else tally.failed += 1;
      const start = started.get(id);
      if (start && securityPickles.has(pickleOfTestCase.get(start.testCaseId) ?? '')) {
        tally.security.seconds += seconds(envelope.testCaseFinished.timestamp) - start.at;
        addVerdict(tally.security, status, verdicts.get(id));
      }
    }
  };
}

function addVerdict(security: SecurityTally, status: string, verdict: Verdict | undefined): void {
  if (status === 'SKIPPED') {
    security.skipped += 1;
    return;
  }
  switch (verdict?.verdict) {
    // An SP that sent strong requests withstood the case as one that refused; weak requests are a hole.
    case 'refused':
    case 'stayed-on-site':
    case 'strong-requests':
      security.refused += 1;
      break;
    case 'vulnerable':
    case 'weak-requests':
      security.vulnerable += 1;
      security.vulnerableIds.push(verdict.id);
      break;
    case 'accepted':
      security.controlsAccepted += 1;
      break;
    case 'control-refused':
      security.controlsRefused += 1;
      break;
    default:
      security.notRun += 1;
  }
}

/** The security summary line, or undefined when no security scenario was in the run. */
export function securitySummary(security: SecurityTally): string | undefined {
  const total = security.refused + security.vulnerable + security.skipped + security.controlsAccepted + security.controlsRefused + security.notRun;
  if (total === 0) return undefined;
  const lines = [
    `security: ${security.refused} refused, ${security.vulnerable} accepted (vulnerable), ${security.skipped} skipped` +
      `; controls: ${security.controlsAccepted} accepted, ${security.controlsRefused} refused` +
      (security.notRun ? `; ${security.notRun} not run (harness errors)` : '') +
      `; ${security.seconds.toFixed(1)} s`,
  ];
  if (security.vulnerableIds.length) lines.push(`security: vulnerable to ${security.vulnerableIds.join(', ')}`);
  return lines.join('\n');
}
