/**
 * The mutation registry: every name a fault may use, from the protocol modules. A name is looked up
 * when a fault is set (so an unknown name or bad params is refused with the field's path), and again
 * by the pipeline that applies it.
 */
import { OIDC_MUTATIONS } from './oidc/mutations.ts';
import { SAML_MUTATIONS } from './saml/mutations.ts';
import type { FaultPoint, MutationDefinition } from './model.ts';

export class MutationRegistry {
  private readonly byName = new Map<string, MutationDefinition>();

  constructor(definitions: readonly MutationDefinition[]) {
    for (const definition of definitions) {
      if (this.byName.has(definition.name)) throw new Error(`two fault mutations are named ${definition.name}`);
      if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(definition.name)) throw new Error(`fault mutation name ${definition.name} is not lower-case-with-dashes`);
      this.byName.set(definition.name, definition);
    }
  }

  get(name: string): MutationDefinition | undefined {
    return this.byName.get(name);
  }

  /** Every definition, for the documentation and `GET /mock/v1/faults/mutations`. */
  list(): { name: string; point: FaultPoint; summary: string }[] {
    return [...this.byName.values()].map(({ name, point, summary }) => ({ name, point, summary }));
  }
}

/** The mock IdP's registry: SAML and OpenID Connect mutations. */
export const MUTATIONS = new MutationRegistry([...SAML_MUTATIONS, ...OIDC_MUTATIONS]);
