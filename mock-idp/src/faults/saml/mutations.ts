/**
 * SAML fault mutations (the three SAML points). Filled in by the SAML faults work; the registry reads
 * SAML_MUTATIONS. Each definition adds `apply` with the type of its point:
 *
 *   saml.response  apply(doc, params, ctx): void        edits the built, unsigned Response DOM
 *   saml.signing   apply(plan, params, ctx): plan        changes how the Response is signed
 *   saml.signed    apply(xml, params, ctx): xml         rewrites the signed document
 */
import type { MutationDefinition } from '../model.ts';

export const SAML_MUTATIONS: readonly MutationDefinition[] = [];
