/**
 * `id-token-replay`: the id_token this client and user got on their previous sign-in, sent again in
 * place of the new one (OpenID Connect Core §15.5.2). Its nonce is the old request's and its iat the
 * old time; at an Okta Simplified tile it is a token the app has already seen, or one from the code
 * flow (cross-flow reuse). Not applied when there was no earlier sign-in.
 */
import type { Fields, Issues } from '../../tenant/fields.ts';
import { applied, defineMutation, notApplied } from './context.ts';
import { refuseUnknownParams } from './edit.ts';

export const idTokenReplay = defineMutation({
  name: 'id-token-replay',
  point: 'oidc.id_token',
  summary: 'sends the id_token this client and user got on their previous sign-in instead (old nonce, old iat)',
  readParams(raw: Fields, path: string, issues: Issues): Record<string, never> {
    refuseUnknownParams(raw, path, issues, []);
    return {};
  },
  apply(_token, _params, context) {
    if (!context.previousIdToken) return notApplied('this client and user have no earlier id_token to replay');
    return applied(context.previousIdToken);
  },
});
