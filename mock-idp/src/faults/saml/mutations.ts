/**
 * Every SAML fault mutation, by point; the registry (../registry.ts) reads SAML_MUTATIONS and the SSO
 * endpoint applies them through ./pipeline.ts. One small file per family:
 *
 *   saml.response  ./response-edits.ts        set-attribute, remove-attribute, set-text, remove-element,
 *                                             duplicate-element, insert-xml
 *   saml.signing   ./signing.ts               sign
 *   saml.signed    ./xsw.ts                   xsw (1–8)
 *                  ./wrapping.ts              wrap-subject-confirmation-data, wrap-advice, duplicate-id,
 *                                             multiple-assertions, multiple-roots, signed-error-container
 *                  ./signature-tricks.ts      extra-signed-info, digest-comment, stray-reference,
 *                                             comment-injection, tamper-signature-value, edit-after-signing,
 *                                             remove-signatures
 *                  ./parser-differentials.ts  doctype-differential, namespace-quirk, entity-id,
 *                                             attribute-pollution, namespace-confusion, void-canonicalization
 *                  ./document-level.ts        doctype, xxe, pad
 *                  ./delivery.ts              replay-previous, relay-state
 */
import type { SamlMutation } from './context.ts';
import { replayPreviousMutation, relayStateMutation } from './delivery.ts';
import { doctypeMutation, padMutation, xxeMutation } from './document-level.ts';
import {
  attributePollutionMutation,
  doctypeDifferentialMutation,
  entityIdMutation,
  namespaceConfusionMutation,
  namespaceQuirkMutation,
  voidCanonicalizationMutation,
} from './parser-differentials.ts';
import { RESPONSE_MUTATIONS } from './response-edits.ts';
import {
  commentInjectionMutation,
  digestCommentMutation,
  editAfterSigningMutation,
  extraSignedInfoMutation,
  removeSignaturesMutation,
  strayReferenceMutation,
  tamperSignatureValueMutation,
} from './signature-tricks.ts';
import { signMutation } from './signing.ts';
import {
  duplicateIdMutation,
  multipleAssertionsMutation,
  multipleRootsMutation,
  signedErrorContainerMutation,
  wrapAdviceMutation,
  wrapSubjectConfirmationDataMutation,
} from './wrapping.ts';
import { xswMutation } from './xsw.ts';

export const SAML_MUTATIONS: readonly SamlMutation[] = [
  ...RESPONSE_MUTATIONS,
  signMutation,
  xswMutation,
  wrapSubjectConfirmationDataMutation,
  wrapAdviceMutation,
  duplicateIdMutation,
  multipleAssertionsMutation,
  multipleRootsMutation,
  signedErrorContainerMutation,
  extraSignedInfoMutation,
  digestCommentMutation,
  strayReferenceMutation,
  doctypeDifferentialMutation,
  namespaceQuirkMutation,
  entityIdMutation,
  attributePollutionMutation,
  namespaceConfusionMutation,
  voidCanonicalizationMutation,
  commentInjectionMutation,
  tamperSignatureValueMutation,
  editAfterSigningMutation,
  removeSignaturesMutation,
  doctypeMutation,
  xxeMutation,
  padMutation,
  replayPreviousMutation,
  relayStateMutation,
];
