// Every SP-side start of an SSO sign-in goes through here, whatever the entry point (portal key,
// direct URL, email domain, invitation link, OIDC initiate login): the org's protocol picks the
// request, and what the entry point knows (an invitation, a login hint, who started it) travels with
// the pending request, bound to this browser session, to the ACS or callback.
import type { Request, Response } from 'express';
import { ssoError } from '../errors.ts';
import type { Organization, SsoStart } from '../model.ts';
import { DEFAULT_RETURN_PATH, type ReturnPath } from '../oidc/checks/return-path.ts';
import { oidcEndpoints } from '../oidc/endpoints.ts';
import { startOidcLogin } from '../oidc/start-login.ts';
import { spEndpoints } from '../saml/endpoints.ts';
import { authnRequestRedirectUrl, newRequestId } from '../saml/sp-saml.ts';
import { randomToken } from '../store.ts';
import { ensureSession, type AppContext } from '../web.ts';

export interface SsoStartOptions {
  /** OIDC `login_hint` (the email typed at "Sign in with SSO", or an initiate-login hint). */
  loginHint?: string | undefined;
  /** The invitation link this sign-in was started from. */
  invitationToken?: string | null;
  /** `idp` only for the OIDC initiate login URI, which the Okta dashboard calls. */
  startedBy?: SsoStart;
  returnTo?: ReturnPath;
}

export async function startSsoSignIn(ctx: AppContext, req: Request, res: Response, org: Organization, options: SsoStartOptions = {}): Promise<void> {
  const connection = org.sso?.connection;
  if (!connection) throw ssoError('SSO_NOT_CONFIGURED', 'this organization has not configured single sign-on');
  const session = ensureSession(ctx, req, res);
  const invitationToken = options.invitationToken ?? null;
  switch (connection.protocol) {
    case 'saml': {
      const requestId = newRequestId();
      const relayState = randomToken(16);
      const url = await authnRequestRedirectUrl(connection, spEndpoints(ctx.baseUrl(), org.id), requestId, relayState);
      ctx.store.addPendingSaml({
        requestId,
        orgId: org.id,
        sessionId: session.id,
        relayState,
        expiresAt: ctx.clock().getTime() + ctx.limits.pendingSignInTtlMs,
        invitationToken,
      });
      ctx.log(`sso start org=${org.id} request=${requestId}`);
      res.redirect(302, url);
      return;
    }
    case 'oidc': {
      const url = await startOidcLogin(
        {
          config: await ctx.oidc.configuration(connection),
          orgId: org.id,
          connection,
          redirectUri: oidcEndpoints(ctx.baseUrl(), org.id).redirectUri,
          sessionId: session.id,
          nowMs: ctx.clock().getTime(),
          ttlMs: ctx.limits.pendingSignInTtlMs,
          returnTo: options.returnTo ?? DEFAULT_RETURN_PATH,
          loginHint: options.loginHint,
          invitationToken,
          startedBy: options.startedBy ?? 'sp',
          weakened: ctx.weakened,
        },
        (login) => ctx.store.addPendingOidc(login),
      );
      ctx.log(`oidc start org=${org.id}`);
      res.redirect(302, url.href);
      return;
    }
  }
}
