/**
 * The org's Management API subset at /api/v1: the SSWS token or an org access token with okta.* scopes, JSON bodies (malformed → 400 E0000001),
 * Okta's error JSON for every refusal, including unknown paths.
 */
import express, { type Router } from 'express';
import { apiErrorHandler, apiNotFound } from '../http-errors.ts';
import type { Org } from '../org.ts';
import { appKeysRouter } from './app-keys.ts';
import { appsRouter } from './apps.ts';
import { groupsRouter } from './groups.ts';
import { requireApiToken, type OrgAccessTokens } from './require-api-token.ts';
import { trustedOriginsRouter } from './trusted-origins.ts';
import { usersRouter } from './users.ts';

export function apiRouter(org: Org, orgAccessTokens?: OrgAccessTokens): Router {
  const router = express.Router();
  router.use(requireApiToken(org.info.apiToken, orgAccessTokens));
  router.use(express.json({ limit: org.limits.maxApiBodyBytes, strict: true }));
  router.use(usersRouter(org));
  router.use(groupsRouter(org));
  router.use(appsRouter(org));
  router.use(appKeysRouter(org));
  router.use(trustedOriginsRouter(org));
  router.use(apiNotFound());
  router.use(apiErrorHandler(org));
  return router;
}
