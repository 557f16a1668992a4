/**
 * The faults control API of one org, beside its Management API and with the same SSWS token:
 *
 *   POST   /mock/v1/faults              set a fault (body: FaultSpec) → 201 the active fault
 *   GET    /mock/v1/faults              the active faults
 *   GET    /mock/v1/faults/mutations    every mutation name, its point and what it does
 *   GET    /mock/v1/faults/sent[?label] what was sent with faults applied (decoded), oldest first
 *   DELETE /mock/v1/faults/sent         forget those records
 *   GET    /mock/v1/faults/canary/{token} { hits: n }: how often that canary URL was fetched
 *   GET    /mock/v1/faults/canary[?token] fetches of canary URLs (which an SP must never make)
 *   DELETE /mock/v1/faults/canary       forget those fetches
 *   GET    /mock/v1/faults/{id}         one active fault
 *   DELETE /mock/v1/faults/{id}         remove it
 *   DELETE /mock/v1/faults[?label]      remove all (or those labelled) → { removed }
 *
 * The canary URLs themselves (GET /mock/v1/canary/{token}) are public: see ./canary.ts.
 *
 * It is the mock's own API, not Okta's (Okta has no faults), so it lives under /mock/v1; errors use
 * Okta's JSON shape all the same, so one client reads both.
 */
import express, { type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import { apiErrorHandler } from '../http-errors.ts';
import type { Org } from '../org.ts';
import { jsonBody, readOrRefuse } from '../api/body.ts';
import { requireApiToken } from '../api/require-api-token.ts';
import { canaryOf, canaryRouter } from './canary.ts';
import type { ActiveFault } from './model.ts';
import { readFault, type FaultReferences } from './read-fault.ts';
import { MUTATIONS } from './registry.ts';
import { FaultLimitError } from './store.ts';

/** A fault as JSON: dates as ISO strings, and which mutations are still to apply. */
export function faultJson(fault: ActiveFault) {
  return {
    id: fault.id,
    label: fault.label,
    ...(fault.appId ? { appId: fault.appId } : {}),
    ...(fault.userId ? { userId: fault.userId } : {}),
    mode: fault.mode,
    created: fault.created.toISOString(),
    mutations: fault.mutations.map((mutation, index) => ({
      name: mutation.name,
      point: mutation.point,
      params: mutation.params,
      applied: fault.applied.includes(index),
    })),
  };
}

/** In the API, a fault names its app and user by id (a login works for the user, as on /api/v1/users). */
export function apiReferences(org: Org): FaultReferences {
  return {
    appId: (value) => org.store.getApp(value)?.id,
    userId: (value) => (org.store.getUser(value) ?? org.store.findUserByLogin(value))?.id,
  };
}

export function faultsRouter(org: Org): Router {
  const router = express.Router();
  const faults = org.faults;
  router.use(canaryRouter(org));
  router.use('/mock/v1/faults', requireApiToken(org.info.apiToken), express.json({ limit: '256kb', strict: true }));

  router.post('/mock/v1/faults', (req, res) => {
    if (!req.is('application/json')) throw oktaErrors.validation(['body: send Content-Type: application/json']);
    const checked = readOrRefuse((issues) => readFault(jsonBody(req), '', issues, MUTATIONS, apiReferences(org)));
    try {
      const active = faults.add(checked);
      org.log(`fault ${active.id} set${active.label ? ` (${active.label})` : ''}: ${active.mutations.map((m) => m.name).join(', ')}`);
      res.status(201).json(faultJson(active));
    } catch (error) {
      if (error instanceof FaultLimitError) throw oktaErrors.validation([`faults: ${error.message}`]);
      throw error;
    }
  });
  router.get('/mock/v1/faults', (_req, res) => {
    res.json(faults.list().map(faultJson));
  });
  router.get('/mock/v1/faults/mutations', (_req, res) => {
    res.json(MUTATIONS.list());
  });
  router.get('/mock/v1/faults/sent', (req, res) => {
    const label = typeof req.query['label'] === 'string' ? req.query['label'] : undefined;
    res.json(faults.sent(label));
  });
  router.delete('/mock/v1/faults/sent', (_req, res) => {
    faults.clearSent();
    res.status(204).end();
  });
  router.get('/mock/v1/faults/canary', (req, res) => {
    const token = typeof req.query['token'] === 'string' ? req.query['token'] : undefined;
    res.json(canaryOf(org).hits(token));
  });
  router.get('/mock/v1/faults/canary/:token', (req, res) => {
    res.json({ hits: canaryOf(org).hits(req.params.token).length });
  });
  router.delete('/mock/v1/faults/canary', (_req, res) => {
    canaryOf(org).clear();
    res.status(204).end();
  });
  router.get('/mock/v1/faults/:id', (req, res) => {
    const fault = faults.get(req.params.id);
    if (!fault) throw oktaErrors.notFound(req.params.id);
    res.json(faultJson(fault));
  });
  router.delete('/mock/v1/faults/:id', (req, res) => {
    if (!faults.remove(req.params.id)) throw oktaErrors.notFound(req.params.id);
    res.status(204).end();
  });
  router.delete('/mock/v1/faults', (req, res) => {
    const label = typeof req.query['label'] === 'string' ? req.query['label'] : undefined;
    res.json({ removed: faults.clear(label) });
  });
  router.use('/mock/v1/faults', apiErrorHandler(org));
  return router;
}
