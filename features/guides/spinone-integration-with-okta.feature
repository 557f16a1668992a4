@guide @oidc @requires-oidc
Feature: SpinOne — Integration with Okta
  The SpinOne guide, step by step (seed 004_7a4841b58ed2906d.txt), OpenID Connect. "SpinOne will
  automatically sign you out and Okta will become your sole method of logging in."

  Background:
    Given Alice owns the SP organization "Acme"
    # Step 1: Create a New Application Integration: "OIDC - OpenID Connect … Web Application",
    # "Sign-in redirect URIs", "Skip group assignments for now".
    And the Okta admin creates the OIDC web app "SpinOne"
    # Step 2: Add Users to the Integration: "ensure that the Email of a user is identical to the
    # user's email in SpinOne".
    And Alice is an Okta user
    And the Okta admin assigns Alice to "SpinOne"
    And Carol is an Okta user
    And the Okta admin assigns Carol to "SpinOne"
    And Alice invites Carol to the SP organization

  @requires-login-with-okta @requires-oidc-initiate-login @requires-enforced-sso @requires-sign-out-on-enforce @requires-password-sign-in @requires-invitation-link @requires-invitations
  Scenario: Step 3: Enabling Okta Integration from SpinOne — everyone is signed out, Okta becomes the sole method
    Given Carol accepts her invitation with a password
    And Carol is signed in to "Acme" as member with her password
    # "fill out Domain, ClientId & ClientSecret … Ensure that the Integration is toggled on … Create".
    When Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "SpinOne" and:
      | SSO portal key | acme_SSO     |
      | Enforcement    | SSO Enforced |
    And the Okta admin enters the SP's sign-in redirect URI in "SpinOne"
    # "Login initiated by: Either Okta or App", "Login flow: Redirect to app to initiate login
    # (OIDC Compliant)", "Initiate login URL".
    And the Okta admin lets Okta or the app start the login of "SpinOne", redirecting to the SP's initiate login URI
    Then Carol has been signed out of the SP
    When Carol signs in to the SP with her password
    Then the SP refuses Carol's sign-in with "SSO_REQUIRED"
    When Carol signs in with SSO through "Login with Okta" and the customer id "acme_SSO"
    Then Carol is signed in to "Acme" as member through OIDC

  @requires-login-with-okta @requires-invitations
  Scenario: To login: 1. "select Login with Okta" — with the Customer ID when Okta serves several SpinOne accounts
    Given Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "SpinOne" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "SpinOne"
    When Alice signs in with SSO through "Login with Okta" and the customer id "acme_SSO"
    Then Alice is signed in to "Acme" as owner through OIDC

  @requires-login-with-okta @requires-invitations
  Scenario: A Customer ID no account has is refused
    Given Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "SpinOne" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "SpinOne"
    When Alice tries SSO through "Login with Okta" and the customer id "someone_else"
    Then the SP refuses Alice's sign-in with "SSO_UNKNOWN_PORTAL_KEY"

  @requires-oidc-initiate-login @requires-invitations
  Scenario: To login: 2. "Launch SpinOne directly from your Okta console"
    Given Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "SpinOne" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "SpinOne"
    And the Okta admin lets Okta or the app start the login of "SpinOne", redirecting to the SP's initiate login URI
    When Carol launches "SpinOne" from the Okta dashboard
    Then Carol is signed in to "Acme" as member through OIDC

  @requires-invitation-link @requires-invitations @requires-invitation-acceptance
  Scenario: "The Email of a user is identical to the user's email in SpinOne": someone else on the invitation is refused
    Given Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "SpinOne" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "SpinOne"
    And Dave is an Okta user
    And the Okta admin assigns Dave to "SpinOne"
    When Dave tries SSO through Carol's invitation link
    Then the SP refuses Dave's sign-in with "SSO_EMAIL_MISMATCH"
    And the SP's member list shows Carol as an invited member
    And the SP's member list does not show Dave

  @requires-direct-url @requires-oidc-subject-link @requires-invitations @requires-invitation-acceptance
  Scenario: After the email changes in Okta, the next sign-in finds the same account and takes the new email
    Given Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "SpinOne" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "SpinOne"
    And Carol signs in with SSO through the direct portal URL "acme_SSO"
    When the Okta admin changes Carol's email in Okta
    And Carol signs in with SSO through the direct portal URL "acme_SSO" again
    Then Carol is signed in to "Acme" as member through OIDC
    And the SP's member list shows Carol as an active member
