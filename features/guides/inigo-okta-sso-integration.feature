@guide @oidc @requires-oidc
Feature: Inigo — Okta SSO Integration
  The Inigo guide, step by step (seed 001_ad7e8d1b92aadd79.txt), OpenID Connect. Supported
  features: "IdP Initiated Auth Flow" (sign-in from the Okta dashboard) and "Just-In-Time
  provisioning". "Important: The first account that logs into Inigo via Okta will be set as the
  Inigo account owner."

  Background:
    # 1. Install the Inigo App: "Add Integration" (here: an OIDC web app whose login Okta starts,
    # sending the ID token to the app, which is what the catalogue app does).
    Given the Okta admin creates the OIDC web app "Inigo"
    And the Okta admin lets Okta or the app start the login of "Inigo", sending the ID token directly to the app
    # 2. Assign Inigo Application to Your Okta Users/Groups: "you may wish to assign Inigo to a
    # Developers Okta group".
    And Alice is an Okta user in the group "Developers"
    And Bob is an Okta user in the group "Developers"
    And the Okta admin assigns the group "Developers" to "Inigo"

  @requires-jit-first-owner @requires-oidc-okta-simplified @requires-invitation-acceptance
  Scenario: 3. Share Client ID with Inigo; "The first account that logs into Inigo via Okta will be set as the Inigo account owner"
    # "Contact us to securely share your Client ID, Client Secret, and Okta Domain … Our team will
    # notify you once SSO is enabled for your organization."
    Given the vendor sets up the SP organization "Acme" from the Client ID, Client Secret and Okta domain of "Inigo", accepting ID tokens from the Okta dashboard
    And the Okta admin enters the SP's sign-in redirect URI in "Inigo"
    # User Login Flow: "they must click on the Inigo app icon on the Okta user dashboard".
    When Alice launches "Inigo" from the Okta dashboard
    Then Alice is signed in to "Acme" as owner through OIDC
    And the SP's member list shows Alice as an active owner

  @requires-jit-first-owner @requires-oidc-okta-simplified @requires-join-prompt @requires-invitation-acceptance
  Scenario: Just-In-Time provisioning: the next person from the dashboard joins as a member
    Given the vendor sets up the SP organization "Acme" from the Client ID, Client Secret and Okta domain of "Inigo", accepting ID tokens from the Okta dashboard
    And the Okta admin enters the SP's sign-in redirect URI in "Inigo"
    And Alice launches "Inigo" from the Okta dashboard
    And Alice is signed in to "Acme" as owner through OIDC
    When Bob launches "Inigo" from the Okta dashboard
    Then Bob is asked to join "Acme"
    When Bob accepts to join
    Then Bob is signed in to "Acme" as member through OIDC
    And the SP's member list shows Bob as an active member

  Scenario: Troubleshooting: "Users are unable to access Inigo via Okta" — a person not assigned has no Inigo app
    Given Carol is an Okta user
    Then Carol sees no "Inigo" tile on the Okta dashboard

  @requires-jit-first-owner @requires-oidc-okta-simplified
  Scenario: Troubleshooting: removed from the group that gave access, a person loses the app
    Given the vendor sets up the SP organization "Acme" from the Client ID, Client Secret and Okta domain of "Inigo", accepting ID tokens from the Okta dashboard
    And the Okta admin enters the SP's sign-in redirect URI in "Inigo"
    And Alice launches "Inigo" from the Okta dashboard
    And Alice is signed in to "Acme" as owner through OIDC
    When the Okta admin removes Alice from the group "Developers"
    Then Alice sees no "Inigo" tile on the Okta dashboard

  @requires-invitations @requires-oidc-okta-simplified
  Scenario: A person of the group, invited in an SP organization an admin set up, signs in from the tile
    Given Alice owns the SP organization "Acme"
    And Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "Inigo" and the portal key "acme_SSO", accepting ID tokens from the Okta dashboard
    And the Okta admin enters the SP's sign-in redirect URI in "Inigo"
    And Carol is an Okta user in the group "Developers"
    And Alice invites Carol to the SP organization
    When Carol launches "Inigo" from the Okta dashboard
    Then Carol is signed in to "Acme" as member through OIDC

  @requires-invitations @requires-oidc-okta-simplified
  Scenario: An SP that did not allow ID tokens from the dashboard refuses them
    Given Alice owns the SP organization "Acme"
    And Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "Inigo" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "Inigo"
    And Carol is an Okta user in the group "Developers"
    And Alice invites Carol to the SP organization
    When Carol launches "Inigo" from the Okta dashboard
    Then the SP refuses Carol's sign-in with "SSO_UNSOLICITED_RESPONSE"
