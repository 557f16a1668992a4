/**
 * Applies the mutations due at one oidc.* point to the value there, in order. A mutation that does
 * not fit (or fails) leaves the value as it was and is recorded as not applied: a fault never turns
 * an answer into a 500.
 */
import type { FaultRun } from '../store.ts';
import type { AnyOidcMutation, OidcFaultContext, OidcPoint, OidcPointValue } from './context.ts';
import { OIDC_MUTATIONS } from './mutations.ts';

const BY_NAME = new Map<string, AnyOidcMutation>(OIDC_MUTATIONS.map((mutation) => [mutation.name, mutation]));

export async function applyAt<P extends OidcPoint>(run: FaultRun, point: P, value: OidcPointValue[P], context: OidcFaultContext): Promise<OidcPointValue[P]> {
  let current = value;
  for (const due of run.take(point)) {
    const mutation = BY_NAME.get(due.mutation.name);
    if (!mutation || mutation.point !== point) {
      run.notApplied(due, `${due.mutation.name} is not an OpenID Connect mutation of ${point}`);
      continue;
    }
    try {
      const outcome = await mutation.apply(current, due.mutation.params, context);
      if (outcome.applied) current = outcome.value as OidcPointValue[P];
      else run.notApplied(due, outcome.reason);
    } catch (error) {
      run.notApplied(due, `failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return current;
}
