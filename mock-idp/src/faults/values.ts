/**
 * Values in mutation params may depend on what they replace and on the time they are applied, so a
 * fault written once (in a catalogue, a tenant file) means the same thing at every run:
 *
 *   "{original}1"     the original value with "1" appended (the OpenID conformance suite's corruption)
 *   "{now}"           the time of application; SAML gets an ISO instant, OIDC seconds since the epoch
 *   "{now-6m}"        6 minutes before; units s, m, h, d ("{now+1h}", "{now-7d}")
 *
 * A template that is exactly one `{now…}` token becomes the time itself (a number for OIDC); anywhere
 * else in a string, tokens are replaced by their text. Anything that is not a string is used as is.
 */
import type { Issues } from '../tenant/fields.ts';

const TOKEN = /\{(original|now(?:[+-]\d{1,9}[smhd])?)\}/g;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

export type TimeStyle = 'iso' | 'epoch-seconds';

function timeOf(token: string, now: Date): Date {
  const m = /^now(?:([+-])(\d+)([smhd]))?$/.exec(token)!;
  if (!m[1]) return now;
  const offset = Number(m[2]) * UNIT_MS[m[3] as keyof typeof UNIT_MS];
  return new Date(now.getTime() + (m[1] === '+' ? offset : -offset));
}

function formatTime(time: Date, style: TimeStyle): string | number {
  return style === 'iso' ? time.toISOString() : Math.floor(time.getTime() / 1000);
}

/** Evaluates a template against the value it replaces (undefined when there was none) and the clock. */
export function evaluateValue(template: unknown, original: unknown, now: Date, style: TimeStyle): unknown {
  if (typeof template !== 'string') return template;
  const whole = /^\{(now(?:[+-]\d{1,9}[smhd])?)\}$/.exec(template);
  if (whole) return formatTime(timeOf(whole[1]!, now), style);
  return template.replace(TOKEN, (_match, token: string) =>
    token === 'original' ? (original === undefined ? '' : typeof original === 'string' ? original : JSON.stringify(original)) : String(formatTime(timeOf(token, now), style)),
  );
}

/** Checks that braces in a template are only the known tokens, so a typo is refused when set. */
export function checkTemplate(value: unknown, path: string, issues: Issues): void {
  if (typeof value !== 'string') return;
  const stripped = value.replace(TOKEN, '');
  if (/\{[a-z+\-0-9]*\}/i.test(stripped)) issues.add(path, 'uses an unknown {token}: only {original}, {now}, {now±N[s|m|h|d]}');
}
