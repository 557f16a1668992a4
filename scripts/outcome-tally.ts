/**
 * The run's summary line counts scenarios, not steps: a scenario is as bad as its worst step, and a
 * retried attempt counts only once, at its last try.
 */
import type { Envelope, TestStepResultStatus } from '@cucumber/messages';

export interface Tally {
  passed: number;
  failed: number;
  skipped: number;
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

/** Returns a message handler for runCucumber that adds each finished scenario to `tally`. */
export function countOutcomes(tally: Tally): (envelope: Envelope) => void {
  const worst = new Map<string, TestStepResultStatus>();
  return (envelope) => {
    if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepResult } = envelope.testStepFinished;
      const previous = worst.get(testCaseStartedId);
      if (!previous || SEVERITY[testStepResult.status] > SEVERITY[previous]) worst.set(testCaseStartedId, testStepResult.status);
    }
    if (envelope.testCaseFinished && !envelope.testCaseFinished.willBeRetried) {
      const status = worst.get(envelope.testCaseFinished.testCaseStartedId) ?? 'PASSED';
      if (status === 'PASSED') tally.passed += 1;
      else if (status === 'SKIPPED') tally.skipped += 1;
      else tally.failed += 1;
    }
  };
}

