@guide @oidc @requires-oidc
Feature: Insomnia — Integrating Insomnia Enterprise with Okta OpenID Connect
  The Insomnia guide, step by step (seed 003_d073b71fa24f7a5f.txt), OpenID Connect. The organization
  is found by its domain ("Set up your company domain in Insomnia", "Define your organization's
  domain identifier"), and people are assigned in Okta and invited in Insomnia.

  Background:
    # Configuring Insomnia Enterprise: "Access Enterprise Controls", "Create SSO Connection".
    Given Alice owns the SP organization "Acme"
    # Creating a New Application Integration in Okta: "Create App Integration", "OIDC - OpenID Connect".
    And the Okta admin creates the OIDC web app "Insomnia"
    # Configuring the Application in Okta: "Copy the client id, client secrets and the issuer URL
    # from Okta to Insomnia"; SSO Configuration in Insomnia: "Define your organization's domain identifier".
    And Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "Insomnia" and:
      | SSO portal key | acme_SSO           |
      | Email domains  | the company domain |
    # "Transfer SSO Details: Copy the SSO URL from Insomnia to Okta."
    And the Okta admin enters the SP's sign-in redirect URI in "Insomnia"

  @requires-domain-discovery @requires-invitations @requires-invitation-acceptance
  Scenario: User Management: assigned in Okta, invited in Insomnia, then "log in using Okta … and accept the enterprise invitation"
    Given Carol is an Okta user
    # "Assigning Users in Okta: Assign users to the application."
    And the Okta admin assigns Carol to "Insomnia"
    # "Inviting Users in Insomnia: Invite the same users in the Insomnia organization dashboard."
    And Alice invites Carol to the SP organization
    And the SP's member list shows Carol as an invited member
    # "User Onboarding: Users can log in using Okta … and accept the enterprise invitation."
    When Carol signs in with SSO with her work email
    Then Carol is signed in to "Acme" as member through OIDC
    And the SP's member list shows Carol as an active member

  @requires-domain-discovery @requires-invitation-acceptance
  Scenario: A person assigned in Okta but not invited in Insomnia is refused
    Given Dave is an Okta user
    And the Okta admin assigns Dave to "Insomnia"
    When Dave tries SSO with his work email
    Then the SP refuses Dave's sign-in with "SSO_USER_NOT_INVITED"
    And the SP's member list does not show Dave

  @requires-domain-discovery
  Scenario: An email of a domain no organization set up gets no SSO
    Given Erin is an Okta user with an email outside the company domain
    And the Okta admin assigns Erin to "Insomnia"
    When Erin tries SSO with her work email
    Then the SP refuses Erin's sign-in with "SSO_DOMAIN_UNKNOWN"

  @requires-domain-discovery
  Scenario: The company domain identifies one organization: another organization cannot claim it
    Given Bob owns another SP organization "Globex"
    When Bob connects "Globex" to the Okta app "Globex SSO" and claims the company domain
    Then the SP refuses the claim with "SSO_DOMAIN_TAKEN"

  @requires-direct-url
  Scenario: A sign-in redirect URI that is not the SP's shows Okta's error, and the SP receives nothing
    Given Alice is an Okta user
    And the Okta admin assigns Alice to "Insomnia"
    And the Okta admin changes the sign-in redirect URI of "Insomnia" to "https://wrong.example/callback"
    When Alice tries SSO through the direct portal URL "acme_SSO"
    Then Alice sees Okta's error "IDP_OIDC_REDIRECT_URI_NOT_REGISTERED"
    And the SP's callback received nothing from Alice's browser
