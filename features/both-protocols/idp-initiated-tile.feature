@both-protocols @dashboard
Feature: Design card flow "IdP-initiated tile", over SAML and OpenID Connect
  ngrok (seed 002_528d5b13e9a6ea59.txt): "select whether you'd like to allow users to log into the
  dashboard directly from their Okta dashboard". Inigo (seed 001_ad7e8d1b92aadd79.txt): "they must
  click on the Inigo app icon on the Okta user dashboard … already be authenticated via Okta".
  Over SAML the tile sends an unsolicited Response; over OIDC it POSTs an ID token ("Okta
  Simplified") or goes through the SP's initiate login URI ("OIDC Compliant", SpinOne). An SP that
  did not allow sign-in from the dashboard refuses the first two.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user

  Scenario Outline: Allowed by the SP, the <protocol> tile signs the owner in
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key                  | acme_SSO |
      | Sign-in from the Okta dashboard | allowed  |
    And the Okta admin assigns Alice to "Acme SSO"
    When Alice launches "Acme SSO" from the Okta dashboard
    Then Alice is signed in to "Acme" as owner through <protocol>

    @requires-saml @requires-saml-idp-initiated
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-oidc-okta-simplified
    Examples: OpenID Connect, ID token sent to the app
      | protocol |
      | OIDC     |

  Scenario Outline: Not allowed by the SP, the <protocol> tile is refused
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key                  | acme_SSO    |
      | Sign-in from the Okta dashboard | not allowed |
    And the Okta admin assigns Alice to "Acme SSO"
    When Alice launches "Acme SSO" from the Okta dashboard
    Then the SP refuses Alice's sign-in with "SSO_UNSOLICITED_RESPONSE"

    @requires-saml @requires-saml-idp-initiated
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-oidc-okta-simplified
    Examples: OpenID Connect, ID token sent to the app
      | protocol |
      | OIDC     |

  @requires-oidc @requires-oidc-initiate-login
  Scenario: Over OIDC Compliant, the tile goes through the SP's initiate login URI and signs the owner in
    Given the SP organization is connected to the Okta app "Acme SSO" over OIDC with:
      | SSO portal key                  | acme_SSO                       |
      | Sign-in from the Okta dashboard | through the initiate login URI |
    And the Okta admin assigns Alice to "Acme SSO"
    When Alice launches "Acme SSO" from the Okta dashboard
    Then Alice is signed in to "Acme" as owner through OIDC

  Scenario Outline: A person not assigned to the <protocol> app has no tile for it
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key                  | acme_SSO |
      | Sign-in from the Okta dashboard | allowed  |
    And the Okta admin assigns Alice to "Acme SSO"
    And Bob is an Okta user
    Then Bob sees no "Acme SSO" tile on the Okta dashboard

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |
