// The property every fuzzed answer must have: a success, a redirect, or a coded refusal — a 4xx, or
// one of the server's documented 5xx (e.g. 502 when a provider is down, 503 when a limit is
// reached) — and never a stack trace or an internal path in the body.
import type { RawAnswer } from './http.ts';

/** What leaks internals: file paths of the code base, stack frames, source positions. */
export const LEAK_PATTERNS: readonly RegExp[] = [/\/work\//, /node_modules/, /\.ts:\d+/, /\.[cm]?js:\d+:\d+/, /\n\s+at [^\n]+\(/, /\bat (?:async )?[\w.<>]+ \(\//];

export interface CodedAnswerOptions {
  /** 5xx statuses the server documents (each must still carry a code). Default: none. */
  allowedServerStatuses?: readonly number[];
  /** Reads the error code of a refusal from its body; undefined when there is none. */
  codeOf?: (answer: RawAnswer) => string | undefined;
  /** Statuses that need no code (e.g. 304); 1xx–3xx never need one. */
  uncodedStatuses?: readonly number[];
}

/** Default code reader: `data-error-code="…"` in an HTML page, or `error.code` / `errorCode` in JSON. */
export function defaultCodeOf(answer: RawAnswer): string | undefined {
  const html = /data-error-code="([A-Z0-9_]+)"/.exec(answer.body)?.[1];
  if (html) return html;
  try {
    const j = JSON.parse(answer.body) as { error?: { code?: unknown } | unknown; errorCode?: unknown };
    const nested = j.error && typeof j.error === 'object' ? (j.error as { code?: unknown }).code : undefined;
    if (typeof nested === 'string') return nested;
    if (typeof j.errorCode === 'string') return j.errorCode;
  } catch {
    // not JSON
  }
  return undefined;
}

/** Throws (with the request and a slice of the body) unless the answer is a success or a coded refusal. */
export function assertCodedAnswer(answer: RawAnswer, what: string, options: CodedAnswerOptions = {}): void {
  const fail = (why: string): never => {
    throw new Error(`${what} → ${answer.status}: ${why}\n${answer.body.slice(0, 600)}`);
  };
  for (const pattern of LEAK_PATTERNS) if (pattern.test(answer.body)) fail(`the body leaks internals (${pattern})`);
  if (answer.status < 100 || answer.status > 599) fail('not an HTTP status');
  if (answer.status < 400 || (options.uncodedStatuses ?? []).includes(answer.status)) return;
  if (answer.status >= 500 && !(options.allowedServerStatuses ?? []).includes(answer.status)) fail('a server error');
  const code = (options.codeOf ?? defaultCodeOf)(answer);
  if (!code) fail('a refusal without an error code');
}
