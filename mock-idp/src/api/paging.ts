/**
 * Okta's cursor paging: `limit` (default 200) and `after` (the id of the last item of the previous
 * page), with a `Link: <…>; rel="next"` header while more remain.
 */
import type { Request, Response } from 'express';
import { oktaErrors } from '../errors.ts';

export function page<T extends { id: string }>(req: Request, res: Response, origin: string, items: T[]): T[] {
  const limitParam = req.query['limit'];
  const limit = limitParam === undefined ? 200 : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw oktaErrors.validation(['limit: must be a whole number from 1 to 1000']);
  const after = typeof req.query['after'] === 'string' ? req.query['after'] : undefined;
  const start = after ? items.findIndex((item) => item.id === after) + 1 : 0;
  const slice = items.slice(start, start + limit);
  const self = new URL(req.originalUrl, origin);
  self.searchParams.set('limit', String(limit));
  const links = [`<${self.href}>; rel="self"`];
  if (start + limit < items.length && slice.length > 0) {
    self.searchParams.set('after', slice[slice.length - 1]!.id);
    links.push(`<${self.href}>; rel="next"`);
  }
  res.set('Link', links);
  return slice;
}
