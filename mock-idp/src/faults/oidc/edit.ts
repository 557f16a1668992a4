/**
 * `{ set?, remove? }`: the edit most OIDC mutations take, over a JSON object's top-level members (an
 * id_token's claims or header, a JSON answer) or over response parameters. Values are templates
 * (../values.ts, epoch seconds): `"{original}1"`, `"{now-6m}"`, also inside arrays and objects
 * (`aud: ["{original}", "{original}1"]`). Removing runs before setting; a member that is set keeps
 * its place, a new one goes last.
 */
import { Issues, isObject, join, type Fields } from '../../tenant/fields.ts';
import { checkTemplate, evaluateValue } from '../values.ts';
import { applied, notApplied, type JsonObject, type Outcome, type ResponseParameters } from './context.ts';

export interface Edit {
  set: [name: string, template: unknown][];
  remove: string[];
}

/** Members one edit may name: more is a mistake, not a test. */
const MAX_MEMBERS = 64;
const MAX_NAME = 200;

/** Refuses params a mutation does not know, naming each under `path`. */
export function refuseUnknownParams(raw: Fields, path: string, issues: Issues, known: readonly string[]): void {
  for (const key of Object.keys(raw)) if (!known.includes(key)) issues.add(join(path, key), `is not a parameter here (${known.join(', ') || 'none'})`);
}

function checkTemplates(value: unknown, path: string, issues: Issues): void {
  if (Array.isArray(value)) value.forEach((item, index) => checkTemplates(item, join(path, index), issues));
  else if (isObject(value)) for (const [key, item] of Object.entries(value)) checkTemplates(item, join(path, key), issues);
  else checkTemplate(value, path, issues);
}

/** Reads a list of member names (`remove`, `removeKids`). */
export function readNames(raw: Fields, key: string, path: string, issues: Issues): string[] {
  const value = raw[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    issues.add(join(path, key), 'must be a list of names');
    return [];
  }
  if (value.length > MAX_MEMBERS) issues.add(join(path, key), `must list at most ${MAX_MEMBERS} names`);
  const names: string[] = [];
  value.slice(0, MAX_MEMBERS).forEach((item, index) => {
    if (typeof item === 'string' && item !== '' && item.length <= MAX_NAME) names.push(item);
    else issues.add(join(join(path, key), index), `must be a non-empty string of at most ${MAX_NAME} characters`);
  });
  return names;
}

/**
 * Reads `{ set?, remove? }`. `values: 'json'` takes any JSON value; `'parameter'` takes strings (and
 * numbers or booleans, sent as their text), as a URL or a form carries only text.
 */
export function readEdit(raw: Fields, path: string, issues: Issues, values: 'json' | 'parameter'): Edit {
  refuseUnknownParams(raw, path, issues, ['set', 'remove']);
  const set: Edit['set'] = [];
  const rawSet = raw['set'];
  if (rawSet !== undefined) {
    if (!isObject(rawSet)) issues.add(join(path, 'set'), 'must be an object of name: value');
    else {
      const entries = Object.entries(rawSet);
      if (entries.length > MAX_MEMBERS) issues.add(join(path, 'set'), `must set at most ${MAX_MEMBERS} members`);
      for (const [name, value] of entries.slice(0, MAX_MEMBERS)) {
        const at = join(join(path, 'set'), name);
        if (name === '' || name.length > MAX_NAME) issues.add(at, `names must be 1 to ${MAX_NAME} characters`);
        else if (values === 'parameter' && !['string', 'number', 'boolean'].includes(typeof value)) issues.add(at, 'must be a string (parameters are text)');
        else if (value === undefined) issues.add(at, 'must be a JSON value');
        else {
          checkTemplates(value, at, issues);
          set.push([name, value]);
        }
      }
    }
  }
  const remove = readNames(raw, 'remove', path, issues);
  for (const name of remove) if (set.some(([setName]) => setName === name)) issues.add(join(path, 'remove'), `${name} is also in set: set it or remove it`);
  if (set.length === 0 && remove.length === 0 && rawSet === undefined && raw['remove'] === undefined) issues.add(path || 'params', 'must have set or remove');
  return { set, remove };
}

/** Evaluates templates in a value, strings nested in arrays and objects included. */
export function evaluateDeep(template: unknown, original: unknown, now: Date): unknown {
  if (Array.isArray(template)) return template.map((item) => evaluateDeep(item, original, now));
  if (isObject(template)) return Object.fromEntries(Object.entries(template).map(([key, item]) => [key, evaluateDeep(item, original, now)]));
  return evaluateValue(template, original, now, 'epoch-seconds');
}

/**
 * Applies an edit to ordered members. Not applied when it would change nothing (every member it
 * removes is absent and it sets none), so a record says so instead of claiming a change.
 */
function editMembers<V>(members: [string, V][], edit: Edit, now: Date, toValue: (evaluated: unknown) => V): Outcome<[string, V][]> {
  const removesSome = members.some(([name]) => edit.remove.includes(name));
  if (!removesSome && edit.set.length === 0) return notApplied(`none of ${edit.remove.join(', ')} is present`);
  let out = members.filter(([name]) => !edit.remove.includes(name));
  for (const [name, template] of edit.set) {
    const index = out.findIndex(([member]) => member === name);
    const value = toValue(evaluateDeep(template, index >= 0 ? out[index]![1] : undefined, now));
    if (index < 0) out.push([name, value]);
    // A member that is set appears once, where it first was.
    else out = out.flatMap((entry, at): [string, V][] => (at === index ? [[name, value]] : entry[0] === name ? [] : [entry]));
  }
  return applied(out);
}

/** `set`/`remove` over a JSON object's top-level members; the result is a new object. */
export function editObject(object: JsonObject, edit: Edit, now: Date): Outcome<JsonObject> {
  const outcome = editMembers(Object.entries(object), edit, now, (value) => value);
  // fromEntries defines own properties, so a member named __proto__ stays data.
  return outcome.applied ? applied(Object.fromEntries(outcome.value)) : outcome;
}

/** `set`/`remove` over response parameters; values become text. */
export function editParameters(parameters: ResponseParameters, edit: Edit, now: Date): Outcome<ResponseParameters> {
  return editMembers(parameters, edit, now, (value) => (typeof value === 'string' ? value : JSON.stringify(value)));
}
