@saml @dashboard @requires-saml @requires-saml-manual-config
Feature: SAML sign-in from the Okta dashboard tile
  From the ngrok guide (002_528d5b13e9a6ea59.txt): the SP's admin chooses whether people may sign in
  directly from their Okta dashboard. The tile sends an unsolicited SAML Response with the app's
  default RelayState; an SP that did not allow it must refuse it.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user
    And the Okta admin creates the SAML 2.0 app "ngrok" with:
      | Name ID format            | EmailAddress |
      | Application username      | Email        |
      | Attribute statement email | user.email   |
    And the Okta admin assigns Alice to "ngrok"

  @requires-saml-idp-initiated
  Scenario: The SP allows sign-in from the Okta dashboard
    Given Alice configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of "ngrok" and the portal key "acme_SSO", allowing sign-in from the Okta dashboard
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    When Alice launches "ngrok" from the Okta dashboard
    Then Alice is signed in to "Acme" as owner through SAML

  Scenario: The SP does not allow sign-in from the Okta dashboard
    Given Alice configures SAML SSO in the SP with the Sign on URL, Issuer and Certificate of "ngrok" and the portal key "acme_SSO"
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    When Alice launches "ngrok" from the Okta dashboard
    Then the SP refuses Alice's sign-in with "SSO_UNSOLICITED_RESPONSE"
