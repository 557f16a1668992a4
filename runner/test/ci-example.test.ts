/**
 * The CI example (examples/ci/github-actions.yml) stays true to the runner: every `sso-conformance
 * run` it has parses with the runner's own options, and it keeps the reports whatever happened.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse } from 'yaml';
import { PACKAGE_ROOT } from '../../steps/support/locations.ts';
import { parseRunOptions } from '../options.ts';

interface Step {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  with?: Record<string, unknown>;
}

const workflow = parse(readFileSync(join(PACKAGE_ROOT, 'examples', 'ci', 'github-actions.yml'), 'utf8')) as { jobs: Record<string, { steps: Step[] }> };
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);

/** Splits a shell command line into words, keeping quoted parts whole (enough for this file). */
function words(line: string): string[] {
  return [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((match) => match[1] ?? match[2] ?? match[3]!);
}

describe('the GitHub Actions example', () => {
  test('every sso-conformance run in it takes only options the runner has', () => {
    const runs = steps.filter((step) => step.run?.includes('sso-conformance run'));
    assert.ok(runs.length >= 1);
    for (const step of runs) {
      const argv = words(step.run!.replace(/\$\{\{[^}]*\}\}/g, 'secret'));
      const options = parseRunOptions(argv.slice(argv.indexOf('run') + 1), '/repo');
      assert.equal(options.spDriver, '/repo/sso-driver.yaml', step.name);
      assert.ok(options.spUrl?.startsWith('http://127.0.0.1:'), step.name);
    }
  });

  test('it keeps the reports whatever happened', () => {
    const upload = steps.find((step) => step.uses?.startsWith('actions/upload-artifact'));
    assert.ok(upload, 'an upload-artifact step');
    assert.equal(upload.if, 'always()');
    assert.match(String(upload.with?.['path']), /reports\//);
  });
});
