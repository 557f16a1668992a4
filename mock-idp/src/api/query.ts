/**
 * Okta's list queries, evaluated over the JSON the API returns (`profile.login`, `status`,
 * `lastUpdated`, `credentials.signing.kid`, …):
 *
 *   filter  a few properties per resource, `eq` (and `gt` `ge` `lt` `le` on dates), `and` / `or`,
 *           values compared exactly
 *   search  most properties, `eq` `sw` `co` `pr` `gt` `ge` `lt` `le`, `and` / `or`, parentheses,
 *           values compared without regard to case (Okta's own rule for search)
 *
 * Expressions are parsed by scim2-parse-filter (Okta's grammar is SCIM's filter grammar); what Okta
 * does not support (`ne`, `ew`, `not`, `attr[…]`), a property a dialect does not allow, an operator
 * a property does not take, or a date that does not parse is 400 E0000031 naming the problem.
 * Date properties compare as instants; a property whose value is a list matches when any item does.
 */
import { parse, type Filter } from 'scim2-parse-filter';
import { OktaApiError } from '../errors.ts';

export type Operator = 'eq' | 'sw' | 'co' | 'pr' | 'gt' | 'ge' | 'lt' | 'le';

const DATE_PROPERTIES = new Set(['created', 'lastUpdated', 'statusChanged', 'activated', 'lastMembershipUpdated', 'passwordChanged', 'lastLogin']);

/** Longer expressions are refused before parsing: nothing legitimate needs more. */
export const MAX_EXPRESSION_LENGTH = 4096;

export interface QueryDialect {
  /** `filter` or `search`: the parameter the problem is reported under. */
  parameter: string;
  /** The operators a property takes here, or undefined when the property cannot be queried. */
  operatorsFor(property: string): readonly Operator[] | undefined;
  caseSensitive: boolean;
}

export type Predicate = (json: unknown) => boolean;

export const invalidSearch = (cause: string): OktaApiError => new OktaApiError('E0000031', 400, 'Invalid search criteria.', [cause]);

function valueAt(json: unknown, path: string): unknown {
  let current: unknown = json;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = Object.prototype.hasOwnProperty.call(current, key) ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

type Comparable = string | number | boolean;

function instant(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : time;
}

function compile(node: Filter, dialect: QueryDialect): Predicate {
  switch (node.op) {
    case 'and':
    case 'or': {
      const parts = (node as { filters: Filter[] }).filters.map((part) => compile(part, dialect));
      return node.op === 'and' ? (json) => parts.every((part) => part(json)) : (json) => parts.some((part) => part(json));
    }
    case 'pr':
    case 'eq':
    case 'sw':
    case 'co':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return compileComparison(node as { op: Operator; attrPath: string; compValue?: unknown }, dialect);
    default:
      throw invalidSearch(`${dialect.parameter}: the operator "${node.op}" is not supported`);
  }
}

function compileComparison(node: { op: Operator; attrPath: string; compValue?: unknown }, dialect: QueryDialect): Predicate {
  const { op, attrPath } = node;
  const allowed = dialect.operatorsFor(attrPath);
  if (!allowed) throw invalidSearch(`${dialect.parameter}: "${attrPath}" cannot be queried`);
  if (!allowed.includes(op)) throw invalidSearch(`${dialect.parameter}: "${attrPath}" does not take the operator ${op}`);
  if (op === 'pr') return (json) => present(valueAt(json, attrPath));
  const wanted = node.compValue;
  if (wanted === null || (typeof wanted !== 'string' && typeof wanted !== 'number' && typeof wanted !== 'boolean')) {
    throw invalidSearch(`${dialect.parameter}: "${attrPath} ${op}" needs a value`);
  }
  const isDate = DATE_PROPERTIES.has(attrPath);
  const wantedTime = isDate ? instant(wanted) : undefined;
  if (isDate && wantedTime === undefined) throw invalidSearch(`${dialect.parameter}: "${String(wanted)}" is not a date`);
  const test = (actual: unknown): boolean => {
    if (isDate) {
      const time = instant(actual);
      return time !== undefined && ordered(op, time, wantedTime!);
    }
    if (typeof actual !== 'string' && typeof actual !== 'number' && typeof actual !== 'boolean') return false;
    return compare(op, actual, wanted, dialect.caseSensitive);
  };
  return (json) => {
    const actual = valueAt(json, attrPath);
    return Array.isArray(actual) ? actual.some(test) : test(actual);
  };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

function ordered(op: Operator, actual: number | string, wanted: number | string): boolean {
  switch (op) {
    case 'gt':
      return actual > wanted;
    case 'ge':
      return actual >= wanted;
    case 'lt':
      return actual < wanted;
    case 'le':
      return actual <= wanted;
    default:
      return actual === wanted;
  }
}

function compare(op: Operator, actual: Comparable, wanted: Comparable, caseSensitive: boolean): boolean {
  if (typeof actual !== typeof wanted) {
    // Okta's query values are strings; `true` and `5` without quotes mean the same as quoted.
    return compare(op, String(actual), String(wanted), caseSensitive);
  }
  if (typeof actual !== 'string') return ordered(op, actual as number, wanted as number);
  const [left, right] = caseSensitive ? [actual, wanted as string] : [actual.toLowerCase(), (wanted as string).toLowerCase()];
  if (op === 'sw') return left.startsWith(right);
  if (op === 'co') return left.includes(right);
  return ordered(op, left, right);
}

/** The predicate an expression stands for; E0000031 when Okta would refuse it. */
export function compileQuery(expression: string, dialect: QueryDialect): Predicate {
  if (expression.length > MAX_EXPRESSION_LENGTH) throw invalidSearch(`${dialect.parameter}: longer than ${MAX_EXPRESSION_LENGTH} characters`);
  let tree: Filter;
  try {
    tree = parse(expression);
  } catch {
    throw invalidSearch(`${dialect.parameter}: not a valid expression`);
  }
  return compile(tree, dialect);
}

/** A dialect from a table of properties and their operators; `profile.*` entries allow any profile property. */
export function dialect(parameter: 'filter' | 'search', table: Record<string, readonly Operator[]>, caseSensitive: boolean): QueryDialect {
  return {
    parameter,
    caseSensitive,
    operatorsFor: (property) =>
      Object.prototype.hasOwnProperty.call(table, property)
        ? table[property]
        : property.startsWith('profile.') && /^profile\.[A-Za-z0-9_]+$/.test(property) && Object.prototype.hasOwnProperty.call(table, 'profile.*')
          ? table['profile.*']
          : undefined,
  };
}

export const EQ: readonly Operator[] = ['eq'];
export const DATE_FILTER: readonly Operator[] = ['eq', 'gt', 'ge', 'lt', 'le'];
export const SEARCH: readonly Operator[] = ['eq', 'sw', 'pr', 'gt', 'ge', 'lt', 'le'];
export const SEARCH_CONTAINS: readonly Operator[] = [...SEARCH, 'co'];
