/**
 * The inspector of one org, beside the faults API and with the same SSWS token (it shows the org's
 * tokens and assertions, so only the org's API token opens it; other orgs have other origins and
 * other tokens):
 *
 *   GET    /mock/v1/inspector[?after=&limit=&label=]   { last, messages }: decoded messages, oldest first
 *   GET    /mock/v1/inspector/trace[?after=&label=]    the same as text (what the cucumber report attaches)
 *   DELETE /mock/v1/inspector                          forget them all (the faults' sent records too)
 *   GET    /mock/inspector                             the page: no data in it; it asks for the token
 *
 * `after` is a message id (the `last` of an earlier answer) and lists only newer messages; `limit`
 * (1–1000) keeps the newest that many; `label` keeps the messages a fault with that label changed.
 */
import express, { type Request, type Router } from 'express';
import { oktaErrors } from '../errors.ts';
import { apiErrorHandler, apiNotFound } from '../http-errors.ts';
import type { Org } from '../org.ts';
import { requireApiToken } from '../api/require-api-token.ts';
import { formatInspectorTrace } from './format-trace.ts';
import type { InspectedMessage } from './message-log.ts';
import { inspectorPage } from './page.ts';

function wholeNumber(req: Request, name: string, min: number, max: number): number | undefined {
  const raw = req.query[name];
  if (raw === undefined) return undefined;
  const value = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw oktaErrors.validation([`${name}: a whole number from ${min} to ${max}`]);
  return value;
}

function selected(org: Org, req: Request): InspectedMessage[] {
  const after = wholeNumber(req, 'after', 0, Number.MAX_SAFE_INTEGER) ?? 0;
  const limit = wholeNumber(req, 'limit', 1, 1000);
  const label = req.query['label'];
  if (label !== undefined && typeof label !== 'string') throw oktaErrors.validation(['label: give it once']);
  const messages = org.inspector.list(after).filter((message) => label === undefined || message.faults.some((fault) => fault.label === label));
  return limit === undefined ? messages : messages.slice(-limit);
}

export function inspectorRouter(org: Org): Router {
  const router = express.Router();
  router.get('/mock/inspector', (_req, res) => {
    const { html, nonce } = inspectorPage(org.info.name);
    res
      .type('html')
      .set({
        'Cache-Control': 'no-store',
        'Content-Security-Policy': `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
        'X-Frame-Options': 'DENY',
        'X-Content-Type-Options': 'nosniff',
        'Referrer-Policy': 'no-referrer',
      })
      .send(html);
  });
  router.use('/mock/v1/inspector', requireApiToken(org.info.apiToken));
  // The query is read before any header is set: a refused one must still answer as JSON.
  router.get('/mock/v1/inspector', (req, res) => {
    const messages = selected(org, req);
    res.set('Cache-Control', 'no-store').json({ last: org.inspector.last, messages });
  });
  router.get('/mock/v1/inspector/trace', (req, res) => {
    const trace = formatInspectorTrace(selected(org, req));
    res.set('Cache-Control', 'no-store').type('text/plain').send(trace);
  });
  router.delete('/mock/v1/inspector', (_req, res) => {
    org.inspector.remove();
    res.status(204).end();
  });
  router.use('/mock/v1/inspector', apiNotFound(), apiErrorHandler(org));
  return router;
}
