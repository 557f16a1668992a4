@both-protocols @requires-portal-key
Feature: Design card flow "portal key", over SAML and OpenID Connect
  DinMo (seed 000_bceef98f5a319b31.txt, "Method 1: using DinMo sign-in"): "Click on 'Continue with
  SSO'", "Enter your SSO Portal Key". SpinOne (seed 004_7a4841b58ed2906d.txt): "select Login with
  Okta", "enter it in the Customer ID section". The key tells the SP which organization, and so
  which Okta, signs the person in.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user

  Scenario Outline: "Continue with SSO" and the portal key sign the owner in over <protocol>
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    When Alice signs in with SSO through "Continue with SSO" and the portal key "acme_SSO"
    Then Alice is signed in to "Acme" as owner through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  Scenario Outline: A portal key no organization has is refused over <protocol>
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    When Alice tries SSO through "Continue with SSO" and the portal key "nobody_SSO"
    Then the SP refuses Alice's sign-in with "SSO_UNKNOWN_PORTAL_KEY"

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-login-with-okta
  Scenario Outline: "Login with Okta" and the customer id sign the owner in over <protocol>
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    When Alice signs in with SSO through "Login with Okta" and the customer id "acme_SSO"
    Then Alice is signed in to "Acme" as owner through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |
