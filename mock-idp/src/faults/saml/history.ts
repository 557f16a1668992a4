/**
 * The last few SAML Responses each org sent to each app and user, kept always (a replay case first
 * signs in cleanly, then asks for that Response again). Bounded three ways: a short ring per app and
 * user, a cap on the app-and-user pairs an org remembers, and a byte budget per org (the least
 * recently used pairs are forgotten first). A Response too large to be worth replaying (a `pad` case)
 * is not kept. In memory beside the org, never written anywhere.
 */
import type { Org } from '../../org.ts';
import type { SentResponse } from './context.ts';

export const RESPONSES_PER_PAIR = 3;
export const PAIRS_PER_ORG = 200;
export const MAX_KEPT_RESPONSE_CHARS = 256 * 1024;
export const MAX_KEPT_CHARS_PER_ORG = 8 * 1024 * 1024;

interface History {
  /** Map order is least recently used first. */
  pairs: Map<string, SentResponse[]>;
  chars: number;
}

const histories = new WeakMap<Org, History>();

const keyOf = (appId: string, userId: string): string => `${appId} ${userId}`;
const sizeOf = (ring: SentResponse[]): number => ring.reduce((sum, sent) => sum + sent.xml.length, 0);

export function rememberSent(org: Org, appId: string, userId: string, sent: SentResponse): void {
  if (sent.xml.length > MAX_KEPT_RESPONSE_CHARS) return;
  let history = histories.get(org);
  if (!history) histories.set(org, (history = { pairs: new Map(), chars: 0 }));
  const key = keyOf(appId, userId);
  const ring = history.pairs.get(key) ?? [];
  history.pairs.delete(key);
  history.chars -= sizeOf(ring);
  ring.push(sent);
  if (ring.length > RESPONSES_PER_PAIR) ring.shift();
  history.pairs.set(key, ring);
  history.chars += sizeOf(ring);
  while (history.pairs.size > PAIRS_PER_ORG || history.chars > MAX_KEPT_CHARS_PER_ORG) {
    const [oldest, forgotten] = history.pairs.entries().next().value!;
    history.pairs.delete(oldest);
    history.chars -= sizeOf(forgotten);
  }
}

/** The Response sent `back` sends ago (1 = the most recent) to this app and user, if still kept. */
export function previousSent(org: Org, appId: string, userId: string, back: number): SentResponse | undefined {
  const ring = histories.get(org)?.pairs.get(keyOf(appId, userId));
  return ring?.[ring.length - back];
}
