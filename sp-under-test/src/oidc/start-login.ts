// The authorization request of the code flow (SP-initiated, or after an initiate-login request):
// PKCE S256, fresh high-entropy state and nonce (openid-client's generators: 32 random bytes each),
// scope `openid profile email`, redirect_uri = this org's callback. S256 is sent even when the OP's
// metadata omits code_challenge_methods_supported or lists only "plain" (PKCE downgrade).
// The state, nonce and verifier stay in the SP's store, bound to the browser session and the org.
import * as client from 'openid-client';
import type { OidcConnection, PendingOidcLogin } from '../model.ts';
import { providerConfiguration } from './provider.ts';

/** How long an authorization request may stay unanswered. */
export const OIDC_LOGIN_TTL_MS = 10 * 60_000;
export const OIDC_SCOPE = 'openid profile email';

export interface StartOidcLoginInput {
  orgId: string;
  connection: OidcConnection;
  redirectUri: string;
  sessionId: string;
  nowMs: number;
  returnTo: string;
  loginHint?: string | undefined;
  invitationToken: string | null;
  startedBy: PendingOidcLogin['startedBy'];
}

export async function startOidcLogin(input: StartOidcLoginInput, remember: (login: PendingOidcLogin) => void): Promise<URL> {
  const config = await providerConfiguration(input.connection);
  const codeVerifier = client.randomPKCECodeVerifier();
  const pending: PendingOidcLogin = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    orgId: input.orgId,
    sessionId: input.sessionId,
    issuer: input.connection.issuer,
    returnTo: input.returnTo,
    expiresAt: input.nowMs + OIDC_LOGIN_TTL_MS,
    invitationToken: input.invitationToken,
    startedBy: input.startedBy,
  };
  const url = client.buildAuthorizationUrl(config, {
    redirect_uri: input.redirectUri,
    response_type: 'code',
    scope: OIDC_SCOPE,
    code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state: pending.state,
    nonce: pending.nonce,
    ...(input.loginHint ? { login_hint: input.loginHint } : {}),
  });
  remember(pending);
  return url;
}
