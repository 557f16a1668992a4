/**
 * Small readers for untrusted input (a tenant file, an API body). Each one records a problem under the
 * dotted path of the field (`apps[0].settings.signOn.ssoAcsUrl`) instead of throwing, so one pass
 * reports the first bad field precisely and nothing downstream ever sees an unchecked value.
 */

export interface Issue {
  path: string;
  problem: string;
}

export class Issues {
  readonly list: Issue[] = [];
  add(path: string, problem: string): void {
    this.list.push({ path, problem });
  }
  get empty(): boolean {
    return this.list.length === 0;
  }
  /** `path: problem` lines, the form both the tenant loader and the API report. */
  lines(): string[] {
    return this.list.map(({ path, problem }) => `${path}: ${problem}`);
  }
}

export type Fields = Record<string, unknown>;

export const join = (path: string, key: string | number): string =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object field; absent gives `{}` unless required. */
export function readObject(parent: Fields, key: string, path: string, issues: Issues, required = false): Fields {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (required) issues.add(join(path, key), 'is required');
    return {};
  }
  if (!isObject(value)) {
    issues.add(join(path, key), 'must be an object');
    return {};
  }
  return value;
}

export function readArray(parent: Fields, key: string, path: string, issues: Issues): unknown[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.add(join(path, key), 'must be a list');
    return [];
  }
  return value;
}

interface StringRule {
  required?: boolean;
  absoluteUrl?: boolean;
  maxLength?: number;
}

export function readString(parent: Fields, key: string, path: string, issues: Issues, rule: StringRule = {}): string | undefined {
  const value = parent[key];
  const at = join(path, key);
  if (value === undefined || value === null || value === '') {
    if (rule.required) issues.add(at, 'is required');
    return value === '' ? '' : undefined;
  }
  if (typeof value !== 'string') {
    issues.add(at, 'must be a string');
    return undefined;
  }
  if (value.length > (rule.maxLength ?? 1024)) {
    issues.add(at, `must be at most ${rule.maxLength ?? 1024} characters`);
    return undefined;
  }
  if (rule.absoluteUrl && !isAbsoluteUrl(value)) {
    issues.add(at, 'must be an absolute URL');
    return undefined;
  }
  return value;
}

export function readBoolean(parent: Fields, key: string, path: string, issues: Issues): boolean | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') {
    issues.add(join(path, key), 'must be true or false');
    return undefined;
  }
  return value;
}

export function readOneOf<T extends string>(parent: Fields, key: string, path: string, issues: Issues, allowed: readonly T[]): T | undefined {
  const value = parent[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    issues.add(join(path, key), `must be one of ${allowed.join(', ')}`);
    return undefined;
  }
  return value as T;
}

export function readStringList(parent: Fields, key: string, path: string, issues: Issues): string[] {
  const out: string[] = [];
  readArray(parent, key, path, issues).forEach((item, index) => {
    if (typeof item === 'string' && item !== '') out.push(item);
    else issues.add(join(join(path, key), index), 'must be a non-empty string');
  });
  return out;
}

export function isAbsoluteUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
