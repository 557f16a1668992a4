/**
 * Reads a fault from untrusted input (the API body or a tenant file) into a CheckedFault, recording
 * every problem under its field path (`mutations[1].params.variant`). The registry checks each
 * mutation's params, so a fault is either entirely valid when set or refused: never half-applied.
 */
import { Issues, isObject, join, readArray, readOneOf, readString, type Fields } from '../tenant/fields.ts';
import { FAULT_MODES, type CheckedFault, type CheckedMutation } from './model.ts';
import type { MutationRegistry } from './registry.ts';

/** More than this many mutations in one fault is a mistake, not a test. */
export const MAX_MUTATIONS_PER_FAULT = 32;

export interface FaultReferences {
  /** Resolves the app the fault is scoped to (an id in the API, a label in a tenant file). */
  appId(value: string): string | undefined;
  userId(value: string): string | undefined;
}

export function readFault(raw: Fields, path: string, issues: Issues, registry: MutationRegistry, references: FaultReferences): CheckedFault {
  const known = new Set(['label', 'appId', 'userId', 'mode', 'mutations']);
  for (const key of Object.keys(raw)) if (!known.has(key)) issues.add(join(path, key), 'is not a fault field (label, appId, userId, mode, mutations)');

  const label = readString(raw, 'label', path, issues, { maxLength: 200 }) ?? '';
  const appRef = readString(raw, 'appId', path, issues, { maxLength: 200 });
  const userRef = readString(raw, 'userId', path, issues, { maxLength: 200 });
  const appId = appRef ? references.appId(appRef) : undefined;
  if (appRef && !appId) issues.add(join(path, 'appId'), `no app ${appRef} in this org`);
  const userId = userRef ? references.userId(userRef) : undefined;
  if (userRef && !userId) issues.add(join(path, 'userId'), `no user ${userRef} in this org`);
  const mode = readOneOf(raw, 'mode', path, issues, FAULT_MODES) ?? 'once';

  const list = readArray(raw, 'mutations', path, issues);
  if (raw['mutations'] === undefined) issues.add(join(path, 'mutations'), 'is required');
  else if (list.length === 0) issues.add(join(path, 'mutations'), 'must list at least one mutation');
  if (list.length > MAX_MUTATIONS_PER_FAULT) issues.add(join(path, 'mutations'), `must list at most ${MAX_MUTATIONS_PER_FAULT} mutations`);

  const mutations: CheckedMutation[] = [];
  list.slice(0, MAX_MUTATIONS_PER_FAULT).forEach((item, index) => {
    const at = join(join(path, 'mutations'), index);
    if (!isObject(item)) {
      issues.add(at, 'must be an object with name and params');
      return;
    }
    for (const key of Object.keys(item)) if (key !== 'name' && key !== 'params') issues.add(join(at, key), 'is not a mutation field (name, params)');
    const name = readString(item, 'name', at, issues, { required: true, maxLength: 100 });
    if (!name) return;
    const definition = registry.get(name);
    if (!definition) {
      issues.add(join(at, 'name'), `is not a known mutation (GET /mock/v1/faults/mutations lists them)`);
      return;
    }
    const params = item['params'] ?? {};
    if (!isObject(params)) {
      issues.add(join(at, 'params'), 'must be an object');
      return;
    }
    mutations.push({ name, point: definition.point, params: definition.readParams(params, join(at, 'params'), issues) });
  });
  return { label, appId, userId, mode, mutations };
}
