// The code flow callback, as a list of steps (each throws a coded SpError):
//
//   take the pending login for `state` (consumed at once: single use, even if a later step fails)
//   → OP error response? → state: known, this browser, this org, this issuer, unexpired
//     (all before any call to the OP: a bad state never reaches the token endpoint)
//   → openid-client authorizationCodeGrant: iss of the response (RFC 9207), state, code exchange
//     with the PKCE verifier and client_secret_basic, the id_token's claims (iss, aud, exp, nonce)
//   → the id_token again, as every id_token is (./verify-id-token.ts): typ, RS256 signature with
//     the OP's keys (prompt refetch on rotation), iss, aud exact, azp, exp/iat/nbf, age, nonce,
//     replay (a code-flow token can never be used twice, nor posted to the tile's endpoint)
//   → identity: email (id_token, else userinfo whose sub must match), email_verified not false
import * as client from 'openid-client';
import type { JWTVerifyGetKey } from 'jose';
import { ssoError } from '../errors.ts';
import type { OidcConnection, PendingOidcLogin } from '../model.ts';
import type { ReturnPath } from './checks/return-path.ts';
import { checkNoErrorResponse } from './checks/check-error-response.ts';
import { checkOidcState } from './checks/check-state.ts';
import { extractOidcEmail } from './checks/extract-email.ts';
import { asOidcRefusal } from './oidc-errors.ts';
import { verifyIdToken, type TokenReplayCache } from './verify-id-token.ts';
import { NONE_WEAKENED, type Weakened } from '../weakenings.ts';

export interface ValidateOidcCallbackInput {
  /** The callback's query parameters. */
  params: URLSearchParams;
  orgId: string;
  connection: OidcConnection;
  redirectUri: string;
  sessionId: string | null;
  nowMs: number;
  takePending: (state: string) => PendingOidcLogin | undefined;
  /** The OP's configuration; asked for only once the state is known to be good (it may call the OP). */
  configuration: () => Promise<client.Configuration>;
  /** The OP's signing keys, likewise. */
  keys: () => Promise<JWTVerifyGetKey>;
  replayCache: TokenReplayCache;
  /** TEST ONLY: checks a mutation-testing variant switched off (../weakenings.ts), and what the state variant uses instead. */
  weakened?: Weakened;
  takeLatestPending?: () => PendingOidcLogin | undefined;
}

export interface ValidatedOidcLogin {
  email: string;
  /** The id_token's issuer and subject: the account is linked to them. */
  subject: { issuer: string; sub: string };
  returnTo: ReturnPath;
  invitationToken: string | null;
  startedBy: PendingOidcLogin['startedBy'];
}

async function exchangeCode(config: client.Configuration, input: ValidateOidcCallbackInput, pending: PendingOidcLogin, weakened: Weakened) {
  // redirect_uri sent to the token endpoint is this URL without its query: exactly what was sent.
  const currentUrl = new URL(input.redirectUri);
  currentUrl.search = input.params.toString();
  try {
    return await client.authorizationCodeGrant(config, currentUrl, {
      expectedState: weakened.has('oidc-state') ? client.skipStateCheck : pending.state,
      expectedNonce: pending.nonce,
      ...(pending.codeVerifier === undefined ? {} : { pkceCodeVerifier: pending.codeVerifier }),
      idTokenExpected: true,
    });
  } catch (err) {
    throw asOidcRefusal(err, 'the code could not be exchanged at the token endpoint', input.connection.issuer);
  }
}

async function emailFromUserinfo(config: client.Configuration, issuer: string, accessToken: string, subject: string, weakened: Weakened): Promise<string | null> {
  try {
    // openid-client refuses a userinfo whose sub differs from the id_token's (Core §5.3.2).
    const expected = weakened.has('oidc-userinfo-subject') ? client.skipSubjectCheck : subject;
    return extractOidcEmail(await client.fetchUserInfo(config, accessToken, expected), weakened);
  } catch (err) {
    throw asOidcRefusal(err, 'the userinfo response was refused', issuer);
  }
}

function laxPending(pending: PendingOidcLogin | undefined): PendingOidcLogin {
  if (!pending) throw ssoError('SSO_OIDC_STATE_MISMATCH', 'no sign-in in progress');
  return pending;
}

export async function validateOidcCallback(input: ValidateOidcCallbackInput): Promise<ValidatedOidcLogin> {
  const weakened = input.weakened ?? NONE_WEAKENED;
  const state = input.params.get('state');
  const taken = state ? input.takePending(state) : undefined;
  checkNoErrorResponse(input.params);
  const stateContext = { orgId: input.orgId, sessionId: input.sessionId, issuer: input.connection.issuer, nowMs: input.nowMs };
  // TEST ONLY: the state variant takes the sign-in the state names, or else this browser's latest,
  // and checks neither against the browser.
  const pending = weakened.has('oidc-state') ? laxPending(taken ?? input.takeLatestPending?.()) : checkOidcState(state, taken, stateContext);
  const config = await input.configuration();
  const tokens = await exchangeCode(config, input, pending, weakened);
  if (!tokens.id_token || !tokens.claims()) throw ssoError('SSO_OIDC_TOKEN_INVALID', 'the token response has no id_token');
  const claims = await verifyIdToken({
    idToken: tokens.id_token,
    connection: input.connection,
    keys: await input.keys(),
    now: new Date(input.nowMs),
    replayCache: input.replayCache,
    nonce: { expected: pending.nonce },
    weakened,
  });
  const email = extractOidcEmail(claims, weakened) ?? (await emailFromUserinfo(config, input.connection.issuer, tokens.access_token, claims.sub, weakened));
  if (!email) throw ssoError('SSO_EMAIL_MISSING', 'neither the id_token nor userinfo has an email');
  return {
    email,
    subject: { issuer: input.connection.issuer, sub: claims.sub },
    returnTo: pending.returnTo,
    invitationToken: pending.invitationToken,
    startedBy: pending.startedBy,
  };
}
