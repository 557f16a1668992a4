@both-protocols @enforced-sso
Feature: Design card flow "enforced SSO", over SAML and OpenID Connect
  DinMo (seed 000_bceef98f5a319b31.txt): "toggle the Enable SAML-only authentication option". ngrok
  (seed 002_528d5b13e9a6ea59.txt): "Mixed Mode" by default, "SSO Enforced … will require all new
  users to log in through Okta". SpinOne (seed 004_7a4841b58ed2906d.txt): "SpinOne will
  automatically sign you out and Okta will become your sole method of logging in". The owner keeps
  a password as break-glass, so a broken IdP set-up can still be repaired.

  Background:
    Given Alice owns the SP organization "Acme"
    And Carol is an Okta user

  @requires-password-sign-in @requires-invitation-link @requires-invitations
  Scenario Outline: In Mixed Mode over <protocol>, a member signs in with a password or with SSO
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO   |
      | Enforcement    | Mixed Mode |
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    And Carol accepts her invitation with a password
    When Carol signs in to the SP with her password
    Then Carol is signed in to "Acme" as member with her password
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through <protocol>

    @requires-saml @requires-direct-url
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-direct-url
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-enforced-sso @requires-password-sign-in @requires-invitation-link @requires-invitations
  Scenario Outline: With SSO enforced over <protocol>, a member's password is refused and SSO signs them in
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO   |
      | Enforcement    | Mixed Mode |
    And the Okta admin assigns Carol to "Acme SSO"
    And Alice invites Carol to the SP organization
    And Carol accepts her invitation with a password
    And Alice turns on "SSO Enforced" in the SP
    When Carol signs in to the SP with her password
    Then the SP refuses Carol's sign-in with "SSO_REQUIRED"
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through <protocol>

    @requires-saml @requires-direct-url
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc @requires-direct-url
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-enforced-sso @requires-password-sign-in
  Scenario Outline: With SSO enforced over <protocol>, the owner still signs in with a password (break-glass)
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO     |
      | Enforcement    | SSO Enforced |
    When Alice signs in to the SP with her password
    Then Alice is signed in to "Acme" as owner with her password

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |

  @requires-enforced-sso @requires-sign-out-on-enforce @requires-password-sign-in @requires-invitation-link @requires-invitations
  Scenario Outline: Enforcing SSO over <protocol> signs out a browser already signed in with a password
    Given the SP organization is connected to the Okta app "Acme SSO" over <protocol> with:
      | SSO portal key | acme_SSO   |
      | Enforcement    | Mixed Mode |
    And Alice invites Carol to the SP organization
    And Carol accepts her invitation with a password
    And Carol is still signed in to the SP with her password
    When Alice turns on "SSO Enforced" in the SP
    Then Carol has been signed out of the SP

    @requires-saml
    Examples: SAML
      | protocol |
      | SAML     |

    @requires-oidc
    Examples: OpenID Connect
      | protocol |
      | OIDC     |
