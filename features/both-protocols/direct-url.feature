@both-protocols @requires-direct-url
Feature: Design card flow "direct URL", over SAML and OpenID Connect
  DinMo (seed 000_bceef98f5a319b31.txt, "Method 2: using your specific URL"): the Portal URL
  /sso?key=your_key starts SSO for the organization. Okta sends a response only for people assigned
  to the app (Inigo, seed 001_ad7e8d1b92aadd79.txt: "Users are unable to access … Verify the user
  assignment"), and an invite-only SP lets in only people it invited.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user

  Scenario Outline: The direct portal URL signs the owner in over <protocol>
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

  Scenario Outline: A direct URL with a portal key no organization has is refused over <protocol>
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    When Alice tries SSO through the direct portal URL "nobody_SSO"
    Then the SP refuses Alice's sign-in with "SSO_UNKNOWN_PORTAL_KEY"

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-invitations
  Scenario Outline: Over <protocol>, a person the SP invited signs in and keeps the member role
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And Carol is an Okta user
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-invitation-acceptance
  Scenario Outline: Over <protocol>, a person assigned in Okta but never invited to an invite-only organization is refused
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And Dave is an Okta user
    And the Okta admin assigns Dave to "Acme SSO"
    When Dave tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Dave's sign-in with "SSO_USER_NOT_INVITED"
    And the SP's member list does not show Dave

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-invitations
  Scenario Outline: Over <protocol>, a person not assigned in Okta sees Okta's error and the SP's callback receives nothing
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

  Scenario Outline: Over <protocol>, a second sign-in in the same browser does not ask for the Okta password again
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    And Alice signs in with SSO through the direct portal URL "acme_SSO"
    When Alice signs in with SSO through the direct portal URL "acme_SSO" again
    Then Okta did not ask Alice for her password the second time
    And Alice is signed in to "Acme" as owner through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-saml @requires-oidc
  Scenario: One Okta sign-in serves SAML and OIDC apps alike
    Given the SP organization is connected to the Okta app "Acme SAML" over SAML with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SAML"
    And Alice signs in with SSO through the direct portal URL "acme_SSO"
    And the SP organization is connected to the Okta app "Acme OIDC" over OIDC with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme OIDC"
    When Alice signs in with SSO through the direct portal URL "acme_SSO" again
    Then Okta did not ask Alice for her password the second time
    And Alice is signed in to "Acme" as owner through OIDC
