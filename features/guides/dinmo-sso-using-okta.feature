@guide @saml @requires-saml @requires-saml-manual-config
Feature: DinMo — SSO using Okta
  The DinMo guide, step by step (seed 000_bceef98f5a319b31.txt), SAML 2.0. "You need Admin access to
  your Okta Organisation and DinMo Organisation to be able to use the Okta SSO."

  Background:
    # In the Okta Dashboard. Step 1: Create a custom SAML application for DinMo: "Create app
    # integration", SAML 2.0, general settings, then the SAML settings, with "these parameters", and
    # the attribute statements ("an email-to-user.email statement is required").
    Given the Okta admin creates the SAML 2.0 app "DinMo" with:
      | Name ID format                 | EmailAddress      |
      | Application username           | Email             |
      | Update application username on | Create and update |
      | Attribute statement email      | user.email        |
    # Step 2: Assign people to your SAML app ("you must specify the user's email address as
    # suggested by Okta as the username").
    And Alice is an Okta user
    And the Okta admin assigns Alice to "DinMo"
    # In the DinMo Application. Step 3: Configure Okta SSO in DinMo: "Sign in to your DinMo
    # workspace as an organization admin", the SSO Portal Key, Sign on URL, Issuer and Certificate,
    # Save, then collect DinMo's Entity ID, Callback URL and your Portal URL (they go into the app's
    # single-sign-on URL and Audience URI).
    And Alice owns the SP organization "Acme"
    And Alice configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of "DinMo" and the portal key "acme_SSO"
    And the Okta admin enters the SP's Entity ID and Callback URL in "DinMo"

  @requires-portal-key
  Scenario: Method 1: using DinMo sign-in — "Continue with SSO", then the SSO Portal Key
    When Alice signs in with SSO through "Continue with SSO" and the portal key "acme_SSO"
    Then Alice is signed in to "Acme" as owner through SAML

  @requires-direct-url
  Scenario: Method 2: using your specific URL (/sso?key=your_key)
    When Alice signs in with SSO through the direct portal URL "acme_SSO"
    Then Alice is signed in to "Acme" as owner through SAML

  @requires-direct-url
  Scenario: Validating the connection with Okta once is enough for the next sign-in
    Given Alice signs in with SSO through the direct portal URL "acme_SSO"
    When Alice signs in with SSO through the direct portal URL "acme_SSO" again
    Then Okta did not ask Alice for her password the second time
    And Alice is signed in to "Acme" as owner through SAML

  @requires-direct-url @requires-invitations
  Scenario: A member assigned in Okta and invited in DinMo signs in and keeps the member role
    Given Carol is an Okta user
    And the Okta admin assigns Carol to "DinMo"
    And Alice invites Carol to the SP organization
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through SAML

  @requires-direct-url @requires-invitations @requires-invitation-acceptance
  Scenario: The Okta username is not the user's email address: the SP cannot tell who signed in
    Given the Okta admin edits the SAML settings of "DinMo":
      | Name ID format       | Unspecified   |
      | Application username | Okta username |
      | Attribute statements | none          |
    And Carol is an Okta user whose Okta username is not an email address
    And the Okta admin assigns Carol to "DinMo"
    And Alice invites Carol to the SP organization
    When Carol tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Carol's sign-in with "SSO_EMAIL_MISSING"
    And the SP's member list shows Carol as an invited member

  @requires-direct-url @requires-invitations @requires-invitation-acceptance
  Scenario: "Update application username on: Create and update" — an email changed in Okta reaches DinMo as another person
    Given Carol is an Okta user
    And the Okta admin assigns Carol to "DinMo"
    And Alice invites Carol to the SP organization
    And Carol signs in with SSO through the direct portal URL "acme_SSO"
    When the Okta admin changes Carol's email in Okta
    And Carol tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Carol's sign-in with "SSO_USER_NOT_INVITED"
    And the SP's member list does not show Carol

  @requires-direct-url @requires-enforced-sso @requires-password-sign-in @requires-invitation-link @requires-invitations
  Scenario: Step 4: Limit Access to Authorized Users — "Enable SAML-only authentication"
    Given Carol is an Okta user
    And the Okta admin assigns Carol to "DinMo"
    And Alice invites Carol to the SP organization
    And Carol accepts her invitation with a password
    And Carol is signed in to "Acme" as member with her password
    When Alice turns on "Enable SAML-only authentication" in the SP
    And Carol signs in to the SP with her password
    Then the SP refuses Carol's sign-in with "SSO_REQUIRED"
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through SAML

  @requires-enforced-sso @requires-password-sign-in
  Scenario: Step 4, break-glass: with SAML-only authentication on, the owner can still sign in with a password
    When Alice turns on "Enable SAML-only authentication" in the SP
    And Alice signs in to the SP with her password
    Then Alice is signed in to "Acme" as owner with her password
