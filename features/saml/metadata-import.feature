@saml @requires-saml @requires-saml-metadata-import @requires-direct-url
Feature: SAML configured from the IdP metadata XML
  From the ngrok guide (002_528d5b13e9a6ea59.txt). The Okta admin creates the SAML app with temporary
  values for "Single sign on URL" and "Audience URI" and Name ID format EmailAddress, then downloads
  the IdP metadata ("View IdP metadata", Save As). The SP's admin uploads metadata.xml; the SP
  generates its ACS and Entity ID, which then replace the temporary values in the Okta app.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user
    And the Okta admin creates the SAML 2.0 app "ngrok" with temporary SSO URL and Audience URI and:
      | Name ID format | EmailAddress |
    And the Okta admin assigns Alice to "ngrok"
    And Alice uploads the IdP metadata of "ngrok" to the SP with the portal key "acme_SSO"

  Scenario: After the SP's values replace the temporary ones, the owner signs in
    Given the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    When Alice signs in with SSO through the direct portal URL "acme_SSO"
    Then Alice is signed in to "Acme" as owner through SAML

  Scenario: While Okta still holds the temporary values, Okta refuses the SP's request
    When Alice tries SSO through the direct portal URL "acme_SSO"
    Then Alice sees Okta's error "IDP_SAML_REQUEST_UNKNOWN_ACS"
    And the SP's callback received nothing from Alice's browser
