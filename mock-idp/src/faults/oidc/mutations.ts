/**
 * OpenID Connect fault mutations (the oidc.* points). Filled in by the OIDC faults work; the registry
 * reads OIDC_MUTATIONS.
 */
import type { MutationDefinition } from '../model.ts';

export const OIDC_MUTATIONS: readonly MutationDefinition[] = [];
