// Rules (SAML profiles §4.1.4.3, §4.1.5):
// - a Response with InResponseTo answers a request this browser session started for this org, not
//   expired, used once (the caller removes it from the store before calling) → else SSO_INRESPONSETO_MISMATCH;
// - a Response without InResponseTo is unsolicited (IdP-initiated): refused unless the org allows it
//   → SSO_UNSOLICITED_RESPONSE. When allowed, every other check still applies.
import { ssoError } from '../../errors.ts';
import type { PendingSamlRequest } from '../../model.ts';

export interface InResponseToContext {
  orgId: string;
  sessionId: string | null;
  nowMs: number;
  allowIdpInitiated: boolean;
}

export type Solicitation = 'sp-initiated' | 'idp-initiated';

export function checkInResponseTo(
  inResponseTo: string | null,
  pending: PendingSamlRequest | undefined,
  ctx: InResponseToContext,
): Solicitation {
  if (inResponseTo === null || inResponseTo === '') {
    if (!ctx.allowIdpInitiated) throw ssoError('SSO_UNSOLICITED_RESPONSE', 'unsolicited responses are not allowed for this organization');
    return 'idp-initiated';
  }
  if (!pending) {
    throw ssoError('SSO_INRESPONSETO_MISMATCH', 'this sign-in is not known here: it expired, was already used, or this service restarted since it began. Start the sign-in again.');
  }
  if (pending.orgId !== ctx.orgId) throw ssoError('SSO_INRESPONSETO_MISMATCH', 'InResponseTo belongs to another organization');
  if (ctx.sessionId === null || pending.sessionId !== ctx.sessionId) {
    throw ssoError('SSO_INRESPONSETO_MISMATCH', 'InResponseTo was started by another browser session');
  }
  if (pending.expiresAt <= ctx.nowMs) throw ssoError('SSO_INRESPONSETO_MISMATCH', 'the request has expired');
  return 'sp-initiated';
}
