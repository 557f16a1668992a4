/**
 * Every code `npm run doctor` prints. Callers (tests, scripts reading `--json`) switch on these,
 * never on the text around them.
 *
 * Causes (exit status 1) are what would make an SP refuse the message, each named after the rule it
 * breaks. Input errors (exit status 2) mean the doctor could not read what it was given.
 */
import { CodedError } from '../command-line.ts';

export const CAUSE_CODES = {
  // SAML Response
  DOCTOR_SAML_STATUS: 'the Response carries a status other than Success (Okta refused, or the Response is an error)',
  DOCTOR_SAML_NO_ASSERTION: 'a Success Response without an Assertion',
  DOCTOR_SAML_MULTIPLE_ASSERTIONS: 'more than one Assertion (Okta sends one; SPs refuse several)',
  DOCTOR_SAML_DOCTYPE: 'the document has a DOCTYPE (Okta never sends one; SPs refuse it)',
  DOCTOR_SAML_UNSIGNED: 'neither the Response nor the Assertion is signed',
  DOCTOR_SAML_SIGNATURE_INVALID: 'a signature does not verify (the signed content was changed, or the signature does not cover its element)',
  DOCTOR_SAML_CERTIFICATE_MISMATCH: "signed with another certificate than the IdP metadata's",
  DOCTOR_SAML_WEAK_ALGORITHM: 'signed with SHA-1 or another algorithm SPs refuse',
  DOCTOR_SAML_ISSUER_MISMATCH: "the Issuer is not the IdP's entity ID, or the Response and Assertion Issuers differ",
  DOCTOR_SAML_AUDIENCE_MISMATCH: "the Audience is not the SP's entity ID (or there is none)",
  DOCTOR_SAML_DESTINATION_MISMATCH: "the Response's Destination is not the SP's ACS URL",
  DOCTOR_SAML_RECIPIENT_MISMATCH: "the bearer SubjectConfirmationData's Recipient is not the SP's ACS URL",
  DOCTOR_SAML_IN_RESPONSE_TO_MISMATCH: 'InResponseTo does not answer the request the SP sent (or Response and Assertion disagree)',
  DOCTOR_SAML_EXPIRED: 'the Assertion had expired at the time of checking',
  DOCTOR_SAML_NOT_YET_VALID: 'the Assertion was not yet valid at the time of checking (clocks apart)',
  DOCTOR_SAML_NAMEID_FORMAT_MISMATCH: 'the NameID format is not the one the SP asks for',
  DOCTOR_SAML_EMAIL_MISSING: 'no email: no email attribute and a NameID that is not an email address',
  // OpenID Connect
  DOCTOR_OIDC_ISSUER_MISMATCH: "the id_token's iss is not the issuer the SP expects",
  DOCTOR_OIDC_AUDIENCE_MISMATCH: "the id_token's aud is not the SP's client id (or azp is wrong)",
  DOCTOR_OIDC_EXPIRED: 'the id_token had expired at the time of checking',
  DOCTOR_OIDC_NOT_YET_VALID: 'the id_token was issued in the future (iat or nbf; clocks apart)',
  DOCTOR_OIDC_ALG_NOT_ALLOWED: 'the id_token is not signed with RS256 (alg none, HMAC or another algorithm)',
  DOCTOR_OIDC_KID_UNKNOWN: "the id_token's kid is not in the JWKS",
  DOCTOR_OIDC_SIGNATURE_INVALID: "the id_token's signature does not verify with the JWKS key",
  DOCTOR_OIDC_NONCE_MISSING: 'the SP sent a nonce and the id_token carries none',
  DOCTOR_OIDC_NONCE_MISMATCH: 'the id_token carries another nonce than the SP sent',
  DOCTOR_OIDC_STATE_MISMATCH: 'the authorization response carries another state than the SP sent (or none)',
  DOCTOR_OIDC_EMAIL_MISSING: 'the id_token has no email claim',
  DOCTOR_OIDC_EMAIL_UNVERIFIED: 'the id_token says email_verified: false',
  DOCTOR_OIDC_ERROR_RESPONSE: 'Okta answered the authorization request with an error',
  // Either protocol
  DOCTOR_IDP_REFUSED: 'Okta refused the sign-in on its own page: the SP received nothing',
} as const;
export type CauseCode = keyof typeof CAUSE_CODES;

export const INPUT_ERROR_CODES = {
  DOCTOR_ARGS_INVALID: 'the command line is not valid',
  DOCTOR_INPUT_NOT_FOUND: 'the file could not be read',
  DOCTOR_INPUT_UNREADABLE: 'not a SAMLResponse, an id_token or a HAR file with SAML or OIDC messages',
  DOCTOR_METADATA_UNREADABLE: 'a --sp-metadata or --idp-metadata argument could not be read',
  DOCTOR_URL_REFUSED: 'a URL argument is neither loopback (http://127.0.0.1, localhost) nor https',
} as const;
export type InputErrorCode = keyof typeof INPUT_ERROR_CODES;

/** Why the doctor could not work: printed as one coded line, exit status 2. */
export class DoctorInputError extends CodedError<InputErrorCode> {
  override readonly name = 'DoctorInputError';
}

/** One cause of failure: what is wrong, with the values, and the fix in the words of Okta's admin console. */
export interface Cause {
  code: CauseCode;
  /** What is wrong, with the values found and expected. */
  problem: string;
  /** What to change, and where (Okta's admin console words, or the SP's). */
  fix: string;
}
