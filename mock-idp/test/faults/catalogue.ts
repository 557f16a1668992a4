/**
 * What the SAML and OIDC fault tests both do with a mutation list: find a mutation by name, read its
 * params as the API would (a refusal fails the test), or list the field paths a reader refuses.
 */
import { Issues, type Fields } from '../../src/tenant/fields.ts';

interface Named {
  name: string;
  readParams(raw: Fields, path: string, issues: Issues): unknown;
}

export function catalogueOf<M extends Named>(kind: string, mutations: readonly M[]) {
  const find = (name: string): M => {
    const found = mutations.find((mutation) => mutation.name === name);
    if (!found) throw new Error(`no ${kind} mutation ${name}`);
    return found;
  };
  return {
    find,
    /** Reads params as the API would; throws listing the problems when they are refused. */
    readParams(name: string, raw: Record<string, unknown>): unknown {
      const issues = new Issues();
      const read = find(name).readParams(raw, 'params', issues);
      if (!issues.empty) throw new Error(`params refused: ${issues.lines().join('; ')}`);
      return read;
    },
    /** The field paths of the problems `name`'s reader records for `raw`. */
    refusedPaths(name: string, raw: Record<string, unknown>): string[] {
      const issues = new Issues();
      find(name).readParams(raw, 'params', issues);
      return issues.list.map((issue) => issue.path);
    },
  };
}
