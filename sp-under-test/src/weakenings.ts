// TEST ONLY: the checks a variant of the reference SP can switch off, one per variant, so the security
// catalogue's mutation-score test (test/mutation/) can show that every check matters: each weakened
// variant must be caught by at least one catalogue case. Reachable only through the
// `weakenedForMutationTesting` option of createSpApp/createReferenceSp — the CLI never passes it and
// nothing in the app sets it, so a normal SP has an empty set and every check runs.
//
// Some rules have no variant, on purpose: where a library the SP uses enforces the same rule itself
// and cannot be told not to (openid-client compares the code flow's nonce and the token's iss/aud/exp;
// jose supports no `alg: none` and finds no HMAC key in a JWKS), switching off the SP's own copy
// leaves the SP just as safe, so such a variant would measure nothing.

export const WEAKENINGS = {
  'saml-signature': 'no signature is checked at all: the assertion is read from the document',
  'saml-signed-assertion': 'signatures are checked, but the identity is read from the first Assertion in the document (signature wrapping)',
  'saml-certificate-pinning': "the certificate in the response's KeyInfo is trusted instead of the configured one",
  'saml-audience': 'the Audience is not compared with the SP entity ID',
  'saml-destination': 'the Response Destination is not compared with the ACS URL',
  'saml-recipient': 'the bearer SubjectConfirmationData Recipient is not compared with the ACS URL',
  'saml-subject-confirmation': 'the bearer SubjectConfirmation is not checked at all (method, data, recipient)',
  'saml-in-response-to': 'InResponseTo is not bound to a request of this browser session',
  'saml-unsolicited': 'unsolicited responses are accepted although the organization did not allow them',
  'saml-replay': 'assertion IDs are not remembered: an accepted Response can be posted again',
  'saml-issuer': 'the Issuers are not compared with the IdP entity ID',
  'saml-status': 'a non-Success StatusCode does not stop the sign-in',
  'saml-time-window': 'NotBefore, NotOnOrAfter and IssueInstant are not checked',
  'saml-doctype': 'a DOCTYPE is allowed in the Response',
  'saml-algorithms': 'SHA-1, HMAC, unusual transforms and c14n WithComments are allowed',
  'saml-comment-truncation': 'the email is read from the first text node only (a comment cuts it)',
  'saml-structure': "SAML 2.0's required shape (IDs, Version, NameID, AuthnStatement, SessionNotOnOrAfter) is not checked",
  'saml-relay-state': 'after sign-in the browser is sent wherever RelayState says',
  'oidc-state': "the authorization response's state is not checked (the browser's latest sign-in is used)",
  'oidc-signature': "the id_token's signature is not checked",
  'oidc-issuer': "the id_token's iss is not compared with the issuer",
  'oidc-audience': "the id_token's aud is not compared with the client id",
  'oidc-azp': "the id_token's azp is not compared with the client id",
  'oidc-expiry': "the id_token's exp, nbf and iat are not checked against the clock",
  'oidc-token-age': 'an id_token of any age is accepted',
  'oidc-typ': 'a token of another type (logout, access token) is accepted as an id_token',
  'oidc-replay': 'id_tokens are not remembered: one can be used twice',
  'oidc-unsolicited-nonce': 'an Okta Simplified post may carry a token issued for a sign-in request (with a nonce)',
  'oidc-email-verified': 'an email the OP marks unverified is accepted',
  'oidc-userinfo-subject': "userinfo for another sub than the id_token's is accepted",
  'oidc-key-refetch': "the OP's key set is not fetched again when a token names an unknown kid (key rotation breaks sign-in)",
  'oidc-pkce': 'the authorization request carries no PKCE code_challenge',
  'oidc-pkce-downgrade': 'PKCE as discovery advertises it: plain when only plain is listed, none when the list is absent',
  'oidc-fixed-state-nonce': 'one state and one nonce (made once per SP process) for every sign-in',
  'oidc-short-state-nonce': 'state and nonce of 32 random bits (8 hex characters)',
} as const;

export type Weakening = keyof typeof WEAKENINGS;

export const ALL_WEAKENINGS = Object.keys(WEAKENINGS) as Weakening[];

/** The weakened checks of one app: empty for every SP but the mutation-score test's variants. */
export type Weakened = ReadonlySet<Weakening>;

export const NONE_WEAKENED: Weakened = new Set();
