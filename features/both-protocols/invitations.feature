@both-protocols @requires-invitations @requires-invitation-acceptance
Feature: Invitations accepted, over SAML and OpenID Connect
  Insomnia (seed 003_d073b71fa24f7a5f.txt): "Invite the same users in the Insomnia organization
  dashboard"; "Users can log in using Okta … and accept the enterprise invitation". The admin's
  member list shows the invitation pending, then accepted.

  Background:
    Given Alice owns the SP organization "Acme"
    And Carol is an Okta user

  @requires-direct-url
  Scenario Outline: Over <protocol>, an invited person's first SSO sign-in accepts the invitation
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    And the SP's member list shows Carol as an invited member
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through <protocol>
    And the SP's member list shows Carol as an active member

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-direct-url
  Scenario Outline: Over <protocol>, an invited person Okta does not let in leaves the invitation pending
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And Alice invites Carol to the SP organization
    When Carol tries SSO through the direct portal URL "acme_SSO"
    Then Carol sees Okta's error "IDP_USER_NOT_ASSIGNED"
    And the SP's member list shows Carol as an invited member

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |
