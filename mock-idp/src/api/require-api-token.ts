/** `Authorization: SSWS {apiToken}` on every /api/v1 call; anything else is 401 E0000011. */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { oktaErrors } from '../errors.ts';

export function requireApiToken(apiToken: string): RequestHandler {
  const expected = createHash('sha256').update(apiToken).digest();
  return (req, _res, next) => {
    const match = /^SSWS\s+(\S+)\s*$/.exec(req.get('authorization') ?? '');
    const given = createHash('sha256').update(match?.[1] ?? '').digest();
    if (!match || !timingSafeEqual(given, expected)) {
      next(oktaErrors.invalidToken());
      return;
    }
    next();
  };
}
