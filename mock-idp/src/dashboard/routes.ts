/**
 * Okta's end-user dashboard ("My Apps") at /app/UserHome, and the tile links it shows. A browser
 * without a session is sent to the sign-in page and comes back.
 */
import express, { type Request, type Response, type Router } from 'express';
import type { OrgOidc } from '../oidc/index.ts';
import type { Org } from '../org.ts';
import { dashboardPage } from '../pages.ts';
import { currentSignIn } from '../signin/authenticate.ts';
import { DEFAULT_FROM_URI } from '../signin/from-uri.ts';
import { signInUrl } from '../signin/routes.ts';
import { launch } from './launch.ts';
import { dashboardApps, launchPath } from './tiles.ts';

export const DASHBOARD_PATH = DEFAULT_FROM_URI;

export function dashboardRouter(org: Org, oidc: OrgOidc): Router {
  const router = express.Router();

  router.get(DASHBOARD_PATH, (req, res) => {
    const signedIn = currentSignIn(org, req);
    if (!signedIn) {
      res.redirect(303, signInUrl(DASHBOARD_PATH));
      return;
    }
    const tiles = dashboardApps(org.store, signedIn.user).map((app) => ({ id: app.id, label: app.label, href: launchPath(app) }));
    res.type('html').set('Cache-Control', 'no-store').send(dashboardPage({ orgName: org.info.name, login: signedIn.user.profile.login, tiles }));
  });

  router.get('/home/:appName/:appId/:link', (req: Request, res: Response) => launch(org, oidc, req, res));
  return router;
}
