@saml @requires-saml @requires-saml-manual-config
Feature: SAML sign-ins that must not succeed
  Okta never sends a SAML Response for a user who is not assigned to the app (troubleshooting in the
  Inigo guide: "users unable to access" are assignment problems), and the SP refuses what it cannot
  place: an unknown portal key, or a person the invite-only organization never invited.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user
    And the Okta admin creates the SAML 2.0 app "DinMo" with:
      | Name ID format            | EmailAddress |
      | Application username      | Email        |
      | Attribute statement email | user.email   |
    And the Okta admin assigns Alice to "DinMo"
    And Alice configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of "DinMo" and the portal key "acme_SSO"
    And the Okta admin enters the SP's Entity ID and Callback URL in "DinMo"

  @requires-direct-url @requires-invitations
  Scenario: An unassigned user sees Okta's error and the SP is never reached
    Given Bob is an Okta user
    And Alice invites Bob to the SP organization
    When Bob tries SSO through the direct portal URL "acme_SSO"
    Then Bob sees Okta's error "IDP_USER_NOT_ASSIGNED"
    And the SP's callback received nothing from Bob's browser

  @requires-portal-key
  Scenario: An unknown portal key entered after "Continue with SSO" is refused
    When Alice tries SSO through "Continue with SSO" and the portal key "nobody_SSO"
    Then the SP refuses Alice's sign-in with "SSO_UNKNOWN_PORTAL_KEY"

  @requires-direct-url
  Scenario: An unknown portal key in the direct URL is refused
    When Alice tries SSO through the direct portal URL "nobody_SSO"
    Then the SP refuses Alice's sign-in with "SSO_UNKNOWN_PORTAL_KEY"

  @requires-direct-url
  Scenario: A person assigned in Okta but never invited to an invite-only organization is refused
    Given Dave is an Okta user
    And the Okta admin assigns Dave to "DinMo"
    When Dave tries SSO through the direct portal URL "acme_SSO"
    Then the SP refuses Dave's sign-in with "SSO_USER_NOT_INVITED"
