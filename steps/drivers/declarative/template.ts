/**
 * Templates of a declarative driver: `{path | filter:arg | …}` inside strings. A string that is one
 * placeholder and nothing else keeps the value's own type (a boolean stays a boolean, a list a list),
 * so `allowIdpInitiated: '{options.allowIdpInitiated | default:false}'` sends JSON `false`.
 *
 * Parsed once, at load, so a typo (an unknown filter, a vocabulary that does not exist, a value the
 * method does not have) is a HARNESS_DRIVER_INVALID with its place in the file, not a failed scenario.
 */

export type Vocabularies = Readonly<Record<string, Readonly<Record<string, string>>>>;

interface Filter {
  name: FilterName;
  arg: string | undefined;
}

interface Placeholder {
  path: string[];
  filters: Filter[];
}

/** A parsed template: literal text and placeholders, in order. */
export interface Template {
  source: string;
  parts: (string | Placeholder)[];
}

/** What each filter does; the argument after `:` is text, read as JSON when it is a JSON literal. */
export const FILTERS = {
  default: 'the argument when the value is missing, null or empty',
  urlencode: 'percent-encoded for a URL path or query (encodeURIComponent)',
  join: 'a list joined with the argument (default ", ")',
  split: 'text split at the argument (default ","), trimmed, empty parts dropped',
  eq: 'true when the value equals the argument, else false',
  not: 'the opposite truth value',
  lower: 'lower case',
  upper: 'upper case',
  trim: 'surrounding white space removed',
  json: 'the value as JSON text',
  map: "the value looked up in the vocabulary the argument names (a word it does not list is kept as it is)",
} as const;
export type FilterName = keyof typeof FILTERS;

export class TemplateError extends Error {
  readonly code = 'HARNESS_DRIVER_INVALID';
}

const PLACEHOLDER = /\{([^{}]*)\}/g;
const PATH = /^[A-Za-z_][\w-]*(\.[\w-]+)*$/;

/** Parses a template; `roots` are the names the method offers (input, org, idp, …), checked here. */
export function parseTemplate(source: string, where: string, roots: ReadonlySet<string>, vocabularies: Vocabularies): Template {
  const parts: (string | Placeholder)[] = [];
  let last = 0;
  for (const match of source.matchAll(PLACEHOLDER)) {
    if (match.index > last) parts.push(source.slice(last, match.index));
    const [expression = '', ...filterTexts] = match[1]!.split('|').map((part) => part.trim());
    if (!PATH.test(expression)) throw new TemplateError(`${where}: "{${match[1]}}" does not name a value (e.g. {idp.ssoUrl})`);
    const path = expression.split('.');
    if (!roots.has(path[0]!)) throw new TemplateError(`${where}: {${expression}}: "${path[0]}" is not available here; available: ${[...roots].sort().join(', ')}`);
    const filters = filterTexts.map((text): Filter => {
      const at = text.indexOf(':');
      const name = (at < 0 ? text : text.slice(0, at)).trim();
      const arg = at < 0 ? undefined : text.slice(at + 1);
      if (!Object.hasOwn(FILTERS, name)) throw new TemplateError(`${where}: unknown filter "${name}"; filters: ${Object.keys(FILTERS).join(', ')}`);
      if (name === 'map' && (arg === undefined || !Object.hasOwn(vocabularies, arg.trim()))) {
        throw new TemplateError(`${where}: map:${arg ?? ''} names no vocabulary; the file's vocabularies: ${Object.keys(vocabularies).join(', ') || 'none'}`);
      }
      return { name: name as FilterName, arg };
    });
    parts.push({ path, filters });
    last = match.index + match[0].length;
  }
  if (last < source.length) parts.push(source.slice(last));
  for (const part of parts) {
    if (typeof part === 'string' && /[{}]/.test(part)) throw new TemplateError(`${where}: unbalanced { } in "${source}"`);
  }
  return { source, parts };
}

export class MissingValueError extends Error {
  readonly code = 'HARNESS_DRIVER_STEP_FAILED';
}

function lookup(context: Readonly<Record<string, unknown>>, path: readonly string[]): unknown {
  let value: unknown = context;
  for (const segment of path) {
    if (value === null || value === undefined) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}

function literal(arg: string | undefined): unknown {
  if (arg === undefined) return undefined;
  try {
    return JSON.parse(arg) as unknown;
  } catch {
    return arg;
  }
}

function applyFilter(value: unknown, { name, arg }: Filter, vocabularies: Vocabularies): unknown {
  switch (name) {
    case 'default':
      return value === undefined || value === null || value === '' ? literal(arg) : value;
    case 'urlencode':
      return encodeURIComponent(String(value ?? ''));
    case 'join':
      return Array.isArray(value) ? value.join(arg ?? ', ') : value;
    case 'split':
      return String(value ?? '')
        .split(arg ?? ',')
        .map((part) => part.trim())
        .filter(Boolean);
    case 'eq':
      return String(value) === String(literal(arg));
    case 'not':
      return !value || value === 'false';
    case 'lower':
      return String(value ?? '').toLowerCase();
    case 'upper':
      return String(value ?? '').toUpperCase();
    case 'trim':
      return String(value ?? '').trim();
    case 'json':
      return JSON.stringify(value);
    case 'map': {
      const words = vocabularies[arg!.trim()]!;
      return typeof value === 'string' && Object.hasOwn(words, value) ? words[value] : value;
    }
  }
}

/** The template's value: typed when it is one placeholder, else text. A missing value is an error naming it. */
export function evaluate(template: Template, context: Readonly<Record<string, unknown>>, vocabularies: Vocabularies, where: string): unknown {
  const values = template.parts.map((part) => {
    if (typeof part === 'string') return part;
    let value = lookup(context, part.path);
    for (const filter of part.filters) value = applyFilter(value, filter, vocabularies);
    if (value === undefined) throw new MissingValueError(`${where}: {${part.path.join('.')}} has no value${describeRoot(context, part.path)}`);
    return value;
  });
  if (values.length === 1 && typeof template.parts[0] !== 'string') return values[0];
  return values.map((value) => (typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value))).join('');
}

/** For the error: what the first part of the path held, so a wrong JSON path is easy to fix. */
function describeRoot(context: Readonly<Record<string, unknown>>, path: readonly string[]): string {
  const root = context[path[0]!];
  if (root === undefined) return '';
  const text = JSON.stringify(root);
  return ` (${path[0]} is ${text && text.length > 300 ? `${text.slice(0, 300)}…` : text})`;
}
