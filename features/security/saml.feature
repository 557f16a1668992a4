# Generated from features/security/catalogue/saml.yaml by `npm run catalogue`: edit the YAML, not this file.
@security @saml
Feature: SAML security catalogue
  Every case of catalogue/saml.yaml: the mock IdP sends a deliberately faulted SAML Response, and the SP must
  refuse it and keep no session; positive controls must be accepted. The cases share one fixture per
  worker (an IdP org, apps and SP organizations set up once), so each case is one sign-in.

  Scenario Outline: <id>: <attack>
    When the mock IdP sends the security case "<id>"
    Then the SP does what a secure SP must

    @control
    Examples: Positive controls
      | id | attack |
      | saml-control-sp-initiated | A correct SP-initiated Response (Okta's defaults) is accepted |
      | saml-control-idp-initiated | A correct unsolicited Response is accepted where the organization allows sign-in from the Okta dashboard |
      | saml-control-destination-host-case | Destination whose host differs from the ACS only in letter case is accepted |

    Examples: Attacks
      | id | attack |
      | saml-sig-exclusion | No signature at all (Response and Assertion unsigned), claiming the victim |
      | saml-sig-stripped-after-signing | Every ds:Signature stripped from a genuinely signed Response |
      | saml-sig-value-tampered | SignatureValue bytes flipped |
      | saml-sig-content-edited | NameID changed to the victim after signing |
      | saml-cert-swap-attacker-keyinfo | Re-signed with an attacker key, the attacker's self-signed certificate in KeyInfo |
      | saml-cert-swap-app-keyinfo | Signed with an attacker key while KeyInfo still carries the app's certificate |
      | saml-cert-swap-no-keyinfo | Signed with an attacker key and no KeyInfo at all |
      | saml-cross-tenant-key | Validly signed by another app (an IdP trusted for another tenant), posted to this organization's ACS |
      | saml-hmac-key-confusion-pem | HMAC-SHA1 "signature" keyed with the app certificate's PEM text |
      | saml-hmac-key-confusion-der | HMAC-SHA256 "signature" keyed with the app certificate's DER bytes |
      | saml-c14n-with-comments | Exclusive canonicalization WithComments in the Reference's transforms |
      | saml-transform-xslt | A Reference using an XSLT transform |
      | saml-transform-xpath | A Reference using an XPath filter transform |
      | saml-transform-too-many | A Reference with more than two transforms |
      | saml-reference-uri-empty | The Reference signs the whole document (URI="") instead of the Response or Assertion by ID |
      | saml-reference-other-element | The Reference points at another element than the one the Signature sits in |
      | saml-xsw1-signed-response | XSW1 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw1-signed-assertion | XSW1 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw1-signed-both | XSW1 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-xsw2-signed-response | XSW2 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw2-signed-assertion | XSW2 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw2-signed-both | XSW2 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-xsw3-signed-response | XSW3 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw3-signed-assertion | XSW3 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw3-signed-both | XSW3 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-xsw4-signed-response | XSW4 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw4-signed-assertion | XSW4 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw4-signed-both | XSW4 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-xsw5-signed-response | XSW5 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw5-signed-assertion | XSW5 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw5-signed-both | XSW5 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-xsw6-signed-response | XSW6 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw6-signed-assertion | XSW6 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw6-signed-both | XSW6 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-xsw7-signed-response | XSW7 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw7-signed-assertion | XSW7 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw7-signed-both | XSW7 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-xsw8-signed-response | XSW8 (SAML Raider) with the response signed, the forged part claiming the victim |
      | saml-xsw8-signed-assertion | XSW8 (SAML Raider) with the assertion signed, the forged part claiming the victim |
      | saml-xsw8-signed-both | XSW8 (SAML Raider) with the both signed, the forged part claiming the victim |
      | saml-wrap-subject-confirmation-data | Unsigned copy of the original inside SubjectConfirmationData, the outer copy edited to the victim |
      | saml-wrap-advice | A copy placed in saml:Advice with the outer assertion edited to the victim |
      | saml-duplicate-id | Two elements carry the signed ID (the original and a forged one) |
      | saml-cve-2022-41912-multiple-assertions | After the signed Assertion, an unsigned clone (ID+_attack) claiming the victim |
      | saml-multiple-roots-second-response | A second root Response with an unsigned Assertion after the signed root |
      | saml-multiple-roots-leading-nameid | A leading NameID element before the signed root |
      | saml-cve-2025-29774-extra-signed-info | ds:Signature holds a second SignedInfo whose digest matches a forged assertion |
      | saml-cve-2025-29774-wrapped-signed-info | An extra SignedInfo wrapped in an unknown element inside ds:Signature |
      | saml-cve-2025-29775-digest-comment | Assertion edited, its DigestValue hides the new digest in a comment before the original |
      | saml-cve-2024-45409-stray-reference | An attacker ds:Reference earlier in document order than the real SignedInfo |
      | saml-cve-2025-25291-doctype-differential | A DOCTYPE that makes two XML parsers see two different documents |
      | saml-cve-2025-25292-namespace-quirk | Signatures relocated, an odd namespace on the Assertion and an empty StatusDetail |
      | saml-cve-2025-23369-entity-id | An internal DTD entity supplies the signed ID |
      | saml-signed-error-container | A genuine signed error Response plus a decoy Signature holding an Assertion in ds:Object |
      | saml-fragile-lock-attribute-pollution | "The Fragile Lock": attribute pollution |
      | saml-fragile-lock-namespace-confusion | "The Fragile Lock": namespace confusion |
      | saml-fragile-lock-void-canonicalization | "The Fragile Lock": void canonicalization |
      | saml-comment-injection-nameid | Signed NameID "victim@corp<!---->.attacker.test": the identity must be the full text |
      | saml-comment-injection-attribute | A comment inside the signed email AttributeValue only |
      | saml-xxe-external-entity | DOCTYPE with an external entity pointing at a canary URL, used in the Issuer |
      | saml-xxe-parameter-entity | DOCTYPE with an external parameter entity (canary URL) |
      | saml-entity-expansion | Nested "lol" entities (entity expansion DoS) |
      | saml-doctype | Any DOCTYPE at all |
      | saml-audience-wrong | Audience is another SP's entity ID |
      | saml-audience-restriction-missing | No AudienceRestriction |
      | saml-audience-empty | An AudienceRestriction whose Audience is empty |
      | saml-audience-second-restriction | A second AudienceRestriction naming another SP (every restriction must be met) |
      | saml-destination-wrong | Destination is another URL than this organization's ACS |
      | saml-destination-missing | No Destination on a signed Response |
      | saml-destination-empty | An empty Destination |
      | saml-destination-path-case | Destination whose path differs from the ACS only in letter case |
      | saml-recipient-wrong | Bearer SubjectConfirmationData Recipient is another URL |
      | saml-recipient-missing | Bearer SubjectConfirmationData without Recipient |
      | saml-subject-confirmation-holder-of-key | SubjectConfirmation Method is holder-of-key, not bearer |
      | saml-subject-confirmation-data-missing | Bearer SubjectConfirmation without SubjectConfirmationData |
      | saml-subject-confirmation-missing | Subject without any SubjectConfirmation |
      | saml-subject-confirmation-expired | Bearer SubjectConfirmationData NotOnOrAfter 6 minutes ago |
      | saml-conditions-not-yet-valid | Conditions NotBefore 10 minutes ahead |
      | saml-conditions-expired | Conditions NotOnOrAfter 6 minutes ago (outside any 5-minute skew) |
      | saml-conditions-timestamp-unparsable | An unparsable NotOnOrAfter |
      | saml-conditions-missing | No Conditions at all |
      | saml-issue-instant-future | Assertion IssueInstant 10 minutes in the future |
      | saml-stale-issue-instant | IssueInstant 3 hours old with a NotOnOrAfter far in the future |
      | saml-session-not-on-or-after-past | AuthnStatement SessionNotOnOrAfter already passed |
      | saml-in-response-to-unknown | Response and SubjectConfirmationData InResponseTo set to an ID the SP never sent |
      | saml-in-response-to-subject-differs | SubjectConfirmationData InResponseTo differs from the Response's |
      | saml-unsolicited-not-allowed | An unsolicited Response (no InResponseTo) where the organization does not allow sign-in from the dashboard |
      | saml-replay-sp-initiated | A Response the SP accepted before, posted again |
      | saml-replay-idp-initiated | An unsolicited Response the SP accepted before, posted again (the assertion-ID replay cache) |
      | saml-login-csrf | An insider's own Response, stopped on its way and posted from the victim's browser (login CSRF) |
      | saml-issuer-response-wrong | Response Issuer is not the IdP's entity ID |
      | saml-issuer-assertion-wrong | Assertion Issuer is not the IdP's entity ID |
      | saml-issuer-assertion-missing | Assertion without an Issuer |
      | saml-issuer-twice | Two Issuer elements in the Assertion |
      | saml-status-responder-with-assertion | StatusCode Responder, with an Assertion present |
      | saml-status-requester-nested | StatusCode Requester with a nested AuthnFailed code, with an Assertion present |
      | saml-status-missing | A Response without Status |
      | saml-response-id-missing | Response without an ID |
      | saml-assertion-id-missing | Assertion without an ID |
      | saml-response-version | Response Version 1.1 |
      | saml-assertion-version | Assertion Version 1.1 |
      | saml-authn-statement-missing | No AuthnStatement in the bearer Assertion |
      | saml-nameid-missing | Subject without a NameID |
      | saml-nameid-empty | An empty NameID |
      | saml-nameid-sp-name-qualifier | NameID SPNameQualifier names another SP |
      | saml-subject-missing | Assertion without a Subject |
      | saml-duplicate-email-attribute | Two email attributes with different values (the second the victim's) |
      | saml-email-attribute-two-values | The email attribute with two values (the second the victim's) |
      | saml-encrypted-assertion-injected | A signed Response with an EncryptedAssertion beside the assertion, for an SP that never asked for encryption |
      | saml-oversized-response | A 3 MB Response (an attribute padded with data) |
      | saml-relay-state-absolute | RelayState "https://evil.test/" must never send the browser off-site |
      | saml-relay-state-scheme-relative | RelayState "//evil.test/" must never send the browser off-site |
      | saml-relay-state-backslash | RelayState "/\\evil.test/" must never send the browser off-site |
      | saml-relay-state-tab | RelayState "/%09/evil.test" must never send the browser off-site |
      | saml-relay-state-javascript | RelayState "javascript:alert(1)" must never send the browser off-site |
      | saml-relay-state-long | RelayState "https://evil.test/{padding:100}" must never send the browser off-site |

    @policy-assertion-signed
    Examples: Strict policy "assertion-signed" (exclude with --tags "not @policy-assertion-signed")
      | id | attack |
      | saml-sig-response-only | Only the Response is signed, the Assertion is not |

    @policy-no-sha1
    Examples: Strict policy "no-sha1" (exclude with --tags "not @policy-no-sha1")
      | id | attack |
      | saml-weak-rsa-sha1 | Signed with RSA-SHA1 |
      | saml-weak-digest-sha1 | References digested with SHA-1 |

    @policy-response-signed
    Examples: Strict policy "response-signed" (exclude with --tags "not @policy-response-signed")
      | id | attack |
      | saml-sig-assertion-only | Only the Assertion is signed, the Response is not (Okta signs both by default) |
