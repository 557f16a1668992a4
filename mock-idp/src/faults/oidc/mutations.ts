/**
 * OpenID Connect fault mutations, one family per file; the registry reads OIDC_MUTATIONS. Each one
 * applies at one oidc.* point (../model.ts) to the value that point hands it (./context.ts):
 *
 *   oidc.id_token                 id-token-claims, id-token-header, id-token-signature, id-token-replay
 *   oidc.authorization_response   authorization-response
 *   oidc.token_response           token-response
 *   oidc.userinfo                 userinfo
 *   oidc.discovery                discovery
 *   oidc.jwks                     jwks
 *
 * Mutations of one fault apply in the order listed: put `id-token-signature` after claim and header
 * edits, which re-sign with the server's key.
 */
import type { AnyOidcMutation } from './context.ts';
import { authorizationResponse } from './authorization-response.ts';
import { idTokenClaims, idTokenHeader } from './id-token-edits.ts';
import { idTokenReplay } from './id-token-replay.ts';
import { idTokenSignature } from './id-token-signature.ts';
import { discovery, tokenResponse, userinfo } from './json-answers.ts';
import { jwks } from './jwks.ts';

export const OIDC_MUTATIONS: readonly AnyOidcMutation[] = [
  idTokenClaims,
  idTokenHeader,
  idTokenSignature,
  idTokenReplay,
  authorizationResponse,
  tokenResponse,
  userinfo,
  discovery,
  jwks,
];
