@both-protocols @jit
Feature: Design card flow "JIT owner assignment", over SAML and OpenID Connect
  Inigo (seed 001_ad7e8d1b92aadd79.txt): "Just-In-Time provisioning"; "The first account that logs
  into Inigo via Okta will be set as the Inigo account owner"; the vendor's staff set SSO up from
  what the customer's admin shares. ngrok (seed 002_528d5b13e9a6ea59.txt): "Determine if you'd like
  to enable Just in Time (JiT) provisioning or require invites"; "users that log into ngrok directly
  from their Okta dashboard will automatically be prompted to join".

  @requires-jit-first-owner @requires-invitation-acceptance
  Scenario Outline: Over <protocol>, the first person who signs in becomes the owner, the next a member
    Given Alice is an Okta user
    And Bob is an Okta user
    And the vendor sets up the SP organization "Acme" for the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO |
    And the Okta admin assigns Alice to "Acme SSO"
    And the Okta admin assigns Bob to "Acme SSO"
    When Alice signs in with SSO through the direct portal URL "acme_SSO"
    Then Alice is signed in to "Acme" as owner through <protocol>
    When Bob signs in with SSO through the direct portal URL "acme_SSO"
    Then Bob is signed in to "Acme" as member through <protocol>
    And the SP's member list shows Alice as an active owner
    And the SP's member list shows Bob as an active member

    @requires-saml @requires-direct-url
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-direct-url
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-jit-first-owner @requires-invitation-acceptance
  Scenario Outline: Over <protocol>, a person Okta does not let use the app never becomes the owner
    Given Alice is an Okta user
    And the vendor sets up the SP organization "Acme" for the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO |
    When Alice tries SSO through the direct portal URL "acme_SSO"
    Then Alice sees Okta's error "IDP_USER_NOT_ASSIGNED"
    And the SP's callback received nothing from Alice's browser
    And the SP's member list does not show Alice

    @requires-saml @requires-direct-url
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-direct-url
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-jit-first-owner @requires-domain-discovery @requires-invitation-acceptance
  Scenario Outline: Over <protocol>, an organization that claims its domain gets no owner from outside it
    Given Erin is an Okta user with an email outside the company domain
    And the vendor sets up the SP organization "Acme" for the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO           |
      | Email domains  | the company domain |
    And the Okta admin assigns Erin to "Acme SSO"
    When Erin tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Erin's sign-in with "SSO_EMAIL_OUTSIDE_DOMAINS"
    And the SP's member list does not show Erin

    @requires-saml @requires-direct-url
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-direct-url
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-jit @requires-invitation-acceptance
  Scenario Outline: With JIT over <protocol>, a newcomer who signs in at the SP becomes a member
    Given Alice owns the SP organization "Acme"
    And the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO     |
      | Provisioning   | Just-In-Time |
    And Dave is an Okta user
    And the Okta admin assigns Dave to "Acme SSO"
    When Dave signs in with SSO through the direct portal URL "acme_SSO"
    Then Dave is signed in to "Acme" as member through <protocol>
    And the SP's member list shows Dave as an active member

    @requires-saml @requires-direct-url
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-direct-url
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-invitation-acceptance
  Scenario Outline: Without JIT (invites required) over <protocol>, the newcomer is refused and no account is made
    Given Alice owns the SP organization "Acme"
    And the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO        |
      | Provisioning   | Require invites |
    And Dave is an Okta user
    And the Okta admin assigns Dave to "Acme SSO"
    When Dave tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Dave's sign-in with "SSO_USER_NOT_INVITED"
    And the SP's member list does not show Dave

    @requires-saml @requires-direct-url
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-direct-url
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-jit @requires-join-prompt @requires-invitation-acceptance
  Scenario Outline: With JIT over <protocol>, a newcomer from the Okta dashboard is asked to join and joins as a member
    Given Alice owns the SP organization "Acme"
    And the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key                  | acme_SSO     |
      | Provisioning                    | Just-In-Time |
      | Sign-in from the Okta dashboard | <dashboard>  |
    And Dave is an Okta user
    And the Okta admin assigns Dave to "Acme SSO"
    When Dave launches "Acme SSO" from the Okta dashboard
    Then Dave is asked to join "Acme"
    And the SP's member list does not show Dave
    When Dave accepts to join
    Then Dave is signed in to "Acme" as member through <protocol>
    And the SP's member list shows Dave as an active member

    @requires-saml @requires-saml-idp-initiated
    Examples: SAML
      | protocol | dashboard |
      | SAML     | allowed   |

    @requires-oidc @requires-oidc-okta-simplified
    Examples: OpenID Connect, ID token sent to the app
      | protocol | dashboard |
      | OIDC     | allowed   |

    @requires-oidc @requires-oidc-initiate-login
    Examples: OpenID Connect, through the initiate login URI
      | protocol | dashboard                      |
      | OIDC     | through the initiate login URI |

  @requires-jit @requires-join-prompt @requires-invitation-acceptance
  Scenario Outline: With JIT over <protocol>, a newcomer from the Okta dashboard who declines gets nothing
    Given Alice owns the SP organization "Acme"
    And the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key                  | acme_SSO     |
      | Provisioning                    | Just-In-Time |
      | Sign-in from the Okta dashboard | <dashboard>  |
    And Dave is an Okta user
    And the Okta admin assigns Dave to "Acme SSO"
    When Dave launches "Acme SSO" from the Okta dashboard
    And Dave declines to join
    Then Dave is not signed in to the SP
    And the SP's member list does not show Dave

    @requires-saml @requires-saml-idp-initiated
    Examples: SAML
      | protocol | dashboard |
      | SAML     | allowed   |

    @requires-oidc @requires-oidc-initiate-login
    Examples: OpenID Connect, through the initiate login URI
      | protocol | dashboard                      |
      | OIDC     | through the initiate login URI |
