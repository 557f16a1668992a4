// Running a property: seeded, bounded, and replayable. Every run prints nothing when it passes; a
// failure's message starts with the line that replays it (`FUZZ_SEED=… FUZZ_PATH=…`), then
// fast-check's own report (the shrunk counterexample).
//
//   FUZZ_SEED=<int>   run with this seed (default: a fresh one per run, so CI explores new inputs)
//   FUZZ_PATH=<path>  with FUZZ_SEED, jump straight to the failing (shrunk) case
//   FUZZ_RUNS=<x>     multiply every property's number of runs (e.g. 10 for a long local session)
import fc from 'fast-check';

export interface FuzzOptions {
  /** How many inputs to try (before FUZZ_RUNS scaling). Keep it small: these run in `npm test`. */
  numRuns: number;
  /** Stop generating new inputs after this long (ms); shrinking a failure still completes. */
  timeLimitMs?: number;
}

function envInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n)) throw new Error(`${name} must be an integer, got ${raw}`);
  return n;
}

/** fast-check parameters for one property, from the options and the FUZZ_* variables. */
export function fuzzParameters<T>(options: FuzzOptions): fc.Parameters<T> {
  const seed = envInt('FUZZ_SEED') ?? (Date.now() ^ Math.floor(Math.random() * 0x7fffffff)) | 0;
  const path = process.env.FUZZ_PATH;
  const scale = envInt('FUZZ_RUNS') ?? 1;
  return {
    seed,
    numRuns: Math.max(1, options.numRuns * scale),
    ...(path && process.env.FUZZ_SEED ? { path } : {}),
    ...(options.timeLimitMs !== undefined ? { interruptAfterTimeLimit: options.timeLimitMs * scale, markInterruptAsFailure: false } : {}),
    endOnFailure: false,
  };
}

function replayLine(details: { seed: number; counterexamplePath: string | null; errorInstance?: unknown }): string {
  const path = details.counterexamplePath ? ` FUZZ_PATH=${details.counterexamplePath}` : '';
  const err = details.errorInstance;
  const why = err === undefined || err === null ? '' : `\n${err instanceof Error ? err.message : String(err)}`;
  return `replay with: FUZZ_SEED=${details.seed}${path}${why}`;
}

/** Runs a synchronous property; throws with the replay line on failure. */
export function checkProperty<T>(property: fc.IProperty<T>, options: FuzzOptions): void {
  const details = fc.check(property, fuzzParameters<T>(options));
  if (details.failed) throw new Error(`${replayLine(details)}\n${fc.defaultReportMessage(details)}`);
}

/** Runs an asynchronous property (e.g. HTTP requests); throws with the replay line on failure. */
export async function checkAsyncProperty<T>(property: fc.IAsyncProperty<T>, options: FuzzOptions): Promise<void> {
  const details = await fc.check(property, fuzzParameters<T>(options));
  if (details.failed) throw new Error(`${replayLine(details)}\n${await fc.asyncDefaultReportMessage(details)}`);
}
