/**
 * What an OpenID Connect mutation works on and with. Each oidc.* point hands its mutations one value
 * (a compact id_token, the redirect's parameters, a JSON answer) and a context; a mutation returns
 * the changed value, or says why it did not fit, and never throws on input it does not fit.
 */
import type { JWK } from 'jose';
import type { JsonObject, ResponseParameters } from '../../oidc/ports.ts';
import type { CanaryAnswer } from '../canary.ts';
import type { MutationDefinition } from '../model.ts';

export type { JsonObject, ResponseParameters };

export type OidcPoint = 'oidc.authorization_response' | 'oidc.id_token' | 'oidc.token_response' | 'oidc.userinfo' | 'oidc.discovery' | 'oidc.jwks';

/** The value each point's mutations receive and return. */
export interface OidcPointValue {
  /** A compact JWS (header.payload.signature), as the RP receives it. */
  'oidc.id_token': string;
  'oidc.authorization_response': ResponseParameters;
  'oidc.token_response': JsonObject;
  'oidc.userinfo': JsonObject;
  'oidc.discovery': JsonObject;
  'oidc.jwks': JsonObject;
}


export interface OidcFaultContext {
  /** The org's clock, for `{now…}` values. */
  now: Date;
  issuer: string;
  clientId: string | undefined;
  userId: string | undefined;
  /** The server's private signing key (RS256, with kid). */
  signingKey: JWK;
  /** Its public half exactly as the JWKS publishes it. */
  publishedSigningKey: JWK;
  /** Keys faults published beside it earlier (new-published-key, no-kid-several-keys). */
  extraPublishedKeys: readonly JWK[];
  publishKey(publicJwk: JWK): void;
  /** The client's secret, when the client is known (alg confusion with client_secret). */
  clientSecret: string | undefined;
  /** The id_token this client and user got on their previous sign-in, if any. */
  previousIdToken: string | undefined;
  /**
   * A URL on the org that records every fetch and answers `answer`: `given` when the fault named one
   * (a harness that reads the hits of its own URL; one on the org's canary path is made to answer
   * `answer`), else a fresh one.
   */
  canaryUrl(purpose: string, answer: CanaryAnswer, given?: string): string;
}

export type Outcome<T> = { applied: true; value: T } | { applied: false; reason: string };

export const applied = <T>(value: T): Outcome<T> => ({ applied: true, value });
export const notApplied = <T>(reason: string): Outcome<T> => ({ applied: false, reason });

/** A mutation of one oidc.* point: the registry's definition plus how it applies there. */
export interface OidcMutation<P extends OidcPoint, Params> extends MutationDefinition<P, Params> {
  apply(value: OidcPointValue[P], params: Params, context: OidcFaultContext): Outcome<OidcPointValue[P]> | Promise<Outcome<OidcPointValue[P]>>;
}

/** Any OIDC mutation, whatever its point and params (the list in ./mutations.ts). */
export type AnyOidcMutation = OidcMutation<OidcPoint, unknown>;

/** Types one definition by its point and params, so `apply` and `readParams` agree. */
export function defineMutation<P extends OidcPoint, Params>(definition: OidcMutation<P, Params>): OidcMutation<P, Params> {
  return definition;
}
