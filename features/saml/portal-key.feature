@saml @requires-saml @requires-saml-manual-config
Feature: SAML sign-in with an SSO portal key
  From the DinMo guide (000_bceef98f5a319b31.txt). An Okta admin creates a SAML 2.0 app with Name ID
  format EmailAddress, Application username Email and the attribute statement email = user.email,
  and assigns people to it. The SP's admin copies the Sign on URL, Issuer and Certificate from Okta
  into the SP and chooses an SSO portal key; the SP generates its Entity ID, Callback URL and Portal
  URL. People then sign in with "Continue with SSO" and the portal key, or with the direct URL.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user
    And the Okta admin creates the SAML 2.0 app "DinMo" with:
      | Name ID format                 | EmailAddress      |
      | Application username           | Email             |
      | Update application username on | Create and update |
      | Attribute statement email      | user.email        |
    And the Okta admin assigns Alice to "DinMo"
    And Alice configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of "DinMo" and the portal key "acme_SSO"
    And the Okta admin enters the SP's Entity ID and Callback URL in "DinMo"

  @requires-portal-key
  Scenario: The owner signs in with "Continue with SSO" and the portal key
    When Alice signs in with SSO through "Continue with SSO" and the portal key "acme_SSO"
    Then Alice is signed in to "Acme" as owner through SAML

  @requires-direct-url
  Scenario: The owner signs in with the direct portal URL
    When Alice signs in with SSO through the direct portal URL "acme_SSO"
    Then Alice is signed in to "Acme" as owner through SAML

  @requires-direct-url @requires-invitations
  Scenario: An invited member signs in and keeps the member role
    Given Carol is an Okta user
    And the Okta admin assigns Carol to "DinMo"
    And Alice invites Carol to the SP organization
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through SAML

  @requires-direct-url
  Scenario: A second sign-in in the same browser does not ask for the Okta password again
    Given Alice signs in with SSO through the direct portal URL "acme_SSO"
    When Alice signs in with SSO through the direct portal URL "acme_SSO" again
    Then Okta did not ask Alice for her password the second time
    And Alice is signed in to "Acme" as owner through SAML
