@both-protocols
Feature: The same flows over SAML and OpenID Connect
  Where a flow exists for both protocols, one outline runs it for both: the SP is connected to an
  Okta app of that protocol with Okta's default settings, as the vendor guides set them up.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user

  @requires-direct-url
  Scenario Outline: Sign-in through the direct portal URL over <protocol>
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    When Alice signs in with SSO through the direct portal URL "acme_SSO"
    Then Alice is signed in to "Acme" as owner through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-direct-url @requires-invitations
  Scenario Outline: Over <protocol>, an unassigned user sees Okta's error and the SP's callback receives nothing
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And Bob is an Okta user
    And Alice invites Bob to the SP organization
    When Bob tries SSO through the direct portal URL "acme_SSO"
    Then Bob sees Okta's error "IDP_USER_NOT_ASSIGNED"
    And the SP's callback received nothing from Bob's browser

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-direct-url @requires-saml @requires-oidc
  Scenario: One Okta sign-in serves SAML and OIDC apps alike
    Given the SP organization is connected to the Okta app "Acme SAML" over SAML with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SAML"
    And Alice signs in with SSO through the direct portal URL "acme_SSO"
    And the SP organization is connected to the Okta app "Acme OIDC" over OIDC with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme OIDC"
    When Alice signs in with SSO through the direct portal URL "acme_SSO" again
    Then Okta did not ask Alice for her password the second time
    And Alice is signed in to "Acme" as owner through OIDC
