// The authorization request of the code flow (SP-initiated, or after an initiate-login request):
// PKCE S256, fresh high-entropy state and nonce (openid-client's generators: 32 random bytes each),
// scope `openid profile email`, redirect_uri = this org's callback. S256 is sent even when the OP's
// metadata omits code_challenge_methods_supported or lists only "plain" (PKCE downgrade).
// The state, nonce and verifier stay in the SP's store, bound to the browser session and the org.
import * as client from 'openid-client';
import type { OidcConnection, PendingOidcLogin } from '../model.ts';
import type { ReturnPath } from './checks/return-path.ts';

export const OIDC_SCOPE = 'openid profile email';

export interface StartOidcLoginInput {
  /** The OP's discovered configuration. */
  config: client.Configuration;
  orgId: string;
  connection: OidcConnection;
  redirectUri: string;
  sessionId: string;
  nowMs: number;
  /** How long the authorization request may stay unanswered (limits.pendingSignInTtlMs). */
  ttlMs: number;
  returnTo: ReturnPath;
  loginHint?: string | undefined;
  invitationToken: string | null;
  startedBy: PendingOidcLogin['startedBy'];
}

export async function startOidcLogin(input: StartOidcLoginInput, remember: (login: PendingOidcLogin) => void): Promise<URL> {
  const config = input.config;
  const codeVerifier = client.randomPKCECodeVerifier();
  const pending: PendingOidcLogin = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier,
    orgId: input.orgId,
    sessionId: input.sessionId,
    issuer: input.connection.issuer,
    returnTo: input.returnTo,
    expiresAt: input.nowMs + input.ttlMs,
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
