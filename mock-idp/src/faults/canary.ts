/**
 * The XXE canary of one org: a public URL an SP's XML parser would fetch if it resolved an external
 * entity (`GET /mock/v1/canary/{token}`, no token needed, answers an empty 200), and a count of those
 * fetches per token that the harness reads back with the API token
 * (`GET /mock/v1/faults/canary/{token}` → `{ token, hits, firstAt?, lastAt? }`). A case picks a fresh
 * token, puts the canary URL in an `xxe` mutation, and after the sign-in expects zero hits.
 *
 * Bounded: the oldest token is forgotten past MAX_CANARY_TOKENS. In memory only.
 */
import express, { type Router } from 'express';
import type { Org } from '../org.ts';

/** Any printable ASCII without spaces (a case label such as `saml-xxe#1a2b` works); up to 200 characters. */
export const CANARY_TOKEN = /^[!-~]{1,200}$/;
export const MAX_CANARY_TOKENS = 1000;

export interface CanaryReading {
  token: string;
  hits: number;
  firstAt?: string;
  lastAt?: string;
}

class CanaryHits {
  private readonly tokens = new Map<string, { hits: number; firstAt: string; lastAt: string }>();

  hit(token: string, at: Date): void {
    const now = at.toISOString();
    const seen = this.tokens.get(token);
    if (seen) {
      seen.hits += 1;
      seen.lastAt = now;
      return;
    }
    this.tokens.set(token, { hits: 1, firstAt: now, lastAt: now });
    if (this.tokens.size > MAX_CANARY_TOKENS) this.tokens.delete(this.tokens.keys().next().value!);
  }

  read(token: string): CanaryReading {
    const seen = this.tokens.get(token);
    return seen ? { token, ...seen } : { token, hits: 0 };
  }
}

const byOrg = new WeakMap<Org, CanaryHits>();

export function canaryOf(org: Org): CanaryHits {
  let hits = byOrg.get(org);
  if (!hits) byOrg.set(org, (hits = new CanaryHits()));
  return hits;
}

export function canaryPath(token: string): string {
  return `/mock/v1/canary/${token}`;
}

/** The public canary: any method, so a parser fetching a DTD or an entity is counted alike. */
export function canaryRouter(org: Org): Router {
  const router = express.Router();
  router.all('/mock/v1/canary/:token', (req, res) => {
    const { token } = req.params;
    if (!CANARY_TOKEN.test(token)) {
      res.status(404).type('text/plain').send('');
      return;
    }
    canaryOf(org).hit(token, org.clock());
    org.log(`canary ${token} fetched (${req.method} from ${req.get('user-agent') ?? 'no user agent'})`);
    res.status(200).type('text/plain').set('Cache-Control', 'no-store').send('');
  });
  return router;
}
