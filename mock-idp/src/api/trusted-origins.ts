/**
 * /api/v1/trustedOrigins: list, create, get, replace, delete, activate and deactivate the origins
 * whose pages may call the org from a browser (src/tenant/trusted-origins.ts). Okta's shapes.
 */
import express, { type Router } from 'express';
import { OktaApiError, oktaErrors } from '../errors.ts';
import type { Org } from '../org.ts';
import { readTrustedOriginInput } from '../tenant/trusted-origin-inputs.ts';
import type { TrustedOrigin } from '../tenant/trusted-origins.ts';
import { MAX_TRUSTED_ORIGINS } from '../tenant/trusted-origins.ts';
import { jsonBody, readOrRefuse } from './body.ts';
import { page } from './paging.ts';

export function trustedOriginJson(trusted: TrustedOrigin, origin: string) {
  const self = `${origin}/api/v1/trustedOrigins/${trusted.id}`;
  const lifecycle = trusted.status === 'ACTIVE' ? 'deactivate' : 'activate';
  return {
    id: trusted.id,
    name: trusted.name,
    origin: trusted.origin,
    scopes: trusted.scopes.map((type) => ({ type })),
    status: trusted.status,
    created: trusted.created.toISOString(),
    createdBy: null,
    lastUpdated: trusted.lastUpdated.toISOString(),
    lastUpdatedBy: null,
    _links: {
      self: { href: self, hints: { allow: ['GET', 'PUT', 'DELETE'] } },
      [lifecycle]: { href: `${self}/lifecycle/${lifecycle}`, hints: { allow: ['POST'] } },
    },
  };
}

export function trustedOriginsRouter(org: Org): Router {
  const router = express.Router();
  const origin = org.info.baseUrl;
  const find = (id: string): TrustedOrigin => {
    const trusted = org.trustedOrigins.get(id);
    if (!trusted) throw oktaErrors.notFound(id);
    return trusted;
  };
  const refuseTaken = (wanted: string, self?: TrustedOrigin): void => {
    const holder = org.trustedOrigins.findByOrigin(wanted);
    if (holder && holder !== self) throw oktaErrors.validation(['origin: An object with this field already exists in the current organization']);
  };

  router.get('/trustedOrigins', (req, res) => {
    res.json(page(req, res, origin, org.trustedOrigins.list()).map((trusted) => trustedOriginJson(trusted, origin)));
  });
  router.post('/trustedOrigins', (req, res) => {
    const input = readOrRefuse((issues) => readTrustedOriginInput(jsonBody(req), '', issues));
    refuseTaken(input.origin);
    const trusted = org.trustedOrigins.add(input);
    if (!trusted) throw new OktaApiError('E0000047', 429, 'API call exceeded rate limit due to too many requests.', [`at most ${MAX_TRUSTED_ORIGINS} trusted origins`]);
    org.log(`trusted origin added: ${trusted.origin} (${trusted.scopes.join(', ')})`);
    res.status(200).json(trustedOriginJson(trusted, origin));
  });
  router.get('/trustedOrigins/:id', (req, res) => {
    res.json(trustedOriginJson(find(req.params.id), origin));
  });
  router.put('/trustedOrigins/:id', (req, res) => {
    const trusted = find(req.params.id);
    const input = readOrRefuse((issues) => readTrustedOriginInput(jsonBody(req), '', issues, trusted));
    refuseTaken(input.origin, trusted);
    res.json(trustedOriginJson(org.trustedOrigins.update(trusted, input), origin));
  });
  router.delete('/trustedOrigins/:id', (req, res) => {
    if (!org.trustedOrigins.delete(find(req.params.id).id)) throw oktaErrors.notFound(req.params.id);
    res.status(204).end();
  });
  router.post('/trustedOrigins/:id/lifecycle/:action', (req, res) => {
    const trusted = find(req.params.id);
    const action = req.params.action;
    if (action !== 'activate' && action !== 'deactivate') throw oktaErrors.notFound(req.path);
    org.trustedOrigins.setStatus(trusted, action === 'activate' ? 'ACTIVE' : 'INACTIVE');
    res.json(trustedOriginJson(trusted, origin));
  });
  return router;
}
