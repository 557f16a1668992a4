/**
 * Readers for SAML mutation params, on top of ../../tenant/fields.ts: every problem is recorded under
 * its field path (`mutations[0].params.target`) when the fault is set, so a bad fault is refused then.
 */
import { Issues, join, readOneOf, readString, type Fields } from '../../tenant/fields.ts';
import { checkTemplate } from '../values.ts';

/** Refuses params this mutation does not take (a typo would otherwise be silently ignored). */
export function onlyParams(raw: Fields, path: string, issues: Issues, allowed: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) issues.add(join(path, key), allowed.length ? `is not a param of this mutation (${allowed.join(', ')})` : 'is not a param of this mutation (it takes none)');
  }
}

/** One step of a target path: an element's local name and its 1-based position among same-named siblings. */
export interface PathStep {
  name: string;
  index: number;
}

/** A target: a path of local names from the root, e.g. `Response/Assertion/AttributeStatement/Attribute[2]`. */
export interface TargetPath {
  text: string;
  steps: PathStep[];
}

const STEP = /^([A-Za-z_][A-Za-z0-9_.-]{0,99})(?:\[([1-9][0-9]{0,3})\])?$/;
const MAX_STEPS = 16;

export function parseTargetPath(text: string): TargetPath | string {
  const parts = text.split('/');
  if (parts.length > MAX_STEPS) return `must have at most ${MAX_STEPS} steps`;
  const steps: PathStep[] = [];
  for (const part of parts) {
    const match = STEP.exec(part);
    if (!match) return `step "${part}" is not a local name with an optional [n] (n from 1), e.g. Response/Assertion/AttributeStatement/Attribute[2]`;
    steps.push({ name: match[1]!, index: match[2] ? Number(match[2]) : 1 });
  }
  if (steps[0]!.name !== 'Response' || steps[0]!.index !== 1) return 'must start at the root, Response';
  return { text, steps };
}

export function readTarget(raw: Fields, key: string, path: string, issues: Issues, fallback?: string): TargetPath | undefined {
  const text = readString(raw, key, path, issues, { required: fallback === undefined, maxLength: 400 }) || fallback;
  if (text === undefined) return undefined;
  const parsed = parseTargetPath(text);
  if (typeof parsed === 'string') {
    issues.add(join(path, key), parsed);
    return undefined;
  }
  return parsed;
}

/** A value template (`{original}1`, `{now-6m}`), checked for unknown tokens. */
export function readTemplate(raw: Fields, key: string, path: string, issues: Issues, required = true): string | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (required) issues.add(join(path, key), 'is required');
    return undefined;
  }
  if (typeof value !== 'string') {
    issues.add(join(path, key), 'must be a string');
    return undefined;
  }
  if (value.length > 8192) {
    issues.add(join(path, key), 'must be at most 8192 characters');
    return undefined;
  }
  checkTemplate(value, join(path, key), issues);
  return value;
}

/** The identity the forged part of an attack claims: an email (the harness passes the victim's). */
export function readIdentity(raw: Fields, path: string, issues: Issues): string {
  const identity = readString(raw, 'identity', path, issues, { required: true, maxLength: 320 });
  if (identity && /[\s<>&"]/.test(identity)) issues.add(join(path, 'identity'), 'must be an email-like value without spaces or markup');
  return identity ?? '';
}

/** A choice the mutation cannot do without (`variant`, `position`): one of `allowed`. */
export function readChoice<T extends string>(raw: Fields, key: string, path: string, issues: Issues, allowed: readonly T[]): T | undefined {
  const value = readOneOf(raw, key, path, issues, allowed);
  // null is JSON's "no value": a required choice it leaves out is refused, not defaulted.
  if (raw[key] === undefined || raw[key] === null) issues.add(join(path, key), `is required (${allowed.join(', ')})`);
  return value;
}

/** Params of the mutations that take none. */
export function readNoParams(raw: Fields, path: string, issues: Issues): Record<string, never> {
  onlyParams(raw, path, issues, []);
  return {};
}

/** Params of the attacks that take only the identity to claim. */
export function readIdentityOnly(raw: Fields, path: string, issues: Issues): { identity: string } {
  onlyParams(raw, path, issues, ['identity']);
  return { identity: readIdentity(raw, path, issues) };
}

export function readInteger(raw: Fields, key: string, path: string, issues: Issues, rule: { min: number; max: number; required?: boolean }): number | undefined {
  const value = raw[key];
  if (value === undefined || value === null) {
    if (rule.required) issues.add(join(path, key), 'is required');
    return undefined;
  }
  if (typeof value !== 'number' || !Number.isInteger(value) || value < rule.min || value > rule.max) {
    issues.add(join(path, key), `must be a whole number from ${rule.min} to ${rule.max}`);
    return undefined;
  }
  return value;
}

export const ATTRIBUTE_NAME = /^([A-Za-z_][\w.-]*:)?[A-Za-z_][\w.-]*$/;

/** An attribute name as it may appear on an element: a local name, optionally prefixed. */
export function readAttributeName(raw: Fields, key: string, path: string, issues: Issues): string | undefined {
  const name = readString(raw, key, path, issues, { required: true, maxLength: 200 });
  if (name && !ATTRIBUTE_NAME.test(name)) issues.add(join(path, key), 'must be an XML attribute name, e.g. Destination or xsi:type');
  if (name && /^xmlns(:|$)/.test(name)) issues.add(join(path, key), 'must not be a namespace declaration');
  return name;
}
