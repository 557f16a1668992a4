/**
 * The security catalogue: cases as data (features/security/catalogue/*.yaml), read and expanded here.
 *
 * A case is: id, protocol, title, source, flow, who signs in at Okta (`as`), what the SP must do
 * (`expect`), and the fault the mock IdP applies (mutations, as POST /mock/v1/faults takes them). A
 * `matrix` runs one written case over several values (XSW1–8 × three signing layouts; one id_token
 * rule on the code flow and on the Okta Simplified post): every `{key}` in the case is filled from
 * each combination, the product of all keys, or pairwise with `zip: true`.
 *
 * Values only the harness knows at run time ({victim.email}, {canary.url}, …) stay as placeholders
 * here and are filled by ./fill-placeholders.ts; the mock itself fills {original} and {now±N}.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { FEATURES_DIR } from '../support/locations.ts';
import { REQUEST_CHECK_NAMES } from './request-checks.ts';

export type Protocol = 'saml' | 'oidc';
export type SamlFlow = 'sp-initiated' | 'idp-initiated';
export type OidcFlow = 'code' | 'okta-simplified' | 'configuration';
export type CaseFlow = SamlFlow | OidcFlow;
/**
 * Who signs in at Okta. The victim owns the SP organization; the attackers are never members of it;
 * the insider is a member with an Okta account of their own (login CSRF signs the victim in as them).
 */
export type CasePerson = 'victim' | 'attacker' | 'comment-attacker' | 'insider';
/** Where the IdP's answer is delivered: the person's own browser, or the victim's (login CSRF). */
export type Delivery = 'own-browser' | 'victim-browser';
/**
 * What a secure SP does: refuse and keep no session, accept (a positive control), never leave the
 * site, or (OIDC) send strong authorization requests of its own — judged on what the SP sent, as the
 * mock IdP's inspector recorded it, over two sign-ins (./request-checks.ts).
 */
export type Expectation = 'refused' | 'accepted' | 'stays-on-site' | 'strong-requests';
/** A normal sign-in as the same person before the case (replays need something to replay). */
export type Before = 'clean-sign-in' | 'clean-code-sign-in';
export type SigningLayout = 'response' | 'assertion' | 'both' | 'none';

export interface MutationSpec {
  name: string;
  params?: Record<string, unknown>;
}

export interface SecurityCase {
  id: string;
  protocol: Protocol;
  control: boolean;
  title: string;
  source: string;
  flow: CaseFlow;
  as: CasePerson;
  deliver: Delivery;
  expect: Expectation;
  before: Before | undefined;
  /** The strict policy applied where specs leave latitude; the scenario is tagged @policy-<name>. */
  policy: string | undefined;
  /** For `strong-requests`: the rows of ./request-checks.ts the SP's requests must keep (all by default); empty otherwise. */
  checks: string[];
  mutations: MutationSpec[];
}

export class CatalogueError extends Error {
  readonly code = 'HARNESS_CATALOGUE_INVALID';
}

const FLOWS: Record<Protocol, readonly CaseFlow[]> = {
  saml: ['sp-initiated', 'idp-initiated'],
  oidc: ['code', 'okta-simplified', 'configuration'],
};
const PEOPLE: readonly CasePerson[] = ['victim', 'attacker', 'comment-attacker', 'insider'];
const DELIVERIES: readonly Delivery[] = ['own-browser', 'victim-browser'];
const EXPECTATIONS: readonly Expectation[] = ['refused', 'accepted', 'stays-on-site', 'strong-requests'];
const BEFORES: readonly Before[] = ['clean-sign-in', 'clean-code-sign-in'];
const LAYOUTS: readonly SigningLayout[] = ['response', 'assertion', 'both', 'none'];

/** Where the catalogue files are, for the features and the tests. */
export const CATALOGUE_DIR = join(FEATURES_DIR, 'security', 'catalogue');

type Raw = Record<string, unknown>;

const isRecord = (value: unknown): value is Raw => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Fills `{key}` from `values`: a string that is exactly one placeholder takes the value's own type. */
function fill(value: unknown, values: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{([a-z][a-z0-9-]*)\}$/.exec(value);
    if (whole && whole[1]! in values) return values[whole[1]!];
    return value.replace(/\{([a-z][a-z0-9-]*)\}/g, (match, key: string) => (key in values ? String(values[key]) : match));
  }
  if (Array.isArray(value)) return value.map((item) => fill(item, values));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, fill(item, values)]));
  return value;
}

/** Every combination of a matrix: the product of its keys, or pairwise with zip. */
function combinations(matrix: Raw, zip: boolean, where: string): Record<string, unknown>[] {
  const keys = Object.keys(matrix);
  const lists = keys.map((key) => {
    const list = matrix[key];
    if (!Array.isArray(list) || list.length === 0) throw new CatalogueError(`${where}: matrix.${key} must be a non-empty list`);
    return list as unknown[];
  });
  if (zip) {
    const length = lists[0]!.length;
    if (lists.some((list) => list.length !== length)) throw new CatalogueError(`${where}: zip needs matrix lists of one length`);
    return Array.from({ length }, (_, i) => Object.fromEntries(keys.map((key, k) => [key, lists[k]![i]])));
  }
  return lists.reduce<Record<string, unknown>[]>(
    (out, list, k) => out.flatMap((partial) => list.map((item) => ({ ...partial, [keys[k]!]: item }))),
    [{}],
  );
}

function oneOf<T extends string>(raw: Raw, key: string, allowed: readonly T[], fallback: T | undefined, where: string): T | undefined {
  const value = raw[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw new CatalogueError(`${where}: ${key} must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}

function text(raw: Raw, key: string, where: string): string {
  const value = raw[key];
  if (typeof value !== 'string' || value.trim() === '') throw new CatalogueError(`${where}: ${key} is required`);
  return value;
}

function readMutations(raw: Raw, where: string): MutationSpec[] {
  const list = raw['fault'];
  if (!Array.isArray(list)) throw new CatalogueError(`${where}: fault must be a list of mutations ([] for none)`);
  return list.map((item, index) => {
    if (!isRecord(item) || typeof item['name'] !== 'string') throw new CatalogueError(`${where}: fault[${index}] needs a name`);
    if (item['params'] !== undefined && !isRecord(item['params'])) throw new CatalogueError(`${where}: fault[${index}].params must be a mapping`);
    return { name: item['name'], ...(item['params'] ? { params: item['params'] } : {}) };
  });
}

/** The request checks of a `strong-requests` case: a list of known rows, all of them when left out. */
function readChecks(raw: Raw, expect: Expectation, protocol: Protocol, where: string): string[] {
  const list = raw['checks'];
  if (expect !== 'strong-requests') {
    if (list !== undefined) throw new CatalogueError(`${where}: checks belong to expect: strong-requests`);
    return [];
  }
  if (protocol !== 'oidc') throw new CatalogueError(`${where}: strong-requests judges OIDC authorization requests`);
  if (raw['before'] !== undefined || raw['deliver'] !== undefined) throw new CatalogueError(`${where}: a strong-requests case signs in twice on its own (no before, no deliver)`);
  if (list === undefined) return [...REQUEST_CHECK_NAMES];
  if (!Array.isArray(list) || list.length === 0 || list.some((name) => typeof name !== 'string' || !REQUEST_CHECK_NAMES.includes(name))) {
    throw new CatalogueError(`${where}: checks must be a non-empty list of ${REQUEST_CHECK_NAMES.join(', ')}`);
  }
  return [...new Set(list as string[])];
}

/** The `sign` mutation a signing layout stands for. */
function signingMutation(layout: SigningLayout): MutationSpec {
  const state = (signed: boolean) => (signed ? 'sign' : 'unsigned');
  return { name: 'sign', params: { response: state(layout === 'response' || layout === 'both'), assertion: state(layout === 'assertion' || layout === 'both') } };
}

function readCase(raw: Raw, protocol: Protocol, control: boolean, where: string): SecurityCase {
  const known = new Set(['id', 'title', 'source', 'flow', 'as', 'deliver', 'expect', 'checks', 'before', 'policy', 'signing', 'fault', 'matrix', 'zip']);
  for (const key of Object.keys(raw)) if (!known.has(key)) throw new CatalogueError(`${where}: ${key} is not a case field`);
  const id = text(raw, 'id', where);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new CatalogueError(`${where}: id ${id} must be lower-case words joined by -`);
  const expect = oneOf(raw, 'expect', EXPECTATIONS, 'refused', where)!;
  if (control !== (expect === 'accepted')) throw new CatalogueError(`${where}: controls expect accepted, cases expect refused, stays-on-site or strong-requests`);
  const signing = oneOf(raw, 'signing', LAYOUTS, undefined, where);
  const mutations = readMutations(raw, where);
  const checks = readChecks(raw, expect, protocol, where);
  const flow = oneOf(raw, 'flow', FLOWS[protocol], FLOWS[protocol][0], where)!;
  if (expect === 'strong-requests' && flow === 'okta-simplified') throw new CatalogueError(`${where}: the Okta Simplified post has no request of the SP's to judge`);
  return {
    id,
    protocol,
    control,
    title: text(raw, 'title', where),
    source: text(raw, 'source', where),
    flow,
    as: oneOf(raw, 'as', PEOPLE, 'victim', where)!,
    deliver: oneOf(raw, 'deliver', DELIVERIES, 'own-browser', where)!,
    expect,
    before: oneOf(raw, 'before', BEFORES, undefined, where),
    policy: raw['policy'] === undefined ? undefined : text(raw, 'policy', where),
    checks,
    mutations: signing ? [signingMutation(signing), ...mutations] : mutations,
  };
}

/** Reads one catalogue document (the YAML text) into its expanded cases. */
export function parseCatalogue(yamlText: string, protocol: Protocol, file: string): SecurityCase[] {
  const document: unknown = parseYaml(yamlText);
  if (!isRecord(document)) throw new CatalogueError(`${file}: must hold controls: and cases:`);
  const out: SecurityCase[] = [];
  for (const [section, control] of [['controls', true], ['cases', false]] as const) {
    const list = document[section] ?? [];
    if (!Array.isArray(list)) throw new CatalogueError(`${file}: ${section} must be a list`);
    list.forEach((item, index) => {
      const where = `${file} ${section}[${index}]`;
      if (!isRecord(item)) throw new CatalogueError(`${where}: must be a mapping`);
      const { matrix, zip, ...written } = item;
      const combos = matrix === undefined ? [{}] : isRecord(matrix) ? combinations(matrix, zip === true, where) : [];
      if (matrix !== undefined && !isRecord(matrix)) throw new CatalogueError(`${where}: matrix must be a mapping of lists`);
      for (const values of combos) out.push(readCase(fill(written, values) as Raw, protocol, control, where));
    });
  }
  const seen = new Set<string>();
  for (const { id } of out) {
    if (seen.has(id)) throw new CatalogueError(`${file}: two cases have the id ${id}`);
    seen.add(id);
  }
  return out;
}

const cache = new Map<Protocol, SecurityCase[]>();

/** The catalogue of one protocol, read once per process. */
export function catalogue(protocol: Protocol, dir = CATALOGUE_DIR): SecurityCase[] {
  let cases = dir === CATALOGUE_DIR ? cache.get(protocol) : undefined;
  if (!cases) {
    const file = join(dir, `${protocol}.yaml`);
    cases = parseCatalogue(readFileSync(file, 'utf8'), protocol, file);
    if (dir === CATALOGUE_DIR) cache.set(protocol, cases);
  }
  return cases;
}

export function findCase(id: string): SecurityCase {
  const protocol: Protocol = id.startsWith('oidc-') ? 'oidc' : 'saml';
  const found = catalogue(protocol).find((c) => c.id === id);
  if (!found) throw new CatalogueError(`no security case ${id} in the ${protocol} catalogue`);
  return found;
}
