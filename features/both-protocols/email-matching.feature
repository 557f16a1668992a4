@both-protocols @email-matching
Feature: Design card flow "email mismatch rejection", over SAML and OpenID Connect
  DinMo (seed 000_bceef98f5a319b31.txt): "you must specify the user's email address as suggested by
  Okta as the username". SpinOne (seed 004_7a4841b58ed2906d.txt): "Please ensure that the Email of a
  user is identical to the user's email in SpinOne". An invitation link signs in only the person it
  was sent to; the email is compared without regard to letter case.

  Background:
    Given Alice owns the SP organization "Acme"

  @requires-invitation-link @requires-invitation-acceptance @requires-invitations
  Scenario Outline: Over <protocol>, the invited person signs in through the invitation link
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And Carol is an Okta user
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    When Carol signs in with SSO through her invitation link
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

  @requires-invitation-link @requires-invitation-acceptance @requires-invitations
  Scenario Outline: Over <protocol>, another Okta user on the invitation link is refused and nothing changes (<provisioning>)
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO       |
      | Provisioning   | <provisioning> |
    And Carol is an Okta user
    And Dave is an Okta user
    And the Okta admin assigns Dave to "Acme SSO"
    And Alice invites Carol to the SP organization
    When Dave tries SSO through Carol's invitation link
    Then the SP refuses Dave's sign-in with "SSO_EMAIL_MISMATCH"
    And the SP's member list shows Carol as an invited member
    And the SP's member list does not show Dave

    @requires-saml
    Examples: SAML
      | protocol | provisioning    |
      | SAML     | Require invites |

    @requires-saml @requires-jit
    Examples: SAML with JIT
      | protocol | provisioning |
      | SAML     | Just-In-Time |

    @requires-oidc
    Examples: OpenID Connect
      | protocol | provisioning    |
      | OIDC     | Require invites |

    @requires-oidc @requires-jit
    Examples: OpenID Connect with JIT
      | protocol | provisioning |
      | OIDC     | Just-In-Time |

  @requires-direct-url
  Scenario Outline: Over <protocol>, an email Okta keeps with capital letters is the same email
    Given Alice is an Okta user whose email Okta keeps with capital letters
    And the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
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

  @requires-direct-url @requires-invitation-acceptance
  Scenario Outline: Over <protocol>, an Okta user whose email is not the SP's is refused
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with the portal key "acme_SSO"
    And Erin is an Okta user with an email outside the company domain
    And the Okta admin assigns Erin to "Acme SSO"
    When Erin tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Erin's sign-in with "SSO_USER_NOT_INVITED"
    And the SP's member list does not show Erin

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-oidc @requires-direct-url @requires-invitations @requires-oidc-subject-link @requires-invitation-acceptance
  Scenario: Over OIDC, after the email changes in Okta the same account signs in and takes the new email
    Given the SP organization is connected to the Okta app "Acme SSO" over OIDC with the portal key "acme_SSO"
    And Carol is an Okta user
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    And Carol signs in with SSO through the direct portal URL "acme_SSO"
    When the Okta admin changes Carol's email in Okta
    And Carol signs in with SSO through the direct portal URL "acme_SSO" again
    Then Carol is signed in to "Acme" as member through OIDC
    And the SP's member list shows Carol as an active member

  @requires-saml @requires-direct-url @requires-invitations @requires-invitation-acceptance
  Scenario: Over SAML, after the email changes in Okta ("Create and update") the new email is another person, refused
    Given the SP organization is connected to the Okta app "Acme SSO" over SAML with the portal key "acme_SSO"
    And Carol is an Okta user
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    And Carol signs in with SSO through the direct portal URL "acme_SSO"
    When the Okta admin changes Carol's email in Okta
    And Carol tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Carol's sign-in with "SSO_USER_NOT_INVITED"
    And the SP's member list does not show Carol
