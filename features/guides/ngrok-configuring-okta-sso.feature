@guide @saml @requires-saml @requires-saml-metadata-import
Feature: ngrok — Configuring Okta Single Sign-On (SSO)
  The ngrok guide, step by step (seed 002_528d5b13e9a6ea59.txt), SAML 2.0 with the IdP metadata XML.
  "ngrok requires the username to be in email format."

  Background:
    # Create a new SAML App Integration in Okta: "Enter in temporary values for 'Single sign on URL'
    # and 'Audience URI' and select 'EmailAddress' for 'Name ID format'".
    Given the Okta admin creates the SAML 2.0 app "ngrok" with temporary SSO URL and Audience URI and:
      | Name ID format | EmailAddress |
    And Alice is an Okta user
    And the Okta admin assigns Alice to "ngrok"
    And Alice owns the SP organization "Acme"

  @requires-direct-url
  Scenario: Download the metadata, upload it to ngrok, add the ngrok generated URLs to Okta, sign in
    # Download your SAML App metadata XML ("View IdP metadata", Save As), then in ngrok "upload the
    # metadata.xml file" and Save: "Clicking Save will create the integration and generate the
    # required URLs for your Okta Application".
    Given Alice uploads the IdP metadata of "ngrok" to the SP with the portal key "acme_SSO"
    # "The ACS goes in 'Single sign on URL' field and the EntityID in the 'Audience URI (SP Entity ID)'".
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    When Alice signs in with SSO through the direct portal URL "acme_SSO"
    Then Alice is signed in to "Acme" as owner through SAML

  @requires-direct-url
  Scenario: Before the ngrok generated URLs replace the temporary values, Okta refuses the sign-in
    Given Alice uploads the IdP metadata of "ngrok" to the SP with the portal key "acme_SSO"
    When Alice tries SSO through the direct portal URL "acme_SSO"
    Then Alice sees Okta's error "IDP_SAML_REQUEST_UNKNOWN_ACS"
    And the SP's callback received nothing from Alice's browser

  @requires-saml-idp-initiated
  Scenario: Options: allow users to log into the dashboard directly from their Okta dashboard
    Given Alice uploads the IdP metadata of "ngrok" to the SP with:
      | SSO portal key                  | acme_SSO |
      | Sign-in from the Okta dashboard | allowed  |
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    When Alice launches "ngrok" from the Okta dashboard
    Then Alice is signed in to "Acme" as owner through SAML

  @requires-saml-idp-initiated
  Scenario: Options: without that option, a sign-in from the Okta dashboard is refused
    Given Alice uploads the IdP metadata of "ngrok" to the SP with:
      | SSO portal key                  | acme_SSO    |
      | Sign-in from the Okta dashboard | not allowed |
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    When Alice launches "ngrok" from the Okta dashboard
    Then the SP refuses Alice's sign-in with "SSO_UNSOLICITED_RESPONSE"

  @requires-saml-idp-initiated @requires-jit @requires-join-prompt @requires-invitation-acceptance
  Scenario: JiT provisioning: "users that log into ngrok directly from their Okta dashboard will automatically be prompted to join"
    Given Alice uploads the IdP metadata of "ngrok" to the SP with:
      | SSO portal key                  | acme_SSO     |
      | Sign-in from the Okta dashboard | allowed      |
      | Provisioning                    | Just-In-Time |
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    And Bob is an Okta user
    And the Okta admin assigns Bob to "ngrok"
    When Bob launches "ngrok" from the Okta dashboard
    Then Bob is asked to join "Acme"
    When Bob accepts to join
    Then Bob is signed in to "Acme" as member through SAML
    And the SP's member list shows Bob as an active member

  @requires-saml-idp-initiated @requires-jit @requires-join-prompt @requires-invitation-acceptance
  Scenario: JiT provisioning: a person who declines to join gets no account
    Given Alice uploads the IdP metadata of "ngrok" to the SP with:
      | SSO portal key                  | acme_SSO     |
      | Sign-in from the Okta dashboard | allowed      |
      | Provisioning                    | Just-In-Time |
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    And Bob is an Okta user
    And the Okta admin assigns Bob to "ngrok"
    When Bob launches "ngrok" from the Okta dashboard
    And Bob declines to join
    Then Bob is not signed in to the SP
    And the SP's member list does not show Bob

  @requires-saml-idp-initiated @requires-invitation-acceptance
  Scenario: Require invites: a person who was not invited is not added to the account
    Given Alice uploads the IdP metadata of "ngrok" to the SP with:
      | SSO portal key                  | acme_SSO        |
      | Sign-in from the Okta dashboard | allowed         |
      | Provisioning                    | Require invites |
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    And Bob is an Okta user
    And the Okta admin assigns Bob to "ngrok"
    When Bob launches "ngrok" from the Okta dashboard
    Then the SP refuses Bob's sign-in with "SSO_USER_NOT_INVITED"
    And the SP's member list does not show Bob

  @requires-direct-url @requires-password-sign-in @requires-enforced-sso @requires-invitation-link @requires-invitations
  Scenario: "Mixed Mode" by default, then "SSO Enforced" once the integration works
    Given Alice uploads the IdP metadata of "ngrok" to the SP with the portal key "acme_SSO"
    And the Okta admin enters the SP's Entity ID and Callback URL in "ngrok"
    And Carol is an Okta user
    And the Okta admin assigns Carol to "ngrok"
    And Alice invites Carol to the SP organization
    # Mixed Mode: "log in with their existing credentials as well as through Okta".
    And Carol accepts her invitation with a password
    And Carol is signed in to "Acme" as member with her password
    When Alice turns on "SSO Enforced" in the SP
    And Carol signs in to the SP with her password
    Then the SP refuses Carol's sign-in with "SSO_REQUIRED"
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through SAML
