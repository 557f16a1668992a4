/**
 * The RP half of an authorization code flow with PKCE, state and nonce, on openid-client. It needs
 * nothing from the mock IdP, so the isolated tests of the OIDC folder use it as well as the
 * end-to-end ones; how the browser gets from the request to the redirect is up to each test.
 */
import * as oidcClient from 'openid-client';

/** What the RP keeps between sending the request and receiving the code. */
export interface CodeFlowSecrets {
  verifier: string;
  state: string;
  nonce: string;
}

/** The authorization request URL and the secrets its answer is checked against. */
export async function codeRequest(config: oidcClient.Configuration, redirectUri: string): Promise<{ url: URL } & CodeFlowSecrets> {
  const verifier = oidcClient.randomPKCECodeVerifier();
  const state = oidcClient.randomState();
  const nonce = oidcClient.randomNonce();
  const url = oidcClient.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email groups',
    code_challenge: await oidcClient.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, verifier, state, nonce };
}

/** The code at the redirect URI `location` exchanged for tokens, checked by openid-client. */
export function finishCodeFlow(config: oidcClient.Configuration, flow: { location: string | undefined } & CodeFlowSecrets) {
  return oidcClient.authorizationCodeGrant(config, new URL(flow.location!), {
    pkceCodeVerifier: flow.verifier,
    expectedState: flow.state,
    expectedNonce: flow.nonce,
  });
}
