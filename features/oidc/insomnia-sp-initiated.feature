@oidc @requires-oidc
Feature: OpenID Connect sign-in started at the SP
  From the Insomnia guide (003_d073b71fa24f7a5f.txt). The Okta admin creates an OIDC web app, puts
  the SP's sign-in redirect URI into it, and copies the Client ID, Client Secret and issuer into the
  SP. People are assigned to the app in Okta AND invited in the SP, then sign in with Okta.

  Background:
    Given Alice owns the SP organization "Acme"
    And the Okta admin creates the OIDC web app "Insomnia"
    And Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "Insomnia" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "Insomnia"

  @requires-invitations @requires-direct-url
  Scenario: A person assigned in Okta and invited in the SP signs in
    Given Carol is an Okta user
    And the Okta admin assigns Carol to "Insomnia"
    And Alice invites Carol to the SP organization
    When Carol signs in with SSO through the direct portal URL "acme_SSO"
    Then Carol is signed in to "Acme" as member through OIDC

  @requires-direct-url
  Scenario: An OIDC app whose sign-in redirect URI is wrong shows Okta's error and the SP receives nothing
    Given Alice is an Okta user
    And the Okta admin assigns Alice to "Insomnia"
    And the Okta admin changes the sign-in redirect URI of "Insomnia" to "https://wrong.example/callback"
    When Alice tries SSO through the direct portal URL "acme_SSO"
    Then Alice sees Okta's error "IDP_OIDC_REDIRECT_URI_NOT_REGISTERED"
    And the SP's callback received nothing from Alice's browser
