/**
 * A dashboard tile's link, /home/{appName}/{appId}/launch: an IdP-initiated sign-in to the app. A
 * pipeline like the SSO endpoint's, each refusal a coded IdpError on Okta's error page:
 *
 *   find app        IDP_APP_NOT_FOUND (unknown id, another name, inactive)
 *   authenticate    no session → sign-in page, then back here
 *   check user      IDP_USER_INACTIVE, IDP_USER_NOT_ASSIGNED
 *   launch          SAML → the SSO URL with no SAMLRequest (an unsolicited Response, Default RelayState)
 *                   OIDC SPEC ("OIDC Compliant") → initiate_login_uri?iss={org issuer}
 *                   OIDC OKTA ("Okta Simplified") → an id_token POSTed to the first redirect URI
 *                   (through the org's faults, oidc.id_token and oidc.authorization_response)
 *                   OIDC DISABLED ("App Only") → IDP_APP_LOGIN_NOT_INITIATED_BY_OKTA
 */
import type { Request, Response } from 'express';
import { IdpError } from '../errors.ts';
import type { OrgOidc } from '../oidc/index.ts';
import type { Org } from '../org.ts';
import { idTokenPostForm } from '../pages.ts';
import { appNotFound } from '../saml/find-app.ts';
import { checkAssignment, checkUserActive } from '../saml/check-user.ts';
import { ssoPath } from '../saml/urls.ts';
import { currentSignIn } from '../signin/authenticate.ts';
import { signInUrl } from '../signin/routes.ts';
import type { App, OidcApp, User } from '../tenant/model.ts';

/** Okta's own tile link is `{appName}_link`; `launch` is the mock's documented one. Both work. */
export function findLaunchedApp(org: Org, appName: string, appId: string, link: string): App {
  const app = org.store.getApp(appId);
  if (!app || app.name !== appName || app.status !== 'ACTIVE' || (link !== 'launch' && link !== `${app.name}_link`)) throw appNotFound();
  return app;
}

export function loginNotInitiatedByOkta(): IdpError {
  return new IdpError(
    'IDP_APP_LOGIN_NOT_INITIATED_BY_OKTA',
    400,
    'This app only accepts sign-in started by the app itself (Login initiated by: App Only).',
    'This app cannot be opened from Okta',
  );
}

/** "OIDC Compliant": the app is told which issuer to start a normal code flow with. */
export function initiateLoginUrl(app: OidcApp, issuer: string): string {
  const url = new URL(app.oauthClient.initiate_login_uri);
  url.searchParams.set('iss', issuer);
  return url.href;
}

async function launchOidc(org: Org, oidc: OrgOidc, app: OidcApp, user: User, res: Response): Promise<void> {
  switch (app.oauthClient.idp_initiated_login.mode) {
    case 'DISABLED':
      throw loginNotInitiatedByOkta();
    case 'SPEC':
      org.log(`dashboard: ${user.profile.login} → ${app.label} (initiate login URI)`);
      res.redirect(302, initiateLoginUrl(app, oidc.issuer('org')));
      return;
    case 'OKTA': {
      const target = app.oauthClient.redirect_uris[0]!;
      const fields = await oidc.simplifiedPostFields('org', { clientId: app.credentials.client_id, userId: user.id, redirectUri: target });
      org.log(`dashboard: ${user.profile.login} → ${app.label} (id_token POSTed to ${target})`);
      res.type('html').set('Cache-Control', 'no-store').send(idTokenPostForm(target, fields));
      return;
    }
  }
}

export async function launch(org: Org, oidc: OrgOidc, req: Request, res: Response): Promise<void> {
  const app = findLaunchedApp(org, String(req.params['appName']), String(req.params['appId']), String(req.params['link']));
  const signedIn = currentSignIn(org, req);
  if (!signedIn) {
    res.redirect(302, signInUrl(req.originalUrl));
    return;
  }
  const { user } = signedIn;
  checkUserActive(user);
  checkAssignment(org.store, app, user);
  switch (app.signOnMode) {
    case 'SAML_2_0':
      // The SSO URL without a SAMLRequest is IdP-initiated sign-in (sso-endpoint.ts).
      res.redirect(302, ssoPath(app));
      return;
    case 'OPENID_CONNECT':
      await launchOidc(org, oidc, app, user, res);
      return;
  }
}
