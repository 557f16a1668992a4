# Generated from features/security/catalogue/oidc.yaml by `npm run catalogue`: edit the YAML, not this file.
@security @oidc
Feature: OpenID Connect security catalogue
  Every case of catalogue/oidc.yaml: the mock IdP sends a deliberately faulted authorization response, id_token, token, userinfo or discovery answer, and the SP must
  refuse it and keep no session; positive controls must be accepted. The cases share one fixture per
  worker (an IdP org, apps and SP organizations set up once), so each case is one sign-in.
  The PKCE-downgrade and fresh-request-values cases judge the SP's own authorization requests instead
  (two sign-ins each, read from the mock IdP's inspector: S256 PKCE, unguessable state and nonce, none reused).

  Scenario Outline: <id>: <attack>
    When the mock IdP sends the security case "<id>"
    Then the SP does what a secure SP must

    @control
    Examples: Positive controls
      | id | attack |
      | oidc-control-code | A correct id_token (Okta's defaults) is accepted |
      | oidc-control-okta-simplified | A correct id_token (Okta's defaults) is accepted |
      | oidc-control-aud-array-code | aud as a one-element array holding the client id is accepted |
      | oidc-control-aud-array-okta-simplified | aud as a one-element array holding the client id is accepted |
      | oidc-control-no-kid-single-key-code | No kid in the header while the JWKS holds a single key is accepted |
      | oidc-control-no-kid-single-key-okta-simplified | No kid in the header while the JWKS holds a single key is accepted |
      | oidc-control-key-rotation-code | A token signed with a key published just now (rotation) is accepted after refetching the JWKS |
      | oidc-control-key-rotation-okta-simplified | A token signed with a key published just now (rotation) is accepted after refetching the JWKS |
      | oidc-control-unparseable-jwks-key-code | Unusable keys in the JWKS (kty AKP, a made-up kty) are ignored |
      | oidc-control-unparseable-jwks-key-okta-simplified | Unusable keys in the JWKS (kty AKP, a made-up kty) are ignored |

    Examples: Attacks
      | id | attack |
      | oidc-bad-signature-code | Every signature byte XOR 0x5A |
      | oidc-bad-signature-okta-simplified | Every signature byte XOR 0x5A |
      | oidc-signature-stripped-code | The signature removed (header still RS256) |
      | oidc-signature-stripped-okta-simplified | The signature removed (header still RS256) |
      | oidc-alg-none-code | Header alg "none", empty signature |
      | oidc-alg-none-okta-simplified | Header alg "none", empty signature |
      | oidc-hs256-client-secret-code | HS256 keyed with the client secret, where the RP registered RS256 |
      | oidc-hs256-client-secret-okta-simplified | HS256 keyed with the client secret, where the RP registered RS256 |
      | oidc-alg-confusion-pem-code | HS256 keyed with the OP's RSA public key (PEM bytes) |
      | oidc-alg-confusion-pem-okta-simplified | HS256 keyed with the OP's RSA public key (PEM bytes) |
      | oidc-alg-confusion-jwk-code | HS256 keyed with the OP's public key as JWK JSON |
      | oidc-alg-confusion-jwk-okta-simplified | HS256 keyed with the OP's public key as JWK JSON |
      | oidc-unknown-key-code | RS256 with a key that is not in jwks_uri, even after a refetch |
      | oidc-unknown-key-okta-simplified | RS256 with a key that is not in jwks_uri, even after a refetch |
      | oidc-alternate-alg-code | ES256 with a key not in jwks_uri, where RS256 is expected |
      | oidc-alternate-alg-okta-simplified | ES256 with a key not in jwks_uri, where RS256 is expected |
      | oidc-jwk-header-injection-code | Re-signed with an attacker key carried in the jwk header |
      | oidc-jwk-header-injection-okta-simplified | Re-signed with an attacker key carried in the jwk header |
      | oidc-jku-header-code | A jku header pointing at a canary URL (never fetched), signed by a key the canary serves |
      | oidc-jku-header-okta-simplified | A jku header pointing at a canary URL (never fetched), signed by a key the canary serves |
      | oidc-x5u-header-code | An x5u header pointing at a canary URL (never fetched) |
      | oidc-x5u-header-okta-simplified | An x5u header pointing at a canary URL (never fetched) |
      | oidc-iss-wrong-code | iss = issuer + "1" |
      | oidc-iss-wrong-okta-simplified | iss = issuer + "1" |
      | oidc-iss-missing-code | iss removed |
      | oidc-iss-missing-okta-simplified | iss removed |
      | oidc-aud-wrong-code | aud = client_id + "1" |
      | oidc-aud-wrong-okta-simplified | aud = client_id + "1" |
      | oidc-aud-missing-code | aud removed |
      | oidc-aud-missing-okta-simplified | aud removed |
      | oidc-aud-untrusted-second-code | aud = [client_id, client_id + "1"] |
      | oidc-aud-untrusted-second-okta-simplified | aud = [client_id, client_id + "1"] |
      | oidc-azp-other-client-code | azp names another client |
      | oidc-azp-other-client-okta-simplified | azp names another client |
      | oidc-sub-missing-code | sub removed |
      | oidc-sub-missing-okta-simplified | sub removed |
      | oidc-iat-missing-code | iat removed |
      | oidc-iat-missing-okta-simplified | iat removed |
      | oidc-exp-expired-code | exp 6 minutes ago (outside a 5-minute skew) |
      | oidc-exp-expired-okta-simplified | exp 6 minutes ago (outside a 5-minute skew) |
      | oidc-exp-missing-code | exp removed |
      | oidc-exp-missing-okta-simplified | exp removed |
      | oidc-iat-week-old-code | iat a week ago (exp still in the future) |
      | oidc-iat-week-old-okta-simplified | iat a week ago (exp still in the future) |
      | oidc-iat-future-code | iat an hour in the future |
      | oidc-iat-future-okta-simplified | iat an hour in the future |
      | oidc-nbf-future-code | nbf an hour in the future |
      | oidc-nbf-future-okta-simplified | nbf an hour in the future |
      | oidc-typ-logout-code | typ "logout+jwt" (a logout token presented as an id_token) |
      | oidc-typ-logout-okta-simplified | typ "logout+jwt" (a logout token presented as an id_token) |
      | oidc-typ-access-token-code | typ "at+jwt" (an access token presented as an id_token) |
      | oidc-typ-access-token-okta-simplified | typ "at+jwt" (an access token presented as an id_token) |
      | oidc-crit-unknown-code | crit lists an unknown header parameter |
      | oidc-crit-unknown-okta-simplified | crit lists an unknown header parameter |
      | oidc-email-unverified-code | Another person's token claiming the victim's email with email_verified false |
      | oidc-email-unverified-okta-simplified | Another person's token claiming the victim's email with email_verified false |
      | oidc-email-unverified-unlinked-code | Another person's token claiming the email of a member who never signed in, email_verified false |
      | oidc-email-unverified-unlinked-okta-simplified | Another person's token claiming the email of a member who never signed in, email_verified false |
      | oidc-nonce-wrong | nonce = nonce + "1" |
      | oidc-nonce-missing | nonce removed although the request sent one |
      | oidc-id-token-replay | The previous sign-in's id_token (old nonce) returned on a new sign-in |
      | oidc-state-wrong | state = state + "1" in the authorization response |
      | oidc-state-missing | state omitted from the authorization response |
      | oidc-login-csrf | An insider's code and state, stopped on their way and opened in the victim's browser (login CSRF) |
      | oidc-authorization-iss-wrong | The authorization response's iss = issuer + "1" (RFC 9207) |
      | oidc-authorization-iss-missing | iss omitted while the metadata says authorization_response_iss_parameter_supported |
      | oidc-authorization-error | The authorization response is an error (access_denied) instead of a code |
      | oidc-token-response-without-id-token | The token response carries no id_token |
      | oidc-userinfo-other-sub | Userinfo for another sub, claiming a member's email, where the RP has to ask userinfo for it |
      | oidc-okta-simplified-replay | The dashboard's id_token posted a second time |
      | oidc-okta-simplified-with-nonce | A token issued in answer to a sign-in request (it carries a nonce) posted as if the dashboard sent it |
      | oidc-cross-flow-token-reuse | An id_token obtained in the code flow (with its nonce) posted to the Okta Simplified endpoint |
      | oidc-discovery-issuer-mismatch | The discovery document's issuer is not the URL it was fetched from |
      | oidc-pkce-downgrade-plain | Discovery advertises only plain PKCE (code_challenge_methods_supported: [plain]); the SP must still send S256 |
      | oidc-pkce-downgrade-unadvertised | Discovery leaves code_challenge_methods_supported out; the SP must still send S256 |
      | oidc-fresh-request-values | Two sign-ins in a row, no fault; state, nonce and PKCE verifier are high-entropy and never repeat |
