/**
 * A declarative SP driver: a YAML or JSON file that says, for each driver method, which pages to
 * open, which fields to fill or which API calls to make, and how the SP's pages and answers map onto
 * the outcome contract (sp-driver.ts). Many SPs need no code: `sso-conformance init-driver` writes a
 * commented template, and examples/express-passport-sp/sso-driver.yaml is a complete one.
 *
 * The file is checked whole at load: every method a listed capability needs, every step, template,
 * vocabulary and setting, each problem reported as HARNESS_DRIVER_INVALID with its place in the
 * file. At run time a step that fails says which method and step (HARNESS_DRIVER_STEP_FAILED).
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { parse as parseYaml } from 'yaml';
import { parseSource, readSource, type Source, type SourceScope } from './declarative/sources.ts';
import { parseSteps, runSteps, StepFailedError, type RunState, type Step } from './declarative/steps.ts';
import { evaluate, parseTemplate, TemplateError, type Template, type Vocabularies } from './declarative/template.ts';
import {
  DRIVER_METHODS_BY_CAPABILITY,
  ENTRY_POINTS,
  SP_CAPABILITIES,
  SpConfigurationRefusedError,
  type EntryPointKind,
  type SessionProbe,
  type SignInOutcome,
  type SpCapability,
  type SpDriver,
  type SpDriverMethod,
  type SpDriverOptions,
  type SpOrganization,
} from './sp-driver.ts';

/** What each method's templates may use besides spUrl, settings, saved and response. */
const METHOD_VALUES: Record<Exclude<SpDriverMethod, 'readOutcome'>, readonly string[]> = {
  createOrganization: ['input'],
  createSsoOrganization: ['input', 'idp', 'options'],
  configureSaml: ['org', 'idp', 'options'],
  configureOidc: ['org', 'idp', 'options'],
  updateSsoPolicy: ['org', 'changes'],
  inviteUser: ['org', 'email'],
  listMembers: ['org'],
  startSignIn: ['entry'],
  signInWithPassword: ['email', 'password'],
  acceptInvitationWithPassword: ['invitation', 'password'],
  answerJoinPrompt: ['answer'],
  probeSession: [],
};
const BASE_VALUES = ['spUrl', 'settings', 'saved', 'response'];

/** The entry point each capability brings. */
const ENTRY_BY_CAPABILITY: Partial<Record<SpCapability, EntryPointKind>> = {
  'portal-key': 'portal-key',
  'direct-url': 'direct-url',
  'login-with-okta': 'login-with-okta',
  'domain-discovery': 'email',
  'invitation-link': 'invitation',
};

const OUTCOME_FIELDS = {
  refused: ['code'],
  joinPrompt: ['organization', 'email'],
  signedIn: ['email', 'organization', 'role', 'method'],
} as const;
type OutcomeName = keyof typeof OUTCOME_FIELDS;

interface CompiledMethod {
  steps: Step[];
  result: Source | undefined;
}

interface CompiledOutcome {
  when: { selector: Template } | { url: RegExp };
  steps: CompiledMethod;
  fields: Record<string, Source>;
}

export class DeclarativeDriverError extends Error {
  readonly code = 'HARNESS_DRIVER_INVALID';
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

export async function createDeclarativeDriver(path: string, options: SpDriverOptions): Promise<SpDriver> {
  let raw: unknown;
  try {
    raw = parseYaml(await readFile(path, 'utf8'), { maxAliasCount: 100, prettyErrors: true });
  } catch (error) {
    throw new DeclarativeDriverError(`${path}: not valid YAML/JSON: ${(error as Error).message.split('\n')[0]}`);
  }
  try {
    return compileDriver(raw, options);
  } catch (error) {
    if (error instanceof TemplateError || error instanceof DeclarativeDriverError) throw new DeclarativeDriverError(`${path}: ${error.message}`);
    throw error;
  }
}

/** Checks and compiles a parsed driver document (exported for the tests). */
export function compileDriver(raw: unknown, options: SpDriverOptions): SpDriver {
  if (!isRecord(raw)) throw new DeclarativeDriverError('the file must be a mapping with name, capabilities, methods and outcome');
  const unknownKeys = Object.keys(raw).filter((key) => !['name', 'capabilities', 'settings', 'vocabularies', 'methods', 'outcome'].includes(key));
  if (unknownKeys.length) throw new DeclarativeDriverError(`unknown key ${unknownKeys.join(', ')}; the keys are name, capabilities, settings, vocabularies, methods, outcome`);
  if (typeof raw['name'] !== 'string' || !raw['name'].trim()) throw new DeclarativeDriverError('name: the SP\'s name, shown in the reports');
  const name = raw['name'];
  const settings = checkSettings(raw['settings'], raw, options.settings);
  const vocabularies = checkVocabularies(raw['vocabularies']);
  const capabilities = checkCapabilities(raw['capabilities'], settings, vocabularies);
  if (!isRecord(raw['methods'])) throw new DeclarativeDriverError('methods: a mapping of driver method → steps');
  const methodsRaw = raw['methods'];
  const scope = (method: keyof typeof METHOD_VALUES): SourceScope => ({
    roots: new Set([...BASE_VALUES, ...METHOD_VALUES[method]]),
    vocabularies,
    browserless: method === 'createSsoOrganization',
  });

  const methods = new Map<string, CompiledMethod>();
  const entries = new Map<EntryPointKind, CompiledMethod>();
  for (const [method, stepsRaw] of Object.entries(methodsRaw)) {
    if (!Object.hasOwn(METHOD_VALUES, method)) throw new DeclarativeDriverError(`methods.${method}: not a driver method; methods: ${Object.keys(METHOD_VALUES).join(', ')}`);
    if (method === 'startSignIn') {
      if (!isRecord(stepsRaw)) throw new DeclarativeDriverError(`methods.startSignIn: a mapping of entry point (${Object.keys(ENTRY_POINTS).join(', ')}) → steps`);
      for (const [entry, entrySteps] of Object.entries(stepsRaw)) {
        if (!Object.hasOwn(ENTRY_POINTS, entry)) throw new DeclarativeDriverError(`methods.startSignIn.${entry}: not an entry point; entry points: ${Object.keys(ENTRY_POINTS).join(', ')}`);
        entries.set(entry as EntryPointKind, parseSteps(entrySteps, `methods.startSignIn.${entry}`, scope('startSignIn')));
      }
      continue;
    }
    methods.set(method, parseSteps(stepsRaw, `methods.${method}`, scope(method as keyof typeof METHOD_VALUES)));
  }
  const outcome = checkOutcome(raw['outcome'], vocabularies);

  const missing: string[] = [];
  for (const method of ['createOrganization', 'probeSession'] as const) if (!methods.has(method)) missing.push(`methods.${method} (every driver has it)`);
  if (entries.size === 0) missing.push('methods.startSignIn (at least one entry point)');
  for (const kind of ['signedIn', 'refused'] as const) if (!outcome.has(kind)) missing.push(`outcome.${kind} (every driver has it)`);
  for (const capability of capabilities) {
    for (const method of DRIVER_METHODS_BY_CAPABILITY[capability] ?? []) if (!methods.has(method)) missing.push(`methods.${method} (capability ${capability})`);
    const entry = ENTRY_BY_CAPABILITY[capability];
    if (entry && !entries.has(entry)) missing.push(`methods.startSignIn.${entry} (capability ${capability})`);
    if (capability === 'join-prompt' && !outcome.has('joinPrompt')) missing.push('outcome.joinPrompt (capability join-prompt)');
  }
  if (missing.length) throw new DeclarativeDriverError(`missing ${[...new Set(missing)].join('; ')}`);
  if (!methods.get('probeSession')!.result) throw new DeclarativeDriverError('methods.probeSession: must end with return: { signedIn, email, organization, role, method }');

  return buildDriver({ name, capabilities, settings, vocabularies, methods, entries, outcome, options });
}

function checkSettings(raw: unknown, document: Record<string, unknown>, given: Readonly<Record<string, string>>): Record<string, string> {
  const declared = raw === undefined ? {} : raw;
  if (!isRecord(declared)) throw new DeclarativeDriverError('settings: a mapping of setting name → { description, default }');
  const values: Record<string, string> = {};
  for (const [name, spec] of Object.entries(declared)) {
    if (!isRecord(spec) || typeof spec['description'] !== 'string') throw new DeclarativeDriverError(`settings.${name}: { description: what it is, default: value (optional) }`);
    const value = given[name] ?? (spec['default'] === undefined ? undefined : String(spec['default']));
    if (value === undefined) throw new DeclarativeDriverError(`settings.${name} is required: pass --sp-setting ${name}=… (${spec['description']})`);
    values[name] = value;
  }
  for (const used of settingsUsed(document)) {
    if (!Object.hasOwn(declared, used)) throw new DeclarativeDriverError(`{settings.${used}} is used but not declared under settings:`);
  }
  return values;
}

function settingsUsed(value: unknown, found = new Set<string>()): Set<string> {
  if (typeof value === 'string') for (const match of value.matchAll(/\{\s*settings\.([\w-]+)/g)) found.add(match[1]!);
  else if (Array.isArray(value)) for (const item of value) settingsUsed(item, found);
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) if (key !== 'settings') settingsUsed(item, found);
  return found;
}

function checkVocabularies(raw: unknown): Vocabularies {
  if (raw === undefined) return {};
  if (!isRecord(raw)) throw new DeclarativeDriverError("vocabularies: named maps of the SP's words → the contract's (roles, refusal codes, methods)");
  for (const [name, words] of Object.entries(raw)) {
    if (!isRecord(words) || !Object.values(words).every((word) => typeof word === 'string')) throw new DeclarativeDriverError(`vocabularies.${name}: a mapping of the SP's word → the contract's word`);
  }
  return raw as Vocabularies;
}

function checkCapabilities(raw: unknown, settings: Record<string, string>, vocabularies: Vocabularies): Set<SpCapability> {
  if (!Array.isArray(raw)) throw new DeclarativeDriverError(`capabilities: a list of ${Object.keys(SP_CAPABILITIES).join(', ')}`);
  const out = new Set<SpCapability>();
  raw.forEach((entry, index) => {
    const where = `capabilities[${index}]`;
    const capability = isRecord(entry) ? entry['capability'] : entry;
    if (typeof capability !== 'string' || !Object.hasOwn(SP_CAPABILITIES, capability)) {
      throw new DeclarativeDriverError(`${where}: "${String(capability)}" is not a capability; capabilities: ${Object.keys(SP_CAPABILITIES).join(', ')}`);
    }
    if (isRecord(entry)) {
      // { capability: jit-first-owner, when: '{settings.operatorToken}' }: offered only with that setting.
      if (typeof entry['when'] !== 'string') throw new DeclarativeDriverError(`${where}.when: a template such as '{settings.operatorToken}'`);
      const when = parseTemplate(entry['when'], `${where}.when`, new Set(['settings']), vocabularies);
      const holds = when.parts.every((part) => typeof part === 'string' || Boolean(settings[part.path[1] ?? '']));
      if (!holds) return;
    }
    out.add(capability as SpCapability);
  });
  return out;
}

function checkOutcome(raw: unknown, vocabularies: Vocabularies): Map<OutcomeName, CompiledOutcome> {
  if (!isRecord(raw)) throw new DeclarativeDriverError('outcome: how the SP shows a sign-in\'s result: signedIn, refused and (capability join-prompt) joinPrompt');
  const out = new Map<OutcomeName, CompiledOutcome>();
  for (const [kind, spec] of Object.entries(raw)) {
    const where = `outcome.${kind}`;
    if (!Object.hasOwn(OUTCOME_FIELDS, kind)) throw new DeclarativeDriverError(`${where}: not an outcome; outcomes: ${Object.keys(OUTCOME_FIELDS).join(', ')}`);
    if (!isRecord(spec)) throw new DeclarativeDriverError(`${where}: { when: { selector | url }, ${OUTCOME_FIELDS[kind as OutcomeName].join(', ')} }`);
    const scope: SourceScope = { roots: new Set(BASE_VALUES), vocabularies, browserless: false };
    const when = spec['when'];
    if (!isRecord(when) || ('selector' in when) === ('url' in when) || typeof (when['selector'] ?? when['url']) !== 'string') {
      throw new DeclarativeDriverError(`${where}.when: { selector: CSS selector on the page } or { url: regular expression on the path }`);
    }
    let compiledWhen: CompiledOutcome['when'];
    if (typeof when['selector'] === 'string') compiledWhen = { selector: parseTemplate(when['selector'], `${where}.when.selector`, scope.roots, vocabularies) };
    else {
      try {
        compiledWhen = { url: new RegExp(when['url'] as string) };
      } catch (error) {
        throw new DeclarativeDriverError(`${where}.when.url: not a regular expression: ${(error as Error).message}`);
      }
    }
    const fields: Record<string, Source> = {};
    for (const field of OUTCOME_FIELDS[kind as OutcomeName]) {
      if (!(field in spec)) throw new DeclarativeDriverError(`${where}.${field}: missing; ${kind} reads ${OUTCOME_FIELDS[kind as OutcomeName].join(', ')}`);
      fields[field] = parseSource(spec[field], `${where}.${field}`, scope);
    }
    const extra = Object.keys(spec).filter((key) => key !== 'when' && key !== 'steps' && !(OUTCOME_FIELDS[kind as OutcomeName] as readonly string[]).includes(key));
    if (extra.length) throw new DeclarativeDriverError(`${where}: unknown key ${extra.join(', ')}`);
    const steps = spec['steps'] === undefined ? { steps: [], result: undefined } : parseSteps(spec['steps'], `${where}.steps`, scope);
    out.set(kind as OutcomeName, { when: compiledWhen, steps, fields });
  }
  return out;
}

interface Compiled {
  name: string;
  capabilities: Set<SpCapability>;
  settings: Record<string, string>;
  vocabularies: Vocabularies;
  methods: Map<string, CompiledMethod>;
  entries: Map<EntryPointKind, CompiledMethod>;
  outcome: Map<OutcomeName, CompiledOutcome>;
  options: SpDriverOptions;
}

/** Where a refusal goes: configure… throws it, updateSsoPolicy answers it, anything else is a failure. */
type RefusalHandling = 'throw' | 'answer' | 'fail';

function buildDriver(compiled: Compiled): SpDriver {
  const { options, vocabularies } = compiled;
  const spOrigin = new URL(options.spUrl).origin;
  const stepTimeoutMs = Math.max(1000, options.timeouts.stepMs - 1000);

  async function call(method: string, page: Page | undefined, values: Record<string, unknown>, refusals: RefusalHandling, plan = compiled.methods.get(method)): Promise<RunState> {
    if (!plan) throw new StepFailedError(`the declarative driver "${compiled.name}" has no methods.${method}`);
    const state: RunState = {
      page,
      values: { spUrl: options.spUrl, settings: compiled.settings, saved: {}, ...values },
      vocabularies,
      spUrl: options.spUrl,
      stepTimeoutMs,
    };
    await runSteps(plan.steps, plan.result, state);
    if (state.refusal !== undefined) {
      if (refusals === 'throw') throw new SpConfigurationRefusedError(state.refusal);
      if (refusals === 'fail') throw new StepFailedError(`methods.${method}: the SP refused with ${state.refusal}`);
    }
    return state;
  }

  const record = (value: unknown, method: string, required: readonly string[]): Record<string, unknown> => {
    if (!isRecord(value)) throw new StepFailedError(`methods.${method}: return must give { ${required.join(', ')} }, got ${JSON.stringify(value)}`);
    for (const field of required) {
      if (typeof value[field] !== 'string' || !value[field]) throw new StepFailedError(`methods.${method}: return.${field} must be text, got ${JSON.stringify(value[field])}`);
    }
    return value;
  };
  const optionalText = (value: unknown): string | undefined => (typeof value === 'string' && value ? value : undefined);

  const driver: SpDriver = {
    name: compiled.name,
    capabilities: compiled.capabilities,
    async createOrganization(page, input) {
      const state = await call('createOrganization', page, { input }, 'fail');
      const extra = isRecord(state.result) ? state.result : {};
      return { ...extra, name: input.name, adminEmail: input.adminEmail };
    },
    async startSignIn(page, entry) {
      const plan = compiled.entries.get(entry.kind);
      if (!plan) throw new StepFailedError(`the declarative driver "${compiled.name}" has no methods.startSignIn.${entry.kind}`);
      await call('startSignIn', page, { entry }, 'fail', plan);
      await page.waitForLoadState('load');
    },
    async readOutcome(page) {
      return readOutcome(page);
    },
    async probeSession(page): Promise<SessionProbe> {
      const state = await call('probeSession', page, {}, 'fail');
      const result = state.result as Record<string, unknown> | undefined;
      const signedIn = result?.['signedIn'];
      if (signedIn !== true && signedIn !== 'true') return { signedIn: false };
      const fields = record(result, 'probeSession', ['email', 'organization', 'role', 'method']);
      return { signedIn: true, email: String(fields['email']), organization: String(fields['organization']), role: String(fields['role']), method: String(fields['method']) };
    },
  };
  const has = (method: string): boolean => compiled.methods.has(method);
  if (has('configureSaml')) {
    driver.configureSaml = async (page, org, idp, ssoOptions) => {
      const values = record((await call('configureSaml', page, { org, idp, options: ssoOptions }, 'throw')).result, 'configureSaml', ['entityId', 'acsUrl']);
      return { entityId: String(values['entityId']), acsUrl: String(values['acsUrl']), portalUrl: optionalText(values['portalUrl']) };
    };
  }
  if (has('configureOidc')) {
    driver.configureOidc = async (page, org, idp, ssoOptions) => {
      const values = record((await call('configureOidc', page, { org, idp, options: ssoOptions }, 'throw')).result, 'configureOidc', ['redirectUri']);
      return { redirectUri: String(values['redirectUri']), initiateLoginUri: optionalText(values['initiateLoginUri']), portalUrl: optionalText(values['portalUrl']) };
    };
  }
  if (has('createSsoOrganization')) {
    driver.createSsoOrganization = async (input) => {
      const result = record((await call('createSsoOrganization', undefined, { input, idp: input.idp, options: input.options }, 'throw')).result, 'createSsoOrganization', []);
      const organization: SpOrganization = { ...(isRecord(result['organization']) ? result['organization'] : {}), name: input.name, adminEmail: null };
      const values = record(result['values'], 'createSsoOrganization.values', input.protocol === 'saml' ? ['entityId', 'acsUrl'] : ['redirectUri']);
      return input.protocol === 'saml'
        ? { protocol: 'saml', organization, values: { entityId: String(values['entityId']), acsUrl: String(values['acsUrl']), portalUrl: optionalText(values['portalUrl']) } }
        : { protocol: 'oidc', organization, values: { redirectUri: String(values['redirectUri']), initiateLoginUri: optionalText(values['initiateLoginUri']), portalUrl: optionalText(values['portalUrl']) } };
    };
  }
  if (has('updateSsoPolicy')) {
    driver.updateSsoPolicy = async (page, org, changes) => {
      const state = await call('updateSsoPolicy', page, { org, changes }, 'answer');
      return state.refusal === undefined ? { kind: 'saved' } : { kind: 'refused', code: state.refusal };
    };
  }
  if (has('inviteUser')) {
    driver.inviteUser = async (page, org, email) => {
      const result = (await call('inviteUser', page, { org, email }, 'fail')).result;
      return { email, link: isRecord(result) ? optionalText(result['link']) : undefined };
    };
  }
  if (has('listMembers')) {
    driver.listMembers = async (page, org) => {
      const result = (await call('listMembers', page, { org }, 'fail')).result;
      if (!Array.isArray(result)) throw new StepFailedError(`methods.listMembers: return must be a list ({ list: … } or { rows: … }), got ${JSON.stringify(result)}`);
      return result.map((member) => {
        const fields = record(member, 'listMembers', ['email', 'role', 'status']);
        return { email: String(fields['email']), role: String(fields['role']) as never, status: String(fields['status']) as never };
      });
    };
  }
  if (has('signInWithPassword')) {
    driver.signInWithPassword = async (page, email, password) => {
      await call('signInWithPassword', page, { email, password }, 'fail');
      await page.waitForLoadState('load');
    };
  }
  if (has('acceptInvitationWithPassword')) {
    driver.acceptInvitationWithPassword = async (page, invitation, password) => {
      await call('acceptInvitationWithPassword', page, { invitation, password }, 'fail');
      await page.waitForLoadState('load');
    };
  }
  if (has('answerJoinPrompt')) {
    driver.answerJoinPrompt = async (page, answer) => {
      await call('answerJoinPrompt', page, { answer }, 'fail');
      await page.waitForLoadState('load');
    };
  }

  /** Polls until the browser is on the SP and one outcome's `when` holds (refused first), or the outcome timeout passes. */
  async function readOutcome(page: Page): Promise<SignInOutcome> {
    const deadline = Date.now() + options.timeouts.outcomeMs;
    const order: OutcomeName[] = ['refused', 'joinPrompt', 'signedIn'];
    const values = { spUrl: options.spUrl, settings: compiled.settings, saved: {} };
    for (;;) {
      const current = new URL(page.url());
      if (current.origin === spOrigin) {
        for (const kind of order) {
          const spec = compiled.outcome.get(kind);
          if (!spec) continue;
          const holds =
            'url' in spec.when
              ? spec.when.url.test(current.pathname + current.search)
              : (await page.locator(String(evaluate(spec.when.selector, values, vocabularies, `outcome.${kind}.when`))).count().catch(() => 0)) > 0;
          if (holds) return readFields(page, kind, spec);
        }
      }
      if (Date.now() >= deadline) return { kind: 'elsewhere', url: page.url() };
      await page.waitForTimeout(100);
    }

    async function readFields(current: Page, kind: OutcomeName, spec: CompiledOutcome): Promise<SignInOutcome> {
      const state = await call(`outcome.${kind}`, current, {}, 'fail', spec.steps);
      const read = async (field: string): Promise<string> =>
        String(await readSource(spec.fields[field]!, { page: current, within: undefined, values: { ...values, ...state.values }, vocabularies, timeoutMs: stepTimeoutMs }, `outcome.${kind}.${field}`));
      switch (kind) {
        case 'refused':
          return { kind: 'refused', code: await read('code') };
        case 'joinPrompt':
          return { kind: 'join-prompt', organization: await read('organization'), email: await read('email') };
        case 'signedIn':
          return { kind: 'signed-in', email: await read('email'), organization: await read('organization'), role: await read('role'), method: await read('method') };
      }
    }
  }

  return driver;
}
