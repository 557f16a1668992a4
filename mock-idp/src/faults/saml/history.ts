/**
 * The last few SAML Responses each org sent to each app and user, kept always (a replay case first
 * signs in cleanly, then asks for that Response again). Bounded twice: a short ring per app and user,
 * and a cap on how many app-and-user pairs an org remembers (the oldest pair is forgotten first).
 * Held in memory beside the org, never written anywhere.
 */
import type { Org } from '../../org.ts';
import type { SentResponse } from './context.ts';

export const RESPONSES_PER_PAIR = 3;
export const PAIRS_PER_ORG = 500;

const histories = new WeakMap<Org, Map<string, SentResponse[]>>();

const keyOf = (appId: string, userId: string): string => `${appId} ${userId}`;

export function rememberSent(org: Org, appId: string, userId: string, sent: SentResponse): void {
  let pairs = histories.get(org);
  if (!pairs) histories.set(org, (pairs = new Map()));
  const key = keyOf(appId, userId);
  const ring = pairs.get(key) ?? [];
  pairs.delete(key); // re-inserted last: the Map's order is least recently used first
  ring.push(sent);
  if (ring.length > RESPONSES_PER_PAIR) ring.shift();
  pairs.set(key, ring);
  if (pairs.size > PAIRS_PER_ORG) pairs.delete(pairs.keys().next().value!);
}

/** The Response sent `back` sends ago (1 = the most recent) to this app and user, if still kept. */
export function previousSent(org: Org, appId: string, userId: string, back: number): SentResponse | undefined {
  const ring = histories.get(org)?.get(keyOf(appId, userId));
  return ring?.[ring.length - back];
}
