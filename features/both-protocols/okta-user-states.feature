@both-protocols @okta-user-states @requires-direct-url
Feature: Okta-side user states and access changes, over SAML and OpenID Connect
  What the Okta admin does after set-up reaches the next sign-in. Inigo (seed
  001_ad7e8d1b92aadd79.txt), troubleshooting: "Users are unable to access Inigo via Okta … Verify the
  user assignment and group settings within Okta". A suspended or deactivated user, or one no longer
  assigned (directly or through a group), gets Okta's page, and nothing reaches the SP, even with a
  live Okta session.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user

  Scenario Outline: Over <protocol>, a user the Okta admin <action> is stopped by Okta at the next sign-in
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    And Alice signs in with SSO through the direct portal URL "acme_SSO"
    And Alice is signed in to "Acme" as owner through <protocol>
    When the Okta admin <action> Alice
    And Alice tries SSO through the direct portal URL "acme_SSO"
    Then Alice sees Okta's error "IDP_USER_INACTIVE"
    And the SP's callback received nothing from Alice's browser

    @requires-saml
    Examples: SAML
      | protocol | action      |
      | SAML     | suspends    |
      | SAML     | deactivates |

    @requires-oidc
    Examples: OpenID Connect
      | protocol | action      |
      | OIDC     | suspends    |
      | OIDC     | deactivates |

  Scenario Outline: Over <protocol>, a user the Okta admin unsuspends signs in again
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    And the Okta admin suspends Alice
    When the Okta admin unsuspends Alice
    And Alice signs in with SSO through the direct portal URL "acme_SSO"
    Then Alice is signed in to "Acme" as owner through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  Scenario Outline: Over <protocol>, a user removed from the app loses access at the next sign-in
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Alice to "Acme SSO"
    And Alice signs in with SSO through the direct portal URL "acme_SSO"
    And Alice is signed in to "Acme" as owner through <protocol>
    When the Okta admin unassigns Alice from "Acme SSO"
    And Alice tries SSO through the direct portal URL "acme_SSO"
    Then Alice sees Okta's error "IDP_USER_NOT_ASSIGNED"
    And the SP's callback received nothing from Alice's browser

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-invitations
  Scenario Outline: Over <protocol>, group membership decides access, changed while everything runs
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And Carol is an Okta user in the group "Engineering"
    And the Okta admin assigns the group "Engineering" to "Acme SSO"
    And Alice invites Carol to the SP organization
    And Carol signs in with SSO through the direct portal URL "acme_SSO"
    And Carol is signed in to "Acme" as member through <protocol>
    When the Okta admin removes Carol from the group "Engineering"
    And Carol tries SSO through the direct portal URL "acme_SSO"
    Then Carol sees Okta's error "IDP_USER_NOT_ASSIGNED"
    And the SP's callback received nothing from Carol's browser
    When the Okta admin adds Carol to the group "Engineering"
    And Carol signs in with SSO through the direct portal URL "acme_SSO" again
    Then Carol is signed in to "Acme" as member through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |
