/**
 * Fills the values only the harness knows at run time into a case's mutations, just before the fault
 * is set on the mock IdP. The mock fills its own ({original}, {now±N}); anything else in braces that
 * is not listed here is left for it.
 *
 *   {victim.email} {attacker.email}   the people of the fixture part the case runs in
 *   {dormant.email}                   an invited member who never signed in (the owner's without invitations)
 *   {victim.email.length}             a number: where to cut the victim's email (comment injection)
 *   {canary.url}                      a URL on the mock that records any fetch (XXE, jku, x5u)
 *   {other-app.id}                    another SAML app of the org (a key trusted for another tenant)
 *   {acs.upper-host} {acs.upper-path} the SP's ACS with the host, or the path, in upper case
 *   {padding:N}                       N characters of filler
 */
import type { MutationSpec } from './catalogue.ts';

export interface PlaceholderValues {
  victimEmail: string;
  /** An invited member who never signed in (no IdP subject linked); the victim's when there is none. */
  dormantEmail: string;
  attackerEmail: string;
  canaryUrl: string;
  otherAppId: string | undefined;
  acsUrl: string | undefined;
}

export class PlaceholderError extends Error {
  readonly code = 'HARNESS_CATALOGUE_INVALID';
}

function upperHost(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host.toUpperCase()}${parsed.pathname}${parsed.search}`;
}

function upperPath(url: string): string {
  const parsed = new URL(url);
  return `${parsed.origin}${parsed.pathname.toUpperCase()}${parsed.search}`;
}

function valueOf(key: string, values: PlaceholderValues): string | number | undefined {
  const need = (value: string | undefined, what: string): string => {
    if (value === undefined) throw new PlaceholderError(`{${key}} needs ${what}, which this fixture part has not`);
    return value;
  };
  const padding = /^padding:(\d{1,7})$/.exec(key);
  if (padding) return 'A'.repeat(Number(padding[1]));
  switch (key) {
    case 'victim.email':
      return values.victimEmail;
    case 'dormant.email':
      return values.dormantEmail;
    case 'victim.email.length':
      return values.victimEmail.length;
    case 'attacker.email':
      return values.attackerEmail;
    case 'canary.url':
      return values.canaryUrl;
    case 'other-app.id':
      return need(values.otherAppId, 'a second SAML app');
    case 'acs.upper-host':
      return upperHost(need(values.acsUrl, "the SP's ACS URL"));
    case 'acs.upper-path':
      return upperPath(need(values.acsUrl, "the SP's ACS URL"));
    default:
      return undefined;
  }
}

const PLACEHOLDER = /\{([a-z][a-z0-9.:-]*)\}/g;

function fillValue(value: unknown, values: PlaceholderValues): unknown {
  if (typeof value === 'string') {
    const whole = /^\{([a-z][a-z0-9.:-]*)\}$/.exec(value);
    if (whole) {
      const filled = valueOf(whole[1]!, values);
      if (filled !== undefined) return filled;
    }
    return value.replace(PLACEHOLDER, (match, key: string) => {
      const filled = valueOf(key, values);
      return filled === undefined ? match : String(filled);
    });
  }
  if (Array.isArray(value)) return value.map((item) => fillValue(item, values));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fillValue(item, values)]));
  }
  return value;
}

export function fillPlaceholders(mutations: MutationSpec[], values: PlaceholderValues): MutationSpec[] {
  return mutations.map((mutation) => fillValue(mutation, values) as MutationSpec);
}
