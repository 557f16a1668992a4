@both-protocols @requires-domain-discovery
Feature: Email-domain discovery, over SAML and OpenID Connect
  Insomnia (seed 003_d073b71fa24f7a5f.txt): "Set up your company domain in Insomnia", "Define your
  organization's domain identifier". A person signs in with their work email; the SP sends them to
  the identity provider of the organization that claimed its domain. A domain belongs to one
  organization, and JIT makes accounts only inside the claimed domains.

  Background:
    Given Alice owns the SP organization "Acme"

  @requires-invitations
  Scenario Outline: Over <protocol>, "Sign in with SSO" with a work email of the claimed domain signs the person in
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO           |
      | Email domains  | the company domain |
    And Carol is an Okta user
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    When Carol signs in with SSO with her work email
    Then Carol is signed in to "Acme" as member through <protocol>

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  Scenario Outline: Over <protocol>, a work email of a domain no organization claimed is refused
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO           |
      | Email domains  | the company domain |
    And Erin is an Okta user with an email outside the company domain
    And the Okta admin assigns Erin to "Acme SSO"
    When Erin tries SSO with her work email
    Then the SP refuses Erin's sign-in with "SSO_DOMAIN_UNKNOWN"

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-jit @requires-invitation-acceptance
  Scenario Outline: Over <protocol> with JIT, a person of the claimed domain gets an account
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO           |
      | Provisioning   | Just-In-Time       |
      | Email domains  | the company domain |
    And Dave is an Okta user
    And the Okta admin assigns Dave to "Acme SSO"
    When Dave signs in with SSO with his work email
    Then Dave is signed in to "Acme" as member through <protocol>
    And the SP's member list shows Dave as an active member

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-jit @requires-invitation-acceptance @requires-direct-url
  Scenario Outline: Over <protocol> with JIT, a person from outside the claimed domains gets no account
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO           |
      | Provisioning   | Just-In-Time       |
      | Email domains  | the company domain |
    And Erin is an Okta user with an email outside the company domain
    And the Okta admin assigns Erin to "Acme SSO"
    When Erin tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Erin's sign-in with "SSO_EMAIL_OUTSIDE_DOMAINS"
    And the SP's member list does not show Erin

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-oidc
  Scenario: A domain belongs to one organization: a second organization's claim is refused
    Given the SP organization is connected to the Okta app "Acme SSO" over OIDC with:
      | SSO portal key | acme_SSO           |
      | Email domains  | the company domain |
    And Bob owns another SP organization "Globex"
    When Bob connects "Globex" to the Okta app "Globex SSO" and claims the company domain
    Then the SP refuses the claim with "SSO_DOMAIN_TAKEN"
