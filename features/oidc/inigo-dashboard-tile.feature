@oidc @dashboard @requires-oidc
Feature: Sign-in from the Okta dashboard tile with the ID token sent to the app (Okta Simplified)
  From the Inigo guide (001_ad7e8d1b92aadd79.txt). The app is assigned to people or to a group; it
  then appears on their Okta dashboard, and a click signs them in to the SP. "Users are unable to
  access" is an assignment problem: Okta shows no tile to people who are not assigned.

  Background:
    Given Alice owns the SP organization "Acme"
    And the Okta admin creates the OIDC web app "Inigo"
    And the Okta admin lets Okta or the app start the login of "Inigo", sending the ID token directly to the app
    And Carol is an Okta user in the group "Developers"
    And the Okta admin assigns the group "Developers" to "Inigo"
    And Alice invites Carol to the SP organization

  @requires-oidc-okta-simplified
  Scenario: A person assigned through a group signs in from the tile
    Given Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "Inigo" and the portal key "acme_SSO", accepting ID tokens from the Okta dashboard
    And the Okta admin enters the SP's sign-in redirect URI in "Inigo"
    When Carol launches "Inigo" from the Okta dashboard
    Then Carol is signed in to "Acme" as member through OIDC

  Scenario: The SP refuses an ID token from the dashboard unless the admin allowed it
    Given Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "Inigo" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "Inigo"
    When Carol launches "Inigo" from the Okta dashboard
    Then the SP refuses Carol's sign-in with "SSO_UNSOLICITED_RESPONSE"

  Scenario: A person who is not assigned sees no tile
    Given Bob is an Okta user
    Then Bob sees no "Inigo" tile on the Okta dashboard
