/**
 * A node:test reporter for `npm run test:unit`: a line per test file as it finishes (its tests, its
 * time, ✓ or ✗), every failure in full at the end (the test's path, the error, its stack), skipped
 * and todo tests with their reasons, and one summary line — instead of ~2,400 lines of TAP. What a
 * test file prints itself is kept for failing files only. Colour only on a terminal.
 *
 *   tsx --test --test-reporter=./test-support/reporters/summary.mjs …
 *
 * JavaScript, not TypeScript: node loads a reporter before any loader hook (tsx) is in place.
 */
import { relative } from 'node:path';
import { stripVTControlCharacters, inspect } from 'node:util';

const color = Boolean(process.stdout.isTTY) && !('NO_COLOR' in process.env) && process.env['TERM'] !== 'dumb';
const paint = (code, text) => (color ? `\x1b[${code}m${text}\x1b[0m` : text);
const shortFile = (file) => (file ? relative(process.cwd(), file) : '(no file)');

/** The error a test failed with, in full; node:test wraps a test's own error (failureType testCodeFailure) in one of its own. */
function describeError(error) {
  if (!error) return '';
  const cause = error.cause ?? error;
  const text = cause instanceof Error ? (cause.stack ?? `${cause.name}: ${cause.message}`) : inspect(cause, { depth: 4 });
  const extra = cause instanceof Error && 'actual' in cause && 'expected' in cause && !text.includes('actual') ? `\nactual: ${inspect(cause.actual, { depth: 4 })}\nexpected: ${inspect(cause.expected, { depth: 4 })}` : '';
  return stripVTControlCharacters(`${text}${extra}`);
}

/** @param {AsyncIterable<{ type: string, data: any }>} source node:test's events */
export default async function* summary(source) {
  /** @type {Map<string, { passed: number, failed: number, skipped: number, output: string[], path: string[] }>} */
  const files = new Map();
  const failures = [];
  const skips = [];
  const started = Date.now();
  const fileOf = (name) => {
    const key = name ?? '(no file)';
    let state = files.get(key);
    if (!state) {
      state = { passed: 0, failed: 0, skipped: 0, output: [], path: [], ms: 0 };
      files.set(key, state);
    }
    return state;
  };

  // node reports a file's tests together, file after file: the next file's first event ends the last.
  let current;
  const printed = new Set();
  const finish = (file) => {
    if (file === undefined || printed.has(file)) return '';
    printed.add(file);
    return fileLine(file, fileOf(file), fileOf(file).ms);
  };
  for await (const { type, data } of source) {
    if (data?.file && data.file !== current && (type === 'test:start' || type === 'test:pass' || type === 'test:fail')) {
      const line = finish(current);
      current = data.file;
      if (line) yield line;
    }
    switch (type) {
      case 'test:start': {
        const state = fileOf(data.file);
        state.path.length = data.nesting;
        state.path[data.nesting] = data.name;
        break;
      }
      case 'test:stdout':
      case 'test:stderr':
        if (data.message) fileOf(data.file).output.push(data.message);
        break;
      case 'test:pass':
      case 'test:fail': {
        const state = fileOf(data.file);
        const path = [...state.path.slice(0, data.nesting), data.name].join(' › ');
        const isSuite = data.details?.type === 'suite';
        if (data.skip !== undefined && data.skip !== false) {
          // A skipped suite counts once, with its reason (a container test without an engine).
          state.skipped += 1;
          skips.push(`${shortFile(data.file)} › ${path}${typeof data.skip === 'string' ? `: ${data.skip}` : ''}`);
        } else if (data.todo !== undefined && data.todo !== false) {
          skips.push(`${shortFile(data.file)} › ${path} (todo${typeof data.todo === 'string' ? `: ${data.todo}` : ''})`);
        } else if (type === 'test:fail') {
          // A suite fails because a test in it failed (already reported), unless its own hook failed.
          const ownFailure = !isSuite || data.details?.error?.failureType !== 'subtestsFailed';
          if (ownFailure) {
            state.failed += 1;
            failures.push(`${paint(31, '✗')} ${shortFile(data.file)} › ${path}\n${describeError(data.details?.error).replace(/^/gm, '    ')}`);
          }
        } else if (!isSuite) {
          state.passed += 1;
        }
        if (data.nesting === 0) state.ms = (state.ms ?? 0) + (data.details?.duration_ms ?? 0);
        break;
      }
      default:
        break;
    }
  }

  const last = finish(current);
  if (last) yield last;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  for (const [file, state] of files) {
    passed += state.passed;
    failed += state.failed;
    skipped += state.skipped;
    if (state.failed > 0 && state.output.length > 0) failures.push(`${paint(2, `output of ${shortFile(file)}:`)}\n${state.output.join('').trimEnd().replace(/^/gm, '    ')}`);
  }
  if (skips.length > 0) yield `\n${paint(36, `Skipped (${skips.length}):`)}\n${skips.map((line) => `  - ${line}`).join('\n')}\n`;
  if (failures.length > 0) yield `\n${paint(31, `Failures (${failed}):`)}\n${failures.join('\n\n')}\n`;
  yield `\nunit: ${passed} passed, ${failed} failed, ${skipped} skipped in ${files.size} files (${seconds} s)\n`;
}

function fileLine(file, state, durationMs) {
  const mark = state.failed > 0 ? paint(31, '✗') : paint(32, '✓');
  const counts = `${state.passed} passed${state.failed ? `, ${state.failed} failed` : ''}${state.skipped ? `, ${state.skipped} skipped` : ''}`;
  return `  ${mark} ${shortFile(file)} ${paint(2, `(${counts}${durationMs !== undefined ? `, ${(durationMs / 1000).toFixed(1)} s` : ''})`)}\n`;
}
