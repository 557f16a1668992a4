/**
 * Okta's cursor paging: `limit` (default 200) and `after` (the id of the last item of the previous
 * page), with a `Link: <…>; rel="next"` header while more remain. A repeated parameter is refused
 * (E0000001), as is a limit outside 1–1000.
 */
import type { Request, Response } from 'express';
import { oktaErrors } from '../errors.ts';

/** A single query parameter, or undefined; a repeated one (`?q=a&q=b`) is E0000001. */
export function queryParam(req: Request, name: string): string | undefined {
  const value = (req.query as Record<string, unknown>)[name];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') throw oktaErrors.validation([`${name}: must be given once`]);
  return value;
}

export function page<T extends { id: string }>(req: Request, res: Response, origin: string, items: T[], defaultLimit = 200): T[] {
  const limitParam = queryParam(req, 'limit');
  const limit = limitParam === undefined ? defaultLimit : Number(limitParam);
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) throw oktaErrors.validation(['limit: must be a whole number from 1 to 1000']);
  const after = queryParam(req, 'after');
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
