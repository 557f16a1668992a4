/**
 * Faults as data: a deliberate defect the mock IdP puts into what it sends, so a conformance suite can
 * prove an SP refuses it. The design follows mock-oauth2-server's "what the next token looks like" but
 * keyed by org, app and user, so scenarios running in parallel never see each other's faults.
 *
 *   fault     = { label?, appId?, userId?, mode: once | until-cleared, mutations: [mutation, …] }
 *   mutation  = { name, params? } — a named change from the registry, applied at its point
 *   point     = a named place in one of the IdP's pipelines (below)
 *
 * A fault belongs to the org it was set on (every org has its own origin). `appId` and `userId`
 * narrow it; an event that does not know an app or a user (a discovery or JWKS request) matches on
 * the org alone. With mode `once`, each mutation applies to the next matching event at its point,
 * and the fault is retired when every mutation has applied once; `until-cleared` faults apply every
 * time until removed. Nothing is ever applied unless a fault was set: a normal start has none.
 */
import type { Fields, Issues } from '../tenant/fields.ts';

/**
 * The points, in the order a sign-in passes them. SAML (one request builds, signs and sends one
 * Response): `saml.response` edits the built, unsigned Response; `saml.signing` chooses how it is
 * signed; `saml.signed` rewrites the signed document (attack layouts, replays). OpenID Connect:
 * `oidc.authorization_response` the parameters sent back to the redirect URI (or posted by an Okta
 * Simplified tile); `oidc.id_token` every id_token the org issues (token endpoint and tile);
 * `oidc.token_response`, `oidc.userinfo`, `oidc.discovery`, `oidc.jwks` those JSON answers.
 */
export const FAULT_POINTS = [
  'saml.response',
  'saml.signing',
  'saml.signed',
  'oidc.authorization_response',
  'oidc.id_token',
  'oidc.token_response',
  'oidc.userinfo',
  'oidc.discovery',
  'oidc.jwks',
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

export const FAULT_MODES = ['once', 'until-cleared'] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

/**
 * What a mutation name means: where it applies and how its parameters are read. The protocol modules
 * (./saml, ./oidc) add how it is applied, with the types of their own point; the core only needs
 * this much to check a fault when it is set, so a bad fault is refused then, never half-applied later.
 */
export interface MutationDefinition<Point extends FaultPoint = FaultPoint, Params = unknown> {
  /** Unique across the registry, lower-case words joined by `-` (e.g. `set-attribute`, `xsw`). */
  readonly name: string;
  readonly point: Point;
  /** One line for people: what the SP receives. */
  readonly summary: string;
  /** Reads and checks `params`, recording problems under `path` (e.g. `mutations[0].params.target`). */
  readParams(raw: Fields, path: string, issues: Issues): Params;
}

/** A mutation whose name is known and whose params were checked. */
export interface CheckedMutation {
  name: string;
  point: FaultPoint;
  params: unknown;
}

/** A fault as the API and tenant files take it (unchecked). */
export interface FaultSpec {
  /** Free text shown in records and reports, e.g. the catalogue case id. */
  label?: string;
  appId?: string;
  userId?: string;
  mode?: FaultMode;
  mutations: { name: string; params?: Record<string, unknown> }[];
}

export interface CheckedFault {
  label: string;
  appId: string | undefined;
  userId: string | undefined;
  mode: FaultMode;
  mutations: CheckedMutation[];
}

/** A fault as the store holds it and the API shows it. */
export interface ActiveFault extends CheckedFault {
  id: string;
  created: Date;
  /** Indexes of `mutations` that have applied at least once. */
  applied: number[];
}

/** Who an event concerns: the app and the user, where the pipeline knows them. */
export interface FaultEvent {
  appId?: string | undefined;
  userId?: string | undefined;
}

/** One mutation due at a point, for the pipeline to apply. */
export interface DueMutation {
  faultId: string;
  label: string;
  mutation: CheckedMutation;
}

/**
 * What the IdP sent with faults applied: one record per message, so a report shows exactly what the
 * SP received. `message` is decoded for reading (the Response XML, an id_token's header and payload as
 * JSON, the redirect's parameters).
 */
export interface SentWithFaults {
  at: string;
  /** Where the message went, for people: `SAML Response to {acs}`, `token response`, `JWKS`. */
  sentTo: string;
  appId: string | undefined;
  userId: string | undefined;
  faults: { id: string; label: string; mutations: SentMutation[] }[];
  message: { kind: SentMessageKind; text: string };
}

/** One mutation of a record: taken at its point, and why it changed nothing when it did not fit. */
export interface SentMutation {
  name: string;
  point: FaultPoint;
  /** Present when the mutation did not fit what was sent (no previous token to replay, not a JWT, …). */
  notApplied?: string;
}

export type SentMessageKind = 'saml-response' | 'id-token' | 'json' | 'parameters';
