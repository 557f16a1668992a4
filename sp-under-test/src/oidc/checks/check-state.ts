// Rules for the `state` of an authorization response (RFC 6749 §10.12, RFC 9700 §4.7):
//   - present, and a state this SP issued (unknown or already used → refused: single use);
//   - issued to THIS browser session (login CSRF: an attacker's code+state in a victim's browser);
//   - issued for THIS org's callback and to the issuer the org still uses (mix-up);
//   - not expired.
// Checked before any call to the OP: a bad state never reaches the token endpoint.
import { ssoError } from '../../errors.ts';
import type { PendingOidcLogin } from '../../model.ts';

export interface StateContext {
  orgId: string;
  sessionId: string | null;
  issuer: string;
  nowMs: number;
}

export function checkOidcState(state: string | null, pending: PendingOidcLogin | undefined, ctx: StateContext): PendingOidcLogin {
  if (!state) throw ssoError('SSO_OIDC_STATE_MISMATCH', 'the response has no state');
  if (!pending) {
    throw ssoError('SSO_OIDC_STATE_MISMATCH', 'this sign-in is not known here: it was not started here, expired, was already used, or this service restarted since it began. Start the sign-in again.');
  }
  if (pending.sessionId !== ctx.sessionId) throw ssoError('SSO_OIDC_STATE_MISMATCH', 'this sign-in was started in another browser');
  if (pending.orgId !== ctx.orgId) throw ssoError('SSO_OIDC_STATE_MISMATCH', 'this sign-in was started for another organization');
  if (pending.issuer !== ctx.issuer) throw ssoError('SSO_OIDC_STATE_MISMATCH', 'the organization changed its identity provider');
  if (pending.expiresAt <= ctx.nowMs) throw ssoError('SSO_OIDC_STATE_MISMATCH', 'this sign-in has expired');
  return pending;
}
