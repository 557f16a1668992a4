/**
 * The tenant the repro starts the mock IdP with: the customer's user and app, the app assigned to
 * the user. What the mock refuses (an Okta expression it does not evaluate, a grant type it does
 * not have) is taken out one field at a time, each named in the report with the mock's own reason,
 * so the rest of the app is still reproduced; a refusal about the user is REPRO_USER_INVALID.
 */
import { checkTenant, IdpError, type CheckedTenant, type TenantDocument } from '../../mock-idp/index.ts';
import { ReproError } from './errors.ts';

type Json = Record<string, unknown>;

export interface BuiltTenant {
  document: TenantDocument;
  checked: CheckedTenant;
  /** `apps[0]…` fields taken out, each with the mock's reason. */
  dropped: { path: string; reason: string }[];
}

/** At most this many fields are taken out before the app counts as not reproducible. */
const MAX_DROPS = 40;

/** `settings.signOn.attributeStatements[2].type` → ['settings', 'signOn', 'attributeStatements', 2, 'type']. */
function steps(path: string): (string | number)[] {
  return [...path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)].map((match) => (match[2] !== undefined ? Number(match[2]) : match[1]!));
}

/**
 * Takes out the field `path` names (below the app): the array element it sits in, when there is one
 * (one attribute statement, one response type), otherwise the field itself. Returns what was
 * taken out, or undefined when nothing could be.
 */
function dropAt(app: Json, path: (string | number)[]): string | undefined {
  const lastIndex = path.map((step) => typeof step === 'number').lastIndexOf(true);
  const cut = lastIndex >= 0 ? path.slice(0, lastIndex + 1) : path;
  let parent: unknown = app;
  for (const step of cut.slice(0, -1)) parent = (parent as Record<string | number, unknown> | undefined)?.[step];
  const leaf = cut.at(-1)!;
  if (Array.isArray(parent) && typeof leaf === 'number' && leaf < parent.length) {
    parent.splice(leaf, 1);
  } else if (typeof parent === 'object' && parent !== null && typeof leaf === 'string' && leaf in parent) {
    delete (parent as Json)[leaf];
  } else {
    return undefined;
  }
  return cut.map((step) => (typeof step === 'number' ? `[${step}]` : `.${step}`)).join('').slice(1);
}

export function buildTenant(orgName: string, user: Json, app: Json, login: string): BuiltTenant {
  const copy = JSON.parse(JSON.stringify(app)) as Json;
  const dropped: BuiltTenant['dropped'] = [];
  for (let attempt = 0; attempt <= MAX_DROPS; attempt += 1) {
    const document = { org: { name: orgName }, users: [user], apps: [{ ...copy, assignments: { users: [login] } }] } as unknown as TenantDocument;
    try {
      return { document, checked: checkTenant(document), dropped };
    } catch (error) {
      if (!(error instanceof IdpError)) throw error;
      const match = /^apps\[0\]\.([^:]+): (.*)$/s.exec(error.message);
      if (!match) throw new ReproError('REPRO_USER_INVALID', `the mock refused the user: ${error.message}`);
      const taken = dropAt(copy, steps(match[1]!));
      if (!taken) throw new ReproError('REPRO_APP_INVALID', `the mock refused the app: ${error.message}`);
      dropped.push({ path: taken, reason: match[2]!.trim() });
    }
  }
  throw new ReproError('REPRO_APP_INVALID', `the mock refused more than ${MAX_DROPS} fields of the app: ${dropped.map((item) => item.path).join(', ')}`);
}
