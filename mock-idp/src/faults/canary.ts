/**
 * Canary URLs: addresses on the org that an SP must never fetch (a `jku` or `x5u` header pointing at
 * an attacker's key, an external entity). Each fault that needs one mints a fresh token; a fetch of
 * it is recorded as a hit and answered with what an attacker would serve, so an SP that trusts it
 * also signs the attacker in and fails loudly.
 *
 *   GET|POST /mock/v1/canary/{token}      public: records the hit, answers the registered content
 *                                         (any token counts: a harness may make its own URL)
 *   GET      /mock/v1/faults/canary/{token}  (SSWS token) { hits: n } for one token
 *   GET      /mock/v1/faults/canary       (SSWS token) every hit, oldest first; ?token= for one
 *   DELETE   /mock/v1/faults/canary       forget the hits
 *
 * One store per org (its faults store keys it), in memory and bounded.
 */
import { randomBytes } from 'node:crypto';
import express, { type Router } from 'express';
import type { Org } from '../org.ts';
import type { FaultStore } from './store.ts';

export const CANARY_PATH = '/mock/v1/canary';

export interface CanaryAnswer {
  contentType: string;
  body: string;
}

export interface CanaryHit {
  at: string;
  token: string;
  /** What the canary was minted for (`jku`, `x5u`, …); `unknown` for a token the org never minted. */
  purpose: string;
  method: string;
  userAgent: string | undefined;
}

interface Minted {
  purpose: string;
  answer: CanaryAnswer;
}

export class CanaryStore {
  private readonly minted = new Map<string, Minted>();
  private readonly hitList: CanaryHit[] = [];

  constructor(
    private readonly clock: () => Date,
    private readonly limits = { maxTokens: 500, maxHits: 200 },
  ) {}

  /** A new canary URL under `baseUrl` answering `answer`. */
  mint(baseUrl: string, purpose: string, answer: CanaryAnswer): string {
    const token = randomBytes(12).toString('base64url');
    this.register(token, purpose, answer);
    return canaryUrlOf(baseUrl, token);
  }

  /** What `token`'s URL answers from now on; the oldest tokens are forgotten past the limit. */
  register(token: string, purpose: string, answer: CanaryAnswer): void {
    this.minted.delete(token);
    this.minted.set(token, { purpose, answer });
    for (const oldest of this.minted.keys()) {
      if (this.minted.size <= this.limits.maxTokens) break;
      this.minted.delete(oldest);
    }
  }

  /** Records a fetch of `token`; returns what to answer, or undefined for a token never minted. */
  hit(token: string, method: string, userAgent: string | undefined): CanaryAnswer | undefined {
    const minted = this.minted.get(token);
    this.hitList.push({ at: this.clock().toISOString(), token, purpose: minted?.purpose ?? 'unknown', method, userAgent });
    if (this.hitList.length > this.limits.maxHits) this.hitList.splice(0, this.hitList.length - this.limits.maxHits);
    return minted?.answer;
  }

  hits(token?: string): CanaryHit[] {
    return this.hitList.filter((hit) => token === undefined || hit.token === token);
  }

  clear(): void {
    this.hitList.length = 0;
  }
}

export const canaryUrlOf = (baseUrl: string, token: string): string => `${baseUrl}${CANARY_PATH}/${encodeURIComponent(token)}`;

/** The token of a canary URL on the org at `baseUrl`, or undefined for any other URL. */
export function canaryTokenOf(baseUrl: string, url: string): string | undefined {
  const prefix = `${baseUrl}${CANARY_PATH}/`;
  if (!url.startsWith(prefix)) return undefined;
  const rest = url.slice(prefix.length);
  if (rest === '' || /[/?#]/.test(rest)) return undefined;
  try {
    return decodeURIComponent(rest);
  } catch {
    return undefined;
  }
}

const stores = new WeakMap<FaultStore, CanaryStore>();

/** The org's canary store, made on first use. */
export function canaryOf(org: Org): CanaryStore {
  let store = stores.get(org.faults);
  if (!store) {
    store = new CanaryStore(org.clock);
    stores.set(org.faults, store);
  }
  return store;
}

/** The public canary route: no token, as the SP that fetches it has none. */
export function canaryRouter(org: Org): Router {
  const router = express.Router();
  router.all(`${CANARY_PATH}/:token`, (req, res) => {
    const answer = canaryOf(org).hit(req.params['token']!, req.method, req.get('user-agent'));
    org.log(`canary ${req.params['token']} fetched (${req.method}): an SP followed a URL it must never fetch`);
    if (!answer) {
      res.status(404).type('text/plain').send('not found');
      return;
    }
    res.status(200).type(answer.contentType).set('Cache-Control', 'no-store').send(answer.body);
  });
  return router;
}
