/**
 * What the mock reproduced: every setting of the customer's app (each leaf of settings.signOn or
 * settings.oauthClient, credentials.userNameTemplate, credentials.oauthClient) compared with the
 * app as the mock's own API returns it afterwards. A leaf the mock shows with the same value was
 * reproduced; one it shows otherwise, or not at all, was not — the mock does not model it.
 */

type Json = Record<string, unknown>;

export interface Difference {
  path: string;
  customer: unknown;
  /** undefined: the mock's app has no such field. */
  mock: unknown;
}

export interface Comparison {
  reproduced: string[];
  different: Difference[];
}

const COMPARED = ['settings.signOn', 'settings.oauthClient', 'credentials.userNameTemplate', 'credentials.oauthClient'];

function leaves(value: unknown, path: string, out: Map<string, unknown>): void {
  if (Array.isArray(value)) {
    if (value.length === 0) out.set(path, []);
    value.forEach((item, index) => leaves(item, `${path}[${index}]`, out));
  } else if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) out.set(path, {});
    for (const [key, item] of entries) leaves(item, `${path}.${key}`, out);
  } else {
    out.set(path, value);
  }
}

function at(value: unknown, path: string): unknown {
  let current = value;
  for (const match of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[match[2] ?? match[1]!];
  }
  return current;
}

/** Okta shows some values as templates (`http://www.okta.com/${org.externalKey}`): the mock's filled-in value matches. */
function sameValue(customer: unknown, mock: unknown): boolean {
  if (JSON.stringify(customer) === JSON.stringify(mock)) return true;
  if (typeof customer !== 'string' || typeof mock !== 'string' || !/\$\{org\.[A-Za-z]+\}/.test(customer)) return false;
  const pattern = customer.split(/\$\{org\.[A-Za-z]+\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+');
  return new RegExp(`^${pattern}$`).test(mock);
}

/** `skip`: paths reported elsewhere (the URLs pointed at the local SP, what was left out on purpose). */
export function compareApp(customer: Json, mock: Json, skip: (path: string) => boolean): Comparison {
  const wanted = new Map<string, unknown>();
  for (const root of COMPARED) {
    const value = at(customer, root);
    if (value !== undefined) leaves(value, root, wanted);
  }
  const reproduced: string[] = [];
  const different: Difference[] = [];
  for (const [path, value] of wanted) {
    if (skip(path)) continue;
    const theirs = at(mock, path);
    if (sameValue(value, theirs)) reproduced.push(path);
    else different.push({ path, customer: value, mock: theirs });
  }
  return { reproduced, different };
}
