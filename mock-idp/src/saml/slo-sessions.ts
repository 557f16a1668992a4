/**
 * What Single Logout needs to remember, per org, in memory beside the org:
 *
 * - **participants**: the SAML apps each sign-in session has sent an assertion to, with the NameID
 *   and SessionIndex the app received, so a logout can tell each of them (a LogoutRequest names the
 *   subject exactly as the assertion did). Kept as long as a session may live, at most one record
 *   per session (maxSessionsPerOrg), at most 100 apps per session.
 * - **logouts in progress**: a front-channel logout visits the participating apps one after another
 *   through the browser; its state waits server-side under a random key that travels as RelayState
 *   (heldRequestLifetimeSeconds, at most maxHeldRequestsPerOrg, like held AuthnRequests).
 *
 * Both are ExpiringMaps (src/limits): a full map refuses with IDP_LIMIT_REACHED, never evicts.
 */
import { LimitReachedError } from '../errors.ts';
import { newSecret } from '../ids.ts';
import { ExpiringMap } from '../limits/expiring-map.ts';
import type { Org } from '../org.ts';

export interface SloParticipant {
  appId: string;
  userId: string;
  nameId: { format: string; value: string };
  sessionIndex: string;
}

/** Where a logout ends once every participant has answered. */
export type LogoutFinish =
  | { kind: 'sign-in-page' }
  | { kind: 'logout-response'; appId: string; inResponseTo: string; relayState: string | undefined; binding: 'HTTP-Redirect' | 'HTTP-POST'; status: string };

export interface LogoutInProgress {
  userId: string;
  /** Participants still to visit, in order. */
  pending: SloParticipant[];
  /** The ID of the LogoutRequest sent to the participant being visited, and which app that is. */
  awaiting: { appId: string; requestId: string } | undefined;
  finish: LogoutFinish;
}

const MAX_APPS_PER_SESSION = 100;

interface SloState {
  participants: ExpiringMap<SloParticipant[]>;
  logouts: ExpiringMap<LogoutInProgress>;
}

const states = new WeakMap<Org, SloState>();

function stateOf(org: Org): SloState {
  let state = states.get(org);
  if (!state) {
    const { clock, limits } = org;
    state = {
      participants: new ExpiringMap({
        clock,
        lifetimeMs: limits.sessionLifetimeSeconds * 1000,
        max: limits.maxSessionsPerOrg,
        limitName: 'maxSessionsPerOrg',
        what: 'sign-in sessions',
      }),
      logouts: new ExpiringMap({
        clock,
        lifetimeMs: limits.heldRequestLifetimeSeconds * 1000,
        max: limits.maxHeldRequestsPerOrg,
        limitName: 'maxHeldRequestsPerOrg',
        what: 'logouts in progress',
      }),
    };
    states.set(org, state);
  }
  return state;
}

/** Notes that this session's browser got an assertion for the app (the latest NameID wins). */
export function rememberParticipant(org: Org, sessionId: string | undefined, participant: SloParticipant): void {
  if (!sessionId) return;
  const { participants } = stateOf(org);
  const list = (participants.get(sessionId) ?? []).filter((held) => held.appId !== participant.appId);
  // A session that reached more apps than this forgets the earliest (nothing else is lost).
  if (list.length >= MAX_APPS_PER_SESSION) list.shift();
  try {
    participants.set(sessionId, [...list, participant]);
  } catch (error) {
    // Bookkeeping for logout never fails a sign-in: at the bound, this session's logout skips the app.
    if (!(error instanceof LimitReachedError)) throw error;
  }
}

/** The session's participants, forgotten with the session (a logout visits each once). */
export function takeParticipants(org: Org, sessionId: string | undefined): SloParticipant[] {
  return sessionId ? (stateOf(org).participants.take(sessionId) ?? []) : [];
}

export function participantsOf(org: Org, sessionId: string | undefined): SloParticipant[] {
  return stateOf(org).participants.get(sessionId) ?? [];
}

/** A re-authentication (ForceAuthn) made a new session: the apps the same person had move with it. */
export function moveParticipants(org: Org, from: string, to: string, userId: string): void {
  const moved = takeParticipants(org, from).filter((participant) => participant.userId === userId);
  for (const participant of moved) rememberParticipant(org, to, participant);
}

export function startLogout(org: Org, logout: LogoutInProgress): string {
  const key = newSecret();
  stateOf(org).logouts.set(key, logout);
  return key;
}

export function takeLogout(org: Org, key: string | undefined): LogoutInProgress | undefined {
  return key ? stateOf(org).logouts.take(key) : undefined;
}
