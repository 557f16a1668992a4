/**
 * Routes only the host (default) org serves: `POST /mock/v1/orgs` makes a fresh org on its own
 * loopback port, so a harness in another process or container can isolate every scenario, and
 * `DELETE /mock/v1/orgs/{id}` closes one when the scenario is over (maxOrgs bounds how many live).
 *
 * No authentication, on purpose: the mock binds 127.0.0.1 only and holds nothing but test data;
 * requiring a token here would only make the harness's first call harder. Do not expose it beyond
 * loopback. What keeps a web page the person has open from using these routes: a JSON body only
 * (cross-site, a browser must ask a CORS preflight first, which is never granted) and no
 * cross-site `Origin`/`Sec-Fetch-Site` (./cross-site.ts).
 */
import express, { type Router } from 'express';
import { refuseCrossSite, requireJson } from './cross-site.ts';
import { IdpError, oktaErrors } from './errors.ts';
import { apiErrorHandler } from './http-errors.ts';
import type { Org, OrgInfo } from './org.ts';
import { isObject } from './tenant/fields.ts';

export interface CreateOrgRequest {
  name?: string;
  tenant?: unknown;
}

/** What the host routes need from the host. */
export interface OrgRegistry {
  create(input: CreateOrgRequest): Promise<OrgInfo>;
  delete(id: string): Promise<'deleted' | 'unknown' | 'host'>;
}

export function hostRouter(host: Org, orgs: OrgRegistry): Router {
  const router = express.Router();
  router.use('/mock/v1', refuseCrossSite(host.info.baseUrl));
  router.post('/mock/v1/orgs', requireJson(), express.json({ limit: host.limits.maxOrgRequestBytes }), async (req, res) => {
    const body: unknown = req.body ?? {};
    if (!isObject(body)) throw oktaErrors.validation(['body: must be a JSON object']);
    const { name, tenant } = body;
    if (name !== undefined && (typeof name !== 'string' || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(name))) {
      throw oktaErrors.validation(['name: must be lower-case letters, digits and -']);
    }
    try {
      res.status(201).json(await orgs.create({ ...(name ? { name } : {}), ...(tenant !== undefined ? { tenant } : {}) }));
    } catch (error) {
      if (error instanceof IdpError && error.code === 'IDP_TENANT_INVALID') throw oktaErrors.validation([`tenant.${error.message}`]);
      throw error;
    }
  });
  router.delete('/mock/v1/orgs/:id', async (req, res) => {
    switch (await orgs.delete(req.params.id)) {
      case 'deleted':
        res.status(204).end();
        return;
      case 'host':
        throw oktaErrors.validation(['id: the host org lives as long as the mock IdP; close the mock IdP instead']);
      case 'unknown':
        throw oktaErrors.notFound(req.params.id);
    }
  });
  router.use('/mock/v1', (req, _res, next) => next(oktaErrors.notFound(req.path)));
  router.use('/mock/v1', apiErrorHandler(host));
  return router;
}
