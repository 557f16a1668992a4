import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { DOMParser } from '@xmldom/xmldom';
import type { Envelope } from '@cucumber/messages';
import { SKIP_MEDIA_TYPE } from '../../steps/support/skip-reason.ts';
import { RunReport } from '../report.ts';

const at = (seconds: number) => ({ seconds, nanos: 0 });

/** The messages cucumber sends for one scenario with one step, ending in `status`. */
function scenario(id: string, name: string, status: 'PASSED' | 'FAILED' | 'SKIPPED', extra: Envelope[] = []): Envelope[] {
  return [
    { pickle: { id: `p${id}`, uri: '/suite/features/both-protocols/portal-key.feature', name, language: 'en', steps: [{ id: `ps${id}`, text: 'Alice signs in', astNodeIds: [`g${id}`], type: 'Action' }], tags: [], astNodeIds: [] } },
    { testCase: { id: `tc${id}`, pickleId: `p${id}`, testSteps: [{ id: `h${id}`, hookId: 'hook' }, { id: `s${id}`, pickleStepId: `ps${id}`, stepDefinitionIds: [], stepMatchArgumentsLists: [] }], testRunStartedId: 'r' } },
    { testCaseStarted: { id: `tcs${id}`, testCaseId: `tc${id}`, attempt: 0, timestamp: at(10) } },
    ...extra.map((envelope) => ({ ...envelope, attachment: envelope.attachment && { ...envelope.attachment, testCaseStartedId: `tcs${id}` } })),
    { testStepFinished: { testCaseStartedId: `tcs${id}`, testStepId: `h${id}`, testStepResult: { status: status === 'SKIPPED' ? 'SKIPPED' : 'PASSED', duration: at(0) }, timestamp: at(11) } },
    {
      testStepFinished: {
        testCaseStartedId: `tcs${id}`,
        testStepId: `s${id}`,
        testStepResult: status === 'FAILED' ? { status, duration: at(1), message: 'Error: \x1b[31mrefused\x1b[0m\n    at step', exception: { type: 'Error', message: 'refused', stackTrace: 'Error: \x1b[31mrefused\x1b[0m\n    at step' } } : { status, duration: at(1) },
        timestamp: at(12),
      },
    },
    { testCaseFinished: { testCaseStartedId: `tcs${id}`, willBeRetried: false, timestamp: at(12.5) } },
  ] as Envelope[];
}

describe('run report', () => {
  const run = (): { report: RunReport; lines: string[] } => {
    const lines: string[] = [];
    const report = new RunReport({ featuresDir: '/suite/features', write: (line) => lines.push(line), color: false });
    for (const envelope of [
      ...scenario('1', 'signs the owner in', 'PASSED'),
      ...scenario('2', 'over OIDC', 'SKIPPED', [{ attachment: { body: JSON.stringify({ missing: ['oidc', 'login-with-okta'] }), mediaType: SKIP_MEDIA_TYPE, contentEncoding: 'IDENTITY' } } as Envelope]),
      ...scenario('3', 'refuses a stranger', 'FAILED', [{ attachment: { body: 'trace of Alice: reports/traces/x.zip', mediaType: 'text/x.cucumber.log+plain', contentEncoding: 'IDENTITY' } } as Envelope]),
    ]) {
      report.onMessage(envelope);
    }
    return { report, lines };
  };

  test('a line per scenario as it ends, naming it; a skipped one says which capability was missing', () => {
    const { lines } = run();
    assert.deepEqual(lines, [
      '  ✓ both-protocols/portal-key.feature › signs the owner in (2.5 s)',
      '  - both-protocols/portal-key.feature › over OIDC (requires oidc, login-with-okta)',
      '  ✗ both-protocols/portal-key.feature › refuses a stranger (2.5 s)',
    ]);
  });

  test('failures in full, without ANSI escapes, with what the scenario logged', () => {
    const { report, lines } = run();
    report.printFailures();
    const printed = lines.slice(3).join('\n');
    assert.ok(printed.includes('1) both-protocols/portal-key.feature › refuses a stranger'));
    assert.ok(printed.includes('✗ * Alice signs in [failed]'));
    assert.ok(printed.includes('Error: refused') && printed.includes('at step'));
    assert.ok(printed.includes('trace of Alice: reports/traces/x.zip'));
    assert.ok(!printed.includes('\u001b'), 'no ANSI escape');
  });

  test('the summary counts what kept scenarios from running, by capability', () => {
    assert.equal(run().report.skippedSummary(), "skipped: 1 scenario needs what the SP's driver does not offer: login-with-okta (1), oidc (1)");
  });

  test('JUnit: a skipped scenario carries message="requires …", a failed one its error', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'junit-'));
    try {
      await run().report.writeJunit(join(dir, 'junit.xml'), 'suite');
      const xml = new DOMParser().parseFromString(await readFile(join(dir, 'junit.xml'), 'utf8'), 'text/xml');
      const suite = xml.documentElement!;
      assert.deepEqual(['tests', 'failures', 'skipped'].map((name) => suite.getAttribute(name)), ['3', '1', '1']);
      const skipped = xml.getElementsByTagName('skipped');
      assert.equal(skipped.length, 1);
      assert.equal(skipped[0]!.getAttribute('message'), 'requires oidc, login-with-okta');
      const failure = xml.getElementsByTagName('failure')[0]!;
      assert.match(failure.getAttribute('message') ?? '', /refused/);
      assert.ok(!(failure.textContent ?? '').includes('\u001b'), 'no ANSI escape');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
