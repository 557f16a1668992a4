// The authorization request of the code flow (SP-initiated, or after an initiate-login request):
// PKCE S256, fresh high-entropy state and nonce (openid-client's generators: 32 random bytes each),
// scope `openid profile email`, redirect_uri = this org's callback. S256 is sent even when the OP's
// metadata omits code_challenge_methods_supported or lists only "plain" (PKCE downgrade).
// The state, nonce and verifier stay in the SP's store, bound to the browser session and the org.
import { randomBytes } from 'node:crypto';
import * as client from 'openid-client';
import type { OidcConnection, PendingOidcLogin } from '../model.ts';
import { NONE_WEAKENED, type Weakened } from '../weakenings.ts';
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
  /** TEST ONLY (src/weakenings.ts): the request rules a mutation-testing variant breaks. */
  weakened?: Weakened;
}

/** PKCE as sent: always S256 (a fresh verifier each time), unless a test-only variant says otherwise. */
async function pkceOf(config: client.Configuration, weakened: Weakened): Promise<{ verifier: string | undefined; params: Record<string, string> }> {
  const verifier = client.randomPKCECodeVerifier();
  if (weakened.has('oidc-pkce')) return { verifier: undefined, params: {} };
  if (weakened.has('oidc-pkce-downgrade')) {
    // What openid-client's examples do: follow the metadata, S256 only when it is listed.
    const methods = config.serverMetadata().code_challenge_methods_supported;
    if (!Array.isArray(methods)) return { verifier: undefined, params: {} };
    if (!methods.includes('S256') && methods.includes('plain')) return { verifier, params: { code_challenge: verifier, code_challenge_method: 'plain' } };
  }
  return { verifier, params: { code_challenge: await client.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256' } };
}

/** TEST ONLY: the state and nonce of the oidc-fixed-state-nonce variant, made once per process. */
const FIXED = { state: client.randomState(), nonce: client.randomNonce() };

/** A fresh state and nonce of 256 bits each (openid-client's generators), unless a test-only variant says otherwise. */
function stateAndNonce(weakened: Weakened): { state: string; nonce: string } {
  if (weakened.has('oidc-fixed-state-nonce')) return FIXED;
  if (weakened.has('oidc-short-state-nonce')) return { state: randomBytes(4).toString('hex'), nonce: randomBytes(4).toString('hex') };
  return { state: client.randomState(), nonce: client.randomNonce() };
}

export async function startOidcLogin(input: StartOidcLoginInput, remember: (login: PendingOidcLogin) => void): Promise<URL> {
  const config = input.config;
  const weakened = input.weakened ?? NONE_WEAKENED;
  const pkce = await pkceOf(config, weakened);
  const pending: PendingOidcLogin = {
    ...stateAndNonce(weakened),
    codeVerifier: pkce.verifier,
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
    ...pkce.params,
    state: pending.state,
    nonce: pending.nonce,
    ...(input.loginHint ? { login_hint: input.loginHint } : {}),
  });
  remember(pending);
  return url;
}
