@oidc @requires-oidc @requires-oidc-initiate-login
Feature: Login initiated by either Okta or the app (OIDC Compliant)
  From the SpinOne guide (004_7a4841b58ed2906d.txt). The OIDC web app is set to "Login initiated by:
  Either Okta or App", "Application visibility: Display application icon to users", "Login flow:
  Redirect to app to initiate login (OIDC Compliant)", with the SP's URL as "Initiate login URI".
  The user's email is the same in Okta and in the SP. People then use "Login with Okta" at the SP
  (with the customer id), or launch the app from their Okta dashboard.

  Background:
    Given Alice owns the SP organization "Acme"
    And Alice is an Okta user
    And the Okta admin creates the OIDC web app "SpinOne"
    And the Okta admin assigns Alice to "SpinOne"
    And Alice configures OIDC SSO in the SP with the Client ID, Client Secret and issuer of "SpinOne" and the portal key "acme_SSO"
    And the Okta admin enters the SP's sign-in redirect URI in "SpinOne"
    And the Okta admin lets Okta or the app start the login of "SpinOne", redirecting to the SP's initiate login URI

  @requires-login-with-okta
  Scenario: "Login with Okta" at the SP, with the customer id
    When Alice signs in with SSO through "Login with Okta" and the customer id "acme_SSO"
    Then Alice is signed in to "Acme" as owner through OIDC

  Scenario: Launched from the Okta dashboard, the SP starts the login itself
    When Alice launches "SpinOne" from the Okta dashboard
    Then Alice is signed in to "Acme" as owner through OIDC
