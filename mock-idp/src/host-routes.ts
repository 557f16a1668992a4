/**
 * Routes only the host (default) org serves: `POST /mock/v1/orgs` makes a fresh org on its own
 * loopback port, so a harness in another process or container can isolate every scenario.
 *
 * No authentication, on purpose: the mock binds 127.0.0.1 only and holds nothing but test data;
 * requiring a token here would only make the harness's first call harder. Do not expose it beyond
 * loopback.
 */
import express, { type Router } from 'express';
import { IdpError, oktaErrors } from './errors.ts';
import { apiErrorHandler } from './http-errors.ts';
import type { Org, OrgInfo } from './org.ts';
import { isObject } from './tenant/fields.ts';

export interface CreateOrgRequest {
  name?: string;
  tenant?: unknown;
}

export function hostRouter(host: Org, createOrg: (input: CreateOrgRequest) => Promise<OrgInfo>): Router {
  const router = express.Router();
  router.post('/mock/v1/orgs', express.json({ limit: '1mb' }), async (req, res) => {
    const body: unknown = req.body ?? {};
    if (!isObject(body)) throw oktaErrors.validation(['body: must be a JSON object']);
    const { name, tenant } = body;
    if (name !== undefined && (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name))) {
      throw oktaErrors.validation(['name: must be lower-case letters, digits and -']);
    }
    try {
      res.status(201).json(await createOrg({ ...(name ? { name } : {}), ...(tenant !== undefined ? { tenant } : {}) }));
    } catch (error) {
      if (error instanceof IdpError && error.code === 'IDP_TENANT_INVALID') throw oktaErrors.validation([`tenant.${error.message}`]);
      throw error;
    }
  });
  router.use('/mock/v1', (req, _res, next) => next(oktaErrors.notFound(req.path)));
  router.use('/mock/v1', apiErrorHandler(host));
  return router;
}

