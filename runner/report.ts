/**
 * What a run prints and writes, from cucumber's messages: a line per scenario as it passes, fails or
 * is skipped (named, with the capability that was missing), the failures in full at the end, the
 * capabilities that kept scenarios from running, and the JUnit report. Cucumber's own JUnit
 * formatter writes a bare <skipped/>; ours says why (`<skipped message="requires oidc"/>`), so a CI
 * page shows which capability an SP lacks.
 *
 * Colour only on a terminal that shows it (and never with NO_COLOR); error text is stored without
 * ANSI escapes (steps/support/plain-errors.ts), so logs and reports read the same everywhere.
 */
import { writeFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { DOMImplementation, XMLSerializer, type Element } from '@xmldom/xmldom';
import type { Envelope, GherkinDocument, Pickle, TestStepResult } from '@cucumber/messages';
import { SKIP_MEDIA_TYPE, type SkipReason } from '../steps/support/skip-reason.ts';

const LOG_MEDIA_TYPE = 'text/x.cucumber.log+plain';
const HOOK = 'a hook (Before/After)';

/** cucumber's TestStepResultStatus, as the strings its messages carry. */
type TestStepResultStatus = 'PASSED' | 'SKIPPED' | 'PENDING' | 'UNDEFINED' | 'AMBIGUOUS' | 'FAILED' | 'UNKNOWN';

const SEVERITY: Record<TestStepResultStatus, number> = { PASSED: 0, SKIPPED: 1, PENDING: 2, UNDEFINED: 3, AMBIGUOUS: 4, FAILED: 5, UNKNOWN: 5 };

interface StepRecord {
  text: string;
  result: TestStepResult;
}

interface CaseRecord {
  pickle: Pickle;
  status: TestStepResultStatus;
  steps: StepRecord[];
  logs: string[];
  missing: string[] | undefined;
  seconds: number;
}

export interface ReportOptions {
  featuresDir: string;
  write: (line: string) => void;
  color: boolean;
}

const seconds = (t: { seconds: number; nanos: number }): number => t.seconds + t.nanos / 1e9;

export class RunReport {
  private readonly pickles = new Map<string, Pickle>();
  private readonly keywords = new Map<string, string>();
  private readonly testCases = new Map<string, { pickleId: string; steps: Map<string, { pickleStepId: string | undefined; hook: boolean }> }>();
  private readonly running = new Map<string, { testCaseId: string; startedAt: number; steps: StepRecord[]; logs: string[]; missing: string[] | undefined; worst: TestStepResultStatus }>();
  private readonly featureNames = new Map<string, string>();
  readonly finished: CaseRecord[] = [];

  constructor(private readonly options: ReportOptions) {}

  /** The runCucumber message handler. */
  readonly onMessage = (envelope: Envelope): void => {
    if (envelope.gherkinDocument) this.readDocument(envelope.gherkinDocument);
    if (envelope.pickle) this.pickles.set(envelope.pickle.id, envelope.pickle);
    if (envelope.testCase) {
      const steps = new Map(envelope.testCase.testSteps.map((step) => [step.id, { pickleStepId: step.pickleStepId, hook: Boolean(step.hookId) }]));
      this.testCases.set(envelope.testCase.id, { pickleId: envelope.testCase.pickleId, steps });
    }
    if (envelope.testCaseStarted) {
      const { id, testCaseId, timestamp } = envelope.testCaseStarted;
      this.running.set(id, { testCaseId, startedAt: seconds(timestamp), steps: [], logs: [], missing: undefined, worst: 'PASSED' });
    }
    if (envelope.attachment?.testCaseStartedId) {
      const current = this.running.get(envelope.attachment.testCaseStartedId);
      if (current && envelope.attachment.mediaType === SKIP_MEDIA_TYPE) current.missing = (JSON.parse(envelope.attachment.body) as SkipReason).missing;
      if (current && envelope.attachment.mediaType === LOG_MEDIA_TYPE) current.logs.push(envelope.attachment.body);
    }
    if (envelope.testStepFinished) {
      const { testCaseStartedId, testStepId, testStepResult } = envelope.testStepFinished;
      const current = this.running.get(testCaseStartedId);
      if (!current) return;
      const status = testStepResult.status as TestStepResultStatus;
      if (SEVERITY[status] > SEVERITY[current.worst]) current.worst = status;
      current.steps.push({ text: this.stepText(current.testCaseId, testStepId), result: testStepResult });
    }
    if (envelope.testCaseFinished) {
      const { testCaseStartedId, willBeRetried, timestamp } = envelope.testCaseFinished;
      const current = this.running.get(testCaseStartedId);
      this.running.delete(testCaseStartedId);
      if (!current || willBeRetried) return;
      const pickle = this.pickles.get(this.testCases.get(current.testCaseId)?.pickleId ?? '');
      if (!pickle) return;
      const record: CaseRecord = { pickle, status: current.worst, steps: current.steps, logs: current.logs, missing: current.missing, seconds: seconds(timestamp) - current.startedAt };
      this.finished.push(record);
      this.options.write(this.progressLine(record));
    }
  };

  private readDocument(document: GherkinDocument): void {
    if (!document.feature) return;
    this.featureNames.set(document.uri ?? '', document.feature.name);
    const visit = (children: readonly { background?: { steps: readonly { id: string; keyword: string }[] }; scenario?: { steps: readonly { id: string; keyword: string }[] }; rule?: { children: readonly unknown[] } }[]): void => {
      for (const child of children) {
        for (const step of [...(child.background?.steps ?? []), ...(child.scenario?.steps ?? [])]) this.keywords.set(step.id, step.keyword.trim());
        if (child.rule) visit(child.rule.children as typeof children);
      }
    };
    visit(document.feature.children);
  }

  private stepText(testCaseId: string, testStepId: string): string {
    const testCase = this.testCases.get(testCaseId);
    const step = testCase?.steps.get(testStepId);
    if (!testCase || !step || step.hook || !step.pickleStepId) return HOOK;
    const pickleStep = this.pickles.get(testCase.pickleId)?.steps.find((candidate) => candidate.id === step.pickleStepId);
    if (!pickleStep) return 'a step';
    const keyword = this.keywords.get(pickleStep.astNodeIds[0] ?? '') ?? '*';
    return `${keyword} ${pickleStep.text}`;
  }

  private label(pickle: Pickle): string {
    const file = relative(this.options.featuresDir, pickle.uri);
    return `${file.startsWith('..') ? pickle.uri : file} › ${pickle.name}`;
  }

  private paint(code: number, text: string): string {
    return this.options.color ? `\x1b[${code}m${text}\x1b[0m` : text;
  }

  private progressLine(record: CaseRecord): string {
    const time = `(${record.seconds.toFixed(1)} s)`;
    if (record.status === 'PASSED') return `  ${this.paint(32, '✓')} ${this.label(record.pickle)} ${this.paint(2, time)}`;
    if (record.status === 'SKIPPED') {
      const why = record.missing ? `requires ${record.missing.join(', ')}` : 'skipped';
      return `  ${this.paint(36, '-')} ${this.label(record.pickle)} ${this.paint(2, `(${why})`)}`;
    }
    return `  ${this.paint(31, '✗')} ${this.label(record.pickle)} ${this.paint(2, time)}`;
  }

  get failures(): CaseRecord[] {
    return this.finished.filter((record) => record.status !== 'PASSED' && record.status !== 'SKIPPED');
  }

  /** Every failure in full: the step that failed, its error and stack, what the scenario logged (traces). */
  printFailures(): void {
    const failures = this.failures;
    if (failures.length === 0) return;
    this.options.write('');
    this.options.write(this.paint(31, `Failures (${failures.length}):`));
    failures.forEach((record, index) => {
      this.options.write('');
      this.options.write(`${index + 1}) ${this.label(record.pickle)}`);
      for (const step of record.steps) {
        if (step.result.status === 'PASSED') continue;
        const mark = step.result.status === 'SKIPPED' ? '-' : '✗';
        this.options.write(`   ${mark} ${step.text} ${this.paint(2, `[${step.result.status.toLowerCase()}]`)}`);
        const message = step.result.exception?.stackTrace ?? step.result.message ?? step.result.exception?.message;
        if (message && step.result.status !== 'SKIPPED') for (const line of stripVTControlCharacters(message).split('\n')) this.options.write(`       ${line}`);
      }
      for (const log of record.logs) this.options.write(`   ${log}`);
    });
  }

  /** The capabilities that kept scenarios from running, the most frequent first. */
  skippedSummary(): string | undefined {
    const byCapability = new Map<string, number>();
    let skipped = 0;
    for (const record of this.finished) {
      if (record.status !== 'SKIPPED' || !record.missing) continue;
      skipped += 1;
      for (const capability of record.missing) byCapability.set(capability, (byCapability.get(capability) ?? 0) + 1);
    }
    if (skipped === 0) return undefined;
    const list = [...byCapability].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([capability, count]) => `${capability} (${count})`);
    return `skipped: ${skipped} scenario${skipped === 1 ? ' needs' : 's need'} what the SP's driver does not offer: ${list.join(', ')}`;
  }

  /** JUnit XML: one testcase per scenario; a skipped one says which capability was missing. */
  async writeJunit(path: string, suiteName: string): Promise<void> {
    const document = new DOMImplementation().createDocument(null, 'testsuite');
    const suite = document.documentElement!;
    const count = (test: (record: CaseRecord) => boolean): string => String(this.finished.filter(test).length);
    suite.setAttribute('name', suiteName);
    suite.setAttribute('tests', String(this.finished.length));
    suite.setAttribute('failures', count((record) => record.status !== 'PASSED' && record.status !== 'SKIPPED'));
    suite.setAttribute('skipped', count((record) => record.status === 'SKIPPED'));
    suite.setAttribute('errors', '0');
    suite.setAttribute('time', this.finished.reduce((sum, record) => sum + record.seconds, 0).toFixed(3));
    const add = (parent: Element, name: string, attributes: Record<string, string>, text?: string): Element => {
      const element = document.createElement(name);
      for (const [key, value] of Object.entries(attributes)) element.setAttribute(key, value);
      if (text !== undefined) element.appendChild(document.createTextNode(text));
      parent.appendChild(document.createTextNode('\n  '));
      parent.appendChild(element);
      return element;
    };
    for (const record of this.finished) {
      const testcase = add(suite, 'testcase', {
        classname: this.featureNames.get(record.pickle.uri) ?? record.pickle.uri,
        name: record.pickle.name,
        time: record.seconds.toFixed(3),
      });
      if (record.status === 'SKIPPED') {
        add(testcase, 'skipped', { message: record.missing ? `requires ${record.missing.join(', ')}` : 'skipped' });
      } else if (record.status !== 'PASSED') {
        const failed = record.steps.find((step) => step.result.status !== 'PASSED' && step.result.status !== 'SKIPPED');
        const text = stripVTControlCharacters(failed?.result.exception?.stackTrace ?? failed?.result.message ?? record.status);
        add(testcase, 'failure', { message: `${failed?.text ?? 'scenario'}: ${text.split('\n')[0]}`, type: failed?.result.exception?.type ?? record.status }, text);
      }
      const shown = record.steps.filter((step) => step.text !== HOOK || step.result.status !== 'PASSED');
      const output = [...shown.map((step) => `${step.result.status.toLowerCase().padEnd(8)} ${step.text}`), ...record.logs].join('\n');
      add(testcase, 'system-out', {}, output);
    }
    suite.appendChild(document.createTextNode('\n'));
    await writeFile(path, `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(document)}\n`);
  }
}

/** Colour for a stream only when it is a terminal that shows it. */
export function wantsColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !('NO_COLOR' in env) && env['TERM'] !== 'dumb';
}
