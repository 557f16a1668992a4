// The ONE place where node-saml's error messages become SSO codes. node-saml throws plain Errors
// (plus SamlStatusError), so this table matches on message prefixes; first match wins. Anything
// unknown becomes SSO_RESPONSE_INVALID (never a 500, never the raw message on the page).
import { SamlStatusError } from '@node-saml/node-saml';
import type { SsoErrorCode } from '../errors.ts';

export const NODE_SAML_ERROR_TABLE: ReadonlyArray<readonly [RegExp, SsoErrorCode]> = [
  [/^SAML provider returned .* error/, 'SSO_STATUS_NOT_SUCCESS'],
  [/^Bad status code/, 'SSO_STATUS_NOT_SUCCESS'],
  [/^Invalid signature: multiple assertions/, 'SSO_MALFORMED_RESPONSE'],
  [/^Invalid document signature/, 'SSO_SIGNATURE_INVALID'],
  [/^Invalid signature/, 'SSO_SIGNATURE_INVALID'],
  [/^Too many signatures found/, 'SSO_SIGNATURE_INVALID'],
  [/^Cannot obtain assertion from signed data/, 'SSO_SIGNATURE_INVALID'],
  [/^Only 1 signed references/, 'SSO_SIGNATURE_INVALID'],
  [/^ref URI included quote/, 'SSO_SIGNATURE_INVALID'],
  [/^signature reference uri not found/, 'SSO_SIGNATURE_INVALID'],
  [/InResponseTo/, 'SSO_INRESPONSETO_MISMATCH'],
  [/^No valid subject confirmation found/, 'SSO_ASSERTION_EXPIRED'],
  [/^SAML assertion not yet valid/, 'SSO_ASSERTION_EXPIRED'],
  [/^SAML assertion expired/, 'SSO_ASSERTION_EXPIRED'],
  [/^Error parsing (NotBefore|NotOnOrAfter|IssueInstant)/, 'SSO_ASSERTION_EXPIRED'],
  [/^SAML assertion has no AudienceRestriction/, 'SSO_AUDIENCE_MISMATCH'],
  [/^SAML assertion AudienceRestriction has no Audience value/, 'SSO_AUDIENCE_MISMATCH'],
  [/^SAML assertion audience mismatch/, 'SSO_AUDIENCE_MISMATCH'],
  [/^(Unknown|Missing) SAML issuer/, 'SSO_ISSUER_MISMATCH'],
  [/^Missing SAML assertion/, 'SSO_MALFORMED_RESPONSE'],
  [/^Unable to process multiple conditions/, 'SSO_MALFORMED_RESPONSE'],
  [/^Unknown SAML response message/, 'SSO_MALFORMED_RESPONSE'],
  [/^Not a valid XML document/, 'SSO_MALFORMED_RESPONSE'],
  [/^No decryption key/, 'SSO_MALFORMED_RESPONSE'],
];

export function codeForNodeSamlError(err: unknown): SsoErrorCode {
  if (err instanceof SamlStatusError) return 'SSO_STATUS_NOT_SUCCESS';
  const message = err instanceof Error ? err.message : String(err);
  for (const [pattern, code] of NODE_SAML_ERROR_TABLE) if (pattern.test(message)) return code;
  return 'SSO_RESPONSE_INVALID';
}
