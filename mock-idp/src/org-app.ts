/**
 * The express app of one org: Management API, the OpenID Connect authorization servers, sign-in page,
 * end-user dashboard, SAML endpoints, Okta's error page for everything else. Built by a function that does not listen (./server.ts listens), so tests can
 * build one without a port.
 */
import cookieParser from 'cookie-parser';
import express, { type Express, type Router } from 'express';
import type { OrgOidc } from './oidc/index.ts';
import { apiRouter } from './api/router.ts';
import { dashboardRouter } from './dashboard/routes.ts';
import { faultsRouter } from './faults/routes.ts';
import { apiErrorHandler, browserErrorHandler, browserNotFound } from './http-errors.ts';
import { inspectAuthorizationRequests } from './inspector/record.ts';
import { inspectorRouter } from './inspector/routes.ts';
import type { Org } from './org.ts';
import { createOidcForOrg } from './org-oidc.ts';
import { samlRouter } from './saml/sso-endpoint.ts';
import { signInRouter } from './signin/routes.ts';
import { sessionsMeRouter } from './signin/sessions-me.ts';

export interface OrgApp {
  app: Express;
  /** The org's OIDC side, so the host can sweep its records. */
  oidc: OrgOidc;
}

export function createOrgApp(org: Org, extraRouters: Router[] = []): OrgApp {
  const app = express();
  const oidc = createOidcForOrg(org);
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  // The browser's own session, read with its cookie: before the Management API, which wants a token.
  app.use(sessionsMeRouter(org), apiErrorHandler(org));
  app.use('/api/v1', apiRouter(org, (jwt) => oidc.orgAccessToken(jwt)));
  app.use(faultsRouter(org));
  app.use(inspectorRouter(org));
  for (const router of extraRouters) app.use(router);
  app.use(cookieParser());
  app.use((_req, res, next) => {
    // The IdP's pages are never framed (clickjacking a sign-in form) and never sniffed.
    res.set({ 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  // oidc-provider reads request bodies itself: its router comes before any body parser. Only
  // /api/v1 (above, with its own JSON parser) and route-level form parsers exist here.
  app.use(inspectAuthorizationRequests(org));
  app.use(oidc.router);
  app.use(signInRouter(org));
  app.use(dashboardRouter(org, oidc));
  app.use(samlRouter(org));
  app.use(browserNotFound());
  app.use(browserErrorHandler(org));
  return { app, oidc };
}
