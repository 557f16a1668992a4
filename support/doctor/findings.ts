/** What the checks of one message found: causes (the SP would refuse it) and notes (worth knowing). */
import type { Cause, CauseCode } from './codes.ts';

export class Findings {
  readonly causes: Cause[] = [];
  readonly notes: string[] = [];

  cause(code: CauseCode, problem: string, fix: string): void {
    this.causes.push({ code, problem, fix });
  }

  note(text: string): void {
    this.notes.push(text);
  }
}

/** When the doctor judges time-bound values, and why that time. */
export interface CheckTime {
  at: Date;
  /** `--at`, `the time the browser sent it (HAR)`, `now`. */
  from: string;
  skewSeconds: number;
}

/** `7 min 30 s`, `2 h 5 min`, `3 d 4 h` — the size of a time difference. */
export function duration(ms: number): string {
  const seconds = Math.round(Math.abs(ms) / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return seconds % 60 ? `${minutes} min ${seconds % 60} s` : `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

/** An ISO instant as milliseconds, or undefined when it does not parse. */
export function instant(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
