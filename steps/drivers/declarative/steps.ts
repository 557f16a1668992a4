/**
 * The steps of a declarative driver's methods, one table: each kind parses its parameters at load
 * (so mistakes are reported with their place in the file) and runs them against the SP, in the
 * browser page the method was given or over HTTP.
 *
 *   goto: PATH_OR_URL            open a page (a path is on the SP)
 *   fill: { selector: value }    type into inputs            select: { selector: value }  pick options
 *   check: { selector: bool }    tick or untick checkboxes   click: selector
 *   upload: { selector: text }   set a file input to a file holding the text (metadata XML)
 *   waitFor: selector            wait until it is on the page
 *   request: { method, path | url, from, headers, json | form, expect, refused }   an HTTP call
 *   save: { name: source }       remember values as {saved.name}
 *   refuseIf: { selector | when, code }   the SP refused: configure… throws, updateSsoPolicy answers refused
 *   return: source               what the method gives back (last step)
 *
 * Any step may carry `when: '{template}'` (run only when true) or `unless:`.
 */
import type { Page } from 'playwright-core';
import { parseSource, readSource, type Source, type SourceScope } from './sources.ts';
import { evaluate, MissingValueError, parseTemplate, TemplateError, type Template, type Vocabularies } from './template.ts';

export interface HttpAnswer {
  status: number;
  /** The body parsed as JSON, or undefined when it is not JSON. */
  json: unknown;
  text: string;
  headers: Record<string, string>;
}

/** What a running method holds: its inputs, what the steps saved, the last HTTP answer. */
export interface RunState {
  page: Page | undefined;
  values: Record<string, unknown> & { saved: Record<string, unknown>; response?: HttpAnswer };
  vocabularies: Vocabularies;
  spUrl: string;
  stepTimeoutMs: number;
  /** Set by refuseIf or a refused request: the code, read through the vocabularies. */
  refusal?: string;
  /** Set by return. */
  result?: unknown;
}

export interface Step {
  kind: StepKind;
  where: string;
  condition: { template: Template; negate: boolean } | undefined;
  run(state: RunState): Promise<void>;
}

export class StepFailedError extends Error {
  readonly code = 'HARNESS_DRIVER_STEP_FAILED';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

type Parse = (params: unknown, where: string, scope: SourceScope) => (state: RunState, where: string) => Promise<void>;

const BROWSER_STEPS = new Set(['goto', 'fill', 'select', 'check', 'click', 'upload', 'waitFor']);

function selectorMap(params: unknown, where: string, scope: SourceScope): [Template, Source][] {
  if (!isRecord(params) || Object.keys(params).length === 0) throw new TemplateError(`${where}: a map of CSS selector → value`);
  return Object.entries(params).map(([selector, value]) => [parseTemplate(selector, `${where} selector`, scope.roots, scope.vocabularies), parseSource(value, `${where}["${selector}"]`, scope)]);
}

function text(params: unknown, where: string, scope: SourceScope, what: string): Template {
  if (typeof params !== 'string' || !params) throw new TemplateError(`${where}: ${what}`);
  return parseTemplate(params, where, scope.roots, scope.vocabularies);
}

const value = (template: Template, state: RunState, where: string): unknown => evaluate(template, state.values, state.vocabularies, where);
const read = (source: Source, state: RunState, where: string): Promise<unknown> =>
  readSource(source, { page: state.page, within: undefined, values: state.values, vocabularies: state.vocabularies, timeoutMs: state.stepTimeoutMs }, where);
const pageOf = (state: RunState, where: string): Page => {
  if (!state.page) throw new StepFailedError(`${where}: no browser page here`);
  return state.page;
};

const STEP_KINDS: Record<string, Parse> = {
  goto(params, where, scope) {
    const target = text(params, where, scope, 'a path on the SP (/signup) or a URL');
    return async (state, at) => {
      await pageOf(state, at).goto(new URL(String(value(target, state, at)), state.spUrl).href);
    };
  },
  fill(params, where, scope) {
    const fields = selectorMap(params, where, scope);
    return async (state, at) => {
      for (const [selector, source] of fields) await pageOf(state, at).fill(String(value(selector, state, at)), String(await read(source, state, at)), { timeout: state.stepTimeoutMs });
    };
  },
  select(params, where, scope) {
    const fields = selectorMap(params, where, scope);
    return async (state, at) => {
      for (const [selector, source] of fields) await pageOf(state, at).selectOption(String(value(selector, state, at)), String(await read(source, state, at)), { timeout: state.stepTimeoutMs });
    };
  },
  check(params, where, scope) {
    const fields = selectorMap(params, where, scope);
    return async (state, at) => {
      for (const [selector, source] of fields) {
        const on = await read(source, state, at);
        await pageOf(state, at).setChecked(String(value(selector, state, at)), on === true || on === 'true', { timeout: state.stepTimeoutMs });
      }
    };
  },
  click(params, where, scope) {
    const selector = text(params, where, scope, 'a CSS selector');
    return async (state, at) => {
      await pageOf(state, at).click(String(value(selector, state, at)), { timeout: state.stepTimeoutMs });
    };
  },
  upload(params, where, scope) {
    const fields = selectorMap(params, where, scope);
    return async (state, at) => {
      for (const [selector, source] of fields) {
        const content = String(await read(source, state, at));
        await pageOf(state, at).setInputFiles(String(value(selector, state, at)), { name: 'upload.xml', mimeType: 'application/xml', buffer: Buffer.from(content, 'utf8') }, { timeout: state.stepTimeoutMs });
      }
    };
  },
  waitFor(params, where, scope) {
    const selector = text(params, where, scope, 'a CSS selector');
    return async (state, at) => {
      await pageOf(state, at).locator(String(value(selector, state, at))).first().waitFor({ timeout: state.stepTimeoutMs });
    };
  },
  request: parseRequest,
  save(params, where, scope) {
    if (!isRecord(params) || Object.keys(params).length === 0) throw new TemplateError(`${where}: a map of name → value to remember as {saved.name}`);
    const fields = Object.entries(params).map(([name, raw]) => [name, parseSource(raw, `${where}.${name}`, scope)] as const);
    return async (state, at) => {
      for (const [name, source] of fields) state.values.saved[name] = await read(source, state, `${at}.${name}`);
    };
  },
  refuseIf(params, where, scope) {
    if (!isRecord(params) || !('code' in params) || ('selector' in params) === ('when' in params)) {
      throw new TemplateError(`${where}: { selector: CSS selector, code: value } or { when: '{template}', code: value }`);
    }
    const selector = typeof params['selector'] === 'string' ? parseTemplate(params['selector'], `${where}.selector`, scope.roots, scope.vocabularies) : undefined;
    if (selector && scope.browserless) throw new TemplateError(`${where}: this method has no browser page; use when:`);
    const when = typeof params['when'] === 'string' ? parseTemplate(params['when'], `${where}.when`, scope.roots, scope.vocabularies) : undefined;
    const code = parseSource(params['code'], `${where}.code`, scope);
    return async (state, at) => {
      const refused = selector ? (await pageOf(state, at).locator(String(value(selector, state, at))).count()) > 0 : truthy(value(when!, state, at));
      if (refused) state.refusal = String(await read(code, state, `${at}.code`));
    };
  },
};

function parseRequest(params: unknown, where: string, scope: SourceScope): (state: RunState, where: string) => Promise<void> {
  if (!isRecord(params)) throw new TemplateError(`${where}: { method, path or url, from, headers, json or form, expect, refused }`);
  const unknown = Object.keys(params).filter((key) => !['method', 'path', 'url', 'from', 'headers', 'json', 'form', 'expect', 'refused'].includes(key));
  if (unknown.length) throw new TemplateError(`${where}: unknown key ${unknown.join(', ')}`);
  const method = String(params['method'] ?? 'GET').toUpperCase();
  if (!['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].includes(method)) throw new TemplateError(`${where}.method: GET, POST, PUT, PATCH or DELETE`);
  if (('path' in params) === ('url' in params)) throw new TemplateError(`${where}: path (on the SP) or url, one of them`);
  const target = text(params['path'] ?? params['url'], `${where}.${'path' in params ? 'path' : 'url'}`, scope, 'a path or URL');
  const from = params['from'] ?? (scope.browserless ? 'direct' : 'browser');
  if (from !== 'browser' && from !== 'direct') throw new TemplateError(`${where}.from: browser (with the page's cookies) or direct (no cookies)`);
  if (from === 'browser' && scope.browserless) throw new TemplateError(`${where}.from: this method has no browser; use from: direct`);
  if ('json' in params && 'form' in params) throw new TemplateError(`${where}: json or form, not both`);
  const headers = params['headers'] === undefined ? undefined : parseSource(params['headers'], `${where}.headers`, scope);
  const json = 'json' in params ? parseSource(params['json'], `${where}.json`, scope) : undefined;
  const form = 'form' in params ? parseSource(params['form'], `${where}.form`, scope) : undefined;
  const expect = statusList(params['expect'], `${where}.expect`);
  let refused: { status: number[]; code: Source } | undefined;
  if (params['refused'] !== undefined) {
    const raw = params['refused'];
    if (!isRecord(raw) || !('code' in raw)) throw new TemplateError(`${where}.refused: { status: [400, 409], code: '{response.json.error.code}' }`);
    refused = { status: statusList(raw['status'], `${where}.refused.status`) ?? [], code: parseSource(raw['code'], `${where}.refused.code`, scope) };
  }
  return async (state, at) => {
    const url = new URL(String(value(target, state, at)), state.spUrl).href;
    const headerValues = headers ? ((await read(headers, state, `${at}.headers`)) as Record<string, unknown>) : {};
    const requestHeaders: Record<string, string> = Object.fromEntries(Object.entries(headerValues).map(([name, headerValue]) => [name, String(headerValue)]));
    let body: string | undefined;
    if (json) {
      body = JSON.stringify(await read(json, state, `${at}.json`));
      requestHeaders['content-type'] ??= 'application/json';
    } else if (form) {
      const fields = (await read(form, state, `${at}.form`)) as Record<string, unknown>;
      body = new URLSearchParams(Object.entries(fields).map(([name, fieldValue]) => [name, String(fieldValue)])).toString();
      requestHeaders['content-type'] ??= 'application/x-www-form-urlencoded';
    }
    const answer = from === 'browser' ? await fromBrowser(pageOf(state, at), url, method, requestHeaders, body, state.stepTimeoutMs) : await direct(url, method, requestHeaders, body, state.stepTimeoutMs);
    state.values.response = answer;
    if (refused && refused.status.includes(answer.status)) {
      state.refusal = String(await read(refused.code, state, `${at}.refused.code`));
      return;
    }
    const ok = expect ? expect.includes(answer.status) : answer.status >= 200 && answer.status < 300;
    if (!ok) throw new StepFailedError(`${at}: ${method} ${url} answered ${answer.status}${expect ? ` (expected ${expect.join(' or ')})` : ''}: ${answer.text.slice(0, 300)}`);
  };
}

function statusList(raw: unknown, where: string): number[] | undefined {
  if (raw === undefined) return undefined;
  const list = Array.isArray(raw) ? raw : [raw];
  if (!list.every((status) => Number.isInteger(status) && (status as number) >= 100 && (status as number) <= 599)) throw new TemplateError(`${where}: HTTP status codes, e.g. [200, 201]`);
  return list as number[];
}

async function fromBrowser(page: Page, url: string, method: string, headers: Record<string, string>, body: string | undefined, timeout: number): Promise<HttpAnswer> {
  const response = await page.request.fetch(url, { method, headers, ...(body === undefined ? {} : { data: body }), timeout, maxRedirects: 0 });
  const text = await response.text();
  return { status: response.status(), json: parseJson(text), text, headers: response.headers() };
}

async function direct(url: string, method: string, headers: Record<string, string>, body: string | undefined, timeout: number): Promise<HttpAnswer> {
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body }), redirect: 'manual', signal: AbortSignal.timeout(timeout) });
  const text = await response.text();
  return { status: response.status, json: parseJson(text), text, headers: Object.fromEntries(response.headers) };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function truthy(value: unknown): boolean {
  return Boolean(value) && value !== 'false' && value !== '0';
}

/** Parses a method's step list; `returns` says whether it must end with `return:`. */
export function parseSteps(raw: unknown, where: string, scope: SourceScope): { steps: Step[]; result: Source | undefined } {
  if (!Array.isArray(raw)) throw new TemplateError(`${where}: a list of steps`);
  const steps: Step[] = [];
  let result: Source | undefined;
  raw.forEach((entry, index) => {
    const at = `${where}[${index}]`;
    if (!isRecord(entry)) throw new TemplateError(`${at}: a step such as { goto: /signup }`);
    const keys = Object.keys(entry).filter((key) => key !== 'when' && key !== 'unless');
    if (keys.length !== 1) throw new TemplateError(`${at}: one step per list item (found ${keys.join(', ') || 'none'}); steps: ${[...Object.keys(STEP_KINDS), 'return'].join(', ')}`);
    const kind = keys[0]!;
    if (kind === 'return') {
      if (index !== raw.length - 1) throw new TemplateError(`${at}: return must be the last step`);
      result = parseSource(entry['return'], `${at}.return`, scope);
      return;
    }
    const parse = Object.hasOwn(STEP_KINDS, kind) ? STEP_KINDS[kind] : undefined;
    if (!parse) throw new TemplateError(`${at}: unknown step "${kind}"; steps: ${[...Object.keys(STEP_KINDS), 'return'].join(', ')}`);
    if (scope.browserless && BROWSER_STEPS.has(kind)) throw new TemplateError(`${at}: ${kind} needs a browser page, which this method has not (only request, save, refuseIf, return)`);
    if ('when' in entry && 'unless' in entry) throw new TemplateError(`${at}: when or unless, not both`);
    const conditionText = entry['when'] ?? entry['unless'];
    if (conditionText !== undefined && typeof conditionText !== 'string') throw new TemplateError(`${at}.${'when' in entry ? 'when' : 'unless'}: a template such as '{options.allowIdpInitiated}'`);
    const condition = conditionText === undefined ? undefined : { template: parseTemplate(conditionText, `${at}.when`, scope.roots, scope.vocabularies), negate: 'unless' in entry };
    const run = parse(entry[kind], `${at}.${kind}`, scope);
    const stepWhere = `${at} (${kind})`;
    steps.push({ kind: kind as StepKind, where: stepWhere, condition, run: (state) => run(state, stepWhere) });
  });
  return { steps, result };
}

export type StepKind = keyof typeof STEP_KINDS;

/** A condition on a value the method was not given (`{org.apiToken}` of an organization made by sign-up) is false. */
function conditionHolds(template: Template, state: RunState, where: string): boolean {
  try {
    return truthy(evaluate(template, state.values, state.vocabularies, where));
  } catch (error) {
    if (error instanceof MissingValueError) return false;
    throw error;
  }
}

/** Runs the steps in order until one refuses; then reads the result. */
export async function runSteps(steps: readonly Step[], result: Source | undefined, state: RunState): Promise<void> {
  for (const step of steps) {
    if (step.condition && conditionHolds(step.condition.template, state, step.where) === step.condition.negate) continue;
    try {
      await step.run(state);
    } catch (error) {
      if (error instanceof StepFailedError || error instanceof MissingValueError) throw new StepFailedError(error.message);
      // Playwright's and fetch's errors: the first line says what happened, the step says where.
      const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
      throw new StepFailedError(`${step.where}: ${message}`);
    }
    if (state.refusal !== undefined) return;
  }
  if (result) {
    try {
      state.result = await readSource(result, { page: state.page, within: undefined, values: state.values, vocabularies: state.vocabularies, timeoutMs: state.stepTimeoutMs }, 'return');
    } catch (error) {
      if (error instanceof MissingValueError) throw new StepFailedError(error.message);
      throw error;
    }
  }
}
