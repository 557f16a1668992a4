/**
 * Values a declarative driver reads: a template (`'{response.json.email}'`), or a part of the page
 * (`{ text: '#email' }`, `{ attribute: '.error', name: data-code }`, `{ value: 'input[name=key]' }`,
 * `{ exists: '#account' }`, `{ url: pathname }`), each optionally mapped through a vocabulary
 * (`map: roles`) and given a default. Objects whose keys are none of those nest:
 * `{ organization: { id: '{response.json.id}' } }`. Lists: `{ list: '{response.json.members}', item: {
 * email: '{item.email}' } }` from JSON, or `{ rows: 'tr.member', item: { email: { text: 'td.email' } } }`
 * from the page (selectors inside a row are relative to it; `:scope` is the row itself).
 */
import type { Locator, Page } from 'playwright-core';
import { evaluate, MissingValueError, parseTemplate, TemplateError, type Template, type Vocabularies } from './template.ts';

const PAGE_READS = ['text', 'attribute', 'value', 'exists', 'url'] as const;
type PageRead = (typeof PAGE_READS)[number];

export type Source =
  | { kind: 'template'; template: Template }
  | { kind: 'page'; read: PageRead; selector: Template | undefined; name: string | undefined; map: string | undefined; fallback: unknown; where: string }
  | { kind: 'object'; fields: Record<string, Source> }
  | { kind: 'list'; list: Template; item: Source }
  | { kind: 'rows'; rows: Template; item: Source }
  | { kind: 'literal'; value: unknown };

export interface SourceScope {
  roots: ReadonlySet<string>;
  vocabularies: Vocabularies;
  /** No page in this method (createSsoOrganization): only templates. */
  browserless: boolean;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export function parseSource(raw: unknown, where: string, scope: SourceScope): Source {
  if (typeof raw === 'string') return { kind: 'template', template: parseTemplate(raw, where, scope.roots, scope.vocabularies) };
  if (typeof raw === 'number' || typeof raw === 'boolean' || raw === null) return { kind: 'literal', value: raw };
  if (!isRecord(raw)) throw new TemplateError(`${where}: a template string, a page read ({ text: selector } …) or an object of them`);
  if ('list' in raw || 'rows' in raw) {
    const by = 'list' in raw ? 'list' : 'rows';
    if (Object.keys(raw).some((key) => key !== by && key !== 'item') || !isRecord(raw['item']) || typeof raw[by] !== 'string') {
      throw new TemplateError(`${where}: { ${by}: ${by === 'list' ? "'{response.json.items}'" : 'CSS selector of a row'}, item: { field: value } }`);
    }
    if (by === 'rows' && scope.browserless) throw new TemplateError(`${where}: this method has no browser page; use list:`);
    const itemScope = { ...scope, roots: new Set([...scope.roots, 'item']) };
    const item = parseSource(raw['item'], `${where}.item`, itemScope);
    const source = parseTemplate(raw[by] as string, `${where}.${by}`, scope.roots, scope.vocabularies);
    return by === 'list' ? { kind: 'list', list: source, item } : { kind: 'rows', rows: source, item };
  }
  const reads = PAGE_READS.filter((read) => read in raw);
  if (reads.length === 0) {
    const fields: Record<string, Source> = {};
    for (const [key, value] of Object.entries(raw)) fields[key] = parseSource(value, `${where}.${key}`, scope);
    return { kind: 'object', fields };
  }
  if (reads.length > 1) throw new TemplateError(`${where}: one of ${PAGE_READS.join(', ')}, not ${reads.join(' and ')}`);
  if (scope.browserless) throw new TemplateError(`${where}: this method has no browser page to read; use a template such as '{response.json.id}'`);
  const read = reads[0]!;
  const unknown = Object.keys(raw).filter((key) => !['name', 'map', 'default', read].includes(key));
  if (unknown.length) throw new TemplateError(`${where}: unknown key ${unknown.join(', ')} (a page read takes name, map, default)`);
  if (read === 'attribute' && typeof raw['name'] !== 'string') throw new TemplateError(`${where}: attribute needs name: the attribute to read`);
  const map = raw['map'];
  if (map !== undefined && (typeof map !== 'string' || !Object.hasOwn(scope.vocabularies, map))) {
    throw new TemplateError(`${where}.map: names no vocabulary; the file's vocabularies: ${Object.keys(scope.vocabularies).join(', ') || 'none'}`);
  }
  const target = raw[read];
  if (read === 'url') {
    if (target !== 'pathname' && target !== 'href') throw new TemplateError(`${where}.url: pathname or href`);
  } else if (typeof target !== 'string' || !target) {
    throw new TemplateError(`${where}.${read}: a CSS selector`);
  }
  return {
    kind: 'page',
    read,
    selector: read === 'url' ? undefined : parseTemplate(target as string, `${where}.${read}`, scope.roots, scope.vocabularies),
    name: typeof raw['name'] === 'string' ? raw['name'] : read === 'url' ? (target as string) : undefined,
    map: map as string | undefined,
    fallback: raw['default'],
    where,
  };
}

export interface ReadContext {
  page: Page | undefined;
  /** Where page reads are looked for: the page, or a row of a list. */
  within: Locator | undefined;
  values: Readonly<Record<string, unknown>>;
  vocabularies: Vocabularies;
  /** How long a page read waits for its element. */
  timeoutMs: number;
}

export async function readSource(source: Source, context: ReadContext, where: string): Promise<unknown> {
  switch (source.kind) {
    case 'literal':
      return source.value;
    case 'template':
      return evaluate(source.template, context.values, context.vocabularies, where);
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, field] of Object.entries(source.fields)) out[key] = await readSource(field, context, `${where}.${key}`);
      return out;
    }
    case 'list': {
      const items = evaluate(source.list, context.values, context.vocabularies, where);
      if (!Array.isArray(items)) throw new MissingValueError(`${where}: ${source.list.source} is not a list: ${JSON.stringify(items)?.slice(0, 200)}`);
      const out: unknown[] = [];
      for (const [index, item] of items.entries()) out.push(await readSource(source.item, { ...context, values: { ...context.values, item } }, `${where}[${index}]`));
      return out;
    }
    case 'rows': {
      if (!context.page) throw new MissingValueError(`${where}: no browser page here`);
      const selector = String(evaluate(source.rows, context.values, context.vocabularies, where));
      const out: unknown[] = [];
      for (const [index, row] of (await context.page.locator(selector).all()).entries()) {
        out.push(await readSource(source.item, { ...context, within: row }, `${where}[${index}]`));
      }
      return out;
    }
    case 'page': {
      const value = await readPage(source, context);
      if (value === undefined || value === null) {
        if (source.fallback !== undefined) return source.fallback;
        throw new MissingValueError(`${source.where}: nothing to read (${source.read} ${source.selector?.source ?? source.name ?? ''}) on ${context.page?.url() ?? 'no page'}`);
      }
      if (source.map && typeof value === 'string') {
        const words = context.vocabularies[source.map]!;
        return Object.hasOwn(words, value) ? words[value] : value;
      }
      return value;
    }
  }
}

async function readPage(source: Extract<Source, { kind: 'page' }>, context: ReadContext): Promise<unknown> {
  const page = context.page;
  if (!page) throw new MissingValueError(`${source.where}: no browser page here`);
  if (source.read === 'url') {
    const url = new URL(page.url());
    return source.name === 'href' ? url.href : url.pathname;
  }
  const selector = String(evaluate(source.selector!, context.values, context.vocabularies, source.where));
  const locator = (selector === ':scope' && context.within ? context.within : (context.within ?? page).locator(selector)).first();
  if (source.read === 'exists') return (await locator.count()) > 0;
  if ((await locator.count()) === 0) {
    // A read with a default takes the page as it is; one without may be early (a page that renders
    // after load) and waits within the step's time.
    if (source.fallback !== undefined) return undefined;
    await locator.waitFor({ state: 'attached', timeout: context.timeoutMs }).catch(() => undefined);
    if ((await locator.count()) === 0) return undefined;
  }
  switch (source.read) {
    case 'text':
      return (await locator.innerText()).trim();
    case 'value':
      return await locator.inputValue();
    case 'attribute':
      return await locator.getAttribute(source.name!);
  }
}
